"""Name-matching rules of kg eval (GOLD_FORMAT.md), as (system, gold, expected) tables."""

from __future__ import annotations

import pytest

from kg.eval.match import EXACT, NONE, TAIL, fold, name_match, phrase_match, role_match, text_contains

ZWNJ = "\u200c"


@pytest.mark.parametrize(("a", "b"), [
    ("احمدی‌نژاد", "احمدي‌نژاد"),  # Arabic ي
    ("کشور", "كشور"),  # Arabic ك
    ("هلال‌احمر", "هلال احمر"),  # ZWNJ vs space
    ("هلال‌احمر", "هلالاحمر"),  # ZWNJ lost
    ("رئیس جمهور", "رئيس‌جمهور"),
    ("مؤسسه", "موسسه"),  # hamza carrier
    ("۱۲ روزه", "12 روزه"),  # Persian digits
    ("«فاتحان ۳»", "فاتحان 3"),  # punctuation
    ("همايش", "همایش"),
])
def test_match_fold_equal(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize(("system", "gold", "expected"), [
    (["محمود احمدی‌نژاد"], ["محمود احمدی‌نژاد"], EXACT),
    (["محمود احمدي‌نژاد"], ["محمود احمدی‌نژاد"], EXACT),  # Arabic letters
    (["محمود احمدی نژاد"], ["محمود احمدی‌نژاد"], EXACT),  # ZWNJ as space
    (["محمود احمدینژاد"], ["محمود احمدی‌نژاد"], EXACT),  # ZWNJ lost
    (["سردار محمد حسن‌زاده"], ["محمد حسن‌زاده"], EXACT),  # title ignored
    (["حجت‌الاسلام والمسلمین سید‌مصطفی حسینی"], ["مصطفی حسینی"], EXACT),  # titles, one glued by ZWNJ
    (["حجت الاسلام والمسلمین سید مصطفی حسینی"], ["مصطفی حسینی"], EXACT),  # titles written apart
    (["دکتر علی رضایی"], ["آقای علی رضایی"], EXACT),
    (["امام خمینی (ره)"], ["خمینی"], EXACT),  # blessing in parentheses ignored
    (["رضایی"], ["علی رضایی"], TAIL),  # bare surname
    (["علی رضایی"], ["رضایی"], TAIL),  # gold has the surname only
    (["محمدحسین موسی‌پور"], ["محمد حسین موسی پور"], EXACT),
    (["حسین"], ["محمد حسین رضایی"], NONE),  # a first/middle name is not a surname
    (["علی"], ["علی رضایی"], NONE),
    (["رضایی‌فر"], ["علی رضایی"], NONE),
    (["نیک‌پور", "بهرام نیک‌پور"], ["بهرام نیک‌پور"], EXACT),  # the best of the alternatives
    (["سید"], ["سید علی رضایی"], NONE),  # a title alone is no name
])
def test_match_person_names(system, gold, expected):
    assert name_match(system, gold) == expected


@pytest.mark.parametrize(("system", "gold", "expected"), [
    ("وزارت ارتباطات و فناوری اطلاعات", "وزارت ارتباطات و فناوری اطلاعات", EXACT),
    ("وزارت ارتباطات", "وزارت ارتباطات و فناوری اطلاعات", TAIL),  # containment, same head
    ("وزارت ارتباطات و فناوری اطلاعات", "وزارت ارتباطات", TAIL),
    ("جمعیت هلال احمر", "جمعیت هلال‌احمر استان قم", TAIL),
    ("وزارت", "وزارت کشور", NONE),  # a bare head noun matches nothing
    ("وزارت کشور", "وزارت نیرو", NONE),
    ("ارتباطات", "وزارت ارتباطات", NONE),  # too short
    ("سازمان ارتباطات", "وزارت ارتباطات و فناوری اطلاعات", NONE),  # different head
    ("همايش سالانه انرژي", "همایش سالانه انرژی", EXACT),
    ("مراسم تجلیل از داوطلبان", "مراسم تجلیل از خدمات داوطلبان جمعیت هلال‌احمر", TAIL),
])
def test_match_phrases(system, gold, expected):
    assert phrase_match([system], [gold]) == expected


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("رئیس جمهور", "رئیس‌جمهور", True),
    ("رییس", "رئیس", True),
    ("معاون وزیر", "معاون", False),
    ("معاون پشتیبانی", "معاون پشتيباني", True),
    ("", "", False),
])
def test_match_roles(a, b, expected):
    assert role_match(a, b) is expected


@pytest.mark.parametrize(("text", "snippet", "expected"), [
    ("وی گفت: آب و برق حق همه مردم است.", "حق همه مردم است", True),
    ("وی گفت: آب و برق حق همه مردم است.", "حق  همه\nمردم  است", True),  # whitespace-insensitive
    ("پیشرفت‌هاي چشمگيري", "پیشرفتهای چشمگیری", True),  # ZWNJ and letters folded
    ("وی گفت: آب و برق حق همه مردم است.", "حق همه مردم نیست", False),
    ("متن", "", False),
])
def test_match_text_contains(text, snippet, expected):
    assert text_contains(text, snippet) is expected
