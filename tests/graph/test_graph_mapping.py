"""The mapping from Extractions to RDF, checked against the contract on hand-made fixtures."""

from __future__ import annotations

import dataclasses

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from kg.graph import (
    ONTOLOGY_IRI,
    PV,
    add_extraction,
    article_graphs,
    build_dataset,
    decimal_literal,
    ontology_graph,
    validate_graph,
)
from kg.graph.identity import entity_iris
from kg.graph.iri import entity_iri, graph_iri, graph_key
from kg.graph.sample import sample_extractions
from kg.types import Evidence, Relation

# Every entity-to-entity predicate the contract says must carry an rdf:Statement.
_REIFIED = {ORG.holds, ORG.postIn, ORG.role, ORG.subOrganizationOf, ORG.memberOf, SDO.attendee, PV.speaker,
            PV.honoree, SDO.organizer, PV.occasion, SDO.location, SDO.creator, PV.saidAt}


@pytest.fixture(scope="module")
def exs():
    return sample_extractions()


@pytest.fixture(scope="module")
def ds(exs):
    return build_dataset(exs)


def _person(name: str) -> URIRef:
    return entity_iri("Person", name)  # a full name: the same IRI in every article


def _node(ex, entity_id: str) -> URIRef:
    """The IRI an entity of ``ex`` gets after the identity rules."""
    return entity_iris(ex)[entity_id]


def test_build_one_named_graph_per_article_plus_ontology(ds, exs):
    graphs = article_graphs(ds)
    assert graphs == sorted(graph_iri(graph_key(e.article)) for e in exs)
    assert len(ds.graph(ONTOLOGY_IRI)) == len(ontology_graph())
    # ontology terms are not copied into article graphs
    for gid in graphs:
        assert (PV.Person, RDF.type, OWL.Class) not in ds.graph(gid)


def test_build_labels_fa_and_honorific_kept_out_of_label(ds, exs):
    g = ds.graph(graph_iri(graph_key(exs[0].article)))
    p = _person("مریم کاظمی‌فر")
    assert list(g.objects(p, RDFS.label)) == [Literal("مریم کاظمی‌فر", lang="fa")]
    assert set(g.objects(p, PV.honorific)) == {Literal("دکتر", lang="fa")}
    alts = set(g.objects(p, SKOS.altLabel))
    assert Literal("کاظمی‌فر", lang="fa") in alts and Literal("دکتر مریم کاظمی‌فر", lang="fa") in alts
    assert Literal("مریم کاظمی‌فر", lang="fa") not in alts  # the label is not repeated as an alt label
    assert (p, RDF.type, PV.Person) in g


def test_build_has_no_blank_nodes(ds):
    for quad in ds.quads((None, None, None, None)):
        assert not any(isinstance(t, BNode) for t in quad[:3]), quad


def test_build_every_entity_fact_is_reified_with_full_provenance(ds, exs):
    g = ds.graph(graph_iri(graph_key(exs[0].article)))
    article = next(g.subjects(RDF.type, SDO.NewsArticle))
    facts = [(s, p, o) for s, p, o in g if p in _REIFIED]
    assert len(facts) > 10
    for s, p, o in facts:
        stmts = [st for st in g.subjects(RDF.subject, s) if (st, RDF.predicate, p) in g and (st, RDF.object, o) in g]
        assert len(stmts) == 1, (s, p, o)
        st = stmts[0]
        assert (st, RDF.type, RDF.Statement) in g
        assert (st, PROV.wasDerivedFrom, article) in g
        assert g.value(st, PV.evidence).language == "fa"
        start, end = g.value(st, PV.charStart), g.value(st, PV.charEnd)
        assert start.datatype == XSD.integer and end.datatype == XSD.integer
        # offsets point at the evidence in the original text
        assert exs[0].article.text[start.toPython():end.toPython()] == str(g.value(st, PV.evidence))
        assert g.value(st, PV.confidence).datatype == XSD.decimal
        assert str(g.value(st, PV.extractor)).startswith("rule:")


def test_build_duplicate_fact_keeps_best_evidence(ds, exs):
    g = ds.graph(graph_iri(graph_key(exs[0].article)))
    unit, ministry = _node(exs[0], "o2"), _node(exs[0], "o1")
    st = next(s for s in g.subjects(RDF.subject, unit)
              if (s, RDF.predicate, ORG.subOrganizationOf) in g and (s, RDF.object, ministry) in g)
    assert g.value(st, PV.confidence) == decimal_literal(0.8)


def test_build_speaker_and_honoree_also_attend(ds, exs):
    event = _node(exs[0], "e1")
    for p in ("مریم کاظمی‌فر", "بهرام نیک‌پور", "علی رستگار"):
        assert (event, SDO.attendee, _person(p)) in ds


