"""A remote SPARQL 1.1 store over HTTP: push a build's named graphs to a server teams already run, query it, count.

Pushing replaces each article graph on the server (an article's facts are exactly its graph), by one of:

- ``gsp``: SPARQL 1.1 Graph Store Protocol, one ``PUT ?graph=G`` per named graph (N-Triples sent as Turtle, which
  every implementation reads);
- ``update``: SPARQL 1.1 Update, ``DROP SILENT GRAPH <G>`` then ``INSERT DATA`` in batches of N-Triples lines.

After a push the server's triple count of every pushed named graph is read back and compared with the local count,
so a server that silently drops data (Virtuoso does, on some inputs) is an error, not a success.

Endpoint layouts differ between servers; ``endpoints_for(url, server)`` derives them from a base URL.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx
import pyoxigraph as ox
from rdflib import Dataset

from kg.errors import RemoteStoreError, StoreError
from kg.store.formats import rdf_format
from kg.store.local import FILE_GRAPH, ox_store

__all__ = [
    "Endpoints",
    "PushReport",
    "RemoteStore",
    "ServerKind",
    "endpoints_for",
    "graphs_of",
    "normalize_bindings",
]

ServerKind = Literal["generic", "oxigraph", "virtuoso", "fuseki", "kg"]
PushMethod = Literal["auto", "gsp", "update"]

_SPARQL_JSON = "application/sparql-results+json"
_COUNT_BATCH = 200  # named graphs per counting query
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_BOOLEANS = {"1": "true", "0": "false"}  # Virtuoso answers booleans in this (valid, non-canonical) form

# Graph-name key for triples of the default graph.
DEFAULT_GRAPH = ""


@dataclass(frozen=True, slots=True)
class Endpoints:
    """Where a server answers queries, updates and Graph Store Protocol requests (``None``: not offered)."""

    query: str
    update: str | None = None
    gsp: str | None = None


@dataclass(frozen=True, slots=True)
class PushReport:
    """What a push sent: triples per graph (``""`` is the default graph), and which were verified on the server."""

    method: str
    graphs: Mapping[str, int]
    verified: frozenset[str] = field(default_factory=frozenset)
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def endpoints_for(url: str, server: ServerKind = "generic") -> Endpoints:
    """The endpoints of a server from its base URL (or, for ``generic``, its SPARQL endpoint URL).

    ``oxigraph``: ``/query``, ``/update``, ``/store``. ``virtuoso``: ``/sparql`` for queries, the digest-protected
    ``/sparql-auth`` and ``/sparql-graph-crud-auth`` for writes. ``fuseki``: URL is the dataset
    (``http://host:3030/ds``). ``kg``: a ``kg serve`` endpoint (``/sparql`` for both, no GSP).
    """
    base = url.rstrip("/")
    match server:
        case "oxigraph":
            return Endpoints(f"{base}/query", f"{base}/update", f"{base}/store")
        case "virtuoso":
            root = base.removesuffix("/sparql")
            return Endpoints(f"{root}/sparql", f"{root}/sparql-auth", f"{root}/sparql-graph-crud-auth")
        case "fuseki":
            return Endpoints(f"{base}/query", f"{base}/update", f"{base}/data")
        case "kg":
            root = base.removesuffix("/sparql")
            return Endpoints(f"{root}/sparql", f"{root}/sparql")
        case "generic":
            return Endpoints(base, base)
    raise StoreError(f"unknown server kind {server!r}")


def _quads_of(source: Any) -> Iterator[ox.Quad]:
    """Quads of a file, an Oxigraph directory, a pyoxigraph ``Store`` or an rdflib ``Dataset``/``Graph``.

    Triple-only files (.ttl .nt .rdf) put their triples in ``FILE_GRAPH``, as ``kg query`` does.
    """
    if isinstance(source, ox.Store):
        yield from source.quads_for_pattern(None, None, None, None)
        return
    if isinstance(source, str | Path):
        path = Path(source)
        if path.is_dir():
            try:
                store = ox.Store.read_only(str(path))
            except OSError as exc:
                raise StoreError(f"{path}: not an Oxigraph store ({exc})") from None
            yield from store.quads_for_pattern(None, None, None, None)
            return
        if not path.is_file():
            raise StoreError(f"{path}: no such file or store")
        fmt = rdf_format(path)
        to_graph = None if fmt.supports_datasets else FILE_GRAPH  # as kg query reads triple-only files
        try:
            with path.open("rb") as fh:
                for q in ox.parse(fh, format=fmt, base_iri=path.resolve().as_uri()):
                    yield q if to_graph is None else ox.Quad(q.subject, q.predicate, q.object, to_graph)
        except SyntaxError as exc:
            raise StoreError(f"{path}: not valid RDF ({exc})") from None
        return
    inner = ox_store(source) if isinstance(source, Dataset) else None
    if inner is not None:
        yield from inner.quads_for_pattern(None, None, None, None)
        return
    serialize = getattr(source, "serialize", None)
    if serialize is None:
        raise StoreError(f"cannot read RDF from a {type(source).__name__}")
    fmt = "nquads" if hasattr(source, "graphs") else "nt"
    data = serialize(format=fmt, encoding="utf-8")
    yield from ox.parse(data, format=ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.N_TRIPLES)


def graphs_of(source: Any) -> dict[str, list[ox.Triple]]:
    """The triples of ``source`` grouped by graph IRI (``""`` is the default graph), without duplicates."""
    groups: dict[str, dict[ox.Triple, None]] = {}
    for q in _quads_of(source):
        name = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        if isinstance(q.graph_name, ox.BlankNode):
            raise StoreError("a named graph is a blank node; give every graph an IRI before pushing")
        groups.setdefault(name, {})[q.triple] = None
    return {g: list(ts) for g, ts in groups.items()}


def _nt_lines(triples: list[ox.Triple]) -> list[str]:
    return [f"{t.subject} {t.predicate} {t.object} ." for t in triples]


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def normalize_bindings(result: Mapping[str, Any]) -> list[tuple[tuple[str, str, str, str], ...]]:
    """SPARQL JSON results as sorted, comparable rows, smoothing over harmless server differences.

    Each row is a tuple of ``(var, type, value, lang-or-datatype)`` sorted by variable; ``typed-literal``
    (old Virtuoso) becomes ``literal``, ``xsd:string`` is dropped, language tags are lower-cased, and booleans take
    their canonical form (Virtuoso answers ``"1"^^xsd:boolean``).
    """
    rows = []
    for b in result.get("results", {}).get("bindings", []):
        row = []
        for var, term in b.items():
            kind = "literal" if term["type"] == "typed-literal" else term["type"]
            extra = (term.get("xml:lang") or "").lower() or term.get("datatype", "")
            value = term["value"]
            if extra == _XSD_STRING:
                extra = ""
            elif extra == _XSD_BOOLEAN:
                value = _BOOLEANS.get(value, value)
            row.append((var, kind, value, extra))
        rows.append(tuple(sorted(row)))
    return sorted(rows)


class RemoteStore:
    """A SPARQL 1.1 server reached over HTTP (``httpx``); use as a context manager to close its connections.

    ``auth`` is any ``httpx.Auth`` (``httpx.DigestAuth("dba", pw)`` for Virtuoso); ``token`` sends
    ``Authorization: Bearer`` (``kg serve --allow-update``); ``transport`` replaces the network (tests).
    """

    def __init__(
        self,
        endpoints: Endpoints,
        *,
        auth: httpx.Auth | None = None,
        token: str | None = None,
        timeout: float = 120.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.endpoints = endpoints
        headers = {"User-Agent": "peyvand"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._client = httpx.Client(auth=auth, headers=headers, timeout=timeout, follow_redirects=False,
                                    transport=transport)

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- HTTP -----------------------------------------------------------------------------------------------------

    def _send(self, method: str, url: str, **kw: Any) -> httpx.Response:
        try:
            resp = self._client.request(method, url, **kw)
        except httpx.TimeoutException:
            raise RemoteStoreError(f"{url}: no answer within {self._client.timeout.read}s") from None
        except httpx.HTTPError as exc:
            raise RemoteStoreError(f"{url}: cannot reach the server ({exc})") from None
        if resp.status_code >= 400:
            body = " ".join(resp.text.split())[:300]
            raise RemoteStoreError(f"{method} {url}: HTTP {resp.status_code}: {body}")
        return resp

    def query(self, sparql: str) -> dict[str, Any]:
        """Run a SELECT or ASK query (SPARQL Protocol, POST form) and return the SPARQL JSON results."""
        resp = self._send("POST", self.endpoints.query, data={"query": sparql},
                          headers={"Accept": _SPARQL_JSON})
        try:
            data = resp.json()
        except ValueError:
            raise RemoteStoreError(f"{self.endpoints.query}: answer is not SPARQL JSON results") from None
        if not isinstance(data, dict):
            raise RemoteStoreError(f"{self.endpoints.query}: answer is not SPARQL JSON results")
        return data

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update (POST form ``update=``)."""
        if not self.endpoints.update:
            raise RemoteStoreError("this server has no update endpoint configured")
        self._send("POST", self.endpoints.update, data={"update": sparql})

    def put_graph(self, graph: str, triples: list[ox.Triple]) -> None:
        """Replace one graph (``""``: the default graph) with ``triples`` by Graph Store Protocol ``PUT``."""
        if not self.endpoints.gsp:
            raise RemoteStoreError("this server has no Graph Store Protocol endpoint configured")
        params = {"graph": graph} if graph else {"default": ""}
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        self._send("PUT", self.endpoints.gsp, params=params, content=body,
                   headers={"Content-Type": "text/turtle; charset=utf-8"})

    # -- push and count -----------------------------------------------------------------------------------------

    def replace_graph_by_update(self, graph: str, triples: list[ox.Triple], batch: int = 2000) -> None:
        """Replace one graph by ``DROP SILENT`` then ``INSERT DATA`` batches (not atomic across batches)."""
        self.update(f"DROP SILENT GRAPH <{graph}>" if graph else "CLEAR SILENT DEFAULT")
        for lines in _chunks(_nt_lines(triples), batch):
            body = "\n".join(lines)
            self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}" if graph
                        else f"INSERT DATA {{\n{body}\n}}")

    def counts(self, graphs: Iterable[str]) -> dict[str, int]:
        """Triples per named graph on the server, for the given graph IRIs (absent graphs count 0)."""
        names = [g for g in dict.fromkeys(graphs) if g]
        found = dict.fromkeys(names, 0)
        for chunk in _chunks(names, _COUNT_BATCH):
            values = " ".join(f"<{g}>" for g in chunk)
            res = self.query(
                f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
            )
            try:
                for b in res["results"]["bindings"]:
                    found[b["g"]["value"]] = int(b["n"]["value"])
            except (KeyError, TypeError, ValueError, AttributeError):
                raise RemoteStoreError(f"{self.endpoints.query}: the answer to a count query is not SPARQL JSON "
                                       f"results with ?g and ?n (got {str(res)[:200]})") from None
        return found

    def push(
        self,
        source: Any,
        *,
        method: PushMethod = "auto",
        batch: int = 2000,
        default_graph: str | None = None,
        verify: bool = True,
    ) -> PushReport:
        """Replace on the server every graph that ``source`` holds (a file, an Oxigraph directory, a store).

        ``method="auto"`` uses the Graph Store Protocol when an endpoint is configured, else SPARQL Update.
        ``default_graph`` names the graph that default-graph triples go to (servers such as Virtuoso have no
        default graph of their own). With ``verify`` the server's count of every named graph must equal the local
        count, or ``RemoteStoreError`` says which graphs differ.
        """
        if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
            raise StoreError(f"batch must be a positive number of triples, not {batch!r}")
        t0 = time.perf_counter()
        groups = graphs_of(source)
        if default_graph and DEFAULT_GRAPH in groups:
            groups.setdefault(default_graph, []).extend(groups.pop(DEFAULT_GRAPH))
            groups[default_graph] = list(dict.fromkeys(groups[default_graph]))
        chosen = ("gsp" if self.endpoints.gsp else "update") if method == "auto" else method
        for graph, triples in groups.items():
            if chosen == "gsp":
                self.put_graph(graph, triples)
            else:
                self.replace_graph_by_update(graph, triples, batch)
        sent = {g: len(ts) for g, ts in groups.items()}
        verified: frozenset[str] = frozenset()
        if verify:
            on_server = self.counts(sent)
            wrong = {g: (n, on_server[g]) for g, n in sent.items() if g and on_server[g] != n}
            if wrong:
                first = ", ".join(f"<{g}> sent {a} holds {b}" for g, (a, b) in list(wrong.items())[:3])
                raise RemoteStoreError(f"server lost data in {len(wrong)} graph(s): {first}")
            verified = frozenset(g for g in sent if g)
        return PushReport(chosen, sent, verified, time.perf_counter() - t0)
