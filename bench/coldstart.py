"""Cold start: a whole ``kg build`` of one article, in a fresh process, against the bare import of the libraries.

Baseline, in the same run: a fresh interpreter that only does ``import hazm, rdflib, pyoxigraph, networkx`` (what
any Persian-NLP + RDF + graph script pays before doing anything). Measured, each a fresh process, wall clock:

- ``kg build tests/data/seed.txt -o OUT.trig`` with the compiled cache (``kg.cache``) already made;
- the same on first use (an empty cache folder: what the very first build after install pays);
- a worker's start-up: a fresh interpreter until ``kg.corpus``'s extractor is ready (lexicons and word data loaded),
  what a spawned or Dask worker pays before its first article.

Rounds are interleaved (baseline, build, first use, worker; again…) so that the shared machine's load hits all of
them alike; the medians and their ratios are printed with the load average. Target: build / imports <= 1.5×, a
worker well under a second.

    .venv/bin/python bench/coldstart.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "seed.txt"
KG = Path(sys.executable).with_name("kg")
WORKER = "from kg.corpus import _extractor; _extractor()"


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    if res.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{res.stderr[-2000:]}")
    return seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    times: dict[str, list[float]] = {"imports": [], "build": [], "first use": [], "worker": []}
    loads = []
    with tempfile.TemporaryDirectory(prefix="bench-coldstart-") as tmp:
        cache = Path(tmp) / "cache"
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "PEYVAND_CACHE_DIR": str(cache)}
        out = str(Path(tmp) / "seed.trig")
        build = [str(KG), "build", str(SEED), "-o", out]
        _wall(build, env)  # make the cache
        for r in range(args.rounds):
            loads.append(os.getloadavg()[0])
            times["imports"].append(_wall([sys.executable, "-c", "import hazm, rdflib, pyoxigraph, networkx"], env))
            times["build"].append(_wall(build, env))
            first = {**env, "PEYVAND_CACHE_DIR": str(Path(tmp) / f"empty-{r}")}
            times["first use"].append(_wall(build, first))
            times["worker"].append(_wall([sys.executable, "-c", WORKER], env))
    med = {k: statistics.median(v) for k, v in times.items()}
    per_round = [b / i for b, i in zip(times["build"], times["imports"], strict=True)]
    print(f"{args.rounds} interleaved rounds, each a fresh process; load average {min(loads):.1f}–{max(loads):.1f} "
          f"on {os.cpu_count()} cores")
    for k, label in (("imports", "import hazm, rdflib, pyoxigraph, networkx"),
                     ("build", "kg build seed.txt (cache made)"),
                     ("first use", "kg build seed.txt (empty cache)"),
                     ("worker", "worker start-up (extractor ready)")):
        print(f"  {label:42s} median {med[k]:5.2f} s   (min {min(times[k]):.2f}, max {max(times[k]):.2f})")
    print(f"ratio kg build / bare imports: {med['build'] / med['imports']:.2f}×   (per round "
          f"{min(per_round):.2f}–{max(per_round):.2f}; target <= 1.5×)")
    print(f"ratio first use / bare imports: {med['first use'] / med['imports']:.2f}×")
    print(f"worker start-up: {med['worker']:.2f} s, {med['worker'] / med['imports']:.2f}× the bare imports "
          f"(target well under 1 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
