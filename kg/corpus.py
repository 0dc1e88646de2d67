"""Corpus scale: extract and map many articles on every core (or a Dask cluster), one writer downstream.

``process_article`` is the unit of work a worker runs: one article in, its named graph out as N-Quads bytes plus a
few counts. N-Quads are cheaper to ship back than the ``Extraction`` (measured on the Fars corpus: ~42 kB vs ~62 kB
pickled per article) and leave the writer nothing to do but load them, so the single writer never becomes the
bottleneck. ``build_stream`` runs it over a corpus in input order with a bounded number of articles in flight, and
turns an article the extractor fails on into a ``Skipped`` record instead of stopping the corpus.

``write_results`` is the writer's half: it replaces a batch of articles' graphs in a pyoxigraph store (old graphs of
the same article ids removed, then the new graphs loaded as one ``Store.load`` transaction), so a build killed at
any moment leaves every article's facts either all there or all absent.

Lexicons are loaded once per process, never per article: ``build_stream`` loads them before the pool forks, so
local workers inherit them; each Dask worker loads them once (``_extractor`` is cached per process).
"""

from __future__ import annotations

import dataclasses
import functools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.graph.vocab import DEFAULT_BASE
from kg.io import Skipped
from kg.parallel import map_ordered
from kg.types import Article, Extraction

if TYPE_CHECKING:  # rich is imported by ``progress`` only: worker processes never draw a bar
    from rich.console import Console
    from rich.progress import Progress

__all__ = [
    "ArticleResult",
    "EntityRef",
    "article_graphs_of",
    "build_stream",
    "count_inputs",
    "process_article",
    "progress",
    "remove_article",
    "write_result",
    "write_results",
]

_SDO_IDENTIFIER = "https://schema.org/identifier"
_SDO_ARTICLE = "https://schema.org/NewsArticle"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass(frozen=True, slots=True)
class EntityRef:
    """A person or organization of one article: its IRI, label, and its names as written (label + altLabels)."""

    kind: str
    iri: str
    label: str
    surfaces: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """One article's graph, ready for the writer: the graph IRI and its quads as N-Quads (UTF-8)."""

    article_id: str
    source: str
    graph: str
    nquads: bytes
    quads: int
    entities: tuple[EntityRef, ...] = ()
    notes: tuple[str, ...] = ()


@functools.cache
def _extractor():
    """The extractor and the mapper, imported (and lexicons and word data loaded, from ``kg.cache``) once per
    process."""
    from kg.extract import extract, load_lexicons
    from kg.graph.build import extraction_triples
    from kg.graph.identity import entity_iris
    from kg.store.local import QuadConverter
    from kg.text import warm

    warm()  # the text layer's word data too: forked workers inherit it rather than each loading it
    return extract, load_lexicons(), extraction_triples, entity_iris, QuadConverter


@functools.cache
def _tagger(path: str):
    """A statistical NER model, loaded once per worker process (its C tagger does not pickle)."""
    from kg.ner import load_tagger

    return load_tagger(path)


def process_article(article: Article | Skipped, base_iri: str = DEFAULT_BASE,
                    extract: Callable[[Article], Extraction] | None = None,
                    ner_model: str | None = None, rules_only: bool = False) -> ArticleResult | Skipped:
    """Extract one article and map it to RDF; any failure becomes a ``Skipped`` (a ``Skipped`` passes through).

    ``extract`` replaces the rule extractor (a top-level function, so that it pickles); ``ner_model`` adds a
    trained tagger's mentions to the rules'; ``rules_only`` leaves the shipped mention model out.
    """
    if isinstance(article, Skipped):
        return article
    default, lex, extraction_triples, entity_iris, converter = _extractor()
    kw = ({"taggers": (_tagger(ner_model),)} if ner_model else {}) | ({"model": None} if rules_only else {})
    run = functools.partial(default, **kw) if kw else default
    try:
        ex = extract(article) if extract is not None else run(article, lex)
        gid, triples = extraction_triples(ex, base_iri)
        quads = converter().quads(triples, gid)
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    except Exception as exc:  # an extractor bug on one article must not sink a corpus build
        first = str(exc).splitlines()[0][:200] if str(exc) else ""
        return Skipped(article.source or article.id, f"extraction failed ({type(exc).__name__}: {first})")
    ents = []
    iris = entity_iris(ex, base_iri)  # after the identity rules, as the graph writes them
    for e in ex.entities:
        if e.kind not in ("Person", "Organization"):
            continue
        surfaces = tuple(sorted({e.name, *e.alt_labels}))  # what the graph writes as rdfs:label + skos:altLabel
        ents.append(EntityRef(e.kind, str(iris[e.id]), e.name, surfaces))
    return ArticleResult(article.id, article.source, str(gid), data or b"", len(quads), tuple(ents), article.notes)


