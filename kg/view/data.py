"""Turn the projected graph into plain view data: nodes, edges, articles, legend, notices and positions.

Everything here is pure data (JSON-serialisable); rendering lives in ``kg.view.html``. Article text is passed
through verbatim: the page inserts it with ``textContent`` only, and the canvas draws labels as text.

A big graph opens on what matters and keeps the rest one step away. The page holds every entity that takes part
in a fact (up to ``max_nodes``, the most central by PageRank beyond), but first draws only the *opening* set: the
largest connected parts, or, when the largest part alone is too big, the entities around its most central one.
Labels are sized by centrality so the most central read at the opening zoom and the others appear as one zooms in;
search, filters (type, article, date), "show neighbours" and "show all" reach the rest, and the page says how many
entities are hidden and how to see them.
"""

from __future__ import annotations

import csv
import heapq
import math
from functools import cache
from importlib import resources

import networkx as nx

from kg.analyze.bidi import isolate
from kg.analyze.communities import communities
from kg.analyze.convert import find_entity, to_undirected
from kg.analyze.generic import is_unnamed_event
from kg.analyze.paths import ego_network
from kg.errors import InputError
from kg.text import fold
from kg.view.positions import label_box, layout, part_layout, spread_labels

__all__ = ["fold_table", "isolate", "kind_styles", "layout", "to_view_data"]

_MAX_LABEL = 40
# When several facts join the same two entities they share one drawn edge, coloured by the most specific kind.
_KIND_ORDER = {k: i for i, k in enumerate(("spoke at", "honoured at", "organized", "said", "holds", "in", "unit of",
                                           "member of", "on occasion of", "at", "attended"))}
# Label sizes (canvas px) on pages without physics, by centrality among the entities drawn first (then among the
# rest): the page draws a label only once it is 8 px on screen, so the first tier reads at the opening zoom and the
# others appear as one zooms in.
FONT_TIERS = ((15, 40.0), (50, 24.0))
FONT_BASE = 14.0
FONT_SMALL_PAGE = 20.0  # pages with physics (few nodes): every label the same size, all drawn
EVIDENCE_PER_KIND = 3
EVIDENCE_CHARS = 500
QUOTES_PER_PERSON = 3
SPACING = 130.0


def _short(text: str, limit: int = _MAX_LABEL) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@cache
def kind_styles() -> dict[str, dict[str, dict[str, str]]]:
    """The drawing table ``kg/view/assets/kinds.tsv``: ``{"node"|"edge": {kind: row}}``."""
    text = resources.files("kg.view").joinpath("assets/kinds.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t")
    out: dict[str, dict[str, dict[str, str]]] = {"node": {}, "edge": {}}
    for row in rows:
        out[row["element"]][row["kind"]] = row
    return out


@cache
def fold_table() -> dict[str, str]:
    """``kg.text.fold`` one character at a time, for the page's search: the page folds names and queries with it
    (plus ``ئو`` → ``وو``, lower case and single spaces), so «علي» finds «علی» and «حسنزاده» finds «حسن‌زاده».

    >>> t = fold_table()
    >>> t["ي"], t["\u200c"], t["۱"], t["\u00a0"]
    ('ی', '', '1', ' ')
    """
    ranges = ((0x00A0, 0x00AE), (0x0600, 0x0700), (0x0750, 0x0780), (0x2000, 0x2070), (0xFB50, 0xFE00),
              (0xFE70, 0xFF00))
    out = {}
    for a, b in ranges:
        for c in range(a, b):
            ch = chr(c)
            folded = " " if ch.isspace() else fold(ch)
            if folded != ch:
                out[ch] = folded
    return out


def _reduce(G: nx.MultiDiGraph, max_nodes: int, keep=None) -> tuple[nx.MultiDiGraph, str | None]:
    if len(G) <= max_nodes:
        return G, None
    rank = nx.pagerank(to_undirected(G), weight="weight")
    order = sorted(G, key=lambda v: (-rank[v], str(v)))
    chosen = set(order[:max_nodes])
    if keep is not None and keep not in chosen:
        chosen.discard(order[max_nodes - 1])
        chosen.add(keep)
    note = (f"Reduced: this page holds the {max_nodes:,} most central of {len(G):,} entities (PageRank); "
            "--max-nodes raises the limit, --focus ENTITY --depth N or --community K draws a part.")
    return G.subgraph(chosen).copy(), note


