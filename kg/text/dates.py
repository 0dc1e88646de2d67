"""Dates in Persian news: Jalali (``۸ آذر ۱۴۰۴``, ``25 دی‌ماه``, ``1404/09/08``) and Gregorian (``2025-11-29``,
``29 نوامبر 2025``), converted with ``jdatetime`` (no hand-written calendar arithmetic).

Numeric dates: a year >= 1700 is Gregorian, otherwise Jalali. A day and month without a (4-digit) year take
``year``: best the article's publication date, whose Jalali year completes Jalali months (see ``parse_date``).
Not handled: ordinal words (``هشتم آذر``), weekday names, relative dates (``دیروز``).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from importlib import resources

import jdatetime

from kg.text.chars import fold
from kg.types import Doc

__all__ = ["find_dates", "parse_date"]


@cache
def _months() -> dict[str, tuple[str, int]]:
    """Folded month name -> (calendar "jalali"|"gregorian", month number), from kg/lexicons/months.tsv."""
    text = resources.files("kg.lexicons").joinpath("months.tsv").read_text(encoding="utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln and not ln.startswith("#")]
    return {fold(form).replace(" ", ""): (cal, int(num)) for form, cal, num, *_ in rows[1:]}


@cache
def _date_re() -> re.Pattern[str]:
    names = "|".join(sorted((re.escape(m) for m in _months()), key=len, reverse=True))
    d = r"[0-9]"
    return re.compile(
        rf"(?<![0-9])(?:(?P<y1>{d}{{4}})[/\-.](?P<m1>{d}{{1,2}})[/\-.](?P<d1>{d}{{1,2}})"
        rf"|(?P<d2>{d}{{1,2}})[/\-.](?P<m2>{d}{{1,2}})[/\-.](?P<y2>{d}{{4}})"
        rf"|(?P<d3>{d}{{1,2}})(?:ام|م)? *(?P<mn>{names})(?: *ماه)?(?:(?: +سال)? *(?P<y3>{d}{{4}}))?)"
        r"(?!\w)"
    )


def _build(cal: str, y: int, m: int, d: int) -> dt.date | None:
    try:
        if cal == "gregorian":
            return dt.date(y, m, d)
        return jdatetime.date(y, m, d).togregorian()
    except (ValueError, OverflowError):
        return None


def _default_year(cal: str, year: int | dt.date | None) -> int | None:
    """The year for a day and month written without one, in calendar ``cal``."""
    if isinstance(year, dt.date):
        return jdatetime.date.fromgregorian(date=year).year if cal == "jalali" else year.year
    if year is None:
        return None
    if cal == "jalali" and year >= 1700:
        return year - 621  # the Jalali year that starts in March of that Gregorian year
    if cal == "gregorian" and year < 1700:
        return year + 621
    return year


def _from_match(m: re.Match[str], year: int | dt.date | None) -> dt.date | None:
    if m.group("y1") or m.group("y2"):
        y = int(m.group("y1") or m.group("y2"))
        mo = int(m.group("m1") or m.group("m2"))
        d = int(m.group("d1") or m.group("d2"))
        return _build("gregorian" if y >= 1700 else "jalali", y, mo, d)
    cal, mo = _months()[m.group("mn")]
    d = int(m.group("d3"))
    ytxt = m.group("y3")
    y = int(ytxt) if ytxt else _default_year(cal, year)
    return None if y is None else _build(cal, y, mo, d)


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """``fold`` character by character, ZWNJ read as a space, with the raw index of every kept character."""
    out: list[str] = []
    index: list[int] = []
    for i, c in enumerate(text):
        f = " " if c == "\u200c" or c.isspace() else fold(c)
        if f:
            out.append(f[0])
            index.append(i)
    index.append(len(text))
    return "".join(out), index


def parse_date(s: str, year: int | dt.date | None = None) -> dt.date | None:
    """The date written in ``s`` (the whole string, surrounding spaces ignored), or None.

    ``year`` completes a day and month written without a year: best the article's publication DATE (its Jalali
    year is used for Jalali months, so ``25 دی`` in an article of 2025-11-29 is 2026-01-15); an int is read as
    Jalali when < 1700, else Gregorian (and a Gregorian year for a Jalali month means the Jalali year that starts
    in March of it)."""
    m = _date_re().fullmatch(_folded_with_map(s)[0].strip())
    return _from_match(m, year) if m else None


def find_dates(doc_or_text: Doc | str, year: int | dt.date | None = None) -> list[tuple[int, int, dt.date]]:
    """Every date in the text as ``(start, end, date)`` with RAW offsets (for a Doc: offsets into ``doc.raw``)."""
    raw = doc_or_text.raw if isinstance(doc_or_text, Doc) else doc_or_text
    folded, index = _folded_with_map(raw)
    out = []
    for m in _date_re().finditer(folded):
        d = _from_match(m, year)
        if d is not None:
            out.append((index[m.start()], index[m.end() - 1] + 1, d))
    return out
