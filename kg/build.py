"""``kg build`` and ``kg remove``: the orchestration above ``kg.store`` (which only stores) and ``kg.export`` (which
only writes).

``build_graph`` checks everything it can before any extraction starts — the base IRI, the output (format, folder,
an existing file that must not be replaced silently) and inputs that are not articles at all — then streams the
articles through ``kg.corpus.build_stream`` (extract + map, on every core or a Dask cluster) into one writer:

- a **store** (a directory, or a path ending in ``.oxigraph``) is opened as the single writer and each article's
  graph is **added or replaced** in place, one article per transaction (``kg.corpus.write_result``), so articles
  already stored stay, a build killed at any moment leaves whole articles, and a rerun completes it;
- a **file** (``.trig .nq .jsonld .ttl .nt .rdf .owl``) is built in memory and written **whole, from these inputs
  only**, atomically (temporary file, fsync, rename): it replaces an existing file only with ``overwrite``
  (``kg build --force``), and a failed write leaves the previous file as it was.

Unreadable inputs and articles the extractor fails on are reported through ``on_warning`` (one line each) and
skipped: one bad record never stops a corpus build, but a build that reads no article at all is an ``InputError``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.corpus import ArticleResult, build_stream, remove_article, write_result
from kg.errors import InputError, OutputError, StoreError
from kg.export import check_output, write_rdf
from kg.graph.build import ontology_graph
from kg.graph.vocab import DEFAULT_BASE, ONTOLOGY_IRI
from kg.io import not_an_article, read_articles
from kg.store.formats import FORMATS, file_format
from kg.store.local import QuadConverter, close_store, is_store_dir, memory_store, open_store, ox_store
from kg.types import Article, Extraction

__all__ = ["BuildReport", "build_graph", "check_base_iri", "remove_articles"]

_FLUSH_EVERY = 200  # articles between flushes: measured flat writer memory with it, +48 MB per 300 articles without
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: articles written, inputs skipped, extractions that failed, quads written, where, and
    whether an existing output file was replaced."""

    articles: int
    skipped: int
    failed: int
    quads: int
    out: Path
    replaced: bool = False


def check_base_iri(base_iri: str) -> str:
    """``base_iri`` if every IRI minted under it is valid (absolute, ending in ``/`` or ``#``); else ``InputError``.

    >>> check_base_iri("https://example.org/kg/")
    'https://example.org/kg/'
    """
    problem = ""
    if not _SCHEME.match(base_iri):
        problem = "it has no scheme (https:, urn:...)"
    elif not base_iri.endswith(("/", "#")):
        problem = "it must end with / or #"
    else:
        try:
            ox.NamedNode(base_iri + "person/x")
        except ValueError as exc:
            problem = str(exc)
    if problem:
        raise InputError(f"--base-iri {base_iri!r} is not a usable base IRI: {problem} "
                         f"(e.g. {DEFAULT_BASE})")
    return base_iri


def _check_inputs(inputs: list[Path]) -> None:
    """Refuse, in one line, a build whose every input is a file that is no article (a graph, a PDF, a binary)."""
    reasons = [not_an_article(p) for p in inputs]
    if inputs and all(reasons):
        if len(inputs) == 1:
            raise InputError(f"{inputs[0]}: {reasons[0]}")
        raise InputError(f"none of the {len(inputs)} inputs is an article ({inputs[0]}: {reasons[0]}; ...)")


def _write_ontology(store: ox.Store) -> int:
    """Bring the ontology graph up to date without ever leaving it missing: new quads are added before stale ones
    go, so a failed write (a full disk) leaves the old ontology, or old and new together, never nothing."""
    graph = ox.NamedNode(str(ONTOLOGY_IRI))
    new = QuadConverter().quads(ontology_graph(), ONTOLOGY_IRI)
    old = set(store.quads_for_pattern(None, None, None, graph))
    wanted = set(new)
    if old != wanted:
        store.extend(q for q in new if q not in old)  # one transaction
        for q in old - wanted:
            store.remove(q)
    return len(new)


