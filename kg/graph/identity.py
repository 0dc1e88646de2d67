"""Which entities of an article are the same thing as in other articles: the identity rules of ``docs/identity.md``.

The extractor gives every entity an identity key (its folded name). A key alone over-merges across articles: «دیدار»
is a different meeting in every article, «وزارت امور خارجه» is some country's ministry, a bare surname is some
person of that name. ``resolve`` decides, per entity, whether its key is enough (``global``), needs a qualifier
that the article supplies (``qualified``: a year, a country, a post), or stays inside its article (``article``).
The vocabularies are data: ``identity_events.tsv``, ``identity_orgs.tsv``, ``identity_words.tsv`` beside this
module, and the gazetteer ``kg/lexicons/places.tsv`` (read, never changed) for places written in a name.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from rdflib import URIRef

from kg.graph import iri
from kg.graph.vocab import DEFAULT_BASE
from kg.text import fold, name_key
from kg.types import Entity, Extraction

__all__ = ["Identity", "IdentityRules", "Scope", "entity_iris", "load_rules", "resolve"]

Scope = Literal["global", "qualified", "article"]

_DIGIT = re.compile(r"[0-9]")
_FIRST_ORDINALS = frozenset({"نخستین", "اولین"})
_PLACE_PREFIXES = ("استان", "شهر", "شهرستان")


@dataclass(frozen=True, slots=True)
class Identity:
    """How one entity is identified: its key, the qualifiers added to it, the scope and the rule that decided it.

    ``qualifiers`` become extra IRI path segments (``event/<key>/2008``); an ``article`` scope has the article's key
    as its last qualifiers (``in``, key). ``reason`` names the rule (documented in ``docs/identity.md``).
    """

    key: str
    qualifiers: tuple[str, ...]
    scope: Scope
    reason: str


@dataclass(frozen=True, slots=True)
class IdentityRules:
    """The identity vocabularies, folded: event heads, organization heads, words, places."""

    event_heads: dict[str, tuple[str, bool]]  # head key -> (scope, alone)
    org_heads: dict[str, str]  # head key -> "country" | "place" | "unit" | "host" | "sport"
    all_org_heads: frozenset[str]  # every head that opens an organization name (kg/lexicons/org_heads.tsv + ours)
    standalone_heads: frozenset[str]  # heads that alone name one organization (بسیج، سپاه)
    known_orgs: frozenset[str]  # keys of well-known organization names (kg/lexicons: known_orgs, org_aliases)
    sports: frozenset[str]
    national: frozenset[str]  # «ملی»: a national body, of the home country unless another is written
    given_names: frozenset[str]  # frequent given names (kg/lexicons/common_first_names.tsv), folded
    generic: frozenset[str]
    deictic: frozenset[str]
    country_words: dict[str, str]  # word -> country name
    home: str
    honorifics: frozenset[str]
    places: frozenset[str]  # place keys (name_key) written anywhere in a name
    prefixed_places: frozenset[str]  # place keys that are places only after استان/شهر/شهرستان
    countries: frozenset[str]  # country keys (name_key)
    months: frozenset[str]  # month names (folded): «۲۲ بهمن» is a date, not an edition


def _rows(text: str) -> Iterable[dict[str, str]]:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        yield {k: (v or "").strip() for k, v in row.items()}


def _read(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text("utf-8")


@cache
def load_rules() -> IdentityRules:
    """The shipped vocabularies (cached: they are read once per process)."""
    events = {name_key(r["form"]): (r["scope"], r["alone"] == "yes")
              for r in _rows(_read("kg.graph", "identity_events.tsv"))}
    bad = {s for s, _ in events.values()} - {"article", "recurring", "unique"}
    if bad:
        raise ValueError(f"identity_events.tsv: unknown scope {sorted(bad)}")
    orgs = {name_key(r["form"]): r["depends"] for r in _rows(_read("kg.graph", "identity_orgs.tsv"))}
    if set(orgs.values()) - {"country", "place", "unit", "host", "sport"}:
        raise ValueError("identity_orgs.tsv: depends must be country, place, unit, host or sport")
    heads = list(_rows(_read("kg", "lexicons/org_heads.tsv")))
    known = {name_key(r["form"]) for r in _rows(_read("kg", "lexicons/known_orgs.tsv"))}
    for r in _rows(_read("kg", "lexicons/org_aliases.tsv")):
        known |= {name_key(r["form"]), name_key(r["canonical"])}
    for r in _rows(_read("kg", "lexicons/agencies.tsv")):
        known.add(name_key(r["canonical"]))
    words: dict[str, list[tuple[str, str]]] = {}
    for r in _rows(_read("kg.graph", "identity_words.tsv")):
        words.setdefault(r["kind"], []).append((fold(r["form"]), r["value"]))
    homes = words.get("home", [])
    if len(homes) != 1:
        raise ValueError("identity_words.tsv: exactly one home row")
    places, prefixed, countries = set(), set(), set()
    for r in _rows(_read("kg", "lexicons/places.tsv")):
        key = name_key(r["form"])
        (prefixed if r.get("needs_prefix") in ("yes", "y", "true", "1") else places).add(key)
        if r.get("kind") == "country":
            countries.add(key)
    months = frozenset(fold(r["form"]) for r in _rows(_read("kg", "lexicons/months.tsv")))
    return IdentityRules(
        event_heads=events,
        org_heads=orgs,
        all_org_heads=frozenset(orgs) | {name_key(r["form"]) for r in heads},
        standalone_heads=frozenset(name_key(r["form"]) for r in heads if r.get("standalone") == "yes"),
        known_orgs=frozenset(known),
        sports=frozenset(w for w, _ in words.get("sport", [])),
        national=frozenset(w for w, _ in words.get("national", [])),
        given_names=frozenset(fold(r["form"]) for r in _rows(_read("kg", "lexicons/common_first_names.tsv"))),
        generic=frozenset(w for w, _ in words.get("generic", [])),
        deictic=frozenset(w for w, _ in words.get("deictic", [])),
        country_words={w: v for w, v in words.get("country", [])},
        home=homes[0][0],
        honorifics=frozenset(name_key(w) for w, _ in words.get("honorific", [])),
        places=frozenset(places),
        prefixed_places=frozenset(prefixed),
        countries=frozenset(countries),
        months=months,
    )


# -- word-level matching (a multi-word form matches with or without its spaces and ZWNJs) --------------------------


def _words(name: str) -> list[str]:
    return fold(name).split()


def _prefix_len(words: list[str], keys: Iterable[str] | dict) -> tuple[int, str]:
    """The longest run of leading words whose spaceless form is one of ``keys``: (words consumed, key)."""
    best = (0, "")
    joined = ""
    for i, w in enumerate(words[:6]):
        joined += w
        if joined in keys:
            best = (i + 1, joined)
    return best


def _places_in(words: list[str], rules: IdentityRules) -> list[int]:
    """Indexes (of the last word) of every place the gazetteer or a country word writes in ``words``."""
    found = []
    for i in range(len(words)):
        joined = ""
        for j in range(i, min(i + 4, len(words))):
            joined += words[j]
            prefixed = i > 0 and words[i - 1] in _PLACE_PREFIXES
            if joined in rules.places or (prefixed and joined in rules.prefixed_places) or (
                    i == j and joined in rules.country_words):
                found.append(j)
    return found


def _needs_place(words: list[str], rules: IdentityRules) -> bool:
    """A deictic word (استان، کشوری…) with no place written after it: the name means "the one of this article"."""
    deictic = [i for i, w in enumerate(words) if w in rules.deictic]
    return bool(deictic) and not any(j > deictic[-1] for j in _places_in(words, rules))


def _has_edition(words: list[str], months: frozenset[str]) -> bool:
    """An ordinal (سی و هفتمین، نخستین) or a number that is not a day of a month (راهپیمایی «۲۲ بهمن» recurs)."""
    for i, w in enumerate(words):
        if w in _FIRST_ORDINALS or (len(w) > 4 and w.endswith("مین")):
            return True
        glued_month = _DIGIT.sub("", w) in months  # ۲۲بهمن
        if _DIGIT.search(w) and not glued_month and not (i + 1 < len(words) and words[i + 1] in months):
            return True
    return False


# -- the rules ----------------------------------------------------------------------------------------------------


def _event(e: Entity, ex: Extraction, rules: IdentityRules, article_key: str) -> Identity:
    words = _words(e.name)
    n, head = _prefix_len(words, rules.event_heads)
    # a name that opens with no head noun is a title of its own (فاتحان بیت‌المقدس ۳): named, and it may recur
    scope, alone = rules.event_heads[head] if n else ("recurring", True)

    def local(reason: str) -> Identity:
        return Identity(e.key, ("in", article_key), "article", reason)

    if scope == "article":
        return local("event-per-article")
    if _needs_place(words, rules):
        return Identity(e.key, (name_key(e.place),), "qualified", "event-place") if e.place else local("event-deictic")
    if not alone and not [w for w in words[n:] if w not in rules.generic]:
        return local("event-unnamed")
    if scope == "unique":
        return Identity(e.key, (), "global", "event-named-unique")
    if _has_edition(words, rules.months):
        return Identity(e.key, (), "global", "event-edition")
    when = e.date or ex.article.published
    if when is not None:
        return Identity(e.key, (str(when.year),), "qualified", "event-year")
    return local("event-recurring-undated")


def _foreign_country_named(ex: Extraction, rules: IdentityRules) -> bool:
    """Whether the article names a country other than the home country (as a place, or a word of its text)."""
    home = name_key(rules.home)
    for e in ex.entities:
        if e.kind == "Place" and e.key in rules.countries and e.key != home:
            return True
    keys = {t.key for t in ex.doc.tokens} if ex.doc.tokens else set(fold(ex.article.text).split())
    for k in keys:
        for stem in (k, k[:-1], k[:-2]):
            if stem in rules.countries and stem != home and len(stem) > 2:
                return True
    return False


class _OrgContext:
    """What the organization rules need from one article, computed once and only when asked."""

    def __init__(self, ex: Extraction, rules: IdentityRules, article_key: str) -> None:
        self.ex, self.rules, self.article_key = ex, rules, article_key
        self._foreign: bool | None = None

    @property
    def foreign(self) -> bool:
        if self._foreign is None:
            self._foreign = _foreign_country_named(self.ex, self.rules)
        return self._foreign

    def local(self, key: str, reason: str) -> Identity:
        return Identity(key, ("in", self.article_key), "article", reason)


def _gazetteer_places(words: list[str], rules: IdentityRules) -> list[int]:
    """Places of the gazetteer written in ``words`` (country words such as «اسلامی» do not count here)."""
    return [j for j in _places_in(words, rules) if not (words[j] in rules.country_words
                                                        and words[j] not in rules.places)]


def _org_words(words: list[str], key: str, e: Entity, ctx: _OrgContext) -> Identity:
    """The identity of an organization named by ``words`` (a name, or the parent part of a unit's name)."""
    rules = ctx.rules
    if key in rules.known_orgs and not _prefix_len(words, rules.org_heads)[0]:
        return Identity(key, (), "global", "org-known")
    if _needs_place(words, rules):
        if e.place:
            return Identity(key + name_key(e.place), (), "qualified", "org-place")
        return ctx.local(key, "org-deictic")
    n, head = _prefix_len(words, rules.org_heads)
    depends = rules.org_heads.get(head, "")
    places = _gazetteer_places(words, rules)
    if depends == "host":  # an embassy names its country; where it is, the name may not say
        if len(set(places)) >= 2 or (places and e.place):
            return Identity(key + (name_key(e.place) if e.place and len(set(places)) < 2 else ""), (),
                            "global", "org-embassy")
        return ctx.local(key, "org-embassy-host-unknown")
    if depends == "sport":
        if not any(w in rules.sports for w in words):
            return ctx.local(key, "org-team-no-sport")
        depends = "country" if any(w in rules.national for w in words) else ""
    if depends == "unit" and key not in rules.known_orgs:
        j = next((i for i in range(max(n, 1), len(words)) if _prefix_len(words[i:], rules.all_org_heads)[0]), 0)
        own = words[n:j] if j else words[n:]
        content = [w for w in own if w not in rules.generic and w not in rules.deictic]
        if j and content:  # a named unit of a named parent (گروه «بین‌الملل» خبرگزاری فارس): as its parent is
            parent = _org_words(words[j:], name_key(" ".join(words[j:])), e, ctx)
            return Identity(key, parent.qualifiers, parent.scope, f"org-unit-of-{parent.scope}")
        if not _gazetteer_places(own, rules):
            depends = "place"  # دفتر منطقه‌ای خبرگزاری فارس، ستاد خبری: one of many, and the name says not which
        places = _gazetteer_places(own, rules)
    if depends == "place" and not places and key not in rules.known_orgs:
        if any(w in rules.national for w in words):
            depends = "country"
        elif e.place:
            return Identity(key + name_key(e.place), (), "qualified", "org-place")
        else:
            return ctx.local(key, "org-needs-place")
    m, _ = _prefix_len(words, rules.all_org_heads)
    standalone = m == len(words) and name_key(" ".join(words)) in rules.standalone_heads
    content = [w for w in words[m:] if w not in rules.generic and w not in rules.country_words
               and w not in rules.national]
    bare_country_head = depends == "country" and m == len(words)  # «دولت», «وزارتخانه»: a country's, below
    if m and not content and not standalone and not bare_country_head and not places and key not in rules.known_orgs:
        return ctx.local(key, "org-unnamed")  # شبکه تلویزیونی، شرکت داخلی، جامعه اسلامی، نیروی انسانی
    if depends == "country" and not places and not any(w in rules.country_words for w in words):
        if e.country:
            return Identity(key + name_key(e.country), (), "qualified", "org-country")
        if not ctx.foreign:
            return Identity(key + name_key(rules.home), (), "qualified", "org-home-country")
        return ctx.local(key, "org-country-unknown")
    return Identity(key, (), "global", "org-named")


def _place(e: Entity, rules: IdentityRules, article_key: str) -> Identity:
    """A place name is global, unless it is only «شهر / استان / شهرستان» and generic words (شهر «مقدس»)."""
    words = _words(e.name)
    if len(words) > 1 and words[0] in _PLACE_PREFIXES and all(w in rules.generic for w in words[1:]):
        return Identity(e.key, ("in", article_key), "article", "place-unnamed")
    return Identity(e.key, (), "global", "place-name")


def _patronymic(word: str, given: frozenset[str]) -> bool:
    """A surname made of a frequent given name + ی (حسینی، رضایی، موسوی): the commonest surnames of Iran."""
    if len(word) < 4 or not word.endswith("ی"):
        return False
    return any(stem in given for stem in (word[:-1], word[:-2], word[:-2] + "ی"))


def _person(e: Entity, ex: Extraction, rules: IdentityRules, article_key: str,
            resolved: dict[str, Identity]) -> Identity:
    words = _words(e.name)
    common = len(words) > 1 and words[0] in rules.given_names and _patronymic(words[-1], rules.given_names)
    if len(words) > 1 and not common:
        return Identity(e.key, (), "global", "person-full-name")
    for h in e.honorifics:
        if name_key(h) in rules.honorifics:
            return Identity(e.key, ("as", name_key(h)), "qualified", "person-honorific")
    posts = sorted((p for p in ex.posts if p.person == e.id and p.org is not None),
                   key=lambda p: (-p.evidence.confidence, p.evidence.start, p.role))
    for p in posts:
        org = resolved.get(p.org)  # type: ignore[arg-type]
        if org is not None and org.scope != "article":
            return Identity(e.key, ("as", name_key(p.role), org.key, *org.qualifiers), "qualified", "person-post")
    # حسین حسینی، علی رستمی: many men bear the name; a bare surname: anyone of that name
    return Identity(e.key, ("in", article_key), "article", "person-common-name" if common else "person-bare-name")


def resolve(ex: Extraction, article_key: str, rules: IdentityRules | None = None) -> dict[str, Identity]:
    """Entity id → its ``Identity``, for every entity of ``ex``. ``article_key`` scopes what stays in the article.

    Organizations go first: a bare surname's post evidence needs its organization's identity.
    """
    rules = rules or load_rules()
    out: dict[str, Identity] = {}
    ctx = _OrgContext(ex, rules, article_key)
    for e in ex.entities:
        if e.kind == "Organization":
            out[e.id] = _org_words(_words(e.name), e.key, e, ctx)
        elif e.kind == "Event":
            out[e.id] = _event(e, ex, rules, article_key)
        elif e.kind == "Place":
            out[e.id] = _place(e, rules, article_key)
    for e in ex.entities:
        if e.kind == "Person":
            out[e.id] = _person(e, ex, rules, article_key, out)
    return out


def entity_iris(ex: Extraction, base_iri: str = DEFAULT_BASE, rules: IdentityRules | None = None) -> dict[str, URIRef]:
    """Entity id → IRI for every entity of ``ex``, after the identity rules (what the graph and every count use)."""
    ids = resolve(ex, iri.article_key(ex.article), rules)
    return {e.id: iri.entity_iri(e.kind, ids[e.id].key, base_iri, ids[e.id].qualifiers) for e in ex.entities}
