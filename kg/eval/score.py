"""Scoring one article: align the system's facts with the gold ones, one to one, and count tp/fp/fn per fact type.

Alignment is greedy by match strength (exact names before surname/containment matches), each gold fact and each
system fact used at most once. Rules, per fact type (names compared with ``kg.eval.match``):

- persons: any name of the system entity (label or altLabel) against the gold name and ``alt``. Gold persons
  flagged ``religious_figure`` are ignored: unmatched they are no miss, and the system entity they match is no error.
- organizations, events, places: ``phrase_match`` on names (equal folds, or head-anchored word containment).
- posts: same person (see below), same role (folded), and same organization (``phrase_match``; both absent counts
  as the same; one absent does not); or the role and organization read together are the same words split at
  another place (``عضو`` @ ``شورای مرکزی X`` = ``عضو شورای مرکزی`` @ ``X``). ``former`` is not scored. An
  ``org:memberOf`` without a post counts as the post ``عضو`` (member) in that organization.
- participation: units ``(person, event, how)`` with how ``invited``/``guest`` read as ``attendee`` and ``host`` as
  ``organizer``. Within one person-event pair, ``attendee`` is dropped when ``speaker`` or ``honoree`` is there (the
  contract makes every speaker and honoree an attendee). A gold ``attendee`` is met by any system how for the same
  pair; the other hows must be equal. Participants that are not persons in the system graph are not scored.
- quotes: same speaker, and the gold snippet occurs in the system's quotation text (folded).
- sub-organizations: child and parent both match.

"Same person" in a relation: the system person's names match the gold person's at the strongest level any gold
person reaches for that entity (so a bare ``موسوی`` cannot stand for one موسوی when another is matched exactly).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kg.eval.gold import Gold, GoldEvent, GoldName
from kg.eval.match import EXACT, NONE, TAIL, fold, name_match, phrase_match, role_match, text_contains
from kg.eval.predict import SysFacts

__all__ = ["FACT_TYPES", "ArticleScore", "Counts", "align", "score_article"]

FACT_TYPES = ("persons", "organizations", "events", "posts", "participation", "quotes", "suborganizations",
              "places")
_HOW = {"invited": "attendee", "guest": "attendee", "host": "organizer"}

@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class ArticleScore:
    """Counts per fact type for one gold file, with the unmatched facts spelled out (``fp``/``fn``)."""

    id: str
    counts: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in FACT_TYPES})
    fp: dict[str, list[str]] = field(default_factory=lambda: {t: [] for t in FACT_TYPES})
    fn: dict[str, list[str]] = field(default_factory=lambda: {t: [] for t in FACT_TYPES})
    error: str | None = None
    # one per relational system fact: (fact type, confidence, rule, correct)
    hits: list[tuple[str, float | None, str, bool]] = field(default_factory=list)


def align[G, S](gold: Sequence[G], system: Sequence[S], strength: Callable[[G, S], int]) -> tuple[
        list[tuple[int, int]], list[int], list[int]]:
    """One-to-one greedy alignment, strongest pairs first, then in input order.

    Returns ``(pairs, unmatched_gold, unmatched_system)`` as index lists.
    """
    cands = sorted(((-s, gi, si) for gi, g in enumerate(gold) for si, x in enumerate(system)
                    if (s := strength(g, x)) > NONE))
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for _, gi, si in cands:
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            pairs.append((gi, si))
    return (sorted(pairs), [i for i in range(len(gold)) if i not in used_g],
            [i for i in range(len(system)) if i not in used_s])


def _strength(match: Callable[[Sequence[str], Sequence[str]], int], gold, names: Sequence[str]) -> int:
    """Entity alignment strength: an exact match on the gold CANONICAL name beats one on an ``alt`` (so a
    system that splits one entity in two has the duplicate, not the canonical one, reported as the error)."""
    s = match(gold.names, names)
    return s * 2 + (s == EXACT and match((gold.name,), names) == EXACT)


def _record(score: ArticleScore, kind: str, tp: int, fps: list[str], fns: list[str]) -> None:
    score.counts[kind] = Counts(tp, len(fps), len(fns))
    score.fp[kind] = fps
    score.fn[kind] = fns


def _lookup(items: Sequence[GoldName | GoldEvent], name: str) -> tuple[str, ...]:
    """All names of the gold entry called ``name`` (by fold), or just ``name`` when none is listed."""
    key = fold(name)
    for it in items:
        if any(fold(n) == key for n in it.names):
            return it.names
    return (name,)


def _show(names: Sequence[str]) -> str:
    return names[0] if names else "?"


def _names(sys: SysFacts, iri: str | None) -> tuple[str, ...]:
    return sys.names_of(iri) or ((iri.rsplit("/", 1)[-1],) if iri else ())


def score_article(gold: Gold, sys: SysFacts) -> ArticleScore:
    """Compare one gold file with the system's facts for the same article."""
    sc = ArticleScore(gold.label)

    # persons, with religious figures as absorbers that count neither way
    pairs, miss_g, miss_s = align(gold.persons, sys.persons, lambda g, s: _strength(name_match, g, _names(sys, s)))
    tp = sum(1 for gi, _ in pairs if not gold.persons[gi].religious_figure)
    _record(sc, "persons", tp, [_show(_names(sys, sys.persons[i])) for i in miss_s],
            [gold.persons[i].name for i in miss_g if not gold.persons[i].religious_figure])

    # which gold persons may each system entity stand for in a relation
    def cands(iri: str | None) -> set[str]:
        strengths = {p.name: name_match(p.names, _names(sys, iri)) for p in gold.persons} if iri else {}
        best = max(strengths.values(), default=NONE)
        return {n for n, s in strengths.items() if s == best} if best > NONE else set()

    person_of = {n: p for p in gold.persons for n in p.names}
    religious = {p.name for p in gold.persons if p.religious_figure}
    cache: dict[str | None, set[str]] = {}

    def same_person(gold_name: str, iri: str | None) -> bool:
        if iri not in cache:
            cache[iri] = cands(iri)
        return person_of[gold_name].name in cache[iri]

    for kind, gitems, sitems in (("organizations", gold.organizations, sys.organizations),
                                 ("events", gold.events, sys.events), ("places", gold.places, sys.places)):
        pairs, miss_g, miss_s = align(gitems, sitems, lambda g, s: _strength(phrase_match, g, _names(sys, s)))
        _record(sc, kind, len(pairs), [_show(_names(sys, sitems[i])) for i in miss_s],
                [gitems[i].name for i in miss_g])

    # posts
    def post_match(g, s) -> int:
        person, roles, org = s
        if not same_person(g.person, person):
            return NONE
        if any(role_match(g.role, r) for r in roles):
            if g.org is None or org is None:
                return EXACT if g.org is None and org is None else NONE
            if found := phrase_match(_lookup(gold.organizations, g.org), _names(sys, org)):
                return found
        if g.org is not None and org is not None:  # the same words split elsewhere between role and org
            whole = {fold(g.role + n) for n in _lookup(gold.organizations, g.org)}
            if any(fold(r + n) in whole for r in roles for n in _names(sys, org)):
                return TAIL
        return NONE

    pairs, miss_g, miss_s = align(gold.posts, sys.posts, post_match)
    _hits(sc, "posts", sys.confidence.get("posts"), len(sys.posts), pairs)
    _record(sc, "posts", len(pairs),
            [f"{_show(_names(sys, p))} — {_show(r)} @ {_show(_names(sys, o)) if o else '-'}"
             for p, r, o in (sys.posts[i] for i in miss_s)],
            [f"{g.person} — {g.role} @ {g.org or '-'}" for g in (gold.posts[i] for i in miss_g)])

    # participation
    gunits = _reduce((p.person, p.event, _HOW.get(p.how, p.how)) for p in gold.participation)
    sys_persons = set(sys.persons)
    sunits = _reduce((x, e, h) for x, e, h in sys.participation if x in sys_persons)

    def part_match(g, s) -> int:
        if not same_person(g[0], s[0]):
            return NONE
        if not phrase_match(_lookup(gold.events, g[1]), _names(sys, s[1])):
            return NONE
        return EXACT if g[2] == s[2] else TAIL if g[2] == "attendee" else NONE

    pairs, miss_g, miss_s = align(gunits, sunits, part_match)
    pconf = sys.confidence.get("participation") or {}
    _hits(sc, "participation", [pconf.get(u) for u in sunits], len(sunits), pairs)
    _record(sc, "participation", len(pairs),
            [f"{_show(_names(sys, x))} — {h} @ {_show(_names(sys, e))}" for x, e, h in (sunits[i] for i in miss_s)],
            [f"{p} — {h} @ {e}" for p, e, h in (gunits[i] for i in miss_g)])

    # quotes (a religious figure's quotes are not scored)
    gquotes = [q for q in gold.quotes if person_of[q.speaker].name not in religious]
    pairs, miss_g, miss_s = align(
        gquotes, sys.quotes, lambda g, s: EXACT if same_person(g.speaker, s[0]) and text_contains(s[1], g.snippet)
        else NONE)
    _hits(sc, "quotes", sys.confidence.get("quotes"), len(sys.quotes), pairs)
    _record(sc, "quotes", len(pairs),
            [f"{_show(_names(sys, c)) if c else '?'}: {t[:60]}" for c, t in (sys.quotes[i] for i in miss_s)],
            [f"{q.speaker}: {q.snippet}" for q in (gquotes[i] for i in miss_g)])

    # sub-organizations
    def sub_match(g, s) -> int:
        c = phrase_match(_lookup(gold.organizations, g.child), _names(sys, s[0]))
        p = phrase_match(_lookup(gold.organizations, g.parent), _names(sys, s[1]))
        return min(c, p)

    pairs, miss_g, miss_s = align(gold.suborganizations, sys.suborganizations, sub_match)
    _hits(sc, "suborganizations", sys.confidence.get("suborganizations"), len(sys.suborganizations), pairs)
    _record(sc, "suborganizations", len(pairs),
            [f"{_show(_names(sys, c))} ⊂ {_show(_names(sys, p))}" for c, p in (sys.suborganizations[i]
                                                                             for i in miss_s)],
            [f"{g.child} ⊂ {g.parent}" for g in (gold.suborganizations[i] for i in miss_g)])
    return sc


def _hits(sc: ArticleScore, kind: str, confidence: Sequence[tuple[float, str] | None] | None, n: int,
          pairs: Sequence[tuple[int, int]]) -> None:
    """Record each system fact of ``kind`` with its stated confidence and rule, and whether it matched gold."""
    matched = {si for _, si in pairs}
    conf = list(confidence or [])
    for i in range(n):
        c = conf[i] if i < len(conf) else None
        sc.hits.append((kind, c[0] if c else None, c[1] if c else "", i in matched))


def _reduce(units) -> list[tuple[str, str, str]]:
    """Distinct (person, event, how) units, dropping ``attendee`` where the same pair has speaker/honoree."""
    by_pair: dict[tuple[str, str], list[str]] = {}
    for person, event, how in units:
        hows = by_pair.setdefault((person, event), [])
        if how not in hows:
            hows.append(how)
    out = []
    for (person, event), hows in by_pair.items():
        if {"speaker", "honoree"} & set(hows):
            hows = [h for h in hows if h != "attendee"]
        out.extend((person, event, h) for h in hows)
    return out

