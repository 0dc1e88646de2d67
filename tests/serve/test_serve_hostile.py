"""`kg serve` against a hostile client (issue 12): SERVICE/LOAD smuggled past the guard, pages from other origins,
bad options, bad graph IRIs, and a remote endpoint that answers garbage."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import QueryError
from kg.store.guard import operations

FIXTURE_TRIG = Path(__file__).resolve().parents[1] / "interop" / "data" / "sample.trig"
KG = str(Path(sys.executable).with_name("kg"))
JSON = "application/sparql-results+json"
EMPTY = b'{"head":{"vars":["s","p","o"]},"results":{"bindings":[]}}'

pytestmark = pytest.mark.store


class Remote(ThreadingHTTPServer):
    """A SPARQL endpoint on loopback that records every request made to it (the host SERVICE would reach)."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _RemoteHandler)
        self.hits: list[str] = []
        self.body, self.ctype = EMPTY, JSON

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/sparql"


class _RemoteHandler(BaseHTTPRequestHandler):
    server: Remote

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.server.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", self.server.ctype)
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def remote() -> Iterator[Remote]:
    server = Remote()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


# -- the guard, property-based, with Oxigraph itself as the judge ---------------------------------------------------

_BREAKS = ["\n", "\r", "\r\n", " ", "\t"]
_FILLER = st.text(alphabet="abc xyz{}<>\"'#.?", max_size=12).map(lambda s: s.replace("\n", "").replace("\r", ""))


@st.composite
def _gap(draw) -> str:
    """Whitespace and comments between two tokens, in every form SPARQL allows (and some it only tolerates)."""
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            parts.append(f"#{draw(_FILLER)}{draw(st.sampled_from(_BREAKS[:3]))}")
        else:
            parts.append(draw(st.sampled_from(_BREAKS)))
    return "".join(parts)


def _case(word: str, flips: list[bool]) -> str:
    return "".join(c.swapcase() if f else c for c, f in zip(word, flips + [False] * len(word), strict=False))


@st.composite
def service_queries(draw, url: str) -> tuple[str, bool]:
    """A SELECT with a SERVICE call somewhere (nested, optional, in a union...) and random gaps between tokens, and
    whether the call is hidden (in a comment ended by a line feed, or in a string), where no parser may see it."""
    g = lambda: draw(_gap())  # noqa: E731
    kw = _case("SERVICE", draw(st.lists(st.booleans(), min_size=7, max_size=7)))
    iri = url if draw(st.booleans()) else url.replace("sparql", "sp\\u0061rql")  # an escape inside the IRI
    silent = f"{g()}SILENT" if draw(st.booleans()) else ""
    call = f"{kw}{silent}{g()}<{iri}>{g()}{{{g()}?s ?p ?o{g()}}}"
    wrap = draw(st.sampled_from(["{}", "{{ {} }}", "OPTIONAL {{ {} }}", "{{ {} }} UNION {{ ?a ?b ?c }}",
                                 "FILTER NOT EXISTS {{ {} }}", "MINUS {{ {} }}"]))
    body = wrap.format(call)
    hide = draw(st.sampled_from(["none", "none", "comment", "string", "long-string"]))
    flat = call.replace("\n", " ").replace("\r", " ")
    if hide == "comment":
        body = f"# {flat}\n ?x ?y ?z"
    elif hide == "string":
        body = f"?x ?y \"{flat.replace(chr(34), ' ')}\""
    elif hide == "long-string":
        body = f"?x ?y '''{call.replace(chr(39), ' ')}'''"
    return f"SELECT{g()}*{g()}WHERE{g()}{{{g()}{body}{g()}}}", hide != "none"


def _oxigraph_calls(remote: Remote, text: str) -> bool | None:
    """Whether Oxigraph, running ``text``, contacts the remote (None: Oxigraph refuses the query itself)."""
    before = len(remote.hits)
    try:
        list(ox.Store().query(text))
    except SyntaxError:
        return None
    except (OSError, RuntimeError, ValueError):
        pass
    return len(remote.hits) > before


