"""`kg serve` beside `oxigraph serve-read-only`: the same store, the same query mix, the same clients.

Both servers answer on 127.0.0.1 (the script refuses any other address) side by side, with the default graph as the
union of all graphs; the load alternates between them in windows (kg, oxigraph, oxigraph, kg, ...) so that the other
jobs of a shared machine weigh on both alike. C client threads, each with its own keep-alive connection, send the
competency queries round-robin (as ``kg query`` sends them: ``prepare_query`` with no bindings; ``--as-shipped``
sends the ``.rq`` files' text) for ``--duration`` seconds per server. Before the load, every query is sent once to
each server and their row counts must agree. Prints, for each server, errors, throughput and latency p50/p95/p99
(overall and per query), where kg serve's time went (its ``Server-Timing`` header: waiting for a worker, the worker,
the pipe, HTTP), and the ratios kg / oxigraph — the target is ≤ 2× (issue 14).

The default store is the whole Fars corpus (``kg build ../shared/.../fars-news.jsonl``, into a temporary folder;
about a minute); ``--store`` takes any store directory or file ``kg build`` writes (a file is loaded into a
temporary directory, since ``oxigraph serve`` needs one).

    .venv/bin/python bench/serve_load.py                          # Fars corpus, 8 clients, 60 s per server
    .venv/bin/python bench/serve_load.py --store out/fars.oxigraph --duration 30 --clients 4
    .venv/bin/python bench/serve_load.py --queries posts,units --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox

from kg.store import competency_queries, prepare_query

BIN = Path(sys.executable).parent
KG = str(BIN / "kg")
OXIGRAPH = str(BIN / "oxigraph") if (BIN / "oxigraph").exists() else shutil.which("oxigraph")
CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "fars-news" / "fars-news.jsonl"
JSON = "application/sparql-results+json"


@dataclass
class Run:
    """One server's load: latencies per query (seconds), errors by kind, requests sent, wall time."""

    name: str
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    phases: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))  # kg serve's Server-Timing
    by_query: dict[str, dict[str, list[float]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    sent: int = 0
    wall: float = 0.0

    @property
    def every(self) -> list[float]:
        return [x for v in self.latencies.values() for x in v]


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def _wait_answering(url: str, proc: subprocess.Popen, limit: float = 180) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    _stop(proc)
    raise SystemExit(f"server did not start: {url}")


def start_oxigraph(store: Path, timeout: float) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph", "--timeout-s", str(int(timeout))],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/query"
    _wait_answering(url, proc)
    return proc, url


def start_kg(store: Path, workers: int, timeout: float, max_rows: int) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([KG, "serve", str(store), "--port", "0", "--workers", str(workers),
                             "--timeout", str(timeout), "--max-rows", str(max_rows)],
                            stdout=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith("SPARQL endpoint: "):
            url = line.split(": ", 1)[1].strip()
            if urlsplit(url).hostname != "127.0.0.1":
                _stop(proc)
                raise SystemExit(f"refusing to load-test a non-loopback endpoint: {url}")
            _wait_answering(url, proc)
            return proc, url
        if not line and proc.poll() is not None:
            break
    _stop(proc)
    raise SystemExit("kg serve did not start")


def row_counts(url: str, queries: dict[str, str], timeout: float) -> dict[str, int | str]:
    """Each query's number of rows on this server (or the error it gave)."""
    out: dict[str, int | str] = {}
    with httpx.Client(timeout=timeout + 30) as c:
        for name, text in queries.items():
            r = c.post(url, data={"query": text}, headers={"Accept": JSON})
            out[name] = len(r.json()["results"]["bindings"]) if r.status_code == 200 else f"HTTP {r.status_code}"
    return out


def load(run: Run, url: str, queries: dict[str, str], clients: int, duration: float, timeout: float) -> None:
    """C clients sending the queries round-robin for ``duration`` seconds; results are added to ``run``."""
    lock = threading.Lock()
    names = list(queries)
    stop_at = time.monotonic() + duration

    def client(k: int) -> None:
        i = k
        with httpx.Client(timeout=timeout + 30) as c:
            while time.monotonic() < stop_at:
                q = names[i % len(names)]
                i += 1
                t = time.perf_counter()
                try:
                    r = c.post(url, data={"query": queries[q]}, headers={"Accept": JSON})
                    # a complete SPARQL JSON answer (a cheap check: the clients share the CPUs with the server)
                    body = r.content.rstrip()
                    ok = r.status_code == 200 and body.startswith(b"{") and body.endswith(b"}")
                    kind = "" if ok else f"HTTP {r.status_code}"
                except httpx.HTTPError as exc:
                    kind = type(exc).__name__
                dt = time.perf_counter() - t
                with lock:
                    run.sent += 1
                    if kind:
                        run.errors[kind] += 1
                        continue
                    run.latencies[q].append(dt)
                    timing = _server_timing(r.headers.get("server-timing", ""))
                    for phase, seconds in timing.items():
                        run.phases[phase].append(seconds)
                        run.by_query[q][phase].append(seconds)
                    if timing:
                        run.phases["http"].append(dt - sum(timing.values()))

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    run.wall += time.perf_counter() - t0


def _server_timing(header: str) -> dict[str, float]:
    """``queue;dur=1.5, worker;dur=20`` → {"queue": 0.0015, "worker": 0.02}."""
    out = {}
    for part in header.split(","):
        name, _, dur = part.strip().partition(";dur=")
        if name and dur:
            out[name] = float(dur) / 1e3
    return out


def _ms(x: float) -> str:
    return "-" if x != x else f"{x * 1e3:.0f}"


def report(runs: list[Run], names: list[str]) -> None:
    for run in runs:
        every = run.every
        print(f"{run.name:<9} requests {run.sent}  ok {len(every)}  errors {sum(run.errors.values())} "
              f"{dict(run.errors) or ''}  throughput {len(every) / run.wall:.2f} queries/s  "
              f"latency ms p50 {_ms(_pct(every, 50))}  p95 {_ms(_pct(every, 95))}  p99 {_ms(_pct(every, 99))}")
        if run.phases:
            total = sum(sum(v) for v in run.phases.values())
            print("  where the time went: " + ", ".join(
                f"{k} {sum(v) / total:.0%} (mean {_ms(sum(v) / len(v))} ms)" for k, v in run.phases.items()))
    by_name = {r.name: r for r in runs}
    kg, ref = by_name.get("kg"), by_name.get("oxigraph")
    if kg and ref:
        ratio = {p: _pct(kg.every, p) / _pct(ref.every, p) for p in (50, 95, 99)}
        thr = (len(kg.every) / kg.wall) / (len(ref.every) / ref.wall) if ref.every else float("nan")
        print(f"kg / oxigraph: p50 {ratio[50]:.2f}×  p95 {ratio[95]:.2f}×  p99 {ratio[99]:.2f}×  "
              f"throughput {thr:.2f}× (target: latency ≤ 2×)")
    print(f"{'query':<16}{'kg n':>6}{'p50':>8}{'p95':>8}{'queue':>8}{'worker':>8}{'ox n':>6}{'p50':>8}{'p95':>8}"
          f"{'p50 ratio':>11}   (ms; queue and worker: kg serve's medians)")
    empty = Run("none")
    for q in names:
        a, b = (kg or empty).latencies[q], (ref or empty).latencies[q]
        r50 = _pct(a, 50) / _pct(b, 50) if a and b else float("nan")
        wait, work = (kg or empty).by_query[q]["queue"], (kg or empty).by_query[q]["worker"]
        print(f"{q:<16}{len(a):>6}{_ms(_pct(a, 50)):>8}{_ms(_pct(a, 95)):>8}{_ms(_pct(wait, 50)):>8}"
              f"{_ms(_pct(work, 50)):>8}{len(b):>6}{_ms(_pct(b, 50)):>8}{_ms(_pct(b, 95)):>8}{r50:>10.2f}×")


def _store_dir(args: argparse.Namespace, tmp: Path) -> Path:
    """A store directory to serve: the one given, a given file loaded into one, or a fresh Fars build."""
    if args.store is not None and args.store.is_dir():
        return args.store
    target = tmp / "store.oxigraph"
    if args.store is not None:
        from kg.store.formats import rdf_format

        fmt = rdf_format(args.store)
        st = ox.Store(str(target))
        st.bulk_load(path=str(args.store), format=fmt, to_graph=None if fmt.supports_datasets else ox.NamedNode(
            "urn:x-peyvand:file-triples"))
        st.flush()
        del st
        return target
    if not CORPUS.exists():
        raise SystemExit(f"no --store given and no Fars corpus at {CORPUS}")
    print(f"building the whole Fars corpus into {target} …", flush=True)
    t = time.perf_counter()
    done = subprocess.run([KG, "build", str(CORPUS), "-o", str(target)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"kg build failed: {done.stderr[-500:]}")
    print(f"  {done.stderr.strip().splitlines()[-1]} ({time.perf_counter() - t:.0f} s)")
    return target


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, help="a store directory or RDF file (default: a build of the Fars corpus)")
    ap.add_argument("--clients", type=int, default=8, help="concurrent client threads (default 8)")
    ap.add_argument("--duration", type=float, default=60.0, help="seconds of load per server (default 60)")
    ap.add_argument("--rounds", type=int, default=4, help="alternating load windows, kg/ox/ox/kg... (default 4)")
    ap.add_argument("--workers", type=int, default=2, help="kg serve worker processes (default 2)")
    ap.add_argument("--timeout", type=float, default=60.0, help="query timeout of both servers (default 60 s)")
    ap.add_argument("--queries", help="comma-separated competency query names (default: all)")
    ap.add_argument("--as-shipped", action="store_true", help="send the .rq files as written, not prepared")
    ap.add_argument("--only", choices=("kg", "oxigraph"), help="load one server only")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally blocks: never orphan a server
    if not (0 < args.duration <= 600 and 0 < args.clients <= 64):
        ap.error("--duration must be in (0, 600], --clients in (0, 64]")
    if OXIGRAPH is None and args.only != "kg":
        ap.error("the oxigraph CLI is not installed (pip install oxigraph; it is in the dev extra)")
    catalog = competency_queries()
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")
    wanted = args.queries.split(",") if args.queries else list(catalog)
    if unknown := [q for q in wanted if q not in catalog]:
        ap.error(f"no such queries: {', '.join(unknown)}")
    queries = {q: catalog[q].text if args.as_shipped else prepare_query(q) for q in wanted}

    with tempfile.TemporaryDirectory(prefix="kg-serve-load-") as tmp:
        store = _store_dir(args, Path(tmp))
        names = [s for s in ("kg", "oxigraph") if args.only in (None, s)]
        procs, urls, counts = [], {}, {}
        try:  # both servers run side by side (the idle one costs no CPU); the loads alternate kg, ox, ox, kg...
            for name in names:
                proc, urls[name] = (start_kg(store, args.workers, args.timeout, 10_000_000) if name == "kg"
                                    else start_oxigraph(store, args.timeout))
                procs.append(proc)
                counts[name] = row_counts(urls[name], queries, args.timeout)
            runs = {name: Run(name) for name in names}
            window = args.duration / args.rounds
            for r in range(args.rounds):
                for name in names if r % 2 == 0 else names[::-1]:
                    load(runs[name], urls[name], queries, args.clients, window, args.timeout)
        finally:
            for proc in procs:
                _stop(proc)
        runs = list(runs.values())
    print(f"store {store.name}, {args.clients} clients, kg serve with {args.workers} workers, "
          f"{args.duration:g} s per server in {args.rounds} alternating windows, queries "
          f"{'as shipped' if args.as_shipped else 'prepared'}, load average {os.getloadavg()[0]:.1f}")
    print("rows per query: " + json.dumps(counts, ensure_ascii=False))
    report(runs, wanted)
    differ = len(counts) == 2 and counts["kg"] != counts["oxigraph"]
    if differ:
        print("the two servers returned different row counts")
    return 1 if differ or any(r.errors for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
