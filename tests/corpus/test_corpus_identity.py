"""One IRI per real-world entity across articles, tested on sentences copied verbatim from the Fars corpus.

Each article below is one or two real sentences (record id in the key). The same man is written with Arabic ي/ك and
no ZWNJ (fars-1390), Persian letters with ZWNJ (fars-1301), and with a title and bare surname (fars-0257).
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.corpus import ArticleResult, build_stream, write_result
from kg.types import Article

ARTICLES = {
    # Arabic ي/ك, no ZWNJ
    "fars-1390": "خبرگزاري فارس: محمود احمدي نژاد رييس جمهور صبح امروز به طور غير منتظره از وزارت امور خارجه "
                 "بازديد كرد.",
    # Persian letters, ZWNJ
    "fars-1301": "در مناظره دو کاندیدای اصلی انتخابات، برحسب قرعه‌کشی محمود احمدی‌نژاد رییس جمهور وقت شروع کننده صحبت "
                 "و میرحسین موسوی نامزد دهمین دوره ریاست جمهوری پایان دهنده صحبت شد.",
    # Arabic letters with ZWNJ; then title + bare surname without ZWNJ
    "fars-0257": "برخي از اين نگراني‌ها در يك سند غيررسمي كه در طول ديدار 29 آوريل رئيس جمهور محمود احمدي‌نژاد به "
                 "طرف ايراني تسليم شد، مطرح شده‌اند.\nدر طول ديدار دكتر احمدي نژاد از هند تصميم گرفته شد كه اگر هند "
                 "در رابطه با پاكستان مشكل داشته باشد، ايران مي‌تواند اينگونه موضوعات را اول با پاكستان و سپس با هند "
                 "رفع كند.",
    # three different men named رضایی
    "fars-1141": "محسن رضایی همچنین عنوان کرد: این شهرستان و مردم آن حق زیادی به گردن کشور دارند و کمترین کار برای "
                 "آنها رسیدگی به وضعیت منطقه‌‌شان است.",
    "fars-0077": "احمد رضایی امروز در گفت‌وگو با خبرنگار فارس در شهرستان انار اظهار داشت: بیماری هاری یکی از "
                 "خطرناک‌ترین بیماری‌های قابل انتقال از حیوان به انسان است.",
    "fars-1198": "به گزارش خبرگزاري فارس از كرمان، مهدي رضايي پيش از ظهر امروز در همايش مسئولان كانون‌هاي قرآن "
                 "استان كرمان اظهار داشت: 90 موسسه قرآني در استان كرمان فعاليت مي‌كنند.",
    # an organization by its full name (Arabic letters) and by its short name
    "fars-0000": "به گزارش فارس به نقل از وزارت ارتباطات و فناوري اطلاعات، وارسته با بيان اين مطلب، اظهارداشت: به "
                 "زودي اين نرم افزار در تمام دفاتر كشور نصب خواهد شد.",
    "fars-0644": "این پارک با همکاری معاونت علمی و فناوری ریاست جمهوری و وزارت ارتباطات در مساحت ۳۰ هکتاری برای "
                 "پذیرش شرکت‌های فعال در حوزه دیجیتال راه‌اندازی می‌شود.",
}


@pytest.fixture(scope="module")
def store() -> ox.Store:
    st = ox.Store()
    for r in build_stream([Article(id=k, text=t, source=k) for k, t in ARTICLES.items()], workers=2):
        assert isinstance(r, ArticleResult), r
        write_result(st, r)
    return st


def _entities(store: ox.Store, kind: str, label_contains: str) -> dict[str, set[str]]:
    """IRI -> every label and altLabel, over all article graphs, for entities of ``kind`` whose label matches."""
    q = f"""PREFIX pv: <https://w3id.org/peyvand/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?e ?l WHERE {{ GRAPH ?g {{ ?e a pv:{kind} ; rdfs:label ?name . ?e rdfs:label|skos:altLabel ?l }}
      FILTER(CONTAINS(STR(?name), "{label_contains}")) }}"""
    out: dict[str, set[str]] = {}
    for row in store.query(q):
        out.setdefault(row["e"].value, set()).add(row["l"].value)
    return out


def _graphs_mentioning(store: ox.Store, entity: str) -> int:
    q = f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?a <https://schema.org/mentions> <{entity}> }} }}"
    return int(next(iter(store.query(q)))["n"].value)


def test_corpus_identity_one_person_across_letter_zwnj_and_title_variants(store: ox.Store) -> None:
    found = _entities(store, "Person", "نژاد")
    assert len(found) == 1, found  # one IRI across three articles
    (iri, labels), = found.items()
    assert _graphs_mentioning(store, iri) == 3
    assert "محمود احمدی\u200cنژاد" in labels  # canonical: Persian letters, ZWNJ restored
    # every surface form stays visible as a label or altLabel
    assert {"محمود احمدي نژاد", "محمود احمدي\u200cنژاد", "دكتر احمدي نژاد"} <= labels


def test_corpus_identity_same_surname_different_people_stay_apart(store: ox.Store) -> None:
    found = _entities(store, "Person", "رضایی")
    assert len(found) == 3, found
    assert {frozenset(v) & {"محسن رضایی", "احمد رضایی", "مهدی رضایی"} for v in found.values()} == {
        frozenset({"محسن رضایی"}), frozenset({"احمد رضایی"}), frozenset({"مهدی رضایی"})}


def test_corpus_identity_org_short_and_full_name_one_iri(store: ox.Store) -> None:
    found = _entities(store, "Organization", "وزارت ارتباطات")
    assert len(found) == 1, found
    (labels,) = found.values()
    assert {"وزارت ارتباطات", "وزارت ارتباطات و فناوري اطلاعات"} <= labels
