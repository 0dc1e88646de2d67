"""SHACL validation of a build against ``kg/ontology/shapes.ttl`` (pyshacl, a dev dependency, imported lazily)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from rdflib import Graph

__all__ = ["shapes_graph", "validate_graph"]


@cache
def shapes_graph() -> Graph:
    """The shapes every build must satisfy."""
    return Graph().parse(data=resources.files("kg").joinpath("ontology", "shapes.ttl").read_text("utf-8"),
                         format="turtle")


def validate_graph(data: Graph) -> tuple[bool, str]:
    """``(conforms, report text)``; a Dataset is validated one named graph at a time."""
    from pyshacl import validate

    conforms, _, text = validate(data, shacl_graph=shapes_graph(), inference="none", allow_warnings=False)
    return bool(conforms), str(text)
