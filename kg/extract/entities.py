"""The ``entities`` stage: coreference clusters become entities, and every fact is restated between entities.

An entity is named by its best mention (the longest name; for an event its name in «…»), keeps every other surface
form as an alternative label, and a well-known organization's short name takes the full name's identity
(``org_aliases.tsv``). Sub-organizations come from nested names («ناحیه مقاومت بسیج «وزارت نیرو»») and provincial
branches («جمعیت هلال‌احمر استان قم» ⊂ «جمعیت هلال‌احمر»); the publisher and cited sources from «به گزارش / به نقل
از».
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from kg.extract.events import trigger_of
from kg.extract.state import PostLink, Resolver, State, evidence
from kg.text import fold, name_key
from kg.types import Entity, Evidence, Extraction, Form, Mention, Post, Relation

__all__ = ["run"]

_LABEL_KIND = {"PER": "Person", "ORG": "Organization", "EVENT": "Event", "LOC": "Place"}


def run(st: State) -> dict[str, Any]:
    """Provides ``extraction``: entities, posts, relations and quotes between entity ids."""
    res = Resolver(st.refs, st.clusters)
    entities, eid = _entities(st, res)

    def ent(mid: str | None) -> str | None:
        r = res.root(mid)
        return eid.get(r) if r else None

    posts = _posts(st, st.links, ent)
    rels = [Relation(eid[r.head], r.label, eid[r.tail], r.evidence) for r in st.relations
            if r.head in eid and r.tail in eid and eid[r.head] != eid[r.tail]]
    rels += _nested_units(st, ent)
    rels += _branches(st, entities)
    rels += [Relation(p.person, "org:memberOf", p.org, p.evidence) for p in posts
             if fold(p.role) in st.lex.words.member_role and p.org]
    rels = list({(r.head, r.label, r.tail): r for r in rels}.values())
    quotes = [replace(q, speaker=ent(q.speaker), event=eid.get(q.event) if q.event else None)
              for q in st.quotes if ent(q.speaker)]
    mention_of = {m.id: eid[r] for m in st.mentions if (r := res.root(m.id)) and r in eid}
    publisher, citations = _publisher_citations(st, ent)
    cal = st.lex.confidence
    return {"extraction": Extraction(
        article=st.article, doc=st.doc, mentions=st.mentions, entities=tuple(entities),
        posts=tuple(replace(p, evidence=_calibrated(p.evidence, cal)) for p in posts),
        relations=tuple(replace(r, evidence=_calibrated(r.evidence, cal)) for r in rels),
        quotes=tuple(replace(q, evidence=_calibrated(q.evidence, cal)) for q in quotes),
        publisher=publisher, citations=tuple(citations), mention_of=mention_of,
    )}


def _calibrated(ev: Evidence, table: Mapping[str, float]) -> Evidence:
    """A fact's confidence is its rule's measured precision on the train split (confidence.tsv, a conservative
    lower bound), not the score the rule was written with."""
    c = table.get(ev.rule)
    return ev if c is None else replace(ev, confidence=c)


def _entities(st: State, res: Resolver) -> tuple[list[Entity], dict[str, str]]:
    """One entity per cluster of named mentions, numbered in order of first mention; cluster root -> entity id."""
    clusters: dict[str, list[Mention]] = {}
    for m in st.mentions:
        if m.label in _LABEL_KIND and m.id in st.clusters:
            clusters.setdefault(st.clusters.find(m.id), []).append(m)
    entities: list[Entity] = []
    eid: dict[str, str] = {}
    for root, cms in sorted(clusters.items(), key=lambda kv: min(m.start for m in kv[1])):
        ent = _entity(st, f"e{len(entities) + 1}", cms)
        if ent is not None:
            eid[root] = ent.id
            entities.append(ent)
    return entities, eid


def _posts(st: State, links: Sequence[PostLink], ent: Callable[[str | None], str | None]) -> list[Post]:
    """One post per (person, role, organization, former), first evidence kept; role-only links are dropped."""
    posts: list[Post] = []
    seen: set[tuple] = set()
    for ln in links:
        p = ent(ln.person) if ln.person else None
        if p is None:
            continue
        o = ent(ln.org)
        sig = (p, ln.role_name, o, ln.former)
        if sig not in seen:
            seen.add(sig)
            posts.append(Post(p, ln.role_name, o, evidence(st.doc, ln.sent, ln.score, ln.rule), ln.former, ln.acting))
    return posts


def _nested_units(st: State, ent: Callable[[str | None], str | None]) -> list[Relation]:
    """A unit's name contains its parent's: «ناحیه مقاومت بسیج وزارت نیرو» ⊂ «وزارت نیرو»."""
    out = []
    for m in st.mentions:
        if m.form is not Form.NESTED:
            continue
        outer = next((o for o in st.mentions if o.label == "ORG" and o.form is not Form.NESTED
                      and o.start <= m.start and m.end <= o.end and o.id != m.id), None)
        if outer is not None and not _no_unit(outer, m, st):
            h, t = ent(outer.id), ent(m.id)
            if h and t and h != t:
                out.append(Relation(h, "org:subOrganizationOf", t,
                                    evidence(st.doc, st.index.sent_of[m.id], 0.8, "rule:nested-org-name")))
    return out


def _no_unit(outer: Mention, parent: Mention, st: State) -> bool:
    """Not a unit the article states: a news agency's desk in a dateline («گروه بین‌الملل خبرگزاری فارس»), a
    website or a faculty's staff («پایگاه اطلاع‌رسانی …»، «هیأت علمی …», word class non_unit)."""
    if fold(parent.norm).replace(" ", "") in st.lex.agencies or parent.key in {
            name_key(v) for v in st.lex.agencies.entries.values()}:
        return True
    name = fold(outer.norm).replace(" ", "")
    return any(name.startswith(w) for w in st.lex.words.non_unit)


