"""Idempotent and incremental builds: a second build changes nothing, a modified article replaces its own graph,
removing an article keeps facts that other articles support."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from _relhelpers import (
    diff_summary,
    file_quads,
    fixture_texts,
    kg,
    make_corpus,
    one_line_error,
    per_graph,
    store_quads,
)

from kg.corpus import ArticleResult, build_stream, remove_article, write_result
from kg.io import read_articles

pytestmark = pytest.mark.store

EXTRA = "\nدر پایان این نشست، مریم کاظمی مدیرکل امور بانوان استانداری گفت: برنامه‌ها ادامه دارد.\n"


def _build(*args) -> None:
    res = kg("build", *args)
    assert res.returncode == 0, one_line_error(res.stderr)


def test_reliability_second_build_changes_nothing(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 10)
    store = tmp_path / "store"
    _build(corpus, "-o", store)
    first = store_quads(store)
    _build(corpus, "-o", store)
    again = store_quads(store)
    assert again == first, diff_summary(again, first)


def test_reliability_modified_article_replaces_its_graph(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 10)
    store = tmp_path / "store"
    _build(corpus, "-o", store)
    before = per_graph(store_quads(store))
    edited = corpus / "a003.txt"
    lines = edited.read_text("utf-8").splitlines()
    edited.write_text("\n".join(lines[:-2]) + EXTRA, "utf-8")  # last sentences gone, a new one added
    _build(edited, "-o", store)
    _build(corpus, "-o", tmp_path / "clean.nq")
    got, clean = store_quads(store), file_quads(tmp_path / "clean.nq")
    assert got == clean, diff_summary(got, clean)  # old facts gone, new ones in, nothing else touched
    after = per_graph(got)
    assert len(after) == len(before)
    assert sum(g not in before for g in after) == 1  # exactly the edited article's graph is new


def test_reliability_remove_article_keeps_shared_entities(tmp_path: Path) -> None:
    n = len(fixture_texts())
    corpus = make_corpus(tmp_path / "corpus", n + 1)  # the first and the last are copies of the same article
    store = ox.Store()
    results = [r for r in build_stream(read_articles([corpus]), workers=1) if isinstance(r, ArticleResult)]
    for r in results:
        write_result(store, r)
    gone, kept = results[0], results[n]
    shared = {e.iri for e in gone.entities} & {e.iri for e in kept.entities}
    assert shared
    assert remove_article(store, gone.article_id) == 1
    assert not store.contains_named_graph(ox.NamedNode(gone.graph))
    assert remove_article(store, gone.article_id) == 0
    for iri in shared:  # still typed and labelled, by the article that remains
        graphs = {q.graph_name.value for q in store.quads_for_pattern(ox.NamedNode(iri), None, None)}
        assert graphs and gone.graph not in graphs
    assert len(store) == sum(r.quads for r in results[1:])  # every other article's graph is whole


def test_reliability_write_result_replaces_modified_article(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 3)
    store = ox.Store()
    for r in build_stream(read_articles([corpus]), workers=1):
        write_result(store, r)
    edited = corpus / "a001.txt"
    edited.write_text(edited.read_text("utf-8") + EXTRA, "utf-8")
    (new,) = build_stream(read_articles([edited]), workers=1)
    write_result(store, new)
    want = ox.Store()
    for r in build_stream(read_articles([corpus]), workers=1):
        want.load(r.nquads, format=ox.RdfFormat.N_QUADS)
    assert sorted(map(str, store)) == sorted(map(str, want))
