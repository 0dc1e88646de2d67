"""Reading articles: ``.txt`` files (optional first line ``date YYYY-MM-DD``), folders of them, JSONL corpora.

``read_articles`` yields an ``Article`` for every readable input and a ``Skipped`` for every record that cannot be
read, so one bad file never stops a corpus build. Decoding is strict: UTF-8 (with or without BOM) and UTF-16 with
a BOM; Windows-1256 Persian is recognised and refused with the command that converts it; binary files and invalid
UTF-8 are refused. An HTML page is converted to its visible text, and the article says so in ``notes``.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.types import Article

__all__ = ["Skipped", "article_from_record", "article_from_text", "decode_bytes", "html_to_text", "read_articles"]

# The header is normally a line of its own; scraped files (the seed among them) may run it into the first line.
_DATE_HEADER = re.compile(r"\A\ufeff?[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]*\r?\n|[ \t]+(?=\S))")
_TEXT_SUFFIXES = {".txt", ".text", ".md"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# Extraction costs ~1 ms a word: a 2 MB article already takes minutes; bigger inputs are dumps, not articles.
MAX_ARTICLE_BYTES = 2_000_000


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
    if data.startswith((b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise InputError(f"{where}binary file ({_magic_name(data)}), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            guess = data.decode("cp1256")
        except UnicodeDecodeError:
            guess = ""
        # UTF-8 Persian with a few corrupt bytes also "decodes" as cp1256: it is UTF-8 when UTF-8 reads it as Persian
        as_utf8 = data.decode("utf-8", errors="replace")
        if len(_PERSIAN.findall(guess)) < max(8, len(guess) // 20) or len(_PERSIAN.findall(as_utf8)) >= max(
                8, as_utf8.count("\ufffd")):
            raise InputError(f"{where}not valid UTF-8 (bad byte at offset {exc.start})") from None
        raise InputError(
            f"{where}not UTF-8; looks like Windows-1256 — convert it with "
            f"`iconv -f WINDOWS-1256 -t UTF-8`"
        ) from None


_HTML_START = re.compile(r"^\s*(<!doctype html|<html\b|<head\b|<body\b)", re.I)
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section", "title"}
_PERSIAN = re.compile(r"[\u0600-\u06FF]")


class _TextOfHtml(html.parser.HTMLParser):
    """Visible text of an HTML page, one block element per line; script and style dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).splitlines())
        return "\n".join(line for line in lines if line)


def html_to_text(page: str) -> str:
    """The visible text of an HTML page (the article body plus whatever else the page shows)."""
    parser = _TextOfHtml()
    parser.feed(page)
    parser.close()
    return parser.text()


def _magic_name(data: bytes) -> str:
    for magic, name in ((b"%PDF", "PDF"), (b"PK", "ZIP/Office"), (b"\x89PNG", "PNG"), (b"\xff\xd8", "JPEG"),
                        (b"GIF8", "GIF")):
        if data.startswith(magic):
            return name
    return "unknown"


def article_from_text(text: str, article_id: str, source: str = "") -> Article:
    """An article from a ``.txt`` body: an optional first line ``date YYYY-MM-DD`` is metadata, not text."""
    notes: list[str] = []
    if _HTML_START.match(text[:2048]):
        text = html_to_text(text)
        notes.append("HTML page: converted to its visible text (offsets refer to that text)")
    published = None
    m = _DATE_HEADER.match(text)
    if m:
        try:
            published = dt.date.fromisoformat(m.group(1))
        except ValueError:
            raise InputError(f"{source or article_id}: bad date {m.group(1)!r} in the date header") from None
        text = text[m.end() :]
    if not text.strip():
        raise InputError(f"{source or article_id}: empty article (no text)")
    if not _PERSIAN.search(text):
        notes.append("no Persian text found: nothing will be extracted")
    return Article(id=article_id, text=text, published=published, source=source, notes=tuple(notes))


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
    text = "\n".join(parts)
    notes = () if _PERSIAN.search(text) else ("no Persian text found: nothing will be extracted",)
    return Article(
        id=str(rid), text=text, title=title, url=str(rec.get("url") or ""), published=published,
        source=source, notes=notes,
    )


def _read_jsonl(path: Path) -> Iterator[Article | Skipped]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Skipped(str(path), f"cannot read ({exc.strerror})")
        return
    with fh:
        for lineno, line in enumerate(fh, 1):
            where = f"{path}:{lineno}"
            if not line.strip():
                continue
            if len(line) > MAX_ARTICLE_BYTES:
                yield Skipped(where, str(_too_large(len(line), where)))
                continue
            try:
                rec = json.loads(decode_bytes(line, where))
                yield article_from_record(rec, where)
            except json.JSONDecodeError as exc:
                yield Skipped(where, f"malformed JSON ({exc.msg})")
            except InputError as exc:
                yield Skipped(where, str(exc))


def _too_large(size: int, where: str) -> InputError:
    return InputError(f"{where}: article too large ({size / 1e6:.1f} MB > {MAX_ARTICLE_BYTES / 1e6:.0f} MB); "
                      "split it into articles")


def _read_txt(path: Path) -> Article:
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise _too_large(size, str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return article_from_text(decode_bytes(data, str(path)), path.stem, str(path))


def read_articles(inputs: Iterable[str | Path]) -> Iterator[Article | Skipped]:
    """Yield every article in ``inputs`` (files or folders, recursively), in a stable order."""
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            suffixes = _TEXT_SUFFIXES | _JSONL_SUFFIXES
            files = sorted(p for p in path.rglob("*") if p.suffix in suffixes and not p.is_dir())
            if not files:
                yield Skipped(str(path), "folder holds no .txt or .jsonl files")
            yield from read_articles(files)
        elif path.is_symlink() and not path.exists():
            yield Skipped(str(path), "cannot read (broken link)")
        elif not path.exists():
            yield Skipped(str(path), "no such file or folder")
        elif not path.is_file():  # reading a FIFO or a device would block or never end
            yield Skipped(str(path), "not a regular file (a pipe, socket or device)")
        elif path.suffix in _JSONL_SUFFIXES:
            yield from _read_jsonl(path)
        else:
            try:
                yield _read_txt(path)
            except InputError as exc:
                yield Skipped(str(path), str(exc))
