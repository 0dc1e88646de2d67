"""One writer per store: a second `kg build` fails with one clear line; `kg query` during a build never errors."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from _relhelpers import DATA, kg, make_corpus, one_line_error, popen_kg

pytestmark = [pytest.mark.slow, pytest.mark.store]

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _wait_for_lock(store: Path, proc) -> None:
    deadline = time.monotonic() + 120
    while not (store / "LOCK").exists():
        assert proc.poll() is None, "build ended before it opened the store"
        assert time.monotonic() < deadline
        time.sleep(0.02)


def test_reliability_second_writer_gets_one_clear_line(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 30)
    store = tmp_path / "store"
    first = popen_kg("build", corpus, "-o", store)
    try:
        _wait_for_lock(store, first)
        second = kg("build", DATA / "seed.txt", "-o", store)
        still_running = first.poll() is None
    finally:
        _, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    if still_running:  # it failed while the first build held the store
        assert second.returncode == 1
        lines = one_line_error(second.stderr)
        assert lines == [f"error: {store}: store is in use by another writer (kg build, pid {first.pid}); one writer "
                         "at a time (kg query and kg export still read it)"]
    else:  # it waited for the first build and then wrote
        assert second.returncode == 0, second.stderr


def test_reliability_readers_during_a_build_never_error(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 30)
    store = tmp_path / "store"
    res = kg("build", DATA / "seed.txt", "-o", store)  # the store already holds an article
    assert res.returncode == 0, res.stderr
    before = kg("query", store, COUNT, "--format", "csv")
    n_before = int(before.stdout.split()[1])
    builder = popen_kg("build", corpus, "-o", store)
    counts = []
    try:
        while builder.poll() is None:
            q = kg("query", store, COUNT, "--format", "csv")
            assert q.returncode == 0, one_line_error(q.stderr)
            counts.append(int(q.stdout.split()[1]))
    finally:
        _, err = builder.communicate(timeout=600)
    assert builder.returncode == 0, err
    assert counts, "the build finished before any reader ran"
    assert all(n >= n_before for n in counts)  # a reader never sees the existing content vanish
