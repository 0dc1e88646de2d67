"""A tiny CRF trained on a hand-written, fictional corpus: features, tagging a Doc with raw offsets, model files."""

from __future__ import annotations

import json
import zipfile
from itertools import cycle

import pytest

from kg.errors import ModelError
from kg.ner import BUILD_LABELS, CrfTagger, TrainConfig, load_model, load_tagger, parse_iob, train
from kg.ner.features import Featurizer, lexicon_from
from kg.text import make_doc

# Fictional people, organizations, places and events, slotted into a few news-like frames.
FIRST = ["بهرام", "ژاله", "کیوان", "شیدا", "فرشید", "نسترن"]
LAST = ["نیک‌پی", "کاوسی", "مهرآیین", "رازقی", "آذرنوش", "دریاکنار"]
ORGS = [["انجمن", "ستاره"], ["شرکت", "آبان‌رسان"], ["بنیاد", "نیلوفر"]]
LOCS = ["شیراز", "تبریز", "کرمان", "یزد"]
EVENTS = [["جشنواره", "بهار"], ["همایش", "دانش"]]

FRAMES = [
    "آقای {P} در {L} گفت : کار ادامه دارد .",
    "{P} ، مدیر {O} ، امروز به {L} رفت .",
    "{O} در {L} {E} را برگزار کرد .",
    "به گزارش {O} ، {P} در {E} سخنرانی کرد .",
]


def _iob(frame: str, slots: dict[str, tuple[list[str], str]]) -> list[str]:
    lines: list[str] = []
    for word in frame.split():
        if word in slots:
            toks, label = slots[word]
            lines += [f"{t} {'B' if i == 0 else 'I'}-{label}" for i, t in enumerate(toks)]
        else:
            lines.append(f"{word} O")
    return lines


def _corpus() -> str:
    """24 sentences; first and last names are paired by position, so «نسترن مهرآیین» never occurs."""
    lines: list[str] = []
    orgs, locs, events = cycle(ORGS), cycle(LOCS), cycle(EVENTS)
    for k in range(24):
        person = [FIRST[k % 6], LAST[k % 6]]
        slots = {"{P}": (person, "pers"), "{O}": (next(orgs), "org"), "{L}": ([next(locs)], "loc"),
                 "{E}": (next(events), "event")}
        lines += [*_iob(FRAMES[k % 4], slots), ""]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def model_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("ner") / "toy.model"
    sentences = list(parse_iob(_corpus().splitlines()))
    report = train(sentences, path, TrainConfig(max_iterations=60, holdout=0.0), lexicon={})
    assert report.train_sentences == 24 and not report.scores
    return path


def test_ner_crf_tags_held_out_sentence_with_raw_offsets(model_path):
    text = "نسترن مهرآیین ، مدیر بنیاد نیلوفر ، امروز به کرمان رفت ."
    doc = make_doc(text)
    mentions = CrfTagger(load_model(model_path)).find(doc)
    got = [(m.label, m.text) for m in mentions]
    assert got == [("PER", "نسترن مهرآیین"), ("ORG", "بنیاد نیلوفر"), ("LOC", "کرمان")]
    # A build gets only the labels that measured well beside the rules.
    assert {m.label for m in load_tagger(model_path).find(doc)} == set(BUILD_LABELS)
    for m in mentions:
        assert doc.raw[m.start:m.end] == m.text
        assert m.source == "ner:crf" and m.rule == "ner:crf"
        assert 0.5 < m.score <= 1.0


def test_ner_crf_offsets_survive_leading_text_and_second_sentence(model_path):
    text = "خبر کوتاه.\nآقای کیوان رازقی در یزد گفت : کار ادامه دارد ."
    doc = make_doc(text)
    per = [m for m in load_tagger(model_path).find(doc) if m.label == "PER"]
    assert [text[m.start:m.end] for m in per] == ["کیوان رازقی"]
    assert per[0].norm == "کیوان رازقی" and per[0].key == "کیوانرازقی"


def test_ner_crf_min_score_filters_uncertain_mentions(model_path):
    doc = make_doc("نسترن مهرآیین ، مدیر بنیاد نیلوفر ، امروز به کرمان رفت .")
    assert CrfTagger(load_model(model_path), min_score=1.01).find(doc) == []


def test_ner_features_corpus_tokens_and_doc_tokens_featurize_alike():
    lex = lexicon_from({"orgs": ["شرکت آبان رسان"]}, ["orgs"])
    f = Featurizer(lex)
    tokens = ["مدیر", "شرکت", "آبان‌رسان", "به", "کرمان", "رفت", "."]
    doc = make_doc(" ".join(tokens))
    assert f.sentence(tokens) == f.sentence([t.norm for t in doc.tokens])


def test_ner_features_lexicon_hits_match_with_or_without_spaces_and_zwnj():
    f = Featurizer(lexicon_from({"roles": ["رئیس جمهور"]}, ["roles"]))
    one = f.sentence(["رئیس‌جمهور", "گفت"])
    two = f.sentence(["رییس", "جمهور", "گفت"])
    assert "lx=B-roles" in one[0] and "lx[-1]=B-roles" in one[1]
    assert "lx=B-roles" in two[0] and "lx=I-roles" in two[1]
    assert not any(x.startswith("lx=") for x in two[2])


def test_ner_features_first_names_and_zwnj():
    feats = Featurizer().sentence(["ژاله", "نیک‌پی"])
    assert "fn=F" in feats[0] and "fn[1]" not in feats[0]
    assert "zwnj" in feats[1] and "fn[-1]" in feats[1]


def _rewrite(src, dst, **members):
    with zipfile.ZipFile(src) as zf:
        data = {n: zf.read(n) for n in zf.namelist()}
    data.update(members)
    with zipfile.ZipFile(dst, "w") as zf:
        for name, blob in data.items():
            if blob is not None:
                zf.writestr(name, blob)


def test_ner_load_tagger_missing_or_corrupt_raises_model_error(model_path, tmp_path):
    with zipfile.ZipFile(model_path) as zf:
        crf = zf.read("model.crfsuite")
        meta = json.loads(zf.read("meta.json"))
    bad = {
        "missing": None,
        "text": b"not a model at all",
        "truncated": model_path.read_bytes()[:200],
        "no_meta": {"meta.json": None},
        "damaged": {"model.crfsuite": crf[: len(crf) // 2]},  # crfsuite itself would crash on this
        "foreign": {"meta.json": json.dumps({**meta, "format": "other/9"}).encode()},
    }
    for name, how in bad.items():
        path = tmp_path / f"{name}.model"
        if isinstance(how, bytes):
            path.write_bytes(how)
        elif isinstance(how, dict):
            _rewrite(model_path, path, **how)
        with pytest.raises(ModelError) as exc:
            load_tagger(path)
        assert "\n" not in str(exc.value) and str(path) in str(exc.value), name
