"""View data: bidi isolation, focus, automatic reduction, hidden isolated entities, positions."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from kg.errors import InputError
from kg.view import isolate, layout, to_view_data

FSI, RLI, LRI, PDI = "\u2068", "\u2067", "\u2066", "\u2069"


@pytest.mark.parametrize(("text", "expected"), [
    ("مریم کریمی.", RLI + "مریم کریمی." + PDI),                                 # trailing period stays at the end
    ("نشست 2025-11-29 تهران", RLI + "نشست " + LRI + "2025-11-29" + PDI + " تهران" + PDI),  # Latin date kept LTR
    ("همایش ۱۴۰۳/۰۹/۰۸", RLI + "همایش " + LRI + "۱۴۰۳/۰۹/۰۸" + PDI + PDI),    # Persian-digit date too
    ("IRNA", FSI + "IRNA" + PDI),                                                # no RTL letters: first-strong
    ("<img src=x>", FSI + "<img src=x>" + PDI),                                  # text stays text
])
def test_view_isolate(text, expected):
    assert isolate(text) == expected


def test_view_data_small_graph(small_graph):
    data = to_view_data(small_graph)
    names = {n["name"] for n in data["nodes"]}
    assert "<img src=x onerror=alert(1)>" in names
    assert "خبرگزاری نمونه" not in names  # the publisher takes part in no fact: hidden, and the page says so
    assert any("hidden" in n for n in data["notices"])
    assert data["physics"] is True
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    ali_summit = [e for e in data["edges"] if set(e["kinds"]) == {"attended", "spoke at", "said"}]
    assert len(ali_summit) == 1 and ali_summit[0]["kinds"][0] == "spoke at"  # one drawn edge, specific kind first
    assert {r["kind"] for r in data["legend"] if r["element"] == "node"} == {n["type"] for n in data["nodes"]}
    json.dumps(data)  # JSON-ready


def test_view_data_isolated_on_request(small_graph):
    assert "خبرگزاری نمونه" in {n["name"] for n in to_view_data(small_graph, isolated=True)["nodes"]}


def test_view_data_focus_depth(small_graph):
    one = {n["name"] for n in to_view_data(small_graph, focus="حسین موسوی", depth=1)["nodes"]}
    assert one == {"حسین موسوی", "نشست هیئت دولت"}
    two = {n["name"] for n in to_view_data(small_graph, focus="حسین موسوی", depth=2)["nodes"]}
    assert two == one | {"علی رضایی", "<img src=x onerror=alert(1)>"}
    with pytest.raises(InputError):
        to_view_data(small_graph, focus="nobody at all")


def _synthetic(n: int, seed: int = 1) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for u, v in nx.barabasi_albert_graph(n, 2, seed=seed).edges():
        G.add_node(u, type="person", label=f"شخص {u}")
        G.add_node(v, type="event", label=f"رویداد {v}")
        G.add_edge(u, v, key="attended", kind="attended", weight=1, evidence=[])
    return G


def test_view_data_reduces_large_graphs_and_says_so():
    data = to_view_data(_synthetic(600), max_nodes=200)
    assert data["stats"]["nodes"] == 200 and data["stats"]["total_nodes"] == 600
    assert any("Reduced" in n and "600" in n for n in data["notices"])
    assert data["physics"] is False and any("physics is off" in n for n in data["notices"])


def test_view_layout_large_graph_spreads_nodes():
    G = _synthetic(1200)
    pos = layout(G, seed=0)
    assert len(pos) == len(G)
    assert len(set(pos.values())) > 0.99 * len(G)  # no pile-up on a single point


def test_view_data_empty_graph_says_so():
    data = to_view_data(nx.MultiDiGraph())
    assert data["nodes"] == [] and data["physics"] is False
    assert any("Nothing to draw" in n for n in data["notices"])


def test_view_data_community_view(small_graph):
    from kg.analyze import communities

    parts = communities(small_graph, seed=0)
    data = to_view_data(small_graph, community=1, isolated=True)
    assert {n["iri"] for n in data["nodes"]} == set(parts[0])
    assert any(n.startswith("Community 1 of") for n in data["notices"])
    with pytest.raises(InputError):
        to_view_data(small_graph, community=len(parts) + 1)
