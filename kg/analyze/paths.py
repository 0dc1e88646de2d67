"""How two entities are connected: ego networks and the shortest chain of facts, with the sentences behind them."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import networkx as nx

from kg.analyze.convert import to_undirected
from kg.analyze.generic import is_unnamed_event
from kg.errors import InputError

__all__ = ["NoPath", "PathStep", "connection_graph", "ego_network", "explain_path"]


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


def connection_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """The undirected graph that connections are walked on: ``to_undirected``, except that an event without a name
    (a bare «دیدار», see ``is_unnamed_event``) is split into one node per article that states a fact about it, so a
    chain passes through it only between facts one article states (the same bare word in two articles is usually
    two meetings). Split nodes carry ``entity``, the event they stand for.

    Examples
    --------
    >>> M = nx.MultiDiGraph()
    >>> M.add_node("visit", type="event", label="دیدار")
    >>> M.add_edge("a", "visit", kind="attended", articles=["x"])
    0
    >>> M.add_edge("b", "visit", kind="attended", articles=["y"])
    0
    >>> nx.has_path(connection_graph(M), "a", "b"), nx.has_path(to_undirected(M), "a", "b")
    (False, True)
    """
    H = to_undirected(G)
    for e, d in G.nodes(data=True):
        if d.get("type") != "event" or not is_unnamed_event(str(d.get("label", ""))):
            continue
        by_article: dict = {}
        for u, v, fact in [*G.in_edges(e, data=True), *G.out_edges(e, data=True)]:
            other = v if u == e else u
            for art in fact.get("articles") or [None]:
                by_article.setdefault(art, set()).add(other)
        H.remove_node(e)
        for art, others in by_article.items():
            split = (e, art)
            H.add_node(split, **d, entity=e)
            H.add_edges_from((split, o) for o in others if o != e)
    return H


def explain_path(G: nx.MultiDiGraph, source, target) -> list[PathStep]:
    """The shortest connection from ``source`` to ``target`` as facts, each with the sentences that state it.

    Hops are counted ignoring direction, on ``connection_graph`` (through an event without a name only within one
    article); between two adjacent entities the best-supported fact is reported (a stated fact before a quotation,
    whose "evidence" is the quote itself).
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
    H = connection_graph(G)
    if source not in H or target not in H:  # asked about an event without a name itself: walk it whole
        H = to_undirected(G)
    try:
        hops = [H.nodes[h].get("entity", h) for h in nx.shortest_path(H, source, target)]
    except nx.NetworkXNoPath:
        a, b = (len({H.nodes[h].get("entity", h) for h in nx.node_connected_component(H, n)})
                for n in (source, target))
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
