"""SPARQL over any store: competency queries by name, ``.rq`` files or query text, with typed bindings.

User values go in as a ``VALUES`` block at the top of the ``WHERE`` clause, written as escaped RDF terms (never
as raw text), which gives the same join semantics in rdflib, Oxigraph and remote servers (pyoxigraph's
substitutions only accept projected variables; rdflib's initBindings pre-bind, which differs under OPTIONAL).
Competency queries (``kg/queries/cqN-<name>.rq``) declare their bindable variables in a header comment::

    #   ?name    literal@fa  a name of the person ...

so ``--bind name=...`` strings are turned into the right RDF term. Every competency query matches facts inside
``GRAPH ?g { }`` and tests a bindable name with ``FILTER (!BOUND(?name) || EXISTS { … })`` (free when unbound), so
it answers the same in rdflib, the embedded Oxigraph, exported files and remote servers (queries/README.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import QueryError, StoreError
from kg.graph.vocab import DEFAULT_BASE, PREFIXES
from kg.store.local import close_store, open_store

__all__ = [
    "NamedQuery",
    "coerce_binding",
    "competency_queries",
    "inline_values",
    "load_query",
    "prepare_query",
    "result_rows",
    "run_query",
]

_PARAM = re.compile(r"^#\s+\?(\w+)\s+(iri|literal@fa|string|date|integer)\b\s*(.*)$")
_SPARQL_START = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_IRI_BAD = re.compile(r'[\s<>"{}|\\^`]')
_WHEN = re.compile(r"#\s*when\s+\?(\w+)\s*$")


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A query with its bindable variables (``{var: type}``); ``name`` is empty for ad-hoc text."""

    name: str
    text: str
    params: dict[str, str]
    title: str = ""
    path: Path | None = None


def _parse(text: str, name: str = "", path: Path | None = None) -> NamedQuery:
    params: dict[str, str] = {}
    title = ""
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if not title:
            title = line.lstrip("# ").strip()
        m = _PARAM.match(line)
        if m:
            params[m.group(1)] = m.group(2)
    return NamedQuery(name, text, params, title, path)


def competency_queries() -> dict[str, NamedQuery]:
    """The shipped competency queries by short name (``cq1-posts.rq`` → ``posts``), in file order."""
    return dict(_catalog())


@cache
def _catalog() -> dict[str, NamedQuery]:
    folder = resources.files("kg").joinpath("queries")
    out: dict[str, NamedQuery] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            short = entry.name[:-3].split("-", 1)[-1]
            out[short] = _parse(entry.read_text("utf-8"), short, Path(str(entry)))
    return out


def load_query(query: str | Path) -> NamedQuery:
    """A competency-query name (``posts`` or ``cq1``), a path to a ``.rq`` file, or SPARQL text."""
    text = str(query)
    catalog = competency_queries()
    if text in catalog:
        return catalog[text]
    for q in catalog.values():
        if q.path is not None and text in (q.path.stem, q.path.stem.split("-", 1)[0]):
            return q
    if text.endswith((".rq", ".sparql")) or (isinstance(query, Path) and not _SPARQL_START.search(text)):
        p = Path(text)
        try:
            return _parse(p.read_text("utf-8"), "", p)
        except OSError as exc:
            raise QueryError(f"{p}: cannot read query ({exc.strerror})") from None
        except UnicodeDecodeError as exc:
            raise QueryError(f"{p}: not a UTF-8 text file (bad byte at offset {exc.start}); SPARQL files are "
                             "UTF-8") from None
    if _SPARQL_START.search(text):
        return _parse(text)
    raise QueryError(f"unknown query {text!r}: give SPARQL text, a .rq file, or one of {', '.join(catalog)}")


def coerce_binding(value: Any, kind: str | None) -> Node:
    """A binding value as an RDF term: RDF terms pass through; strings follow the declared ``kind``.

    Undeclared kinds guess: ``<...>`` or ``http(s)://``/``urn:`` → IRI, ``YYYY-MM-DD`` → xsd:date, else ``@fa``.
    """
    if isinstance(value, Node):
        return value
    s = str(value)
    if kind is None:
        if (s.startswith("<") and s.endswith(">")) or re.match(r"^(https?://|urn:)", s):
            kind = "iri"
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
            kind = "date"
        else:
            kind = "literal@fa"
    if kind == "iri":
        iri = s[1:-1] if s.startswith("<") and s.endswith(">") else s
        if not iri or _IRI_BAD.search(iri) or ":" not in iri:
            raise QueryError(f"not a valid IRI: {s!r}")
        return URIRef(iri)
    if kind == "literal@fa":
        return Literal(s, lang="fa")
    if kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
            raise QueryError(f"not a date (YYYY-MM-DD): {s!r}")
        return Literal(s, datatype=XSD.date)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", s):
            raise QueryError(f"not an integer: {s!r}")
        return Literal(int(s))
    return Literal(s)


