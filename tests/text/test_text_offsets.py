"""Every offset the text layer hands out points into the ORIGINAL text, and normalization is stable."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.text import fold, make_doc, normalize

SEED = Path(__file__).resolve().parents[1] / "data" / "seed.txt"
ZWNJ = "\u200c"

# Random text biased towards what breaks Persian pipelines: Arabic/Persian letters, ZWNJ, diacritics, tatweel,
# presentation forms, digits of three scripts, quotes, punctuation, spaces and newlines of several kinds.
_PERSIAN_BITS = st.sampled_from(
    [
        "حسن",
        "زاده",
        "می",
        "آید",
        "ها",
        "ای",
        "كتاب",
        "يك",
        "ة",
        "ۀ",
        ZWNJ,
        ZWNJ * 2,
        "\u064e",
        "\u0651",
        "ـ",
        "\u200d",
        "\u200f",
        "\ufeff",
        "ﻻ",
        "ﷲ",
        "ﷺ",
        "12.5",
        "۱۴۰۳/۰۵/۱۲",
        "٣",
        "«",
        "»",
        ":",
        ".",
        "؟",
        "!",
        "،",
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "\u00a0",
        "...",
        "…",
        "(ص)",
        "ي",
        "ك",
        "ئ",
        "ؤ",
        "a",
        "Z",
        "شود",
        "ترین",
        "بزرگ",
        "رفته",
        "اند",
        "ی",
        "نمي",
        " ها",
    ]
)
RANDOM_TEXT = st.one_of(
    st.text(max_size=80),
    st.lists(_PERSIAN_BITS, max_size=40).map("".join),
    st.lists(st.one_of(_PERSIAN_BITS, st.text(max_size=3)), max_size=30).map("".join),
)


def _check_doc(raw: str) -> None:
    doc = make_doc(raw, "x")
    assert doc.raw == raw
    assert len(doc.norm_to_raw) == len(doc.norm) + 1
    assert doc.norm_to_raw[-1] == len(raw)
    assert list(doc.norm_to_raw) == sorted(doc.norm_to_raw), "the map is monotone"
    prev_end = 0
    for i, t in enumerate(doc.tokens):
        assert t.i == i
        assert 0 <= t.start < t.end <= len(raw)
        assert t.start >= prev_end, "tokens do not overlap"
        prev_end = t.end
        assert t.text == raw[t.start : t.end]
        assert normalize(t.text)[0] == t.norm, "a token normalizes alone as in context"
        assert t.key == fold(t.norm)
        assert ZWNJ not in t.key
    covered = [k for s in doc.sents for k in range(s.first_token, s.last_token)]
    assert covered == list(range(len(doc.tokens))), "sentences partition the tokens in order"
    for s in doc.sents:
        assert s.start == doc.tokens[s.first_token].start and s.end == doc.tokens[s.last_token - 1].end
        assert all(doc.tokens[k].sent == s.i for k in range(s.first_token, s.last_token))


def test_text_offsets_seed_tokens_map_back_exactly() -> None:
    raw = SEED.read_text(encoding="utf-8")
    _check_doc(raw)
    doc = make_doc(raw)
    assert len(doc.tokens) > 500 and len(doc.sents) > 10


def test_text_offsets_seed_norm_map_points_at_same_letters() -> None:
    raw = SEED.read_text(encoding="utf-8")
    norm, nmap = normalize(raw)
    for i, ch in enumerate(norm):
        if ch != ZWNJ:  # inserted ZWNJs map to the next letter; every other char comes from raw
            assert fold(raw[nmap[i]]) == fold(ch) or raw[nmap[i]] in " \t\u00a0"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RANDOM_TEXT)
def test_text_offsets_random_unicode_map_back_exactly(raw: str) -> None:
    _check_doc(raw)


@settings(max_examples=300, deadline=None)
@given(RANDOM_TEXT)
def test_text_offsets_normalization_is_idempotent(raw: str) -> None:
    once = normalize(raw)[0]
    assert normalize(once)[0] == once


def test_text_offsets_empty_and_blank_input() -> None:
    for raw in ("", " ", "\n\n", ZWNJ, "\u064e"):
        doc = make_doc(raw)
        assert doc.tokens == () and doc.sents == ()
        assert doc.norm_to_raw[-1] == len(raw)
    assert normalize("") == ("", (0,))


@pytest.mark.parametrize(
    ("raw", "tokens"),
    [
        ("قیمت 12.5 درصد", ["قیمت", "12.5", "درصد"]),  # a decimal stays one token
        ("در 1403/05/12 آمد", ["در", "1403/05/12", "آمد"]),  # a numeric date stays one token
        ("ساعت ۱۰:۳۰ صبح", ["ساعت", "۱۰:۳۰", "صبح"]),  # a time stays one token
        ("گفت: «سلام»", ["گفت", ":", "«", "سلام", "»"]),  # punctuation is split off
        ("کتاب‌ها.", ["کتاب‌ها", "."]),  # an inner ZWNJ keeps the word whole
        ("صبر...", ["صبر", "..."]),  # an ellipsis is one token
    ],
)
def test_text_offsets_tokens(raw: str, tokens: list[str]) -> None:
    assert [t.text for t in make_doc(raw).tokens] == tokens


def test_text_offsets_numbers_are_not_respaced() -> None:
    norm, _ = normalize("نرخ 12.5 و تاریخ 1403/05/12")
    assert "۱۲.۵" in norm and "۱۴۰۳/۰۵/۱۲" in norm


def test_text_offsets_norm_form_of_tokens() -> None:
    doc = make_doc("رئيس كتابخانه\u064e 2025 حسنزاده")
    assert [t.norm for t in doc.tokens] == ["رئیس", "کتابخانه", "۲۰۲۵", "حسن‌زاده"]
    assert [t.key for t in doc.tokens] == ["رییس", "کتابخانه", "2025", "حسنزاده"]
    assert doc.tokens[1].text == "كتابخانه\u064e"  # the diacritic stays inside the token it follows
