"""`kg eval` on the command line: table, --details, --json, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

DATA = Path(__file__).parent / "data"


@pytest.fixture()
def args(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "tiny-1", "title": "همایش", "paragraphs": ["متن"]}) + "\n", encoding="utf-8")
    return ["eval", str(DATA / "tiny-1.json"), "--corpus", str(corpus), "--graph", str(DATA / "tiny.trig")]


def test_cli_eval_table(args):
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    for kind in ("persons", "organizations", "events", "posts", "participation", "quotes", "suborganizations"):
        assert kind in res.output
    assert "0.75" in res.output  # persons P and R


def test_cli_eval_json_details(args):
    res = CliRunner().invoke(app, [*args, "--json", "--details"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert report["totals"]["quotes"] == {"tp": 1, "fp": 1, "fn": 1, "precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert report["per_article"][0]["fp"]["persons"] == ["هفته"]


def test_cli_eval_details_lists_errors(args):
    res = CliRunner().invoke(app, [*args, "--details"])
    assert res.exit_code == 0, res.output
    assert "FP persons: هفته" in res.output and "FN persons: ژاله امیری" in res.output


def test_cli_eval_store_alias_and_missing_graph(args, tmp_path):
    args = [a if a != "--graph" else "--store" for a in args]
    args[-1] = str(tmp_path / "missing.trig")
    res = CliRunner().invoke(app, args)
    assert res.exit_code != 0 and "no such graph file" in str(res.exception)