def build_graph(
    inputs: Iterable[str | Path],
    out: str | Path,
    *,
    base_iri: str = DEFAULT_BASE,
    on_warning: Callable[[str], None] | None = None,
    extract: Callable[[Article], Extraction] | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    on_article: Callable[[], None] | None = None,
    ner_model: str | Path | None = None,
    overwrite: bool = True,
    rules_only: bool = False,
) -> BuildReport:
    """Build the graph of every article in ``inputs`` into ``out`` (file by extension, or a store directory).

    ``workers`` (default: every core) and ``scheduler`` (a Dask address) choose where extraction runs; writes stay
    in this process. ``on_article`` is called once per input record (for a progress bar). ``ner_model`` adds a
    trained tagger (``kg train-ner``) to the rules; ``rules_only`` leaves out the shipped mention model (faster,
    less accurate: README, Accuracy). ``overwrite=False`` refuses to replace an existing output file
    (stores are never replaced, only added to).
    """
    warn = on_warning or (lambda _msg: None)
    tick = on_article or (lambda: None)
    inputs = [Path(i) for i in inputs]
    out = Path(out)
    check_base_iri(base_iri)
    to_store = is_store_dir(out)
    replaced = False
    if not to_store:
        try:
            file_format(out)
        except StoreError:
            raise OutputError(f"{out}: cannot build into {out.suffix!r} (known: {' '.join(FORMATS)}, or a store "
                              "directory such as graph.oxigraph)") from None
        check_output(out, overwrite=overwrite, hint=": kg build writes a file whole, from these inputs only; add "
                     "--force to replace it, or build into a store (-o graph.oxigraph) to add articles to it")
        replaced = out.is_file()
    _check_inputs(inputs)
    ds = open_store(out, create=True, base_iri=base_iri) if to_store else memory_store(base_iri)
    articles = skipped = failed = 0
    done = False
    try:
        store = ox_store(ds)
        quads = _write_ontology(store)
        for r in build_stream(read_articles(inputs), workers=workers, scheduler=scheduler, base_iri=base_iri,
                              extract=extract, ner_model=ner_model, rules_only=rules_only):
            tick()
            if isinstance(r, ArticleResult):
                quads += write_result(store, r)
                articles += 1
                if articles % _FLUSH_EVERY == 0:
                    store.flush()  # keeps RocksDB's memtables (and the writer's memory) flat over a corpus
                for note in r.notes:
                    warn(f"{r.source or r.article_id}: {note}")
                continue
            reason = r.reason.removeprefix(f"{r.source}: ")
            failed += reason.startswith("extraction failed")
            skipped += not reason.startswith("extraction failed")
            warn(f"skipped {r.source}: {reason}")
        if articles == 0:
            names = ", ".join(str(i) for i in inputs)
            raise InputError(f"no article could be read from {names} ({skipped} skipped, {failed} failed)")
        if not to_store:
            write_rdf(ds, out)
        done = True
    except OSError as exc:  # the store's disk is full, a file-size limit: what was committed before stays
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise StoreError(f"{out}: cannot write ({first}); the store keeps what it held and the {articles} "
                         "article(s) this build wrote, rerun the build to complete it") from None
    finally:
        try:
            close_store(ds)
        except StoreError:
            if done:  # otherwise the first error is the one to report
                raise
    return BuildReport(articles, skipped, failed, quads, out, replaced)


def remove_articles(store_dir: str | Path, article_ids: Iterable[str]) -> tuple[int, list[str]]:
    """Remove every graph of each article id from a store directory; returns (graphs removed, ids not found).

    Only a store directory can be edited: a file given here is refused (the change could not be saved). Each graph
    goes in its own transaction (``kg.corpus.remove_article``); entities stay as long as another article's graph
    still types and labels them (every article graph carries its own copy of those facts).
    """
    path = Path(store_dir)
    if path.is_file() or not is_store_dir(path):
        raise StoreError(f"{path}: kg remove edits a store directory, and this is a file; rebuild the file "
                         "without those articles, or build into a store (-o graph.oxigraph)")
    ds = open_store(path)
    removed, missing = 0, []
    try:
        store = ox_store(ds)
        for aid in article_ids:
            n = remove_article(store, aid)
            removed += n
            if not n:
                missing.append(aid)
    finally:
        close_store(ds)
    return removed, missing
