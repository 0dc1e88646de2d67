"""Offset-preserving normalization: every character of the normalized text knows its position in the raw text.

Passes, each keeping an index map back to the raw string:

1. ``letters``: 1:1 character map (Arabic letter variants, presentation forms, digits → Persian); offsets
   unchanged.
2. deletions and ligature expansions (diacritics, tatweel, invisible controls, stray or doubled ZWNJ, ``\r``,
   runs of spaces), by alignment-aware substitution.
3. tokenization by a regular expression (numbers, decimals and dates such as ``12.5`` or ``1403/05/12`` are single
   tokens); a pair that hazm's spacing rules join (``می شود``, ``کتاب ها``, ``رفته اند``) becomes one token whose
   space is written as a ZWNJ (1:1); then ZWNJ repair of each word (insertions only).

hazm's ``Normalizer`` is not called: it rewrites text without offsets (and ``import hazm`` costs 2.5 s). Its
tables (letters, diacritics, special characters, ligatures), spacing rules and lexicons are what this runs on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.text._hazm import constants as _hc
from kg.text.chars import DELETABLE, ZWNJ, letters
from kg.text.zwnj import join_pair, pair_triggers, repair_zwnj

__all__ = ["normalize"]

_LIGATURES = {k: v for pat, v in _hc.UNICODE_REPLACEMENTS for k in pat.strip("()").split("|")}
_DELETE_CLASS = re.escape("".join(sorted(DELETABLE | {"\r"})))
# What pass 2 rewrites, in three sweeps (each a regex that starts with a character class, which `re` scans fast):
# deletable characters go and ligatures are spelled out; then a ZWNJ that is doubled or not between two letters
# goes; then a run of spaces/tabs becomes one space.
_DELETE = re.compile(rf"[{_DELETE_CLASS}]+|(?P<lig>[{''.join(_LIGATURES)}])")
_BAD_ZWNJ = re.compile(rf"(?<=\{ZWNJ}){ZWNJ}+|(?<![^\W\d_]){ZWNJ}+|{ZWNJ}+(?![^\W\d_])")
_SPACES = re.compile(r"(?P<ws>[ \t][ \t]+|\t)")
_DIGIT = r"[0-9۰-۹٠-٩]"
# A token: a number (with decimal/date/time separators between digits), a word (letters and digits, inner ZWNJ),
# an ellipsis, or any other single non-space character.
TOKEN = re.compile(
    rf"{_DIGIT}+(?:[.,٫٬/:\-]{_DIGIT}+)*"
    rf"|[^\W\d_][^\W_]*(?:{ZWNJ}[^\W_]+)*"
    r"|\.{2,}|…|\S"
)


@dataclass(frozen=True, slots=True)
class Analysis:
    """Normalized text, its map to raw offsets, and the token spans in the NORMALIZED text."""

    norm: str
    norm_to_raw: tuple[int, ...]
    spans: tuple[tuple[int, int], ...]


def _edit(text: str, index: list[int] | None, pattern: re.Pattern[str]) -> tuple[str, list[int] | None]:
    """Apply ``pattern``'s rewrites, keeping ``index`` (raw offset of each char; None = identity).

    A match in group ``ws`` becomes one space, in group ``lig`` its spelled-out ligature; any other is deleted."""
    pieces: list[str] = []
    out: list[int] = []
    last = 0
    for m in pattern.finditer(text):
        a, b = m.span()
        pieces.append(text[last:a])
        out.extend(range(last, a) if index is None else index[last:a])
        at = a if index is None else index[a]
        if m.lastgroup == "ws":
            pieces.append(" ")
            out.append(at)
        elif m.lastgroup == "lig":
            pieces.append(_LIGATURES[m.group()])
            out.extend([at] * len(_LIGATURES[m.group()]))
        last = b
    if not pieces:
        return text, index
    pieces.append(text[last:])
    out.extend(range(last, len(text) + 1) if index is None else index[last:])
    return "".join(pieces), out


def _clean(raw: str) -> tuple[str, list[int]]:
    """Pass 1 and 2: 1:1 letter map, then deletions/expansions with the raw index of every kept character."""
    text, index = _edit(letters(raw), None, _DELETE)
    if ZWNJ in text:
        text, index = _edit(text, index, _BAD_ZWNJ)
    text, index = _edit(text, index, _SPACES)
    return text, list(range(len(raw) + 1)) if index is None else index


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """Token spans of the cleaned text, with ``X Y`` pairs that hazm's spacing rules join (``می شود``,
    ``کتاب ها``) merged into one token whose space is spelled as a ZWNJ (1:1, so offsets do not move)."""
    lefts, rights = pair_triggers()
    out: list[tuple[int, int, str]] = []
    for m in TOKEN.finditer(text):
        tok = m.group()
        a = m.start()
        if out and (tok in rights or out[-1][2] in lefts):
            pa, pb, prev = out[-1]
            if pb + 1 == a and text[pb] == " " and prev[0].isalpha() and ZWNJ not in prev and join_pair(prev, tok):
                out[-1] = (pa, m.end(), prev + ZWNJ + tok)
                continue
        out.append((a, m.end(), tok))
    return out


def _aligned(text: str, index: list[int], a: int, fixed: str) -> list[int]:
    """Raw offsets of ``fixed``, the token at ``text[a:]`` with ZWNJs inserted (or spelling its joining space):
    an inserted ZWNJ maps to the raw offset of the next letter."""
    out = []
    k = a
    for ch in fixed:
        out.append(index[k])
        if ch == text[k] or (ch == ZWNJ and text[k] == " "):
            k += 1
    return out


def analyze(raw: str) -> Analysis:
    """Normalize ``raw`` and tokenize it, keeping offsets (the engine behind ``normalize`` and ``make_doc``)."""
    text, index = _clean(raw)
    spans: list[tuple[int, int]] = []
    edits: list[tuple[int, int, str]] = []
    shift = 0  # how much longer the normalized text is than the cleaned one, so far
    for a, b, tok in _tokens(text):
        fixed = tok
        if len(tok) > 2 and tok[0].isalpha():
            fixed = repair_zwnj(tok) if ZWNJ not in tok else ZWNJ.join(map(repair_zwnj, tok.split(ZWNJ)))
        if fixed != tok or (ZWNJ in tok and text[a:b] != tok):
            edits.append((a, b, fixed))
            spans.append((a + shift, a + shift + len(fixed)))
            shift += len(fixed) - (b - a)
        else:
            spans.append((a + shift, b + shift))
    if not edits:
        return Analysis(text, tuple(index), tuple(spans))
    pieces: list[str] = []
    nmap: list[int] = []
    last = 0
    for a, b, fixed in edits:
        pieces.append(text[last:a])
        nmap.extend(index[last:a])
        pieces.append(fixed)
        nmap.extend(_aligned(text, index, a, fixed))
        last = b
    pieces.append(text[last:])
    nmap.extend(index[last:])
    return Analysis("".join(pieces), tuple(nmap), tuple(spans))


def normalize(text: str) -> tuple[str, tuple[int, ...]]:
    """Normalized text and ``norm_to_raw`` (``len(norm) + 1`` raw offsets, the last one ``len(text)``).

    Persian letters, Persian digits, no diacritics/tatweel/invisible controls, single spaces, lost ZWNJs
    restored. Idempotent: ``normalize(normalize(t)[0])[0] == normalize(t)[0]``.
    """
    a = analyze(text)
    return a.norm, a.norm_to_raw
