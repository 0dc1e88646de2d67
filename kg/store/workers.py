"""Query workers for ``kg serve``: processes that hold the store open and run one request at a time.

A pyoxigraph query cannot be interrupted from Python, so each runs in a worker process that is killed (SIGKILL) and
replaced when it overruns; workers die with the server (``PR_SET_PDEATHSIG``). A worker survives any error a query
raises (a remote endpoint's bad answer, even a Rust panic). Free workers go to waiting requests in expected-finish
order (``Dispatch``), so a short query does not wait behind long ones.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import hashlib
import heapq
import itertools
import multiprocessing as mp
import queue
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import StoreError
from kg.store.formats import rdf_format
from kg.store.local import FILE_GRAPH
from kg.store.results import (
    GRAPH_TYPES,
    NATIVE,
    SOLUTION_MEDIA,
    SOLUTION_TYPES,
    boolean_bytes,
    native_counts_right,
    native_solutions,
    negotiate,
    solutions_bytes,
)

__all__ = ["Answer", "Job", "Pool", "load_store", "text_answer"]


@dataclass(frozen=True, slots=True)
class Job:
    kind: str  # "query" | "update"
    text: str
    accept: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int = 10_000
    union: bool = True


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    content_type: str
    body: bytes
    truncated: bool = False
    timing: tuple[tuple[str, float], ...] = ()  # (phase, seconds), sent as a Server-Timing header


def text_answer(status: int, message: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


def load_store(path: str, mode: str) -> ox.Store:
    """Open the store in a worker (see ``_open_source``); raises ``OSError``/``SyntaxError``/``StoreError``."""
    if mode == "writable":
        return ox.Store(path)
    if mode == "read-only":
        return ox.Store.read_only(path)
    fmt = rdf_format(path)
    store = ox.Store()
    store.bulk_load(path=path, format=fmt, base_iri=Path(path).resolve().as_uri(),
                    to_graph=None if fmt.supports_datasets else FILE_GRAPH)  # as kg query reads triple files
    return store


def run_job(store: ox.Store, job: Job, native: bool = False) -> Answer:
    """Run one request; ``native`` lets Oxigraph serialize JSON and TSV results (``_native_counts_right``)."""
    if job.kind == "update":
        store.update(job.text)
        return Answer(204, "text/plain", b"")
    kwargs: dict[str, Any] = {}
    if job.default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    elif job.union:
        kwargs["use_default_graph_as_union"] = True
    if job.named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    result = store.query(job.text, **kwargs)
    if isinstance(result, ox.QueryBoolean):
        media = negotiate(job.accept, SOLUTION_TYPES, "application/sparql-results+json")
        if media is None:
            return text_answer(406, "cannot answer an ASK query in the requested media type")
        fmt = SOLUTION_TYPES[media]
        return Answer(200, SOLUTION_MEDIA[fmt], boolean_bytes(bool(result), fmt))
    if isinstance(result, ox.QuerySolutions):
        media = negotiate(job.accept, SOLUTION_TYPES, "application/sparql-results+json")
        if media is None:
            return text_answer(406, "cannot answer a SELECT query in the requested media type "
                              "(try application/sparql-results+json, +xml, text/csv)")
        fmt = SOLUTION_TYPES[media]
        if native and fmt in NATIVE:
            native = native_solutions(result, fmt, job.max_rows)
            if native is not None:
                return Answer(200, SOLUTION_MEDIA[fmt], *native)
            result = store.query(job.text, **kwargs)  # consumed by the attempt: run it again, row by row
        names = [v.value for v in result.variables]
        rows = [list(sol) for sol in itertools.islice(result, job.max_rows + 1)]
        truncated = len(rows) > job.max_rows
        return Answer(200, SOLUTION_MEDIA[fmt], solutions_bytes(names, rows[: job.max_rows], fmt), truncated)
    media = negotiate(job.accept, GRAPH_TYPES, "text/turtle")
    if media is None:
        return text_answer(406, "cannot answer a CONSTRUCT/DESCRIBE query in the requested media type "
                          "(try text/turtle, application/n-triples, application/ld+json)")
    triples = list(itertools.islice(result, job.max_rows + 1))
    truncated = len(triples) > job.max_rows
    fmt = GRAPH_TYPES[media]
    body = ox.serialize(triples[: job.max_rows], format=fmt) or b""
    ctype = fmt.media_type + ("; charset=utf-8" if fmt.media_type.startswith("text/") else "")
    return Answer(200, ctype, body, truncated)


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when the thread that started it exits (no orphaned runaway queries)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _worker_main(conn: Any, path: str, mode: str) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        store = load_store(path, mode)
    except (OSError, SyntaxError, ValueError, StoreError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        conn.send(text_answer(500, f"{path}: cannot open the store ({first})"))
        return
    native = native_counts_right()
    conn.send(None)  # ready
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        t0 = time.perf_counter()
        try:
            answer = run_job(store, job, native)
            answer = dataclasses.replace(answer, timing=(("worker", time.perf_counter() - t0),))
        except SyntaxError as exc:
            answer = text_answer(400, f"malformed {job.kind}: {exc}")
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # a SERVICE's bad answer, even a Rust panic, must not take the worker down
            answer = text_answer(500, f"{job.kind} failed: {first_line(exc)}")
        conn.send(answer)


class Worker:
    def __init__(self, ctx: Any, path: str, mode: str) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, path, mode), daemon=True,
                                name="kg-serve-worker")
        self.proc.start()
        child.close()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.proc.kill()
            self.proc.join(5)
        with contextlib.suppress(Exception):
            self.conn.close()


class Dispatch:
    """Which waiting request gets the next free worker: the one with the earliest *expected finish*, its arrival
    time plus what the same request cost last times (unknown requests count as instant).

    With a few workers and a mix of millisecond and multi-second queries, first-come-first-served makes every
    short query wait behind the long ones (on the Fars corpus, 70 % of kg serve's latency was that wait, and the
    competency queries that take ~50 ms took seconds). Expected finish time puts short requests first yet still
    lets a long one through once it has waited about as long as it runs: nothing starves.
    """

    def __init__(self, memory: int = 1024) -> None:
        self._cv = threading.Condition()
        self._idle: list[Worker] = []
        self._waiting: list[tuple[float, int]] = []  # heap of (expected finish, ticket)
        self._tickets = itertools.count()
        self._cost: dict[str, float] = {}  # seconds, by request, most recent last
        self._memory = memory

    def idle_count(self) -> int:
        with self._cv:
            return len(self._idle)

    def put(self, worker: Worker) -> None:
        with self._cv:
            self._idle.append(worker)
            self._cv.notify_all()

    def get(self, key: str, timeout: float) -> Worker | None:
        """A free worker for the request ``key``, in expected-finish order; None after ``timeout`` seconds."""
        now = time.monotonic()
        entry = (now + self._cost.get(key, 0.0), next(self._tickets))
        deadline = now + timeout
        with self._cv:
            heapq.heappush(self._waiting, entry)
            while not (self._idle and self._waiting[0] == entry):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self._waiting.remove(entry)
                    heapq.heapify(self._waiting)
                    self._cv.notify_all()
                    return None
                self._cv.wait(remaining)
            heapq.heappop(self._waiting)
            worker = self._idle.pop()
            self._cv.notify_all()  # the next in line may take another free worker
            return worker

    def learn(self, key: str, seconds: float) -> None:
        """Remember what a request cost (a moving average, so a query that got faster is believed soon)."""
        with self._cv:
            old = self._cost.pop(key, seconds)
            self._cost[key] = (old + seconds) / 2
            if len(self._cost) > self._memory:
                del self._cost[next(iter(self._cost))]


def request_key(job: Job) -> str:
    return hashlib.blake2b(repr((job.kind, job.text, job.default_graphs, job.named_graphs, job.union)).encode(),
                           digest_size=16).hexdigest()


class Pool:
    """Worker processes, each holding the store open; a busy one that overruns is killed and replaced.

    Workers are spawned (a fresh interpreter: nothing inherited from the HTTP threads) by one long-lived thread,
    because ``PR_SET_PDEATHSIG`` fires when the starting *thread* exits. (A fork server would not do: every
    worker holds the fork server's liveness pipe, so a worker stuck in a query keeps it, and itself, alive.)
    Free workers go to waiting requests in the order ``Dispatch`` decides.
    """

    def __init__(self, size: int, path: str, mode: str, start_timeout: float = 120.0) -> None:
        self._ctx = mp.get_context("spawn")
        self._path, self._mode = path, mode
        self._idle = Dispatch()
        self._orders: queue.Queue[int | None] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._errors: list[str] = []
        self._spawner = threading.Thread(target=self._spawn_loop, name="kg-serve-spawner", daemon=True)
        self._spawner.start()
        for _ in range(size):
            self._orders.put(1)
        deadline = time.monotonic() + start_timeout
        while self._idle.idle_count() < size and not self._errors and time.monotonic() < deadline:
            time.sleep(0.05)
        if self._errors or self._idle.idle_count() < size:
            self.close()
            raise StoreError(self._errors[0] if self._errors else "query workers did not start in time")

    def _spawn_loop(self) -> None:
        while (order := self._orders.get()) is not None:
            del order
            w = Worker(self._ctx, self._path, self._mode)
            ready: Answer | None = text_answer(500, "a query worker did not start within 120 s")
            try:
                for _ in range(1200):
                    if self._closed:
                        break
                    if w.conn.poll(0.1):
                        ready = w.conn.recv()
                        break
            except (EOFError, OSError):
                ready = text_answer(500, "a query worker died while starting")
            if self._closed:
                w.kill()
                return
            if ready is not None:
                self._errors.append(ready.body.decode().strip())
                w.kill()
                continue
            with self._lock:
                if self._closed:
                    w.kill()
                    continue
                self._all.add(w)
            self._idle.put(w)

    def _discard(self, w: Worker) -> None:
        w.kill()
        with self._lock:
            self._all.discard(w)
            if not self._closed:
                self._orders.put(1)

    def run(self, job: Job, timeout: float) -> Answer:
        """Run ``job`` on a free worker: waiting for one, and then running, are each bounded by ``timeout``."""
        key = request_key(job)
        t0 = time.perf_counter()
        w = self._idle.get(key, timeout)
        if w is None:
            return text_answer(503, f"server busy: no query worker free within {timeout:g} s")
        t1 = time.perf_counter()
        try:
            w.conn.send(job)
            if w.conn.poll(timeout):
                answer = w.conn.recv()
                self._idle.put(w)
                t2 = time.perf_counter()
                worker = dict(answer.timing).get("worker", t2 - t1)
                self._idle.learn(key, worker)
                return dataclasses.replace(answer, timing=(("queue", t1 - t0), ("worker", worker),
                                                           ("pipe", t2 - t1 - worker)))
        except (EOFError, OSError):
            self._discard(w)
            return text_answer(500, f"the query worker died while running the {job.kind}")
        self._discard(w)
        self._idle.learn(key, timeout)
        return text_answer(503, f"{job.kind} timed out after {timeout:g} s and was stopped (kg serve --timeout)")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        self._orders.put(None)
        self._spawner.join(5)  # a worker being started is waited for, not orphaned mid-start
        for w in workers:
            w.kill()
