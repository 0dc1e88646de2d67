"""SPARQL results as bytes: SPARQL JSON, XML, CSV and TSV for solutions, booleans, and media-type negotiation.

Answers are cut at ``max_rows``. Oxigraph's own serializers are used for SPARQL JSON and TSV (several times faster
than building the answer in Python) when their rows can be counted in the bytes; otherwise the answer is built row by
row here, each distinct term encoded once.
"""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

import pyoxigraph as ox

from kg.errors import QueryError

__all__ = ["GRAPH_TYPES", "NATIVE", "SOLUTION_MEDIA", "SOLUTION_TYPES", "boolean_bytes", "native_counts_right",
           "native_solutions", "negotiate", "solutions_bytes"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# Result formats by media type: (kind, media type to answer with).
SOLUTION_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
SOLUTION_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                   "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS, "application/trig": ox.RdfFormat.TRIG,
    "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
}


def _term_json(t: Any) -> dict[str, Any]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d: dict[str, Any] = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value != _XSD_STRING:
            d["datatype"] = t.datatype.value
        return d
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(t.subject), "predicate": _term_json(t.predicate),
                                            "object": _term_json(t.object)}}
    return {"type": "literal", "value": str(t)}


def _term_xml(t: Any) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{_xml_escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{_xml_escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f'<literal xml:lang="{_xml_escape(t.language)}">{_xml_escape(t.value)}</literal>'
        if t.datatype.value != _XSD_STRING:
            return f'<literal datatype="{_xml_escape(t.datatype.value)}">{_xml_escape(t.value)}</literal>'
        return f"<literal>{_xml_escape(t.value)}</literal>"
    return f"<literal>{_xml_escape(str(t))}</literal>"


def _csv_field(t: Any) -> str:
    if t is None:
        return ""
    value = t.value if isinstance(t, ox.NamedNode | ox.Literal) else str(t)
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def solutions_bytes(variables: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    if fmt == "json":  # each distinct term is encoded once: IRIs and labels repeat across rows
        memo: dict[Any, str] = {}
        keys = [json.dumps(v) + ":" for v in variables]
        encoded = []
        for row in rows:
            cells = []
            for key, t in zip(keys, row, strict=True):
                if t is not None:
                    frag = memo.get(t)
                    if frag is None:
                        frag = memo[t] = json.dumps(_term_json(t), ensure_ascii=False)
                    cells.append(key + frag)
            encoded.append("{" + ",".join(cells) + "}")
        return ('{"head":{"vars":' + json.dumps(variables, ensure_ascii=False) + '},"results":{"bindings":['
                + ",".join(encoded) + "]}}").encode()
    if fmt == "xml":
        out = io.StringIO()
        out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>')
        out.writelines(f'<variable name="{v}"/>' for v in variables)
        out.write("</head><results>")
        for row in rows:
            out.write("<result>")
            out.writelines(f'<binding name="{v}">{_term_xml(t)}</binding>'
                           for v, t in zip(variables, row, strict=True) if t is not None)
            out.write("</result>")
        out.write("</results></sparql>\n")
        return out.getvalue().encode()
    if fmt == "csv":
        lines = [",".join(variables)] + [",".join(_csv_field(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode()
    lines = ["\t".join(f"?{v}" for v in variables)] + ["\t".join("" if t is None else str(t) for t in row)
                                                         for row in rows]
    return ("\n".join(lines) + "\n").encode()


# Oxigraph's own result serializers are faster than building the answer in Python (the seven competency queries on
# the Fars corpus, CPU time: 1.18x Oxigraph's JSON answer row by row, 1.07x with them), but they take the whole
# result. They are used for SPARQL JSON and TSV,
# whose rows can be counted in the bytes (JSON: a solution starts after each `},{"`, which cannot occur inside an
# escaped string; TSV: one row per line), so the answer is still cut at max_rows; past a byte budget, or with rows
# the count cannot see (solutions binding nothing), the answer is built row by row instead.
NATIVE = {"json": ox.QueryResultsFormat.JSON, "tsv": ox.QueryResultsFormat.TSV}
_BYTES_PER_ROW = 4096  # native answers stop at max_rows x this many bytes (memory bound before the row cut)
_JSON_SEP = b'},{"'


class _TooBig(QueryError):
    """An answer over the native serializer's byte budget (caught in this module, never shown)."""


class _Capped:
    """A write-only buffer that gives up past ``limit`` bytes (pyoxigraph's serializers write into it)."""

    def __init__(self, limit: int) -> None:
        self.parts: list[bytes] = []
        self.size, self.limit = 0, limit

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooBig
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _cut_native(body: bytes, fmt: str, max_rows: int) -> tuple[bytes, bool] | None:
    """The native answer cut at ``max_rows`` rows, and whether it was cut; None when its rows cannot be counted."""
    if fmt == "tsv":
        if body.count(b"\n") - 1 <= max_rows:
            return body, False
        end = -1
        for _ in range(max_rows + 1):
            end = body.index(b"\n", end + 1)
        return body[: end + 1], True
    start = body.find(b'"bindings":[')
    if start < 0 or b"[{}" in body or b"{},{" in body or b"},{}" in body:
        return None  # an empty solution (or text that looks like one): count row by row
    rows = 0 if body.startswith(b"[]", start + 11) else body.count(_JSON_SEP, start) + 1
    if rows <= max_rows:
        return body, False
    end = start
    for _ in range(max_rows):
        end = body.index(_JSON_SEP, end + 1)
    return body[: end + 1] + b"]}}", True


def native_solutions(result: Any, fmt: str, max_rows: int) -> tuple[bytes, bool] | None:
    """Oxigraph's serialization of ``result`` cut at ``max_rows`` (see above), or None: then run the query again."""
    out = _Capped(_BYTES_PER_ROW * max_rows)
    try:
        result.serialize(out, format=NATIVE[fmt])
    except _TooBig:
        return None
    return _cut_native(b"".join(out.parts), fmt, max_rows)


def native_counts_right() -> bool:
    """Check, once per worker, that this pyoxigraph writes results the way ``_cut_native`` counts them."""
    store = ox.Store()
    for i in range(3):
        store.add(ox.Quad(ox.NamedNode(f"urn:x-check:{i}"), ox.NamedNode("urn:x-check:p"), ox.Literal('}},{"\n')))
    q = "SELECT ?s ?o WHERE { ?s ?p ?o }"
    try:
        cut = {fmt: native_solutions(store.query(q), fmt, 2) for fmt in NATIVE}
        whole = {fmt: native_solutions(store.query(q), fmt, 3) for fmt in NATIVE}
        json_rows = json.loads(cut["json"][0])["results"]["bindings"] if cut["json"] else []
    except (ValueError, TypeError, OSError):
        return False
    return (len(json_rows) == 2 and cut["json"][1] and whole["json"] is not None and not whole["json"][1]
            and cut["tsv"] is not None and cut["tsv"][0].count(b"\n") == 3 and cut["tsv"][1]
            and whole["tsv"] is not None and not whole["tsv"][1])


def boolean_bytes(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    return f"{'true' if value else 'false'}\n".encode()


def negotiate(accept: str, table: dict[str, Any], default: str) -> str | None:
    """The media type in ``table`` that ``accept`` prefers (``default`` for ``*/*`` or no header)."""
    if not accept.strip():
        return default
    choices = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                with contextlib.suppress(ValueError):
                    q = float(f[2:])
        if q > 0:
            choices.append((-q, i, media))
    for _, _, media in sorted(choices):
        if media in table:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return default
    return None
