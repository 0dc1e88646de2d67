"""Analysis with networkx: the typed projection of the knowledge graph and plain functions over it."""

from kg.analyze.centrality import centrality
from kg.analyze.communities import communities
from kg.analyze.convert import EDGE_KINDS, NODE_TYPES, find_entity, read_dataset, to_networkx, to_undirected
from kg.analyze.cooccurrence import coparticipation
from kg.analyze.graphml import generate_graphml, write_graphml
from kg.analyze.paths import NoPath, PathStep, connection_graph, ego_network, explain_path
from kg.analyze.report import analyze, run_analysis, to_html, to_markdown, write_report

__all__ = [
    "EDGE_KINDS",
    "NODE_TYPES",
    "NoPath",
    "PathStep",
    "analyze",
    "centrality",
    "communities",
    "connection_graph",
    "coparticipation",
    "ego_network",
    "explain_path",
    "find_entity",
    "generate_graphml",
    "read_dataset",
    "run_analysis",
    "to_html",
    "to_markdown",
    "to_networkx",
    "to_undirected",
    "write_graphml",
    "write_report",
]
