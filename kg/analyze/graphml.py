"""GraphML export of the projection, for Gephi and other tools that take over beyond what a page can draw."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx

__all__ = ["generate_graphml", "to_flat", "write_graphml"]

_SEP = " | "


def to_flat(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all scalars (GraphML allows nothing else): lists are joined, counts kept.

    Examples
    --------
    >>> M = nx.MultiDiGraph()
    >>> M.add_node("p", label="علی", type="person", alt_labels=["a", "b"], articles=["x"], quotes=[])
    >>> M.add_edge("p", "q", key="holds", kind="holds", weight=2, evidence=[{"text": "s1"}], articles=["x"])
    'holds'
    >>> F = to_flat(M)
    >>> F.nodes["p"]["alt_labels"], F.nodes["p"]["articles"], F.edges["p", "q", "holds"]["evidence"]
    ('a | b', 1, 's1')
    """
    F = nx.MultiDiGraph()
    for n, d in G.nodes(data=True):
        F.add_node(n, label=str(d.get("label", n)), type=str(d.get("type", "")),
                   alt_labels=_SEP.join(d.get("alt_labels", ())), articles=len(d.get("articles", ())),
                   quotes=len(d.get("quotes", ())))
    for u, v, k, d in G.edges(keys=True, data=True):
        F.add_edge(u, v, key=k, kind=str(d.get("kind", k)), label=str(d.get("kind", k)),
                   weight=float(d.get("weight", 1)), articles=len(d.get("articles", ())),
                   evidence=_SEP.join(e.get("text", "") for e in d.get("evidence", ())))
    return F


def generate_graphml(G: nx.MultiDiGraph) -> Iterator[str]:
    """The GraphML document as lines."""
    yield from nx.generate_graphml(to_flat(G))


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``G`` as UTF-8 GraphML (Gephi: File → Open; ``label`` and ``type`` become columns)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for line in generate_graphml(G):
            fh.write(line + "\n")
    return path
