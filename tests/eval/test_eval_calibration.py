"""Calibration: every relational fact the graph states is scored with its stated confidence and rule, and the
extractor states a rule's measured confidence (kg/lexicons/confidence.tsv) rather than the rule's raw score."""

from __future__ import annotations

from kg.eval import parse_gold, predict, score_article
from kg.eval.predict import find_article_graphs
from kg.eval.run import EvalReport
from kg.extract import extract, load_lexicons
from kg.graph import build_dataset
from kg.types import Article

TEXT = ("رضا کریمی، مدیرکل بنیاد مسکن استان یزد در این مراسم گفت: ساخت خانه‌های روستایی ادامه دارد و "
        "امسال هزار واحد تحویل می‌شود.")


def _score(gold: dict):
    x = extract(Article(id="t1", text=TEXT))
    ds = build_dataset([x])
    graph = find_article_graphs(ds)[0].graph
    return x, score_article(parse_gold(gold), predict(ds, graph))


def test_eval_calibration_records_confidence_rule_and_verdict_of_each_fact():
    lex = load_lexicons()
    x, sc = _score({"id": "t1", "persons": [{"name": "رضا کریمی"}],
                    "quotes": [{"speaker": "رضا کریمی", "snippet": "ساخت خانه‌های روستایی ادامه دارد"}]})
    quotes = [h for h in sc.hits if h[0] == "quotes"]
    assert quotes == [("quotes", x.quotes[0].evidence.confidence, "rule:speech-verb-direct", True)]
    if "rule:speech-verb-direct" in lex.confidence:  # the table, when shipped, is what the graph states
        assert x.quotes[0].evidence.confidence == lex.confidence["rule:speech-verb-direct"]
    posts = [h for h in sc.hits if h[0] == "posts"]
    assert posts and not any(ok for *_, ok in posts)  # the gold lists no post: the stated one is wrong


def test_eval_calibration_bands_count_right_and_wrong_facts():
    _, right = _score({"id": "t1", "persons": [{"name": "رضا کریمی"}],
                       "quotes": [{"speaker": "رضا کریمی", "snippet": "ساخت خانه‌های روستایی ادامه دارد"}]})
    _, wrong = _score({"id": "t1", "persons": [{"name": "رضا کریمی"}],
                       "quotes": [{"speaker": "رضا کریمی", "snippet": "هیچ‌کدام از این کلمات در متن نیست"}]})
    total = EvalReport(articles=[right, wrong]).calibration()
    rows = [v for k, v in total.items() if k != "≥ 0.8"]
    assert sum(r["facts"] for r in rows) == len(right.hits) + len(wrong.hits)
    assert sum(r["correct"] for r in rows) == sum(ok for *_, ok in right.hits + wrong.hits)
