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
    assert "خبرگزاری نمونه" not in names  # the publisher takes part in no fact: left out, and the page says so
    assert any("1 entities that take part in no fact are left out" in n for n in data["notices"])
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
    assert data["physics"] is False


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


# ---- big graphs open on what matters (issue 16) ----------------------------------------------------------------

def _stories(sizes: list[int]) -> nx.MultiDiGraph:
    """Disjoint stories: story k is a star of sizes[k] people around one named event, each story its own article."""
    G = nx.MultiDiGraph()
    G.graph["articles"] = {}
    for k, n in enumerate(sizes):
        art = f"urn:art{k}"
        G.graph["articles"][art] = {"headline": f"خبر {k}", "datePublished": f"2024-01-{k % 28 + 1:02d}"}
        ev = f"urn:e{k}"
        G.add_node(ev, type="event", label=f"همایش شماره {k}", articles=[art])
        for i in range(n - 1):
            p = f"urn:p{k}-{i}"
            G.add_node(p, type="person", label=f"شخص {k}-{i}", articles=[art])
            G.add_edge(p, ev, key="attended", kind="attended", weight=1, articles=[art], evidence=[])
    return G


def test_view_opens_on_the_largest_connected_groups():
    G = _stories([30, 25, 20, 12, 8, 5, 3, 2, 2] + [2] * 200)
    data = to_view_data(G, opening=100)
    opened = {n["iri"] for n in data["nodes"] if n["open"]}
    # whole groups, largest first, while they fit in the opening: 30 + 25 + 20 + 12 + 8 + 5 = 100
    assert data["stats"]["open"] == len(opened) == 100
    assert {n["part"] for n in data["nodes"] if n["open"]} == {0, 1, 2, 3, 4, 5}
    assert data["opening"]["text"] == "the 6 largest connected groups"
    assert data["stats"]["nodes"] == len(G)  # the rest is in the page, a search or a filter away


def test_view_opens_a_too_large_group_around_its_most_central_entity():
    G = _synthetic(1200)
    data = to_view_data(G, opening=80)
    opened = [n for n in data["nodes"] if n["open"]]
    assert len(opened) == 80
    H = nx.relabel_nodes(nx.Graph(G.to_undirected()), str).subgraph(n["iri"] for n in opened)
    assert nx.is_connected(H)  # a connected piece, not scattered top-ranked dots
    top = min(data["nodes"], key=lambda n: n["rank"])
    assert top["open"] and "nearest to" in data["opening"]["text"]


def test_view_labels_sized_by_centrality_and_unnamed_events_not_ranked():
    G = _stories([40, 30, 20])
    for k in range(3):  # one bare «دیدار» joins every story: the most central node, but it names nothing
        for i in range(5):
            G.add_edge(f"urn:p{k}-{i}", "urn:visit", key="attended", kind="attended", weight=1, evidence=[])
    G.nodes["urn:visit"].update(type="event", label="دیدار", articles=[])
    data = to_view_data(G, opening=100, physics_max=50)
    by = {n["iri"]: n for n in data["nodes"]}
    assert by["urn:visit"]["rank"] == len(G) - 1  # ranked after every named entity
    assert by["urn:e0"]["rank"] == 0 and by["urn:e0"]["font"] > by["urn:visit"]["font"]
    fonts = sorted({n["font"] for n in data["nodes"]}, reverse=True)
    assert len(fonts) == 3  # three tiers: the most central read first, the others as one zooms in


def test_view_labels_never_overlap_in_a_group():
    from kg.view.positions import label_box

    data = to_view_data(_stories([40, 30, 12, 6]), opening=100)
    nodes = data["nodes"]
    for a in nodes:
        wa, ha, da = label_box(a["name"], a["font"], a["size"])
        for b in nodes:
            if a["id"] < b["id"] and a["part"] == b["part"]:
                wb, hb, db = label_box(b["name"], b["font"], b["size"])
                assert abs(a["x"] - b["x"]) >= (wa + wb) / 2 or abs(a["y"] + da - b["y"] - db) >= (ha + hb) / 2


def test_view_facts_are_said_in_words_with_their_direction(small_graph):
    data = to_view_data(small_graph)
    page_text = json.dumps(data, ensure_ascii=False)
    assert "←" not in page_text
    from kg.analyze import EDGE_KINDS

    for kind in [k.kind for k in EDGE_KINDS] + ["said"]:
        row = data["kinds"][kind]
        assert "{s}" in row["sentence_fa"] and "{o}" in row["sentence_fa"], kind
        assert row["sentence_en"].index("{s}") < row["sentence_en"].index("{o}"), kind
    assert data["kinds"]["holds"]["sentence_fa"].format(s="علی", o="وزیر") == "«علی» سمت «وزیر» را دارد"


def test_view_articles_table_for_the_filters(small_graph):
    data = to_view_data(small_graph)
    heads = [a["headline"] for a in data["articles"]]
    assert "گزارش همایش سالانه" in heads
    dated = [a for a in data["articles"] if a["date"]]
    assert dated and dated == sorted(dated, key=lambda a: a["date"])
    ali = next(n for n in data["nodes"] if n["name"] == "علی رضایی")
    assert {data["articles"][i]["headline"] for i in ali["arts"]} >= {"گزارش همایش سالانه"}


def test_view_fold_table_matches_the_text_layers_fold():
    from kg.text import fold
    from kg.view.data import fold_table

    table = fold_table()
    for name in ["علي رضائي", "حسن‌زاده", "مسئول ۱۴۰۳", "كمیسیون\u00a0اجتماعي"]:
        per_char = "".join(table.get(c, c) for c in name.replace("ئو", "وو")).lower()
        assert " ".join(per_char.split()) == fold(name), name
