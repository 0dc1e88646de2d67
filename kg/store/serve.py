"""A SPARQL 1.1 Protocol endpoint over a Peyvand store, safe to leave running on a workstation.

Design, and why:

- **Queries run in worker processes** (``kg.store.workers``), never in the HTTP threads: a pyoxigraph query cannot
  be interrupted from Python, so a query that overruns ``timeout`` gets its worker killed (SIGKILL) and replaced, and
  the client a ``503`` saying so. Workers die with the server (``PR_SET_PDEATHSIG``). Free workers go to the waiting
  request expected to finish first, so short queries do not queue behind long ones. Answers are serialized by
  ``kg.store.results`` (Oxigraph's own serializers where the row cut allows).
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

import hmac
import math
import signal
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.store.guard import refused
from kg.store.local import is_store
from kg.store.workers import Answer, Job, Pool, text_answer

__all__ = ["ServeConfig", "SparqlServer", "make_server", "serve"]

_TRUNCATED = "X-Peyvand-Truncated"


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
        self._send(text_answer(403, f"this endpoint only answers requests for localhost, not {host or 'no host'}"))
        return True

    def _cors(self) -> None:
        if self.server.config.cors_origin:
            self.send_header("Access-Control-Allow-Origin", self.server.config.cors_origin)
            self.send_header("Access-Control-Expose-Headers", _TRUNCATED)

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.config.quiet:
            super().log_message(format, *args)

    def _send(self, answer: Answer) -> None:
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
            self._send(text_answer(404, "the SPARQL endpoint is /sparql"))
            return None
        return url

    def do_GET(self) -> None:
        url = self._endpoint_url()
        if url is None:
            return
        params = parse_qs(url.query, keep_blank_values=True)
        if "update" in params:
            self._send(text_answer(405, "updates must be sent with POST"))
            return
        if "query" not in params:
            self._send(text_answer(200, self.server.describe()))
            return
        self._handle("query", params)

    def do_POST(self) -> None:
        url = self._endpoint_url()
        if url is None:
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._send(text_answer(411, "a POST needs a Content-Length"))
            self.close_connection = True
            return
        if length < 0 or length > self.server.config.max_body:
            self._send(text_answer(413, f"request body over {self.server.config.max_body} bytes"))
            self.close_connection = True
            return
        body = self.rfile.read(length)
        params = parse_qs(url.query, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._send(text_answer(400, "request body is not UTF-8"))
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
            self._send(text_answer(415, "POST application/sparql-query, application/sparql-update or a form"))
            return
        kinds = [k for k in ("query", "update") if k in params]
        if len(kinds) != 1 or len(params[kinds[0]]) != 1:
            self._send(text_answer(400, "send exactly one query or one update"))
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
                self._send(text_answer(400, "using-graph-uri and using-named-graph-uri are not supported"))
                return
        for key in ("default-graph-uri", "named-graph-uri"):
            for iri in params.get(key, ()):
                try:
                    ox.NamedNode(iri)
                except ValueError as exc:
                    self._send(text_answer(400, f"{key} is not an IRI: {iri!r} ({exc})"))
                    return
        try:
            banned = refused(text, kind, allow_service=cfg.allow_service, allow_load=cfg.allow_load)
        except QueryError as exc:
            self._send(text_answer(400, str(exc)))
            return
        if banned:
            flags = " and ".join(f"--allow-{k.lower()}" for k in sorted(banned))
            self._send(text_answer(403, f"{' and '.join(sorted(banned))} refused by this endpoint (start it with "
                                        f"{flags})"))
            return
        job = Job(kind, text, self.headers.get("Accept", ""), tuple(params.get("default-graph-uri", ())),
                  tuple(params.get("named-graph-uri", ())), cfg.max_rows, cfg.union_default_graph)
        if not self.server.slots.acquire(blocking=False):
            self._send(text_answer(503, "server busy: too many requests waiting"))
            return
        try:
            answer = self.server.pool.run(job, cfg.timeout)
        finally:
            self.server.slots.release()
        self._send(answer)

    def _update_refusal(self) -> Answer | None:
        cfg = self.server.config
        if not cfg.allow_update:
            return text_answer(403, "updates are disabled on this endpoint (start kg serve with --allow-update)")
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return text_answer(401, "updates need an Authorization: Bearer token")
        if not hmac.compare_digest(auth[7:].strip().encode(), (cfg.token or "").encode()):
            return text_answer(403, "wrong bearer token")
        return None


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server and its worker pool. ``url`` is the endpoint; ``close()`` stops the workers."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, config: ServeConfig, pool: Pool, holder: Any = None) -> None:
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
    pool = Pool(1 if config.allow_update else config.workers, str(config.store), mode)
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
