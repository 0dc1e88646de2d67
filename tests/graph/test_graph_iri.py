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
    assert post_iri(p1, "وزیر", o) != post_iri(p2, "وزیر", o) != post_iri(p1, "وزیر", None)
    art1, art2 = URIRef("http://a/1"), URIRef("http://a/2")
    assert statement_iri(p1, p2, o, art1) != statement_iri(p1, p2, o, art2)
    assert statement_iri(p1, p2, o, art1) == statement_iri(p1, p2, o, art1)


def test_iri_empty_key_is_refused():
    with pytest.raises(ValueError):
        entity_iri("Person", "  ")
