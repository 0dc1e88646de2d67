"""Every competency query, sent exactly as the file holds it, returns the same rows from every format and every
store, on a 100-article Fars build (issue 14: "same answers from every format").

The reference is the N-Quads build queried in the embedded Oxigraph. It must match, row for row (duplicates
counted): TriG, Turtle, N-Triples, RDF/XML and JSON-LD exports (the three triple formats flatten every article
graph into one), an on-disk store, ``kg serve``, the Oxigraph server and Virtuoso (whose DISTINCT used to keep
duplicates: the old queries joined every label through a property-path alternative, which Virtuoso evaluates as a
UNION below its DISTINCT).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from itertools import islice
from pathlib import Path

import httpx
import pytest

from kg.export import export_file
from kg.store import competency_queries, run_query
from kg.store.remote import RemoteStore, endpoints_for, graphs_of, normalize_bindings

pytestmark = [pytest.mark.store, pytest.mark.slow, pytest.mark.shared]

FARS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "fars-news" / "fars-news.jsonl"
KG = str(Path(sys.executable).parent / "kg")
EXPORTS = (".trig", ".ttl", ".nt", ".rdf", ".jsonld")
NAMES = list(competency_queries())


@pytest.fixture(scope="module")
def build100(tmp_path_factory) -> dict[str, Path]:
    """The first 100 Fars articles built once to .nq and to a store, and exported to every other format."""
    if not FARS.exists():
        pytest.skip(f"needs the Fars corpus at {FARS} (../shared is absent)")
    out = tmp_path_factory.mktemp("fars100")
    src = out / "fars100.jsonl"
    with FARS.open("rb") as fh:
        src.write_bytes(b"".join(islice(fh, 100)))
    nq, store = out / "fars100.nq", out / "fars100.oxigraph"
    for target in (nq, store):
        r = subprocess.run([KG, "build", str(src), "-o", str(target)], capture_output=True, text=True, timeout=900)
        assert r.returncode == 0, r.stderr[-400:]
    files = {".nq": nq, "store": store}
    for ext in EXPORTS:
        files[ext] = export_file(nq, out / f"fars100{ext}")
    return files


@pytest.fixture(scope="module")
def reference(build100) -> dict[str, list]:
    out = {name: _local(build100[".nq"], name) for name in NAMES}
    assert all(out.values()), {k: len(v) for k, v in out.items()}
    return out


def _raw(name: str) -> str:
    return competency_queries()[name].text


def _local(source: Path, name: str) -> list:
    return normalize_bindings(json.loads(run_query(source, _raw(name)).serialize(format="json")))


def _same(got: list, want: list, where: str, name: str) -> None:
    dups = [row for row, n in Counter(got).items() if n > 1]
    assert not dups, f"{name} on {where}: {len(dups)} duplicated row(s), e.g. {dups[0]}"
    assert got == want, f"{name} on {where}: {len(got)} rows, reference {len(want)}"


@pytest.mark.parametrize("fmt", [*EXPORTS, "store"])
def test_formats_answer_like_nquads(build100, reference, fmt):
    for name in NAMES:
        _same(_local(build100[fmt], name), reference[name], fmt, name)


def test_kg_serve_answers_like_nquads(build100, reference):
    from _kgserve import start_kg_serve, stop

    served = start_kg_serve(str(build100["store"]))
    try:
        with RemoteStore(endpoints_for(served.url, "kg")) as remote:
            for name in NAMES:
                _same(normalize_bindings(remote.query(_raw(name))), reference[name], "kg serve", name)
    finally:
        stop(served.proc)


def test_oxigraph_server_answers_like_nquads(build100, reference, oxigraph_server):
    with RemoteStore(endpoints_for(oxigraph_server.base, "oxigraph")) as remote:
        remote.update("CLEAR ALL")
        remote.push(build100[".nq"])
        for name in NAMES:
            _same(normalize_bindings(remote.query(_raw(name))), reference[name], "oxigraph server", name)


@pytest.mark.parametrize("load", ["push", "bulk"])
def test_virtuoso_answers_like_nquads_with_distinct_rows(build100, reference, virtuoso_server, load):
    from test_interop_servers import _reset, virtuoso_bulk_load

    with RemoteStore(endpoints_for(virtuoso_server.base, "virtuoso"), auth=httpx.DigestAuth("dba", "dba")) as remote:
        _reset(remote)
        if load == "push":
            remote.push(build100[".nq"])
        else:
            virtuoso_bulk_load(virtuoso_server, build100[".nq"])
        try:
            for name in NAMES:
                _same(normalize_bindings(remote.query(_raw(name))), reference[name], f"virtuoso ({load})", name)
        finally:  # leave the shared server as the other tests expect it, without scanning it (see _reset)
            for graph in graphs_of(build100[".nq"]):
                remote.update(f"DROP SILENT GRAPH <{graph}>")
