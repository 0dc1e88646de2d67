"""The identity rules of docs/identity.md: what merges across articles, and what stays in its article (issue 14).

Each test builds small hand-made extractions of two articles and checks which entity IRIs they share.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kg.graph.identity import _rows, entity_iris, load_rules, resolve
from kg.graph.iri import article_key
from kg.text import name_key
from kg.types import Article, Doc, Entity, Evidence, Extraction, Post

_N = 0


def _ex(*entities: Entity, posts: tuple[Post, ...] = (), published: dt.date | None = None,
        text: str = "متن خبر") -> Extraction:
    global _N
    _N += 1
    art = Article(f"t-{_N}", text, published=published)
    doc = Doc(art.id, text, text, tuple(range(len(text) + 1)), (), ())
    return Extraction(art, doc, entities=entities, posts=posts)


def _ent(eid: str, kind: str, name: str, **kw) -> Entity:
    return Entity(eid, kind, name, name_key(name), **kw)  # type: ignore[arg-type]


def _iri(ex: Extraction, eid: str = "x") -> str:
    return str(entity_iris(ex)[eid])


def _same(a: Extraction, b: Extraction, eid: str = "x") -> bool:
    return _iri(a, eid) == _iri(b, eid)


def _event(name: str, **kw) -> Entity:
    return _ent("x", "Event", name, **kw)


# -- events -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["دیدار", "نشست خبری", "جلسه", "اجتماع", "جشن", "مراسم تودیع و معارفه",
                                  "سفر رئیس جمهور به گیلان"])
def test_identity_generic_events_stay_in_their_article(name):
    day = dt.date(2008, 5, 1)
    assert not _same(_ex(_event(name), published=day), _ex(_event(name), published=day))


@pytest.mark.parametrize("name", ["جنگ تحمیلی", "انقلاب اسلامی", "انقلاب", "دفاع مقدس", "عملیات والفجر ۸"])
def test_identity_named_one_off_events_merge(name):
    assert _same(_ex(_event(name)), _ex(_event(name)))


@pytest.mark.parametrize("name", ["جنگ روانی", "جنگ نرم", "جشنواره فرهنگی", "همایش سالانه", "لیگ برتر"])
def test_identity_names_of_only_generic_words_do_not_individuate(name):
    day = dt.date(2008, 5, 1)
    assert not _same(_ex(_event(name), published=day), _ex(_event(name), published=day))


def test_identity_recurring_event_merges_by_edition_or_year():
    fajr = "سی و هفتمین جشنواره فیلم فجر"
    assert _same(_ex(_event(fajr)), _ex(_event(fajr)))  # the edition is in the name
    week = "هفته بسیج"
    y2008, y2008b, y2009 = dt.date(2008, 11, 25), dt.date(2008, 11, 27), dt.date(2009, 11, 26)
    assert _same(_ex(_event(week), published=y2008), _ex(_event(week), published=y2008b))
    assert not _same(_ex(_event(week), published=y2008), _ex(_event(week), published=y2009))
    assert _iri(_ex(_event(week), published=y2008)).endswith("/2008")
    assert _same(_ex(_event(week, date=y2008)), _ex(_event(week), published=y2008b))  # the event's own date first
    assert not _same(_ex(_event(week)), _ex(_event(week)))  # undated: one per article


def test_identity_a_day_of_the_month_is_not_an_edition():
    march = "راهپیمایی ۲۲ بهمن"
    assert not _same(_ex(_event(march)), _ex(_event(march)))
    assert _same(_ex(_event(march), published=dt.date(2009, 2, 10)), _ex(_event(march), published=dt.date(2009, 2, 11)))


def test_identity_a_title_of_its_own_is_a_named_event():
    title = "فاتحان بیت‌المقدس ۳"  # a gathering's own title, with its edition
    assert _same(_ex(_event(title, event_kind="تجمع")), _ex(_event(title, event_kind="تجمع")))


def test_identity_deictic_event_stays_in_its_article_or_takes_the_place():
    name = "مسابقات قرآن استان"
    assert not _same(_ex(_event(name)), _ex(_event(name)))
    assert _same(_ex(_event(name, place="یزد")), _ex(_event(name, place="یزد")))


# -- organizations ------------------------------------------------------------------------------------------------

def _org(name: str, eid: str = "x", **kw) -> Entity:
    return _ent(eid, "Organization", name, **kw)


def test_identity_country_dependent_org_takes_the_home_country_in_a_domestic_article():
    bare, explicit = _org("وزارت امور خارجه"), _org("وزارت امور خارجه ایران")
    assert _same(_ex(bare), _ex(bare))
    assert _same(_ex(bare), _ex(explicit))


def test_identity_country_dependent_org_stays_in_an_article_that_names_another_country():
    bare = _org("وزارت امور خارجه")
    foreign = _ex(bare, _ent("p", "Place", "آمریکا"))
    assert not _same(foreign, _ex(bare)) and not _same(foreign, _ex(bare, _ent("p", "Place", "آمریکا")))
    in_text = _ex(bare, text="سخنگوی وزارت امور خارجه به اظهارات مقامات آمریکایی پاسخ داد.")
    assert not _same(in_text, _ex(bare))


def test_identity_country_given_by_the_extractor_is_the_qualifier():
    assert _same(_ex(_org("وزارت امور خارجه", country="آمریکا")), _ex(_org("وزارت امور خارجه آمریکا")))


@pytest.mark.parametrize("name", ["مجلس شورای اسلامی", "خبرگزاری فارس", "سازمان ملل متحد", "وزارت نیروی عراق",
                                  "شورای شهر تهران", "اداره کل ورزش و جوانان استان یزد"])
def test_identity_orgs_that_write_their_place_merge(name):
    foreign = _ex(_org(name), _ent("p", "Place", "فرانسه"))
    assert _same(_ex(_org(name)), foreign)


@pytest.mark.parametrize("name", ["استانداری", "شهرداری", "اداره کل ورزش و جوانان استان", "شورای شهر",
                                  "آموزش و پرورش"])
def test_identity_place_dependent_orgs_stay_in_their_article(name):
    assert not _same(_ex(_org(name)), _ex(_org(name)))
    assert _same(_ex(_org(name, place="یزد")), _ex(_org(name, place="یزد")))


# -- persons ------------------------------------------------------------------------------------------------------

def _person(name: str, eid: str = "x", **kw) -> Entity:
    return _ent(eid, "Person", name, **kw)


def _post(role: str, org: str | None) -> Post:
    return Post("x", role, org, Evidence(0, 3, "متن", 0.9, "rule:test"))


def test_identity_full_names_merge_and_bare_surnames_do_not():
    assert _same(_ex(_person("محمود احمدی‌نژاد")), _ex(_person("محمود احمدی نژاد")))
    assert not _same(_ex(_person("احمدی")), _ex(_person("احمدی")))


def test_identity_bare_surname_merges_with_the_same_post_in_the_same_org():
    org = _org("مجلس شورای اسلامی", "o")
    a = _ex(_person("لاریجانی"), org, posts=(_post("رئیس", "o"),))
    b = _ex(_person("لاریجانی"), org, posts=(_post("رئیس", "o"),))
    c = _ex(_person("لاریجانی"), _org("قوه قضاییه", "o"), posts=(_post("رئیس", "o"),))
    d = _ex(_person("لاریجانی"), org, posts=(_post("نماینده", "o"),))
    assert _same(a, b) and not _same(a, c) and not _same(a, d)
    assert not _same(a, _ex(_person("لاریجانی")))


def test_identity_bare_surname_with_a_post_in_an_article_scoped_org_stays_in_its_article():
    org = _org("استانداری", "o")
    a = _ex(_person("احمدی"), org, posts=(_post("معاون", "o"),))
    b = _ex(_person("احمدی"), org, posts=(_post("معاون", "o"),))
    assert not _same(a, b)


def test_identity_an_individuating_title_merges_a_bare_name():
    assert _same(_ex(_person("خمینی", honorifics=("امام",))), _ex(_person("خمینی", honorifics=("حضرت", "امام"))))
    assert not _same(_ex(_person("موسوی", honorifics=("آقای",))), _ex(_person("موسوی", honorifics=("آقای",))))


# -- the rules as data --------------------------------------------------------------------------------------------

def test_identity_every_event_trigger_of_the_extractor_has_an_identity_row():
    rules = load_rules()
    from importlib import resources

    triggers = _rows(resources.files("kg").joinpath("lexicons", "event_triggers.tsv").read_text("utf-8"))
    missing = [r["form"] for r in triggers if name_key(r["form"]) not in rules.event_heads]
    assert not missing, f"add these event heads to kg/graph/identity_events.tsv: {missing}"


def test_identity_vocabularies_load_from_the_package():
    rules = load_rules()
    assert rules.home == "ایران" and "امام" in rules.honorifics and rules.countries and rules.months
    assert set(rules.org_heads.values()) == {"country", "place", "unit", "host", "sport"}


def test_identity_resolve_names_its_rule_and_scope():
    ex = _ex(_event("دیدار"), _org("خبرگزاری فارس", "o"))
    ids = resolve(ex, article_key(ex.article))
    assert (ids["x"].scope, ids["x"].reason) == ("article", "event-per-article")
    assert ids["x"].qualifiers == ("in", article_key(ex.article))
    assert (ids["o"].scope, ids["o"].reason) == ("global", "org-known")


def test_identity_a_generic_meeting_no_longer_pairs_people_of_different_articles():
    """The issue's false link: two people "at the same «دیدار»" because two articles each mention a meeting."""
    from kg.graph import build_dataset
    from kg.store import result_rows, run_query
    from kg.types import Relation

    ev = Evidence(0, 3, "متن", 0.9, "rule:test")

    def meeting(person: str) -> Extraction:
        ex = _ex(_event("دیدار"), _person(person, "p"), published=dt.date(2008, 5, 1))
        return dataclasses.replace(ex, relations=(Relation("x", "schema:attendee", "p", ev),))

    ds = build_dataset([meeting("علی رستگار"), meeting("مریم کاظمی‌فر")])
    assert result_rows(run_query(ds, "coparticipation"))[1] == []
    assert len(result_rows(run_query(ds, "participants"))[1]) == 2