def build_stream(
    articles: Iterable[Article | Skipped],
    *,
    workers: int | None = None,
    scheduler: object | None = None,
    base_iri: str = DEFAULT_BASE,
    window: int | None = None,
    extract: Callable[[Article], Extraction] | None = None,
    ner_model: str | Path | None = None,
    rules_only: bool = False,
) -> Iterator[ArticleResult | Skipped]:
    """Yield an ``ArticleResult`` (or a ``Skipped``) for every input, in input order, extracting in parallel.

    ``workers=1`` runs in this process, more use a process pool (default: every core); ``scheduler`` is a Dask
    scheduler address or ``distributed.Client``. At most ``window`` articles are in flight (memory stays flat).
    ``ner_model`` is checked here, once, so a bad model file fails the build before any work starts.
    """
    model = str(ner_model) if ner_model else None
    if model:
        _tagger(model)  # raises ModelError (one line) on a missing or corrupt file
    if scheduler is None:
        _extractor()  # load once here: forked workers inherit it instead of each loading it again
    fn = functools.partial(process_article, base_iri=base_iri, extract=extract, ner_model=model,
                           rules_only=rules_only)
    notes: deque[tuple[str, ...]] = deque()  # map_ordered is one result per input, in order: notes follow along
    for r in map_ordered(fn, _watch_duplicates(articles, notes), workers=workers, scheduler=scheduler,
                         window=window):
        extra = notes.popleft()
        yield dataclasses.replace(r, notes=r.notes + extra) if extra and isinstance(r, ArticleResult) else r


def _watch_duplicates(articles: Iterable[Article | Skipped], notes: deque) -> Iterator[Article | Skipped]:
    """Pass ``articles`` through, appending to ``notes`` what the user must hear about each one: a text already seen
    under another id (both are kept, as two graphs sharing a ``pv:textHash``), an id already seen (this record
    replaces the earlier one: the last record with an id wins)."""
    texts: dict[str, tuple[str, str]] = {}
    ids: dict[str, str] = {}
    for a in articles:
        said: list[str] = []
        if isinstance(a, Article):
            where = a.source or a.id
            first, first_where = texts.setdefault(a.content_hash, (a.id, where))
            if first != a.id:
                said.append(f"article {a.id} has the same text as article {first} ({first_where}): both kept, as two "
                            "graphs linked by the same pv:textHash")
            earlier = ids.get(a.id)
            if earlier is not None:
                said.append(f"duplicate id {a.id} (also at {earlier}): this record replaces that one "
                            "(the last record with an id wins)")
            ids[a.id] = where
        notes.append(tuple(said))
        yield a


# -- the writer's half ------------------------------------------------------------------------------------------


def article_graphs_of(store: ox.Store, article_id: str) -> list[ox.NamedNode]:
    """The named graphs in ``store`` that hold an article with this ``schema:identifier`` (older versions too)."""
    ident, article_class = ox.NamedNode(_SDO_IDENTIFIER), ox.NamedNode(_SDO_ARTICLE)
    graphs = []
    for q in store.quads_for_pattern(None, ident, ox.Literal(article_id), None):  # index lookup, no SPARQL text
        g = q.graph_name
        if isinstance(g, ox.NamedNode) and g not in graphs and any(
                store.quads_for_pattern(q.subject, _RDF_TYPE, article_class, g)):
            graphs.append(g)
    return graphs


def write_results(store: ox.Store, results: list[ArticleResult]) -> int:
    """Replace these articles' facts in ``store``: drop every graph of the same article ids, then load all the new
    graphs in ONE transaction. Returns the number of quads loaded.

    Removal is one transaction per graph and the load one for the whole batch, so a crash at any moment leaves each
    article either whole or absent (never half-written), and a rerun restores it. Batching articles per transaction
    is what keeps the writer near bulk-load speed. Article ids must be distinct within a batch.
    """
    for result in results:
        new = ox.NamedNode(result.graph)
        for g in article_graphs_of(store, result.article_id):
            if g != new:
                store.remove_graph(g)
        if store.contains_named_graph(new):
            store.remove_graph(new)
    data = b"".join(r.nquads for r in results)
    if data:
        store.load(data, format=ox.RdfFormat.N_QUADS)
    return sum(r.quads for r in results)


def write_result(store: ox.Store, result: ArticleResult) -> int:
    """Replace one article's facts in ``store`` (see ``write_results``)."""
    return write_results(store, [result])


def remove_article(store: ox.Store, article_id: str) -> int:
    """Remove every graph of the article with this id; facts other articles state about shared entities stay.

    Returns the number of graphs removed (0 when the article is not in the store).
    """
    graphs = article_graphs_of(store, article_id)
    for g in graphs:
        store.remove_graph(g)
    return len(graphs)


# -- progress ---------------------------------------------------------------------------------------------------


def progress(console: Console | None = None) -> Progress:
    """A rich progress bar for corpus builds: count, articles/s, elapsed and ETA (when the total is known).

    Use as ``with progress() as bar: task = bar.add_task("build", total=n); ... bar.advance(task)``. Off when the
    console is not a terminal (logs and pipes get the final summary line only).
    """
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Articles per second, as rich measures them over its speed window."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text("– art/s" if speed is None else f"{speed:.1f} art/s", style="progress.data.speed")

    console = console or Console(stderr=True)
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
        disable=not console.is_terminal,
    )


def count_inputs(inputs: Iterable[str | Path]) -> int | None:
    """A cheap estimate of how many articles ``inputs`` hold (JSONL lines + text files), for the progress total."""
    n = 0
    for item in inputs:
        p = Path(item)
        files = sorted(p.rglob("*")) if p.is_dir() else [p]
        for f in files:
            try:
                if f.suffix in (".jsonl", ".ndjson") and f.is_file():  # never open a FIFO: it would block
                    with f.open("rb") as fh:
                        n += sum(1 for line in fh if line.strip())
                elif f.suffix in (".txt", ".text", ".md") and f.is_file():
                    n += 1
            except OSError:
                continue
    return n or None
