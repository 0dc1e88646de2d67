"""The ontology declares every pv: term, bilingually, with alignment to the standard vocabularies."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import FOAF, ORG, OWL, RDF, RDFS, SDO, SKOS

from kg.graph import PV, ontology_graph, shapes_graph


def _pv_terms() -> set[URIRef]:
    return {PV[name] for name in PV.__annotations__}


def test_ontology_declares_exactly_the_vocab_terms():
    g = ontology_graph()
    declared = {s for s in g.subjects(RDF.type, None) if str(s).startswith(str(PV._NS))}
    assert declared == _pv_terms()


def test_ontology_every_term_has_english_and_persian_label_and_comment():
    g = ontology_graph()
    for term in _pv_terms():
        for prop in (RDFS.label, RDFS.comment):
            langs = {lit.language for lit in g.objects(term, prop)}
            assert {"en", "fa"} <= langs, (term, prop)


def test_ontology_aligns_classes_per_contract():
    g = ontology_graph()
    expected = {
        PV.Person: {SDO.Person, FOAF.Person},
        PV.Organization: {ORG.Organization, SDO.Organization},
        PV.Event: {SDO.Event},
        PV.Place: {SDO.Place},
        PV.Role: {ORG.Role, SKOS.Concept},
    }
    for cls, supers in expected.items():
        assert (cls, RDF.type, OWL.Class) in g
        assert supers <= set(g.objects(cls, RDFS.subClassOf)), cls


def test_ontology_properties_have_domain_or_range():
    g = ontology_graph()
    for term in _pv_terms():
        if (term, RDF.type, OWL.Class) in g:
            continue
        assert g.value(term, RDFS.domain) is not None or g.value(term, RDFS.range) is not None, term


def test_ontology_shapes_parse_and_target_contract_classes():
    from rdflib import Namespace

    sh = Namespace("http://www.w3.org/ns/shacl#")
    targets = set(shapes_graph().objects(None, sh.targetClass))
    assert {PV.Person, ORG.Post, SDO.Quotation, RDF.Statement} <= targets
