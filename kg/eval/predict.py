"""What the system claims about one article, read back FROM THE GRAPH with SPARQL over the contract's terms only.

``kg eval`` never looks at the extractor's Python objects: whatever a user could query is what gets scored. Facts
are read from the article's own named graph (the graph holding its ``schema:NewsArticle``); names of the entities
(``rdfs:label``/``skos:altLabel``) come from that graph, or from any graph when it has none for an entity.

Works on anything with a SPARQL ``query(str)`` method: an rdflib ``Dataset``/``Graph`` or a pyoxigraph ``Store``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ArticleGraph", "SysFacts", "find_article_graphs", "predict", "select"]

PREFIXES = """\
PREFIX pv: <https://w3id.org/peyvand/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
MEMBER_ROLE = "عضو"
PARTICIPATION = {"schema:attendee": "attendee", "pv:speaker": "speaker", "pv:honoree": "honoree",
                 "schema:organizer": "organizer"}
_IRI = {"holds": "http://www.w3.org/ns/org#holds", "memberOf": "http://www.w3.org/ns/org#memberOf",
        "creator": "https://schema.org/creator", "sub": "http://www.w3.org/ns/org#subOrganizationOf"}
_PRED_IRI = {
    "https://schema.org/attendee": "attendee",
    "https://w3id.org/peyvand/ontology#speaker": "speaker",
    "https://w3id.org/peyvand/ontology#honoree": "honoree",
    "https://schema.org/organizer": "organizer",
}


@dataclass(frozen=True, slots=True)
class ArticleGraph:
    """A ``schema:NewsArticle`` and the named graph that holds it."""

    graph: str
    article: str
    identifiers: tuple[str, ...] = ()
    url: str | None = None


@dataclass(slots=True)
class SysFacts:
    """The system's facts for one article. Entities are IRIs; ``names[iri]`` lists label first, then altLabels."""

    persons: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    posts: list[tuple[str, tuple[str, ...], str | None]] = field(default_factory=list)  # person, role names, org
    participation: list[tuple[str, str, str]] = field(default_factory=list)  # person, event, how
    quotes: list[tuple[str | None, str]] = field(default_factory=list)  # speaker, text
    suborganizations: list[tuple[str, str]] = field(default_factory=list)  # child, parent
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # (confidence, rule) the graph states for each fact (pv:confidence and pv:extractor of its rdf:Statement),
    # parallel to the lists above: "posts", "quotes", "suborganizations" by index, "participation" by unit
    confidence: dict[str, Any] = field(default_factory=dict)

    def names_of(self, iri: str | None) -> tuple[str, ...]:
        return self.names.get(iri, ()) if iri else ()


def _value(term: Any) -> str | None:
    if term is None:
        return None
    value = getattr(term, "value", None)  # pyoxigraph terms
    return str(value) if isinstance(value, str) else str(term)


def select(store: Any, query: str) -> list[dict[str, str | None]]:
    """Run a SELECT (with the contract's prefixes) and return rows as ``{var: lexical value or IRI}``."""
    result = store.query(PREFIXES + query)
    rows: list[dict[str, str | None]] = []
    if hasattr(result, "vars") and result.vars is not None:  # rdflib
        names = [str(v) for v in result.vars]
        for row in result:
            rows.append({n: _value(row[i]) for i, n in enumerate(names)})
        return rows
    names = [v.value for v in result.variables]  # pyoxigraph
    for sol in result:
        rows.append({n: _value(sol[n]) for n in names})
    return rows


def find_article_graphs(store: Any) -> list[ArticleGraph]:
    """Every named graph holding a ``schema:NewsArticle``, with the article's identifiers and URL."""
    rows = select(store, """
SELECT ?g ?a ?id ?url WHERE { GRAPH ?g {
  ?a a schema:NewsArticle .
  OPTIONAL { ?a schema:identifier|dcterms:identifier ?id }
  OPTIONAL { ?a schema:url ?url }
} }""")
    found: dict[tuple[str, str], tuple[set[str], str | None]] = {}
    for r in rows:
        ids, url = found.setdefault((r["g"], r["a"]), (set(), None))
        if r["id"]:
            ids.add(r["id"])
        if r["url"] and not url:
            found[(r["g"], r["a"])] = (ids, r["url"])
    return [ArticleGraph(g, a, tuple(sorted(ids)), url) for (g, a), (ids, url) in sorted(found.items())]


def _iri(x: str) -> str:
    return "<" + x.replace(">", "%3E") + ">"


def _typed(store: Any, g: str, cls: str) -> list[str]:
    rows = select(store, f"""
SELECT DISTINCT ?x WHERE {{
  {{ GRAPH {g} {{ ?x a {cls} }} }}
  UNION {{ GRAPH {g} {{ ?a a schema:NewsArticle ; schema:mentions ?x }} {{ GRAPH ?h {{ ?x a {cls} }} }} }}
}} ORDER BY ?x""")
    return [r["x"] for r in rows if r["x"]]


def _names(store: Any, g: str, iris: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Labels (first) and altLabels of ``iris``: from graph ``g``, else from any graph or the default graph."""
    wanted = sorted(set(iris))
    found: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))

    def collect(rows: list[dict[str, str | None]]) -> None:
        for r in rows:
            labels, alts = found[r["x"]]
            bucket = labels if r["p"].endswith("#label") else alts
            if r["l"] and r["l"] not in bucket:
                bucket.append(r["l"])

    for i in range(0, len(wanted), 200):
        values = " ".join(_iri(x) for x in wanted[i : i + 200])
        collect(select(store, f"""
SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {values} }} VALUES ?p {{ rdfs:label skos:altLabel }}
  GRAPH {g} {{ ?x ?p ?l }} }} ORDER BY ?x ?p ?l"""))
    missing = [x for x in wanted if x not in found]
    for i in range(0, len(missing), 200):
        values = " ".join(_iri(x) for x in missing[i : i + 200])
        collect(select(store, f"""
