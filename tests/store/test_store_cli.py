"""`kg build` → `kg query` → `kg export` through the CLI, with a stub extractor (the graph layer is under test)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import corpus
from kg.cli import app
from kg.graph.sample import sample_extractions

runner = CliRunner()


@pytest.fixture
def articles(tmp_path, monkeypatch):
    """The sample articles as .txt files, and an extractor that returns their hand-made extractions."""
    by_text = {}
    paths = []
    for i, ex in enumerate(sample_extractions()):
        p = tmp_path / f"a{i}.txt"
        p.write_text(f"date {ex.article.published.isoformat()}\n{ex.article.text}", encoding="utf-8")
        by_text[ex.article.text] = ex
        paths.append(p)

    def fake_extract(article):
        return dataclasses.replace(by_text[article.text], article=article)

    real = corpus._extractor()  # (extract, lexicons, mapper...): swap only the extractor
    stub = (lambda article, _lexicons=None: fake_extract(article), *real[1:])
    monkeypatch.setattr(corpus, "_extractor", lambda: stub)
    return paths


def _ok(args):
    res = runner.invoke(app, [str(a) for a in args])
    assert res.exit_code == 0, (res.output, res.exception)
    return res.output


@pytest.mark.parametrize("ext", [".trig", ".nq", ".ttl", ".nt", ".jsonld", ".rdf", ".oxigraph"])
def test_cli_build_query_export(articles, tmp_path, ext):
    out = tmp_path / f"kg{ext}"
    _ok(["build", *articles, "-o", out])
    assert out.exists()
    table = _ok(["query", out, "posts"])
    assert "roleName" in table and "person" not in table.replace("personName", "")  # IRI column hidden
    roles = _ok(["query", out, "SELECT ?r WHERE { GRAPH ?g { ?x a pv:Role ; rdfs:label ?r } } ORDER BY ?r"])
    assert "وزیر" in roles and "فرمانده" in roles
    data = json.loads(_ok(["query", out, "posts", "--format", "json", "--bind", "name=رستگار"]))
    (row,) = data["results"]["bindings"]
    assert row["roleName"]["value"] == "معاون وزیر"
    csv = _ok(["query", out, "mentions", "-f", "csv"])
    assert csv.splitlines()[0].startswith("entity,entityName,article")
    exported = tmp_path / "again.nq"
    _ok(["export", out, "-o", exported])
    assert _ok(["query", exported, "posts"]) == table


def test_cli_build_into_a_store_twice_replaces_not_duplicates(articles, tmp_path):
    store = tmp_path / "kg.oxigraph"
    _ok(["build", *articles, "-o", store])
    first = _ok(["query", store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "-f", "csv"])
    _ok(["build", articles[0], "-o", store])
    assert _ok(["query", store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "-f", "csv"]) == first


def test_cli_build_warns_on_unreadable_inputs_and_goes_on(articles, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    res = runner.invoke(app, ["build", str(articles[0]), str(bad), "-o", str(tmp_path / "x.trig")])
    assert res.exit_code == 0
    assert "bad.txt" in res.output and "binary" in res.output


def _kg(*args):
    exe = Path(sys.executable).with_name("kg")
    return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    "args",
    [
        ["query", "no-such-store.trig", "posts"],
        ["query", "{store}", "not-a-query"],
        ["query", "{store}", "SELECT * WHERE { ?s ?p }"],
        ["query", "{store}", "posts", "--bind", "nonsense"],
        ["export", "{store}", "-o", "{tmp}/x.csv"],
        ["build", "{tmp}/missing.txt", "-o", "{tmp}/x.trig"],
        ["build", "{tmp}/missing.txt", "-o", "{tmp}/x.xyz"],
    ],
)
def test_cli_bad_input_is_one_line_error_exit_1(args, tmp_path):
    from kg.export import write_rdf
    from kg.graph import build_dataset

    store = write_rdf(build_dataset(sample_extractions()), tmp_path / "s.trig")
    res = _kg(*[a.replace("{store}", str(store)).replace("{tmp}", str(tmp_path)) for a in args])
    assert res.returncode == 1, (res.stdout, res.stderr)
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("error: ")]
    assert len(errors) == 1 and all(ln.startswith(("error: ", "warning: ")) for ln in lines), res.stderr
    assert "Traceback" not in res.stderr