def _guard_refuses(text: str) -> bool:
    try:
        return "SERVICE" in operations(text)
    except QueryError:
        return True  # an unparsable request is never run


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_guard_refuses_exactly_the_queries_that_reach_another_host(remote: Remote, data) -> None:
    text, hidden = data.draw(service_queries(remote.url))
    calls = _oxigraph_calls(remote, text)
    if calls:
        assert _guard_refuses(text), f"the guard let through a query Oxigraph sends to {remote.url}: {text!r}"
    elif calls is False and hidden:
        assert not _guard_refuses(text), f"the guard refused a query with SERVICE only in a comment/string: {text!r}"


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { # x\rSERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { # x\r\nSERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { #\rsErViCe SiLeNt <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { { OPTIONAL { # \\n\rSERVICE <{url}> { ?s ?p ?o } } } }",
    "SELECT * WHERE { BIND(\"a\\u0022 # \" AS ?x) SERVICE <{url}> { ?s ?p ?o } }",  # \\u0022 ends no string
    "SELECT * WHERE { SERVICE <{url_escaped}> { ?s ?p ?o } }",
])
def test_guard_known_bypasses(remote: Remote, text: str) -> None:
    text = text.replace("{url}", remote.url).replace("{url_escaped}", remote.url.replace("sparql", "\\u0073parql"))
    assert _oxigraph_calls(remote, text), "the case must really reach the remote in Oxigraph"
    assert _guard_refuses(text)


# -- the same through the real endpoint ----------------------------------------------------------------------------

def test_serve_refuses_service_hidden_behind_a_carriage_return(kg_serve, remote: Remote) -> None:
    s = kg_serve(str(FIXTURE_TRIG))
    before = len(remote.hits)
    with httpx.Client(timeout=30) as c:
        r = c.post(s.url, data={"query": f"SELECT * WHERE {{ # x\rSERVICE <{remote.url}> {{ ?s ?p ?o }} }}"})
        escaped = c.post(s.url, data={"query": "SELECT * WHERE { BIND(\"a\\u0022 # \" AS ?x) "
                                               f"SERVICE <{remote.url}> {{ ?s ?p ?o }} }}"})
    assert r.status_code == 403 and "SERVICE refused" in r.text
    assert escaped.status_code in (400, 403)
    assert len(remote.hits) == before


def test_serve_refuses_load_hidden_behind_a_carriage_return(kg_serve, remote: Remote, tmp_path: Path) -> None:
    store = tmp_path / "s.oxigraph"
    st_ = ox.Store(str(store))
    st_.bulk_load(path=str(FIXTURE_TRIG), format=ox.RdfFormat.TRIG)
    del st_
    s = kg_serve(str(store), "--allow-update", "--token", "t")
    before = len(remote.hits)
    with httpx.Client(timeout=30) as c:
        r = c.post(s.url, data={"update": f"# x\rLOAD <{remote.url}> INTO GRAPH <urn:x-t:g>"},
                   headers={"Authorization": "Bearer t"})
    assert r.status_code == 403 and "LOAD refused" in r.text
    assert len(remote.hits) == before


def test_a_remote_that_answers_garbage_does_not_kill_the_worker(kg_serve, remote: Remote) -> None:
    s = kg_serve(str(FIXTURE_TRIG), "--allow-service", "--workers", "1")
    remote.body, remote.ctype = b"{garbage", JSON
    try:
        with httpx.Client(timeout=30) as c:
            workers = _children(s.proc.pid)
            bad = c.post(s.url, data={"query": f"SELECT * WHERE {{ SERVICE <{remote.url}> {{ ?s ?p ?o }} }}"})
            remote.ctype = "text/html"
            html = c.post(s.url, data={"query": f"SELECT * WHERE {{ SERVICE <{remote.url}> {{ ?s ?p ?o }} }}"})
            after = c.get(s.url, params={"query": "ASK { GRAPH ?g { ?s ?p ?o } }"})
            assert _children(s.proc.pid) == workers  # the same worker process answered all three
    finally:
        remote.body, remote.ctype = EMPTY, JSON
    assert bad.status_code == 500 and bad.text.startswith("query failed: ")
    assert html.status_code == 500 and "Content-Type" in html.text
    assert after.status_code == 200 and after.json()["boolean"] is True


