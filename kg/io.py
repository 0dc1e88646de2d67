"""Reading articles: ``.txt`` files (optional first line ``date YYYY-MM-DD``), folders of them, JSONL corpora.

``read_articles`` yields an ``Article`` for every readable input and a ``Skipped`` for every record that cannot be
read, so one bad file never stops a corpus build. Decoding is strict: UTF-8 (with or without BOM) and UTF-16 with
a BOM; anything else is refused with a message that says what was found.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.types import Article

__all__ = ["Skipped", "article_from_record", "article_from_text", "decode_bytes", "read_articles"]

_DATE_LINE = re.compile(r"^\ufeff?date\s+(\d{4}-\d{2}-\d{2})\s*$")
_TEXT_SUFFIXES = {".txt", ".text", ".md"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be read, and why (the message is meant for the user)."""

    source: str
    reason: str


def decode_bytes(data: bytes, source: str = "") -> str:
    """Decode article bytes, refusing binary and non-Unicode encodings with a clear message."""
    where = f"{source}: " if source else ""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise InputError(f"{where}binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            data.decode("cp1256")
        except UnicodeDecodeError:
            raise InputError(f"{where}not valid UTF-8 (byte {exc.start})") from None
        raise InputError(
            f"{where}not UTF-8; looks like Windows-1256 — convert it with "
            f"`iconv -f WINDOWS-1256 -t UTF-8`"
        ) from None


def article_from_text(text: str, article_id: str, source: str = "") -> Article:
    """An article from a ``.txt`` body: an optional first line ``date YYYY-MM-DD`` is metadata, not text."""
    published = None
    first, sep, rest = text.partition("\n")
    m = _DATE_LINE.match(first.strip("\r"))
    if m:
        try:
            published = dt.date.fromisoformat(m.group(1))
        except ValueError:
            raise InputError(f"{source or article_id}: bad date line {first!r}") from None
        text = rest
    if not text.strip():
        raise InputError(f"{source or article_id}: empty article")
    return Article(id=article_id, text=text, published=published, source=source)


def article_from_record(rec: dict, source: str = "") -> Article:
    """An article from a JSONL record with ``id, title, paragraphs`` and optional ``abstract, url, date``.

    Its text is the title, the abstract and each paragraph on lines of their own.
    """
    if not isinstance(rec, dict):
        raise InputError(f"{source}: record is not a JSON object")
    rid = rec.get("id")
    if not isinstance(rid, str | int) or str(rid).strip() == "":
        raise InputError(f"{source}: record has no id")
    paragraphs = rec.get("paragraphs") or []
    if isinstance(paragraphs, str):
        paragraphs = [paragraphs]
    if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
        raise InputError(f"{source}: record {rid}: paragraphs must be a list of strings")
    title = rec.get("title") or ""
    abstract = rec.get("abstract") or ""
    parts = [p for p in [title, abstract, *paragraphs] if isinstance(p, str) and p.strip()]
    if not parts:
        raise InputError(f"{source}: record {rid}: no text")
    published = None
    if rec.get("date"):
        try:
            published = dt.date.fromisoformat(str(rec["date"])[:10])
        except ValueError:
            raise InputError(f"{source}: record {rid}: bad date {rec['date']!r}") from None
    return Article(
        id=str(rid), text="\n".join(parts), title=title, url=str(rec.get("url") or ""), published=published,
        source=source,
    )


def _read_jsonl(path: Path) -> Iterator[Article | Skipped]:
    with path.open("rb") as fh:
        for lineno, line in enumerate(fh, 1):
            where = f"{path}:{lineno}"
            if not line.strip():
                continue
            try:
                rec = json.loads(decode_bytes(line, where))
                yield article_from_record(rec, where)
            except json.JSONDecodeError as exc:
                yield Skipped(where, f"malformed JSON ({exc.msg})")
            except InputError as exc:
                yield Skipped(where, str(exc))


def _read_txt(path: Path) -> Article:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return article_from_text(decode_bytes(data, str(path)), path.stem, str(path))


def read_articles(inputs: Iterable[str | Path]) -> Iterator[Article | Skipped]:
    """Yield every article in ``inputs`` (files or folders, recursively), in a stable order."""
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in _TEXT_SUFFIXES | _JSONL_SUFFIXES)
            yield from read_articles(files)
        elif not path.exists():
            yield Skipped(str(path), "no such file or folder")
        elif path.suffix in _JSONL_SUFFIXES:
            yield from _read_jsonl(path)
        else:
            try:
                yield _read_txt(path)
            except InputError as exc:
                yield Skipped(str(path), str(exc))
