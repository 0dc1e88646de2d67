"""Groups of entities that belong together: Louvain communities over the undirected projection."""

from __future__ import annotations

import networkx as nx

from kg.analyze.convert import to_undirected

__all__ = ["communities"]


def communities(G: nx.Graph, *, seed: int = 0, resolution: float = 1.0) -> list[list]:
    """Partition the entities with networkx's Louvain method, largest community first.

    Parameters
    ----------
    G : networkx graph
        The projection from ``to_networkx`` (directions and kinds are collapsed first).
    seed : int
        Louvain is randomised; the same seed gives the same partition.
    resolution : float
        Above 1 favours smaller communities.

    Returns
    -------
    list of list
        Each community as a sorted list of nodes; singletons (isolated entities) included.

    Examples
    --------
    >>> G = nx.barbell_graph(4, 0)
    >>> communities(G, seed=1)
    [[0, 1, 2, 3], [4, 5, 6, 7]]
    """
    H = to_undirected(G) if G.is_directed() or G.is_multigraph() else G
    if len(H) == 0:
        return []
    parts = nx.community.louvain_communities(H, weight="weight", resolution=resolution, seed=seed)
    out = [sorted(p, key=str) for p in parts]
    out.sort(key=lambda c: (-len(c), str(c[0])))
    return out
