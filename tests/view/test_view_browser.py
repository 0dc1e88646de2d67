"""Real-browser checks: headless Chromium opens pages from file:// with the network cut off.

Each test asserts that no request was attempted, that vis-network drew the expected nodes, that the console stayed
clean, and saves a screenshot (under pytest's tmp_path). The XSS cases hover the hostile node and edge and check that
their text is shown as text and nothing ran.
"""

from __future__ import annotations

import networkx as nx
import pytest

from kg.view import to_view_data, write_html

pytestmark = pytest.mark.view

XSS_NAME = "<img src=x onerror=alert(1)>"


def _hover_node(page, node_id):
    x, y = page.evaluate(
        """id => { const p = network.canvasToDOM(network.getPositions([id])[id]);
                   const r = document.getElementById('mynetwork').getBoundingClientRect();
                   return [p.x + r.left, p.y + r.top]; }""", node_id)
    page.mouse.move(x, y)
    page.wait_for_function("document.getElementById('tip').style.display === 'block'", timeout=5000)
    return page.evaluate("document.getElementById('tip').textContent")


def test_browser_small_page_offline(small_graph, offline_page, tmp_path):
    data = to_view_data(small_graph)
    path = write_html(data, tmp_path / "small.html")
    page = offline_page.open(path)
    assert page.evaluate("network.body.data.nodes.length") == len(data["nodes"])
    assert page.evaluate("Object.keys(network.body.nodes).length") == len(data["nodes"])
    assert page.evaluate("network.body.data.edges.length") == len(data["edges"])
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    page.screenshot(path=str(tmp_path / "small.png"))
    assert (tmp_path / "small.png").stat().st_size > 10_000
    assert offline_page.requests == []
    assert offline_page.errors == []


def test_browser_xss_name_and_evidence_run_nothing(small_graph, offline_page, tmp_path):
    data = to_view_data(small_graph)
    path = write_html(data, tmp_path / "xss.html")
    page = offline_page.open(path)
    page.evaluate("network.setOptions({physics: false}); network.moveTo({scale: 1.0})")
    xss = next(n["id"] for n in data["nodes"] if n["name"] == XSS_NAME)
    tip = _hover_node(page, xss)
    assert XSS_NAME in tip  # shown as text...
    assert page.evaluate("document.querySelectorAll('#tip *:not(div):not(ul):not(li):not(blockquote)"
                         ":not(span)').length") == 0  # ...and no element was made from it
    # the edge whose evidence holds a <script>: its tooltip shows the sentence as text
    edge = next(i for i, e in enumerate(data["edges"]) if any("<script>" in ev["text"] for ev in e["evidence"]))
    page.evaluate("id => network.body.emitter.emit('hoverEdge', {edge: id, pointer: {DOM: {x: 20, y: 20}}})",
                  f"e{edge}")
    shown = page.evaluate("document.getElementById('tip').textContent")
    assert "<script>window.__xss = 1</script>" in shown.replace("\u2066", "").replace("\u2069", "")
    # the search box lists the hostile name as text
    page.fill("#search", "img")
    listed = page.evaluate("document.getElementById('results').textContent")
    assert listed.replace("\u2066", "").replace("\u2069", "").startswith(XSS_NAME)
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, script[src]').length") == 0
    assert offline_page.dialogs == []
    assert offline_page.requests == [] and offline_page.errors == []
    page.screenshot(path=str(tmp_path / "xss.png"))


def test_browser_tooltip_keeps_latin_date_in_order(small_graph, offline_page, tmp_path):
    data = to_view_data(small_graph)
    page = offline_page.open(write_html(data, tmp_path / "bidi.html"))
    page.evaluate("network.setOptions({physics: false}); network.moveTo({scale: 1.0})")
    summit = next(n["id"] for n in data["nodes"] if n["name"].startswith("همایش سالانه"))
    assert "\u20662025-11-29\u2069" in _hover_node(page, summit)


def test_browser_focus_view_selects_the_center(small_graph, offline_page, tmp_path):
    data = to_view_data(small_graph, focus="حسین موسوی", depth=2)
    page = offline_page.open(write_html(data, tmp_path / "focus.html"))
    center = next(n["id"] for n in data["nodes"] if n["name"] == "حسین موسوی")
    assert page.evaluate("network.getSelectedNodes()") == [center]
    assert page.evaluate("network.body.data.nodes.length") == 4


def test_browser_search_focuses_entity(small_graph, offline_page, tmp_path):
    data = to_view_data(small_graph)
    page = offline_page.open(write_html(data, tmp_path / "search.html"))
    page.fill("#search", "موسوی")
    page.press("#search", "Enter")
    target = next(n["id"] for n in data["nodes"] if n["name"] == "حسین موسوی")
    assert page.evaluate("network.getSelectedNodes()") == [target]


def test_browser_large_page_reduced_and_fast_layout(offline_page, tmp_path):
    G = nx.MultiDiGraph()
    for u, v in nx.barabasi_albert_graph(3000, 2, seed=3).edges():
        G.add_node(u, type="person", label=f"شخص {u}")
        G.add_node(v, type="organization", label=f"سازمان {v}")
        G.add_edge(u, v, key="member of", kind="member of", weight=1, evidence=[])
    data = to_view_data(G, max_nodes=1000)
    page = offline_page.open(write_html(data, tmp_path / "large.html"))
    assert page.evaluate("network.body.data.nodes.length") == 1000
    assert "Reduced" in page.evaluate("document.getElementById('bar').textContent")
    assert page.evaluate("network.physics.physicsEnabled") is False
    page.screenshot(path=str(tmp_path / "large.png"))
    assert offline_page.requests == [] and offline_page.errors == []


def test_browser_empty_page_opens(offline_page, tmp_path):
    page = offline_page.open(write_html(to_view_data(nx.MultiDiGraph()), tmp_path / "empty.html"))
    assert page.evaluate("network.body.data.nodes.length") == 0
    assert "Nothing to draw" in page.evaluate("document.getElementById('bar').textContent")
    assert offline_page.requests == [] and offline_page.errors == []
