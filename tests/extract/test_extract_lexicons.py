"""The lexicon files: schema, no duplicate forms after folding, and the loader's behaviour."""

from __future__ import annotations

from importlib import resources

import pytest

from kg.extract import LexiconError, load_lexicons
from kg.extract.events import event_key
from kg.text import fold

# The extractor's files (zwnj_* and months.tsv belong to the text layer).
FILES = {
    "agencies.tsv": ("form", "canonical"),
    "boundaries.tsv": ("form", "kind"),
    "common_first_names.tsv": ("form",),
    "cues.tsv": ("form", "kind"),
    "event_triggers.tsv": ("form", "kind", "gathering", "chain", "numeric", "standalone"),
    "first_name_parts.tsv": ("form",),
    "known_orgs.tsv": ("form",),
    "light_verbs.tsv": ("stems",),
    "not_first_names.tsv": ("form",),
    "numbers.tsv": ("form", "value"),
    "org_anaphors.tsv": ("form", "refers_to", "bare"),
    "org_aliases.tsv": ("form", "canonical"),
    "org_heads.tsv": ("form", "standalone", "nest", "plural"),
    "places.tsv": ("form", "kind", "needs_prefix"),
    "role_modifiers.tsv": ("form",),
    "role_plurals.tsv": ("form", "role"),
    "roles.tsv": ("form", "implied_org", "acting", "via_dar"),
    "speech_verbs.tsv": ("form", "kind"),
    "surname_suffixes.tsv": ("form", "joins"),
    "titles.tsv": ("form", "kind"),
}


def _rows(name: str) -> tuple[list[str], list[list[str]]]:
    text = resources.files("kg.lexicons").joinpath(name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return lines[0].split("\t"), [ln.split("\t") for ln in lines[1:]]


@pytest.mark.parametrize("name", sorted(FILES))
def test_extract_lexicon_schema_and_no_duplicates(name):
    header, rows = _rows(name)
    assert header[: len(FILES[name])] == list(FILES[name])
    keys = [fold(r[0]).replace(" ", "") for r in rows]
    dups = {k for k in keys if keys.count(k) > 1}
    assert not dups, f"{name}: forms equal after folding: {sorted(dups)}"
    assert all(r[0].strip() == r[0] and r[0] for r in rows)


def test_extract_lexicon_multiword_forms_match_with_or_without_space(lexicons):
    assert lexicons.speech.match(["اظهار", "داشت"], 0) == (2, "say")
    assert lexicons.speech.match(["اظهارداشت"], 0) == (1, "say")
    assert lexicons.titles.match([fold("حجت‌الاسلام"), fold("والمسلمین"), "علی"], 0)[0] == 2
    assert lexicons.roles.match(["معاون", "وزیر", "کشور"], 0)[1].implied_org == "وزارت"


def test_extract_lexicon_first_names_filter_common_words(lexicons):
    # the package's list holds ordinary words; frequent ones count only when listed as common given names
    assert lexicons.is_first_name("علی") and lexicons.is_first_name("غلامرضا")
    assert not lexicons.is_first_name("این") and not lexicons.is_first_name("شورا")


def test_extract_lexicon_custom_path_is_validated(tmp_path):
    with pytest.raises(LexiconError, match="not found"):
        load_lexicons(tmp_path)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("جنگ دوازده‌روزه", "جنگ ۱۲ روزه"),  # number word glued to روزه vs digits apart
        ("جنگ دوازدهروزه", "جنگ 12 روزه"),  # ZWNJ lost; ASCII digits
        ("جنگ هشت ساله", "جنگ ۸ ساله"),
    ],
)
def test_extract_event_key_numbers(lexicons, a, b):
    assert event_key(a, lexicons) == event_key(b, lexicons)
