"""Two small hand-made Extractions about fictional people, for tests, docs and benchmarks of the graph layer.

They exercise every part of the mapping (honorifics, alt labels, posts with and without flags, nested units,
speakers, honorees, an occasion, a place, quotations, publisher and citation) without needing the extractor.
"""

from __future__ import annotations

import datetime as dt

from kg.types import Article, Doc, Entity, Evidence, Extraction, Post, Quote, Relation

__all__ = ["sample_extractions"]

_TEXT_1 = (
    "به گزارش خبرگزاری پیام به نقل از وزارت نیرو، همایش سالانه انرژی به مناسبت هفته انرژی با حضور دکتر مریم کاظمی‌فر، "
    "وزیر نیرو، و سرهنگ بهرام نیک‌پور، فرمانده یگان حفاظت وزارت نیرو، در تبریز برگزار شد.\n"
    "کاظمی‌فر در این همایش گفت: آب و برق حق همه مردم است.\n"
    "نیک‌پور نیز گفت: امنیت نیروگاه‌ها اولویت ماست.\n"
    "اداره حراست یگان حفاظت نیز گزارشی ارائه کرد.\n"
    "در پایان از علی رستگار، معاون سابق وزیر نیرو، تقدیر شد."
)
_TEXT_2 = (
    "به گزارش خبرگزاری پیام، نشست شورای آب با حضور مریم کاظمی‌فر و علی رستگار برگزار شد.\n"
    "رستگار در این نشست گفت: بحران آب جدی است."
)


def _doc(article: Article) -> Doc:
    n = len(article.text)
    return Doc(article.id, article.text, article.text, tuple(range(n + 1)), (), ())


def _ev(text: str, needle: str, conf: float, rule: str) -> Evidence:
    """Evidence for the line of ``text`` that contains ``needle``."""
    i = text.index(needle)
    start = text.rfind("\n", 0, i) + 1
    end = text.find("\n", i)
    end = len(text) if end < 0 else end
    return Evidence(start, end, text[start:end], conf, rule)


def _span(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


def sample_extractions() -> tuple[Extraction, Extraction]:
    """Two articles sharing two people; the first holds nearly every kind of fact."""
    t = _TEXT_1
    a1 = Article("sample-1", t, title="همایش سالانه انرژی", url="https://example.org/news/1?a=1&b=<2>",
                 published=dt.date(2024, 5, 3), source="sample")
    ents = (
        Entity("p1", "Person", "مریم کاظمی‌فر", "مریم کاظمی‌فر",
               alt_labels=("کاظمی‌فر", "دکتر مریم کاظمی‌فر", "مریم کاظمی فر"), honorifics=("دکتر",)),
        Entity("p2", "Person", "بهرام نیک‌پور", "بهرام نیک‌پور", alt_labels=("نیک‌پور",), honorifics=("سرهنگ",)),
        Entity("p3", "Person", "علی رستگار", "علی رستگار", alt_labels=("رستگار",)),
        Entity("o1", "Organization", "وزارت نیرو", "وزارت نیرو"),
        Entity("o2", "Organization", "یگان حفاظت وزارت نیرو", "یگان حفاظت وزارت نیرو"),
        Entity("o3", "Organization", "خبرگزاری پیام", "خبرگزاری پیام"),
        Entity("o4", "Organization", "اداره حراست یگان حفاظت", "اداره حراست یگان حفاظت"),
        Entity("e1", "Event", "همایش سالانه انرژی", "همایش سالانه انرژی", event_kind="همایش",
               date=dt.date(2024, 5, 2)),
        Entity("e2", "Event", "هفته انرژی", "هفته انرژی", event_kind="هفته"),
        Entity("l1", "Place", "تبریز", "تبریز"),
    )
    first = _ev(t, "همایش سالانه", 0.9, "rule:appositive-role")
    posts = (
        Post("p1", "وزیر", "o1", first),
        Post("p2", "فرمانده", "o2", _ev(t, "سرهنگ", 0.85, "rule:appositive-role")),
        Post("p3", "معاون وزیر", "o1", _ev(t, "رستگار", 0.8, "rule:appositive-role"), former=True),
    )
    rels = (
        Relation("e1", "pv:speaker", "p1", _ev(t, "کاظمی‌فر در", 0.9, "rule:speech-at-event")),
        Relation("e1", "pv:speaker", "p2", _ev(t, "نیک‌پور نیز", 0.8, "rule:speech-at-event")),
        Relation("e1", "schema:attendee", "p1", _ev(t, "همایش سالانه", 0.7, "rule:with-presence")),
        Relation("e1", "pv:honoree", "p3", _ev(t, "تقدیر", 0.75, "rule:honoured")),
        Relation("e1", "schema:organizer", "o1", _ev(t, "همایش سالانه", 0.6, "rule:cited-organizer")),
        Relation("e1", "pv:occasion", "e2", _ev(t, "به مناسبت", 0.9, "rule:on-occasion")),
        Relation("e1", "schema:location", "l1", _ev(t, "تبریز", 0.7, "rule:held-in")),
        Relation("o2", "org:subOrganizationOf", "o1", _ev(t, "یگان حفاظت", 0.8, "rule:org-genitive")),
        Relation("o4", "org:subOrganizationOf", "o2", _ev(t, "اداره حراست", 0.8, "rule:org-genitive")),
        # the same fact twice: the graph keeps the better evidence
        Relation("o2", "org:subOrganizationOf", "o1", _ev(t, "همایش سالانه", 0.5, "rule:org-genitive")),
    )
    said1, said2 = "آب و برق حق همه مردم است.", "امنیت نیروگاه‌ها اولویت ماست."
    quotes = (
        Quote("q1", "p1", said1, _span(t, said1), _span(t, "گفت"), "direct",
              _ev(t, said1, 0.9, "rule:direct-quote"), event="e1"),
        Quote("q2", "p2", said2, _span(t, said2), _span(t, "نیز گفت"), "direct",
              _ev(t, said2, 0.85, "rule:direct-quote"), event="e1"),
        Quote("q3", None, "گزارشی", _span(t, "گزارشی"), _span(t, "ارائه"), "indirect",
              _ev(t, "گزارشی", 0.3, "rule:indirect-quote")),
    )
    ex1 = Extraction(a1, _doc(a1), entities=ents, posts=posts, relations=rels, quotes=quotes,
                     publisher="o3", citations=("o1",))

    t = _TEXT_2
    a2 = Article("sample-2", t, published=dt.date(2024, 6, 1), source="sample")
    ents2 = (
        Entity("p1", "Person", "مریم کاظمی‌فر", "مریم کاظمی‌فر", alt_labels=("کاظمی‌فر",)),
        Entity("p3", "Person", "علی رستگار", "علی رستگار", alt_labels=("رستگار",)),
        Entity("o3", "Organization", "خبرگزاری پیام", "خبرگزاری پیام"),
        Entity("e3", "Event", "نشست شورای آب", "نشست شورای آب", event_kind="نشست"),
    )
    said3 = "بحران آب جدی است."
    ex2 = Extraction(
        a2, _doc(a2), entities=ents2,
        relations=(
            Relation("e3", "schema:attendee", "p1", _ev(t, "نشست شورای", 0.7, "rule:with-presence")),
            Relation("e3", "pv:speaker", "p3", _ev(t, "رستگار در", 0.8, "rule:speech-at-event")),
        ),
        quotes=(Quote("q1", "p3", said3, _span(t, said3), _span(t, "گفت"), "direct",
                      _ev(t, said3, 0.9, "rule:direct-quote"), event="e3"),),
        publisher="o3",
    )
    return ex1, ex2