@pytest.mark.parametrize("name", ["شبکه تلویزیونی", "شبکه خبری", "شرکت داخلی", "جامعه اسلامی", "گروه اقتصادی",
                                  "ستاد خبری", "مرکز بهداشت", "اداره فرهنگ و ارشاد اسلامی", "ستاد تسهیلات نوروزی",
                                  "واحد دانشگاه آزاد اسلامی", "شرکت سرمایه‌گذاری"])
def test_identity_descriptive_names_and_units_of_no_named_parent_stay_in_their_article(name):
    assert not _same(_ex(_org(name)), _ex(_org(name)))


@pytest.mark.parametrize("name", ["گروه بین‌الملل خبرگزاری فارس", "شبکه خبری الجزیره", "مرکز پژوهش‌های مجلس شورای اسلامی",
                                  "کمیته امداد امام خمینی", "سازمان حج و زیارت", "دانشگاه تهران"])
def test_identity_named_units_and_named_bodies_merge(name):
    assert _same(_ex(_org(name)), _ex(_org(name)))


def test_identity_a_team_needs_its_sport_and_a_national_team_its_country():
    assert not _same(_ex(_org("تیم پرسپولیس")), _ex(_org("تیم پرسپولیس")))  # football? futsal?
    assert _same(_ex(_org("تیم فوتبال پرسپولیس")), _ex(_org("تیم فوتبال پرسپولیس")))
    assert not _same(_ex(_org("تیم ملی کشورمان")), _ex(_org("تیم ملی کشورمان")))
    assert _same(_ex(_org("تیم ملی فوتبال")), _ex(_org("تیم ملی فوتبال ایران")))  # a domestic article: Iran's
    germany = _ex(_org("تیم ملی فوتبال"), _ent("p", "Place", "آلمان"))
    assert not _same(germany, _ex(_org("تیم ملی فوتبال")))


