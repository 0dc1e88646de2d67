"""Stores and SPARQL: open an embedded Oxigraph directory or an RDF file as a Dataset, load graphs, run queries.

``open_store`` → rdflib ``Dataset`` (Oxigraph underneath); ``run_query`` runs competency queries by name, ``.rq``
files or SPARQL text with typed bindings; ``kg.store.formats`` is the one table of RDF file formats. This package
only stores and queries: building graphs from articles is ``kg.build`` (above it), writing files ``kg.export``.
"""

from kg.store.formats import FORMATS, FileFormat
from kg.store.local import (
    FILE_FORMATS,
    FILE_GRAPH,
    close_store,
    file_format,
    is_store,
    is_store_dir,
    memory_store,
    open_store,
    ox_store,
    replace_graphs,
)
from kg.store.query import (
    NamedQuery,
    coerce_binding,
    competency_queries,
    inline_values,
    load_query,
    prepare_query,
    result_rows,
    run_query,
)

__all__ = [
    "FILE_FORMATS",
    "FILE_GRAPH",
    "FORMATS",
    "FileFormat",
    "NamedQuery",
    "close_store",
    "coerce_binding",
    "competency_queries",
    "file_format",
    "inline_values",
    "is_store",
    "is_store_dir",
    "load_query",
    "memory_store",
    "open_store",
    "ox_store",
    "prepare_query",
    "replace_graphs",
    "result_rows",
    "run_query",
]