def _central_order(G: nx.MultiDiGraph, H: nx.Graph) -> dict:
    """Rank of each entity, 0 = most central: PageRank, events without a name after every named entity."""
    rank = nx.pagerank(H, weight="weight") if len(H) else {}
    unnamed = {v for v, d in G.nodes(data=True)
               if d.get("type") == "event" and is_unnamed_event(str(d.get("label", "")))}
    order = sorted(G, key=lambda v: (v in unnamed, -rank.get(v, 0.0), str(v)))
    return {v: i for i, v in enumerate(order)}


def _grow(H: nx.Graph, part: list, central: dict, cap: int) -> list:
    """The ``cap`` entities reached first from the part's most central one, always expanding the most central
    entity on the frontier: a connected piece around what matters."""
    start = min(part, key=central.__getitem__)
    seen = {start}
    heap = [(central[start], start)]
    out = []
    while heap and len(out) < cap:
        _, v = heapq.heappop(heap)
        out.append(v)
        for u in H[v]:
            if u not in seen:
                seen.add(u)
                heapq.heappush(heap, (central[u], u))
    return out


def _opening(G: nx.MultiDiGraph, H: nx.Graph, parts: list[list], central: dict, budget: int) -> tuple[set, str]:
    """What the page draws first, and how the page describes it."""
    if len(H) <= budget:
        return set(H), "every entity"
    chosen: list = []
    rest = parts
    text = ""
    if len(parts[0]) > budget:
        others = sum(len(p) for p in parts[1:] if len(p) >= 3)  # room for the next groups, if there are any
        grown = _grow(H, parts[0], central, budget - min(others, budget // 3))
        chosen += grown
        top = G.nodes[grown[0]].get("label", grown[0])
        text = (f"the {len(grown):,} nearest to «{isolate(str(top))}» in the largest connected group "
                f"({len(parts[0]):,} entities)")
        rest = parts[1:]
    whole = 0
    for part in rest:
        if len(part) < 3 or budget - len(chosen) < 3:
            break
        if len(chosen) + len(part) <= budget:
            chosen += part
            whole += 1
    if whole:
        groups = f"the {whole:,} largest connected groups" if not text else f"the next {whole:,} groups"
        text = f"{text} and {groups}" if text else groups
    return set(chosen), text


def _font(central_index: int, physics: bool) -> float:
    if physics:
        return FONT_SMALL_PAGE
    for limit, size in FONT_TIERS:
        if central_index < limit:
            return size
    return FONT_BASE


def _positions(H: nx.Graph, parts: list[list], shown: set, labels: dict, fonts: dict, sizes: dict,
               seed: int) -> dict:
    """Local positions, one connected part at a time (the page packs the parts it shows), labels pushed apart.

    A part drawn only in part at first (the largest, when it is bigger than the opening) is laid out as two
    pieces, what is drawn first and the rest beside it, so the opening is as compact as a part of its own.
    """
    pos: dict = {}
    for i, part in enumerate(parts):
        core = [v for v in part if v in shown]
        pieces = [part] if len(core) in (0, len(part)) else [core, [v for v in part if v not in shown]]
        placed = []
        boxes = {v: label_box(labels[v], fonts[v], sizes[v]) for v in part}
        for j, piece in enumerate(pieces):
            sub = H.subgraph(piece)
            local = (part_layout(H, piece, seed=seed + i, spacing=SPACING) if nx.is_connected(sub)
                     else layout(sub, seed=seed + i + j, spacing=SPACING))
            placed.append(spread_labels({v: (float(x), float(y)) for v, (x, y) in local.items()}, boxes))
        if len(placed) == 2:  # the rest to the right of what is drawn first, tops aligned, label boxes apart
            a, b = placed
            right = max(x + boxes[v][0] / 2 for v, (x, _) in a.items())
            left = min(x - boxes[v][0] / 2 for v, (x, _) in b.items())
            dy = min(y for _, y in a.values()) - min(y for _, y in b.values())
            placed[1] = {v: (x + right + 2 * SPACING - left, y + dy) for v, (x, y) in b.items()}
        for piece in placed:
            pos.update(piece)
    return pos


def _articles(G: nx.MultiDiGraph) -> tuple[list[dict], dict]:
    """The articles the page can filter by, ordered by date then headline, and each one's index."""
    meta = G.graph.get("articles", {})
    iris = {a for _, d in G.nodes(data=True) for a in d.get("articles", ())}
    iris |= {a for _, _, d in G.edges(data=True) for a in d.get("articles", ())}
    rows = [{"iri": a, "headline": meta.get(a, {}).get("headline") or meta.get(a, {}).get("name") or a,
             "date": str(meta.get(a, {}).get("datePublished", ""))[:10]}
            for a in iris if a]
    rows.sort(key=lambda r: (r["date"] or "9999", r["headline"], r["iri"]))
    return rows, {r["iri"]: i for i, r in enumerate(rows)}


def to_view_data(G: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 1, community: int | None = None,
                 max_nodes: int = 6000, opening: int = 100, physics_max: int = 150, isolated: bool = False,
                 seed: int = 0, title: str = "Peyvand graph") -> dict:
    """Everything a page needs to draw ``G``, as JSON-ready data.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projection from ``kg.analyze.to_networkx``.
    focus, depth : str, int
        Show only the entities within ``depth`` facts of ``focus`` (an IRI or a label).
    community : int
        Show only the ``community``-th largest Louvain community (1 = largest; seeded by ``seed``).
    max_nodes : int
        The page holds at most this many entities (the most central; a notice says so).
    opening : int
        The page first draws about this many: the largest connected parts, or the entities around the most
        central one when the largest part is bigger; the rest are a search, a filter or a click away.
    physics_max : int
        Up to this many nodes the page refines the precomputed layout with physics and draws every label the same
        size; beyond, physics is off and labels are sized by centrality.
    isolated : bool
        Also draw entities that take part in no fact (left out by default, with a notice giving their number).

    Returns
    -------
    dict
        ``{"title", "nodes", "edges", "articles", "legend", "kinds", "fold", "notices", "opening", "physics",
        "stats"}``. Each node has ``id``, ``label`` (bidi-isolated, shortened), ``name`` (verbatim), ``type``,
        ``x``, ``y`` (within its connected ``part``), ``font``, ``rank`` (0 = most central), ``open`` (drawn at
        first), ``arts`` (article indices) and ``info`` (tooltip data); each edge (all facts between one ordered
        pair of entities) ``from``, ``to``, ``kinds``, ``label``, ``weight`` (articles supporting its
        best-supported fact), ``arts`` and ``evidence``.

    Examples
    --------
    >>> M = nx.MultiDiGraph()
    >>> M.add_node("p", type="person", label="علی")
    >>> M.add_node("e", type="event", label="نشست")
    >>> M.add_edge("p", "e", key="attended", kind="attended", weight=1, evidence=[])
    'attended'
    >>> data = to_view_data(M)
    >>> [n["name"] for n in data["nodes"]], [e["kind"] for e in data["edges"]], data["stats"]["open"]
    (['نشست', 'علی'], ['attended'], 2)
    """
    notices = []
    total = len(G)
    center = None
    if focus is not None:
        center = find_entity(G, focus)
        G = ego_network(G, center, radius=depth)
        notices.append(f"Focus: entities within {depth} fact(s) of «{G.nodes[center].get('label', center)}» "
                       f"({len(G):,} of {total:,}).")
    if community is not None:
        parts = communities(G, seed=seed)
        if not 1 <= community <= len(parts):
            raise InputError(f"--community must be between 1 and {len(parts)} (communities, largest first)")
        G = G.subgraph(parts[community - 1]).copy()
        notices.append(f"Community {community} of {len(parts):,} (Louvain, largest first): {len(G):,} entities.")
    lonely = 0
    if not isolated:
        keep = [n for n in G if G.degree(n) > 0 or n == center]
        lonely = len(G) - len(keep)
        if lonely:
            G = G.subgraph(keep).copy()
            notices.append(f"{lonely:,} entities that take part in no fact are left out (--isolated adds them).")
    G, note = _reduce(G, max_nodes, keep=center)
    if note:
        notices.append(note)
    if len(G) == 0:
        notices.append("Nothing to draw: no entity takes part in a fact.")
    physics = 0 < len(G) <= physics_max
    H = to_undirected(G)
    central = _central_order(G, H)
    parts = sorted((sorted(c, key=central.__getitem__) for c in nx.connected_components(H)),
                   key=lambda c: (-len(c), central[c[0]]))
    part_of = {v: i for i, part in enumerate(parts) for v in part}
    shown, how = _opening(G, H, parts, central, max(1, opening)) if len(G) else (set(), "")
    if center is not None:
        shown.add(center)
    styles = kind_styles()
    names = {v: str(d.get("label", v)) for v, d in G.nodes(data=True)}
    labels = {v: _short(names[v]) for v in G}
    degree = dict(H.degree())
    sizes = {v: round(10 + 4 * math.log1p(degree.get(v, 0)), 1) for v in G}
    open_rank = {v: i for i, v in enumerate(sorted(shown, key=central.__getitem__))}
    fonts = {v: _font(open_rank.get(v, central[v]), physics) for v in G}
    pos = _positions(H, parts, shown, labels, fonts, sizes, seed)
    articles, art_index = _articles(G)
    ids = {n: i for i, n in enumerate(sorted(G, key=str))}
    nodes = []
    for n in sorted(G, key=str):
        d = G.nodes[n]
        kind = d.get("type", "")
        st = styles["node"].get(kind, {})
        x, y = pos.get(n, (0.0, 0.0))
        nodes.append({
            "id": ids[n], "iri": str(n), "name": names[n], "label": isolate(labels[n]), "type": kind,
            "focus": n == center, "color": st.get("color", "#999999"), "shape": st.get("shape", "dot"),
            "size": sizes[n], "font": fonts[n], "x": round(x, 1), "y": round(y, 1), "part": part_of[n],
            "rank": central[n], "open": n in shown,
            "arts": sorted(art_index[a] for a in d.get("articles", ()) if a in art_index),
            "info": {
                "type": st.get("label_fa", kind), "alt": list(d.get("alt_labels", ()))[:30],
                "honorifics": list(d.get("honorifics", ())), "articles": len(d.get("articles", ())),
                "quotes": [q["text"] for q in d.get("quotes", ())][:QUOTES_PER_PERSON],
            },
        })
    grouped: dict[tuple[int, int], list[dict]] = {}
    for u, v, d in G.edges(data=True):
        grouped.setdefault((ids[u], ids[v]), []).append(d)
    edges = []
    for (a, b), facts in sorted(grouped.items()):
        facts.sort(key=lambda d: (_KIND_ORDER.get(d.get("kind", ""), 99), d.get("kind", "")))
        kinds = [d.get("kind", "") for d in facts]
        roles = [styles["edge"].get(k, {}).get("label_fa", k) for k in kinds]
        arts = sorted({art_index[x] for d in facts for x in d.get("articles", ()) if x in art_index})
        edges.append({
            "from": a, "to": b, "kind": " · ".join(kinds), "kinds": kinds,
            "label": isolate(" · ".join(roles)), "roles": " · ".join(roles),
            "color": styles["edge"].get(kinds[0], {}).get("color", "#999999"),
            "weight": max(int(d.get("weight", 1)) for d in facts), "arts": arts,
            "evidence": [{"kind": k, "text": _short(e.get("text", ""), EVIDENCE_CHARS),
                          "confidence": e.get("confidence")}
                         for k, d in zip(kinds, facts, strict=True)
                         for e in d.get("evidence", ())[:EVIDENCE_PER_KIND]],
        })
    used_nodes = {n["type"] for n in nodes}
    used_edges = {k for e in edges for k in e["kinds"]}
    legend = ([{"element": "node", **row} for k, row in styles["node"].items() if k in used_nodes]
              + [{"element": "edge", **row} for k, row in styles["edge"].items() if k in used_edges])
    kinds_table = {k: {"fa": r["label_fa"], "en": r["label_en"], "sentence_fa": r["sentence_fa"],
                       "sentence_en": r["sentence_en"]} for k, r in styles["edge"].items()}
    return {"title": title, "nodes": nodes, "edges": edges, "articles": articles, "legend": legend,
            "kinds": kinds_table, "fold": fold_table(), "notices": notices,
            "opening": {"nodes": len(shown), "text": how}, "physics": physics,
            "stats": {"nodes": len(nodes), "edges": len(edges), "total_nodes": total, "open": len(shown),
                      "isolated": lonely, "parts": len(parts)}}
