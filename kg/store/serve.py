"""A SPARQL 1.1 Protocol endpoint over a Peyvand store, safe to leave running on a workstation.

Design, and why:

- **Queries run in worker processes**, never in the HTTP threads: a pyoxigraph query cannot be interrupted from
  Python, so a query that overruns ``timeout`` gets its worker killed (SIGKILL) and replaced, and the client a
  ``503`` saying so. Workers die with the server (``PR_SET_PDEATHSIG``).
- **Read-only by default.** The server holds the store's write lock for its lifetime, so no build can change the
  files under the readers; workers open the store read-only. ``allow_update`` needs a bearer token and runs a single
  read-write worker (Oxigraph allows one writer per directory). A STORE that is a file is loaded into memory by
  each worker (several times faster to query than on disk); updates to it are refused, as they would be lost.
- **Bounded:** results are cut at ``max_rows`` rows (or triples), computed lazily, with an ``X-Peyvand-Truncated``
  header; request bodies are limited; ``SERVICE`` (which Oxigraph would follow to any host) and ``LOAD`` (which
  reads URLs) are refused unless enabled, decided on the parsed request (``kg.store.guard``), never on its text.
  A worker survives any error a query raises (a remote endpoint's bad answer included).
- **Loopback by default**, and then only for ``Host: localhost``/``127.0.0.1`` (no DNS rebinding); **no CORS** by
  default, so a web page from another origin cannot read the answers; ``cors_origin`` (``kg serve --cors ORIGIN``)
  allows one origin (or ``*``) for YASGUI and other browser clients.

The endpoint is ``/sparql``: GET ``?query=``, POST ``application/sparql-query``, POST form ``query=``/``update=``,
POST ``application/sparql-update``; ``default-graph-uri``/``named-graph-uri`` are honoured. By default a query's
default graph is the union of all graphs (like ``kg query``). Results: SPARQL JSON, XML, CSV, TSV; graphs:
Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD, by ``Accept``.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import hmac
import io
import itertools
import json
import math
import multiprocessing as mp
import queue
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape as _xml_escape

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.store.formats import rdf_format
from kg.store.guard import refused
from kg.store.local import FILE_GRAPH, is_store

__all__ = ["ServeConfig", "SparqlServer", "make_server", "serve"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_TRUNCATED = "X-Peyvand-Truncated"

# Result formats by media type: (kind, media type to answer with).
_SOLUTION_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
_SOLUTION_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                   "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
_GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS, "application/trig": ox.RdfFormat.TRIG,
    "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
}


@dataclass(frozen=True, slots=True)
class ServeConfig:
    """How ``kg serve`` runs. ``timeout`` is in seconds per request; ``max_rows`` bounds every result."""

    store: Path
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 10.0
    max_rows: int = 10_000
    workers: int = 2
    allow_update: bool = False
    token: str | None = None
    allow_service: bool = False
    allow_load: bool = False
    union_default_graph: bool = True
    max_body: int = 1_000_000
    max_waiting: int = 64
    cors_origin: str = ""  # "": no CORS headers (browsers then only query from the same origin); or one origin, or "*"
    quiet: bool = True


# -- serializers (results are cut at max_rows, so pyoxigraph's own serializers, which take the whole
#    iterator, cannot be used) ------------------------------------------------------------------------------------

def _term_json(t: Any) -> dict[str, Any]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d: dict[str, Any] = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value != _XSD_STRING:
            d["datatype"] = t.datatype.value
        return d
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(t.subject), "predicate": _term_json(t.predicate),
                                            "object": _term_json(t.object)}}
    return {"type": "literal", "value": str(t)}


def _term_xml(t: Any) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{_xml_escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{_xml_escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f'<literal xml:lang="{_xml_escape(t.language)}">{_xml_escape(t.value)}</literal>'
        if t.datatype.value != _XSD_STRING:
            return f'<literal datatype="{_xml_escape(t.datatype.value)}">{_xml_escape(t.value)}</literal>'
        return f"<literal>{_xml_escape(t.value)}</literal>"
    return f"<literal>{_xml_escape(str(t))}</literal>"


def _csv_field(t: Any) -> str:
    if t is None:
        return ""
    value = t.value if isinstance(t, ox.NamedNode | ox.Literal) else str(t)
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _solutions(variables: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    if fmt == "json":
        bindings = [{v: _term_json(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode()
    if fmt == "xml":
        out = io.StringIO()
        out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>')
        out.writelines(f'<variable name="{v}"/>' for v in variables)
        out.write("</head><results>")
        for row in rows:
            out.write("<result>")
            out.writelines(f'<binding name="{v}">{_term_xml(t)}</binding>'
                           for v, t in zip(variables, row, strict=True) if t is not None)
            out.write("</result>")
        out.write("</results></sparql>\n")
        return out.getvalue().encode()
    if fmt == "csv":
        lines = [",".join(variables)] + [",".join(_csv_field(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode()
    lines = ["\t".join(f"?{v}" for v in variables)] + ["\t".join("" if t is None else str(t) for t in row)
                                                         for row in rows]
    return ("\n".join(lines) + "\n").encode()


def _boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    return f"{'true' if value else 'false'}\n".encode()


# -- worker processes -------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Job:
    kind: str  # "query" | "update"
    text: str
    accept: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int = 10_000
    union: bool = True


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    content_type: str
    body: bytes
    truncated: bool = False
    timing: tuple[tuple[str, float], ...] = ()  # (phase, seconds), sent as a Server-Timing header


def _text(status: int, message: str) -> _Answer:
    return _Answer(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


def _negotiate(accept: str, table: dict[str, Any], default: str) -> str | None:
    """The media type in ``table`` that ``accept`` prefers (``default`` for ``*/*`` or no header)."""
    if not accept.strip():
        return default
    choices = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                with contextlib.suppress(ValueError):
                    q = float(f[2:])
        if q > 0:
            choices.append((-q, i, media))
    for _, _, media in sorted(choices):
        if media in table:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return default
    return None


def _run_job(store: ox.Store, job: _Job) -> _Answer:
    if job.kind == "update":
        store.update(job.text)
        return _Answer(204, "text/plain", b"")
    kwargs: dict[str, Any] = {}
    if job.default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    elif job.union:
        kwargs["use_default_graph_as_union"] = True
    if job.named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    result = store.query(job.text, **kwargs)
    if isinstance(result, ox.QueryBoolean):
        media = _negotiate(job.accept, _SOLUTION_TYPES, "application/sparql-results+json")
        if media is None:
            return _text(406, "cannot answer an ASK query in the requested media type")
        fmt = _SOLUTION_TYPES[media]
        return _Answer(200, _SOLUTION_MEDIA[fmt], _boolean(bool(result), fmt))
    if isinstance(result, ox.QuerySolutions):
        media = _negotiate(job.accept, _SOLUTION_TYPES, "application/sparql-results+json")
        if media is None:
            return _text(406, "cannot answer a SELECT query in the requested media type "
                              "(try application/sparql-results+json, +xml, text/csv)")
        fmt = _SOLUTION_TYPES[media]
        names = [v.value for v in result.variables]
        rows = [[sol[i] for i in range(len(names))] for sol in itertools.islice(result, job.max_rows + 1)]
        truncated = len(rows) > job.max_rows
        return _Answer(200, _SOLUTION_MEDIA[fmt], _solutions(names, rows[: job.max_rows], fmt), truncated)
    media = _negotiate(job.accept, _GRAPH_TYPES, "text/turtle")
    if media is None:
        return _text(406, "cannot answer a CONSTRUCT/DESCRIBE query in the requested media type "
                          "(try text/turtle, application/n-triples, application/ld+json)")
    triples = list(itertools.islice(result, job.max_rows + 1))
    truncated = len(triples) > job.max_rows
    fmt = _GRAPH_TYPES[media]
    body = ox.serialize(triples[: job.max_rows], format=fmt) or b""
    ctype = fmt.media_type + ("; charset=utf-8" if fmt.media_type.startswith("text/") else "")
    return _Answer(200, ctype, body, truncated)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when the thread that started it exits (no orphaned runaway queries)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _worker_main(conn: Any, path: str, mode: str) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        store = _load_store(path, mode)
    except (OSError, SyntaxError, ValueError, StoreError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        conn.send(_text(500, f"{path}: cannot open the store ({first})"))
        return
    conn.send(None)  # ready
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        t0 = time.perf_counter()
        try:
            answer = _run_job(store, job)
            answer = dataclasses.replace(answer, timing=(("worker", time.perf_counter() - t0),))
        except SyntaxError as exc:
            answer = _text(400, f"malformed {job.kind}: {exc}")
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # a SERVICE's bad answer, even a Rust panic, must not take the worker down
            answer = _text(500, f"{job.kind} failed: {_first_line(exc)}")
        conn.send(answer)


class _Worker:
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


class _Pool:
    """Worker processes, each holding the store open; a busy one that overruns is killed and replaced.

    Workers are spawned (a fresh interpreter: nothing inherited from the HTTP threads) by one long-lived thread,
    because ``PR_SET_PDEATHSIG`` fires when the starting *thread* exits. (A fork server would not do: every
    worker holds the fork server's liveness pipe, so a worker stuck in a query keeps it, and itself, alive.)
    """

    def __init__(self, size: int, path: str, mode: str, start_timeout: float = 120.0) -> None:
        self._ctx = mp.get_context("spawn")
        self._path, self._mode = path, mode
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._orders: queue.Queue[int | None] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._errors: list[str] = []
        self._spawner = threading.Thread(target=self._spawn_loop, name="kg-serve-spawner", daemon=True)
        self._spawner.start()
        for _ in range(size):
            self._orders.put(1)
        deadline = time.monotonic() + start_timeout
        while self._idle.qsize() < size and not self._errors and time.monotonic() < deadline:
            time.sleep(0.05)
        if self._errors or self._idle.qsize() < size:
            self.close()
            raise StoreError(self._errors[0] if self._errors else "query workers did not start in time")

    def _spawn_loop(self) -> None:
        while (order := self._orders.get()) is not None:
            del order
            w = _Worker(self._ctx, self._path, self._mode)
            ready: _Answer | None = _text(500, "a query worker did not start within 120 s")
            try:
                for _ in range(1200):
                    if self._closed:
                        break
                    if w.conn.poll(0.1):
                        ready = w.conn.recv()
                        break
            except (EOFError, OSError):
                ready = _text(500, "a query worker died while starting")
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

    def _discard(self, w: _Worker) -> None:
        w.kill()
        with self._lock:
            self._all.discard(w)
            if not self._closed:
                self._orders.put(1)

    def run(self, job: _Job, timeout: float) -> _Answer:
        """Run ``job`` on a free worker: waiting for one, and then running, are each bounded by ``timeout``."""
        t0 = time.perf_counter()
        try:
            w = self._idle.get(timeout=timeout)
        except queue.Empty:
            return _text(503, f"server busy: no query worker free within {timeout:g} s")
        t1 = time.perf_counter()
        try:
            w.conn.send(job)
            if w.conn.poll(timeout):
                answer = w.conn.recv()
                self._idle.put(w)
                t2 = time.perf_counter()
                worker = dict(answer.timing).get("worker", 0.0)
                return dataclasses.replace(answer, timing=(("queue", t1 - t0), ("worker", worker),
                                                           ("pipe", t2 - t1 - worker)))
        except (EOFError, OSError):
            self._discard(w)
            return _text(500, f"the query worker died while running the {job.kind}")
        self._discard(w)
        return _text(503, f"{job.kind} timed out after {timeout:g} s and was stopped (kg serve --timeout)")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        self._orders.put(None)
        self._spawner.join(5)  # a worker being started is waited for, not orphaned mid-start
        for w in workers:
            w.kill()


# -- HTTP --------------------------------------------------------------------------------------------------------------

_LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1", "[::1]"}


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "peyvand-sparql"
    timeout = 60  # seconds a silent connection may hold a thread
    wbufsize = -1  # headers and body leave in one write ...

    def setup(self) -> None:
        super().setup()
        # ... and at once: without TCP_NODELAY, Nagle and delayed ACKs add ~40 ms to every keep-alive answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _host_refused(self) -> bool:
        """On loopback, refuse requests for any other host name: a DNS-rebinding page cannot reach the data."""
        if self.server.config.host not in _LOOPBACK_NAMES:
            return False
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name in _LOOPBACK_NAMES:
            return False
        self._send(_text(403, f"this endpoint only answers requests for localhost, not {host or 'no host'}"))
        return True

    def _cors(self) -> None:
        if self.server.config.cors_origin:
            self.send_header("Access-Control-Allow-Origin", self.server.config.cors_origin)
            self.send_header("Access-Control-Expose-Headers", _TRUNCATED)

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.config.quiet:
            super().log_message(format, *args)

    def _send(self, answer: _Answer) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self._cors()
        self.send_header("Cache-Control", "no-store")
        self.send_header("Vary", "Accept")
        if answer.truncated:
            self.send_header(_TRUNCATED, str(self.server.config.max_rows))
        if answer.status == 401:
            self.send_header("WWW-Authenticate", 'Bearer realm="kg serve"')
        if answer.timing:  # where the time went (bench/serve_load.py reads it)
            self.send_header("Server-Timing", ", ".join(f"{k};dur={v * 1e3:.1f}" for k, v in answer.timing))
        self.end_headers()
        self.wfile.write(answer.body)
        self.wfile.flush()

    def do_OPTIONS(self) -> None:
        if self._host_refused():
            return
        self.send_response(204)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept, Authorization")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.wfile.flush()

    def _endpoint_url(self):
        """The request's URL when it is for /sparql from an allowed host; otherwise answer it and return None."""
        if self._host_refused():
            return None
        url = urlsplit(self.path)
        if url.path not in ("/sparql", "/sparql/"):
            self._send(_text(404, "the SPARQL endpoint is /sparql"))
            return None
        return url

    def do_GET(self) -> None:
        url = self._endpoint_url()
        if url is None:
            return
        params = parse_qs(url.query, keep_blank_values=True)
        if "update" in params:
            self._send(_text(405, "updates must be sent with POST"))
            return
        if "query" not in params:
            self._send(_text(200, self.server.describe()))
            return
        self._handle("query", params)

    def do_POST(self) -> None:
        url = self._endpoint_url()
        if url is None:
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._send(_text(411, "a POST needs a Content-Length"))
            self.close_connection = True
            return
        if length < 0 or length > self.server.config.max_body:
            self._send(_text(413, f"request body over {self.server.config.max_body} bytes"))
            self.close_connection = True
            return
        body = self.rfile.read(length)
        params = parse_qs(url.query, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._send(_text(400, "request body is not UTF-8"))
            return
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-query":
            params["query"] = [text]
        elif ctype == "application/sparql-update":
            params["update"] = [text]
        else:
            self._send(_text(415, "POST application/sparql-query, application/sparql-update or a form"))
            return
        kinds = [k for k in ("query", "update") if k in params]
        if len(kinds) != 1 or len(params[kinds[0]]) != 1:
            self._send(_text(400, "send exactly one query or one update"))
            return
        self._handle(kinds[0], params)

    def _handle(self, kind: str, params: dict[str, list[str]]) -> None:
        cfg = self.server.config
        text = params[kind][0]
        if kind == "update":
            refusal = self._update_refusal()
            if refusal:
                self._send(refusal)
                return
            if params.get("using-graph-uri") or params.get("using-named-graph-uri"):
                self._send(_text(400, "using-graph-uri and using-named-graph-uri are not supported"))
                return
        for key in ("default-graph-uri", "named-graph-uri"):
            for iri in params.get(key, ()):
                try:
                    ox.NamedNode(iri)
                except ValueError as exc:
                    self._send(_text(400, f"{key} is not an IRI: {iri!r} ({exc})"))
                    return
        try:
            banned = refused(text, kind, allow_service=cfg.allow_service, allow_load=cfg.allow_load)
        except QueryError as exc:
            self._send(_text(400, str(exc)))
            return
        if banned:
            flags = " and ".join(f"--allow-{k.lower()}" for k in sorted(banned))
            self._send(_text(403, f"{' and '.join(sorted(banned))} refused by this endpoint (start it with {flags})"))
            return
        job = _Job(kind, text, self.headers.get("Accept", ""), tuple(params.get("default-graph-uri", ())),
                   tuple(params.get("named-graph-uri", ())), cfg.max_rows, cfg.union_default_graph)
        if not self.server.slots.acquire(blocking=False):
            self._send(_text(503, "server busy: too many requests waiting"))
            return
        try:
            answer = self.server.pool.run(job, cfg.timeout)
        finally:
            self.server.slots.release()
        self._send(answer)

    def _update_refusal(self) -> _Answer | None:
        cfg = self.server.config
        if not cfg.allow_update:
            return _text(403, "updates are disabled on this endpoint (start kg serve with --allow-update)")
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return _text(401, "updates need an Authorization: Bearer token")
        if not hmac.compare_digest(auth[7:].strip().encode(), (cfg.token or "").encode()):
            return _text(403, "wrong bearer token")
        return None


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server and its worker pool. ``url`` is the endpoint; ``close()`` stops the workers."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, config: ServeConfig, pool: _Pool, holder: Any = None) -> None:
        self.config, self.pool = config, pool
        self.slots = threading.BoundedSemaphore(config.max_waiting)  # requests queued or running at once
        self._holder = holder  # an open read-write handle: keeps the store's write lock while serving
        super().__init__((config.host, config.port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/sparql"

    def describe(self) -> str:
        c = self.config
        return (f"Peyvand SPARQL 1.1 endpoint over {c.store.name}\n"
                f"query: GET/POST {self.url} (?query=..., application/sparql-query, form)\n"
                f"updates: {'enabled, with a bearer token' if c.allow_update else 'disabled'}\n"
                f"timeout: {c.timeout:g} s; results cut at {c.max_rows} rows; "
                f"default graph: {'union of all graphs' if c.union_default_graph else 'the store default graph'}\n")

    def close(self) -> None:
        self.server_close()
        self.pool.close()
        self._holder = None


def _open_source(config: ServeConfig) -> tuple[str, Any]:
    """How workers open the store (``memory``, ``read-only`` or ``writable``), and a handle holding its write lock.

    A file is parsed by each worker into memory (an in-memory Oxigraph answers the competency queries several
    times faster than the same data on disk); a directory is opened on disk, read-only unless updates are allowed.
    """
    path = config.store
    if path.is_dir() and not is_store(path):
        raise StoreError(f"{path}: a folder, but not a store (no Oxigraph database in it); serve a store that "
                         "`kg build -o STORE` wrote, or an RDF file")
    if path.is_dir():
        if config.allow_update:
            return "writable", None
        try:
            holder = ox.Store(str(path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(f"{path}: the store is being written by another process (a build?); "
                                 "serve it when that finishes") from None
            raise StoreError(f"{path}: not an Oxigraph store ({exc})") from None
        return "read-only", holder
    if not path.is_file():
        raise StoreError(f"{path}: no such store or file")
    if config.allow_update:
        raise StoreError(f"{path}: --allow-update needs an Oxigraph directory store; updates to a file would be lost")
    return "memory", None


def _load_store(path: str, mode: str) -> ox.Store:
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


def make_server(config: ServeConfig) -> SparqlServer:
    """Open the store, start the workers and bind the socket (not yet serving: call ``serve_forever``)."""
    if config.allow_update and not config.token:
        raise QueryError("--allow-update needs a token (--token or KG_SERVE_TOKEN)")
    if not (math.isfinite(config.timeout) and config.timeout > 0):
        raise QueryError(f"--timeout must be a positive number of seconds, not {config.timeout}")
    if config.max_rows <= 0 or config.workers <= 0:
        raise QueryError("--max-rows and --workers must be positive")
    if not 0 <= config.port <= 65535:
        raise QueryError(f"--port must be between 0 and 65535, not {config.port}")
    mode, holder = _open_source(config)
    pool = _Pool(1 if config.allow_update else config.workers, str(config.store), mode)
    try:
        server = SparqlServer(config, pool, holder)
    except OSError as exc:
        pool.close()
        raise StoreError(f"cannot listen on {config.host}:{config.port} ({exc.strerror})") from None
    return server


def serve(config: ServeConfig, ready: Callable[[SparqlServer], None] | None = None) -> None:
    """Serve until SIGINT or SIGTERM, then stop the workers."""
    server = make_server(config)
    stop = threading.Event()

    def _stop(*_: object) -> None:
        if not stop.is_set():
            stop.set()
            threading.Thread(target=server.shutdown, daemon=True).start()

    old = signal.signal(signal.SIGTERM, _stop)
    try:
        if ready:
            ready(server)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, old)
        server.close()
        sys.stdout.flush()