def _branches(st: State, entities: Sequence[Entity]) -> list[Relation]:
    """«جمعیت هلال‌احمر استان قم» is a branch of «جمعیت هلال‌احمر» when both are named."""
    branch = st.lex.words.branch
    orgs = [(e, fold(e.name).split()) for e in entities if e.kind == "Organization"]
    out = []
    for a, wa in orgs:
        for b, wb in orgs:
            if len(wa) > len(wb) + 1 and wa[: len(wb)] == wb and wa[len(wb)] in branch:
                m = next(iter(a.mentions))
                out.append(Relation(a.id, "org:subOrganizationOf", b.id,
                                    evidence(st.doc, st.index.sent_of[m], 0.7, "rule:provincial-branch")))
    return out


def _publisher_citations(st: State, ent: Callable[[str | None], str | None]) -> tuple[str | None, list[str]]:
    """«به گزارش X» (the first one) publishes the article, «به نقل از Y» cites Y; failing the first, an abstract
    opening «خبرگزاری X: …»."""
    ks, lex, idx = st.index.keys, st.lex, st.index
    publisher = None
    citations: list[str] = []
    first_org_at = {idx.span(m)[0]: m for m in st.mentions if m.label in ("ORG", "PER")}
    for k in range(len(ks)):
        c = lex.cues.match(ks, k)
        if c and c[1] in ("report", "cite"):
            m = first_org_at.get(c[0])
            if m is None and c[0] < len(ks) and ks[c[0]] in lex.words.agency_noun:
                m = first_org_at.get(c[0] + 1)
            e = ent(m.id) if m is not None else None
            if e and c[1] == "report" and publisher is None:
                publisher = e
            elif e and c[1] == "cite" and e not in citations:
                citations.append(e)
    if publisher is None:
        for s in st.doc.sents[:3]:
            m = first_org_at.get(s.first_token)
            if m is not None and m.label == "ORG":
                _, j = idx.span(m)
                if j < len(ks) and ks[j] == ":" and ks[s.first_token] in lex.words.agency_noun:
                    publisher = ent(m.id)
                    break
    return publisher, citations


def _entity(st: State, id_: str, cms: list[Mention]) -> Entity | None:
    label = cms[0].label
    named = [m for m in cms if m.key]
    if not named:
        return None
    best = _best(label, named)
    name, key = best.norm, (best.key if label == "EVENT" else name_key(best.norm))
    if label == "ORG" and (full := st.lex.org_aliases.get(key)):
        name, key = full, name_key(full)  # «وزارت ارتباطات» → «وزارت ارتباطات و فناوری اطلاعات»: the short form an alt
    alts: list[str] = []
    for m in cms:
        for form in (m.norm if m.key else None, m.text):
            if form and form != name and form not in alts and len(form) < 200:
                alts.append(form)
    if label == "EVENT" and best.form is Form.QUOTED:
        desc = best.text.split("«")[0].strip().removesuffix("با عنوان").strip(" ،")
        if desc and desc not in alts:
            alts.insert(0, desc)
    hon = list(dict.fromkeys(h for m in cms for h in m.honorifics))
    event_kind = date = None
    if label == "EVENT":
        trig = trigger_of(best.text, st.lex)
        event_kind = trig.kind if trig else None
        date = st.event_dates.get(st.clusters.find(cms[0].id))
    return Entity(id=id_, kind=_LABEL_KIND[label], name=name, key=key, mentions=tuple(m.id for m in cms),  # type: ignore[arg-type]
                  alt_labels=tuple(alts), honorifics=tuple(hon), event_kind=event_kind, date=date)


def _best(label: str, named: Sequence[Mention]) -> Mention:
    """The mention that names the entity: an event's name in «…», else the longest (most words, surest, first)."""
    if label == "EVENT":
        return next((m for m in named if m.form is Form.QUOTED), None) or max(
            named, key=lambda m: (len(m.norm), -m.start))
    return max(named, key=lambda m: (len(m.norm.split()), m.score, -m.start))
