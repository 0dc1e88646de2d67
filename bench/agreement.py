"""Inter-annotator agreement on the doubly annotated articles of tests/gold-sample (the ceiling for a system).

Usage: .venv/bin/python bench/agreement.py [--first DIRS] [--second DIR] [--include-test]

Each article of ``second/`` is scored against its first annotation (in train/ or dev/; test/ only with
``--include-test``, which prints figures and nothing of the articles) with kg eval's own matcher: micro P/R/F1 per
fact type, and exact-span agreement per mention label.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import kg  # noqa: F401  (HF_HUB_OFFLINE before anything else)
from kg.eval.agreement import agreement
from kg.eval.annotate import article_text
from kg.eval.gold import load_gold_set

ROOT = Path(__file__).resolve().parents[1] / "tests" / "gold-sample"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--second", type=Path, default=ROOT / "second")
    ap.add_argument("--include-test", action="store_true")
    args = ap.parse_args()
    first = [ROOT / "train", ROOT / "dev"] + ([ROOT / "test"] if args.include_test else [])
    ids = {g.id for g in load_gold_set([args.second])}
    texts = {i: article_text(i) for i in ids}
    ag = agreement(first, [args.second], texts)
    print(f"{len(ag.pairs)} articles annotated twice (first annotation as gold, second as system)")
    print(f"{'fact type':18s} {'P':>5s} {'R':>5s} {'F1':>5s} {'tp':>4s} {'fp':>4s} {'fn':>4s}")
    for t, c in ag.facts.totals.items():
        f = lambda x: f"{x:5.2f}" if x is not None else "    -"  # noqa: E731
        print(f"{t:18s} {f(c.precision)} {f(c.recall)} {f(c.f1)} {c.tp:4d} {c.fp:4d} {c.fn:4d}")
    print(f"{'mention label':18s} {'F1':>5s} {'both':>5s} {'1st':>5s} {'2nd':>5s}")
    for lab, (both, a, b) in sorted(ag.mentions.items()):
        f1 = 2 * both / (2 * both + a + b) if both else 0.0
        print(f"{lab:18s} {f1:5.2f} {both:5d} {a:5d} {b:5d}")


if __name__ == "__main__":
    main()
