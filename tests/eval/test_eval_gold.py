"""The gold loader accepts GOLD_FORMAT files and refuses malformed ones with a one-line error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.eval.gold import GoldError, load_gold, load_gold_set, parse_gold

DATA = Path(__file__).parent / "data"
GOOD = {
    "id": "x-1",
    "persons": [{"name": "علی رضایی", "alt": ["رضایی"], "honorifics": ["دکتر"]}],
    "organizations": [{"name": "وزارت نیرو", "alt": []}],
    "events": [{"name": "همایش انرژی", "alt": [], "kind": "همایش", "date": None}],
    "posts": [{"person": "رضایی", "role": "وزیر", "org": "وزارت نیرو", "evidence": "..."}],
    "participation": [{"person": "علی رضایی", "event": "همایش انرژی", "how": "speaker"}],
    "quotes": [{"speaker": "علی رضایی", "snippet": "آب و برق حق همه مردم"}],
    "suborganizations": [],
    "places": ["تهران"],
}


def _with(**changes):
    d = json.loads(json.dumps(GOOD))
    d.update(changes)
    return d


def test_gold_parse_good():
    g = parse_gold(GOOD)
    assert g.id == "x-1" and g.label == "x-1"
    assert g.persons[0].names == ("علی رضایی", "رضایی")
    assert g.posts[0].org == "وزارت نیرو" and g.places[0].name == "تهران"
    assert parse_gold(_with(transform="strip_zwnj")).label == "x-1+strip_zwnj"


@pytest.mark.parametrize(("data", "message"), [
    ([], "top level must be a JSON object"),
    (_with(id=None), "missing field 'id'"),
    (_with(id=""), "field 'id' must be a non-empty string"),
    (_with(persons={"name": "x"}), "'persons' must be a list"),
    (_with(persons=["علی"]), "persons[0] must be an object"),
    (_with(persons=[{"alt": []}]), "missing field 'name'"),
    (_with(persons=[{"name": "علی رضایی", "alt": "رضایی"}]), "'alt' must be a list of strings"),
    (_with(persons=[{"name": "علی رضایی", "religious_figure": "yes"}]), "'religious_figure' must be true or false"),
    (_with(posts=[{"person": "حسن", "role": "وزیر", "org": None}]), "posts[0].person 'حسن' is not in persons"),
    (_with(posts=[{"person": "رضایی", "org": None}]), "missing field 'role'"),
    (_with(participation=[{"person": "رضایی", "event": "همایش انرژی", "how": "sang"}]), "how must be one of"),
    (_with(participation=[{"person": "رضایی", "event": "جشن", "how": "speaker"}]), "event 'جشن' is not in events"),
    (_with(quotes=[{"speaker": "رضایی"}]), "missing field 'snippet'"),
    (_with(quotes=[{"speaker": "حسن", "snippet": "a b c d e"}]), "speaker 'حسن' is not in persons"),
    (_with(transform="lowercase"), "unknown transform 'lowercase'"),
])
def test_gold_rejects_malformed(data, message):
    with pytest.raises(GoldError) as err:
        parse_gold(data, "g.json")
    text = str(err.value)
    assert message in text and "\n" not in text and text.startswith("g.json")


def test_gold_load_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldError, match=r"bad\.json: not valid JSON"):
        load_gold(bad)
    with pytest.raises(GoldError, match="no such gold file"):
        load_gold_set([tmp_path / "missing.json"])
    with pytest.raises(GoldError, match="no gold files"):
        load_gold_set([tmp_path / "empty"] if (tmp_path / "empty").mkdir() is None else [])


def test_gold_set_refuses_two_files_for_one_article(tmp_path):
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(json.dumps(GOOD, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps(_with(transform="strip_zwnj"), ensure_ascii=False), encoding="utf-8")
    with pytest.raises(GoldError, match="already annotated"):
        load_gold_set([tmp_path])
    (tmp_path / "b.json").unlink()
    assert [g.label for g in load_gold_set([tmp_path])] == ["x-1", "x-1+strip_zwnj"]


def test_gold_cli_malformed_gold_is_one_line_exit_1(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_with(persons=[{"alt": []}])), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "eval", str(bad),
                           "--corpus", str(tmp_path / "none.jsonl")], capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and "missing field 'name'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_gold_tiny_fixture_is_valid():
    g = load_gold(DATA / "tiny-1.json")
    assert g.persons[-1].religious_figure
