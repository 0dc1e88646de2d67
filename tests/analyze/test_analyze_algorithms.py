"""Centrality, communities, co-participation, ego networks and explained paths on the fixture graph."""

from __future__ import annotations

import pytest

from kg.analyze import centrality, communities, coparticipation, ego_network, explain_path
from kg.errors import InputError

ID = "https://w3id.org/peyvand/id/"


def test_centrality_ranks_the_busiest_person_first_among_people(small_graph):
    rows = centrality(small_graph)
    people = [r["node"] for r in rows if r["type"] == "person"]
    assert people[0] == ID + "person-ali"  # holds a post, attended both events, spoke, was quoted
    assert {"degree", "betweenness", "pagerank"} <= set(rows[0])
    assert sum(r["pagerank"] for r in rows) == pytest.approx(1.0, abs=1e-4)
    assert len(centrality(small_graph, top=3)) == 3


def test_communities_are_a_partition_and_seeded(small_graph):
    parts = communities(small_graph, seed=7)
    assert sorted(n for p in parts for n in p) == sorted(small_graph)
    assert parts == communities(small_graph, seed=7)


def test_coparticipation_counts_shared_events(small_graph):
    co = coparticipation(small_graph)
    assert set(co) == {n for n, d in small_graph.nodes(data=True) if d["type"] == "person"}
    # ali and the <img> person were at both the summit and the cabinet meeting
    assert co[ID + "person-ali"][ID + "person-xss"]["weight"] == 2
    assert co[ID + "person-maryam"][ID + "person-ali"]["events"] == [ID + "event-summit"]
    assert not co.has_edge(ID + "person-maryam", ID + "person-hossein")  # never at the same event


def test_ego_network_radius(small_graph):
    one = ego_network(small_graph, ID + "person-ali", radius=1)
    assert ID + "post-water-minister" in one and ID + "org-water" not in one
    assert ID + "org-water" in ego_network(small_graph, ID + "person-ali", radius=2)


def test_explain_path_gives_facts_with_sentences(small_graph):
    steps = explain_path(small_graph, ID + "person-maryam", ID + "person-hossein")
    assert len(steps) == 4  # maryam - summit - (ali | xss) - cabinet - hossein
    assert steps[0].source == ID + "person-maryam" and steps[0].target == ID + "event-summit"
    assert steps[-1].source == ID + "person-hossein" and not steps[-1].forward
    assert all(s.evidence for s in steps)
    assert steps[-1].evidence[0][0] == "نشست به میزبانی حسین موسوی برگزار شد."


def test_explain_path_unconnected_is_user_error(small_graph):
    with pytest.raises(InputError, match="no path between «علی رضایی» and"):
        explain_path(small_graph, ID + "person-ali", ID + "org-agency")


def test_centrality_betweenness_matches_networkx_on_fragmented_graphs():
    import networkx as nx

    G = nx.disjoint_union_all([nx.path_graph(5), nx.star_graph(4), nx.complete_graph(3), nx.empty_graph(2)])
    expected = nx.betweenness_centrality(G, normalized=True)
    got = {r["node"]: r["betweenness"] for r in centrality(G)}
    assert got == pytest.approx({n: round(b, 6) for n, b in expected.items()})


def test_explain_path_crosses_an_event_without_a_name_only_within_one_article():
    import networkx as nx

    from kg.analyze import NoPath

    M = nx.MultiDiGraph()
    M.add_node("visit", type="event", label="دیدار")
    M.add_node("rector", type="person", label="رئیس دانشگاه")
    M.add_node("commander", type="person", label="فرمانده")
    M.add_node("aide", type="person", label="معاون")
    M.add_edge("rector", "visit", key="spoke at", kind="spoke at", articles=["lima"], evidence=[])
    M.add_edge("commander", "visit", key="spoke at", kind="spoke at", articles=["tehran"], evidence=[])
    M.add_edge("aide", "visit", key="attended", kind="attended", articles=["tehran"], evidence=[])
    with pytest.raises(NoPath, match="no path between «رئیس دانشگاه» and «فرمانده»"):
        explain_path(M, "rector", "commander")  # two different meetings that share a bare word
    steps = explain_path(M, "commander", "aide")  # one article: one meeting
    assert [(s.source, s.target) for s in steps] == [("commander", "visit"), ("aide", "visit")]
    M.nodes["visit"]["label"] = "دیدار نوروزی مدیران استان"  # a named event is one event across articles
    assert len(explain_path(M, "rector", "commander")) == 2
