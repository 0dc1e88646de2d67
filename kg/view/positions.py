"""Positions for the page, in pixels: each connected part laid out on its own, then labels pushed apart.

Fast enough for thousands of nodes (no quadratic step over the whole graph): a news graph is mostly small parts,
each laid out alone (Kamada–Kawai, Fruchterman–Reingold, or groups in discs for big parts), then packed in rows.
``spread_labels`` moves nodes until no two label boxes overlap, in canvas units, so labels never overlap at the zoom
where the page draws them.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from kg.analyze.convert import to_undirected

__all__ = ["label_box", "layout", "pack", "part_layout", "spread_labels"]

# Average advance of a Vazirmatn glyph, in ems (median 0.45, 90th percentile 0.51 over the Fars corpus's labels).
_EM = 0.5


def label_box(label: str, font: float, radius: float) -> tuple[float, float, float]:
    """``(width, height, dy)`` of the box covering a node of ``radius`` and its label of ``font`` px drawn below it,
    centred ``dy`` below the node's centre (vis-network draws labels under dots, squares, triangles and stars)."""
    width = max(len(label) * font * _EM, 2 * radius)
    height = 2 * radius + 1.3 * font
    return width, height, 0.65 * font


def layout(G: nx.Graph, *, seed: int = 0, spacing: float = 130.0) -> dict:
    """Positions in pixels, fast enough for thousands of nodes.

    Each connected part is laid out on its own, then the parts are packed in rows, largest first, so a corpus of
    many small stories reads as a tidy sheet instead of a ring of fragments. Inside a part: up to 60 nodes stress
    majorization on hop distances (even spacing, like Kamada–Kawai); up to 400 Fruchterman–Reingold; beyond,
    label-propagation groups are placed by a spring layout of the group graph and each group is laid out in its own
    disc (far below quadratic cost).
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
    placed = [part_layout(H, part, seed=seed + i, spacing=spacing) for i, part in enumerate(parts)]
    return {k: (round(float(x), 1), round(float(y), 1)) for k, (x, y) in pack(placed, spacing).items()}


def part_layout(H: nx.Graph, part: list, *, seed: int, spacing: float) -> dict:
    """One connected part's positions around its own origin, the method chosen by its size (see ``layout``), scaled
    so that the median fact is ``spacing`` long (each method has its own idea of scale)."""
    n = len(part)
    scale = spacing * 0.8 * math.sqrt(n)
    if n == 1:
        return {part[0]: (0.0, 0.0)}
    if n == 2:
        return {part[0]: (-spacing / 2, 0.0), part[1]: (spacing / 2, 0.0)}
    if n <= 60:
        pos = _stress(H, part, seed=seed)
    elif n <= 400:
        pos = _spring(H, part, seed=seed, scale=scale, iterations=60)
    else:
        return _community_layout(H.subgraph(part).copy(), seed=seed, scale=scale)
    members = set(part)
    lengths = sorted(math.dist(pos[u], pos[v]) for u in part for v in H[u] if v in members and str(u) < str(v))
    median = lengths[len(lengths) // 2] if lengths else 0.0
    k = spacing / median if median > 0 else 1.0
    return {v: (float(x) * k, float(y) * k) for v, (x, y) in pos.items()}


def pack(placed: list[dict], gap: float, boxes: dict | None = None) -> dict:
    """Shelf packing: parts left to right in rows of a width that keeps the sheet about as wide as a screen.

    ``boxes`` (node → ``label_box``) makes each part's extent include its labels; without it, the bare positions.
    The page does the same in JavaScript for the parts it shows (``kg/view/assets/page.js``, ``pack``).
    """
    extents = []
    for pos in placed:
        x0 = y0 = math.inf
        x1 = y1 = -math.inf
        for v, (x, y) in pos.items():
            w, h, dy = boxes[v] if boxes else (0.0, 0.0, 0.0)
            x0, x1 = min(x0, x - w / 2), max(x1, x + w / 2)
            y0, y1 = min(y0, y + dy - h / 2), max(y1, y + dy + h / 2)
        extents.append((x0, y0, x1 - x0 + gap, y1 - y0 + gap))
    width = max(max(b[2] for b in extents), math.sqrt(sum(b[2] * b[3] for b in extents) * 1.6))
    out: dict = {}
    x = y = row = 0.0
    for pos, (x0, y0, w, h) in zip(placed, extents, strict=True):
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        out.update({v: (px - x0 + x, py - y0 + y) for v, (px, py) in pos.items()})
        x += w
        row = max(row, h)
    return out


def spread_labels(pos: dict, boxes: dict, *, pad: float = 4.0, max_nodes: int = 400) -> dict:
    """Move nodes apart until their label boxes (``label_box``) no longer overlap, each step along the axis that
    costs less; positions of parts above ``max_nodes`` are returned unchanged (the pairwise step is quadratic).

    It runs until no boxes overlap: rounds of 150 steps, the layout scaled up by 1.3 between rounds when a crowded
    spot (a hub with dozens of long labels) does not clear. A part above ``max_nodes`` (a tangle of stories joined
    by generic nodes, never drawn whole at first: the page opens on a piece of it, laid out on its own) keeps its
    layout: the quadratic step would cost seconds for labels nobody reads at that zoom.

    Examples
    --------
    >>> pos = spread_labels({"a": (0.0, 0.0), "b": (10.0, 0.0)}, {"a": (100, 20, 0), "b": (100, 20, 0)})
    >>> abs(pos["a"][1] - pos["b"][1]) >= 20 or abs(pos["a"][0] - pos["b"][0]) >= 100
    True
    """
    nodes = list(pos)
    n = len(nodes)
    if n < 2 or n > max_nodes:
        return dict(pos)
    xy = np.array([pos[v] for v in nodes], dtype=np.float64)
    w = np.array([boxes[v][0] for v in nodes]) + pad
    h = np.array([boxes[v][1] for v in nodes]) + pad
    dy = np.array([boxes[v][2] for v in nodes])
    half_w = (w[:, None] + w[None, :]) / 2
    half_h = (h[:, None] + h[None, :]) / 2
    tie = np.subtract.outer(np.arange(n), np.arange(n)).astype(np.float64)  # breaks ties between equal positions
    for r in range(8):
        if r:
            xy = (xy - xy.mean(axis=0)) * 1.3 + xy.mean(axis=0)
        for _ in range(150):
            cx, cy = xy[:, 0], xy[:, 1] + dy
            ddx = cx[:, None] - cx[None, :]
            ddy = cy[:, None] - cy[None, :]
            ox = half_w - np.abs(ddx)
            oy = half_h - np.abs(ddy)
            hit = (ox > 0) & (oy > 0)
            np.fill_diagonal(hit, False)
            if not hit.any():
                return {v: (float(xy[i, 0]), float(xy[i, 1])) for i, v in enumerate(nodes)}
            along_x = hit & (ox < oy)
            along_y = hit & ~along_x
            sx = np.sign(np.where(ddx == 0, tie, ddx))
            sy = np.sign(np.where(ddy == 0, tie, ddy))
            # each overlapping pair is pushed apart by about half its overlap each, plus a little
            xy[:, 0] += np.where(along_x, sx * (ox / 2 + 1), 0.0).sum(axis=1) * 0.6
            xy[:, 1] += np.where(along_y, sy * (oy / 2 + 1), 0.0).sum(axis=1) * 0.6
    return {v: (float(xy[i, 0]), float(xy[i, 1])) for i, v in enumerate(nodes)}


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


def _stress(H: nx.Graph, nodes: list, *, seed: int, iterations: int = 120) -> dict:
    """Stress majorization (SMACOF) on hop distances: evenly spaced like Kamada–Kawai, at numpy speed (networkx's
    Kamada–Kawai costs 50–150 ms even for three nodes). Unit = one hop; ``nodes`` must be connected."""
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    D = np.zeros((n, n))
    for v, lengths in nx.all_pairs_shortest_path_length(H.subgraph(nodes)):
        for u, d in lengths.items():
            D[index[v], index[u]] = d
    W = np.zeros_like(D)
    np.divide(1.0, D**2, out=W, where=D > 0)
    V = np.diag(W.sum(axis=1)) - W
    V_inv = np.linalg.pinv(V)
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.cos(np.arange(n) * 2 * math.pi / n), np.sin(np.arange(n) * 2 * math.pi / n)])
    X = X * math.sqrt(n) / 2 + rng.normal(scale=0.01, size=(n, 2))
    for _ in range(iterations):
        dist = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1))
        B = np.zeros_like(D)
        np.divide(-W * D, dist, out=B, where=dist > 1e-9)
        B[np.diag_indices(n)] = -B.sum(axis=1)
        X_new = V_inv @ (B @ X)
        if np.abs(X_new - X).max() < 1e-3:
            X = X_new
            break
        X = X_new
    X -= X.mean(axis=0)
    return {v: (float(X[i, 0]), float(X[i, 1])) for v, i in index.items()}


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


