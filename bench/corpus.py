"""Corpus benchmark over the whole Fars corpus (../shared/corpus/fars-news/fars-news.jsonl).

Every run is a fresh subprocess (so ``ru_maxrss`` is that run's own peak) that streams the corpus through
``kg.corpus.build_stream`` into one writer (``kg.corpus.write_result`` into an on-disk Oxigraph store) and reports:
  1. articles/s and triples/s with 1 and 2 workers, and the speed-up (2 workers / 1 worker, same machine, same run);
  2. persons and organizations before identity resolution (distinct surface forms: every label and altLabel as
     written) and after (distinct entity IRIs across the corpus);
  3. peak memory (ru_maxrss of the run + its worker processes) when fed the corpus 1×, 2×, 3× (each copy a
     distinct article: its text gets a copy marker, so the store really grows) — the curve must stay flat;
     ``--mem-limit N`` feeds the first N records 1×, 2×, 3× instead, to keep the run short on 2 cores;
  4. a Markdown spot-check table: the ten persons and ten organizations found in the most articles, with their
     article counts and merged variants.

    .venv/bin/python bench/corpus.py                    # everything (~35 min on 2 busy cores)
    .venv/bin/python bench/corpus.py --mem-limit 500    # memory curve on 500 / 1000 / 1500 articles
    .venv/bin/python bench/corpus.py --limit 300        # a quick look on the first 300 articles
    .venv/bin/python bench/corpus.py --no-memory        # speed, identity and the table only
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

FLUSH_EVERY = 200  # articles between store flushes (what the writer in kg.store.ingest should do too)
CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "fars-news" / "fars-news.jsonl"


def _articles(path: Path, limit: int | None, copies: int) -> Iterator:
    from kg.io import read_articles
    from kg.types import Article

    for k in range(copies):
        for item in itertools.islice(read_articles([path]), limit):
            if k and isinstance(item, Article):  # a distinct article per copy: new id, new text, new graph
                item = replace(item, id=f"{item.id}~{k}", text=f"{item.text}\n(نسخه {k + 1})")
            yield item


def _run(path: Path, workers: int, limit: int | None, copies: int, stats: bool) -> dict:
    """One measured build (runs inside the child process)."""
    import pyoxigraph as ox

    from kg.corpus import ArticleResult, build_stream, write_result

    persons: dict[str, dict] = defaultdict(lambda: {"articles": set(), "labels": Counter(), "surfaces": set()})
    surfaces: dict[str, set[str]] = {"Person": set(), "Organization": set()}
    iris: dict[str, set[str]] = {"Person": set(), "Organization": set()}
    n = skipped = quads = 0
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        store = ox.Store(tmp)
        start = time.perf_counter()
        for r in build_stream(_articles(path, limit, copies), workers=workers):
            if not isinstance(r, ArticleResult):
                skipped += 1
                continue
            write_result(store, r)
            n += 1
            if n % FLUSH_EVERY == 0:
                store.flush()  # without it RocksDB's memtables grow with the corpus (~1 kB a quad)
            quads += r.quads
            if stats:
                for e in r.entities:
                    surfaces[e.kind].update(e.surfaces)
                    iris[e.kind].add(e.iri)
                    rec = persons[e.iri]
                    rec["kind"] = e.kind
                    rec["articles"].add(r.article_id)
                    rec["labels"][e.label] += 1
                    rec["surfaces"].update(e.surfaces)
        store.flush()
        seconds = time.perf_counter() - start
        stored = len(store)
        del store
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out = {"workers": workers, "copies": copies, "articles": n, "skipped": skipped, "quads": quads,
           "stored": stored, "seconds": seconds, "rss_self_mb": rss_self, "rss_children_mb": rss_children}
    if stats:
        out["before"] = {k: len(v) for k, v in surfaces.items()}
        out["after"] = {k: len(v) for k, v in iris.items()}
        ranked = sorted(persons.items(), key=lambda kv: (-len(kv[1]["articles"]), kv[0]))
        top = [kv for kv in ranked if kv[1]["kind"] == "Person"][:10] + [
            kv for kv in ranked if kv[1]["kind"] == "Organization"][:10]
        out["top"] = [{"iri": iri, "kind": rec["kind"], "label": rec["labels"].most_common(1)[0][0],
                       "articles": len(rec["articles"]),
                       "variants": sorted(rec["surfaces"] - {rec["labels"].most_common(1)[0][0]})}
                      for iri, rec in top]
    return out


def _child(args: argparse.Namespace, workers: int, copies: int, stats: bool, limit: int | None = None) -> dict:
    cmd = [sys.executable, __file__, "--child", f"{workers},{copies},{int(stats)}", "--corpus", str(args.corpus)]
    if limit or args.limit:
        cmd += ["--limit", str(limit or args.limit)]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        sys.exit(f"bench run failed (workers={workers}, copies={copies}):\n{res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def _table(top: list[dict]) -> str:
    rows = ["| entity | kind | articles | merged variants (skos:altLabel) |", "|---|---|---:|---|"]
    for t in top:
        variants = "، ".join(t["variants"][:8]) + (" …" if len(t["variants"]) > 8 else "")
        rows.append(f"| {t['label']} | {t['kind']} | {t['articles']} | {variants or '—'} |")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N records")
    ap.add_argument("--no-memory", action="store_true", help="skip the 2× and 3× memory runs")
    ap.add_argument("--mem-limit", type=int, default=None, help="memory curve on the first N records ×1 ×2 ×3")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        workers, copies, stats = map(int, args.child.split(","))
        print(json.dumps(_run(args.corpus, workers, args.limit, copies, bool(stats)), ensure_ascii=False))
        return
    if not args.corpus.exists():
        print(f"skipped: corpus not found at {args.corpus.resolve()} (needs ../shared next to the repo)")
        return

    one = _child(args, 1, 1, False)
    two = _child(args, 2, 1, True)
    print(f"corpus: {args.corpus.resolve()} ({two['articles']} articles built, {two['skipped']} skipped); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("\n## speed (extract + map in workers, one writer into an on-disk Oxigraph store)")
    for r in (one, two):
        print(f"  {r['workers']} worker(s): {r['articles'] / r['seconds']:.2f} articles/s, "
              f"{r['quads'] / r['seconds']:.0f} triples/s ({r['seconds']:.1f} s, {r['quads']} quads, "
              f"{r['stored']} in store)")
    print(f"  speed-up 2 workers / 1 worker: {one['seconds'] / two['seconds']:.2f}×")
    print("\n## identity resolution (persons / organizations)")
    print(f"  before (distinct surface forms): {two['before']['Person']} / {two['before']['Organization']}")
    print(f"  after  (distinct entity IRIs):   {two['after']['Person']} / {two['after']['Organization']}")
    print("\n## peak memory (ru_maxrss, MB: writer process + largest worker), workers=2")
    if args.no_memory:
        curve = [two]
    elif args.mem_limit:
        curve = [_child(args, 2, k, False, args.mem_limit) for k in (1, 2, 3)]
    else:
        curve = [two, _child(args, 2, 2, False), _child(args, 2, 3, False)]
    for r in curve:
        print(f"  corpus ×{r['copies']}: {r['articles']} articles, writer {r['rss_self_mb']:.0f} MB, "
              f"worker {r['rss_children_mb']:.0f} MB, sum {r['rss_self_mb'] + r['rss_children_mb']:.0f} MB")
    if len(curve) > 1:
        base = curve[0]["rss_self_mb"] + curve[0]["rss_children_mb"]
        print("  growth vs ×1: " + ", ".join(
            f"×{r['copies']}: {(r['rss_self_mb'] + r['rss_children_mb']) / base:.2f}" for r in curve))
    print("\n## spot check: the ten persons and ten organizations found in the most articles\n")
    print(_table(two["top"]))


if __name__ == "__main__":
    main()
