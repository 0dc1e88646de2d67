"""`kg train-ner` through Typer's CliRunner."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app
from kg.errors import InputError
from kg.ner import CrfTagger, load_model
from kg.text import make_doc

SENTENCE = "آقای {f} {l} در {c} گفت : کار ادامه دارد ."
PEOPLE = [("بهرام", "نیک‌پی"), ("ژاله", "کاوسی"), ("کیوان", "مهرآیین"), ("شیدا", "رازقی")]
CITIES = ["شیراز", "تبریز", "کرمان", "یزد", "قزوین"]


def _corpus() -> str:
    lines: list[str] = []
    for k in range(20):
        first, last = PEOPLE[k % 4]
        text = SENTENCE.format(f=first, l=last, c=CITIES[k % 5]).split()
        tags = ["O", "B-PER", "I-PER", "O", "B-LOC"] + ["O"] * (len(text) - 5)
        lines += [f"{t}\t{g}" for t, g in zip(text, tags, strict=True)] + [""]
    return "\n".join(lines)


def test_ner_cli_train_ner_writes_model_and_reports_f1(tmp_path):
    corpus = tmp_path / "toy.iob"
    corpus.write_text(_corpus(), encoding="utf-8")
    model = tmp_path / "out" / "toy.model"
    result = CliRunner().invoke(app, ["train-ner", str(corpus), "-o", str(model), "--holdout", "0.2",
                                      "--max-iterations", "30"])
    assert result.exit_code == 0, result.output
    assert "held-out F1 (4 sentences" in result.output and "PER" in result.output
    doc = make_doc("آقای شیدا کاوسی در قزوین گفت : کار ادامه دارد .")
    found = {(m.label, m.text) for m in CrfTagger(load_model(model)).find(doc)}
    assert found == {("PER", "شیدا کاوسی"), ("LOC", "قزوین")}


def test_ner_cli_train_ner_missing_corpus_is_a_user_error(tmp_path):
    result = CliRunner().invoke(app, ["train-ner", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "m")])
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)
    assert not (tmp_path / "m").exists()


def test_ner_cli_train_ner_rejects_text_that_is_not_iob(tmp_path):
    plain = tmp_path / "article.txt"
    plain.write_text("این یک متن خبری ساده است و برچسب ندارد\nجمله دوم هم برچسبی ندارد\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["train-ner", str(plain), "-o", str(tmp_path / "m")])
    assert isinstance(result.exception, InputError) and "IOB" in str(result.exception)


def test_ner_default_model_is_loaded_lazily_once_per_process():
    # importing the extractor reads no model file; the first extraction loads the shipped one, later ones reuse it
    code = ("import kg.extract as x, kg.ner.stacked as s; from kg.types import Article;"
            "a = Article(id='a', text='متن'); print(s.default_model.cache_info().currsize); x.extract(a); x.extract(a);"
            "i = s.default_model.cache_info(); print(i.currsize, i.misses)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "1", "1"]


def test_ner_rules_only_build_never_loads_the_mention_model(tmp_path):
    # `kg build --rules-only` extracts with the rules alone: the shipped model file is never read
    seed = Path(__file__).resolve().parents[1] / "data" / "seed.txt"
    code = ("import kg.ner.stacked as s; from kg.build import build_graph;"
            f"r = build_graph([{str(seed)!r}], {str(tmp_path / 'g.nq')!r}, workers=1, rules_only=True);"
            "print(r.articles, s.default_model.cache_info().currsize)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["1", "0"]
