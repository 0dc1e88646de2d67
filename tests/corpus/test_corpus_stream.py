"""build_stream: the same RDF on 1 worker, 2 workers and a Dask LocalCluster; failures become records."""

from __future__ import annotations

import os

import pyoxigraph as ox
import pytest

import kg.corpus
from kg.corpus import ArticleResult, build_stream, process_article, write_result
from kg.io import Skipped
from kg.parallel import map_ordered
from kg.types import Article


def _nquads(results) -> list[str]:
    lines: list[str] = []
    for r in results:
        assert isinstance(r, ArticleResult), r
        lines += r.nquads.decode("utf-8").splitlines()
    return sorted(lines)


@pytest.fixture(scope="module")
def serial(corpus_articles):
    return list(build_stream(corpus_articles, workers=1))


def test_corpus_stream_two_workers_same_rdf_as_one(corpus_articles, serial) -> None:
    parallel = list(build_stream(corpus_articles, workers=2, window=3))
    assert [r.article_id for r in parallel] == [a.id for a in corpus_articles]  # input order kept
    assert _nquads(parallel) == _nquads(serial)
    assert len(_nquads(serial)) > 1000  # the fixtures really produce facts


def test_corpus_stream_result_is_the_article_graph(corpus_articles, serial) -> None:
    store = ox.Store()
    for r in serial:
        write_result(store, r)
        names = {q.graph_name.value for q in ox.parse(r.nquads, format=ox.RdfFormat.N_QUADS)}
        assert names == {r.graph}  # every quad lives in the article's own named graph
        assert r.quads == sum(1 for _ in ox.parse(r.nquads, format=ox.RdfFormat.N_QUADS))
    assert len(store) == len(set(_nquads(serial)))


def test_corpus_stream_failure_is_a_record_not_a_crash(monkeypatch, corpus_articles) -> None:
    extract, lex, triples, entity_iri, conv = kg.corpus._extractor()

    def flaky(article: Article, lexicons=None):
        if article.id.endswith("-ar"):
            raise RuntimeError("boom\nsecond line")
        return extract(article, lexicons)

    monkeypatch.setattr(kg.corpus, "_extractor", lambda: (flaky, lex, triples, entity_iri, conv))
    items = [Skipped("bad.txt", "binary file"), *corpus_articles]
    out = list(build_stream(items, workers=1))
    assert len(out) == len(items)
    assert out[0] == items[0]  # input Skipped records pass through in place
    failed = [r for r in out if isinstance(r, Skipped)][1:]
    assert len(failed) == sum(a.id.endswith("-ar") for a in corpus_articles)
    assert all(r.reason == "extraction failed (RuntimeError: boom)" for r in failed)
    assert sum(isinstance(r, ArticleResult) for r in out) == len(corpus_articles) - len(failed)


def _pid_and_loads(article: Article) -> tuple[int, int]:
    process_article(article)
    return os.getpid(), kg.corpus._extractor.cache_info().misses


def test_corpus_stream_lexicons_loaded_once_per_worker(corpus_articles) -> None:
    out = list(map_ordered(_pid_and_loads, corpus_articles[:12], workers=2))
    per_pid: dict[int, int] = {}
    for pid, misses in out:
        per_pid[pid] = max(per_pid.get(pid, 0), misses)
    assert os.getpid() not in per_pid
    assert set(per_pid.values()) == {1}  # each worker process loaded the lexicons exactly once


@pytest.mark.slow
def test_corpus_stream_dask_local_cluster_same_rdf(corpus_articles, serial) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cl, \
            distributed.Client(cl) as client:
        out = list(build_stream(corpus_articles, scheduler=client))
    assert [r.article_id for r in out] == [a.id for a in corpus_articles]
    assert _nquads(out) == _nquads(serial)
