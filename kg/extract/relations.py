"""Posts from the order of mentions in a sentence, in every common Persian order:

``NAME، ROLE ORG`` (appositive-role), ``ROLE ORG، NAME`` (role-appositive), ``ROLE ORG NAME`` (role-name),
``NAME ROLE ORG`` (name-role); «سابق / پیشین» after the post marks a former one and «سرپرست» an acting one. A role
with no name next to it is a role-only mention, resolved later to the person holding that post in the article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.lexicon import Lexicons
from kg.extract.lists import HEADER_RULE, ITEM_RULE
from kg.extract.roles import role_entry
from kg.types import Doc, Mention

__all__ = ["PostLink", "TokenIndex", "find_posts"]

_COMMAS = frozenset({"،", ",", "("})  # «NAME، ROLE» and «NAME (ROLE ORG)»


class TokenIndex:
    """Token ranges of mentions (mentions are token-aligned)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.by_start = {t.start: t.i for t in doc.tokens}
        self.by_end = {t.end: t.i + 1 for t in doc.tokens}

    def span(self, m: Mention) -> tuple[int, int]:
        i = self.by_start.get(m.start)
        j = self.by_end.get(m.end)
        if i is None or j is None:  # a statistical mention not aligned to tokens: snap outwards
            i = max((t.i for t in self.doc.tokens if t.start <= m.start), default=0)
            j = min((t.i + 1 for t in self.doc.tokens if t.end >= m.end), default=len(self.doc.tokens))
        return i, j

    def sent(self, m: Mention) -> int:
        return self.doc.tokens[self.span(m)[0]].sent


def _list_posts(
    doc: Doc, mentions: Sequence[Mention], idx: TokenIndex, per_start: dict[int, Mention]
) -> list[PostLink]:
    """«استان یزد: NAME»: the line's person holds the list header's role in the line's organization."""
    out = []
    header: Mention | None = None
    for m in mentions:
        if m.label == "ROLE" and m.rule == HEADER_RULE:
            header = m
        elif m.label == "ORG" and m.rule == ITEM_RULE and header is not None:
            _, j = idx.span(m)
            p = per_start.get(j + 1)
            if p is not None:
                out.append(PostLink(p.id, header.id, header.norm, m.id, False, False, doc.tokens[j].sent,
                                    "rule:appointment-list", 0.7))
    return out


@dataclass(frozen=True, slots=True)
class PostLink:
    """A role mention, the person mention it belongs to (None: role-only) and its organization mention."""

    person: str | None
    role: str  # ROLE mention id
    role_name: str  # canonical role
    org: str | None
    former: bool
    acting: bool
    sent: int
    rule: str
    score: float


def find_posts(doc: Doc, lex: Lexicons, mentions: Sequence[Mention], idx: TokenIndex) -> list[PostLink]:
    """One PostLink per ROLE mention."""
    ks = [t.key for t in doc.tokens]
    per_end: dict[int, Mention] = {}
    per_start: dict[int, Mention] = {}
    org_start: dict[int, Mention] = {}
    for m in mentions:
        if m.label == "PER" and m.score >= 0.5:
            i, j = idx.span(m)
            per_end[j] = m
            per_start[i] = m
        elif m.label == "ORG" and m.rule != "rule:org-nested":
            i, _ = idx.span(m)
            org_start.setdefault(i, m)
    out: list[PostLink] = _list_posts(doc, mentions, idx, per_start)
    for r in mentions:
        if r.label != "ROLE" or r.rule == HEADER_RULE:
            continue
        ri, rj = idx.span(r)
        sent = doc.tokens[ri].sent
        s = doc.sents[sent]
        a, b = s.first_token, s.last_token
        org = org_start.get(rj)
        former = False
        if org is None and rj < b and lex.cues.get(ks[rj]) == "former":  # «وزیر سابق نفت»
            former = True
            org = org_start.get(rj + 1)
        entry = role_entry(lex, r.norm)
        if org is None and entry is not None and entry.via_dar:  # «نماینده مردم قم در مجلس شورای اسلامی»
            for k in range(rj, min(b - 1, rj + 4)):
                if ks[k] == "در" and (k + 1) in org_start:
                    org = org_start[k + 1]
                    break
                if ks[k] in _COMMAS or ks[k] in lex.speech.starts:
                    break
        u = idx.span(org)[1] if org is not None and idx.span(org)[0] == rj + former else rj + former
        if u < b and lex.cues.get(ks[u]) == "former":  # «وزیر نفت سابق»
            former = True
            u += 1
        acting = bool(entry and entry.acting)
        person, rule, score = None, "rule:role-only", 0.5
        if ri - 1 > a and ks[ri - 1] in _COMMAS and (ri - 1) in per_end:
            person, rule, score = per_end[ri - 1], "rule:appositive-role", 0.9
        elif u < b and u in per_start:
            person, rule, score = per_start[u], "rule:role-name", 0.85
        elif u + 1 < b and ks[u] in _COMMAS and (u + 1) in per_start:
            person, rule, score = per_start[u + 1], "rule:role-appositive", 0.85
        elif ri in per_end:
            person, rule, score = per_end[ri], "rule:name-role", 0.75
        if person is not None and person.score < 0.7:
            score = min(score, person.score + 0.2)
        out.append(PostLink(person.id if person else None, r.id, r.norm, org.id if org else None, former, acting,
                            sent, rule, score))
    return out
