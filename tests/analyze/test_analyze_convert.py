"""The projection: typed nodes, typed edges weighted by supporting articles, evidence carried along."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.analyze import NODE_TYPES, find_entity, to_networkx, to_undirected
from kg.errors import InputError, PeyvandError

ID = "https://w3id.org/peyvand/id/"


def test_convert_types_every_entity(small_graph):
    types = {n.removeprefix(ID): d["type"] for n, d in small_graph.nodes(data=True)}
    assert types["person-ali"] == "person"
    assert types["post-water-minister"] == "post"
    assert types["org-guard"] == "organization"
    assert types["event-summit"] == "event"
    assert types["place-tehran"] == "place"
    assert set(types.values()) <= set(NODE_TYPES)
    # roles, statements, quotations and articles are not entities of the projection
    assert not any(k.startswith(("role-", "stmt-", "quote-", "article-")) for k in types)


def test_convert_edges_read_from_the_actor(small_graph):
    # RDF says `event schema:attendee person`; the projection says person -attended-> event
    assert small_graph.has_edge(ID + "person-ali", ID + "event-summit", key="attended")
    assert small_graph.has_edge(ID + "person-ali", ID + "event-summit", key="spoke at")
    assert small_graph.has_edge(ID + "person-maryam", ID + "event-summit", key="honoured at")
    assert small_graph.has_edge(ID + "person-hossein", ID + "event-cabinet", key="organized")
    assert small_graph.has_edge(ID + "org-corps", ID + "org-guard", key="unit of")
    assert small_graph.has_edge(ID + "post-corps-commander", ID + "org-corps", key="in")


def test_convert_weight_counts_distinct_articles(small_graph):
    holds = small_graph.edges[ID + "person-ali", ID + "post-water-minister", "holds"]
    assert holds["weight"] == 2  # stated in both articles
    assert holds["articles"] == [ID + "article-a1", ID + "article-a2"]
    assert {e["text"] for e in holds["evidence"]} == {
        "علی رضایی، وزیر نیرو، در این همایش سخنرانی کرد.", "وزیر نیرو، علی رضایی، در نشست حاضر بود."}
    unit = small_graph.edges[ID + "org-corps", ID + "org-guard", "unit of"]
    assert unit["weight"] == 1 and unit["evidence"][0]["confidence"] == pytest.approx(0.6)


def test_convert_quotes_become_said_edges(small_graph):
    said = small_graph.edges[ID + "person-ali", ID + "event-summit", "said"]
    assert said["evidence"][0]["text"] == "ما <b>باید</b> پیش برویم"  # verbatim: escaping is the renderer's job
    assert small_graph.nodes[ID + "person-ali"]["quotes"][0]["event"] == ID + "event-summit"


def test_convert_labels_and_alt_labels(small_graph):
    ali = small_graph.nodes[ID + "person-ali"]
    assert ali["label"] == "علی رضایی"
    assert "دکتر علی رضایی" in ali["alt_labels"] and ali["honorifics"] == ["دکتر"]
    assert small_graph.nodes[ID + "person-xss"]["label"] == "<img src=x onerror=alert(1)>"


def test_convert_empty_dataset_gives_empty_graph():
    from rdflib import Dataset

    assert len(to_networkx(Dataset())) == 0


def test_convert_to_undirected_sums_weights(small_graph):
    H = to_undirected(small_graph)
    assert isinstance(H, nx.Graph) and not H.is_directed()
    # attended (1) + spoke at (1) + said (1) between ali and the summit
    assert H[ID + "person-ali"][ID + "event-summit"]["weight"] == 3


@pytest.mark.parametrize(("query", "expected"), [
    ("علی رضایی", "person-ali"),          # exact label
    ("دکتر علی رضایی", "person-ali"),     # alternative label
    ("موسوی", "person-hossein"),          # unique substring
    (ID + "org-water", "org-water"),      # IRI
])
def test_convert_find_entity(small_graph, query, expected):
    assert find_entity(small_graph, query) == ID + expected


@pytest.mark.parametrize("query", ["سپاه", "nobody at all"])  # ambiguous, absent
def test_convert_find_entity_errors_are_user_errors(small_graph, query):
    with pytest.raises(InputError):
        find_entity(small_graph, query)


def test_convert_read_dataset_missing_source_is_user_error(tmp_path):
    from kg.analyze import read_dataset

    with pytest.raises(PeyvandError):
        read_dataset(tmp_path / "missing.trig")
