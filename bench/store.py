"""Store benchmark over the graph of the whole Fars corpus (../shared/corpus/fars-news/fars-news.jsonl).

Builds the graph once (kg.extract → kg.graph), then measures, in this one process:
  1. load rate into the embedded store (``kg.store.replace_graphs`` into an on-disk Oxigraph directory, from the
     rdflib triples the graph layer produces) vs raw ``pyoxigraph.Store.bulk_load`` of the same quads as N-Quads
     (target: >= 50 %);
  2. each competency query's latency (through ``kg.store.run_query``, rdflib terms out) on the embedded on-disk
     store and on an in-memory Oxigraph store vs rdflib's in-memory Dataset (ratios rdflib / Oxigraph);
  3. peak memory (ru_maxrss) after each phase.

    .venv/bin/python bench/store.py              # the Fars corpus (skips with a message without ../shared)
    .venv/bin/python bench/store.py --synthetic 2000   # the sample articles, renamed N times (no extractor needed)
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.corpus import ArticleResult, write_result
from kg.graph import new_dataset
from kg.graph.build import extraction_triples
from kg.store import competency_queries, memory_store, open_store, replace_graphs, run_query
from kg.store.local import QuadConverter, close_store

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "fars-news" / "fars-news.jsonl"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _fars_graphs() -> list:
    from kg.extract import extract
    from kg.io import Skipped, read_articles

    graphs, failed = [], 0
    t = time.perf_counter()
    for item in read_articles([CORPUS]):
        if isinstance(item, Skipped):
            continue
        try:
            graphs.append(extraction_triples(extract(item)))
        except Exception as exc:  # report and go on, as `kg build` does
            failed += 1
            print(f"  extraction failed on {item.source}: {type(exc).__name__}: {exc}", file=sys.stderr)
    dt = time.perf_counter() - t
    print(f"extract+map: {len(graphs)} articles in {dt:.1f} s ({len(graphs) / dt:.1f} articles/s), {failed} failed")
    return graphs


def _synthetic_graphs(n: int) -> list:
    from kg.graph.sample import sample_extractions

    graphs = []
    for i in range(n):
        for ex in sample_extractions():
            ents = tuple(dataclasses.replace(e, key=f"{e.key} {i % 97}") for e in ex.entities)
            art = dataclasses.replace(ex.article, text=f"{ex.article.text}\n{i}")
            graphs.append(extraction_triples(dataclasses.replace(ex, article=art, entities=ents)))
    return graphs


class _Timeout(BaseException):  # not an Exception, so run_query does not wrap it
    pass


def _time_limited(fn, limit: int) -> float | None:
    """Seconds one call takes, or None past ``limit`` seconds (SIGALRM interrupts rdflib's pure-Python engine)."""

    def stop(_sig, _frame):
        raise _Timeout

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(limit)
    try:
        t = time.perf_counter()
        fn()
        return time.perf_counter() - t
    except _Timeout:
        return None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _time(fn, repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--synthetic", type=int, default=0, help="use N renamed copies of the sample articles")
    ap.add_argument("--repeat", type=int, default=3, help="runs per query on Oxigraph (median)")
    ap.add_argument("--rdflib-limit", type=int, default=60, help="seconds allowed per rdflib query")
    args = ap.parse_args()

    if args.synthetic:
        graphs = _synthetic_graphs(args.synthetic)
    elif not CORPUS.exists():
        print(f"skip: the Fars corpus is not at {CORPUS} (needs ../shared)")
        return 0
    else:
        graphs = _fars_graphs()
    n_quads = sum(len(t) for _, t in graphs)
    print(f"graph: {len(graphs)} article graphs, {n_quads} quads; peak RSS {_rss_mb():.0f} MB")

    # the same quads as N-Quads bytes: the baseline's input
    conv = QuadConverter()
    nquads = ox.serialize((q for gid, triples in graphs for q in conv.quads(triples, gid)), format=ox.RdfFormat.N_QUADS)

    with tempfile.TemporaryDirectory() as tmp:
        raw = ox.Store(str(Path(tmp) / "raw"))
        t = time.perf_counter()
        raw.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        raw.flush()
        t_raw = time.perf_counter() - t
        n_raw = len(raw)
        del raw

        ds = open_store(Path(tmp) / "kg.oxigraph", create=True)
        t = time.perf_counter()
        n_ours = replace_graphs(ds, graphs)
        ox_store = ds.store._inner
        ox_store.flush()
        t_ours = time.perf_counter() - t
        n_stored = len(ox_store)
        print(f"\nload: raw bulk_load {n_raw / t_raw:,.0f} quads/s ({t_raw:.2f} s); "
              f"kg.store.replace_graphs {n_ours / t_ours:,.0f} quads/s ({t_ours:.2f} s, {n_stored} stored)")
        print(f"load rate ratio (embedded / raw bulk_load): {t_raw / t_ours:.0%}  (target >= 50%)")

        # what `kg build` into a store does: a transaction per article (crash-safe: each article whole or absent), a
        # flush every 200; workers ship each article as N-Quads, so serializing them is not the writer's time
        results = [ArticleResult(str(gid), "", str(gid), ox.serialize(conv.quads(triples, gid),
                                                                      format=ox.RdfFormat.N_QUADS), len(triples))
                   for gid, triples in graphs]
        writer = ox.Store(str(Path(tmp) / "writer"))
        t = time.perf_counter()
        n_writer = 0
        for i, result in enumerate(results, 1):
            n_writer += write_result(writer, result)
            if i % 200 == 0:
                writer.flush()
        writer.flush()
        t_writer = time.perf_counter() - t
        print(f"kg build's writer (kg.corpus.write_result, a transaction per article): {n_writer / t_writer:,.0f} "
              f"quads/s ({t_writer:.2f} s, {len(writer)} stored); ratio to raw bulk_load: {t_raw / t_writer:.0%}")
        del writer
        print(f"peak RSS after load: {_rss_mb():.0f} MB")

        mem = new_dataset()
        t = time.perf_counter()
        for gid, triples in graphs:
            g = mem.graph(gid)
            mem.addN((s, p, o, g) for s, p, o in triples)
        print(f"rdflib in-memory Dataset load: {time.perf_counter() - t:.2f} s; peak RSS {_rss_mb():.0f} MB")

        oxmem = memory_store()
        replace_graphs(oxmem, graphs)
        print(f"\n{'query':<16}{'rows':>7}{'ox disk ms':>12}{'ox mem ms':>11}{'rdflib ms':>11}"
              f"{'rdflib/disk':>13}{'rdflib/mem':>12}")
        for name in competency_queries():
            rows = len(run_query(ds, name).bindings)
            t_disk = _time(lambda name=name: run_query(ds, name), args.repeat)
            t_mem = _time(lambda name=name: run_query(oxmem, name), args.repeat)
            t_rdf = _time_limited(lambda name=name: run_query(mem, name), args.rdflib_limit)
            if t_rdf is None:
                lim = args.rdflib_limit
                cells = f"{'>' + str(lim * 1000):>11}{'>' + format(lim / t_disk, '.0f') + 'x':>13}" \
                        f"{'>' + format(lim / t_mem, '.0f') + 'x':>12}"
            else:
                cells = f"{t_rdf * 1000:>11.0f}{format(t_rdf / t_disk, '.1f') + 'x':>13}" \
                        f"{format(t_rdf / t_mem, '.1f') + 'x':>12}"
            print(f"{name:<16}{rows:>7}{t_disk * 1000:>12.0f}{t_mem * 1000:>11.0f}{cells}")
        close_store(ds)
    print(f"\npeak RSS (ru_maxrss): {_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