def _bindings(q: NamedQuery, bindings: dict | None) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for var, value in (bindings or {}).items():
        var = var.lstrip("?$")
        if q.params and var not in q.params:
            takes = ", ".join(f"?{p}" for p in q.params)
            raise QueryError(f"query {q.name or q.path} has no bindable ?{var} (it takes {takes})")
        out[var] = coerce_binding(value, q.params.get(var))
    return out


def prepare_query(query: str | Path | NamedQuery, bindings: dict | None = None) -> str:
    """The SPARQL text to send for ``query`` with ``bindings``: typed, inlined as ``VALUES``, and with the lines
    marked ``# when ?v`` dropped for every unbound ``?v`` (they only narrow results down when ``?v`` is given).

    This is what ``run_query`` executes; remote clients send the same text to get the same answers.
    """
    q = query if isinstance(query, NamedQuery) else load_query(query)
    init = _bindings(q, bindings)
    lines = [ln for ln in q.text.split("\n") if not ((m := _WHEN.search(ln)) and m.group(1) not in init)]
    return inline_values("\n".join(lines), init)


def _open(source: Dataset | Graph | str | Path) -> tuple[Graph, bool]:
    """The graph to query, and whether we opened it (and so must close it)."""
    if isinstance(source, Graph):
        return source, False
    return open_store(source, read_only=True), True  # a path: open it read-only


def run_query(source: Dataset | Graph | str | Path, query: str | Path, *, bindings: dict | None = None) -> Result:
    """Run ``query`` (name, ``.rq`` path or SPARQL text) on ``source`` (a Dataset/Graph or a store path).

    SELECT results are fully materialized (``result.bindings`` is a list), so the store may be closed after.
    """
    text = prepare_query(query, bindings)
    graph, opened = _open(source)
    try:
        res = graph.query(text, initNs=PREFIXES)
        if res.type == "SELECT":
            res.bindings = list(res.bindings)
    except (StoreError, QueryError):
        raise
    except Exception as exc:  # rdflib raises pyparsing errors, Oxigraph SyntaxError/OSError: one line each
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise QueryError(f"query failed: {first}") from None
    finally:
        if opened:
            close_store(graph)
    return res


def _display(term: Node | None, base_iri: str) -> str:
    """A term for human eyes: IRIs shortened by prefix and percent-decoded (``id:person/علی رستگار``)."""
    if term is None:
        return ""
    if not isinstance(term, URIRef):
        return str(term)
    text = str(term)
    for prefix, ns in (("id", base_iri), *PREFIXES.items()):
        if text.startswith(ns):
            return f"{prefix}:{unquote(text[len(ns):]).replace('_', ' ')}"
    return text


def result_rows(res: Result, *, compact: bool = False,
                base_iri: str = DEFAULT_BASE) -> tuple[list[str], list[list[str]]]:
    """Column names and rows of plain strings (empty for unbound).

    ``compact`` is for display: IRIs are shortened, and a column ``x`` is dropped when a column ``xName`` (its
    label) is there too.
    """
    show = (lambda t: _display(t, base_iri)) if compact else (lambda t: "" if t is None else str(t))
    if res.type == "ASK":
        return ["ask"], [[str(bool(res.askAnswer)).lower()]]
    if res.type in ("CONSTRUCT", "DESCRIBE"):
        return ["subject", "predicate", "object"], [[show(t) for t in triple] for triple in res.graph]
    names = [str(v) for v in res.vars]
    keep = [v for v in res.vars if not (compact and f"{v}Name" in names)]
    return [str(v) for v in keep], [[show(row.get(v)) for v in keep] for row in res.bindings]


def inline_values(query: str, bindings: dict[str, Node]) -> str:
    """The query with ``bindings`` as a ``VALUES`` block opening its ``WHERE {`` (join semantics, every engine).

    Terms are written in their escaped N-Triples form (``Node.n3()``) and IRIs are checked first, so no value can
    change the query's structure. Whole-line comments are ignored when looking for the block.
    """
    if not bindings:
        return query
    for var, term in bindings.items():
        if not re.fullmatch(r"\w+", var):
            raise QueryError(f"not a variable name: {var!r}")
        if isinstance(term, URIRef) and _IRI_BAD.search(str(term)):
            raise QueryError(f"not a valid IRI: {str(term)!r}")
    code = "\n".join(" " * len(line) if line.lstrip().startswith("#") else line for line in query.split("\n"))
    m = re.search(r"\bWHERE\s*\{", code, re.IGNORECASE)
    if m is None and re.search(r"\b(SELECT|ASK|DESCRIBE)\b", code, re.IGNORECASE):
        m = re.search(r"\{", code)
    if m is None:
        raise QueryError("cannot bind values: the query has no WHERE { ... } block")
    names = " ".join(f"?{k}" for k in bindings)
    values = " ".join(v.n3() for v in bindings.values())
    return f"{query[: m.end()]}\n  VALUES ({names}) {{ ({values}) }}{query[m.end():]}"
