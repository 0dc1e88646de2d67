"""kg eval reads what the real graph builder writes: the graph layer's sample extraction, built and scored."""

from __future__ import annotations

import pytest

from kg.eval import parse_gold, predict, score_article
from kg.eval.predict import find_article_graphs

sample = pytest.importorskip("kg.graph.sample")
graph = pytest.importorskip("kg.graph")

# What the sample's first (fictional) article states, written as a gold file would.
GOLD = {
    "id": "sample-1",
    "persons": [
        {"name": "مریم کاظمی‌فر", "alt": [], "honorifics": ["دکتر"]},
        {"name": "بهرام نیک‌پور", "alt": [], "honorifics": ["سرهنگ"]},
        {"name": "علی رستگار", "alt": [], "honorifics": []},
    ],
    "organizations": [{"name": n} for n in ("وزارت نیرو", "یگان حفاظت وزارت نیرو", "خبرگزاری پیام",
                                            "اداره حراست یگان حفاظت")],
    "places": ["تبریز"],
    "events": [{"name": "همایش سالانه انرژی"}, {"name": "هفته انرژی"}],
    "posts": [
        {"person": "مریم کاظمی‌فر", "role": "وزیر", "org": "وزارت نیرو"},
        {"person": "بهرام نیک‌پور", "role": "فرمانده", "org": "یگان حفاظت وزارت نیرو"},
        {"person": "علی رستگار", "role": "معاون وزیر", "org": "وزارت نیرو", "former": True},
    ],
    "participation": [
        {"person": "مریم کاظمی‌فر", "event": "همایش سالانه انرژی", "how": "speaker"},
        {"person": "بهرام نیک‌پور", "event": "همایش سالانه انرژی", "how": "speaker"},
        {"person": "علی رستگار", "event": "همایش سالانه انرژی", "how": "honoree"},
    ],
    "quotes": [
        {"speaker": "مریم کاظمی‌فر", "snippet": "آب و برق حق همه مردم است"},
        {"speaker": "بهرام نیک‌پور", "snippet": "امنیت نیروگاه‌ها اولویت ماست"},
    ],
    "suborganizations": [
        {"child": "یگان حفاظت وزارت نیرو", "parent": "وزارت نیرو"},
        {"child": "اداره حراست یگان حفاظت", "parent": "یگان حفاظت وزارت نیرو"},
    ],
}


def test_builder_sample_scores_perfectly():
    ds = graph.build_dataset(sample.sample_extractions())
    found = {ag.identifiers: ag.graph for ag in find_article_graphs(ds)}
    assert set(found) == {("sample-1",), ("sample-2",)}
    sc = score_article(parse_gold(GOLD), predict(ds, found[("sample-1",)]))
    for kind, c in sc.counts.items():
        assert (c.fp, c.fn) == (0, 0), (kind, sc.fp[kind], sc.fn[kind])
    assert sc.counts["posts"].tp == 3 and sc.counts["quotes"].tp == 2 and sc.counts["participation"].tp == 3


def test_builder_evaluate_builds_each_article_after_its_transform(tmp_path, monkeypatch):
    """Build mode: every gold article goes through kg.extract.extract (faked here) and kg.graph.build_dataset."""
    import dataclasses
    import json

    import kg.extract

    seen: list[str] = []
    ex1 = sample.sample_extractions()[0]

    def fake_extract(article):
        seen.append(article.text)
        return dataclasses.replace(ex1, article=dataclasses.replace(ex1.article, id=article.id))

    monkeypatch.setattr(kg.extract, "extract", fake_extract, raising=False)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "sample-1", "title": "همایش سالانه", "paragraphs": ["نیک‌پور گفت"]},
                                 ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "a.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "gold" / "b.json").write_text(json.dumps({**GOLD, "transform": "strip_zwnj"}, ensure_ascii=False),
                                              encoding="utf-8")
    from kg.eval import evaluate

    report = evaluate([tmp_path / "gold"], corpus=corpus)
    assert [a.id for a in report.articles] == ["sample-1", "sample-1+strip_zwnj"]
    assert all(a.error is None for a in report.articles)
    assert "\u200c" in seen[0] and "\u200c" not in seen[1]
    assert report.totals["posts"].tp == 6 and report.totals["posts"].f1 == 1.0
