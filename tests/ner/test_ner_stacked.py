"""The default build's mention model: features from the rules, the vote with the rules, training and the file."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from kg.errors import ModelError
from kg.eval.gold import GoldMention
from kg.extract import extract, load_lexicons
from kg.extract.vote import vote
from kg.ner.stacked import DocView, default_model, load_mention_model, rule_marks
from kg.ner.train_stacked import gold_tags, train_mentions
from kg.text import make_doc
from kg.types import Article, Form, Mention

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def lex():
    return load_lexicons()


def _mention(doc, i, j, label, form=Form.NAME, source="rules"):
    s, e = doc.tokens[i].start, doc.tokens[j - 1].end
    return Mention(id=f"x{i}", start=s, end=e, text=doc.raw[s:e], label=label, norm=doc.raw[s:e], key=doc.raw[s:e],
                   rule="rule:test", score=0.9, form=form, source=source)


def _view(doc, tags, probs=None):
    """A hand-made model reading: each token's tag has probability ``probs[k]`` (default 0.9)."""
    probs = probs or [0.9] * len(tags)
    return DocView(doc, tuple(tags), tuple({t: p} for t, p in zip(tags, probs, strict=True)))


def test_ner_rule_marks_give_label_and_form_per_token(lex):
    doc = make_doc("وزیر کشور در تهران گفت", "a")
    marks = rule_marks(doc, [_mention(doc, 1, 2, "ORG", Form.IMPLIED), _mention(doc, 3, 4, "LOC")])
    assert marks[1] == ["B-ORG", "B-ORG:implied"] and marks[3] == ["B-LOC", "B-LOC:name"] and marks[0] == []


def test_ner_gold_tags_outermost_mention_wins_and_anaphors_are_left_out():
    doc = make_doc("همایش سازمان ملل در تهران و وی گفت", "a")
    raw = doc.raw
    ms = [GoldMention(0, raw.index(" در"), "EVENT", raw[: raw.index(" در")]),
          GoldMention(raw.index("سازمان"), raw.index(" در"), "ORG", "سازمان ملل"),
          GoldMention(raw.index("وی"), raw.index("وی") + 2, "PER", "وی", anaphor=True)]
    assert gold_tags(doc, ms)[:4] == ["B-EVENT", "I-EVENT", "I-EVENT", "O"]
    assert "B-PER" not in gold_tags(doc, ms)


def test_ner_vote_vetoes_an_unsupported_name_but_reads_it_without_its_title(lex):
    doc = make_doc("حجت‌الاسلام رضا کریمی و امام عزیز آمدند", "a")
    titled, bogus = _mention(doc, 0, 3, "PER"), _mention(doc, 4, 6, "PER")
    # the model tags the title O (annotations leave titles out) and the name B/I-PER; «امام عزیز» all O
    view = _view(doc, ["O", "B-PER", "I-PER", "O", "O", "O", "O"], [0.9, 0.9, 0.9, 0.9, 0.95, 0.95, 0.9])
    kept = vote([titled, bogus], view, "ner:test", lex)
    assert titled in kept and bogus not in kept


def test_ner_vote_adds_a_name_the_rules_missed_but_not_common_words_or_bare_heads(lex):
    doc = make_doc("آلکسی ماکارکین گفت زیاد استرس دارد و دولت رفت", "a")
    tags = ["B-PER", "I-PER", "O", "B-PER", "I-PER", "O", "O", "B-ORG", "O"]
    out = vote([], _view(doc, tags), "ner:test", lex)
    assert [(m.text, m.label, m.source) for m in out] == [("آلکسی ماکارکین", "PER", "ner:test")]


def test_ner_vote_keeps_rule_mentions_of_kinds_it_does_not_judge(lex):
    doc = make_doc("وزیر کشور گفت", "a")
    implied = _mention(doc, 1, 2, "ORG", Form.IMPLIED)
    assert vote([implied], _view(doc, ["O", "O", "O"], [0.99] * 3), "ner:test", lex) == [implied]


@pytest.mark.parametrize(("content", "message"), [
    (None, "no such mention model"),
    (b"not a zip", "not a Peyvand mention model"),
])
def test_ner_bad_model_file_is_one_clear_error(tmp_path, content, message):
    path = tmp_path / "m.crf"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ModelError, match=message):
        load_mention_model(path)


def test_ner_train_mentions_learns_from_gold_offsets_and_writes_a_loadable_model(tmp_path, lex):
    # two tiny articles in a corpus of our own, annotated with offsets: a foreign name the rules cannot know
    texts = {"t1": "به گزارش خبرگزاری فارس، آلکسی ماکارکین گفت: کار ادامه دارد.",
             "t2": "به گزارش خبرگزاری فارس، ولادیمیر ماکارکین افزود: کار ادامه دارد."}
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"id": k, "title": "", "paragraphs": [v]}, ensure_ascii=False) + "\n"
                              for k, v in texts.items()), encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    for k, v in texts.items():
        name = v[v.index("،") + 2 : v.index(" گفت") if "گفت" in v else v.index(" افزود")]
        s = v.index(name)
        (gold / f"{k}.json").write_text(json.dumps({
            "id": k, "persons": [{"name": name}],
            "mentions": [{"start": s, "end": s + len(name), "label": "PER", "text": name, "entity": name}]},
            ensure_ascii=False), encoding="utf-8")
    report = train_mentions([gold], tmp_path / "m.crf", corpus)
    assert report.articles == 2 and (tmp_path / "m.crf").stat().st_mode & 0o044
    model = load_mention_model(tmp_path / "m.crf")
    x = extract(Article(id="t1", text=texts["t1"]), lex, model=None)
    view = model.view(x.doc, x.mentions)
    assert any(label == "PER" for *_, label, _ in view.spans())


def test_ner_shipped_model_was_trained_on_the_train_split_only():
    model = default_model()
    assert model is not None, "kg/models/mentions.crf is missing: run `kg train-mentions tests/gold-sample/train`"
    with (ROOT / "tests" / "gold-sample" / "manifest.tsv").open(encoding="utf-8") as fh:
        split = {r["id"]: r["split"] for r in csv.DictReader(fh, delimiter="\t")}
    trained = model.meta["trained_on"]
    assert trained and all(split.get(i) == "train" for i in trained), "dev or test articles leaked into training"
