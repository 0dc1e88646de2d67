"""Corpus benchmark over the whole Fars corpus (../shared/corpus/fars-news/fars-news.jsonl).

Every measured run is a fresh subprocess (so ``ru_maxrss`` and CPU times are that run's own). The machine is shared,
so runs that are compared are interleaved and repeated, and the load average is printed with them.

1. ``kg build`` of the first 300 articles end to end (process start, extraction, RDF written to a .trig file), in a
   fresh ``kg`` process, against hazm's own normalize + sentence + word pass over the same texts in this process,
   interleaved ``--rounds`` times. Target: <= 4×.
2. The whole corpus streamed through ``kg.corpus.build_stream`` into one writer (``kg.corpus.write_result`` into an
   on-disk Oxigraph store, as ``kg build -o DIR`` does), with 1 and 2 workers, ``--repeat`` times: articles/s and
   the speed-up, and where the CPU goes (a profile of the run): the writer process's main thread split into
   extraction-or-waiting, writing, and its helper threads (pickling work out, unpickling results in), and the
   workers' CPU. From it, the speed-up two idle cores would give (one-worker CPU / the larger of the writer
   process's CPU and half the total). Target: 2 workers >= 1.7× one.
3. Persons and organizations before identity resolution (distinct surface forms) and after (distinct entity IRIs).
4. Peak memory (ru_maxrss of the writer + the largest worker) fed the corpus 1×, 2×, 3× (each copy a distinct
   article: its text gets a copy marker, so the store really grows); the curve must stay flat.
5. A Markdown spot-check table: the ten persons and ten organizations found in the most articles.

    .venv/bin/python bench/corpus.py                     # everything (~15 min on 2 busy cores)
    .venv/bin/python bench/corpus.py --only build300     # section 1 only (also: speed, memory, identity)
    .venv/bin/python bench/corpus.py --mem-limit 500     # memory curve on 500 / 1000 / 1500 articles only
    .venv/bin/python bench/corpus.py --limit 300         # sections 2-5 on the first 300 articles
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

FLUSH_EVERY = 200  # articles between store flushes, as kg.build does
CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "fars-news" / "fars-news.jsonl"
KG = Path(sys.executable).with_name("kg")
SECTIONS = ("build300", "speed", "identity", "memory")


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
    stream_cpu = write_cpu = 0.0  # this process's main thread: getting results (extraction itself with 1 worker)
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        store = ox.Store(tmp)
        start = time.perf_counter()
        results = build_stream(_articles(path, limit, copies), workers=workers)
        while True:
            c0 = time.thread_time()
            r = next(results, None)
            c1 = time.thread_time()
            stream_cpu += c1 - c0
            if r is None:
                break
            if not isinstance(r, ArticleResult):
                skipped += 1
                continue
            write_result(store, r)
            n += 1
            if n % FLUSH_EVERY == 0:
                store.flush()  # without it RocksDB's memtables grow with the corpus (~1 kB a quad)
            write_cpu += time.thread_time() - c1
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
        c0 = time.thread_time()
        store.flush()
        write_cpu += time.thread_time() - c0
        seconds = time.perf_counter() - start
        stored = len(store)
        del store
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    out = {"workers": workers, "copies": copies, "articles": n, "skipped": skipped, "quads": quads,
           "stored": stored, "seconds": seconds, "load": os.getloadavg()[0],
           "cpu_self": me.ru_utime + me.ru_stime, "cpu_children": kids.ru_utime + kids.ru_stime,
           "cpu_stream": stream_cpu, "cpu_write": write_cpu,
           "rss_self_mb": me.ru_maxrss / 1024, "rss_children_mb": kids.ru_maxrss / 1024}
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


def _build300(args: argparse.Namespace) -> None:
    """Section 1: a whole ``kg build`` process on the first N articles vs hazm's pass over the same texts."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from hazm import Normalizer, SentenceTokenizer, WordTokenizer

    sys.path.insert(0, str(Path(__file__).parent))
    from _data import fars_texts

    n = args.build_articles
    texts = fars_texts(n)
    normalizer, sentences, words = Normalizer(), SentenceTokenizer(), WordTokenizer()

    def hazm_pass() -> tuple[float, float]:
        t0, c0 = time.perf_counter(), time.process_time()
        for t in texts:
            for s in sentences.tokenize(normalizer.normalize(t)):
                words.tokenize(s)
        return time.perf_counter() - t0, time.process_time() - c0

    def children_cpu() -> float:
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)  # the kg process and its workers, once waited for
        return ru.ru_utime + ru.ru_stime

    hazm_pass()  # hazm's own lazy loading stays out of the baseline
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        src = Path(tmp) / "first.jsonl"
        with open(args.corpus, encoding="utf-8") as fh, open(src, "w", encoding="utf-8") as out:
            out.writelines(itertools.islice(fh, n))
        cmd = [str(KG), "build", str(src), "-o", str(Path(tmp) / "out.trig")]
        subprocess.run(cmd, capture_output=True, check=True)  # the compiled cache exists, as after install
        for _ in range(args.rounds):
            load = os.getloadavg()[0]
            h, hc = hazm_pass()
            t0, c0 = time.perf_counter(), children_cpu()
            subprocess.run(cmd, capture_output=True, check=True)
            rows.append((h, time.perf_counter() - t0, hc, children_cpu() - c0, load))
    print(f"\n## kg build of the first {len(texts)} articles, end to end, vs hazm normalize + sentences + words")
    for h, k, hc, kc, load in rows:
        print(f"  hazm {h:5.2f} s   kg build {k:5.2f} s   ratio {k / h:5.2f}×   (CPU: hazm {hc:.2f} s, kg build "
              f"and its workers {kc:.2f} s, {kc / hc:.2f}×; load {load:.1f})")
    ratios = [k / h for h, k, *_ in rows]
    cpu = [kc / hc for _, _, hc, kc, _ in rows]
    print(f"  median ratio {statistics.median(ratios):.2f}× (best {min(ratios):.2f}×, worst {max(ratios):.2f}×; "
          f"target <= 4×); CPU {statistics.median(cpu):.2f}× (all cores together); {os.cpu_count()} cores")


