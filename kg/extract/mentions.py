"""Mentions of places (gazetteer) and third-person pronouns (وی، او، ایشان), for coreference."""

from __future__ import annotations

from kg.extract._util import display, keys, make_mention
from kg.extract.lexicon import Lexicons
from kg.types import Doc, Mention

__all__ = ["PRONOUNS", "find"]

PRONOUNS = frozenset({"وی", "او", "ایشان"})


_PLACE_PREFIX = frozenset({"استان", "شهر", "شهرستان"})
_NEWS = frozenset({"خبرنگار", "خبرگزاری", "گزارش", "نقل"})


def _not_a_place(ks: list[str], i: int, e: int, lex: Lexicons) -> bool:
    """«شورای مرکزی» (مرکزی only after «استان»); «خبرنگار فارس» (the agency, not the province)."""
    prev = ks[i - 1] if i else ""
    if "".join(ks[i:e]) in lex.prefixed_places and prev not in _PLACE_PREFIX:
        return True
    return lex.agencies.match(ks, i) is not None and prev not in _PLACE_PREFIX and any(
        k in _NEWS for k in ks[max(0, i - 3) : i])


def find(doc: Doc, lex: Lexicons) -> list[Mention]:
    """LOC mentions from the place gazetteer and PRON mentions for third-person singular pronouns."""
    ks = keys(doc)
    out: list[Mention] = []
    n = len(ks)
    i = 0
    while i < n:
        k = ks[i]
        if k in PRONOUNS:
            out.append(make_mention(doc, i, i + 1, "PRON", doc.tokens[i].norm, "rule:pronoun", 0.9, key=k))
            i += 1
            continue
        p = lex.places.match(ks, i) if k in lex.places.starts else None
        if p and _not_a_place(ks, i, p[0], lex):
            p = None
        if p and doc.tokens[p[0] - 1].sent == doc.tokens[i].sent:
            out.append(make_mention(doc, i, p[0], "LOC", display(doc, i, p[0]), "rule:place", 0.7))
            i = p[0]
            continue
        i += 1
    return out
