"""Losing every ZWNJ changes nothing a user of the graph sees: ``kg eval`` of each gold article (tests/gold and
tests/gold-unseen) on its ZWNJ-stripped text scores exactly like the original, fact by fact (issue 15).

The stripped variants are the gold files themselves with ``"transform": "strip_zwnj"`` (the gold format's own
extension, ``tests/gold/README.md``), scored through the public ``kg.eval.evaluate``, as ``kg eval`` would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.eval import evaluate

ROOT = Path(__file__).resolve().parents[2]
GOLD_DIRS = [ROOT / "tests" / "gold", ROOT / "tests" / "gold-unseen"]
CORPUS = ROOT / ".." / "shared" / "corpus" / "fars-news" / "fars-news.jsonl"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/corpus/fars-news (the Fars corpus)"),
]


def _originals() -> list[Path]:
    files = []
    for folder in GOLD_DIRS:
        for path in sorted(folder.glob("*.json")):
            if "transform" not in json.loads(path.read_text(encoding="utf-8")):
                files.append(path)
    return files


def _scores(report) -> dict[str, dict[str, tuple]]:
    """Per article id and fact type: the counts, and the false positives and misses as reported, ZWNJs removed."""
    out = {}
    for a in report.articles:
        assert a.error is None, f"{a.id}: {a.error}"
        out[a.id.split("+")[0]] = {
            t: ((c.tp, c.fp, c.fn), sorted(x.replace("\u200c", "") for x in a.fp[t]),
                sorted(x.replace("\u200c", "") for x in a.fn[t]))
            for t, c in a.counts.items()}
    return out


def _same(original: dict[str, tuple], stripped: dict[str, tuple]) -> bool:
    """Equal counts and the same facts; a quote is shown as the article writes it, cut after 80 characters, so the
    stripped article's (no ZWNJs) is cut later: one of the two shown texts must begin the other."""
    for t, (counts, fp, fn) in original.items():
        counts2, fp2, fn2 = stripped[t]
        if counts != counts2 or len(fp) != len(fp2) or len(fn) != len(fn2):
            return False
        for a, b in zip(fp + fn, fp2 + fn2, strict=True):
            if not (a.startswith(b) or b.startswith(a)):
                return False
    return True


@pytest.fixture(scope="module")
def stripped_gold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gold-stripped")
    for path in _originals():
        data = json.loads(path.read_text(encoding="utf-8"))
        data["transform"] = "strip_zwnj"
        (folder / f"{path.parent.name}-{path.stem}-nozwnj.json").write_text(json.dumps(data, ensure_ascii=False),
                                                                            encoding="utf-8")
    return folder


def test_text_zwnj_stripped_gold_articles_score_like_the_originals(stripped_gold: Path) -> None:
    originals = _originals()
    assert len(originals) >= 38  # every annotated article of both sets
    original = _scores(evaluate(originals, corpus=CORPUS))
    stripped = _scores(evaluate([stripped_gold], corpus=CORPUS))
    assert set(stripped) == set(original)
    differing = {aid: (original[aid], stripped[aid]) for aid in original if not _same(original[aid], stripped[aid])}
    assert not differing, f"{len(differing)} article(s) score differently without ZWNJs: {sorted(differing)}"
