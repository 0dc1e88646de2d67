"""``kg build``: articles → ``kg.extract.extract`` → one named graph each → a file or a persistent store.

A file output is built in an in-memory Oxigraph store and serialized once; a store directory (or ``*.oxigraph``)
is opened as the single writer and each article's graph is replaced in place. Unreadable inputs and articles the
extractor fails on are reported through ``on_warning`` (one line each) and skipped: one bad record never stops a
corpus build, but a build that reads no article at all is an ``InputError``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, PeyvandError
from kg.graph.build import extraction_triples, ontology_graph
from kg.graph.vocab import DEFAULT_BASE, ONTOLOGY_IRI
from kg.io import Skipped, read_articles
from kg.store.local import close_store, is_store_dir, memory_store, open_store, replace_graphs
from kg.types import Article, Extraction

__all__ = ["BuildReport", "build_graph"]

_BATCH = 200  # articles per bulk write


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: articles written, inputs skipped, extractions that failed, quads written, where."""

    articles: int
    skipped: int
    failed: int
    quads: int
    out: Path


def _default_extract() -> Callable[[Article], Extraction]:
    try:
        from kg.extract import extract
    except ImportError:
        raise PeyvandError("the extractor (kg.extract.extract) is not available in this installation") from None
    return extract


def build_graph(
    inputs: Iterable[str | Path],
    out: str | Path,
    *,
    base_iri: str = DEFAULT_BASE,
    on_warning: Callable[[str], None] | None = None,
    extract: Callable[[Article], Extraction] | None = None,
) -> BuildReport:
    """Build the graph of every article in ``inputs`` into ``out`` (file by extension, or a store directory)."""
    from kg.export.rdf import export_format, write_rdf

    warn = on_warning or (lambda _msg: None)
    inputs = list(inputs)
    out = Path(out)
    to_store = is_store_dir(out)
    if not to_store:
        export_format(out)  # fail on a bad extension before doing any work
    run = extract or _default_extract()
    ds = open_store(out, create=True, base_iri=base_iri) if to_store else memory_store(base_iri)
    articles = skipped = failed = quads = 0
    batch: list[tuple] = [(ONTOLOGY_IRI, list(ontology_graph()))]
    try:
        for item in read_articles(inputs):
            if isinstance(item, Skipped):
                skipped += 1
                warn(f"skipped {item.source}: {item.reason}")
                continue
            try:
                batch.append(extraction_triples(run(item), base_iri))
            except Exception as exc:  # an extractor bug on one article must not sink a corpus build
                failed += 1
                warn(f"skipped {item.source or item.id}: extraction failed ({type(exc).__name__}: {exc})")
                continue
            articles += 1
            if len(batch) >= _BATCH:
                quads += replace_graphs(ds, batch)
                batch = []
        if articles == 0:
            names = ", ".join(str(i) for i in inputs)
            raise InputError(f"no article could be read from {names} ({skipped} skipped, {failed} failed)")
        quads += replace_graphs(ds, batch)
        if not to_store:
            write_rdf(ds, out)
    finally:
        close_store(ds)
    return BuildReport(articles, skipped, failed, quads, out)
