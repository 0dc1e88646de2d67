"""The seeded, stratified draw of the annotated sample (issue 17); run once, its output is ``manifest.tsv``.

Articles of the Fars corpus that no earlier gold set holds, with 500–5,000 characters of text (annotation cost
bounds the top; the bottom drops one-line briefs with nothing to annotate), one per distinct text, are grouped by
category (every provincial desk is one group, small categories are "other") and drawn in proportion to each group's
size. Each drawn article is then put in train, dev or test by a second seeded shuffle within its group, and a
random subset is marked for a second, independent annotation.

    python tests/gold-sample/draw.py ../shared/corpus/fars-news/fars-news.jsonl > tests/gold-sample/manifest.tsv

A later extension of the train split (the learning curve showed more annotation still paid) draws more articles the
same way from what is left, all for train, with its own seed, and appends them to the manifest:

    python tests/gold-sample/draw.py CORPUS --extend 120 --seed 18 >> tests/gold-sample/manifest.tsv
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

SEED = 17
TOTAL = 190
SPLITS = (("train", 0.60), ("dev", 0.20), ("test", 0.20))
DOUBLE = 22
MIN_CHARS, MAX_CHARS = 500, 5000
WORLD = {"world", "foreign-policy"}
OWN = {"farsplus-magazine", "politics", "social", "sports", "economy", "arts-media", "culture", "scientific-academic"}
OTHER = {"", "education", "other-media", "multimedia", "myfars", "last-clay", "viewpoint"}
HERE = Path(__file__).parent


def group(rec: dict) -> str:
    """The stratum: a category of its own, world news, "other" for the small ones, else a provincial desk."""
    cat = rec.get("category") or ""
    if cat in OWN:
        return cat
    if cat in WORLD:
        return "world"
    return "other" if cat in OTHER else "province"


def text_of(rec: dict) -> str:
    parts = [rec.get("title") or "", rec.get("abstract") or "", *(rec.get("paragraphs") or [])]
    return "\n".join(p for p in parts if p.strip())


def main(corpus: str, extend: int = 0, seed: int = SEED) -> None:
    taken = {p.stem.removesuffix("-nozwnj") for d in ("gold", "gold-unseen") for p in (HERE.parent / d).glob("*.json")}
    if extend:
        taken |= {line.split("\t")[0] for line in (HERE / "manifest.tsv").read_text(encoding="utf-8").splitlines()}
    seen_text: set[str] = set()
    pool: dict[str, list[dict]] = defaultdict(list)
    for line in Path(corpus).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        text = text_of(rec)
        if rec["id"] in taken or text in seen_text or not MIN_CHARS <= len(text) <= MAX_CHARS:
            seen_text.add(text)
            continue
        seen_text.add(text)
        pool[group(rec)].append(rec)
    rng = random.Random(seed)
    size = sum(len(v) for v in pool.values())
    quotas = {g: round((extend or TOTAL) * len(v) / size) for g, v in pool.items()}
    rows = []
    for g in sorted(pool):
        drawn = rng.sample(pool[g], min(quotas[g], len(pool[g])))
        rng.shuffle(drawn)
        cuts, acc = [], 0.0
        for _, share in SPLITS:
            acc += share
            cuts.append(round(acc * len(drawn)))
        for i, rec in enumerate(drawn):
            split = "train" if extend else next(name for (name, _), cut in zip(SPLITS, cuts, strict=True) if i < cut)
            rows.append((rec["id"], g, rec.get("category") or "", len(text_of(rec)), split))
    rows.sort()
    double = set() if extend else set(rng.sample([r[0] for r in rows], DOUBLE))
    if not extend:
        print("id\tgroup\tcategory\tchars\tsplit\tdouble")
    for rid, g, cat, n, split in rows:
        print(f"{rid}\t{g}\t{cat}\t{n}\t{split}\t{'yes' if rid in double else 'no'}")


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default="../shared/corpus/fars-news/fars-news.jsonl")
    ap.add_argument("--extend", type=int, default=0)
    ap.add_argument("--seed", type=int, default=SEED)
    a = ap.parse_args()
    main(a.corpus, a.extend, a.seed)
