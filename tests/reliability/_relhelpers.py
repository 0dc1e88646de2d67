"""Helpers for reliability tests: a corpus of distinct articles, the real `kg` CLI in a subprocess, store dumps."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
KG = [sys.executable, "-c", "from kg.cli import main; main()"]
ONTOLOGY = "https://w3id.org/peyvand/ontology"


def fixture_texts() -> list[str]:
    return [p.read_text("utf-8") for p in [DATA / "seed.txt", *sorted((DATA / "articles").glob("*.txt"))]]


def make_corpus(folder: Path, n: int = 40) -> Path:
    """``n`` distinct articles: the repo fixtures, each copy with a sentence of its own appended."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = fixture_texts()
    for i in range(n):
        body = texts[i % len(texts)].rstrip("\n")
        (folder / f"a{i:03d}.txt").write_text(f"{body}\nاین گزارش شماره {i + 1} است.\n", "utf-8")
    return folder


def env() -> dict[str, str]:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "COLUMNS": "200", "NO_COLOR": "1"}


def kg(*args: str | Path, timeout: float = 600, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real ``kg`` entry point (``kg.cli.main``) and capture its output."""
    return subprocess.run([*KG, *map(str, args)], capture_output=True, text=True, timeout=timeout, env=env(),
                          cwd=cwd)


def popen_kg(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen([*KG, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env())


def store_quads(store_dir: Path) -> list[str]:
    """Every quad of a store directory, as sorted N-Quads lines (opened read-write, as a rerun would)."""
    st = ox.Store(str(store_dir))
    try:
        return sorted(str(q) for q in st)
    finally:
        del st


def file_quads(path: Path) -> list[str]:
    return sorted(str(q) for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))


def per_graph(quads: list[str]) -> Counter[str]:
    """Quad count per named graph (the graph is the last IRI of an N-Quads line)."""
    return Counter(q.rsplit(" ", 1)[-1] for q in quads)


def one_line_error(stderr: str) -> list[str]:
    """The non-empty lines of stderr that are not warnings or progress; asserts no traceback."""
    assert "Traceback" not in stderr, stderr
    return [ln for ln in stderr.splitlines() if ln.strip() and not ln.startswith("warning:")]


def diff_summary(got: list[str], want: list[str]) -> str:
    """Why two dumps differ, in a few lines: duplicates, extra and missing quads per graph."""
    g, w = Counter(got), Counter(want)
    extra, missing = g - w, w - g
    return (f"{len(got)} quads vs {len(want)} clean; extra per graph {dict(per_graph(list(extra.elements())))}; "
            f"missing per graph {dict(per_graph(list(missing.elements())))}; e.g. extra {list(extra)[:2]}, "
            f"missing {list(missing)[:2]}")
