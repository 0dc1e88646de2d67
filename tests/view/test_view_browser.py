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
    listed = page.evaluate("document.querySelector('#results li:not(.head)').textContent")
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
    assert page.evaluate("DATA.nodes.length") == 1000
    assert page.evaluate("network.body.data.nodes.length") == data["stats"]["open"] == 100
    assert "Reduced" in page.evaluate("document.getElementById('bar').textContent")
    assert page.evaluate("network.physics.physicsEnabled") is False
    page.screenshot(path=str(tmp_path / "large.png"))
    assert offline_page.requests == [] and offline_page.errors == []


def test_browser_empty_page_opens(offline_page, tmp_path):
    page = offline_page.open(write_html(to_view_data(nx.MultiDiGraph()), tmp_path / "empty.html"))
    assert page.evaluate("network.body.data.nodes.length") == 0
    assert "Nothing to draw" in page.evaluate("document.getElementById('bar').textContent")
    assert offline_page.requests == [] and offline_page.errors == []


# ---- issue 16: big pages open on what matters, the rest one step away; search ranks exact names first ----------

def _stories(n_stories: int = 60) -> nx.MultiDiGraph:
    """Stories of different sizes, one article each: a named event, its people, their posts and organizations."""
    G = nx.MultiDiGraph()
    G.graph["articles"] = {}
    for k in range(n_stories):
        art = f"urn:art{k}"
        G.graph["articles"][art] = {"headline": f"خبر شماره {k}", "datePublished": f"2024-{k % 12 + 1:02d}-10"}
        ev = f"urn:event{k}"
        G.add_node(ev, type="event", label=f"همایش استانی شماره {k}", articles=[art])
        for i in range(2 + (k * 7) % 11):
            p, post, org = f"urn:p{k}-{i}", f"urn:post{k}-{i}", f"urn:org{k}"
            G.add_node(p, type="person", label=f"شخص {k}-{i}", articles=[art])
            G.add_node(post, type="post", label=f"مدیر {k}-{i}", articles=[art])
            G.add_node(org, type="organization", label=f"اداره شماره {k}", articles=[art])
            G.add_edge(p, ev, key="attended", kind="attended", weight=1, articles=[art], evidence=[])
            G.add_edge(p, post, key="holds", kind="holds", weight=1, articles=[art],
                       evidence=[{"text": f"شخص {k}-{i}، مدیر", "article": art, "confidence": 0.9}])
            G.add_edge(post, org, key="in", kind="in", weight=1, articles=[art], evidence=[])
    return G


def _drawn(page) -> set[str]:
    return set(page.evaluate("network.body.data.nodes.getIds().map(id => byId.get(id).iri)"))


def test_browser_big_page_opens_on_largest_groups_with_readable_central_labels(offline_page, tmp_path):
    data = to_view_data(_stories(), opening=100)
    page = offline_page.open(write_html(data, tmp_path / "stories.html"))
    opened = {n["iri"] for n in data["nodes"] if n["open"]}
    assert _drawn(page) == opened and len(opened) <= 100 < len(data["nodes"])
    status = page.evaluate("document.getElementById('status').textContent")
    assert f"Showing {len(opened)} of {len(data['nodes']):,} entities" in status and "Hidden:" in status
    # the most central labels are drawn at the opening zoom, at least 12 px tall on screen
    top = sorted((n for n in data["nodes"] if n["open"]), key=lambda n: n["rank"])[:10]
    scale = page.evaluate("network.getScale()")
    for n in top:
        assert n["font"] * scale >= 11.9, (n["name"], n["font"], scale)
        assert page.evaluate("id => network.body.nodes[id].labelModule.visible()", n["id"]), n["name"]
    page.screenshot(path=str(tmp_path / "stories.png"))
    assert offline_page.requests == [] and offline_page.errors == []


