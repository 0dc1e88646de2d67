"""Turn the projected graph into plain view data: nodes, edges, legend, notices and precomputed positions.

Everything here is pure data (JSON-serialisable); rendering lives in ``kg.view.html``. Article text is passed
through verbatim: the page inserts it with ``textContent`` only, and the canvas draws labels as text.

Large graphs stay readable within seconds because positions are computed here (physics off beyond
``physics_max`` nodes) and graphs above ``max_nodes`` are reduced to their most central entities, which the page says.
"""

from __future__ import annotations

import csv
import math
from functools import cache
from importlib import resources

import networkx as nx
import numpy as np

from kg.analyze.bidi import isolate
from kg.analyze.communities import communities
from kg.analyze.convert import find_entity, to_undirected
from kg.analyze.paths import ego_network
from kg.errors import InputError

__all__ = ["isolate", "kind_styles", "layout", "to_view_data"]

_MAX_LABEL = 40
# When several facts join the same two entities they share one drawn edge, coloured by the most specific kind.
_KIND_ORDER = {k: i for i, k in enumerate(("spoke at", "honoured at", "organized", "said", "holds", "in", "unit of",
                                           "member of", "on occasion of", "at", "attended"))}


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


def layout(G: nx.Graph, *, seed: int = 0, spacing: float = 130.0) -> dict:
    """Positions in pixels, fast enough for thousands of nodes.

    Each connected part is laid out on its own, then the parts are packed in rows, largest first, so a corpus of
    many small stories reads as a tidy sheet instead of a ring of fragments. Inside a part: up to 60 nodes
    Kamada–Kawai (even spacing); up to 400 Fruchterman–Reingold; beyond, label-propagation groups are placed by a
    spring layout of the group graph and each group is laid out in its own disc (far below quadratic cost).
    ``spacing`` is the typical distance between neighbours, in pixels.

    Examples
    --------
    >>> pos = layout(nx.path_graph(3), seed=1)
    >>> sorted(pos), all(len(p) == 2 for p in pos.values())
    ([0, 1, 2], True)
    """
    if len(G) == 0:
        return {}
    H = to_undirected(G) if G.is_directed() or G.is_multigraph() else G
    parts = sorted((sorted(c, key=str) for c in nx.connected_components(H)), key=lambda c: (-len(c), str(c[0])))
    placed = [_part_layout(H, part, seed=seed + i, spacing=spacing) for i, part in enumerate(parts)]
    return {k: (round(float(x), 1), round(float(y), 1)) for k, (x, y) in _pack(placed, spacing).items()}


def _part_layout(H: nx.Graph, part: list, *, seed: int, spacing: float) -> dict:
    n = len(part)
    scale = spacing * 0.8 * math.sqrt(n)
    if n == 1:
        return {part[0]: (0.0, 0.0)}
    if n == 2:
        return {part[0]: (-spacing / 2, 0.0), part[1]: (spacing / 2, 0.0)}
    if n <= 60:
        return nx.kamada_kawai_layout(H.subgraph(part), weight=None, scale=scale)
    if n <= 400:
        return _spring(H, part, seed=seed, scale=scale, iterations=60)
    return _community_layout(H.subgraph(part).copy(), seed=seed, scale=scale)


def _pack(placed: list[dict], gap: float) -> dict:
    """Shelf packing: parts left to right in rows of a width that keeps the sheet about as wide as a screen."""
    boxes = []
    for pos in placed:
        xs = [x for x, _ in pos.values()]
        ys = [y for _, y in pos.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + gap, max(ys) - min(ys) + gap))
    width = max(max(b[2] for b in boxes), math.sqrt(sum(b[2] * b[3] for b in boxes) * 1.6))
    out: dict = {}
    x = y = row = 0.0
    for pos, (x0, y0, w, h) in zip(placed, boxes, strict=True):
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        out.update({v: (px - x0 + x, py - y0 + y) for v, (px, py) in pos.items()})
        x += w
        row = max(row, h)
    return out


def _community_layout(H: nx.Graph, *, seed: int, scale: float) -> dict:
    # label propagation, not Louvain: ~7x faster at 5,000 nodes and its groups are small enough to lay out densely
    parts = sorted((sorted(c, key=str) for c in nx.community.fast_label_propagation_communities(H, seed=seed)),
                   key=lambda c: (-len(c), str(c[0])))
    member = {v: i for i, part in enumerate(parts) for v in part}
    Q = nx.Graph()
    Q.add_nodes_from(range(len(parts)))
    for u, v in H.edges():
        a, b = member[u], member[v]
        if a != b:
            Q.add_edge(a, b, weight=Q[a][b]["weight"] + 1 if Q.has_edge(a, b) else 1)
    big = [i for i in Q if len(parts[i]) > 1]
    centers = _spring(Q, big, seed=seed, scale=scale, iterations=50 if len(big) <= 200 else 20)
    lonely = [i for i in Q if i not in centers]
    centers.update(_ring(lonely, scale * 1.15))
    unit = scale / math.sqrt(len(H))
    pos = {}
    for i, part in enumerate(parts):
        cx, cy = centers[i]
        radius = unit * math.sqrt(len(part))
        if len(part) == 1:
            pos[part[0]] = (cx, cy)
        elif len(part) <= 400:
            sub = _spring(H, part, seed=seed, scale=radius, iterations=30)
            pos.update({v: (cx + x, cy + y) for v, (x, y) in sub.items()})
        else:
            pos.update({v: (cx + x, cy + y) for v, (x, y) in _sunflower(part, radius).items()})
    return pos


