"""Extraction speed over the whole Fars corpus, against hazm's own normalize + sentence + word tokenize.

Usage: .venv/bin/python bench/extract_speed.py [CORPUS.jsonl] [--limit N]

Both are timed in the same run on the same article texts, with one shared hazm ``Normalizer``,
``SentenceTokenizer`` and ``WordTokenizer`` (built once, outside the timing); extraction as ``kg build`` runs it (with
the default mention model) and with the rules alone. Target: ratio ≤ 3×.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from hazm import Normalizer, SentenceTokenizer, WordTokenizer

import kg  # noqa: F401  (sets HF_HUB_OFFLINE before hazm is imported)
from kg.extract import extract, load_lexicons
from kg.io import read_articles
from kg.types import Article

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "fars-news" / "fars-news.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    arts = [a for a in read_articles([args.corpus]) if isinstance(a, Article)]
    if args.limit:
        arts = arts[: args.limit]
    chars = sum(len(a.text) for a in arts)

    normalizer, sents, words = Normalizer(), SentenceTokenizer(), WordTokenizer()
    t0 = time.perf_counter()
    for a in arts:
        for s in sents.tokenize(normalizer.normalize(a.text)):
            words.tokenize(s)
    hazm_s = time.perf_counter() - t0

    lex = load_lexicons()
    extract(arts[0], lex)  # warm caches (lexicons, fold, the mention model)

    def run(**kw) -> tuple[float, int]:
        t0 = time.perf_counter()
        facts = 0
        for a in arts:
            x = extract(a, lex, **kw)
            facts += len(x.posts) + len(x.relations) + len(x.quotes)
        return time.perf_counter() - t0, facts

    ext_s, facts = run()
    rules_s, rules_facts = run(model=None)

    print(f"articles            {len(arts):>10}   chars {chars:,}")
    print(f"hazm normalize+tok  {hazm_s:>10.2f} s   {len(arts) / hazm_s:8.1f} articles/s")
    print(f"kg.extract          {ext_s:>10.2f} s   {len(arts) / ext_s:8.1f} articles/s   ({facts} facts)")
    print(f"  rules alone       {rules_s:>10.2f} s   {len(arts) / rules_s:8.1f} articles/s   ({rules_facts} facts; "
          f"model=None)")
    print(f"ratio extract/hazm  {ext_s / hazm_s:>10.2f} x   (target <= 3x); rules alone {rules_s / hazm_s:.2f} x")


if __name__ == "__main__":
    main()
