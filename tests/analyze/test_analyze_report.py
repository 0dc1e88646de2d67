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
                           "tr", "th", "td", "span", "blockquote", "div", "p"}
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


# ---- issue 16: a report that says what it computed, ranks named entities, reads in RTL, survives "no path" ----

def _stories_with_a_bare_meeting() -> nx.MultiDiGraph:
    """Three stories (a named event and its people, one article each) and a bare «دیدار» that two of them mention."""
    G = nx.MultiDiGraph()
    for k in range(3):
        ev = f"e{k}"
        G.add_node(ev, type="event", label=f"همایش استانی شماره {k}", articles=[f"a{k}"])
        for i in range(4 + k):
            p = f"p{k}{i}"
            G.add_node(p, type="person", label=f"شخص {k}{i}", articles=[f"a{k}"])
            G.add_edge(p, ev, key="attended", kind="attended", weight=1, articles=[f"a{k}"], evidence=[])
    G.add_node("visit", type="event", label="دیدار", articles=["a0", "a1"])
    for p, art in [("p00", "a0"), ("p01", "a0"), ("p10", "a1"), ("p11", "a1"), ("p20", "a2")]:
        G.add_edge(p, "visit", key="attended", kind="attended", weight=1, articles=[art], evidence=[])
    return G


def test_report_states_what_betweenness_is_computed_on_and_its_values_distinguish():
    G = _stories_with_a_bare_meeting()
    r = analyze(G)
    assert r["graph"] == {"entities": 19, "isolated": 0, "links": 20, "facts": 20, "parts": 1, "largest": 19,
                          "sampled": False, "exact_max": 2000}
    md = to_markdown(r)
    assert "Computed on the undirected entity graph: 19 entities" in md
    assert "Betweenness is the number of pairs of other entities" in md
    pairs = [row["pairs"] for row in r["centrality"]]
    assert len(set(pairs)) >= 3 and max(pairs) > 10  # counts, not 0.000 everywhere


def test_report_does_not_rank_events_without_a_name():
    G = _stories_with_a_bare_meeting()
    r = analyze(G)
    assert "visit" not in [row["node"] for row in r["centrality"]]
    assert r["left_out"] == {"unnamed_events": 1, "examples": ["دیدار"]}
    assert "1 events without a name" in to_markdown(r) and "«\u2067دیدار\u2069»" in to_markdown(r)
    # people meet at the bare «دیدار» only when one article says both were there
    pairs = {tuple(p["nodes"]): p["events"] for p in r["coparticipation"]}
    assert pairs[("p00", "p01")] == ["همایش استانی شماره 0", "دیدار"]
    assert not any({"p00", "p10"} <= set(k) for k in pairs)


def test_report_lists_are_numbered_tables_not_ltr_lists(small_graph):
    r = analyze(small_graph, ego="علی رضایی", path=("مریم کریمی.", "حسین موسوی"))
    md = to_markdown(r)
    assert not [line for line in md.splitlines() if line[:1].isdigit()]  # no "1. …" list items
    assert "| # | size | members |" in md and "| # | fact | said in |" in md
    page = to_html(r)
    assert "<ol" not in page and '<td dir="rtl">' in page


def test_analyze_cli_path_without_connection_says_no_path_in_names_and_writes_report(tmp_path):
    out, js = tmp_path / "r.md", tmp_path / "r.json"
    cmd = [sys.executable, "-c", "from kg.cli import main; main()", "analyze", str(SMALL), "-o", str(out),
           "--json", str(js), "--path", "مریم کریمی.", "خبرگزاری نمونه"]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "no path between «مریم کریمی.» and «خبرگزاری نمونه»" in res.stderr
    assert "%" not in res.stdout + res.stderr and "https://" not in res.stdout + res.stderr
    assert "No path: no chain of facts joins" in out.read_text(encoding="utf-8")
    assert json.loads(js.read_text(encoding="utf-8"))["path"]["found"] is False