def _children(pid: int) -> set[int]:
    out = set()
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.add(int(d.name))
            except (OSError, IndexError, ValueError):
                continue
    return out


def test_serve_bad_graph_iri_is_400(readonly_server) -> None:
    with httpx.Client(timeout=30) as c:
        r = c.get(readonly_server.url, params={"query": "ASK { ?s ?p ?o }", "default-graph-uri": "not an iri"})
        n = c.get(readonly_server.url, params={"query": "ASK { ?s ?p ?o }", "named-graph-uri": "<urn:x>"})
    assert r.status_code == 400 and r.text.startswith("default-graph-uri is not an IRI")
    assert n.status_code == 400 and n.text.startswith("named-graph-uri is not an IRI")


@pytest.mark.parametrize(("option", "value", "expect"), [
    ("--port", "99999", "--port must be between 0 and 65535"),
    ("--port", "-1", "--port must be between 0 and 65535"),
    ("--timeout", "nan", "--timeout must be a positive number of seconds"),
    ("--timeout", "inf", "--timeout must be a positive number of seconds"),
    ("--timeout", "0", "--timeout must be a positive number of seconds"),
])
def test_serve_bad_options_are_one_line(option: str, value: str, expect: str) -> None:
    args = [KG, "serve", str(FIXTURE_TRIG), option, value] + (["--port", "0"] if option != "--port" else [])
    r = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and r.stderr.startswith(f"error: {expect}") and r.stderr.count("\n") == 1, r.stderr


# -- CORS, in a real browser -------------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PAGE = """<!doctype html><meta charset="utf-8"><title>another origin</title><script>
window.result = null;
fetch(%r + "?query=" + encodeURIComponent(%r), {headers: {"Accept": "application/sparql-results+json"}})
  .then(r => r.json()).then(j => { window.result = j.results.bindings.map(b => b.name.value).join(","); })
  .catch(e => { window.result = "blocked: " + e; });
</script>"""
NAMES = ("SELECT DISTINCT ?name WHERE { GRAPH ?g { ?p a <https://w3id.org/peyvand/ontology#Person> ; "
         "<http://www.w3.org/2000/01/rdf-schema#label> ?name } } ORDER BY ?name")


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium): browser tests need it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                                                               "--disable-background-networking"])
        yield b
        b.close()


class _Page(BaseHTTPRequestHandler):
    html = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.html)))
        self.end_headers()
        self.wfile.write(self.html)

    def log_message(self, *args: object) -> None:
        pass


def _read_from_another_origin(browser, endpoint: str, port: int = 0) -> tuple[str, str]:
    """Open a page served from another origin (another port) that fetches ``endpoint``; what the page could read."""
    handler = type("Page", (_Page,), {"html": (PAGE % (endpoint, NAMES)).encode()})
    page_server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=page_server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{page_server.server_address[1]}"
    try:
        page = browser.new_page()
        try:
            page.goto(f"{origin}/page.html")
            page.wait_for_function("window.result !== null", timeout=30_000)
            return origin, page.evaluate("window.result")
        finally:
            page.close()
    finally:
        page_server.shutdown()
        page_server.server_close()


@pytest.mark.view
def test_a_page_from_another_origin_cannot_read_the_store(browser, kg_serve) -> None:
    s = kg_serve(str(FIXTURE_TRIG))
    _, result = _read_from_another_origin(browser, s.url)
    assert result.startswith("blocked: TypeError"), result


@pytest.mark.view
def test_cors_origin_lets_that_origin_read(browser, kg_serve) -> None:
    port = _free_port()  # the page's origin must be known before kg serve starts
    origin = f"http://127.0.0.1:{port}"
    s = kg_serve(str(FIXTURE_TRIG), "--cors", origin)
    _, result = _read_from_another_origin(browser, s.url, port)
    assert result == "علی کریمی,مریم صادقی", result
    _, other = _read_from_another_origin(browser, s.url)  # any other origin is still refused
    assert other.startswith("blocked: TypeError"), other


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
