"""``evaluate``: gold files in, a scored report out.

Each gold article is either built through the real pipeline (``kg.extract.extract`` then
``kg.graph.build_dataset``, one article at a time, after the gold file's ``transform``) or looked up in a pre-built
graph or store. Either way the system's facts are read back with SPARQL (``kg.eval.predict``), so what is scored
is exactly what a user of the graph would see.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.eval.gold import Gold, load_gold_set
from kg.eval.predict import ArticleGraph, SysFacts, find_article_graphs, predict
from kg.eval.score import FACT_TYPES, ArticleScore, Counts, score_article
from kg.io import Skipped, read_articles
from kg.types import Article

__all__ = ["DEFAULT_CORPUS", "EvalReport", "apply_transform", "evaluate", "load_corpus"]

DEFAULT_CORPUS = Path("../shared/corpus/fars-news/fars-news.jsonl")
_ZWNJ = "\u200c"


@dataclass(slots=True)
class EvalReport:
    """Per-article scores and their micro-averaged totals (sums of tp/fp/fn over the gold set)."""

    articles: list[ArticleScore] = field(default_factory=list)
    mode: str = "build"
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (gold label, why it was not scored)

    @property
    def totals(self) -> dict[str, Counts]:
        tot = {t: Counts() for t in FACT_TYPES}
        for a in self.articles:
            for t in FACT_TYPES:
                tot[t] += a.counts[t]
        return tot

    def calibration(self, bins: Sequence[float] = (0.9, 0.8, 0.7, 0.6, 0.0)) -> dict[str, dict[str, Any]]:
        """Precision of the relational facts (posts, participation, quotes, sub-organizations) by the confidence
        the graph states for them: one row per bin (confidence ≥ bound, below the previous bound), and the
        share of facts at or above 0.8 that are right."""
        hits = [h for a in self.articles for h in a.hits]
        out: dict[str, dict[str, Any]] = {}
        upper = 1.01
        for low in bins:
            sel = [ok for _, c, _, ok in hits if c is not None and low <= c < upper]
            out[f"[{low:.1f}, {min(upper, 1.0):.1f}{']' if upper > 1 else ')'}"] = {
                "facts": len(sel), "correct": sum(sel), "precision": _r(sum(sel) / len(sel)) if sel else None}
            upper = low
        high = [ok for _, c, _, ok in hits if c is not None and c >= 0.8]
        out["≥ 0.8"] = {"facts": len(high), "correct": sum(high),
                        "precision": _r(sum(high) / len(high)) if high else None}
        return out

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        def c(x: Counts) -> dict[str, Any]:
            return {"tp": x.tp, "fp": x.fp, "fn": x.fn, "precision": _r(x.precision), "recall": _r(x.recall),
                    "f1": _r(x.f1)}

        out: dict[str, Any] = {"mode": self.mode, "articles": len(self.articles),
                               "skipped": [{"id": i, "reason": r} for i, r in self.skipped],
                               "totals": {t: c(x) for t, x in self.totals.items()},
                               "calibration": self.calibration()}
        if details:
            out["per_article"] = [
                {"id": a.id, "error": a.error, "counts": {t: c(x) for t, x in a.counts.items()},
                 "fp": {t: v for t, v in a.fp.items() if v}, "fn": {t: v for t, v in a.fn.items() if v}}
                for a in self.articles]
        return out

    def to_json(self, details: bool = False) -> str:
        return json.dumps(self.to_dict(details), ensure_ascii=False, indent=2)


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def apply_transform(article: Article, transform: str | None) -> Article:
    """The article as the gold file asks to evaluate it (``strip_zwnj``: every U+200C removed)."""
    if transform is None:
        return article
    if transform == "strip_zwnj":
        return replace(article, text=article.text.replace(_ZWNJ, ""), title=article.title.replace(_ZWNJ, ""))
    raise InputError(f"unknown transform {transform!r}")


def load_corpus(path: str | Path, ids: Iterable[str]) -> dict[str, Article]:
    """The corpus articles whose id is in ``ids`` (the corpus is read once, unneeded records skipped)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: corpus not found (pass --corpus)")
    wanted = set(ids)
    found: dict[str, Article] = {}
    for item in read_articles([path]):
        if isinstance(item, Skipped):
            continue
        if item.id in wanted:
            found[item.id] = item
    return found


