"""A `kg build` SIGKILLed at several moments leaves a consistent store; a rerun completes it with no duplicates.

The reference is one clean build of the same corpus to an N-Quads file: every article graph is deterministic and
independent of the others, so its quad count there is what a clean single-article build writes.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
from _relhelpers import diff_summary, file_quads, kg, make_corpus, one_line_error, per_graph, popen_kg, store_quads

pytestmark = [pytest.mark.slow, pytest.mark.store]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("crash") / "corpus", 40)


@pytest.fixture(scope="module")
def duration(corpus: Path, tmp_path_factory) -> float:
    """How long a whole build into a store takes here, to kill later builds at fractions of it."""
    start = time.monotonic()
    res = kg("build", corpus, "-o", tmp_path_factory.mktemp("timing") / "store")
    assert res.returncode == 0, res.stderr
    return time.monotonic() - start


def _clean(corpus: Path, where: Path) -> list[str]:
    """A clean build of ``corpus`` to an N-Quads file (made right after the rerun, with the same code)."""
    res = kg("build", corpus, "-o", where / "clean.nq")
    assert res.returncode == 0, res.stderr
    quads = file_quads(where / "clean.nq")
    assert len(per_graph(quads)) == 41  # 40 articles + the ontology graph
    return quads


def _dir_size(p: Path) -> int:
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) if p.exists() else 0


def _kill_when(trigger: str | float, store: Path, corpus: Path) -> None:
    """Start a build into ``store`` and SIGKILL it at ``trigger``: seconds, store creation, the store's first
    growth, or once 64 kB of data have landed (mid-write)."""
    proc = popen_kg("build", corpus, "-o", store)
    start = time.monotonic()
    base = None
    while proc.poll() is None and time.monotonic() - start < 300:
        if isinstance(trigger, float) and time.monotonic() - start >= trigger:
            break
        if trigger == "store-appears" and (store / "LOCK").exists():
            break
        if trigger in ("store-grows", "data-lands") and (store / "LOCK").exists():
            size = _dir_size(store)
            base = size if base is None else base
            if size > base + (64_000 if trigger == "data-lands" else 0):  # quads are landing: kill mid-write
                break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()  # not communicate(): a pipe held open by a stray process must not hang the test
    proc.stdout.close()
    proc.stderr.close()


@pytest.mark.parametrize("trigger", ["store-appears", "store-grows", "data-lands", 0.3, 0.6, 0.8, 0.9, 0.95, 0.98])
def test_reliability_sigkill_leaves_whole_articles_and_rerun_completes(trigger, corpus, duration, tmp_path) -> None:
    store = tmp_path / "store"
    # floats are fractions of a whole build's duration: the late ones land in the write phase
    _kill_when(trigger * duration if isinstance(trigger, float) else trigger, store, corpus)
    after_crash = per_graph(store_quads(store)) if store.exists() else {}  # the store opens after the crash
    res = kg("build", corpus, "-o", store)
    assert res.returncode == 0, one_line_error(res.stderr)
    clean = _clean(corpus, tmp_path)
    want = per_graph(clean)
    partial = {g: (n, want.get(g)) for g, n in after_crash.items() if n != want.get(g)}
    assert not partial, f"graphs half-written by the killed build (got, clean): {partial}"
    got = store_quads(store)
    assert got == clean, diff_summary(got, clean)  # complete, and not one duplicate


def test_reliability_rebuild_after_two_crashes_in_a_row(corpus, tmp_path) -> None:
    store = tmp_path / "store"
    _kill_when("store-grows", store, corpus)
    _kill_when("store-grows", store, corpus)
    res = kg("build", corpus, "-o", store)
    assert res.returncode == 0, one_line_error(res.stderr)
    clean = _clean(corpus, tmp_path)
    got = store_quads(store)
    assert got == clean, diff_summary(got, clean)
