"""`kg build --ner-model`: the tagger is loaded once, checked before any work, and its mentions reach extraction."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ner_crf import _corpus
from typer.testing import CliRunner

from kg.cli import app
from kg.corpus import build_stream
from kg.io import article_from_text
from kg.ner import TrainConfig, parse_iob, train

TEXT = "دیروز ویراگ تیشتری در همایش دانش گفت : کار ادامه دارد .\n"


@pytest.fixture(scope="module")
def toy_model(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("nerbuild") / "toy.model"
    train(list(parse_iob(_corpus().splitlines())), path, TrainConfig(max_iterations=60, holdout=0.0), lexicon={})
    return path


def test_ner_build_cli_with_model_builds(tmp_path: Path, toy_model: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text(TEXT, encoding="utf-8")
    res = CliRunner().invoke(app, ["build", str(art), "-o", str(tmp_path / "a.nq"), "-j", "1",
                                   "--ner-model", str(toy_model)])
    assert res.exit_code == 0, res.output
    assert "همایش دانش" in (tmp_path / "a.nq").read_text(encoding="utf-8")


def test_ner_build_cli_bad_model_is_one_line_error(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text(TEXT, encoding="utf-8")
    bad = tmp_path / "bad.model"
    bad.write_bytes(b"not a model")
    res = CliRunner().invoke(app, ["build", str(art), "-o", str(tmp_path / "a.nq"), "--ner-model", str(bad)])
    assert res.exit_code != 0
    assert not (tmp_path / "a.nq").exists()


def test_ner_build_stream_passes_tagger_mentions_to_the_extractor(toy_model: Path) -> None:
    from kg.corpus import _tagger
    from kg.extract import extract
    from kg.text import make_doc

    text = "دیروز کیوان دریاکنار در همایش دانش سخنرانی کرد .\n"
    article = article_from_text(text, "a")
    tagger = _tagger(str(toy_model))
    spans = {(m.start, m.end) for m in tagger.find(make_doc(article.text))}
    assert spans, "the toy model should tag the person it was trained on"
    tagged = extract(article, taggers=(tagger,))
    assert spans <= {(m.start, m.end) for m in tagged.mentions}  # the tagger's spans reach the merged mentions
    (result,) = build_stream([article], workers=1, ner_model=toy_model)
    assert result.quads > 0