def _spring(H: nx.Graph, nodes: list, *, seed: int, scale: float, iterations: int) -> dict:
    """Fruchterman–Reingold on the subgraph induced by ``nodes``, vectorised with numpy (dense: keep it small).

    networkx's ``spring_layout`` costs ~5 ms of overhead per call and switches to a slow optimiser above 500 nodes;
    the community layout calls this hundreds of times.
    """
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(nodes)}
    adj = np.zeros((n, n), dtype=np.float32)
    for u, i in index.items():  # plain adjacency walk: subgraph views filter every access and cost seconds
        for v in H[u]:
            j = index.get(v)
            if j is not None:
                adj[i, j] = 1.0
    pos = np.random.default_rng(seed).random((n, 2), dtype=np.float32)
    k = math.sqrt(1.0 / n)
    t = 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.sqrt((delta**2).sum(axis=-1)), 0.01)
        disp = np.einsum("ijk,ij->ik", delta, k * k / dist**2 - adj * dist / k)
        length = np.sqrt((disp**2).sum(axis=-1))
        length = np.where(length < 0.01, 0.1, length)
        pos += disp * (t / length)[:, None]
        t -= dt
    pos -= pos.mean(axis=0)
    lim = np.abs(pos).max() or 1.0
    pos *= scale / lim
    return {v: (float(pos[i, 0]), float(pos[i, 1])) for v, i in index.items()}


def _ring(items: list, radius: float) -> dict:
    step = 2 * math.pi / max(1, len(items))
    return {v: (radius * math.cos(i * step), radius * math.sin(i * step)) for i, v in enumerate(items)}


def _sunflower(items: list, radius: float) -> dict:
    """Evenly filled disc (Vogel's spiral): a readable O(n) placement for very large communities."""
    golden = math.pi * (3 - math.sqrt(5))
    n = len(items)
    return {v: (radius * math.sqrt((i + 0.5) / n) * math.cos(i * golden),
                radius * math.sqrt((i + 0.5) / n) * math.sin(i * golden)) for i, v in enumerate(items)}


def _reduce(G: nx.MultiDiGraph, max_nodes: int, keep=None) -> tuple[nx.MultiDiGraph, str | None]:
    if len(G) <= max_nodes:
        return G, None
    rank = nx.pagerank(to_undirected(G), weight="weight")
    order = sorted(G, key=lambda v: (-rank[v], str(v)))
    chosen = set(order[:max_nodes])
    if keep is not None and keep not in chosen:
        chosen.discard(order[max_nodes - 1])
        chosen.add(keep)
    note = (f"Reduced: showing the {max_nodes:,} most central of {len(G):,} entities (PageRank). "
            "Use --focus ENTITY --depth N or --community K for a part, or the GraphML export for Gephi.")
    return G.subgraph(chosen).copy(), note


def _node_facts(G: nx.MultiDiGraph, n, limit: int = 12) -> list[str]:
    styles = kind_styles()["edge"]
    facts = []
    for _, v, d in sorted(G.out_edges(n, data=True), key=lambda e: (e[2].get("kind", ""), str(e[1]))):
        label = styles.get(d.get("kind", ""), {}).get("label_fa", d.get("kind", ""))
        facts.append(f"{label} ← {G.nodes[v].get('label', v)}")
    for u, _, d in sorted(G.in_edges(n, data=True), key=lambda e: (e[2].get("kind", ""), str(e[0]))):
        label = styles.get(d.get("kind", ""), {}).get("label_fa", d.get("kind", ""))
        facts.append(f"{G.nodes[u].get('label', u)} ← {label}")
    return facts[:limit] + ([f"… +{len(facts) - limit}"] if len(facts) > limit else [])


