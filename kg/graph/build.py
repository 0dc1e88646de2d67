"""Extraction → RDF, per the graph contract: one named graph per article, no blank nodes, canonical literals.

Every entity-to-entity fact is written once as a plain triple and once as an ``rdf:Statement`` carrying its
provenance (article, sentence, offsets, confidence, rule). When one article states the same fact twice, the statement
keeps the evidence with the highest confidence (the earliest on ties), so its IRI stays unique and deterministic.
The ontology goes into a named graph of its own (``https://w3id.org/peyvand/ontology``), never into article graphs.

An article is its id and URL (``iri.article_key``), never its text alone; its graph also versions the text
(``iri.graph_key``) and it carries ``pv:textHash``, which links records of the same text. Entity IRIs come from
``identity.entity_iris`` (docs/identity.md). Statements, quotations and posts have per-article IRIs, so a file that
flattens every graph into one (.ttl .nt .rdf) still cannot give one article's flags or evidence to another.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal
from importlib import resources

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, SDO, SKOS, XSD

from kg.graph import iri
from kg.graph.identity import entity_iris
from kg.graph.vocab import DEFAULT_BASE, ONTOLOGY_IRI, PREFIXES, PV, bind_prefixes
from kg.types import Evidence, Extraction

__all__ = [
    "add_extraction",
    "add_ontology",
    "article_graphs",
    "build_dataset",
    "decimal_literal",
    "extraction_triples",
    "new_dataset",
    "ontology_graph",
]

Triple = tuple[URIRef, URIRef, URIRef | Literal]

_CLASS = {"Person": PV.Person, "Organization": PV.Organization, "Event": PV.Event, "Place": PV.Place}
# Facts that also imply attendance (contract: "every speaker and honoree also attends").
_IMPLIES_ATTENDEE = {PV.speaker, PV.honoree}


def decimal_literal(x: float | Decimal) -> Literal:
    """An ``xsd:decimal`` in canonical lexical form (XSD 1.1, as Oxigraph returns it): ``0.8``, ``1``, ``0.25``.

    >>> str(decimal_literal(0.800)), str(decimal_literal(1.0)), str(decimal_literal(0.1 + 0.2))
    ('0.8', '1', '0.3')
    """
    d = Decimal(str(round(float(x), 6))).normalize()
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal(text if text not in ("", "-0") else "0", datatype=XSD.decimal)


def _fa(text: str) -> Literal:
    return Literal(text, lang="fa")


def _predicate(label: str) -> URIRef:
    """``prefix:local`` from the contract → IRI; unknown ``pv:`` terms raise (the vocabulary is closed)."""
    prefix, _, local = label.partition(":")
    if prefix == "pv":
        try:
            return PV[local]
        except AttributeError:
            raise ValueError(f"unknown pv: predicate {label!r}") from None
    if prefix not in ("org", "schema") or not local:
        raise ValueError(f"relation label {label!r} is not a contract predicate (org:, schema: or pv:)")
    return URIRef(PREFIXES[prefix] + local)


class _Facts:
    """Entity facts of one article, deduplicated, each with its best evidence."""

    def __init__(self) -> None:
        self.best: dict[tuple[URIRef, URIRef, URIRef], Evidence] = {}

    def add(self, s: URIRef, p: URIRef, o: URIRef, ev: Evidence) -> None:
        old = self.best.get((s, p, o))
        if old is None or ev.confidence > old.confidence:
            self.best[(s, p, o)] = ev


def extraction_triples(ex: Extraction, base_iri: str = DEFAULT_BASE) -> tuple[URIRef, list[Triple]]:
    """The article's graph IRI and every triple of its named graph (pure: no dataset touched)."""
    art = ex.article
    akey = iri.article_key(art)
    article = iri.article_iri(akey, base_iri)
    out: list[Triple] = []
    add = out.append

    ents = entity_iris(ex, base_iri)
    for e in ex.entities:
        node = ents[e.id]
        add((node, RDF.type, _CLASS[e.kind]))
        add((node, RDFS.label, _fa(e.name)))
        for alt in dict.fromkeys(e.alt_labels):
            if alt != e.name:
                add((node, SKOS.altLabel, _fa(alt)))
        if e.kind == "Person":
            for h in dict.fromkeys(e.honorifics):
                add((node, PV.honorific, _fa(h)))
        if e.event_kind:
            add((node, PV.eventKind, _fa(e.event_kind)))
        if e.date is not None:
            add((node, SDO.startDate, Literal(e.date.isoformat(), datatype=XSD.date)))

    def ent(entity_id: str) -> URIRef:
        try:
            return ents[entity_id]
        except KeyError:
            raise ValueError(f"article {art.id}: fact refers to unknown entity {entity_id!r}") from None

    # the article itself
    add((article, RDF.type, SDO.NewsArticle))
    add((article, SDO.identifier, Literal(art.id)))
    add((article, PV.textHash, Literal(hashlib.sha256(art.text.encode("utf-8")).hexdigest())))
    if art.title:
        add((article, SDO.headline, _fa(art.title)))
    if art.url:
        add((article, SDO.url, Literal(art.url, datatype=XSD.anyURI)))
    if art.published is not None:
        add((article, SDO.datePublished, Literal(art.published.isoformat(), datatype=XSD.date)))
    if ex.publisher is not None:
        add((article, SDO.publisher, ent(ex.publisher)))
    for c in dict.fromkeys(ex.citations):
        add((article, SDO.citation, ent(c)))
    for node in dict.fromkeys(ents.values()):
        add((article, SDO.mentions, node))

    facts = _Facts()
    # posts: the one with the best evidence decides the former/acting flags
    posts: dict[URIRef, tuple] = {}
    for p in ex.posts:
        person = ent(p.person)
        org = ent(p.org) if p.org is not None else None
        node = iri.post_iri(person, p.role, org, article, base_iri)
        if node not in posts or p.evidence.confidence > posts[node][3].confidence:
            posts[node] = (person, p.role, org, p.evidence, p.former, p.acting)
    org_names = {ents[e.id]: e.name for e in ex.entities}
    for node, (person, role, org, ev, former, acting) in posts.items():
        role_node = iri.role_iri(role, base_iri)
        add((node, RDF.type, ORG.Post))
        add((node, RDFS.label, _fa(f"{role} {org_names[org]}" if org is not None else role)))
        add((role_node, RDF.type, PV.Role))
        add((role_node, RDFS.label, _fa(role)))
        add((node, PV.former, Literal(former)))
        add((node, PV.acting, Literal(acting)))
        facts.add(person, ORG.holds, node, ev)
        facts.add(node, ORG.role, role_node, ev)
        if org is not None:
            facts.add(node, ORG.postIn, org, ev)

    for r in ex.relations:
        s, p, o = ent(r.head), _predicate(r.label), ent(r.tail)
        facts.add(s, p, o, r.evidence)
        if p in _IMPLIES_ATTENDEE:
            facts.add(s, SDO.attendee, o, r.evidence)

    for q in ex.quotes:
        if q.speaker is None:  # a Quotation is an attributed statement; unattributed speech is not one
            continue
        node = iri.quotation_iri(akey, *q.content, base_iri)
        add((node, RDF.type, SDO.Quotation))
        add((node, SDO.text, _fa(q.text)))
        add((node, PROV.wasDerivedFrom, article))
        facts.add(node, SDO.creator, ent(q.speaker), q.evidence)
        if q.event is not None:
            facts.add(node, PV.saidAt, ent(q.event), q.evidence)

    for (s, p, o), ev in facts.best.items():
        st = iri.statement_iri(s, p, o, article, base_iri)
        out += [
            (s, p, o),
            (st, RDF.type, RDF.Statement),
            (st, RDF.subject, s),
            (st, RDF.predicate, p),
            (st, RDF.object, o),
            (st, PROV.wasDerivedFrom, article),
            (st, PV.evidence, _fa(ev.text)),
            (st, PV.charStart, Literal(ev.start)),
            (st, PV.charEnd, Literal(ev.end)),
            (st, PV.confidence, decimal_literal(ev.confidence)),
            (st, PV.extractor, Literal(ev.rule)),
        ]
    return iri.graph_iri(iri.graph_key(art), base_iri), list(dict.fromkeys(out))


