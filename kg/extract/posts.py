"""The ``posts`` stage: who holds which role in which organization, from the order of mentions in a sentence.

Every common Persian order: ``NAME، ROLE ORG`` (appositive-role), ``ROLE ORG، NAME`` (role-appositive),
``ROLE ORG NAME`` (role-name), ``NAME ROLE ORG`` (name-role); «سابق / پیشین» after the post marks a former one and
«سرپرست» an acting one; the lines of an appointment list. A role with no name next to it is a role-only mention,
resolved to the one person holding that post in the article. Two spellings of one organization held by one person
in one role become one organization.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kg.extract.lexicon import Lexicons
from kg.extract.roles import role_entry
from kg.extract.state import Clusters, MentionIndex, PostLink, State
from kg.text import fold
from kg.types import Doc, Form, Mention

__all__ = ["find_posts", "run"]


def run(st: State) -> dict[str, Any]:
    """Provides ``links`` (one per ROLE mention), ``clusters`` (organizations joined by posts) and ``refs``
    (role-only mentions resolved to the person holding the post)."""
    links = find_posts(st.doc, st.lex, st.mentions, st.index)
    clusters = st.clusters.merged(_same_org_pairs(links, st.index, st.clusters))
    return {"links": tuple(links), "clusters": clusters, "refs": _role_refs(links, clusters)}


def _same_org_pairs(links: Sequence[PostLink], idx: MentionIndex, uf: Clusters) -> list[tuple[str, str]]:
    """One person, one role, two spellings of the organization (a subsequence of the other) → one org."""
    seen: dict[tuple[str, str], list[str]] = {}
    for ln in links:
        if ln.person and ln.org and ln.org in uf:
            seen.setdefault((uf.find(ln.person), ln.role_name), []).append(ln.org)
    pairs = []
    for orgs_ in seen.values():
        for a in orgs_:
            for b in orgs_:
                wa, wb = fold(idx.by_id[a].norm).split(), fold(idx.by_id[b].norm).split()
                if len(wa) < len(wb) and wa[0] == wb[0] and _subsequence(wa, wb):
                    pairs.append((b, a))
    return pairs


def _subsequence(a: list[str], b: list[str]) -> bool:
    it = iter(b)
    return all(w in it for w in a)


def _role_refs(links: Sequence[PostLink], uf: Clusters) -> dict[str, str]:
    """ROLE mention id -> the PER mention of its holder: named beside it, or the one person who holds the same
    role (in the same organization, or in any when the role has none) elsewhere in the article."""
    def root(mid: str | None) -> str | None:
        return uf.find(mid) if mid is not None and mid in uf else None

    holders: dict[tuple[str, str | None], set[str]] = {}
    by_role: dict[str, set[str]] = {}
    first: dict[str, str] = {}
    for ln in links:
        if ln.person and ln.person in uf:
            p = uf.find(ln.person)
            holders.setdefault((ln.role_name, root(ln.org)), set()).add(p)
            by_role.setdefault(ln.role_name, set()).add(p)
            first.setdefault(p, ln.person)
    refs: dict[str, str] = {}
    for ln in links:
        if ln.person:
            refs[ln.role] = ln.person
            continue
        cands = holders.get((ln.role_name, root(ln.org)))
        if not cands and ln.org is None:
            cands = by_role.get(ln.role_name)
        if cands and len(cands) == 1:
            refs[ln.role] = first[next(iter(cands))]
    return refs


def _list_posts(
    doc: Doc, mentions: Sequence[Mention], idx: MentionIndex, per_start: dict[int, Mention]
) -> list[PostLink]:
    """«استان یزد: NAME»: the line's person holds the list header's role in the line's organization."""
    out = []
    header: Mention | None = None
    for m in mentions:
        if m.label == "ROLE" and m.form is Form.LIST_HEADER:
            header = m
        elif m.label == "ORG" and m.form is Form.LIST_ITEM and header is not None:
            _, j = idx.span(m)
            p = per_start.get(j + 1)
            if p is not None:
                out.append(PostLink(p.id, header.id, header.norm, m.id, False, False, doc.tokens[j].sent,
                                    "rule:appointment-list", 0.7))
    return out


def find_posts(doc: Doc, lex: Lexicons, mentions: Sequence[Mention], idx: MentionIndex) -> list[PostLink]:
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
        elif m.label == "ORG" and m.form is not Form.NESTED:
            i, _ = idx.span(m)
            org_start.setdefault(i, m)
    out: list[PostLink] = _list_posts(doc, mentions, idx, per_start)
    role_end = {idx.span(m)[1] for m in mentions if m.label == "ROLE"}
    org_spans = [idx.span(m) for m in mentions if m.label == "ORG"]
    for r in mentions:
        if r.label != "ROLE" or r.form is Form.LIST_HEADER:
            continue
        ri, rj = idx.span(r)
        if ri in role_end or any(i < ri and rj <= j for i, j in org_spans):
            # «معاون اقتصادی «رئیس جمهور»»، «دفتر «رئیس جمهور»»: a role that completes another role or an
            # organization's name is no post of its own
            out.append(PostLink(None, r.id, r.norm, None, False, False, doc.tokens[ri].sent, "rule:role-only", 0.5))
            continue
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
                if ks[k] in lex.words.comma or ks[k] in lex.speech.starts:
                    break
        u = idx.span(org)[1] if org is not None and idx.span(org)[0] == rj + former else rj + former
        if u < b and lex.cues.get(ks[u]) == "former":  # «وزیر نفت سابق»
            former = True
            u += 1
        acting = bool(entry and entry.acting)
        person, rule, score = None, "rule:role-only", 0.5
        # the name right before the role wins over one after it: in «X معاون …، Y وزیر …» each name has its role
        if ri - 1 > a and ks[ri - 1] in lex.words.comma and (ri - 1) in per_end:
            person, rule, score = per_end[ri - 1], "rule:appositive-role", 0.9
        elif ri in per_end:
            person, rule, score = per_end[ri], "rule:name-role", 0.75
        elif u < b and u in per_start:
            person, rule, score = per_start[u], "rule:role-name", 0.85
        elif u + 1 < b and ks[u] in lex.words.comma and (u + 1) in per_start:
            person, rule, score = per_start[u + 1], "rule:role-appositive", 0.85
        if person is not None and person.score < 0.7:
            score = min(score, person.score + 0.2)
        out.append(PostLink(person.id if person else None, r.id, r.norm, org.id if org else None, former, acting,
                            sent, rule, score))
    return out
