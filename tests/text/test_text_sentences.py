"""Sentence splitting keeps «…» quotations and ``گفت:`` speech whole, and does not split numbers or initials."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.text import make_doc
from kg.text.sentences import MAX_QUOTE_TOKENS

SEED = Path(__file__).resolve().parents[1] / "data" / "seed.txt"


def _sents(raw: str) -> list[str]:
    doc = make_doc(raw)
    return [raw[s.start : s.end] for s in doc.sents]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # two sentences
        ("او آمد. ما رفتیم.", ["او آمد.", "ما رفتیم."]),
        # question marks and exclamations
        ("آیا آمد؟ بله! رفت", ["آیا آمد؟", "بله!", "رفت"]),
        # a quotation with inner full stops stays whole, with its cue
        ("وزیر گفت: «ما آماده‌ایم. دشمن بداند» و رفت.", ["وزیر گفت: «ما آماده‌ایم. دشمن بداند» و رفت."]),
        # a final full stop inside the quotation ends the sentence after »
        ("او گفت: «کار تمام شد.» جلسه ادامه یافت.", ["او گفت: «کار تمام شد.»", "جلسه ادامه یافت."]),
        # decimals and dates do not split
        ("نرخ 12.5 درصد شد. در 1403/05/12 آمد.", ["نرخ 12.5 درصد شد.", "در 1403/05/12 آمد."]),
        # an abbreviation / initial does not split
        ("ح. محمدی آمد. او رفت.", ["ح. محمدی آمد.", "او رفت."]),
        # a one-digit number before a full stop is not an initial
        ("به ماده 5. سپس", ["به ماده 5.", "سپس"]),
        # a dot inside a web address does not split
        ("در farsnews.ir آمد. بعد", ["در farsnews.ir آمد.", "بعد"]),
        # a newline always splits (paragraphs)
        ("عنوان خبر\nمتن خبر", ["عنوان خبر", "متن خبر"]),
        # an unbalanced « does not swallow the paragraph
        ("او گفت: «سلام. خوبی؟ بله.", ["او گفت: «سلام.", "خوبی؟", "بله."]),
    ],
)
def test_text_sentences_split(raw: str, expected: list[str]) -> None:
    assert _sents(raw) == expected


def test_text_sentences_speech_stays_with_its_cue() -> None:
    raw = "هاشمی با اشاره به نقش بسیج اظهار کرد: اگر سخن از توسعه به میان میآید، حضور تفکر بسیجی مشهود است."
    assert _sents(raw) == [raw]


def test_text_sentences_runaway_quote_is_capped() -> None:
    body = " ".join(["کلمه."] * (MAX_QUOTE_TOKENS + 10))
    sents = _sents(f"«{body}»")
    assert len(sents) > 1


def test_text_sentences_seed_paragraphs() -> None:
    raw = SEED.read_text(encoding="utf-8")
    doc = make_doc(raw)
    lines = [ln for ln in raw.split("\n") if ln.strip()]
    assert len(doc.sents) >= len(lines)
    for s in doc.sents:
        assert "\n" not in raw[s.start : s.end]
