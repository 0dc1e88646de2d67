"""RemoteStore without a server: what it sends, and that a server which silently loses triples is an error."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest

from kg.errors import RemoteStoreError, StoreError
from kg.store.remote import Endpoints, RemoteStore, endpoints_for, graphs_of, normalize_bindings

FIXTURE_TRIG = Path(__file__).resolve().parent / "data" / "sample.trig"
GRAPHS = {g: len(ts) for g, ts in graphs_of(FIXTURE_TRIG).items()}


class FakeServer:
    """Accepts GSP PUTs and updates, and answers counting queries with ``lose`` triples fewer per graph."""

    def __init__(self, lose: int = 0) -> None:
        self.lose = lose
        self.puts: dict[str, bytes] = {}
        self.updates: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            self.puts[request.url.params["graph"]] = request.content
            return httpx.Response(204)
        form = parse_qs(request.content.decode())
        if "update" in form:
            self.updates.append(form["update"][0])
            return httpx.Response(204)
        bindings = [{"g": {"type": "uri", "value": g}, "n": {"type": "literal", "value": str(n - self.lose)}}
                    for g, n in GRAPHS.items() if g in form["query"][0]]
        return httpx.Response(200, json={"head": {"vars": ["g", "n"]}, "results": {"bindings": bindings}})


def _remote(server: FakeServer) -> RemoteStore:
    return RemoteStore(endpoints_for("http://fake", "oxigraph"), transport=httpx.MockTransport(server))


def test_remote_push_puts_each_graph_once():
    server = FakeServer()
    report = _remote(server).push(FIXTURE_TRIG)
    assert report.method == "gsp" and dict(report.graphs) == GRAPHS and report.verified == frozenset(GRAPHS)
    assert set(server.puts) == set(GRAPHS)
    assert all(len(body.strip().splitlines()) == GRAPHS[g] for g, body in server.puts.items())


def test_remote_push_by_update_drops_then_inserts_in_batches():
    server = FakeServer()
    _remote(server).push(FIXTURE_TRIG, method="update", batch=10)
    drops = [u for u in server.updates if u.startswith("DROP SILENT GRAPH")]
    inserts = [u for u in server.updates if u.startswith("INSERT DATA")]
    assert len(drops) == len(GRAPHS)
    assert len(inserts) == sum(-(-n // 10) for n in GRAPHS.values())


def test_remote_push_detects_a_server_that_loses_triples():
    with pytest.raises(RemoteStoreError, match="server lost data in 2 graph"):
        _remote(FakeServer(lose=1)).push(FIXTURE_TRIG)


def test_remote_http_errors_are_one_line():
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, text="<html>\n<body>Unauthorized\n</body></html>")

    remote = RemoteStore(Endpoints("http://fake/sparql", None, "http://fake/store"),
                         transport=httpx.MockTransport(refuse))
    with pytest.raises(RemoteStoreError) as exc:
        remote.push(FIXTURE_TRIG)
    assert "HTTP 401" in str(exc.value) and "\n" not in str(exc.value)
    with pytest.raises(RemoteStoreError, match="no update endpoint"):
        remote.update("CLEAR ALL")


def test_remote_normalize_smooths_server_dialects():
    virtuoso = {"results": {"bindings": [{
        "b": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#boolean", "value": "1"},
        "l": {"type": "literal", "xml:lang": "FA", "value": "x"},
        "s": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#string", "value": "y"}}]}}
    oxigraph = {"results": {"bindings": [{
        "b": {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#boolean", "value": "true"},
        "l": {"type": "literal", "xml:lang": "fa", "value": "x"},
        "s": {"type": "literal", "value": "y"}}]}}
    assert normalize_bindings(virtuoso) == normalize_bindings(oxigraph)


def test_remote_unreadable_source_is_a_store_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .")
    with pytest.raises(StoreError, match="not valid RDF"):
        graphs_of(bad)


def test_remote_reads_every_kind_of_source(tmp_path):
    """A file, an Oxigraph directory and an in-memory rdflib Dataset of one build give the same graphs."""
    import pyoxigraph as ox

    from kg.export import write_rdf
    from kg.graph import build_dataset
    from kg.graph.sample import sample_extractions

    ds = build_dataset(sample_extractions())
    nq = write_rdf(ds, tmp_path / "build.nq")
    store = ox.Store(str(tmp_path / "build.oxigraph"))
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    from_file = {g: set(ts) for g, ts in graphs_of(nq).items()}
    assert {g: set(ts) for g, ts in graphs_of(ds).items()} == from_file
    assert {g: set(ts) for g, ts in graphs_of(tmp_path / "build.oxigraph").items()} == from_file
    assert len(from_file) >= 3 and "" not in from_file  # article graphs and the ontology, no default graph
