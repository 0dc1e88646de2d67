"""How two entities are connected: ego networks and the shortest chain of facts, with the sentences behind them."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import networkx as nx

from kg.analyze.convert import to_undirected
from kg.errors import InputError

__all__ = ["NoPath", "PathStep", "ego_network", "explain_path"]


class NoPath(InputError):
    """The two entities are in different connected parts: no chain of facts joins them (the message names them).

    ``sizes`` holds the number of entities in each one's connected part.
    """

    def __init__(self, message: str, sizes: tuple[int, int]):
        super().__init__(message)
        self.sizes = sizes


@dataclass(frozen=True, slots=True)
class PathStep:
    """One fact on a connection: ``source -kind-> target`` as stated in the data, with its evidence.

    ``evidence`` holds ``(sentence, article)`` pairs; ``forward`` says whether the walk follows the fact's
    direction (False when the path goes from target to source).
    """

    source: str
    target: str
    kind: str
    forward: bool
    weight: int
    evidence: tuple[tuple[str, str], ...]


def _name(G: nx.Graph, n) -> str:
    return str(G.nodes[n].get("label", n))


def ego_network(G: nx.MultiDiGraph, center, radius: int = 1) -> nx.MultiDiGraph:
    """The entities within ``radius`` facts of ``center`` (ignoring direction), with all facts among them.

    Examples
    --------
    >>> M = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> sorted(ego_network(M, "b", radius=1))
    ['a', 'b', 'c']
    """
    if center not in G:
        raise InputError(f"{center!r} is not in the graph")
    return nx.ego_graph(G, center, radius=radius, undirected=True).copy()


def explain_path(G: nx.MultiDiGraph, source, target) -> list[PathStep]:
    """The shortest connection from ``source`` to ``target`` as facts, each with the sentences that state it.

    Hops are counted ignoring direction; between two adjacent entities the best-supported fact is reported
    (a stated fact before a quotation, whose "evidence" is the quote itself).
    Raises ``NoPath`` (an ``InputError``) naming both entities by label when they are not connected.

    Examples
    --------
    >>> M = nx.MultiDiGraph()
    >>> M.add_edge("ali", "post", key="holds", kind="holds", weight=2,
    ...            evidence=[{"text": "Ali, the minister", "article": "a1"}])
    'holds'
    >>> M.add_edge("post", "ministry", key="in", kind="in", weight=1, evidence=[])
    'in'
    >>> [(s.source, s.kind, s.target, s.forward) for s in explain_path(M, "ministry", "ali")]
    [('post', 'in', 'ministry', False), ('ali', 'holds', 'post', False)]
    >>> explain_path(M, "ali", "post")[0].evidence
    (('Ali, the minister', 'a1'),)
    """
    for n in (source, target):
        if n not in G:
            raise InputError(f"{n!r} is not in the graph")
    H = to_undirected(G)
    try:
        hops = nx.shortest_path(H, source, target)
    except nx.NetworkXNoPath:
        a, b = (len(nx.node_connected_component(H, n)) for n in (source, target))
        raise NoPath(f"no path between «{_name(G, source)}» and «{_name(G, target)}»: no chain of facts joins them "
                     f"(their connected parts have {a:,} and {b:,} entities)", (a, b)) from None
    steps = []
    for a, b in pairwise(hops):
        candidates = [(u, v, d) for u, v in ((a, b), (b, a)) if G.has_edge(u, v) for d in G[u][v].values()]
        u, v, d = max(candidates, key=lambda c: (c[2].get("weight", 1), c[2].get("kind") != "said",
                                                 len(c[2].get("evidence", ())), c[2].get("kind", "")))
        ev = tuple((e["text"], e["article"]) for e in d.get("evidence", ()) if e.get("text"))
        steps.append(PathStep(u, v, d.get("kind", ""), u == a, d.get("weight", 1), ev))
    return steps
