"""The extractor as declared stages: the table is checked, each stage provides what it declares, state is frozen."""

from __future__ import annotations

import dataclasses

import pytest

from kg.extract import STAGES, extract
from kg.extract.pipeline import Stage, check_stages
from kg.extract.state import State
from kg.types import Article, Form


def test_extract_stage_table_is_ordered_by_requirements():
    check_stages(STAGES)  # the shipped table
    names = [s.name for s in STAGES]
    assert names == ["text", "mentions", "coref", "posts", "discourse", "participation", "entities"]


def test_extract_stage_table_refuses_a_requirement_no_earlier_stage_provides():
    moved = (STAGES[0], STAGES[3], *STAGES[1:3], *STAGES[4:])  # posts before the mentions it needs
    with pytest.raises(RuntimeError, match=r"stage 'posts' requires .*mentions"):
        check_stages(moved)
    with pytest.raises(RuntimeError, match=r"provides .*nonsense"):
        check_stages((Stage("x", lambda st: {}, ("article",), ("nonsense",)),))


def test_extract_state_is_frozen(lexicons):
    st = State(article=Article(id="a", text="متن"), lex=lexicons)
    with pytest.raises(dataclasses.FrozenInstanceError):
        st.doc = None  # type: ignore[misc]


def test_extract_stage_output_is_checked_against_its_declaration(lexicons, monkeypatch):
    import kg.extract.pipeline as pipeline

    bad = tuple(dataclasses.replace(s, run=lambda st: {"refs": {}}) if s.name == "posts" else s for s in STAGES)
    monkeypatch.setattr(pipeline, "STAGES", bad)
    with pytest.raises(RuntimeError, match="stage 'posts' returned"):
        extract(Article(id="a", text="رضا کریمی، استاندار یزد گفت: کار ادامه دارد."), lexicons)


def test_extract_mentions_carry_their_form_not_only_a_rule_id(lexicons):
    text = ("معاون سیاسی وزیر کشور در این مراسم گفت: کار ادامه دارد. "
            "مراسم «روز ملی خلیج فارس» با حضور رضا کریمی برگزار شد.")
    x = extract(Article(id="a", text=text), lexicons)
    forms = {(m.label, m.form) for m in x.mentions}
    assert ("ORG", Form.IMPLIED) in forms  # «کشور» after «وزیر» names وزارت کشور
    assert ("EVENT", Form.ANAPHOR) in forms  # «این مراسم»
    assert ("EVENT", Form.QUOTED) in forms  # a name in «…»
