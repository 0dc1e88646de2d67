"""Calibrate the confidence of every fact rule on the annotated TRAIN split, and check it on dev.

Usage: .venv/bin/python bench/calibrate.py [--write]

Each relational fact the system states (a post, a participation, a quotation, a sub-organization) is scored
against the train split's gold with kg eval's matcher; per extractor rule the share that is right gives its
confidence, stated conservatively as the lower end of a 90 % Wilson interval (a rule seen 18 times and right 15 is
not stated as 0.83). ``--write`` stores the table as kg/lexicons/confidence.tsv, which the extractor reads; the
report then shows, on dev, the precision of the facts in each confidence band. Never run on the test split.
"""

from __future__ import annotations

import argparse
import collections
import math
from pathlib import Path

import kg  # noqa: F401  (HF_HUB_OFFLINE before anything else)
from kg.eval.run import evaluate

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "kg" / "lexicons" / "confidence.tsv"
Z = 1.645  # 90 % two-sided


def wilson_low(ok: int, n: int, z: float = Z) -> float:
    """Lower end of the Wilson score interval of ``ok`` successes in ``n`` trials."""
    if n == 0:
        return 0.0
    p = ok / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, (centre - spread) / (1 + z * z / n))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    if args.write and TABLE.exists():
        TABLE.unlink()  # calibrate the rules' own scores, not a previous table's
    import kg.extract.lexicon as lexicon  # the table is read by the loader: drop a loaded copy

    lexicon._load.cache_clear()
    counts: dict[tuple[str, str], list[int]] = collections.defaultdict(lambda: [0, 0])
    for a in evaluate([ROOT / "tests" / "gold-sample" / "train"]).articles:
        for kind, _conf, rule, ok in a.hits:
            counts[(kind, rule)][0] += ok
            counts[(kind, rule)][1] += 1
    rows = sorted(((k, r, ok, n, wilson_low(ok, n)) for (k, r), (ok, n) in counts.items() if r), key=lambda x: -x[3])
    print(f"{'fact':17s} {'rule':30s} {'right':>7s} {'facts':>6s} {'prec':>5s} {'conf':>5s}")
    for kind, rule, ok, n, low in rows:
        print(f"{kind:17s} {rule:30s} {ok:7d} {n:6d} {ok / n:5.2f} {low:5.2f}")
    if args.write:
        lines = ["# Confidence of each fact rule: its precision on the annotated train split",
                 "# (tests/gold-sample/train), stated as the lower end of a 90 % Wilson interval.",
                 "# Made by bench/calibrate.py --write; do not edit.",
                 "rule\tfact\tconfidence\tcorrect\tfacts"]
        lines += [f"{r}\t{k}\t{low:.2f}\t{ok}\t{n}" for k, r, ok, n, low in sorted(rows, key=lambda x: x[1])]
        TABLE.write_text("\n".join(lines) + "\n", encoding="utf-8")
        lexicon._load.cache_clear()
        print(f"\nwrote {TABLE.relative_to(ROOT)}")
    dev = evaluate([ROOT / "tests" / "gold-sample" / "dev"]).calibration()
    print("\ndev: precision by stated confidence")
    for band, v in dev.items():
        prec = f"{v['precision']:.2f}" if v["precision"] is not None else "-"
        print(f"  {band:12s} {v['correct']:4d}/{v['facts']:<4d} {prec}")


if __name__ == "__main__":
    main()
