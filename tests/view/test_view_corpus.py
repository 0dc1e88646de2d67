"""The page for the whole Fars corpus (1,479 articles, ~4,200 entities in a fact) stays usable in real Chromium:
it opens on a readable core, says what is hidden, and search, "show all" and the article filter work at that size.
Opening time and page size are measured by bench/viz.py, not asserted here."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.analyze import read_dataset, to_networkx
from kg.view import to_view_data, write_html

FARS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "fars-news" / "fars-news.jsonl"

pytestmark = [pytest.mark.view, pytest.mark.slow, pytest.mark.shared,
              pytest.mark.skipif(not FARS.exists(), reason="needs ../shared/corpus/fars-news (the Fars corpus)")]


@pytest.fixture(scope="module")
def corpus_view(tmp_path_factory):
    from kg.build import build_graph

    out = tmp_path_factory.mktemp("fars") / "fars.trig"
    build_graph([FARS], out)
    G = to_networkx(read_dataset(out))
    data = to_view_data(G, title="Fars")
    return G, data, write_html(data, out.with_suffix(".html"))


def test_corpus_page_holds_every_entity_in_a_fact_and_opens_on_a_readable_core(corpus_view, offline_page):
    G, data, path = corpus_view
    in_a_fact = sum(1 for n in G if G.degree(n) > 0)
    assert data["stats"]["nodes"] == in_a_fact > 3000
    assert path.stat().st_size < 15_000_000
    page = offline_page.open(path, timeout=180_000)
    opened = [n for n in data["nodes"] if n["open"]]
    assert page.evaluate("network.body.data.nodes.length") == len(opened) <= 100
    status = page.evaluate("document.getElementById('status').textContent")
    assert f"of {in_a_fact:,} entities" in status and "Hidden:" in status and "Show all" in status
    scale = page.evaluate("network.getScale()")
    for n in sorted(opened, key=lambda n: n["rank"])[:10]:
        assert page.evaluate("id => network.body.nodes[id].labelModule.visible()", n["id"]), n["name"]
        assert n["font"] * scale >= 11.9
    assert offline_page.requests == [] and offline_page.errors == []


def test_corpus_page_search_article_filter_and_show_all(corpus_view, offline_page):
    _, data, path = corpus_view
    page = offline_page.open(path, timeout=180_000)
    person = min((n for n in data["nodes"] if n["type"] == "person" and not n["open"]), key=lambda n: n["rank"])
    page.fill("#search", person["name"])
    first = page.evaluate("document.querySelector('#results li:not(.head)').textContent")
    assert first.startswith(person["name"])
    page.press("#search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == [person["id"]]
    art = max(range(len(data["articles"])), key=lambda i: sum(i in n["arts"] for n in data["nodes"]))
    page.select_option("#article", str(art))
    assert page.evaluate("network.body.data.nodes.length") == sum(art in n["arts"] for n in data["nodes"])
    page.click("#all")
    page.wait_for_function("network.body.data.nodes.length === DATA.nodes.length", timeout=120_000)
    page.evaluate("network.redraw()")
    assert offline_page.requests == [] and offline_page.errors == []