def test_build_posts_roles_and_flags(ds, exs):
    p = _person("علی رستگار")
    (post,) = ds.objects(p, ORG.holds)
    role = ds.value(post, ORG.role)
    assert ds.value(role, RDFS.label) == Literal("معاون وزیر", lang="fa")
    assert (role, RDF.type, PV.Role) in ds
    assert ds.value(post, ORG.postIn) == _node(exs[0], "o1")
    assert ds.value(post, PV.former) == Literal(True)
    assert ds.value(post, PV.acting) == Literal(False)


def test_build_quotations_attributed_and_unattributed_dropped(ds, exs):
    quotes = set(ds.subjects(RDF.type, SDO.Quotation))
    attributed = sum(1 for e in exs for q in e.quotes if q.speaker is not None)
    assert len(quotes) == attributed
    for q in quotes:
        assert ds.value(q, SDO.creator) is not None
        assert ds.value(q, SDO.text).language == "fa"


def test_build_article_metadata_and_mentions(ds, exs):
    g = ds.graph(graph_iri(graph_key(exs[0].article)))
    art = next(g.subjects(RDF.type, SDO.NewsArticle))
    assert g.value(art, SDO.datePublished) == Literal("2024-05-03", datatype=XSD.date)
    assert g.value(art, SDO.publisher) == entity_iri("Organization", "خبرگزاری پیام")
    assert set(g.objects(art, SDO.citation)) == {_node(exs[0], "o1")}
    assert len(set(g.objects(art, SDO.mentions))) == len(exs[0].entities)


def test_build_is_deterministic_across_builds(exs):
    a, b = build_dataset(exs), build_dataset(list(reversed(exs)))
    assert set(a.quads((None, None, None, None))) == set(b.quads((None, None, None, None)))
    # the same person in two articles gets the same IRI
    p = _person("علی رستگار")
    assert len({g for _, _, _, g in a.quads((p, RDF.type, PV.Person, None))}) == 2


def test_build_readding_an_article_replaces_its_graph(exs):
    ds = build_dataset(exs)
    ex = exs[0]
    gid = graph_iri(graph_key(ex.article))
    fewer = dataclasses.replace(ex, relations=ex.relations[:1], quotes=())
    assert add_extraction(ds, fewer) == gid
    g = ds.graph(gid)
    assert not any(g.subjects(RDF.type, SDO.Quotation))
    assert (_node(ex, "o2"), ORG.subOrganizationOf, None) not in g
    # the other article is untouched
    other = build_dataset([exs[1]], ontology=False).graph(graph_iri(graph_key(exs[1].article)))
    assert isomorphic(to_isomorphic(ds.graph(graph_iri(graph_key(exs[1].article)))), to_isomorphic(other))


@pytest.mark.parametrize(
    ("value", "lexical"),
    [(0.8, "0.8"), (0.800, "0.8"), (1.0, "1"), (0, "0"), (0.1 + 0.2, "0.3"), (0.25, "0.25"), (0.000001, "0.000001")],
)
def test_build_decimal_literal_is_canonical(value, lexical):
    lit = decimal_literal(value)
    assert str(lit) == lexical and lit.datatype == XSD.decimal


def test_build_all_literals_canonical(ds):
    import pyoxigraph as ox

    for _, _, o, _ in ds.quads((None, None, None, None)):
        if isinstance(o, Literal) and o.datatype in (XSD.decimal, XSD.integer, XSD.date, XSD.boolean):
            canon = ox.Literal(str(o), datatype=ox.NamedNode(str(o.datatype)))
            store = ox.Store()
            store.add(ox.Quad(ox.NamedNode("http://x"), ox.NamedNode("http://p"), canon))
            assert next(iter(store)).object.value == str(o), o  # Oxigraph would return the same lexical form


def test_build_validates_with_shacl(ds):
    conforms, report = validate_graph(ds)
    assert conforms, report


def test_build_shacl_catches_a_broken_statement(exs):
    bad = dataclasses.replace(exs[1], relations=(
        Relation("e3", "schema:attendee", "p1", Evidence(5, 2, "x", 1.5, "rule:x")),))
    conforms, report = validate_graph(build_dataset([bad]))
    assert not conforms
    assert "confidence" in report and "charEnd" in report


def test_build_base_iri_changes_resources_not_vocabulary(exs):
    ds = build_dataset(exs[:1], "http://example.org/kg/", ontology=False)
    subjects = {s for s, _, _, _ in ds.quads((None, None, None, None))}
    assert all(str(s).startswith("http://example.org/kg/") for s in subjects)
    assert (None, RDF.type, PV.Person, None) in ds


def test_build_unknown_entity_or_predicate_is_an_error(exs):
    ev = exs[1].relations[0].evidence
    broken = dataclasses.replace(exs[1], relations=(Relation("e3", "schema:attendee", "nobody", ev),))
    with pytest.raises(ValueError, match="nobody"):
        build_dataset([broken])
    broken = dataclasses.replace(exs[1], relations=(Relation("e3", "pv:attends", "p1", ev),))
    with pytest.raises(ValueError, match="pv:attends"):
        build_dataset([broken])