def test_identity_an_embassy_needs_where_it_is():
    assert not _same(_ex(_org("سفارت اسرائیل")), _ex(_org("سفارت اسرائیل")))
    assert _same(_ex(_org("سفارت ایران در عراق")), _ex(_org("سفارت ایران در عراق")))


def test_identity_a_common_given_name_with_a_patronymic_surname_needs_evidence():
    """حسین حسینی, علی هاشمی: many men bear these names; across articles they merge only with a shared post."""
    assert not _same(_ex(_person("حسین حسینی")), _ex(_person("حسین حسینی")))
    assert not _same(_ex(_person("علی رضایی")), _ex(_person("علی رضایی")))
    org = _org("شورای نگهبان", "o")
    a = _ex(_person("حسین حسینی"), org, posts=(_post("عضو", "o"),))
    b = _ex(_person("حسین حسینی"), org, posts=(_post("عضو", "o"),))
    assert _same(a, b)
    assert _same(_ex(_person("حسن روحانی")), _ex(_person("حسن روحانی")))  # روحانی: not a given name + ی
    assert _same(_ex(_person("محمد حسینی‌شاهرودی")), _ex(_person("محمد حسینی‌شاهرودی")))


@pytest.mark.parametrize("name", ["دفتر منطقه‌ای خبرگزاری فارس", "سپاه ناحیه", "نیروی انسانی", "جامعه غربی"])
def test_identity_truncated_and_descriptive_names_stay_in_their_article(name):
    assert not _same(_ex(_org(name)), _ex(_org(name)))


def test_identity_a_place_named_only_by_its_kind_stays_in_its_article():
    assert not _same(_ex(_ent("x", "Place", "شهر مقدس")), _ex(_ent("x", "Place", "شهر مقدس")))
    assert _same(_ex(_ent("x", "Place", "شهر قم")), _ex(_ent("x", "Place", "شهر قم")))
