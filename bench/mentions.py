"""The mention model on the dev split: exact-span F1 per label (model vs rules alone), kg eval with and without it,
and the learning curve (dev F1 with 30 / 60 / all train articles).

Usage: .venv/bin/python bench/mentions.py [--curve 30,60,0] [--seed 0]

Models for the curve are trained into a temporary folder on seeded random subsets of tests/gold-sample/train; the
shipped model (kg/models/mentions.crf) is not touched. Never run it on the locked test split.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
from pathlib import Path

import kg  # noqa: F401  (HF_HUB_OFFLINE before anything else)
import kg.extract.pipeline as pipeline
from kg.eval.run import evaluate
from kg.ner.stacked import load_mention_model
from kg.ner.train_stacked import score_model, train_mentions

ROOT = Path(__file__).resolve().parents[1] / "tests" / "gold-sample"


def _eval(model) -> dict[str, float]:
    """kg eval on dev with ``model`` voting (None: rules alone)."""
    saved = pipeline.default_model
    pipeline.default_model = lambda: model
    try:
        return {t: (c.f1 or 0.0) for t, c in evaluate([ROOT / "dev"]).totals.items()}
    finally:
        pipeline.default_model = saved


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--curve", default="30,60,0", help="train sizes (0 = all)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    train = sorted((ROOT / "train").glob("*.json"))
    rules = _eval(None)
    print("kg eval dev, rules alone:   " + "  ".join(f"{k[:5]} {v:.3f}" for k, v in rules.items()))
    with tempfile.TemporaryDirectory(prefix="peyvand-curve-") as tmp:
        for n in [int(x) for x in args.curve.split(",")]:
            files = train if n == 0 or n >= len(train) else random.Random(args.seed).sample(train, n)
            sub = Path(tmp) / f"train{len(files)}"
            sub.mkdir()
            for f in files:
                shutil.copy(f, sub / f.name)
            report = train_mentions([sub], Path(tmp) / f"m{len(files)}.crf")
            model = load_mention_model(report.path)
            spans, rule_spans = score_model(model, [ROOT / "dev"])
            print(f"\n{len(files)} train articles ({report.tokens} tokens, {report.seconds:.0f} s to train)")
            print("  span F1 model: " + "  ".join(f"{k} {v.f1:.3f}" for k, v in spans.items()))
            print("  span F1 rules: " + "  ".join(f"{k} {v.f1:.3f}" for k, v in rule_spans.items()))
            facts = _eval(model)
            print("  kg eval dev:   " + "  ".join(f"{k[:5]} {v:.3f}" for k, v in facts.items()))


if __name__ == "__main__":
    main()
