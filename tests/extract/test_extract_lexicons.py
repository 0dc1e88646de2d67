"""The lexicon files: schema, no duplicate forms after folding, and the loader's behaviour."""

from __future__ import annotations

import shutil
from dataclasses import fields
from importlib import resources

import pytest

from kg.extract import LexiconError, load_lexicons
from kg.extract.events import event_key
from kg.extract.lexicon import WordClasses
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
    "roles.tsv": ("form", "implied_org", "acting", "via_dar", "complement"),
    "speech_verbs.tsv": ("form", "kind"),
    "surname_suffixes.tsv": ("form", "joins"),
    "titles.tsv": ("form", "kind"),
    "jurisdictions.tsv": ("form", "scope"),
    "implied_orgs.tsv": ("role", "complement", "org"),
    "word_classes.tsv": ("form", "class"),
}
# Files where a form may appear once per value of a second column (a word in several classes).
KEYED_BY = {"word_classes.tsv": 1, "implied_orgs.tsv": 1}


def _rows(name: str) -> tuple[list[str], list[list[str]]]:
    text = resources.files("kg.lexicons").joinpath(name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return lines[0].split("\t"), [ln.split("\t") for ln in lines[1:]]


@pytest.mark.parametrize("name", sorted(FILES))
def test_extract_lexicon_schema_and_no_duplicates(name):
    header, rows = _rows(name)
    assert header[: len(FILES[name])] == list(FILES[name])
    extra = KEYED_BY.get(name)
    keys = [fold(r[0]).replace(" ", "") + ("\t" + r[extra] if extra else "") for r in rows]
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


def test_extract_word_classes_are_data_and_typed(lexicons):
    # every class the rules read is declared in WordClasses and filled from word_classes.tsv, folded
    for f in fields(WordClasses):
        assert getattr(lexicons.words, f.name), f"class {f.name} is empty"
    assert "این" in lexicons.words.determiner and fold("شرکت‌کنندگان") in lexicons.words.presence
    assert lexicons.jurisdictions[fold("استانداری")] == "استان"


def _copy_lexicons(tmp_path):
    src = resources.files("kg.lexicons")
    for name in FILES:
        shutil.copyfile(str(src.joinpath(name)), tmp_path / name)


def test_extract_word_classes_unknown_or_missing_class_is_a_load_error(tmp_path):
    _copy_lexicons(tmp_path)
    path = tmp_path / "word_classes.tsv"
    path.write_text(path.read_text(encoding="utf-8") + "فلان\tno_such_class\t\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"unknown class.*no_such_class"):
        load_lexicons(tmp_path)
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
             if "\tcopula\t" not in ln and "no_such_class" not in ln]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"missing class.*copula"):
        load_lexicons(tmp_path)


def test_extract_lexicon_path_override_reaches_the_rules(tmp_path, lexicons):
    # a copy of the lexicons with one role removed: the loader reads the copy, and extraction follows it
    from kg.extract import extract
    from kg.types import Article

    _copy_lexicons(tmp_path)
    roles = tmp_path / "roles.tsv"
    roles.write_text("\n".join(ln for ln in roles.read_text(encoding="utf-8").splitlines()
                               if not ln.startswith("استاندار\t")) + "\n", encoding="utf-8")
    art = Article(id="t", text="رضا کریمی، استاندار یزد گفت: کار ادامه دارد.")
    assert any(p.role == "استاندار" for p in extract(art, lexicons).posts)
    assert not any(p.role == "استاندار" for p in extract(art, load_lexicons(tmp_path)).posts)


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
