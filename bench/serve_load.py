"""Load test of `kg serve` on loopback: N concurrent clients run the competency queries for a bounded time.

Starts `kg serve STORE --port 0` (bound to 127.0.0.1; the script refuses any other address), then C client threads,
each with its own httpx connection, send the shipped competency queries round-robin until ``--duration`` seconds or
``--max-requests`` requests in all. Prints the error count (zero expected), throughput and latency p50/p95/p99,
overall and per query, and the ratio of the served p50 to the same query run directly on pyoxigraph in this process
(the cost of HTTP, the worker hop and serialization).

    .venv/bin/python bench/serve_load.py                      # 60 s, 8 clients, a synthetic 100-article store
    .venv/bin/python bench/serve_load.py --duration 10 --clients 4
    .venv/bin/python bench/serve_load.py --store out/fars.nq   # any store or file `kg build` writes
    .venv/bin/python bench/serve_load.py --queries posts,quotes
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing as mp
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox

from kg.store import competency_queries

KG = str(Path(sys.executable).parent / "kg")


def _synthetic_store(n: int, folder: Path) -> Path:
    """N renamed copies of the graph layer's sample articles, written as N-Quads (no extractor needed)."""
    from kg.export import write_rdf
    from kg.graph import add_extraction, new_dataset
    from kg.graph.sample import sample_extractions

    ds = new_dataset()
    for i in range(n):
        for ex in sample_extractions():
            ents = tuple(dataclasses.replace(e, key=f"{e.key} {i % 97}") for e in ex.entities)
            art = dataclasses.replace(ex.article, text=f"{ex.article.text}\n{i}")
            add_extraction(ds, dataclasses.replace(ex, article=art, entities=ents))
    return write_rdf(ds, folder / "synthetic.nq")


