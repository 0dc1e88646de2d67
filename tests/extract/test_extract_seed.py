"""The seed article (Mehr News, 2025-11-29): the facts the issue lists, asserted through the fact model."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract import extract
from kg.text import name_key
from kg.types import Extraction


@pytest.fixture(scope="module")
def seed(lexicons, data_dir, read_article) -> Extraction:
    return extract(read_article(data_dir / "seed.txt"), lexicons)


def _ent(x: Extraction, kind: str, name: str):
    """The entity of ``kind`` whose name or an alt label has the identity key of ``name``."""
    k = name_key(name)
    hits = [e for e in x.entities if e.kind == kind and (e.key == k or k in {name_key(a) for a in e.alt_labels})]
    assert hits, f"no {kind} {name!r} in {[e.name for e in x.entities if e.kind == kind]}"
    return hits[0]


def _rel(x: Extraction, head: str, label: str, tail: str) -> bool:
    return any(r.head == head and r.label == label and r.tail == tail for r in x.relations)


def _posts(x: Extraction, person_id: str) -> list[tuple[str, str | None]]:
    return [(p.role, x.entity(p.org).name if p.org else None) for p in x.posts if p.person == person_id]


def test_extract_seed_minister_holds_post_in_ict_ministry(seed):
    hashemi = _ent(seed, "Person", "ستار هاشمی")
    assert hashemi.honorifics == ("سید",) and "سید" not in hashemi.name
    assert ("وزیر", "وزارت ارتباطات و فناوری اطلاعات") in _posts(seed, hashemi.id)


def test_extract_seed_commander_keeps_rank_as_honorific(seed):
    h = _ent(seed, "Person", "حسن حسن‌زاده")
    assert "سردار" in h.honorifics and "سردار" not in h.name
    roles = _posts(seed, h.id)
    assert any(role == "فرمانده" and org and "سپاه" in org and "تهران بزرگ" in org for role, org in roles)


def test_extract_seed_basij_centre_is_unit_of_ministry(seed):
    q = _ent(seed, "Person", "قدرتی‌زاده")
    centre = _ent(seed, "Organization", "مرکز مقاومت بسیج وزارت ارتباطات")
    ministry = _ent(seed, "Organization", "وزارت ارتباطات و فناوری اطلاعات")
    assert ("فرمانده", centre.name) in _posts(seed, q.id)
    assert _rel(seed, centre.id, "org:subOrganizationOf", ministry.id)


def test_extract_seed_deputy_minister_was_honoured(seed):
    omidi = _ent(seed, "Person", "غلامرضا امیدی")
    event = _ent(seed, "Event", "فاتحان بیت‌المقدس ۳")
    assert ("معاون وزیر", "وزارت ارتباطات و فناوری اطلاعات") in _posts(seed, omidi.id)
    assert _rel(seed, event.id, "pv:honoree", omidi.id)
    assert _rel(seed, event.id, "schema:attendee", omidi.id)


def test_extract_seed_gathering_occasion_attendees_speakers(seed):
    event = _ent(seed, "Event", "فاتحان بیت‌المقدس ۳")
    week = _ent(seed, "Event", "هفته بسیج")
    assert event.event_kind == "تجمع"
    assert _rel(seed, event.id, "pv:occasion", week.id)
    for name in ("ستار هاشمی", "حسن حسن‌زاده"):
        p = _ent(seed, "Person", name)
        assert _rel(seed, event.id, "schema:attendee", p.id)
        assert _rel(seed, event.id, "pv:speaker", p.id)


def test_extract_seed_statements_are_attributed(seed):
    by = {seed.entity(q.speaker).key for q in seed.quotes if q.speaker}
    assert {name_key("ستار هاشمی"), name_key("حسن حسن‌زاده")} <= by
    raw = seed.doc.raw
    texts = {q.text for q in seed.quotes}
    assert any(t.startswith("بسیج ظرفیت و فرصتی باعظمت") for t in texts)
    for q in seed.quotes:
        assert raw[q.content[0] : q.content[1]] == q.text
        assert q.evidence.text == raw[q.evidence.start : q.evidence.end]


def test_extract_seed_twelve_day_war_is_one_event(seed):
    wars = [e for e in seed.entities if e.kind == "Event" and e.event_kind == "جنگ"]
    assert len(wars) == 1
    assert {name_key(a) for a in wars[0].alt_labels} >= {name_key("جنگ ۱۲ روزه")}


def test_extract_seed_publisher_citation_date(seed):
    assert seed.publisher and seed.entity(seed.publisher).name == "خبرگزاری مهر"
    assert [seed.entity(c).name for c in seed.citations] == ["وزارت ارتباطات و فناوری اطلاعات"]
    assert seed.article.published == dt.date(2025, 11, 29)


def test_extract_seed_speakers_and_honorees_also_attend(seed):
    for r in seed.relations:
        if r.label in ("pv:speaker", "pv:honoree"):
            assert _rel(seed, r.head, "schema:attendee", r.tail), r
