"""``fold`` and ``name_key`` unify the spelling variants that must match."""

from __future__ import annotations

import pytest

import kg.text
from kg.text import fold, make_doc, name_key

ZWNJ = "\u200c"


@pytest.mark.parametrize(
    ("variants"),
    [
        ("علي", "علی"),  # Arabic yeh
        ("كشور", "کشور"),  # Arabic kaf
        ("مصطفى", "مصطفی"),  # alef maksura
        ("مدرسة", "مدرسه"),  # teh marbuta
        ("رئیس", "رییس", "رئيس"),  # hamza on yeh
        ("مسئول", "مسؤول", "مسوول"),  # hamza carriers
        ("مؤسسه", "موسسه"),  # waw with hamza
        ("تأکید", "تاکید"),  # alef with hamza
        ("۱۴۰۴", "١٤٠٤", "1404"),  # Persian, Arabic-Indic, ASCII digits
        ("حَسَن", "حسن", "حســن"),  # diacritics, tatweel
        ("حسن‌زاده", "حسنزاده"),  # ZWNJ
        ("خانۀ", "خانه"),  # heh with yeh above
        ("ICT", "ict"),  # Latin case
    ],
)
def test_text_fold_unifies_variants(variants: tuple[str, ...]) -> None:
    assert len({fold(v) for v in variants}) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("آب", "اب"),  # آ is a different letter and stays
        ("کرد", "کرده"),  # different words
        ("۱۴۰۴", "۱۴۰۵"),
    ],
)
def test_text_fold_keeps_distinct_words_apart(a: str, b: str) -> None:
    assert fold(a) != fold(b)


def test_text_fold_name_key_ignores_spaces_and_zwnj() -> None:
    assert name_key("حسن‌زاده") == name_key("حسنزاده") == name_key("حسن زاده") == name_key(" حسن  زاده ")
    assert name_key("حسن‌زاده") != name_key("حسن")
    assert name_key("رئيس‌جمهور") == name_key("رییس جمهور")


def test_text_fold_token_key_matches_folded_lexicon_entry() -> None:
    doc = make_doc("مسؤول كل")
    assert [t.key for t in doc.tokens] == [fold("مسئول"), fold("کل")]


def test_text_fold_is_idempotent_and_total() -> None:
    for s in ("", "رئيس\u064e ۱۲", "a\u200cb", "\u200d"):
        assert fold(fold(s)) == fold(s)
    assert fold("") == "" and name_key("") == ""


def test_text_fold_public_api_is_explicit() -> None:
    assert sorted(kg.text.__all__) == [
        "find_dates",
        "fold",
        "make_doc",
        "name_key",
        "normalize",
        "parse_date",
        "repair_zwnj",
        "warm",
    ]
    for name in kg.text.__all__:
        assert callable(getattr(kg.text, name))
