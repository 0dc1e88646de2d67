"""Where the benchmarks find their data (../shared beside the repo), and the article texts they time."""

from __future__ import annotations

from pathlib import Path

from kg.io import Article, read_articles

FARS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "fars-news" / "fars-news.jsonl"


def fars_texts(limit: int | None = None) -> list[str]:
    """The text of the first ``limit`` Fars articles (all when None), exactly as ``kg build`` reads them."""
    out: list[str] = []
    for item in read_articles([FARS]):
        if limit is not None and len(out) >= limit:
            break
        if isinstance(item, Article):
            out.append(item.text)
    return out
