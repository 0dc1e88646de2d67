"""The competency queries as shipped, on a 400-article Fars store in Oxigraph: each as written in its .rq file
(what users and other stores send) against its prepared form (``kg.store.prepare_query``), and with ``?name``
bound, all in the same process on the same store.

Prints, per query: rows, milliseconds as written, as prepared, their ratio (goal ≤ 3×) and whether the file as
written runs under 100 ms (goal), in an in-memory Oxigraph store (what ``kg query FILE`` uses), and as written on
the on-disk store it was built into (what ``kg query STORE`` and ``kg serve`` use). Each figure is the best of
``--repeat`` runs, interleaved, results fully read.
The machine's load and the time of a full scan of the store are printed first: on a shared machine the absolute
figures move with the load, the ratios do not.

    .venv/bin/python bench/queries.py                  # first 400 Fars articles, built once into a temp store
    .venv/bin/python bench/queries.py --limit 100 --repeat 9
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _data import FARS  # noqa: E402

# a name each query can bind: a person, an event, an organization, whatever the query's ?name is about
NAMES = {"posts": "لاریجانی", "participants": "انقلاب اسلامی", "quotes": "لاریجانی", "units": "خبرگزاری فارس",
         "provenance": "لاریجانی", "coparticipation": "لاریجانی", "mentions": "تهران"}


def _build(store_dir: Path, limit: int) -> int:
    from kg.build import build_graph

    src = store_dir.parent / "articles.jsonl"
    with FARS.open("rb") as fh:
        src.write_bytes(b"".join(islice(fh, limit)))
    return build_graph([src], store_dir).articles


def _time(store, text: str) -> tuple[float, int]:
    start = time.perf_counter()
    rows = sum(1 for _ in store.query(text))
    return (time.perf_counter() - start) * 1000, rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=400, help="articles in the store (default 400)")
    ap.add_argument("--repeat", type=int, default=7, help="runs per form; the best counts (default 7)")
    args = ap.parse_args()
    if not FARS.exists():
        print(f"skipped: the Fars corpus is not at {FARS} (../shared is absent)")
        return
    import pyoxigraph as ox

    from kg.store import competency_queries, prepare_query

    with tempfile.TemporaryDirectory(prefix="bench-queries-") as tmp:
        store_dir = Path(tmp) / "kg.oxigraph"
        n = _build(store_dir, args.limit)
        disk = ox.Store.read_only(str(store_dir))
        memory = ox.Store()
        memory.bulk_extend(disk)  # what `kg query FILE.nq` queries; `kg query STORE` queries the disk store
        scan = min(_time(memory, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]
                   for _ in range(args.repeat))
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"{n} articles, {len(memory)} quads, Oxigraph {ox.__version__}; best of {args.repeat} runs; "
              f"machine load {load} on {os.cpu_count()} cores; a full scan of the store takes {scan:.1f} ms\n")
        print("| query | rows | as written (ms) | prepared (ms) | ratio | < 100 ms | ?name bound (ms, rows) "
              "| as written, on-disk store (ms) |")
        print("|---|---:|---:|---:|---:|---|---:|---:|")
        worst = 0.0
        for name, q in competency_queries().items():
            forms = {"written": (memory, q.text), "prepared": (memory, prepare_query(name)),
                     "bound": (memory, prepare_query(name, {"name": NAMES.get(name, "تهران")})),
                     "disk": (disk, q.text)}
            best = dict.fromkeys(forms, float("inf"))
            rows = {}
            for _ in range(args.repeat):
                for form, (store, text) in forms.items():
                    ms, rows[form] = _time(store, text)
                    best[form] = min(best[form], ms)
            ratio = best["written"] / best["prepared"]
            worst = max(worst, ratio)
            ok = "yes" if best["written"] < 100 else "**no**"
            print(f"| `{name}` | {rows['written']} | {best['written']:.1f} | {best['prepared']:.1f} | {ratio:.2f}× "
                  f"| {ok} | {best['bound']:.1f} ({rows['bound']}) | {best['disk']:.1f} |")
        print(f"\nworst as-written / prepared ratio: {worst:.2f}× (goal ≤ 3×)")


if __name__ == "__main__":
    main()
