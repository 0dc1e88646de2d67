"""Hand-written articles (fictional people, tests/data/articles): each post order, former/acting, coreference,
speech verbs, a named event with its occasion, date and place, nested units."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract import extract
from kg.text import name_key
from kg.types import Extraction


@pytest.fixture(scope="module")
def get(lexicons, data_dir, read_article):
    cache: dict[str, Extraction] = {}

    def get_(name: str) -> Extraction:
        if name not in cache:
            cache[name] = extract(read_article(data_dir / "articles" / f"{name}.txt"), lexicons)
        return cache[name]

    return get_


def _name(x: Extraction, eid: str | None) -> str | None:
    return x.entity(eid).name if eid else None


def _post_set(x: Extraction) -> set[tuple]:
    return {(name_key(_name(x, p.person)), p.role, name_key(_name(x, p.org) or ""), p.former, p.acting)
            for p in x.posts}


@pytest.mark.parametrize(
    ("article", "person", "role", "org", "former", "acting"),
    [
        # NAME، ROLE ORG (implied organization with its province)
        ("appositive_coref", "رضا کاظمیان", "مدیرکل", "اداره کل ورزش و جوانان استان یزد", False, False),
        # ROLE ORG، NAME
        ("role_first", "بهمن نوروزیان", "وزیر", "وزارت کشور", False, False),
        # ROLE ORG TITLE NAME (no comma)
        ("role_first", "بهروز نیک‌پرور", "رئیس", "دانشگاه تبریز", False, False),
        # acting: سرپرست
        ("former_acting", "جواد کریمیان", "سرپرست", "شهرداری شیراز", False, True),
        # former between the role and its complement: «استاندار پیشین کرمان»
        ("former_acting", "حمید سلطانیان", "استاندار", "استانداری کرمان", True, False),
        # NAME ROLE ORG سابق (no comma, former after the organization)
        ("former_acting", "کامران صدری", "وزیر", "وزارت نفت", True, False),
        # deputy minister: «معاون وزیر نیرو»
        ("event_named", "لیلا مهرآبادی", "معاون وزیر", "وزارت نیرو", False, False),
        # a unit inside a ministry
        ("nested_units", "ناصر ولدخانی", "فرمانده", "ناحیه مقاومت بسیج وزارت نیرو", False, False),
    ],
)
def test_extract_post_orders(get, article, person, role, org, former, acting):
    x = get(article)
    assert (name_key(person), role, name_key(org), former, acting) in _post_set(x)


def test_extract_role_only_and_surname_coref(get):
    x = get("appositive_coref")
    speakers = [_name(x, q.speaker) for q in x.quotes]
    # «کاظمیان افزود»، «وی … تصریح کرد»، «مدیرکل ورزش و جوانان استان یزد خاطرنشان کرد» are all the same person
    assert len(speakers) == 4 and set(speakers) == {"رضا کاظمیان"}
    people = [e for e in x.entities if e.kind == "Person"]
    assert len(people) == 1 and "کاظمیان" in people[0].alt_labels


@pytest.mark.parametrize(
    ("verb_snippet", "kind"),
    [
        ("بررسی صلاحیت‌ها از هفته آینده آغاز می‌شود", "direct"),  # خاطرنشان کرد
        ("نتایج بررسی‌ها در پایگاه اطلاع‌رسانی ستاد منتشر خواهد شد", "direct"),  # یادآور شد
        ("مشارکت مردم در انتخابات سرمایه اجتماعی نظام است", "direct"),  # ابراز داشت (after «وی»)
        ("بیش از ۵۰۰ نفر برای شوراهای شهر ثبت‌نام کرده‌اند", "indirect"),  # «به گفته وی»
    ],
)
def test_extract_speech_verbs(get, verb_snippet, kind):
    x = get("quotes_verbs")
    hits = [q for q in x.quotes if q.text == verb_snippet]
    assert hits and hits[0].kind == kind and _name(x, hits[0].speaker) == "سعید پاکزاد"


def test_extract_named_event_occasion_date_place_participation(get):
    x = get("event_named")
    ev = next(e for e in x.entities if e.kind == "Event" and e.name == "آب، زندگی، آینده")
    assert ev.event_kind == "همایش"
    assert ev.date == dt.date(2023, 11, 16)
    assert "همایش ملی مدیریت منابع آب" in ev.alt_labels
    rel = {(r.label, _name(x, r.tail)) for r in x.relations if r.head == ev.id}
    assert ("pv:occasion", "هفته منابع طبیعی") in rel
    assert ("schema:location", "اصفهان") in rel
    assert {("schema:attendee", "فرهاد تقوی‌نیا"), ("schema:attendee", "لیلا مهرآبادی")} <= rel
    assert {("pv:speaker", "فرهاد تقوی‌نیا"), ("pv:speaker", "لیلا مهرآبادی")} <= rel
    assert ("pv:honoree", "مرتضی فتاحی") in rel
    assert all(q.event == ev.id for q in x.quotes)


def test_extract_nested_unit_and_ministry_anaphor(get):
    x = get("nested_units")
    unit = next(e for e in x.entities if e.name == "ناحیه مقاومت بسیج وزارت نیرو")
    ministry = next(e for e in x.entities if e.name == "وزارت نیرو")
    assert any(r.head == unit.id and r.label == "org:subOrganizationOf" and r.tail == ministry.id
               for r in x.relations)
    # «بسیج وزارتخانه»: the bare «وزارتخانه» refers back to the ministry
    ana = [m for m in x.mentions if m.text == "وزارتخانه"]
    assert ana and x.mention_of.get(ana[0].id) == ministry.id


def test_extract_publishers(get):
    names = {a: _name(x, x.publisher) for a in ("appositive_coref", "role_first", "former_acting", "quotes_verbs")
             for x in [get(a)]}
    assert names == {"appositive_coref": "خبرگزاری ایرنا", "role_first": "خبرگزاری مهر",
                     "former_acting": "خبرگزاری تسنیم", "quotes_verbs": "خبرگزاری ایسنا"}


def test_extract_appointment_list(get):
    """«اسامی رؤسای ادارات … استان‌ها به شرح زیر است:» then «استان X: NAME (…)» lines."""
    posts = _post_set(get("appointment_list"))
    assert (name_key("کیوان طاهرخانی"), "رئیس", name_key("اداره ثبت اسناد استان گیلان"), False, False) in posts
    assert (name_key("نسرین پاک‌نهاد"), "رئیس", name_key("اداره ثبت اسناد استان همدان"), False, False) in posts
    # the parenthesized apposition is a post too, in the province's administration
    assert (name_key("کیوان طاهرخانی"), "معاون اداری", name_key("استانداری گیلان"), False, False) in posts


def test_extract_role_named_later(get):
    """A role speaks in the lead, the body names the person: the post, all quotes and «وی» go to that person."""
    x = get("role_named_later")
    assert (name_key("منوچهر صدیق‌پور"), "مدیرعامل", name_key("شرکت واحد اتوبوسرانی شهر تبریز"), False,
            False) in _post_set(x)
    assert [_name(x, q.speaker) for q in x.quotes] == ["منوچهر صدیق‌پور"] * 4


def test_extract_meeting_quoted_foreign_name(get):
    """«دکتر "ماریو لوپز"، رئیس …، در دیدار با X … اظهار داشت»: quoted name, post, both take part, one speaks."""
    x = get("meeting_quoted_name")
    lopez = next(e for e in x.entities if e.kind == "Person" and e.name == "ماریو لوپز")
    assert lopez.honorifics == ("دکتر",)
    assert (name_key("ماریو لوپز"), "رئیس", name_key("دانشگاه لیما"), False, False) in _post_set(x)
    meeting = next(e for e in x.entities if e.kind == "Event" and e.event_kind == "دیدار")
    rel = {(r.label, _name(x, r.tail)) for r in x.relations if r.head == meeting.id}
    want = {("pv:speaker", "ماریو لوپز"), ("schema:attendee", "ماریو لوپز"), ("schema:attendee", "علیرضا نیک‌بخت")}
    assert want <= rel
    assert [_name(x, q.speaker) for q in x.quotes] == ["ماریو لوپز", "ماریو لوپز"]