def _profile(r: dict) -> str:
    other = r["cpu_self"] - r["cpu_stream"] - r["cpu_write"]
    return (f"writer process {r['cpu_self']:.1f} s CPU (main thread: results {r['cpu_stream']:.1f} s, writing "
            f"{r['cpu_write']:.1f} s; start-up and helper threads {other:.1f} s), workers {r['cpu_children']:.1f} s")


def _speed(args: argparse.Namespace) -> None:
    """Section 2: 1 vs 2 workers, interleaved and repeated, with a CPU profile of each run."""
    pairs = [(_child(args, 1, 1, False), _child(args, 2, 1, False)) for _ in range(args.repeat)]
    print("\n## speed: extract + map in workers, one writer into an on-disk Oxigraph store")
    for one, two in pairs:
        for r in (one, two):
            print(f"  {r['workers']} worker(s): {r['articles'] / r['seconds']:6.2f} articles/s, "
                  f"{r['quads'] / r['seconds']:6.0f} triples/s ({r['seconds']:.1f} s; load {r['load']:.1f})")
            print(f"      {_profile(r)}")
        cpu_one = one["cpu_self"]
        total_two = two["cpu_self"] + two["cpu_children"]
        bound = cpu_one / max(two["cpu_self"], total_two / 2)
        print(f"  speed-up 2 workers / 1 worker: {one['seconds'] / two['seconds']:.2f}×   (CPU: 2 workers use "
              f"{total_two / cpu_one:.2f}× the CPU of 1; on two idle cores this run would give {bound:.2f}×)")
    ups = [one["seconds"] / two["seconds"] for one, two in pairs]
    print(f"  median speed-up {statistics.median(ups):.2f}× over {len(ups)} pair(s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N records (sections 2-5)")
    ap.add_argument("--only", choices=SECTIONS, action="append", help="run only these sections")
    ap.add_argument("--rounds", type=int, default=5, help="rounds of section 1")
    ap.add_argument("--build-articles", type=int, default=300, help="articles of section 1")
    ap.add_argument("--repeat", type=int, default=2, help="1-vs-2-worker pairs of section 2")
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
    only = set(args.only or SECTIONS)
    # the compiled cache (kg.cache) is made now, as after install: no measured run pays for building it
    subprocess.run([sys.executable, "-m", "kg.cache"], capture_output=True, check=True)
    print(f"corpus: {args.corpus.resolve()}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if "build300" in only:
        _build300(args)
    if "speed" in only:
        _speed(args)
    stats = None
    if "identity" in only or "memory" in only:
        stats = _child(args, 2, 1, True)
    if "identity" in only and stats:
        print(f"\n## identity resolution (persons / organizations), {stats['articles']} articles")
        print(f"  before (distinct surface forms): {stats['before']['Person']} / {stats['before']['Organization']}")
        print(f"  after  (distinct entity IRIs):   {stats['after']['Person']} / {stats['after']['Organization']}")
    if "memory" in only and stats:
        print("\n## peak memory (ru_maxrss, MB: writer process + largest worker), workers=2")
        if args.mem_limit:
            curve = [_child(args, 2, k, False, args.mem_limit) for k in (1, 2, 3)]
        else:
            curve = [stats, _child(args, 2, 2, False), _child(args, 2, 3, False)]
        for r in curve:
            print(f"  corpus ×{r['copies']}: {r['articles']} articles, {r['stored']} quads stored, writer "
                  f"{r['rss_self_mb']:.0f} MB, worker {r['rss_children_mb']:.0f} MB, sum "
                  f"{r['rss_self_mb'] + r['rss_children_mb']:.0f} MB (load {r['load']:.1f})")
        base = curve[0]["rss_self_mb"] + curve[0]["rss_children_mb"]
        print("  growth vs ×1: " + ", ".join(
            f"×{r['copies']}: {(r['rss_self_mb'] + r['rss_children_mb']) / base:.2f}" for r in curve))
    if "identity" in only and stats:
        print("\n## spot check: the ten persons and ten organizations found in the most articles\n")
        print(_table(stats["top"]))


if __name__ == "__main__":
    main()
