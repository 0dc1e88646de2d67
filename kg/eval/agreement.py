"""Inter-annotator agreement: one annotation of an article scored against another with ``kg eval``'s own matcher.

The second annotator's file is read as if it were a system's output (``gold_as_facts``) and scored against the
first with ``score_article``, so agreement is measured exactly as the system is: the F1 it gives per fact type is
the ceiling a system can be expected to reach on these annotations. Mentions are compared too (exact span and
label, anaphors included), the ceiling of the mention model.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.eval.gold import Gold, load_gold_set
from kg.eval.predict import SysFacts
from kg.eval.run import EvalReport
from kg.eval.score import score_article

__all__ = ["Agreement", "agreement", "gold_as_facts"]

_HOW = {"invited": "attendee", "guest": "attendee", "host": "organizer"}


def gold_as_facts(g: Gold, text: str) -> SysFacts:
    """A gold annotation in the shape of a system's facts (entity ids are the canonical names, kind-prefixed)."""
    sf = SysFacts()

    def ent(kind: str, names: tuple[str, ...]) -> str:
        iri = f"{kind}:{names[0]}"
        sf.names[iri] = names
        return iri

    def find(kind: str, items, name: str | None) -> str | None:
        hit = next((x for x in items if name in x.names), None) if name else None
        return ent(kind, hit.names) if hit else (ent(kind, (name,)) if name else None)

    sf.persons = [ent("per", p.names) for p in g.persons]
    sf.organizations = [ent("org", o.names) for o in g.organizations]
    sf.events = [ent("ev", e.names) for e in g.events]
    sf.places = [ent("loc", p.names) for p in g.places]
    sf.posts = [(find("per", g.persons, p.person), (p.role,), find("org", g.organizations, p.org))  # type: ignore[misc]
                for p in g.posts]
    sf.participation = [(find("per", g.persons, p.person), find("ev", g.events, p.event), _HOW.get(p.how, p.how))  # type: ignore[misc]
                        for p in g.participation]
    sf.quotes = [(find("per", g.persons, q.speaker),
                  text[q.start:q.end] if q.start is not None and q.end is not None else q.snippet) for q in g.quotes]
    sf.suborganizations = [(find("org", g.organizations, s.child), find("org", g.organizations, s.parent))  # type: ignore[misc]
                           for s in g.suborganizations]
    return sf


@dataclass(slots=True)
class Agreement:
    """Fact agreement (an ``EvalReport``: first annotation as gold, second as system) and mention agreement."""

    facts: EvalReport = field(default_factory=EvalReport)
    mentions: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # label -> (both, first only, second only)
    pairs: list[str] = field(default_factory=list)


def agreement(first: Iterable[str | Path], second: Iterable[str | Path], texts: dict[str, str]) -> Agreement:
    """Agreement over every article annotated in both ``first`` and ``second`` (``texts``: id -> article text)."""
    a = {g.id: g for g in load_gold_set(first)}
    b = {g.id: g for g in load_gold_set(second)}
    out = Agreement(EvalReport(mode="agreement"))
    for aid in sorted(set(a) & set(b)):
        g1, g2 = a[aid], b[aid]
        out.pairs.append(aid)
        out.facts.articles.append(score_article(g1, gold_as_facts(g2, texts[aid])))
        s1 = {(m.start, m.end, m.label) for m in g1.mentions}
        s2 = {(m.start, m.end, m.label) for m in g2.mentions}
        for lab in sorted({x[2] for x in s1 | s2}):
            both = len({x for x in s1 & s2 if x[2] == lab})
            only1 = len({x for x in s1 - s2 if x[2] == lab})
            only2 = len({x for x in s2 - s1 if x[2] == lab})
            prev = out.mentions.get(lab, (0, 0, 0))
            out.mentions[lab] = (prev[0] + both, prev[1] + only1, prev[2] + only2)
    return out
