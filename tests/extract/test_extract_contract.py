"""Invariants of every Extraction: evidence as written, offsets into the original text, contract labels,
determinism, statistical taggers merged with rules; and no crash on real Fars articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import MentionFinder, extract
from kg.io import read_articles
from kg.types import Article, Doc, Extraction, Mention

LABELS = {"org:memberOf", "org:subOrganizationOf", "schema:attendee", "pv:speaker", "pv:honoree",
          "schema:organizer", "pv:occasion", "schema:location"}


def check(x: Extraction) -> None:
    raw = x.doc.raw
    ids = {e.id for e in x.entities}
    for m in x.mentions:
        assert raw[m.start : m.end] == m.text
    for ev in [p.evidence for p in x.posts] + [r.evidence for r in x.relations] + [q.evidence for q in x.quotes]:
        assert raw[ev.start : ev.end] == ev.text and 0.0 <= ev.confidence <= 1.0 and ev.rule
    for p in x.posts:
        assert p.person in ids and (p.org is None or p.org in ids) and p.role
    for r in x.relations:
        assert r.label in LABELS and r.head in ids and r.tail in ids
        if r.label in ("pv:speaker", "pv:honoree"):
            assert any(o.head == r.head and o.label == "schema:attendee" and o.tail == r.tail for o in x.relations)
    for q in x.quotes:
        assert q.speaker in ids and raw[q.content[0] : q.content[1]] == q.text
    assert set(x.mention_of.values()) <= ids
    for e in x.entities:
        assert e.name and e.key and "\u200c" not in e.key
        if e.kind == "Person":
            assert not any(e.name.startswith(h + " ") for h in e.honorifics)


ARTICLES = sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "data" / "articles").glob("*.txt"))


@pytest.mark.parametrize("name", ARTICLES)
def test_extract_invariants_and_determinism(lexicons, data_dir, read_article, name):
    a = read_article(data_dir / "articles" / f"{name}.txt")
    x1, x2 = extract(a, lexicons), extract(a, lexicons)
    check(x1)
    assert (x1.entities, x1.posts, x1.relations, x1.quotes) == (x2.entities, x2.posts, x2.relations, x2.quotes)


class _FakeNer:
    """A statistical tagger stand-in: tags one span PER (agreeing with the rules) and one new ORG."""

    def find(self, doc: Doc) -> list[Mention]:
        out = []
        for name, label in (("بهمن نوروزیان", "PER"), ("شوراها", "ORG")):
            i = doc.raw.find(name)
            out.append(Mention(id=f"n{i}", start=i, end=i + len(name), text=name, label=label, norm=name,
                               key=name.replace(" ", ""), rule="ner:fake", score=0.7, source="ner:fake"))
        return out


def test_extract_merges_statistical_mentions(lexicons, data_dir, read_article):
    a = read_article(data_dir / "articles" / "role_first.txt")
    tagger = _FakeNer()
    assert isinstance(tagger, MentionFinder)
    x = extract(a, lexicons, taggers=[tagger])
    check(x)
    per = [m for m in x.mentions if m.text == "بهمن نوروزیان"]
    assert len(per) == 1 and per[0].rule.startswith("ner:fake+rule:")
    assert any(m.text == "شوراها" and m.source == "ner:fake" for m in x.mentions)


@pytest.mark.parametrize("text", ["", "\n\n", "«", "گفت:", "به گزارش", "وزیر", "سید", "با حضور و", "a b c 1 2 3"])
def test_extract_degenerate_input(lexicons, text):
    x = extract(Article(id="t", text=text), lexicons)
    check(x)


@pytest.mark.shared
def test_extract_real_fars_articles(lexicons, shared_dir):
    corpus = shared_dir / "corpus" / "fars-news" / "fars-news.jsonl"
    if not corpus.exists():
        pytest.skip(f"needs the Fars corpus at {corpus} (../shared beside the repository)")
    arts = [a for a in read_articles([corpus]) if isinstance(a, Article)][::15]
    n_posts = n_quotes = 0
    for a in arts:
        x = extract(a, lexicons)
        check(x)
        n_posts += len(x.posts)
        n_quotes += len(x.quotes)
    assert n_quotes > len(arts) and n_posts > len(arts) // 4
