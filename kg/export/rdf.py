"""RDF exports of a dataset: Turtle, N-Triples, N-Quads, TriG, JSON-LD and RDF/XML.

``generate_rdf`` returns bytes; ``write_rdf`` writes a file chosen by extension (``kg.store.formats``, the one
format table), atomically. N-Quads and TriG keep the named graphs (one per article); the triple formats (.ttl .nt
.rdf .owl) write the union of all graphs. Nothing is lost by that: every per-article fact hangs on a per-article node
(statements, posts, quotations, the article), provenance stays in the ``rdf:Statement`` nodes
(``prov:wasDerivedFrom``), and the competency queries answer the same from every format
(``tests/interop/test_interop_formats_100.py``), so no ``--flatten`` switch is needed.

Everything but JSON-LD is serialized by pyoxigraph (fast, and literals come out in canonical form); JSON-LD goes
through rdflib so it can be compacted with Peyvand's published ``@context`` (``kg/ontology/context.jsonld``), which
is embedded in the file so no parser needs the network.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from kg.errors import OutputError, StoreError
from kg.export.files import check_output, write_atomic
from kg.graph.vocab import PREFIXES
from kg.store.formats import FORMATS, FileFormat, by_name, file_format
from kg.store.local import QuadConverter, close_store, open_store, ox_store

__all__ = [
    "EXPORT_FORMATS",
    "export_file",
    "export_format",
    "generate_rdf",
    "jsonld_context",
    "ox_quads",
    "write_rdf",
]

EXPORT_FORMATS: dict[str, str] = {suffix: f.name for suffix, f in FORMATS.items()}  # the registry, by rdflib name


def export_format(path: str | Path) -> str:
    """The export format name for a file extension, or ``OutputError`` listing the known ones."""
    return _export_form(path).name


def _export_form(path: str | Path) -> FileFormat:
    try:
        return file_format(path)
    except StoreError:
        suffix = Path(path).suffix.lower()
        raise OutputError(f"{path}: cannot export to {suffix or 'no extension'!r} "
                          f"(known: {' '.join(FORMATS)})") from None


@cache
def jsonld_context() -> dict:
    """The published JSON-LD ``@context`` (``kg/ontology/context.jsonld``)."""
    return json.loads(resources.files("kg").joinpath("ontology", "context.jsonld").read_text("utf-8"))["@context"]


def ox_quads(ds: Dataset) -> Iterator[ox.Quad]:
    """Every quad of ``ds`` as pyoxigraph quads (straight from Oxigraph when it backs the dataset)."""
    store = ox_store(ds)
    if store is not None:
        yield from store
        return
    conv = QuadConverter()
    for s, p, o, g in ds.quads((None, None, None, None)):
        yield ox.Quad(conv.term(s), conv.term(p), conv.term(o), conv.graph(g))


def _triples(ds: Dataset) -> list[ox.Triple]:
    return list(dict.fromkeys(q.triple for q in ox_quads(ds)))


def generate_rdf(ds: Dataset, fmt: str | FileFormat) -> bytes:
    """``ds`` serialized as ``fmt`` (a ``FileFormat`` or its name, a value of ``EXPORT_FORMATS``)."""
    form = fmt if isinstance(fmt, FileFormat) else by_name(fmt)
    prefixes = {k: v for k, v in PREFIXES.items() if k not in ("owl",)}
    if form.rdf == ox.RdfFormat.JSON_LD:
        mem = Dataset()
        mem.parse(data=ox.serialize(ox_quads(ds), format=ox.RdfFormat.N_QUADS), format="nquads")
        return mem.serialize(format="json-ld", context=jsonld_context(), auto_compact=True, encoding="utf-8")
    data = ox_quads(ds) if form.quads else _triples(ds)
    kwargs = {"prefixes": prefixes} if form.rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG,
                                                    ox.RdfFormat.RDF_XML) else {}
    return ox.serialize(data, format=form.rdf, **kwargs) or b""


def write_rdf(ds: Dataset, path: str | Path, fmt: str | None = None) -> Path:
    """Write ``ds`` to ``path`` in ``fmt`` (default: from the extension), atomically; creates parent folders.

    A write that fails (disk full, a file-size limit) raises ``OutputError`` and leaves any previous file as it was.
    """
    path = Path(path)
    form = by_name(fmt) if fmt else _export_form(path)
    return write_atomic(path, generate_rdf(ds, form))


def export_file(source: str | Path, path: str | Path, *, overwrite: bool = True) -> Path:
    """Open ``source`` (store directory or build file) read-only and write it to ``path``.

    The output is checked first (extension, folder, and with ``overwrite=False`` that it does not exist yet).
    """
    export_format(path)
    check_output(path, overwrite=overwrite, hint=" (add --force to replace it)")
    ds = open_store(source, read_only=True)
    try:
        return write_rdf(ds, path)
    finally:
        close_store(ds)
