"""Read IOB-tagged corpora (one ``token TAG`` or ``token<TAB>TAG`` per line, blank line between sentences).

Corpus tag names are mapped onto Peyvand's four labels (PER/ORG/LOC/EVENT); every other class (dates, money,
facilities, products...) becomes ``O``. Corpora are read in place — from a file, a directory, or straight from a
zip archive (``archive.zip`` or ``archive.zip#glob`` to choose members) — so research-licensed data is never copied.
"""

from __future__ import annotations

import fnmatch
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError

__all__ = ["TAG_MAP", "ReadStats", "TaggedSentence", "parse_iob", "read_corpus", "read_iob"]

#: Corpus class name (lower case) -> Peyvand label; classes not listed here are dropped to ``O``.
#: ARMAN: pers/org/loc/event/fac/pro; PEYMA: PER/ORG/LOC/DAT/TIM/MON/PCT; CoNLL-style: PER/ORG/LOC/MISC.
TAG_MAP: Mapping[str, str] = {
    "per": "PER",
    "pers": "PER",
    "person": "PER",
    "org": "ORG",
    "organization": "ORG",
    "loc": "LOC",
    "location": "LOC",
    "gpe": "LOC",
    "event": "EVENT",
    "eve": "EVENT",
}

_TAG_RE = re.compile(r"^(?:O|([BIES])[-_](\w+))$", re.IGNORECASE)
_README_RE = re.compile(r"(^|/)read_?me[^/]*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TaggedSentence:
    """One corpus sentence: tokens as written and their IOB2 tags over Peyvand labels (``B-PER``, ``I-ORG``, ``O``)."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(slots=True)
class ReadStats:
    """What a reader met: sentences and tokens kept, lines it could not parse, tags it did not recognise."""

    sentences: int = 0
    tokens: int = 0
    bad_lines: int = 0
    bad_tags: int = 0
    dropped_classes: int = 0


def _map_tag(raw: str, prev: str, tag_map: Mapping[str, str], stats: ReadStats) -> str:
    """One corpus tag -> IOB2 over Peyvand labels, repairing ``I-X`` after a different label into ``B-X``."""
    m = _TAG_RE.match(raw)
    if m is None:
        stats.bad_tags += 1
        return "O"
    if m.group(1) is None:
        return "O"
    label = tag_map.get(m.group(2).lower())
    if label is None:
        stats.dropped_classes += 1
        return "O"
    prefix = m.group(1).upper()
    if prefix in ("B", "S"):
        return f"B-{label}"
    if prev in (f"B-{label}", f"I-{label}"):  # I or E continuing the same entity
        return f"I-{label}"
    return f"B-{label}"


def parse_iob(
    lines: Iterable[str], tag_map: Mapping[str, str] = TAG_MAP, stats: ReadStats | None = None
) -> Iterator[TaggedSentence]:
    """Parse IOB lines into sentences. A line is ``token<TAB>TAG`` when it holds a tab (the token may then contain
    spaces, as PEYMA's ``می شود``), else ``token TAG`` split at the last run of whitespace. Lines with no tag are
    counted in ``stats.bad_lines`` and skipped; malformed tags become ``O`` (``stats.bad_tags``)."""
    stats = stats if stats is not None else ReadStats()
    tokens: list[str] = []
    tags: list[str] = []

    def flush() -> Iterator[TaggedSentence]:
        if tokens:
            stats.sentences += 1
            stats.tokens += len(tokens)
            yield TaggedSentence(tuple(tokens), tuple(tags))
            tokens.clear()
            tags.clear()

    for line in lines:
        line = line.rstrip("\r\n").lstrip("\ufeff")
        if not line.strip():
            yield from flush()
            continue
        if "\t" in line:
            token, _, tag = line.rpartition("\t")
            token = token.strip()
        else:
            parts = line.rsplit(None, 1)
            token, tag = (parts[0].strip(), parts[1]) if len(parts) == 2 else ("", "")
        tag = tag.strip()
        if not token or not tag:
            stats.bad_lines += 1
            continue
        tags.append(_map_tag(tag, tags[-1] if tags else "O", tag_map, stats))
        tokens.append(token)
    yield from flush()


def _decode(data: bytes, where: str) -> list[str]:
    if b"\x00" in data:
        raise InputError(f"{where}: binary data, not an IOB text file")
    try:
        return data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: not UTF-8 text (byte {exc.start})") from None


def _zip_lines(path: Path, pattern: str | None) -> Iterator[tuple[str, list[str]]]:
    try:
        with zipfile.ZipFile(path) as zf:
            names = sorted(
                n for n in zf.namelist()
                if not n.endswith("/") and not _README_RE.search(n)
                and (pattern is None or fnmatch.fnmatch(n, pattern))
            )
            if not names:
                raise InputError(f"{path}: no member matches {pattern!r}")
            for name in names:
                yield f"{path}#{name}", _decode(zf.read(name), f"{path}#{name}")
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{path}: cannot read zip archive ({exc})") from None


def _source_lines(source: str | Path) -> Iterator[tuple[str, list[str]]]:
    """Yield ``(where, lines)`` for each file a corpus argument names: a file, a directory, ``a.zip[#glob]``."""
    text = str(source)
    path, _, pattern = text.partition("#") if ".zip#" in text else (text, "", "")
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such corpus file or directory")
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file() and not _README_RE.search(f.name))
        if not files:
            raise InputError(f"{p}: directory holds no corpus files")
        for f in files:
            yield from _source_lines(f)
    elif zipfile.is_zipfile(p) or p.suffix.lower() == ".zip" or pattern:
        yield from _zip_lines(p, pattern or None)
    else:
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(f"{p}: cannot read ({exc.strerror})") from None
        yield str(p), _decode(data, str(p))


def read_iob(
    source: str | Path, tag_map: Mapping[str, str] = TAG_MAP, stats: ReadStats | None = None
) -> list[TaggedSentence]:
    """All sentences of one corpus argument (file, directory, ``archive.zip`` or ``archive.zip#member-glob``)."""
    out: list[TaggedSentence] = []
    for _, lines in _source_lines(source):
        out.extend(parse_iob(lines, tag_map, stats))  # a file boundary always ends a sentence
    return out


def read_corpus(
    sources: Iterable[str | Path], tag_map: Mapping[str, str] = TAG_MAP
) -> tuple[list[TaggedSentence], ReadStats]:
    """Sentences of several corpus arguments, and what was skipped. Raises ``InputError`` if nothing was read."""
    stats = ReadStats()
    out: list[TaggedSentence] = []
    for src in sources:
        out.extend(read_iob(src, tag_map, stats))
    if not out:
        raise InputError("no tagged sentences found in the corpus")
    return out, stats
