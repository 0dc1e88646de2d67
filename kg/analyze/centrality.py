"""Who is central: degree, betweenness and PageRank over the undirected projection."""

from __future__ import annotations

import networkx as nx

from kg.analyze.convert import to_undirected

__all__ = ["centrality"]


def _betweenness(H: nx.Graph, *, exact_max: int, seed: int) -> tuple[dict, dict]:
    """Betweenness computed one connected part at a time (a news graph is mostly small fragments, and networkx's
    per-source cost grows with the whole graph); parts above ``exact_max`` nodes use that many sampled sources.

    Returns ``(pairs, part)``: for each node the number of pairs of other entities whose shortest connections pass
    through it (shared equally among equally short ones), and the size of its connected part.
    """
    pairs = dict.fromkeys(H, 0.0)
    part_of = dict.fromkeys(H, 1)
    for part in nx.connected_components(H):
        part_of.update(dict.fromkeys(part, len(part)))
        if len(part) > 2:
            k = exact_max if len(part) > exact_max else None
            pairs.update(nx.betweenness_centrality(H.subgraph(part), k=k, normalized=False, seed=seed))
    return pairs, part_of


def centrality(G: nx.Graph, *, top: int | None = None, exact_max: int = 2000, seed: int = 0) -> list[dict]:
    """Score every entity by degree, betweenness and PageRank, most central (by PageRank) first.

    Directions and edge kinds are collapsed first (``to_undirected``); PageRank uses the article-support weights,
    degree and betweenness the bare structure, so one heavily reported fact does not make a hub.

    Parameters
    ----------
    G : networkx graph
        The projection from ``to_networkx`` (any networkx graph works).
    top : int, optional
        Keep only the ``top`` highest-ranked entities.
    exact_max, seed : int
        Betweenness is exact in connected parts up to ``exact_max`` nodes, sampled (seeded) above.

    Returns
    -------
    list of dict
        ``{"node", "label", "type", "degree", "betweenness", "pairs", "part", "pagerank"}`` rows, ties broken by
        node id. ``pairs`` is the raw betweenness: how many pairs of other entities are connected through the entity
        (on news graphs of many small parts its normalised ``betweenness`` is tiny everywhere); ``part`` is the
        size of its connected part, the most pairs it could connect.

    Examples
    --------
    >>> G = nx.star_graph(3)
    >>> [(r["node"], r["degree"], r["pairs"], r["part"]) for r in centrality(G, top=2)]
    [(0, 3, 3.0, 4), (1, 1, 0.0, 4)]
    """
    H = to_undirected(G) if G.is_directed() or G.is_multigraph() else G
    n = len(H)
    if n == 0:
        return []
    pairs, part = _betweenness(H, exact_max=exact_max, seed=seed)
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0  # undirected pair counts → networkx's normalised value
    rank = nx.pagerank(H, weight="weight")
    rows = [{"node": v, "label": H.nodes[v].get("label", str(v)), "type": H.nodes[v].get("type", ""),
             "degree": H.degree(v), "betweenness": round(pairs[v] * scale, 6), "pairs": round(pairs[v], 1),
             "part": part[v], "pagerank": round(rank[v], 6)}
            for v in H]
    rows.sort(key=lambda r: (-r["pagerank"], -r["degree"], str(r["node"])))
    return rows[:top] if top is not None else rows
