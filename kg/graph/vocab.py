"""The ``pv:`` vocabulary as a typed namespace (typos raise), and the namespaces every build binds.

Every ``pv:`` term here is declared, with English and Persian labels, in ``kg/ontology/peyvand.ttl``; a test keeps the
two in step. Terms of the contract are never renamed; extensions (``former``, ``acting``, ``eventKind``) are additive.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

__all__ = ["DEFAULT_BASE", "ONTOLOGY_IRI", "PREFIXES", "PV", "bind_prefixes"]

DEFAULT_BASE = "https://w3id.org/peyvand/id/"
ONTOLOGY_IRI = URIRef("https://w3id.org/peyvand/ontology")


class PV(DefinedNamespace):
    """Peyvand's own terms (``https://w3id.org/peyvand/ontology#``)."""

    _fail = True
    _NS = Namespace("https://w3id.org/peyvand/ontology#")

    # classes
    Person: URIRef
    Organization: URIRef
    Event: URIRef
    Place: URIRef
    Role: URIRef
    # entity properties
    honorific: URIRef
    speaker: URIRef
    honoree: URIRef
    occasion: URIRef
    saidAt: URIRef
    eventKind: URIRef
    former: URIRef
    acting: URIRef
    textHash: URIRef
    # provenance of reified statements
    evidence: URIRef
    charStart: URIRef
    charEnd: URIRef
    confidence: URIRef
    extractor: URIRef


PREFIXES: dict[str, str] = {
    "pv": str(PV._NS),
    "org": str(ORG),
    "schema": str(SDO),
    "prov": str(PROV),
    "skos": str(SKOS),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": str(XSD),
    "owl": str(OWL),
    "foaf": str(FOAF),
}


def bind_prefixes(graph, base_iri: str = DEFAULT_BASE) -> None:
    """Bind the contract's prefixes (and ``id:`` for resources) on an rdflib graph or dataset."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    graph.bind("id", base_iri, override=True, replace=True)
