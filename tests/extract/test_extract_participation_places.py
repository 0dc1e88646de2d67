"""Participation in every common phrasing, places named after «استان/شهر/شهرستان», and organization boundaries
at verbs and objects. Sentences and names are invented."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.types import Article, Extraction


def _ex(text: str) -> Extraction:
    return extract(Article("t", text))


def _names(ex: Extraction, kind: str) -> list[str]:
    return [e.name for e in ex.entities if e.kind == kind]


def _rels(ex: Extraction, label: str) -> set[tuple[str, str]]:
    name = {e.id: e.name for e in ex.entities}
    return {(name[r.head], name[r.tail]) for r in ex.relations if r.label == label}


def test_extract_speaker_needs_to_be_at_the_event() -> None:
    at = _ex("کامران نوروزی امروز در همایش سالانه کارآفرینان اظهار داشت: تولید باید رونق بگیرد.")
    assert any(p == "کامران نوروزی" for _, p in _rels(at, "pv:speaker"))
    about = _ex("کامران نوروزی درباره نحوه ثبت‌نام برای شرکت در همایش سالانه کارآفرینان اظهار داشت: ثبت‌نام "
                "اینترنتی است.")
    assert not _rels(about, "pv:speaker") and not _rels(about, "schema:attendee")


def test_extract_speak_cue_makes_the_subject_a_speaker() -> None:
    ex = _ex("مراسم بزرگداشت روز معلم دیروز در تالار شهر برگزار شد. کامران نوروزی در این مراسم سخنرانی کرد.")
    assert {p for _, p in _rels(ex, "pv:speaker")} == {"کامران نوروزی"}


def test_extract_honorees_after_the_honouring_noun() -> None:
    ex = _ex("آیین بزرگداشت روز پرستار دیروز در بیمارستان شهر برگزار شد. در این آیین با حضور فرماندار، از "
             "کامران نوروزی و مریم صالحی تجلیل شد.")
    assert {"کامران نوروزی", "مریم صالحی"} <= {p for _, p in _rels(ex, "pv:honoree")}
    ex2 = _ex("جشنواره کتاب سال با تجلیل از رضا مرادی و سارا کیانی به کار خود پایان داد.")
    assert {p for _, p in _rels(ex2, "pv:honoree")} == {"رضا مرادی", "سارا کیانی"}


def test_extract_organization_attendee_and_organizer() -> None:
    ex = _ex("همایش ملی آب با حضور وزارت نیرو و کامران نوروزی توسط دانشگاه تهران برگزار شد.")
    attendees = {p for _, p in _rels(ex, "schema:attendee")}
    assert {"وزارت نیرو", "کامران نوروزی"} <= attendees
    assert {o for _, o in _rels(ex, "schema:organizer")} == {"دانشگاه تهران"}


def test_extract_attend_cue_skips_names_inside_places() -> None:
    ex = _ex("این آیین با حضور هزار نفر از خادمان در شبستان مریم صالحی برگزار می‌شود.")
    assert not _rels(ex, "schema:attendee")


def test_extract_meeting_with_a_quoted_name() -> None:
    ex = _ex('رضا مرادی در دیدار با "کامران نوروزی" اظهار داشت: همکاری ادامه دارد.')
    assert "کامران نوروزی" in {p for _, p in _rels(ex, "schema:attendee")}


@pytest.mark.parametrize(("text", "place"), [
    ("جلسه شورا در شهرستان ملکشاهی برگزار شد.", "شهرستان ملکشاهی"),
    ("مدیرکل بهزیستی استان یزد گفت: طرح اجرا می‌شود.", "استان یزد"),
])
def test_extract_places_with_their_prefix(text: str, place: str) -> None:
    assert place in _names(_ex(text), "Place")


@pytest.mark.parametrize("text", [
    "عدد قابل توجهی به استان تخصیص پیدا کرده است.",
    "مهم‌ترین جاذبه‌های این استان عبارتند از بازار و موزه.",
    "در سطح استان داریم برنامه‌ریزی می‌کنیم.",
])
def test_extract_no_place_from_a_clause_after_the_prefix(text: str) -> None:
    assert not _names(_ex(text), "Place")


def test_extract_place_inside_an_event_name_keeps_the_event() -> None:
    ex = _ex("رضا مرادی امروز در نشست ماهانه شهرداران استان مازندران اظهار کرد: بودجه کافی نیست.")
    assert _names(ex, "Event") and "مازندران" in _names(ex, "Place")


@pytest.mark.parametrize(("text", "bad"), [
    ("پس از این امر مجلس ایرادی را بر آیین‌نامه گرفت.", "مجلس ایرادی"),
    ("اگر حملات تیم ادامه پیدا می‌کرد بهتر نتیجه می‌گرفتیم.", "تیم ادامه"),
    ("این شرکت جریمه مربوط را پرداخت کرده است.", "شرکت جریمه مربوط"),
    ("دولت موظف است لایحه را تقدیم کند.", "دولت"),
])
def test_extract_org_chain_stops_at_objects_and_verbs(text: str, bad: str) -> None:
    assert not any(n.startswith(bad) for n in _names(_ex(text), "Organization"))


def test_extract_org_bare_scope_word_dropped_but_ministry_kept() -> None:
    names = _names(_ex("فعالیت پایگاه‌های جمعیت هلال‌احمر استان از امروز آغاز شد و وزارت کشور نیز اعلام کرد."),
                   "Organization")
    assert "جمعیت هلال‌احمر" in names and "وزارت کشور" in names


def test_extract_everyone_listed_before_a_presence_verb_attended() -> None:
    ex = _ex("نشست هم‌اندیشی مدیران صنعت دیروز برگزار شد. در این نشست که رضا مرادی، سارا کیانی و کامران نوروزی "
             "حضور داشتند، درباره صادرات گفت‌وگو شد.")
    assert {"رضا مرادی", "سارا کیانی", "کامران نوروزی"} <= {p for _, p in _rels(ex, "schema:attendee")}


def test_extract_event_name_keeps_compound_ordinal_and_drops_an_indefinite() -> None:
    ex = _ex("بیست و هفتمین جشنواره کتاب دانشجویی دیروز آغاز شد. رضا مرادی در هشتمین همایش فصلی ناشران گزارشی "
             "ارائه کرد.")
    names = _names(ex, "Event")
    assert "بیست و هفتمین جشنواره کتاب دانشجویی" in names
    assert "هشتمین همایش فصلی ناشران" in names
