"""Canonical person names get a surname's lost ZWNJ back; short names of well-known organizations share the full
name's identity. Names here are invented."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.text import name_key
from kg.text.zwnj import repair_name_zwnj
from kg.types import Article

ZWNJ = "\u200c"


@pytest.mark.parametrize(("glued", "expected"), [
    ("قدرتیزاده", "قدرتی‌زاده"),
    ("نصیریزاده", "نصیری‌زاده"),
    ("حسنپور", "حسن‌پور"),
    ("کریمینیا", "کریمی‌نیا"),
    ("رحیمیفر", "رحیمی‌فر"),
    ("موسوینژاد", "موسوی‌نژاد"),
    ("حسینیراد", "حسینی‌راد"),
])
def test_extract_name_zwnj_restores_surname_tails(glued: str, expected: str) -> None:
    assert repair_name_zwnj(glued) == expected


@pytest.mark.parametrize("word", [
    "جعفر", "غضنفر", "مظفر",  # too short a stem before ‑فر: names of their own
    "شاهزاده", "متنفر",  # frequent glued words
    "امیرزاده",  # after a non-joining letter a ZWNJ is invisible: nothing to restore
    "کاظمی", "محمدی",
])
def test_extract_name_zwnj_leaves_other_names_alone(word: str) -> None:
    assert repair_name_zwnj(word) == word


@pytest.mark.parametrize(("text", "name"), [
    ("سردار رضا نصیریزاده فرمانده سپاه استان گفت: برنامه‌ها آماده است.", "رضا نصیری‌زاده"),
    ("مهندس کامران رحیمیفر، مدیرکل راه و شهرسازی استان، گفت: جاده باز است.", "کامران رحیمی‌فر"),
    ("سرهنگ نصیریزاده در این مراسم گفت: امنیت برقرار است.", "نصیری‌زاده"),
])
def test_extract_person_label_gets_zwnj_back_key_unchanged(text: str, name: str) -> None:
    ex = extract(Article("t", text))
    persons = [e for e in ex.entities if e.kind == "Person"]
    assert [e.name for e in persons] == [name]
    assert persons[0].key == name_key(name.replace(ZWNJ, ""))  # identity never depends on the ZWNJ


@pytest.mark.parametrize(("short", "full"), [
    ("وزارت ارتباطات", "وزارت ارتباطات و فناوری اطلاعات"),
    ("وزارت خارجه", "وزارت امور خارجه"),
    ("سازمان ملل", "سازمان ملل متحد"),
    ("وزارت بهداشت درمان و آموزش پزشکی", "وزارت بهداشت، درمان و آموزش پزشکی"),
])
def test_extract_org_short_name_takes_full_identity(short: str, full: str) -> None:
    ex = extract(Article("t", f"{short} روز گذشته اعلام کرد که برنامه تازه‌ای در راه است."))
    orgs = [e for e in ex.entities if e.kind == "Organization"]
    assert len(orgs) == 1
    assert (orgs[0].name, orgs[0].key) == (full, name_key(full))
    assert short in orgs[0].alt_labels


def test_extract_org_short_and_full_in_one_article_are_one_entity() -> None:
    ex = extract(Article("t", "وزارت ارتباطات و فناوری اطلاعات طرح را آغاز کرد. سخنگوی وزارت ارتباطات گفت: "
                              "طرح تا پایان سال ادامه دارد."))
    orgs = [e for e in ex.entities if e.kind == "Organization"]
    assert [e.name for e in orgs] == ["وزارت ارتباطات و فناوری اطلاعات"]


def test_extract_org_ambiguous_short_name_is_not_aliased() -> None:
    ex = extract(Article("t", "سپاه استان فارس اعلام کرد که رزمایش برگزار می‌شود."))
    names = [e.name for e in ex.entities if e.kind == "Organization"]
    assert names and all("پاسداران" not in n for n in names)
