"""Exports round-trip through rdflib and pyoxigraph in every format, keep named graphs and canonical literals."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.errors import OutputError
from kg.export import EXPORT_FORMATS, export_file, generate_rdf, write_rdf
from kg.graph import build_dataset
from kg.graph.sample import sample_extractions
from kg.store import competency_queries, open_store, result_rows, run_query
from kg.store.formats import rdf_format

_QUADS = {".nq", ".trig", ".jsonld"}
_RDFLIB = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld", ".rdf": "xml",
           ".owl": "xml"}


@pytest.fixture(scope="module")
def ds():
    return build_dataset(sample_extractions())


def _quad_set(ds):
    return {(s, p, o, g) for s, p, o, g in ds.quads((None, None, None, None))}


def _triple_set(ds):
    return {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}


@pytest.mark.parametrize("ext", sorted(EXPORT_FORMATS))
def test_export_roundtrips_through_rdflib(ds, ext, tmp_path):
    path = write_rdf(ds, tmp_path / f"kg{ext}")
    back = Dataset()
    back.parse(path, format=_RDFLIB[ext])
    if ext in _QUADS:
        assert _quad_set(back) == _quad_set(ds)
    else:
        assert _triple_set(back) == _triple_set(ds)


@pytest.mark.parametrize("ext", sorted(EXPORT_FORMATS))
def test_export_roundtrips_through_pyoxigraph(ds, ext, tmp_path):
    path = write_rdf(ds, tmp_path / f"kg{ext}")
    parsed = list(ox.parse(path=str(path), format=rdf_format(path)))
    want = {(str(s), str(p), o.n3(), str(g)) for s, p, o, g in _quad_set(ds)}
    if ext in _QUADS:
        got = {(q.subject.value, q.predicate.value, _n3(q.object), q.graph_name.value) for q in parsed}
        assert got == want
    else:
        got = {(t.subject.value, t.predicate.value, _n3(t.object)) for t in parsed}
        assert got == {w[:3] for w in want}


def _n3(term) -> str:
    from rdflib import Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value).n3()
    if term.language:
        return Literal(term.value, lang=term.language).n3()
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value).n3()
    return Literal(term.value, datatype=URIRef(term.datatype.value)).n3()


@pytest.mark.parametrize("ext", sorted(EXPORT_FORMATS))
def test_export_competency_queries_answer_the_same_from_every_file(ds, ext, tmp_path):
    st = open_store(write_rdf(ds, tmp_path / f"kg{ext}"))
    for name in competency_queries():
        assert sorted(result_rows(run_query(st, name))[1]) == sorted(result_rows(run_query(ds, name))[1]), name


def test_export_literals_canonical_in_text(ds):
    nq = generate_rdf(ds, "nquads").decode()
    assert '"0.9"^^<http://www.w3.org/2001/XMLSchema#decimal>' in nq
    assert '"0.90' not in nq and "_:" not in nq


def test_export_jsonld_embeds_the_published_context(ds):
    data = json.loads(generate_rdf(ds, "json-ld"))
    assert data["@context"]["pv"] == "https://w3id.org/peyvand/ontology#"
    assert data["@context"]["schema"] == "https://schema.org/"


def test_export_from_store_dir_equals_from_memory(ds, tmp_path):
    from kg.graph.build import extraction_triples
    from kg.store import replace_graphs

    st = open_store(tmp_path / "kg.oxigraph", create=True)
    replace_graphs(st, [extraction_triples(e) for e in sample_extractions()])
    del st
    out = export_file(tmp_path / "kg.oxigraph", tmp_path / "out.trig")
    a, b = Dataset(), Dataset()
    a.parse(out, format="trig")
    b.parse(data=generate_rdf(build_dataset(sample_extractions(), ontology=False), "trig"), format="trig")
    assert _quad_set(a) == _quad_set(b)
    assert isomorphic(Graph().parse(out, format="trig"), Graph().parse(out, format="trig"))


def test_export_unknown_extension_is_an_output_error(ds, tmp_path):
    with pytest.raises(OutputError, match="cannot export"):
        write_rdf(ds, tmp_path / "x.csv")
