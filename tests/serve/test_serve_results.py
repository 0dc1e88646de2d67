"""`kg serve`'s speed-ups keep its answers exact (issue 14): Oxigraph's own serializers cut at max_rows give the rows
the row-by-row path gives, and free workers go to the request expected to finish first, without starving any."""

from __future__ import annotations

import json
import threading
import time

import pyoxigraph as ox
import pytest

from kg.store.results import native_counts_right, native_solutions, solutions_bytes
from kg.store.workers import Dispatch, Job, run_job

TRICKY = ['a},{"b', "line\nbreak\ttab", '{},{', "ساده", 'end"}]}}']


@pytest.fixture(scope="module")
def store() -> ox.Store:
    st = ox.Store()
    for i, text in enumerate(TRICKY * 4):
        st.add(ox.Quad(ox.NamedNode(f"urn:x-t:{i:02d}"), ox.NamedNode("urn:x-t:p"), ox.Literal(text)))
    return st


QUERY = "SELECT ?s ?o ?none WHERE { ?s ?p ?o } ORDER BY ?s"


@pytest.mark.parametrize("max_rows", [1, 7, 19, 20, 21, 1000])
@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/tab-separated-values"])
def test_native_answers_equal_row_by_row_answers(store, max_rows: int, accept: str) -> None:
    job = Job("query", QUERY, accept, max_rows=max_rows)
    fast, slow = run_job(store, job, native=True), run_job(store, job, native=False)
    assert fast.truncated == slow.truncated == (max_rows < 20)
    if accept.endswith("json"):
        rows = json.loads(fast.body)["results"]["bindings"]
        assert rows == json.loads(slow.body)["results"]["bindings"] and len(rows) == min(max_rows, 20)
    else:
        assert fast.body.count(b"\n") == slow.body.count(b"\n") == min(max_rows, 20) + 1


def test_solutions_that_bind_nothing_fall_back_to_counting_row_by_row(store) -> None:
    answer = native_solutions(store.query("SELECT ?x WHERE { ?s ?p ?o }"), "json", 5)
    assert answer is None  # `{}` rows cannot be counted in the bytes
    job = Job("query", "SELECT ?x WHERE { ?s ?p ?o }", "application/sparql-results+json", max_rows=5)
    got = run_job(store, job, native=True)
    assert got.truncated and json.loads(got.body)["results"]["bindings"] == [{}] * 5


def test_this_pyoxigraph_writes_results_as_the_counter_expects() -> None:
    assert native_counts_right()


def test_row_by_row_json_encodes_each_term_once_and_stays_valid(store) -> None:
    rows = [[ox.NamedNode("urn:x-t:a"), ox.Literal(t, language="fa") if i % 2 else ox.Literal(t)]
            for i, t in enumerate(TRICKY)]
    data = json.loads(solutions_bytes(["s", "o"], rows, "json"))
    assert [b["o"]["value"] for b in data["results"]["bindings"]] == TRICKY
    assert data["results"]["bindings"][1]["o"]["xml:lang"] == "fa"


def _take_in_order(dispatch: Dispatch, keys: list[tuple[str, float]]) -> list[str]:
    """Requests ``(key, delay)`` start waiting in this order; one worker is freed at a time; who got it, in order."""
    got: list[str] = []
    lock = threading.Lock()

    def wait(key: str) -> None:
        worker = dispatch.get(key, timeout=10)
        with lock:
            got.append(key)
        dispatch.put(worker)  # hand it on at once: the next in line takes it

    threads = []
    for key, delay in keys:
        time.sleep(delay)
        threads.append(threading.Thread(target=wait, args=(key,)))
        threads[-1].start()
    time.sleep(0.2)
    dispatch.put(object())
    for t in threads:
        t.join(10)
    return got


def test_short_requests_are_served_before_long_ones_that_came_first() -> None:
    d = Dispatch()
    d.learn("long", 5.0)
    d.learn("short", 0.01)
    assert _take_in_order(d, [("long", 0), ("short", 0.05), ("new", 0.05)]) == ["short", "new", "long"]


def test_a_long_request_that_waited_its_run_time_goes_first() -> None:
    d = Dispatch()
    d.learn("long", 0.2)
    assert _take_in_order(d, [("long", 0), ("short", 0.5)]) == ["long", "short"]


def test_a_request_that_waits_too_long_gets_no_worker() -> None:
    d = Dispatch()
    t = time.monotonic()
    assert d.get("any", timeout=0.3) is None
    assert 0.25 < time.monotonic() - t < 5
    d.put("w")
    assert d.get("any", timeout=1) == "w"  # the abandoned wait left nothing behind
