"""Reading articles: ``.txt`` files (optional first line ``date YYYY-MM-DD``), folders of them, JSONL corpora.

``read_articles`` yields an ``Article`` for every readable input and a ``Skipped`` for every record that cannot be
read, so one bad file never stops a corpus build. Decoding is strict: UTF-8 (with or without BOM), UTF-16 and UTF-32
with a BOM (a truncated or invalid one is refused, not half-read); Windows-1256 Persian is recognised and refused with
the command that converts it; binary files, invalid UTF-8 and RDF graphs (Turtle, TriG, N-Triples, N-Quads, RDF/XML,
JSON-LD: what ``kg build`` writes, not what it reads) are refused. JSONL corpora are UTF-8, line by line. An HTML page
is converted to its visible text, and the article says so in ``notes``. ``not_an_article`` gives the reason from a
file's first bytes, so a command can refuse its inputs before any work starts.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.types import Article

__all__ = ["Skipped", "article_from_record", "article_from_text", "decode_bytes", "html_to_text", "not_an_article",
           "read_articles"]

# The header is normally a line of its own (LF, CRLF or old Mac CR endings); scraped files (the seed among them) may
# run it into the first line.
_DATE_HEADER = re.compile(r"\A\ufeff?[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]*(?:\r\n|\r|\n)|[ \t]+(?=\S))")
_TEXT_SUFFIXES = {".txt", ".text", ".md"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# Extraction costs ~1 ms a word: a 2 MB article already takes minutes; bigger inputs are dumps, not articles.
MAX_ARTICLE_BYTES = 2_000_000


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be read, and why (the message is meant for the user)."""

    source: str
    reason: str


_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32", "UTF-32"), (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
         (b"\xff\xfe", "utf-16", "UTF-16"), (b"\xfe\xff", "utf-16", "UTF-16"))


def decode_bytes(data: bytes, source: str = "") -> str:
    """Decode article bytes, refusing binary and non-Unicode encodings with a clear message."""
    where = f"{source}: " if source else ""
    for bom, codec, name in _BOMS:  # UTF-32 first: its little-endian BOM starts like UTF-16's
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"{where}not valid {name} despite its byte-order mark ({exc.reason} at byte "
                                 f"{exc.start})") from None
    if b"\x00" in data[:4096]:
        raise InputError(f"{where}binary file (NUL bytes), not text")
    if data.startswith(_MAGIC):
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


_RDF_STARTS = (
    (re.compile(r"(?:@prefix|@base|prefix|base)[ \t]+\S*[ \t]*<[^<>\s]*>", re.I), "Turtle/TriG"),
    (re.compile(r"(?:<[^<>\s:]*:[^<>\s]*>|_:\S+)[ \t]+<[^<>\s:]*:[^<>\s]*>[ \t]+\S"), "N-Triples/N-Quads"),
    (re.compile(r"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<rdf:RDF\b", re.S), "RDF/XML"),
    (re.compile(r"[\[{]\s*(?:\{\s*)?\"@(?:context|id|graph)\""), "JSON-LD"),
)


def _rdf_kind(text: str) -> str | None:
    """The RDF syntax ``text`` is written in, judged from its first statement (comments skipped), or None."""
    head = re.sub(r"\A(?:\s*#[^\r\n]*)*\s*", "", text[:4096].lstrip("\ufeff"))
    for pattern, kind in _RDF_STARTS:
        if pattern.match(head):
            return kind
    return None


def _rdf_refusal(kind: str) -> str:
    return (f"an RDF graph ({kind}), not a news article: kg build reads articles; query a graph with "
            "`kg query FILE ...`, or load it with `kg push`")


def not_an_article(path: str | Path) -> str | None:
    """Why the file at ``path`` cannot be an article (binary, PDF, an RDF graph...), from its first 4 KB; None when
    it may be one. Folders, JSONL corpora and unreadable paths are left to ``read_articles``."""
    p = Path(path)
    if p.suffix in _JSONL_SUFFIXES or not p.is_file():
        return None
    try:
        with p.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    if not head.startswith(tuple(bom for bom, _, _ in _BOMS)):
        if b"\x00" in head:
            return "binary file (NUL bytes), not text"
        if head.startswith(_MAGIC):
            return f"binary file ({_magic_name(head)}), not text"
    for bom, codec, _ in _BOMS:
        if head.startswith(bom):
            text = head.decode(codec, errors="ignore")
            break
    else:
        text = head.decode("utf-8", errors="ignore")
    kind = _rdf_kind(text)
    return _rdf_refusal(kind) if kind else None


def article_from_text(text: str, article_id: str, source: str = "") -> Article:
    """An article from a ``.txt`` body: an optional first line ``date YYYY-MM-DD`` is metadata, not text."""
    notes: list[str] = []
    kind = _rdf_kind(text)
    if kind:
        raise InputError(f"{source or article_id}: {_rdf_refusal(kind)}")
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
            if lineno == 1 and line.startswith(tuple(bom for bom, _, _ in _BOMS)):
                name = next(n for bom, _, n in _BOMS if line.startswith(bom))
                yield Skipped(str(path), f"a {name} file; JSONL corpora are UTF-8 (convert it with "
                                         f"`iconv -f {name} -t UTF-8`)")
                return
            if not line.strip():
                continue
            if len(line) > MAX_ARTICLE_BYTES:
                yield Skipped(where, str(_too_large(len(line), where)))
                continue
            try:
                text = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield Skipped(where, f"not valid UTF-8 (bad byte at offset {exc.start} of the line)")
                continue
            try:
                yield article_from_record(json.loads(text), where)
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


def _folder_files(folder: Path, skipped: list[Skipped]) -> list[Path]:
    """The article files under ``folder`` (recursively, sorted); unreadable subfolders go to ``skipped``."""
    suffixes = _TEXT_SUFFIXES | _JSONL_SUFFIXES

    def unreadable(exc: OSError) -> None:
        skipped.append(Skipped(str(exc.filename or folder), f"cannot read folder ({exc.strerror})"))

    files = []
    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs.sort()
        files += [Path(root, n) for n in names if Path(n).suffix in suffixes]
    return sorted(files)


def read_articles(inputs: Iterable[str | Path]) -> Iterator[Article | Skipped]:
    """Yield every article in ``inputs`` (files or folders, recursively), in a stable order."""
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            skipped: list[Skipped] = []
            files = _folder_files(path, skipped)
            yield from skipped
            if not files and not skipped:
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
