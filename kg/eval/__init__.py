"""Evaluation against hand-annotated gold articles (``kg eval``).

gold.py (load/validate GOLD_FORMAT files) → predict.py (the system's facts, read from the graph with SPARQL) →
match.py (folded name matching) → score.py (one-to-one alignment, tp/fp/fn per fact type) → run.py (evaluate).
"""

from kg.eval.gold import Gold, GoldError, load_gold, load_gold_set, parse_gold
from kg.eval.match import fold, name_match, phrase_match
from kg.eval.predict import SysFacts, find_article_graphs, predict
from kg.eval.run import DEFAULT_CORPUS, EvalReport, apply_transform, evaluate
from kg.eval.score import FACT_TYPES, ArticleScore, Counts, score_article

__all__ = [
    "DEFAULT_CORPUS",
    "FACT_TYPES",
    "ArticleScore",
    "Counts",
    "EvalReport",
    "Gold",
    "GoldError",
    "SysFacts",
    "apply_transform",
    "evaluate",
    "find_article_graphs",
    "fold",
    "load_gold",
    "load_gold_set",
    "name_match",
    "parse_gold",
    "phrase_match",
    "predict",
    "score_article",
]
