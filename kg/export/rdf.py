"""RDF exports of a dataset: Turtle, N-Triples, N-Quads, TriG, JSON-LD and RDF/XML.

``generate_rdf`` returns bytes; ``write_rdf`` writes a file chosen by extension. N-Quads and TriG keep the named
graphs (one per article); the triple formats (.ttl .nt .rdf) write the union of all graphs, where provenance stays in
the ``rdf:Statement`` nodes (``prov:wasDerivedFrom``). Everything but JSON-LD is serialized by pyoxigraph (fast, and
literals come out in canonical form); JSON-LD goes through rdflib so it can be compacted with Peyvand's published
``@context`` (``kg/ontology/context.jsonld``), which is embedded in the file so no parser needs the network.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from kg.errors import StoreError
from kg.graph.vocab import PREFIXES

__all__ = [
    "EXPORT_FORMATS",
    "export_file",
    "export_format",
    "generate_rdf",
    "jsonld_context",
    "ox_quads",
    "write_rdf",
]

EXPORT_FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".rdf": "xml",
}
_OX = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
}
_QUAD_FORMATS = {"nquads", "trig", "json-ld"}


def export_format(path: str | Path) -> str:
    """The export format name for a file extension, or ``StoreError`` listing the known ones."""
    suffix = Path(path).suffix.lower()
    try:
        return EXPORT_FORMATS[suffix]
    except KeyError:
        raise StoreError(f"{path}: cannot export to {suffix or 'no extension'!r} "
                         f"(known: {' '.join(EXPORT_FORMATS)})") from None


@cache
def jsonld_context() -> dict:
    """The published JSON-LD ``@context`` (``kg/ontology/context.jsonld``)."""
    return json.loads(resources.files("kg").joinpath("ontology", "context.jsonld").read_text("utf-8"))["@context"]


def ox_quads(ds: Dataset) -> Iterator[ox.Quad]:
    """Every quad of ``ds`` as pyoxigraph quads (straight from Oxigraph when it backs the dataset)."""
    from kg.store.local import QuadConverter, ox_store

    store = ox_store(ds)
    if store is not None:
        yield from store
        return
    conv = QuadConverter()
    for s, p, o, g in ds.quads((None, None, None, None)):
        yield ox.Quad(conv.term(s), conv.term(p), conv.term(o), conv.graph(g))


def _triples(ds: Dataset) -> list[ox.Triple]:
    return list(dict.fromkeys(q.triple for q in ox_quads(ds)))


def generate_rdf(ds: Dataset, fmt: str) -> bytes:
    """``ds`` serialized as ``fmt`` (a value of ``EXPORT_FORMATS``)."""
    prefixes = {k: v for k, v in PREFIXES.items() if k not in ("owl",)}
    if fmt == "json-ld":
        mem = Dataset()
        mem.parse(data=ox.serialize(ox_quads(ds), format=ox.RdfFormat.N_QUADS), format="nquads")
        return mem.serialize(format="json-ld", context=jsonld_context(), auto_compact=True, encoding="utf-8")
    if fmt not in _OX:
        raise StoreError(f"unknown export format {fmt!r}")
    data = ox_quads(ds) if fmt in _QUAD_FORMATS else _triples(ds)
    kwargs = {"prefixes": prefixes} if fmt in ("turtle", "trig", "xml") else {}
    return ox.serialize(data, format=_OX[fmt], **kwargs)


def write_rdf(ds: Dataset, path: str | Path, fmt: str | None = None) -> Path:
    """Write ``ds`` to ``path`` in ``fmt`` (default: from the extension); creates parent folders."""
    path = Path(path)
    fmt = fmt or export_format(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.write_bytes(generate_rdf(ds, fmt))
    except OSError as exc:
        raise StoreError(f"{path}: cannot write ({exc.strerror})") from None
    return path


def export_file(source: str | Path, path: str | Path) -> Path:
    """Open ``source`` (store directory or build file) read-only and write it to ``path``."""
    from kg.store.local import open_store

    export_format(path)
    return write_rdf(open_store(source, read_only=True), path)
