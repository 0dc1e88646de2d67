"""Reports (Markdown, HTML with a PageRank bar chart, JSON, GraphML) and `kg analyze`: article text never
becomes markup."""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
from typer.testing import CliRunner

from kg.analyze import analyze, to_html, to_markdown, write_graphml
from kg.cli import app

SMALL = Path(__file__).resolve().parents[1] / "view" / "data" / "small.trig"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def _tags(page: str) -> set[str]:
    p = _Tags()
    p.feed(page)
    return set(p.tags)


def test_report_markdown_escapes_article_text(small_graph):
    md = to_markdown(analyze(small_graph, path=("مریم کریمی.", "حسین موسوی")))
    assert "<img" not in md and "<script" not in md and "<b>" not in md
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in md
    assert "نشست به میزبانی حسین موسوی برگزار شد" in md  # the evidence sentence of the last step


def test_report_html_has_no_markup_from_articles(small_graph):
    page = to_html(analyze(small_graph, ego="علی رضایی", path=("مریم کریمی.", "حسین موسوی")))
    assert _tags(page) <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "ul", "ol", "li", "table",
                           "tr", "th", "td", "span", "blockquote", "div"}
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_report_json_round_trips(small_graph):
    result = analyze(small_graph, ego="علی رضایی", path=("مریم کریمی.", "حسین موسوی"))
    again = json.loads(json.dumps(result, ensure_ascii=False))
    assert again["path"]["from"] == "مریم کریمی." and again["path"]["to"] == "حسین موسوی"
    assert again["ego"]["label"] == "علی رضایی"
    assert {"people": sorted(["علی رضایی", "<img src=x onerror=alert(1)>"])}.items() <= \
        again["coparticipation"][0].items()


def test_graphml_loads_back_with_labels(small_graph, tmp_path):
    path = write_graphml(small_graph, tmp_path / "g.graphml")
    G = nx.read_graphml(path)
    assert G.number_of_nodes() == small_graph.number_of_nodes()
    assert G.number_of_edges() == small_graph.number_of_edges()
    assert {d["label"] for _, d in G.nodes(data=True)} >= {"علی رضایی", "<img src=x onerror=alert(1)>"}


def test_analyze_cli_writes_report_json_and_graphml(tmp_path):
    out, js, gml = tmp_path / "r.html", tmp_path / "r.json", tmp_path / "r.graphml"
    res = CliRunner().invoke(app, ["analyze", str(SMALL), "-o", str(out), "--json", str(js), "--graphml", str(gml),
                                   "--ego", "علی رضایی", "--path", "مریم کریمی.", "حسین موسوی"])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert json.loads(js.read_text(encoding="utf-8"))["path"]["steps"]
    assert gml.stat().st_size > 0


def test_analyze_cli_bad_input_is_one_line(tmp_path):
    cmd = [sys.executable, "-c", "from kg.cli import main; main()", "analyze", str(SMALL), "-o",
           str(tmp_path / "r.md"), "--ego", "nobody at all"]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert res.returncode == 1
    assert res.stderr.strip().splitlines() == ["error: no entity matches 'nobody at all'"]