def new_dataset(base_iri: str = DEFAULT_BASE) -> Dataset:
    """An empty in-memory dataset whose default graph is the union of its named graphs, prefixes bound."""
    ds = Dataset(default_union=True)
    bind_prefixes(ds, base_iri)
    return ds


def add_extraction(ds: Dataset, ex: Extraction, base_iri: str = DEFAULT_BASE) -> URIRef:
    """Write one article's named graph into ``ds``, replacing that graph if present; return the graph IRI."""
    gid, triples = extraction_triples(ex, base_iri)
    ds.remove_graph(gid)
    g = ds.graph(gid)
    ds.addN((s, p, o, g) for s, p, o in triples)
    return gid


def ontology_graph() -> Graph:
    """``kg/ontology/peyvand.ttl`` parsed."""
    g = Graph()
    g.parse(data=resources.files("kg").joinpath("ontology", "peyvand.ttl").read_text("utf-8"), format="turtle")
    return g


def add_ontology(ds: Dataset) -> URIRef:
    """Put the ontology into its own named graph (``ONTOLOGY_IRI``), replacing any previous copy."""
    ds.remove_graph(ONTOLOGY_IRI)
    g = ds.graph(ONTOLOGY_IRI)
    ds.addN((s, p, o, g) for s, p, o in ontology_graph())
    return ONTOLOGY_IRI


def build_dataset(
    extractions: Iterable[Extraction], base_iri: str = DEFAULT_BASE, *, ontology: bool = True
) -> Dataset:
    """An in-memory dataset: one named graph per article, plus (by default) the ontology graph."""
    ds = new_dataset(base_iri)
    if ontology:
        add_ontology(ds)
    for ex in extractions:
        add_extraction(ds, ex, base_iri)
    return ds


def article_graphs(ds: Dataset) -> list[URIRef]:
    """The IRIs of the article graphs in ``ds`` (every named graph except the ontology's), sorted."""
    return sorted(
        URIRef(g.identifier) for g in ds.graphs()
        if isinstance(g.identifier, URIRef) and g.identifier != ONTOLOGY_IRI
        and not str(g.identifier).startswith("urn:x-rdflib:")
    )
