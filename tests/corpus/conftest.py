"""Shared fixtures for corpus tests: the repo's articles plus synthetic variants of them (distinct texts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.io import Skipped, read_articles
from kg.types import Article

DATA = Path(__file__).resolve().parents[1] / "data"
FARS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "fars-news" / "fars-news.jsonl"


def repo_articles() -> list[Article]:
    items = list(read_articles([DATA / "seed.txt", DATA / "articles"]))
    assert not any(isinstance(i, Skipped) for i in items)
    return items


def variants(articles: list[Article]) -> list[Article]:
    """The same articles as scrapers mangle them: Arabic ي/ك, ZWNJ lost, an extra closing sentence."""
    out = []
    for a in articles:
        arabic = a.text.replace("ی", "ي").replace("ک", "ك")
        out.append(Article(id=a.id + "-ar", text=arabic, source=a.source + "#ar"))
        if "\u200c" in a.text:  # the seed has none left: its variant would be the same article
            out.append(Article(id=a.id + "-nozwnj", text=a.text.replace("\u200c", " "), source=a.source + "#nozwnj"))
        out.append(Article(id=a.id + "-tail", text=a.text + "\nاین خبر تکمیل می‌شود.", source=a.source + "#tail"))
    return out


@pytest.fixture(scope="session")
def corpus_articles() -> list[Article]:
    base = repo_articles()
    return base + variants(base)
