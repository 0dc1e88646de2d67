"""The real gold set (tests/gold) against the Fars corpus in ../shared: valid annotations, and `kg eval` end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.eval import apply_transform, load_gold_set
from kg.eval.match import text_contains
from kg.eval.run import load_corpus

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "gold"
CORPUS = ROOT / ".." / "shared" / "corpus" / "fars-news" / "fars-news.jsonl"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/corpus/fars-news (the Fars corpus)"),
]


@pytest.fixture(scope="module")
def golds_and_articles():
    golds = load_gold_set([GOLD])
    return golds, load_corpus(CORPUS, {g.id for g in golds})


def test_real_gold_set_size(golds_and_articles):
    golds, articles = golds_and_articles
    assert len({g.id for g in golds}) >= 12
    assert any(g.transform == "strip_zwnj" for g in golds)
    assert {g.id for g in golds} <= set(articles), "every gold file names a corpus article"


def test_real_gold_snippets_are_copied_from_the_article(golds_and_articles):
    golds, articles = golds_and_articles
    bad = [(g.label, q.snippet) for g in golds for q in g.quotes if q.snippet not in articles[g.id].text]
    assert not bad


def test_real_gold_person_names_occur_in_the_article(golds_and_articles):
    """Canonical names drop titles and may fix spacing, but (folded) they are in the text, or one of the alts is.

    (Organizations may be implied, e.g. «استانداری» under a line naming the province, so only persons are checked.)
    """
    golds, articles = golds_and_articles
    bad = [(g.label, p.name) for g in golds for p in g.persons
           if not p.religious_figure and not any(text_contains(articles[g.id].text, n) for n in p.names)]
    assert not bad


def test_real_strip_zwnj_variant_has_no_zwnj(golds_and_articles):
    golds, articles = golds_and_articles
    for g in golds:
        if g.transform:
            text = apply_transform(articles[g.id], g.transform).text
            assert "\u200c" not in text and "\u200c" in articles[g.id].text


def _pipeline_ready() -> bool:
    try:
        from kg.extract import extract  # noqa: F401
        from kg.graph import build_dataset  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.skipif(not _pipeline_ready(), reason="kg.extract.extract is not written yet")
def test_real_kg_eval_end_to_end():
    proc = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "eval", str(GOLD), "--corpus",
                           str(CORPUS), "--json", "--details"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["articles"] == len(load_gold_set([GOLD]))
    assert set(report["totals"]) >= {"persons", "organizations", "events", "posts", "participation", "quotes",
                                      "suborganizations"}
    errors = [a["error"] for a in report["per_article"] if a["error"]]
    assert not errors
    assert report["totals"]["persons"]["tp"] > 0
