"""Overlap resolution, done once: rule and statistical mentions in, one consistent set out.

Three layers never compete with each other: names (PER, ORG, LOC, EVENT), roles (ROLE) and the rest (PRON, DATE,
which are dropped only inside a name). Inside the name layer a mention may contain another only where that nesting
means something (a unit inside its parent's name; a person or organization inside an event's description);
otherwise the higher score wins, then the longer span, then the rule mention over the statistical one. A
statistical mention that agrees with a rule mention on span and label is merged into it, and the fact keeps both
sources in ``rule`` (``ner:crf+rule:first-name``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from kg.types import Form, Mention

__all__ = ["merge"]

_NAME_LAYER = frozenset({"PER", "ORG", "LOC", "EVENT"})
_NESTING = frozenset({("ORG", "ORG"), ("EVENT", "ORG"), ("EVENT", "PER"), ("EVENT", "EVENT"), ("ORG", "LOC"),
                      ("EVENT", "LOC")})


def _rank(m: Mention) -> tuple:
    return (-m.score, -(m.end - m.start), m.source != "rules", m.start, m.label, m.rule)


def _nests(outer: Mention, inner: Mention) -> bool:
    if (outer.start, outer.end) == (inner.start, inner.end):  # «استان یزد:» in a list: the province's office too
        return outer.label == "ORG" and inner.label == "LOC" and outer.form is Form.LIST_ITEM
    if not (outer.start <= inner.start and inner.end <= outer.end):
        return False
    if (outer.label, inner.label) not in _NESTING:
        return False
    # a unit nests only as its parent's name; a place inside a name is a place too (ستاد … استان یزد)
    return not (outer.label == "ORG" and inner.label == "ORG" and inner.form is not Form.NESTED)


def _compatible(a: Mention, b: Mention) -> bool:
    if a.end <= b.start or b.end <= a.start:
        return True
    return _nests(a, b) or _nests(b, a)


def _unprefixed(ms: list[Mention]) -> list[Mention]:
    """«نشست شهرداران [استان] مازندران»: when a name ends on a place's prefix word (استان، شهر), the place keeps
    its bare name instead of cutting the other name short; a place known only by its prefix is dropped."""
    ends = [(m.start, m.end) for m in ms if m.label in ("ORG", "EVENT")]
    out = []
    for m in ms:
        if m.label == "LOC" and " " in m.text and any(s < m.start < e < m.end for s, e in ends):
            cut = m.text.index(" ") + 1
            gazetteer = m.source == "rules" and m.form is Form.NAME
            if not gazetteer or not any(s < m.start < e <= m.start + cut for s, e in ends):
                continue
            m = replace(m, id=f"LOC:{m.start + cut}:{m.end}", start=m.start + cut, text=m.text[cut:],
                      norm=m.norm.split(" ", 1)[1], key=m.key[len(m.norm.split(" ", 1)[0]):])
        out.append(m)
    return out


def merge(mentions: Iterable[Mention]) -> list[Mention]:
    """Non-conflicting mentions, sorted by position, with deterministic ids ``m1, m2 …``."""
    ms = _unprefixed(list(mentions))
    rules = {(m.start, m.end, m.label): m for m in ms if m.source == "rules"}
    combined: list[Mention] = []
    for m in ms:
        if m.source != "rules":
            r = rules.get((m.start, m.end, m.label))
            if r is not None:
                rules[(m.start, m.end, m.label)] = replace(r, rule=f"{m.source}+{r.rule}", score=max(r.score, m.score))
                continue
        combined.append(m)
    combined = [rules.get((m.start, m.end, m.label), m) if m.source == "rules" else m for m in combined]

    names = sorted((m for m in combined if m.label in _NAME_LAYER), key=_rank)
    kept: list[Mention] = []
    for m in names:
        if all(_compatible(m, k) for k in kept):
            kept.append(m)
    roles = sorted((m for m in combined if m.label == "ROLE"), key=_rank)
    kept_roles: list[Mention] = []
    for m in roles:
        if all(m.end <= k.start or k.end <= m.start for k in kept_roles) and not any(
            k.start < m.start < k.end and k.label == "PER" for k in kept
        ):
            kept_roles.append(m)
    others = [
        m for m in combined
        if m.label not in _NAME_LAYER and m.label != "ROLE"
        and not any(k.start <= m.start and m.end <= k.end and k.label != "EVENT" for k in kept)
    ]
    out = sorted(kept + kept_roles + others, key=lambda m: (m.start, -m.end, m.label))
    seen: set[tuple] = set()
    result = []
    for m in out:
        sig = (m.start, m.end, m.label)
        if sig in seen:
            continue
        seen.add(sig)
        result.append(replace(m, id=f"m{len(result) + 1}"))
    return result

