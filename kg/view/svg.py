"""A still picture of a view as SVG: what the page draws at first, for places that run no script.

Notebooks on GitHub, documentation and reports show SVG but not an interactive page. The picture uses the page's
own data (``to_view_data``): the entities drawn at first, their positions, colours and shapes, and the labels the
page would draw at that zoom. The browser that shows it shapes the Persian text (``direction="rtl"``); article text
is XML-escaped. Same data, same picture: positions are rounded, so re-running a notebook does not churn it.
"""

from __future__ import annotations

import math
from html import escape

from kg.view.positions import label_box, pack

__all__ = ["to_svg"]

_DRAW_PX = 8.0  # the page draws a label once it is this tall on screen (kg.view.html: drawThreshold 9)
_NAMED = 15  # a picture cannot be zoomed: the most central this many are labelled at a readable size anyway
_NAMED_PX = 11.0


def _shape(shape: str, x: float, y: float, r: float, color: str) -> str:
    fill = f'fill="{escape(color)}" stroke="#444" stroke-width="0.6"'
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" {fill}/>'
    if shape in ("triangle", "triangleDown", "star"):
        k = -1 if shape == "triangle" else 1
        if shape == "star":
            pts = [(x + (r if i % 2 == 0 else r / 2.2) * math.sin(i * math.pi / 5),
                    y - (r if i % 2 == 0 else r / 2.2) * math.cos(i * math.pi / 5)) for i in range(10)]
        else:
            pts = [(x, y + k * r), (x - r, y - k * r * 0.7), (x + r, y - k * r * 0.7)]
        return f'<polygon points="{" ".join(f"{a:.1f},{b:.1f}" for a, b in pts)}" {fill}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {fill}/>'


def to_svg(data: dict, *, width: int = 900, everything: bool = False) -> str:
    """The view's opening picture (``everything=True``: every entity of the page) as an SVG document string.

    Examples
    --------
    >>> import networkx as nx
    >>> from kg.view import to_view_data
    >>> M = nx.MultiDiGraph()
    >>> M.add_node("p", type="person", label="علی <b>")
    >>> M.add_node("e", type="event", label="نشست")
    >>> M.add_edge("p", "e", key="attended", kind="attended", weight=1, evidence=[])
    'attended'
    >>> svg = to_svg(to_view_data(M))
    >>> svg.startswith("<svg") and "علی &lt;b&gt;" in svg and "<b>" not in svg
    True
    """
    nodes = [n for n in data["nodes"] if everything or n.get("open", True)]
    if not nodes:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="40">'
                '<text x="10" y="25" font-family="sans-serif">Nothing to draw.</text></svg>')
    boxes = {n["id"]: label_box(n["name"][:40], n["font"], n["size"]) for n in nodes}
    parts: dict[int, dict] = {}
    for n in nodes:
        parts.setdefault(n.get("part", 0), {})[n["id"]] = (n["x"], n["y"])
    pos = pack([parts[k] for k in sorted(parts)], 60.0, boxes)
    x0 = min(pos[i][0] - boxes[i][0] / 2 for i in pos)
    x1 = max(pos[i][0] + boxes[i][0] / 2 for i in pos)
    y0 = min(pos[i][1] - boxes[i][1] / 2 for i in pos)
    y1 = max(pos[i][1] + boxes[i][2] + boxes[i][1] / 2 for i in pos)
    scale = min(1.0, width / max(1.0, x1 - x0))
    height = math.ceil((y1 - y0) * scale) + 2

    def at(i: int) -> tuple[float, float]:
        return (pos[i][0] - x0) * scale, (pos[i][1] - y0) * scale

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="Vazirmatn, Tahoma, sans-serif">',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    for e in data["edges"]:
        if e["from"] in pos and e["to"] in pos:
            (ax, ay), (bx, by) = at(e["from"]), at(e["to"])
            out.append(f'<line x1="{ax:.1f}" y1="{ay:.1f}" x2="{bx:.1f}" y2="{by:.1f}" '
                       f'stroke="{escape(e["color"])}" stroke-width="1" opacity="0.8"/>')
    named = {n["id"] for n in sorted(nodes, key=lambda n: n.get("rank", 0))[:_NAMED]}
    taken: list[tuple[float, float, float, float]] = []  # label boxes drawn so far, most central first
    labels = []
    for n in sorted(nodes, key=lambda n: n.get("rank", 0)):
        x, y = at(n["id"])
        r = max(2.0, n["size"] * scale * 0.6)
        out.append(_shape(n["shape"], x, y, r, n["color"]))
        px = max(n["font"] * scale, _NAMED_PX if n["id"] in named else 0.0)
        name = n["name"] if len(n["name"]) <= 40 else n["name"][:39] + "…"
        half = len(name) * px * 0.26
        cx = min(max(x, half + 2), width - half - 2)
        box = (cx - half, y + r, cx + half, y + r + px * 1.3)
        if px < _DRAW_PX or any(a < box[2] and box[0] < c and b < box[3] and box[1] < d for a, b, c, d in taken):
            continue  # too small to read, or it would cover a more central label
        taken.append(box)
        labels.append(f'<text x="{cx:.1f}" y="{y + r + px:.1f}" font-size="{px:.1f}" text-anchor="middle" '
                      f'direction="rtl" unicode-bidi="plaintext" fill="#222" stroke="#fff" stroke-width="3" '
                      f'paint-order="stroke">{escape(name)}</text>')
    out += labels
    out.append("</svg>")
    return "\n".join(out)
