"""People who appear together: the person–person co-participation network."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx

from kg.analyze.generic import is_unnamed_event

__all__ = ["PARTICIPATION_KINDS", "coparticipation"]

PARTICIPATION_KINDS = frozenset({"attended", "spoke at", "honoured at", "organized", "said"})


def coparticipation(G: nx.MultiDiGraph) -> nx.Graph:
    """Link every two people who took part in the same event; weight = number of shared events.

    Each edge carries ``events``, the sorted shared event nodes, so a report can say where they met. An event
    without a name (a bare «دیدار», see ``is_unnamed_event``) links two people only when one article states both
    took part: in different articles the same bare word is usually a different meeting.

    Examples
    --------
    >>> M = nx.MultiDiGraph()
    >>> M.add_nodes_from(["a", "b", "c"], type="person")
    >>> M.add_nodes_from(["e1", "e2"], type="event")
    >>> for p, e in [("a", "e1"), ("b", "e1"), ("a", "e2"), ("b", "e2"), ("c", "e2")]:
    ...     _ = M.add_edge(p, e, key="attended", kind="attended")
    >>> sorted(coparticipation(M).edges(data="weight"))
    [('a', 'b', 2), ('a', 'c', 1), ('b', 'c', 1)]
    """
    people: dict = defaultdict(lambda: defaultdict(set))  # event -> person -> articles stating their part
    for u, v, d in G.edges(data=True):
        if d.get("kind") in PARTICIPATION_KINDS and G.nodes[u].get("type") == "person":
            people[v][u].update(d.get("articles", ()))
    H = nx.Graph()
    H.add_nodes_from((n, d) for n, d in G.nodes(data=True) if d.get("type") == "person")
    for event in sorted(people, key=str):
        unnamed = is_unnamed_event(str(G.nodes[event].get("label", "")))
        who = people[event]
        for a, b in combinations(sorted(who, key=str), 2):
            if unnamed and who[a] and who[b] and not who[a] & who[b]:  # articles known, none shared
                continue
            if H.has_edge(a, b):
                H[a][b]["weight"] += 1
                H[a][b]["events"].append(event)
            else:
                H.add_edge(a, b, weight=1, events=[event])
    return H
