"""RDF file formats by extension: the one table that every reader and writer of graph files uses.

``kg build -o``, ``kg export``, ``kg query``, ``kg serve``, ``kg push`` and the library all look a file's format up
here, so a file one command writes is a file every other command reads. ``.owl`` is RDF/XML, both ways.
Quad formats (``.trig .nq .jsonld``) keep one named graph per article; the triple formats hold one graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError

__all__ = ["FORMATS", "FileFormat", "by_name", "file_format", "rdf_format"]


@dataclass(frozen=True, slots=True)
class FileFormat:
    """An RDF serialization: rdflib's name for it (``trig``, ``json-ld``...) and pyoxigraph's ``RdfFormat``."""

    name: str
    rdf: ox.RdfFormat

    @property
    def quads(self) -> bool:
        """True when the format keeps named graphs (one per article)."""
        return self.rdf.supports_datasets


FORMATS: dict[str, FileFormat] = {
    ".trig": FileFormat("trig", ox.RdfFormat.TRIG),
    ".nq": FileFormat("nquads", ox.RdfFormat.N_QUADS),
    ".jsonld": FileFormat("json-ld", ox.RdfFormat.JSON_LD),
    ".ttl": FileFormat("turtle", ox.RdfFormat.TURTLE),
    ".nt": FileFormat("nt", ox.RdfFormat.N_TRIPLES),
    ".rdf": FileFormat("xml", ox.RdfFormat.RDF_XML),
    ".owl": FileFormat("xml", ox.RdfFormat.RDF_XML),
}
_BY_NAME = {f.name: f for f in FORMATS.values()}


def file_format(path: str | Path) -> FileFormat:
    """The format a file name implies, or ``StoreError`` listing the known extensions.

    >>> file_format("graph.TriG").name
    'trig'
    """
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        raise StoreError(f"{path}: unknown RDF file extension {suffix or 'none'!r} "
                         f"(known: {' '.join(FORMATS)}, or a store directory)") from None


def rdf_format(path: str | Path) -> ox.RdfFormat:
    """pyoxigraph's ``RdfFormat`` for a file name (see ``file_format``)."""
    return file_format(path).rdf


def by_name(name: str) -> FileFormat:
    """A format by rdflib's name (``turtle``, ``nt``, ``nquads``, ``trig``, ``json-ld``, ``xml``)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise StoreError(f"unknown RDF format {name!r} (known: {', '.join(_BY_NAME)})") from None
