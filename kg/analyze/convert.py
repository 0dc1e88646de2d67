"""Project the RDF knowledge graph onto a typed networkx graph.

The projection keeps what analysis and views need: one node per entity (person, organization, post, event, place)
and one edge per kind of fact (holds, in, unit of, attended, spoke at, honoured at, said...), each edge weighted by
the number of distinct articles that support it and carrying the evidence sentences that state it. Article text
is kept verbatim here; escaping is the job of whatever renders it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import networkx as nx
from rdflib import RDF, RDFS, Dataset, Literal, URIRef
from rdflib.namespace import FOAF, ORG, PROV, SDO, SKOS

from kg.errors import InputError
from kg.graph.vocab import PV
from kg.store import open_store

__all__ = ["EDGE_KINDS", "NODE_TYPES", "EdgeKind", "find_entity", "read_dataset", "to_networkx", "to_undirected"]

NODE_TYPES = ("person", "organization", "post", "event", "place")

_CLASS_TYPES = {
    PV.Person: "person", SDO.Person: "person", FOAF.Person: "person",
    PV.Organization: "organization", ORG.Organization: "organization", SDO.Organization: "organization",
    ORG.Post: "post",
    PV.Event: "event", SDO.Event: "event",
    PV.Place: "place", SDO.Place: "place",
}


@dataclass(frozen=True, slots=True)
class EdgeKind:
    """How one contract predicate becomes a projected edge.

    ``reverse`` flips the direction so that edges read as a sentence from the actor: the RDF says
    ``event schema:attendee person``; the projection says ``person -attended-> event``.
    """

    predicate: URIRef
    kind: str
    reverse: bool
    source_type: str
    target_type: str


EDGE_KINDS = (
    EdgeKind(ORG.holds, "holds", False, "person", "post"),
    EdgeKind(ORG.postIn, "in", False, "post", "organization"),
    EdgeKind(ORG.subOrganizationOf, "unit of", False, "organization", "organization"),
    EdgeKind(ORG.memberOf, "member of", False, "person", "organization"),
    EdgeKind(SDO.attendee, "attended", True, "person", "event"),
    EdgeKind(PV.speaker, "spoke at", True, "person", "event"),
    EdgeKind(PV.honoree, "honoured at", True, "person", "event"),
    EdgeKind(SDO.organizer, "organized", True, "person", "event"),
    EdgeKind(PV.occasion, "on occasion of", False, "event", "event"),
    EdgeKind(SDO.location, "at", False, "event", "place"),
)
_BY_PREDICATE = {k.predicate: k for k in EDGE_KINDS}


def read_dataset(source: str | Path) -> Dataset:
    """Open SOURCE (a store directory or any RDF file ``kg build`` writes) read-only as a Dataset.

    Raises a ``PeyvandError`` (``StoreError``) with a one-line message for a missing or unreadable source.
    """
    return open_store(source, read_only=True)


def _best_label(labels: Iterable[Literal]) -> str | None:
    """Prefer a Persian label, then an untagged one, then anything; ties broken by text for determinism."""
    ranked = sorted(labels, key=lambda lit: (lit.language != "fa", lit.language is not None, str(lit)))
    return str(ranked[0]) if ranked else None


def _article_of_graph(ds: Dataset) -> dict[URIRef, URIRef]:
    """Map each named graph to the article it holds (the graph itself when it declares none)."""
    out = {}
    for s, _, _, g in ds.quads((None, RDF.type, SDO.NewsArticle, None)):
        if g is not None:
            out.setdefault(g if isinstance(g, URIRef) else g.identifier, s)
    return out


def to_networkx(ds: Dataset) -> nx.MultiDiGraph:
    """Project a Peyvand dataset onto a typed, evidence-carrying MultiDiGraph.

    Nodes are entity IRIs with attributes ``label``, ``type`` (one of ``NODE_TYPES``), ``alt_labels``,
    ``honorifics``, ``articles`` (sorted article IRIs that mention or state facts about it) and, for people,
    ``quotes``. Edges are keyed by their kind and carry ``kind``, ``weight`` (distinct supporting articles),
    ``articles`` and ``evidence``: a list of ``{"text", "article", "confidence", "extractor"}`` dicts.
    ``G.graph["articles"]`` maps each article to its ``headline``, ``datePublished`` and ``url`` when known.

    Examples
    --------
    >>> from rdflib import Dataset
    >>> ds = Dataset()
    >>> _ = ds.parse(data='''
    ... @prefix pv: <https://w3id.org/peyvand/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... <urn:g1> { <urn:p> a pv:Person ; rdfs:label "علی"@fa ; org:holds <urn:post> .
    ...            <urn:post> a org:Post ; rdfs:label "وزیر"@fa . }''', format="trig")
    >>> G = to_networkx(ds)
    >>> G.nodes["urn:p"]["type"], G.nodes["urn:p"]["label"]
    ('person', 'علی')
    >>> [(u, v, d["kind"], d["weight"]) for u, v, d in G.edges(data=True)]
    [('urn:p', 'urn:post', 'holds', 1)]
    """
    graph_article = _article_of_graph(ds)
    types: dict[str, str] = {}
    labels: dict[str, list[Literal]] = defaultdict(list)
    alts: dict[str, set[str]] = defaultdict(set)
    honorifics: dict[str, set[str]] = defaultdict(set)
    mentions: dict[str, set[str]] = defaultdict(set)
    facts: dict[tuple[str, str, str], set[str]] = defaultdict(set)  # (s, kind-predicate, o) -> articles
    statements: dict[URIRef, dict] = defaultdict(dict)
    quotes: dict[URIRef, dict] = defaultdict(lambda: {"articles": set()})
    articles_meta: dict[str, dict] = defaultdict(dict)

    for s, p, o, g in ds.quads((None, None, None, None)):
        gid = g if isinstance(g, URIRef) else getattr(g, "identifier", None)
        article = str(graph_article.get(gid, gid)) if gid is not None else ""
        if p == RDF.type:
            if o in _CLASS_TYPES:
                types.setdefault(str(s), _CLASS_TYPES[o])
        elif p == RDFS.label and isinstance(o, Literal):
            labels[str(s)].append(o)
        elif p == SKOS.altLabel:
            alts[str(s)].add(str(o))
        elif p == PV.honorific:
            honorifics[str(s)].add(str(o))
        elif p == SDO.mentions:
            mentions[str(o)].add(str(s))
        elif p in _BY_PREDICATE and isinstance(o, URIRef):
            facts[(str(s), str(p), str(o))].add(article)
        elif p in (RDF.subject, RDF.predicate, RDF.object, PROV.wasDerivedFrom, PV.evidence, PV.confidence,
                   PV.extractor):
            statements[s][p] = o
        elif p in (SDO.creator, PV.saidAt, SDO.text):
            quotes[s][p] = o
            if article:
                quotes[s]["articles"].add(article)
        elif p in (SDO.headline, SDO.name, SDO.datePublished, SDO.url):
            articles_meta[str(s)][str(p).rsplit("/", 1)[-1]] = str(o)

    evidence: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for st in statements.values():
        if RDF.subject not in st or RDF.predicate not in st or RDF.object not in st:
            continue
        key = (str(st[RDF.subject]), str(st[RDF.predicate]), str(st[RDF.object]))
        art = str(st.get(PROV.wasDerivedFrom, ""))
        conf = st.get(PV.confidence)
        evidence[key].append({
            "text": str(st.get(PV.evidence, "")),
            "article": art,
            "confidence": float(conf) if conf is not None else None,
            "extractor": str(st.get(PV.extractor, "")),
        })
        if art and key in facts:
            facts[key].add(art)

    G = nx.MultiDiGraph()

    def _node(iri: str, fallback_type: str) -> None:
        if iri in G:
            return
        label = _best_label(labels.get(iri, ())) or unquote(iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1])
        G.add_node(iri, type=types.get(iri, fallback_type), label=label,
                   alt_labels=sorted(alts.get(iri, ())), honorifics=sorted(honorifics.get(iri, ())),
                   articles=sorted(mentions.get(iri, ())), quotes=[])

    for iri, kind in sorted(types.items()):
        _node(iri, kind)
    for (s, p, o), arts in sorted(facts.items()):
        ek = _BY_PREDICATE[URIRef(p)]
        src, dst = (o, s) if ek.reverse else (s, o)
        _node(src, ek.source_type)
        _node(dst, ek.target_type)
        arts = sorted(a for a in arts if a)
        ev = sorted(evidence.get((s, p, o), []), key=lambda e: (e["article"], e["text"]))
        G.add_edge(src, dst, key=ek.kind, kind=ek.kind, predicate=p, weight=max(1, len(arts)), articles=arts,
                   evidence=ev)

    said: dict[tuple[str, str], dict] = {}
    for q in quotes.values():
        creator = q.get(SDO.creator)
        if creator is None:
            continue
        who = str(creator)
        _node(who, "person")
        text = str(q.get(SDO.text, ""))
        arts = sorted(q["articles"])
        event = q.get(PV.saidAt)
        G.nodes[who]["quotes"].append({"text": text, "event": str(event) if event else None, "articles": arts})
        if event is not None:
            _node(str(event), "event")
            entry = said.setdefault((who, str(event)), {"articles": set(), "evidence": []})
            entry["articles"].update(arts)
            entry["evidence"].append({"text": text, "article": arts[0] if arts else "", "confidence": None,
                                      "extractor": "quote"})
    for (who, event), entry in sorted(said.items()):
        arts = sorted(entry["articles"])
        G.add_edge(who, event, key="said", kind="said", predicate=str(PV.saidAt), weight=max(1, len(arts)),
                   articles=arts, evidence=sorted(entry["evidence"], key=lambda e: e["text"]))

    for iri, data in G.nodes(data=True):
        arts = set(data["articles"])
        for _, _, d in G.edges(iri, data=True):
            arts.update(d["articles"])
        for _, _, d in G.in_edges(iri, data=True):
            arts.update(d["articles"])
        data["articles"] = sorted(arts)
        data["quotes"].sort(key=lambda q: q["text"])
    G.graph["articles"] = {a: dict(m) for a, m in sorted(articles_meta.items())}
    return G


def to_undirected(G: nx.MultiDiGraph) -> nx.Graph:
    """Collapse kinds and directions into a simple weighted Graph (weights summed) for centrality and paths.

    Examples
    --------
    >>> M = nx.MultiDiGraph()
    >>> M.add_edge("a", "b", key="holds", weight=2)
    'holds'
    >>> M.add_edge("b", "a", key="in", weight=1)
    'in'
    >>> to_undirected(M).edges(data="weight")
    EdgeDataView([('a', 'b', 3)])
    """
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for u, v, d in G.edges(data=True):
        w = d.get("weight", 1)
        if H.has_edge(u, v):
            H[u][v]["weight"] += w
            H[u][v]["kinds"].append(d.get("kind", ""))
        else:
            H.add_edge(u, v, weight=w, kinds=[d.get("kind", "")])
    return H


def find_entity(G: nx.Graph, query: str) -> str:
    """Resolve an IRI (as stored or as read, percent-decoded), a label or an alternative label to one node; raise
    ``InputError`` when none or many match.

    Names equal to the query (labels or alternative labels) win over substring matches; among several equal ones a
    single person, else a single organization, else a single label wins (a surname names the person before an event
    that carries it; «مجلس» names the organization labelled so before those that also go by it); a unique substring
    match is accepted.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("urn:a", label="علی رضایی", alt_labels=["رضایی"], type="person")
    >>> G.add_node("urn:b", label="حسین موسوی", alt_labels=[], type="person")
    >>> G.add_node("urn:e", label="رضایی", alt_labels=[], type="event")
    >>> find_entity(G, "رضایی"), find_entity(G, "موسوی"), find_entity(G, "urn:b")
    ('urn:a', 'urn:b', 'urn:b')
    """
    if query in G:
        return query
    q = " ".join(query.split())
    if ":" in q:
        iris = [n for n in G if isinstance(n, str) and unquote(n) == q]
        if len(iris) == 1:
            return iris[0]
    named = [n for n, d in G.nodes(data=True) if q == d.get("label")]
    exact = named + [n for n, d in G.nodes(data=True) if q != d.get("label") and q in d.get("alt_labels", ())]
    for pool in (exact, *([n for n in exact if G.nodes[n].get("type") == k] for k in ("person", "organization")),
                 named):
        if len(pool) == 1:
            return pool[0]
    partial = exact or [n for n, d in G.nodes(data=True)
                        if q in d.get("label", "") or any(q in a for a in d.get("alt_labels", ()))]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise InputError(f"no entity matches {query!r}")
    names = ", ".join(sorted(f"{G.nodes[n].get('label', n)} ({G.nodes[n].get('type', '?')})" for n in partial)[:5])
    raise InputError(f"{query!r} matches {len(partial)} entities ({names}...): give the full name or the IRI "
                     "(the --json output lists them)")
