"""IRIs are deterministic and safe for every serialization, whatever text the key holds."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Literal, URIRef

from kg.graph.iri import entity_iri, key_slug, post_iri, statement_iri

_NASTY = ['> <http://evil/> "', "a b\tc\n", "x}{|^`\\", "وزارت ارتباطات و فناوری اطلاعات", "نیم\u200cفاصله",
          "%41", "a_b", "?q=1#frag", "\u202eRTL"]


@pytest.mark.parametrize("key", _NASTY)
def test_iri_nasty_keys_are_ascii_and_parse_everywhere(key):
    iri = entity_iri("Person", key)
    assert str(iri).isascii()
    nt = f"<{iri}> <http://p> \"x\" .\n"
    assert len(list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))) == 1
    ds = Dataset()
    ds.parse(data=nt, format="nt")
    assert (iri, URIRef("http://p"), Literal("x")) in ds


@given(st.text(min_size=1).filter(lambda s: s.strip()))
@settings(max_examples=200, deadline=None)
def test_iri_any_text_gives_a_valid_distinct_iri(key):
    iri = entity_iri("Organization", key)
    ox.NamedNode(str(iri))  # raises on an invalid IRI
    assert entity_iri("Organization", key) == iri
    # keys that differ after whitespace folding differ in IRI
    assert entity_iri("Organization", key + "x") != iri


def test_iri_whitespace_and_underscore_do_not_collide():
    assert key_slug("a b") != key_slug("a_b")
    assert key_slug("a  b") == key_slug(" a b ")


def test_iri_kinds_get_readable_paths():
    assert "/person/" in entity_iri("Person", "x") and "/org/" in entity_iri("Organization", "x")
    assert "/event/" in entity_iri("Event", "x") and "/place/" in entity_iri("Place", "x")


def test_iri_posts_and_statements_depend_on_all_parts():
    p1, p2, o = URIRef("http://a/p1"), URIRef("http://a/p2"), URIRef("http://a/o")
    art1, art2 = URIRef("http://a/1"), URIRef("http://a/2")
    assert post_iri(p1, "وزیر", o, art1) != post_iri(p2, "وزیر", o, art1) != post_iri(p1, "وزیر", None, art1)
    # a post is per article: its former/acting flags are that article's, so a flattened graph cannot mix them
    assert post_iri(p1, "وزیر", o, art1) != post_iri(p1, "وزیر", o, art2)
    assert statement_iri(p1, p2, o, art1) != statement_iri(p1, p2, o, art2)
    assert statement_iri(p1, p2, o, art1) == statement_iri(p1, p2, o, art1)


def test_iri_empty_key_is_refused():
    with pytest.raises(ValueError):
        entity_iri("Person", "  ")


def test_iri_article_identity_is_id_and_url_not_text():
    from kg.graph.iri import article_key, graph_key
    from kg.types import Article

    a = Article("fars-0293", "same text", url="https://x/1")
    assert article_key(a) != article_key(Article("fars-1493", "same text", url="https://x/2"))
    assert article_key(a) != article_key(Article("fars-0293", "same text", url="https://x/2"))
    assert article_key(a) == article_key(Article("fars-0293", "edited text", url="https://x/1"))
    # the graph is a version of the article: same id, new text, new graph (re-ingest removes the old one by id)
    assert graph_key(a) != graph_key(Article("fars-1493", "same text", url="https://x/1"))
    assert graph_key(a) != graph_key(Article("fars-0293", "edited text", url="https://x/1"))


def test_iri_qualifiers_are_path_segments():
    assert entity_iri("Event", "هفتهبسیج", qualifiers=("2008",)) == entity_iri("Event", "هفتهبسیج") + "/2008"
    assert entity_iri("Event", "x", qualifiers=("in", "ab12")) != entity_iri("Event", "x", qualifiers=("in", "ab13"))