def to_view_data(G: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 1, community: int | None = None,
                 max_nodes: int = 1500,
                 physics_max: int = 150, edge_labels_max: int = 500, isolated: bool = False, seed: int = 0,
                 title: str = "Peyvand graph") -> dict:
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
        Above this, keep the most central entities and add a notice saying so.
    physics_max : int
        Up to this many nodes the page refines the precomputed layout with physics; beyond, physics is off.
    edge_labels_max : int
        Beyond this many nodes edges are drawn without labels (measuring thousands of labels costs seconds);
        tooltips still name each edge's role.
    isolated : bool
        Also draw entities that take part in no fact (hidden by default, with a notice giving their number).

    Returns
    -------
    dict
        ``{"title", "nodes", "edges", "legend", "notices", "physics", "stats"}``; each node has ``id``, ``label``
        (bidi-isolated, shortened), ``name`` (verbatim), ``type``, ``x``, ``y``, ``info`` (tooltip data);
        each edge (all facts between one ordered pair of entities) ``from``, ``to``, ``kinds``, ``label``,
        ``weight`` (articles supporting its best-supported fact), ``evidence``.

    Examples
    --------
    >>> M = nx.MultiDiGraph()
    >>> M.add_node("p", type="person", label="علی")
    >>> M.add_node("e", type="event", label="نشست")
    >>> M.add_edge("p", "e", key="attended", kind="attended", weight=1, evidence=[])
    'attended'
    >>> data = to_view_data(M)
    >>> [n["name"] for n in data["nodes"]], [e["kind"] for e in data["edges"]]
    (['نشست', 'علی'], ['attended'])
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
    if not isolated:
        lonely = [n for n in G if G.degree(n) == 0 and n != center]
        if lonely:
            G = G.subgraph([n for n in G if n not in set(lonely)]).copy()
            notices.append(f"{len(lonely):,} entities with no facts hidden (--isolated shows them).")
    G, note = _reduce(G, max_nodes, keep=center)
    if note:
        notices.append(note)
    physics = 0 < len(G) <= physics_max
    if len(G) == 0:
        notices.append("Nothing to draw: no entity takes part in a fact.")
    if len(G) > physics_max:
        notices.append(f"Layout precomputed for {len(G):,} entities; physics is off so the page opens at once.")
    edge_labels = len(G) <= edge_labels_max
    if not edge_labels:
        notices.append("Edge labels omitted at this size: hover an edge for its role and evidence.")
    pos = layout(G, seed=seed)
    styles = kind_styles()
    ids = {n: i for i, n in enumerate(sorted(G, key=str))}
    degree = dict(G.degree())
    nodes = []
    for n in sorted(G, key=str):
        d = G.nodes[n]
        kind = d.get("type", "")
        st = styles["node"].get(kind, {})
        name = str(d.get("label", n))
        x, y = pos.get(n, (0.0, 0.0))
        nodes.append({
            "id": ids[n], "iri": str(n), "name": name, "label": isolate(_short(name)), "type": kind,
            "focus": n == center,
            "color": st.get("color", "#999999"), "shape": st.get("shape", "dot"),
            "size": round(10 + 4 * math.log1p(degree.get(n, 0)), 1), "x": x, "y": y,
            "search": " ".join([name, *d.get("alt_labels", ())]),
            "info": {
                "type": st.get("label_fa", kind), "alt": list(d.get("alt_labels", ()))[:8],
                "honorifics": list(d.get("honorifics", ())), "articles": len(d.get("articles", ())),
                "facts": _node_facts(G, n), "quotes": [q["text"] for q in d.get("quotes", ())][:3],
            },
        })
    grouped: dict[tuple[int, int], list[dict]] = {}
    for u, v, d in G.edges(data=True):
        grouped.setdefault((ids[u], ids[v]), []).append(d)
    edges = []
    for (a, b), facts in sorted(grouped.items()):
        facts.sort(key=lambda d: (_KIND_ORDER.get(d.get("kind", ""), 99), d.get("kind", "")))
        kinds = [d.get("kind", "") for d in facts]
        labels = [styles["edge"].get(k, {}).get("label_fa", k) for k in kinds]
        edges.append({
            "from": a, "to": b, "kind": " · ".join(kinds), "kinds": kinds,
            "label": isolate(" · ".join(labels)) if edge_labels else "", "roles": " · ".join(labels),
            "color": styles["edge"].get(kinds[0], {}).get("color", "#999999"),
            "weight": max(int(d.get("weight", 1)) for d in facts),
            "evidence": [{"kind": k, "text": e.get("text", ""), "confidence": e.get("confidence")}
                         for k, d in zip(kinds, facts, strict=True) for e in d.get("evidence", ())[:5]],
        })
    used_nodes = {n["type"] for n in nodes}
    used_edges = {k for e in edges for k in e["kinds"]}
    legend = ([{"element": "node", **row} for k, row in styles["node"].items() if k in used_nodes]
              + [{"element": "edge", **row} for k, row in styles["edge"].items() if k in used_edges])
    return {"title": title, "nodes": nodes, "edges": edges, "legend": legend, "notices": notices,
            "physics": physics, "stats": {"nodes": len(nodes), "edges": len(edges), "total_nodes": total}}
