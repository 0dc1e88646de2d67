"""Every export format parses with independent parsers to the same quads rdflib and pyoxigraph read, blank-free.

Parsers: pyoxigraph (Rust), raptor's ``rapper`` (C), ``serdi`` (C), the npm ``n3`` and ``jsonld`` packages (JS).
Each tool's output is re-read as N-Quads and compared, as a set, with pyoxigraph's reading of the file, and its size
with rdflib's; so a tool that drops, duplicates or mangles a single literal (Persian text, ZWNJ, quotes, newlines,
``xsd:decimal``) fails.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

JS_DIR = Path(__file__).resolve().parent / "js"

_OX = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
       ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML}
_RDFLIB = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld", ".rdf": "xml"}
_RAPPER = {".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig", ".rdf": "rdfxml"}
_SERDI = {".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig"}
_JS = {".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig", ".jsonld": "jsonld"}
_QUAD_EXTS = {".nq", ".trig", ".jsonld"}


def _quads(nquads: bytes) -> set[ox.Quad]:
    return set(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))


def _pyoxigraph(path: Path) -> set[ox.Quad]:
    return set(ox.parse(path=str(path), format=_OX[path.suffix], base_iri=path.as_uri()))


def _rdflib_count(path: Path) -> int:
    if path.suffix in _QUAD_EXTS:
        ds = rdflib.Dataset()
        ds.parse(str(path), format=_RDFLIB[path.suffix])
        return sum(1 for _ in ds.quads((None, None, None, None)))
    return len(rdflib.Graph().parse(str(path), format=_RDFLIB[path.suffix]))


def _run(cmd: list[str], cwd: Path | None = None) -> bytes:
    r = subprocess.run(cmd, capture_output=True, timeout=300, cwd=cwd)
    assert r.returncode == 0, f"{cmd[0]} failed: {r.stderr.decode(errors='replace')[-500:]}"
    return r.stdout


def _rapper(path: Path) -> set[ox.Quad]:
    if not shutil.which("rapper"):
        pytest.skip("rapper is missing (apt-get install raptor2-utils)")
    out = "nquads" if path.suffix in _QUAD_EXTS else "ntriples"
    return _quads(_run(["rapper", "-q", "-i", _RAPPER[path.suffix], "-o", out, str(path), path.as_uri()]))


def _serdi(path: Path) -> set[ox.Quad]:
    if not shutil.which("serdi"):
        pytest.skip("serdi is missing (apt-get install serdi)")
    return _quads(_run(["serdi", "-q", "-i", _SERDI[path.suffix], "-o", "nquads", str(path), path.as_uri()]))


def _node(path: Path) -> set[ox.Quad]:
    if not shutil.which("node"):
        pytest.skip("node is missing")
    if not (JS_DIR / "node_modules" / "n3").exists():
        pytest.skip("npm packages are missing (npm ci --prefix tests/interop/js)")
    return _quads(_run(["node", str(JS_DIR / "parse.js"), _JS[path.suffix], str(path)]))


# Which parser reads which format (raptor and serd have no JSON-LD, serd and n3 no RDF/XML).
PARSERS = {"pyoxigraph": (_pyoxigraph, set(_OX)), "rapper": (_rapper, set(_RAPPER)),
           "serdi": (_serdi, set(_SERDI)), "n3-or-jsonld.js": (_node, set(_JS))}
PAIRS = [(name, ext) for name, (_, exts) in sorted(PARSERS.items()) for ext in sorted(exts)]


def _blank(q: ox.Quad) -> bool:
    return any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object, q.graph_name))


@pytest.mark.parametrize(("parser", "ext"), PAIRS)
def test_interop_export_parses_identically(exports, parser, ext):
    path = exports[ext]
    quads = PARSERS[parser][0](path)
    assert len(quads) == _rdflib_count(path), f"{parser} read a different number of quads than rdflib"
    assert quads == _pyoxigraph(path), f"{parser} read different quads than pyoxigraph"
    assert not [q for q in quads if _blank(q)], f"{parser} found blank nodes in {path.name}"


def test_interop_formats_hold_the_same_triples(exports):
    """Every triple format carries the union of the quad formats' graphs; every quad format the same quads."""
    by_ext = {ext: _pyoxigraph(path) for ext, path in exports.items()}
    assert by_ext[".nq"] == by_ext[".trig"] == by_ext[".jsonld"]
    union = {q.triple for q in by_ext[".nq"]}
    for ext in (".ttl", ".nt", ".rdf"):
        assert {q.triple for q in by_ext[ext]} == union, f"{ext} differs from the union of the N-Quads graphs"


def test_interop_persian_literals_survive(exports):
    """Persian labels with ZWNJ come back byte-identical through the C and JS parsers (no escaping damage)."""
    labels = {q.object.value for q in _pyoxigraph(exports[".nq"])
              if q.predicate.value.endswith("rdf-schema#label") and isinstance(q.object, ox.Literal)}
    persian = {v for v in labels if any("\u0600" <= c <= "\u06ff" for c in v)}
    assert persian, "the build has Persian labels"
    assert any("\u200c" in v for v in persian), "the build has a label with ZWNJ"
    for parse in (_serdi, _node):
        got = {q.object.value for q in parse(exports[".trig"]) if isinstance(q.object, ox.Literal)}
        assert persian <= got
