"""Text-layer speed: ``kg.text.make_doc`` over the Fars News corpus vs hazm's own pipeline in the same process.

Baseline: ONE shared hazm ``Normalizer``, ``SentenceTokenizer`` and ``WordTokenizer``: ``normalize`` the text, split
it into sentences and each sentence into words. Both sides run over the same texts after a warm-up (lexicons
loaded, caches cold for the measured texts: the ZWNJ cache is cleared before the timed run).

Run: ``.venv/bin/python bench/text_speed.py [--limit N] [--repeat R]``. Target: ratio <= 1.3.
"""

from __future__ import annotations

import argparse
import sys
import time

from _data import FARS, fars_texts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--repeat", type=int, default=1, help="take the best of R runs of each side")
    args = ap.parse_args()
    if not FARS.exists():
        print(f"SKIP: corpus not found at {FARS.resolve()} (../shared is absent)")
        return 0

    from hazm import Normalizer, SentenceTokenizer, WordTokenizer

    from kg.text import make_doc
    from kg.text.zwnj import repair_zwnj

    texts = fars_texts(args.limit)
    chars = sum(map(len, texts))
    normalizer, sentences, words = Normalizer(), SentenceTokenizer(), WordTokenizer()

    def hazm_side() -> int:
        n = 0
        for t in texts:
            for s in sentences.tokenize(normalizer.normalize(t)):
                n += len(words.tokenize(s))
        return n

    def peyvand_side() -> int:
        repair_zwnj.cache_clear()
        return sum(len(make_doc(t).tokens) for t in texts)

    make_doc(texts[0])  # load lexicons outside the timing
    hazm_side_t, ours_t = float("inf"), float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        n_hazm = hazm_side()
        hazm_side_t = min(hazm_side_t, time.perf_counter() - t0)
        t0 = time.perf_counter()
        n_ours = peyvand_side()
        ours_t = min(ours_t, time.perf_counter() - t0)
    print(f"corpus: {len(texts)} articles, {chars} chars")
    for name, secs, n in (("hazm normalize+sent+word", hazm_side_t, n_hazm), ("peyvand make_doc", ours_t, n_ours)):
        print(f"{name:25s}: {secs:6.2f} s  {chars / secs / 1000:7.0f}k chars/s  {n} tokens")
    print(f"ratio peyvand / hazm     : {ours_t / hazm_side_t:.2f}x   (target <= 1.3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