def _build(article: Article, taggers: Sequence[Any] = (), rules_only: bool = False) -> Any:
    """One article through the real pipeline: extract (with any statistical taggers; without the shipped mention
    model when ``rules_only``), then build its named graph."""
    from kg.extract import extract
    from kg.graph import build_dataset

    kw = ({"taggers": taggers} if taggers else {}) | ({"model": None} if rules_only else {})
    return build_dataset([extract(article, **kw)])


def _graph_for(graphs: Sequence[ArticleGraph], article: Article) -> ArticleGraph | None:
    """The article's graph: the one whose NewsArticle has its id (or URL); a lone graph when built alone."""
    for ag in graphs:
        if article.id in ag.identifiers or article.id == ag.article.rsplit("/", 1)[-1]:
            return ag
    for ag in graphs:
        if article.url and ag.url == article.url:
            return ag
    return None


def _open_graph(path: str | Path) -> Any:
    """A pre-built graph: a persistent store (opened read-only) or an RDF file, through ``kg.store.open_store``.

    Queries go to the pyoxigraph store underneath when there is one (native SPARQL, no rdflib round trip).
    """
    from kg.store import is_store_dir, open_store, ox_store

    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such graph file or store")
    ds = open_store(path, read_only=True) if is_store_dir(path) else open_store(path)
    return ox_store(ds) or ds


def evaluate(gold_inputs: Iterable[str | Path], corpus: str | Path = DEFAULT_CORPUS,
             graph: str | Path | None = None, taggers: Sequence[Any] = (), rules_only: bool = False) -> EvalReport:
    """Score the system against every gold file in ``gold_inputs`` (files or folders).

    Without ``graph`` each gold article is built through the pipeline (with ``taggers``, e.g. a trained NER model,
    beside the rules); with it, facts are read from that graph or store (gold files with a ``transform`` are then
    skipped, and listed as such: a pre-built graph lacks them).
    """
    golds: list[Gold] = load_gold_set(gold_inputs)
    articles = load_corpus(corpus, {g.id for g in golds})
    report = EvalReport(mode="graph" if graph else "build")
    store = _open_graph(graph) if graph else None
    graphs = find_article_graphs(store) if store is not None else []
    for gold in golds:
        article = articles.get(gold.id)
        if article is None:
            report.articles.append(_failed(gold, f"article {gold.id} not in the corpus"))
            continue
        try:
            if store is None:
                article = apply_transform(article, gold.transform)
                ds = _build(article, taggers, rules_only)
                found = find_article_graphs(ds)
                ag = _graph_for(found, article) or (found[0] if len(found) == 1 else None)
                if ag is None:
                    raise InputError(f"{gold.label}: the built dataset has no schema:NewsArticle graph")
                facts = predict(ds, ag.graph)
            else:
                if gold.transform:
                    report.skipped.append((gold.label, f"transform {gold.transform} needs building (drop --graph)"))
                    continue
                ag = _graph_for(graphs, article)
                if ag is None:
                    raise InputError(f"{gold.label}: not found in the graph")
                facts = predict(store, ag.graph)
        except Exception as exc:  # one article's failure must not hide the others' scores
            report.articles.append(_failed(gold, f"{type(exc).__name__}: {exc}"))
            continue
        report.articles.append(score_article(gold, facts))
    return report


def _failed(gold: Gold, error: str) -> ArticleScore:
    """An article the system produced nothing for: every gold fact is a miss."""
    sc = score_article(gold, SysFacts())
    sc.error = error
    return sc