def test_browser_big_page_reaches_the_rest(offline_page, tmp_path):
    data = to_view_data(_stories(), opening=100)
    page = offline_page.open(write_html(data, tmp_path / "reach.html"))
    hidden = next(n for n in data["nodes"] if not n["open"] and n["type"] == "organization")
    # search finds a hidden entity and shows it with its neighbours
    page.fill("#search", hidden["name"])
    page.press("#search", "Enter")
    drawn = _drawn(page)
    assert hidden["iri"] in drawn and page.evaluate("network.getSelectedNodes()") == [hidden["id"]]
    # "show neighbours" (double-click) adds the neighbours of a drawn entity
    post = next(n for n in data["nodes"] if n["iri"] in drawn and n["type"] == "post" and not n["open"])
    before = len(drawn)
    page.evaluate("id => network.body.emitter.emit('doubleClick', {nodes: [id], edges: []})", post["id"])
    assert len(_drawn(page)) > before
    # type filter: untick persons
    page.uncheck("#legend input.type[value=person]")
    assert all(page.evaluate("network.body.data.nodes.get().map(n => byId.get(n.id).type)").count(t) == 0
               for t in ["person"])
    page.check("#legend input.type[value=person]")
    # one article: exactly the entities it mentions
    k = 7
    idx = next(i for i, a in enumerate(data["articles"]) if a["iri"] == f"urn:art{k}")
    page.select_option("#article", str(idx))
    assert _drawn(page) == {n["iri"] for n in data["nodes"] if idx in n["arts"]}
    assert "one article" in page.evaluate("document.getElementById('status').textContent")
    # dates: articles of March
    page.fill("#from", "2024-03-01")
    page.fill("#to", "2024-03-31")
    page.dispatch_event("#to", "change")
    march = {i for i, a in enumerate(data["articles"]) if a["date"].startswith("2024-03")}
    assert _drawn(page) == {n["iri"] for n in data["nodes"] if march & set(n["arts"])}
    # show all, then back to the opening view
    page.click("#all")
    assert len(_drawn(page)) == len(data["nodes"])
    page.click("#reset")
    assert _drawn(page) == {n["iri"] for n in data["nodes"] if n["open"]}
    assert offline_page.requests == [] and offline_page.errors == []


def test_browser_search_ranks_exact_person_first_and_lists_every_match(offline_page, tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("urn:person", type="person", label="حسن حسن‌زاده", alt_labels=["حسن‌زاده", "سردار حسن‌زاده"])
    G.add_node("urn:visit", type="event", label="دیدار حسن‌زاده")
    G.add_node("urn:org", type="organization", label="بنیاد حسن‌زاده")
    G.add_node("urn:other", type="person", label="علی حسن‌زاده‌پور")
    for i in range(8):  # the event is the most central node
        G.add_node(f"urn:p{i}", type="person", label=f"شخص {i}")
        G.add_edge(f"urn:p{i}", "urn:visit", key="attended", kind="attended", weight=1, evidence=[])
    for n in ("urn:person", "urn:org", "urn:other"):
        G.add_edge(n, "urn:visit", key="attended", kind="attended", weight=1, evidence=[])
    page = offline_page.open(write_html(to_view_data(G), tmp_path / "search.html"))
    for query in ["حسن‌زاده", "حسن زاده", "حسنزاده"]:  # with ZWNJ, a space, or glued
        page.fill("#search", query)
        items = page.evaluate("Array.from(document.querySelectorAll('#results li:not(.head)')).map(l => l.textContent)")
        assert items[0].startswith("حسن حسن‌زاده"), (query, items)
        assert len(items) == 4, items  # every match is listed to choose from
    page.fill("#search", "حسن‌زاده")
    page.press("#search", "Enter")
    assert page.evaluate("network.getSelectedNodes().map(id => byId.get(id).iri)") == ["urn:person"]
    page.fill("#search", "دیدار حسن‌زاده")
    page.press("#search", "Enter")
    assert page.evaluate("network.getSelectedNodes().map(id => byId.get(id).iri)") == ["urn:visit"]


def test_browser_tooltip_says_relations_in_words_with_direction(small_graph, offline_page, tmp_path):
    data = to_view_data(small_graph)
    page = offline_page.open(write_html(data, tmp_path / "words.html"))
    page.evaluate("network.setOptions({physics: false}); network.moveTo({scale: 1.0})")
    ali = next(n["id"] for n in data["nodes"] if n["name"] == "علی رضایی")
    tip = _hover_node(page, ali).replace("\u2068", "").replace("\u2069", "").replace("\u2066", "")
    assert "«علی رضایی» سمت «وزیر نیرو» را دارد" in tip
    assert "«علی رضایی» در «همایش سالانه 2025-11-29 در تهران» سخنرانی کرد" in tip
    assert "←" not in tip and "→" not in tip
    edge = next(i for i, e in enumerate(data["edges"]) if e["kinds"] == ["holds"])
    page.evaluate("id => network.body.emitter.emit('hoverEdge', {edge: id, pointer: {DOM: {x: 20, y: 20}}})",
                  f"e{edge}")
    shown = page.evaluate("document.getElementById('tip').textContent")
    assert "سمت" in shown and "holds the post" in shown and "←" not in shown