def _start(store: Path, workers: int, timeout: float) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([KG, "serve", str(store), "--port", "0", "--workers", str(workers),
                             "--timeout", str(timeout)], stdout=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith("SPARQL endpoint: "):
            url = line.split(": ", 1)[1].strip()
            if urlsplit(url).hostname != "127.0.0.1":
                _stop(proc)
                raise SystemExit(f"refusing to load-test a non-loopback endpoint: {url}")
            return proc, url
        if not line and proc.poll() is not None:
            break
    _stop(proc)
    raise SystemExit("kg serve did not start")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def _open_direct(store: Path) -> ox.Store:
    from kg.store.local import FILE_GRAPH, file_format

    if store.is_dir():
        return ox.Store.read_only(str(store))
    fmt = file_format(store)
    st = ox.Store()
    st.bulk_load(path=str(store), format=fmt, to_graph=None if fmt.supports_datasets else FILE_GRAPH)
    return st


def _direct_child(conn, store: str, queries: list[str], repeat: int) -> None:
    st = _open_direct(Path(store))
    conn.send("ready")
    for text in queries:
        runs = []
        for _ in range(repeat):
            t = time.perf_counter()
            list(st.query(text, use_default_graph_as_union=True))
            runs.append(time.perf_counter() - t)
        conn.send(statistics.median(runs))


def _direct_medians(store: Path, queries: dict[str, str], limit: float, repeat: int = 3) -> dict[str, float]:
    """The baseline: each query run directly on pyoxigraph (in a child process, so one that runs past ``limit``
    seconds can be stopped; it is reported as NaN)."""
    ctx = mp.get_context("spawn")
    out: dict[str, float] = {}
    todo = list(queries)
    while todo:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_direct_child, args=(child, str(store), [queries[n] for n in todo], repeat))
        proc.start()
        if not parent.poll(300):
            proc.kill()
            raise SystemExit("could not load the store for the baseline")
        parent.recv()
        while todo and parent.poll(limit * repeat):
            out[todo.pop(0)] = parent.recv()
        if todo:
            out[todo.pop(0)] = float("nan")  # too slow: skipped
        proc.kill()
        proc.join()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, help="a store directory or RDF file (default: a synthetic store)")
    ap.add_argument("--synthetic", type=int, default=50, help="copies of the 2 sample articles (default 50)")
    ap.add_argument("--clients", type=int, default=8, help="concurrent client threads (default 8)")
    ap.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    ap.add_argument("--max-requests", type=int, default=200_000, help="stop after this many requests in all")
    ap.add_argument("--workers", type=int, default=2, help="kg serve worker processes (default 2)")
    ap.add_argument("--timeout", type=float, default=30.0, help="kg serve query timeout (default 30 s)")
    ap.add_argument("--queries", help="comma-separated competency query names (default: all)")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally blocks: never orphan the server
    if not (0 < args.duration <= 600 and 0 < args.clients <= 64 and args.max_requests > 0):
        ap.error("--duration must be in (0, 600], --clients in (0, 64]")

    with tempfile.TemporaryDirectory(prefix="kg-serve-load-") as tmp:
        store = args.store or _synthetic_store(args.synthetic, Path(tmp))
        queries = {name: q.text for name, q in competency_queries().items()
                   if not args.queries or name in args.queries.split(",")}
        if not queries:
            ap.error(f"no such queries: {args.queries}")
        baseline = _direct_medians(store, queries, args.timeout)
        proc, url = _start(store, args.workers, args.timeout)
        latencies: dict[str, list[float]] = defaultdict(list)
        errors: Counter[str] = Counter()
        sent = 0
        lock = threading.Lock()
        stop_at = time.monotonic() + args.duration
        names = list(queries)

        def client(k: int) -> None:
            nonlocal sent
            i = k
            with httpx.Client(timeout=args.timeout + 10) as c:
                while time.monotonic() < stop_at:
                    with lock:
                        if sent >= args.max_requests:
                            return
                        sent += 1
                    name = names[i % len(names)]
                    i += 1
                    t = time.perf_counter()
                    try:
                        r = c.post(url, data={"query": queries[name]},
                                   headers={"Accept": "application/sparql-results+json"})
                        # a complete SPARQL JSON answer (cheap check, so the clients leave the CPUs to the server)
                        ok = r.status_code == 200 and r.content.startswith(b'{"head"') and r.content.endswith(b"}")
                        kind = "" if ok else f"HTTP {r.status_code}"
                    except httpx.HTTPError as exc:
                        kind = type(exc).__name__
                    dt = time.perf_counter() - t
                    with lock:
                        if kind:
                            errors[kind] += 1
                        else:
                            latencies[name].append(dt)

        t0 = time.perf_counter()
        try:
            threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
        finally:
            wall = time.perf_counter() - t0
            _stop(proc)

    every = [x for v in latencies.values() for x in v]
    print(f"kg serve load test: {args.clients} clients, {args.workers} workers, {wall:.1f} s, store {store.name}")
    print(f"requests {sent}  ok {len(every)}  errors {sum(errors.values())} {dict(errors) or ''}")
    timed = [baseline[n] for n in names if baseline[n] == baseline[n]]
    capacity = args.workers / statistics.mean(timed) if timed else float("nan")
    print(f"throughput {len(every) / wall:.1f} queries/s; direct pyoxigraph capacity with {args.workers} workers "
          f"{capacity:.1f} queries/s; served/direct throughput {len(every) / wall / capacity:.2f}")
    print(f"latency ms  p50 {_pct(every, 50) * 1e3:.1f}  p95 {_pct(every, 95) * 1e3:.1f}  "
          f"p99 {_pct(every, 99) * 1e3:.1f}")
    print(f"{'query':<16}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'direct ms':>11}{'served/direct':>15}")
    for name in names:
        v = latencies[name]
        p50 = _pct(v, 50)
        print(f"{name:<16}{len(v):>7}{p50 * 1e3:>9.1f}{_pct(v, 95) * 1e3:>9.1f}{_pct(v, 99) * 1e3:>9.1f}"
              f"{baseline[name] * 1e3:>11.1f}{p50 / baseline[name] if baseline[name] else float('nan'):>15.1f}")
    if any(v != v for v in baseline.values()):
        print(f"direct = nan: the query ran past --timeout ({args.timeout:g} s) on pyoxigraph itself")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
