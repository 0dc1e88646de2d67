"""The graph layer: Extractions as RDF per ``docs/CONTRACT.md`` (one named graph per article, no blank nodes).

``build_dataset`` and ``add_extraction`` write rdflib ``Dataset``s; ``vocab.PV`` holds the ``pv:`` terms and
``iri`` mints every resource IRI deterministically.
"""

from kg.graph.build import (
    add_extraction,
    add_ontology,
    article_graphs,
    build_dataset,
    decimal_literal,
    extraction_triples,
    new_dataset,
    ontology_graph,
)
from kg.graph.shacl import shapes_graph, validate_graph
from kg.graph.vocab import DEFAULT_BASE, ONTOLOGY_IRI, PREFIXES, PV, bind_prefixes

__all__ = [
    "DEFAULT_BASE",
    "ONTOLOGY_IRI",
    "PREFIXES",
    "PV",
    "add_extraction",
    "add_ontology",
    "article_graphs",
    "bind_prefixes",
    "build_dataset",
    "decimal_literal",
    "extraction_triples",
    "new_dataset",
    "ontology_graph",
    "shapes_graph",
    "validate_graph",
]
