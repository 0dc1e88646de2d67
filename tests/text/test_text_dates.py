"""Dates parse with the right calendar (Jalali through jdatetime, Gregorian as is)."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.text import find_dates, make_doc, parse_date


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("۸ آذر ۱۴۰۴", None, dt.date(2025, 11, 29)),  # Jalali, Persian digits
        ("8 آذر 1404", None, dt.date(2025, 11, 29)),  # Jalali, ASCII digits
        ("۸ آذرماه ۱۴۰۴", None, dt.date(2025, 11, 29)),  # month + ماه glued
        ("1404/09/08", None, dt.date(2025, 11, 29)),  # numeric Jalali
        ("۱۴۰۴/۹/۸", None, dt.date(2025, 11, 29)),  # numeric Jalali without zero padding
        ("1 فروردین 1403", None, dt.date(2024, 3, 20)),  # Nowruz 1403
        ("۳۰ اسفند ۱۴۰۳", None, dt.date(2025, 3, 20)),  # last day of a leap year (1403)
        ("25 دی‌ماه", 1404, dt.date(2026, 1, 15)),  # no year: the article's Jalali year
        ("25 دیماه", dt.date(2025, 11, 29), dt.date(2026, 1, 15)),  # the publication date fixes the Jalali year
        ("۱۰ مهر", 2025, dt.date(2025, 10, 2)),  # a Gregorian year for a Jalali month
        ("2025-11-29", None, dt.date(2025, 11, 29)),  # ISO Gregorian
        ("29 نوامبر 2025", None, dt.date(2025, 11, 29)),  # Gregorian month name
        ("۲۹ نوامبر", 2025, dt.date(2025, 11, 29)),  # Gregorian month, article's year
    ],
)
def test_text_dates_parse(text: str, year: int | dt.date | None, expected: dt.date) -> None:
    assert parse_date(text, year) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",  # nothing
        "25 دی",  # day and month without any year to complete it
        "۳۱ اسفند ۱۴۰۴",  # 1404 is not a leap year
        "1404/13/01",  # no 13th month
        "سلام",
        "۲۰ میلیون",  # a number before a word that starts like a month (مه)
    ],
)
def test_text_dates_reject(text: str) -> None:
    assert parse_date(text) is None


def test_text_dates_find_in_text_with_raw_offsets() -> None:
    raw = "این مراسم در ۸ آذر ۱۴۰۴ برگزار شد و جلسه بعد 25 دی‌ماه است؛ گزارش 2025-11-29."
    found = find_dates(raw, 1404)
    assert [(raw[a:b], d) for a, b, d in found] == [
        ("۸ آذر ۱۴۰۴", dt.date(2025, 11, 29)),
        ("25 دی‌ماه", dt.date(2026, 1, 15)),
        ("2025-11-29", dt.date(2025, 11, 29)),
    ]
    assert find_dates(make_doc(raw), 1404) == found


def test_text_dates_ignore_numbers_and_words_that_are_not_dates() -> None:
    assert find_dates("۲۰ میلیون تومان و ۱۲.۵ درصد در ۳ مهرماه‌ها") == []


def test_text_dates_a_following_small_number_is_not_a_year() -> None:
    raw = "در ۸ آذر ۱۰ نفر آمدند"
    assert [(raw[a:b], d) for a, b, d in find_dates(raw, 1404)] == [("۸ آذر", dt.date(2025, 11, 29))]
