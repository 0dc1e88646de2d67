"""The embedded store: persistent directories, files opened in memory, graph replacement, clear errors."""

from __future__ import annotations

import dataclasses

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, SDO, XSD

from kg.errors import StoreError
from kg.graph import ONTOLOGY_IRI, add_extraction, article_graphs, build_dataset
from kg.graph.build import extraction_triples
from kg.graph.iri import graph_iri, graph_key
from kg.graph.sample import sample_extractions
from kg.store import FILE_GRAPH, memory_store, open_store, ox_store, replace_graphs


def _plain(t):
    """Oxigraph returns plain literals typed xsd:string; rdflib compares them unequal to untyped ones."""
    return Literal(str(t)) if isinstance(t, Literal) and t.datatype == XSD.string else t


def _quads(ds):
    return {tuple(_plain(t) for t in q) for q in ds.quads((None, None, None, None))}


def test_store_dir_persists_and_reopens_read_only(tmp_path):
    exs = sample_extractions()
    path = tmp_path / "kg.oxigraph"
    ds = open_store(path, create=True)
    n = replace_graphs(ds, [extraction_triples(e) for e in exs])
    expected = _quads(build_dataset(exs, ontology=False))
    assert n == len(expected)
    del ds
    ro = open_store(path, read_only=True)
    assert _quads(ro) == expected
    assert article_graphs(ro) == sorted(graph_iri(graph_key(e.article)) for e in exs)


def test_store_dir_replaces_an_article_graph(tmp_path):
    exs = sample_extractions()
    ds = open_store(tmp_path / "s", create=True)
    replace_graphs(ds, [extraction_triples(e) for e in exs])
    fewer = dataclasses.replace(exs[0], quotes=())
    replace_graphs(ds, [extraction_triples(fewer)])
    assert _quads(ds) == _quads(build_dataset([fewer, exs[1]], ontology=False))
    # the same through the generic rdflib API on the Oxigraph-backed dataset
    add_extraction(ds, exs[0])
    assert _quads(ds) == _quads(build_dataset(exs, ontology=False))


def test_store_same_graph_twice_in_one_batch_keeps_the_last(tmp_path):
    exs = sample_extractions()
    fewer = dataclasses.replace(exs[0], quotes=())
    ds = memory_store()
    replace_graphs(ds, [extraction_triples(exs[0]), extraction_triples(fewer)])
    assert not any(ds.subjects(RDF.type, SDO.Quotation))


def test_store_missing_and_wrong_targets_are_store_errors(tmp_path):
    with pytest.raises(StoreError, match="no such store"):
        open_store(tmp_path / "nope.oxigraph")
    with pytest.raises(StoreError, match="no such file"):
        open_store(tmp_path / "nope.trig")
    with pytest.raises(StoreError, match="unknown RDF file extension"):
        open_store(tmp_path / "x.csv")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot parse"):
        open_store(bad)


def test_store_one_writer_per_directory(tmp_path):
    path = tmp_path / "kg.oxigraph"
    first = open_store(path, create=True)
    with pytest.raises(StoreError, match="another writer"):
        open_store(path)
    assert ox_store(first) is not None


def test_store_triple_files_land_in_a_named_graph(tmp_path):
    f = tmp_path / "x.ttl"
    f.write_text("<http://a/s> <http://a/p> <http://a/o> .", encoding="utf-8")
    ds = open_store(f)
    ((_, _, _, g),) = _quads(ds)
    assert str(g) == FILE_GRAPH.value


def test_store_build_dataset_has_ontology_graph_but_article_graphs_exclude_it():
    ds = build_dataset(sample_extractions())
    assert ONTOLOGY_IRI not in article_graphs(ds)
    assert len(ds.graph(ONTOLOGY_IRI)) > 50
