"""Training on a real corpus (ARMAN, read in place from ../shared) reaches a sane person F1 quickly."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ner import TrainConfig, evaluate, load_model, read_iob, train

ARMAN = Path(__file__).resolve().parents[2] / ".." / "shared" / "datasets" / "ner" / "arman" / "ArmanPersoNERCorpus.zip"

pytestmark = [pytest.mark.shared, pytest.mark.slow]


@pytest.mark.skipif(not ARMAN.is_file(), reason="ARMAN corpus not present in ../shared/datasets/ner/arman")
def test_ner_arman_fold_reaches_sane_person_f1(tmp_path):
    train_part = read_iob(f"{ARMAN}#train_fold1.txt")[:2000]
    test_part = read_iob(f"{ARMAN}#test_fold1.txt")[:1000]
    train(train_part, tmp_path / "arman.model", TrainConfig(max_iterations=50, holdout=0.0), lexicon={})
    scores = evaluate(load_model(tmp_path / "arman.model"), test_part)
    # Measured 0.76 (PER) / 0.73 (all) with this setup; the floors leave room for feature changes.
    assert scores["PER"].f1 >= 0.65
    assert scores["ALL"].f1 >= 0.6
