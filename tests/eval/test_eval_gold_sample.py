"""The annotated sample: every file sits in the split the seeded draw gave it, and its offsets hold."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.eval.annotate import article_text
from kg.eval.gold import check_text, load_gold

SAMPLE = Path(__file__).resolve().parents[1] / "gold-sample"
CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "fars-news" / "fars-news.jsonl"
FOLDERS = ("train", "dev", "test", "second")


def _manifest() -> dict[str, dict[str, str]]:
    with (SAMPLE / "manifest.tsv").open(encoding="utf-8") as fh:
        return {r["id"]: r for r in csv.DictReader(fh, delimiter="\t")}


FILES = sorted(p for d in FOLDERS for p in (SAMPLE / d).glob("*.json"))


def test_eval_sample_files_sit_in_their_drawn_split():
    manifest = _manifest()
    for p in FILES:
        row = manifest.get(p.stem)
        assert row is not None, f"{p}: not in the drawn sample"
        if p.parent.name == "second":
            assert row["double"] == "yes", f"{p}: second annotation of an article not drawn for it"
        else:
            assert row["split"] == p.parent.name, f"{p}: belongs to {row['split']}"


@pytest.mark.shared
@pytest.mark.skipif(not CORPUS.is_file(), reason="../shared (the Fars corpus) is absent: offsets cannot be checked")
@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_eval_sample_offsets_point_into_the_text_and_facts_end_in_mentions(path):
    g = load_gold(path)
    assert g.mentions, f"{path}: no mentions"
    assert check_text(g, article_text(g.id, CORPUS)) == []
