"""Time to build a page and time until it is drawn and still, in headless Chromium, at 100 / 1,000 / 5,000 nodes,
and the page of the real Fars corpus: its size, its opening time, and the time to draw everything ("Show all").

Baselines, measured in the same process: pyvis's own path (``from_nx`` + default physics, its stock template) on the
synthetic graphs, up to ``--baseline-max`` nodes (it takes minutes beyond); for the corpus, the same page told to
open on everything (``opening=`` all entities), as pages did before they opened on the largest groups. Synthetic
graphs: Barabási–Albert, people attending events, labels in Persian. The corpus is built with ``kg build`` from
``../shared`` (or read from ``--graph``).

    .venv/bin/python bench/viz.py [--sizes 100 1000 5000] [--baseline-max 1000] [--corpus 1479 | --graph G.trig]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import networkx as nx
from playwright.sync_api import sync_playwright
from pyvis.network import Network

from kg.view import render_html, to_view_data

FARS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "fars-news" / "fars-news.jsonl"

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


def synthetic(n: int, seed: int = 1) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for u, v in nx.barabasi_albert_graph(n, 2, seed=seed).edges():
        G.add_node(u, type="person", label=f"شخص شماره {u}")
        G.add_node(v, type="event", label=f"نشست {v}")
        G.add_edge(u, v, key="attended", kind="attended", weight=1, evidence=[{"text": "جمله", "article": "a"}])
    return G


def ours(G: nx.MultiDiGraph, n: int) -> str:
    return render_html(to_view_data(G, max_nodes=max(n, 6000)))


def baseline(G: nx.MultiDiGraph) -> str:
    net = Network(directed=True, cdn_resources="in_line")
    net.from_nx(nx.DiGraph(G))
    return net.generate_html()


def settle(page, path: Path, condition: str, timeout_s: float) -> float | None:
    t0 = time.perf_counter()
    page.goto(path.as_uri())
    try:
        page.wait_for_function(condition, timeout=timeout_s * 1000, polling=100)
    except Exception:  # timed out: report as such
        return None
    return time.perf_counter() - t0


def _fmt(x: float | None, tried: bool) -> str:
    return f"{x:.2f}" if x is not None else "timeout" if tried else "-"


def corpus(page, tmp: Path, articles: int | None, graph: str | None, timeout: float) -> None:
    """The real corpus: page size, opening time, and "Show all", against the page that opens on everything."""
    from kg.analyze import read_dataset, to_networkx
    from kg.build import build_graph

    if graph is None:
        src = tmp / "corpus.jsonl"
        with FARS.open(encoding="utf-8") as fh:
            src.write_text("".join(line for i, line in enumerate(fh) if articles is None or i < articles),
                           encoding="utf-8")
        graph = str(tmp / "corpus.trig")
        t0 = time.perf_counter()
        report = build_graph([src], graph)
        print(f"corpus: {report}  ({time.perf_counter() - t0:.1f} s)")
    t0 = time.perf_counter()
    G = to_networkx(read_dataset(graph))
    project = time.perf_counter() - t0
    rows = {}
    for name, opening in (("opening view", 100), ("everything at open", 10**9)):
        t0 = time.perf_counter()
        data = to_view_data(G, opening=opening)
        html = render_html(data)
        build = time.perf_counter() - t0
        path = tmp / f"corpus-{opening}.html"
        path.write_text(html, encoding="utf-8")
        ready = settle(page, path, "window.__peyvand && window.__peyvand.ready", timeout)
        drawn = page.evaluate("network.body.data.nodes.length") if ready is not None else None
        rows[name] = (build, ready, drawn, path.stat().st_size, data)
    data = rows["opening view"][4]
    opens = json.dumps(data["opening"]["text"], ensure_ascii=False)
    print(f"corpus graph: {len(G):,} entities, {data['stats']['nodes']:,} in a fact, {data['stats']['edges']:,} "
          f"drawn edges; projection {project:.1f} s; opens on: {opens}")
    print(f"{'corpus page':<20} {'build s':>8} {'ready s':>8} {'drawn':>6} {'MB':>6}")
    for name, (build, ready, drawn, size, _) in rows.items():
        print(f"{name:<20} {build:>8.2f} {_fmt(ready, True):>8} {drawn if drawn is not None else '-':>6} "
              f"{size / 1e6:>6.1f}")
    base, ours_ready = rows["everything at open"][1], rows["opening view"][1]
    if base and ours_ready:
        print(f"opening view ready {base / ours_ready:.1f}x sooner than a page that opens on everything")
    if ours_ready is not None:
        page.goto((tmp / "corpus-100.html").as_uri())
        page.wait_for_function("window.__peyvand && window.__peyvand.ready", timeout=timeout * 1000)
        t0 = time.perf_counter()
        page.click("#all")
        page.evaluate("new Promise(r => { network.once('afterDrawing', r); network.redraw(); })")
        print(f"Show all ({data['stats']['nodes']:,} entities) drawn in {time.perf_counter() - t0:.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    ap.add_argument("--baseline-max", type=int, default=1000)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for a page to settle")
    ap.add_argument("--corpus", type=int, nargs="?", const=0, default=None,
                    help="also the page of the first N Fars articles (no N: all of them)")
    ap.add_argument("--graph", help="the corpus page from this graph instead (any file kg build writes)")
    args = ap.parse_args()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    tmp = Path(tempfile.mkdtemp(prefix="peyvand-bench-"))
    ours_ready = "window.__peyvand && window.__peyvand.ready"
    pyvis_ready = "typeof network !== 'undefined' && network.physics && network.physics.stabilized === true"
    print(f"{'nodes':>6} {'build s':>8} {'settle s':>9} | {'pyvis build s':>13} {'pyvis settle s':>14} | "
          f"{'build x':>7} {'settle x':>8}")
    ours(synthetic(30), 30)  # warm-up: imports (scipy for PageRank, pyvis) are not page building
    baseline(synthetic(30))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.route("http*://**", lambda route: route.abort())
        for n in args.sizes:
            G = synthetic(n)
            t0 = time.perf_counter()
            html = ours(G, n)
            build = time.perf_counter() - t0
            path = tmp / f"ours-{n}.html"
            path.write_text(html, encoding="utf-8")
            settled = settle(page, path, ours_ready, args.timeout)
            b_build = b_settle = None
            if n <= args.baseline_max:
                t0 = time.perf_counter()
                b_html = baseline(G)
                b_build = time.perf_counter() - t0
                b_path = tmp / f"pyvis-{n}.html"
                b_path.write_text(b_html, encoding="utf-8")
                b_settle = settle(page, b_path, pyvis_ready, args.timeout)

            tried = n <= args.baseline_max
            ratio_b = f"{b_build / build:.1f}" if b_build else "-"
            ratio_s = f"{b_settle / settled:.1f}" if b_settle and settled else "-"
            print(f"{n:>6} {build:>8.2f} {_fmt(settled, True):>9} | {_fmt(b_build, tried):>13} "
                  f"{_fmt(b_settle, tried):>14} | "
                  f"{ratio_b:>7} {ratio_s:>8}", flush=True)
        if args.corpus is not None or args.graph:
            if args.graph is None and not FARS.exists():
                print(f"corpus: skipped, {FARS} is missing")
            else:
                corpus(page, tmp, args.corpus or None, args.graph, args.timeout)
        browser.close()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