SELECT DISTINCT ?x ?p ?l WHERE {{ VALUES ?x {{ {values} }} VALUES ?p {{ rdfs:label skos:altLabel }}
  {{ GRAPH ?h {{ ?x ?p ?l }} }} UNION {{ ?x ?p ?l }} }} ORDER BY ?x ?p ?l"""))
    return {x: tuple(labels + [a for a in alts if a not in labels]) for x, (labels, alts) in found.items()}


def predict(store: Any, graph: str) -> SysFacts:
    """Read one article's facts from its named graph ``graph`` (an IRI string)."""
    g = _iri(graph)
    facts = SysFacts(
        persons=_typed(store, g, "pv:Person"),
        organizations=_typed(store, g, "pv:Organization"),
        events=_typed(store, g, "pv:Event"),
        places=_typed(store, g, "pv:Place"),
    )
    posts = select(store, f"""
SELECT DISTINCT ?p ?post ?r ?o WHERE {{
  GRAPH {g} {{ ?p org:holds ?post }}
  OPTIONAL {{ {{ GRAPH ?h1 {{ ?post org:role ?r }} }} UNION {{ ?post org:role ?r }} }}
  OPTIONAL {{ {{ GRAPH ?h2 {{ ?post org:postIn ?o }} }} UNION {{ ?post org:postIn ?o }} }}
}} ORDER BY ?p ?post ?r ?o""")
    parts = select(store, f"""
SELECT DISTINCT ?e ?pred ?x WHERE {{
  VALUES ?pred {{ {" ".join(PARTICIPATION)} }}
  GRAPH {g} {{ ?e ?pred ?x }} }} ORDER BY ?e ?pred ?x""")
    quotes = select(store, f"""
SELECT DISTINCT ?q ?c ?t WHERE {{ GRAPH {g} {{
  ?q a schema:Quotation .
  OPTIONAL {{ ?q schema:creator ?c }}
  OPTIONAL {{ ?q schema:text ?t }} }} }} ORDER BY ?q ?c ?t""")
    subs = select(store, f"""
SELECT DISTINCT ?c ?p WHERE {{ GRAPH {g} {{ ?c org:subOrganizationOf ?p }} }} ORDER BY ?c ?p""")
    members = select(store, f"""
SELECT DISTINCT ?p ?o WHERE {{ GRAPH {g} {{ ?p org:memberOf ?o }} }} ORDER BY ?p ?o""")
    conf: dict[tuple[str | None, str | None, str | None], tuple[float, str]] = {}
    for r in select(store, f"""
SELECT ?s ?p ?o ?c ?x WHERE {{ GRAPH {g} {{
  ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; pv:confidence ?c .
  OPTIONAL {{ ?st pv:extractor ?x }} }} }}"""):
        key = (r["s"], r["p"], r["o"])
        found = (float(r["c"] or 0.0), r["x"] or "")
        conf[key] = max(conf.get(key, found), found)

    iris = set(facts.persons + facts.organizations + facts.events + facts.places)
    iris |= {r[k] for r in posts for k in ("p", "r", "o") if r[k]}
    iris |= {r[k] for r in parts for k in ("e", "x") if r[k]}
    iris |= {r["c"] for r in quotes if r["c"]}
    iris |= {r[k] for r in subs for k in ("c", "p")}
    iris |= {r[k] for r in members for k in ("p", "o")}
    facts.names = _names(store, g, iris)

    roles: dict[tuple[str, str], tuple[list[str], str | None]] = {}
    for r in posts:
        role_names, org = roles.setdefault((r["p"], r["post"]), ([], None))
        for name in facts.names_of(r["r"]):
            if name not in role_names:
                role_names.append(name)
        if r["o"] and org is None:
            roles[(r["p"], r["post"])] = (role_names, r["o"])
    facts.posts = [(p, tuple(names), org) for (p, _), (names, org) in roles.items()]
    post_conf = [conf.get((p, _IRI["holds"], post)) for (p, post) in roles]
    # membership without a named post is scored as the post "عضو" (member) in that organization
    held = {(p, o) for p, names, o in facts.posts if MEMBER_ROLE in names}
    extra = [r for r in members if (r["p"], r["o"]) not in held]
    facts.posts += [(r["p"], (MEMBER_ROLE,), r["o"]) for r in extra]
    post_conf += [conf.get((r["p"], _IRI["memberOf"], r["o"])) for r in extra]
    facts.participation = [(r["x"], r["e"], _PRED_IRI[r["pred"]]) for r in parts if r["pred"] in _PRED_IRI]
    part_conf = {(r["x"], r["e"], _PRED_IRI[r["pred"]]): conf.get((r["e"], r["pred"], r["x"]))
                 for r in parts if r["pred"] in _PRED_IRI}
    by_quote: dict[str, tuple[str | None, list[str]]] = {}
    for r in quotes:
        _, texts = by_quote.setdefault(r["q"], (r["c"], []))
        if r["t"] and r["t"] not in texts:
            texts.append(r["t"])
    facts.quotes = [(speaker, " ".join(texts)) for speaker, texts in by_quote.values()]
    facts.suborganizations = [(r["c"], r["p"]) for r in subs]
    facts.confidence = {
        "posts": post_conf, "participation": part_conf,
        "quotes": [conf.get((q, _IRI["creator"], speaker)) for q, (speaker, _) in by_quote.items()],
        "suborganizations": [conf.get((r["c"], _IRI["sub"], r["p"])) for r in subs],
    }
    return facts
