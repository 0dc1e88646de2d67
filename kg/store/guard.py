"""Which operations a SPARQL request would perform that an endpoint may refuse (``SERVICE``, ``LOAD``), decided on
the parsed request, never on its text.

``SERVICE`` makes Oxigraph fetch another host (and return its data); ``LOAD`` reads a URL into the store. A text scan
cannot tell them apart from the same letters in a comment or a string as the engine does: Oxigraph ends a comment at
``\\r`` as well as ``\\n``, reads ``\\uXXXX`` escapes only inside strings and IRIs, and so on. So a request whose
text holds those letters at all (in any case, escaped or not) is parsed with rdflib's SPARQL grammar and the
operations are read from its algebra.

The text rdflib parses is the text Oxigraph reads, made explicit first: every ``\\r`` becomes a line end (as
Oxigraph reads it) and every ``\\uXXXX``/``\\UXXXXXXXX`` escape one neutral character (Oxigraph reads them as one
character of a string or IRI; rdflib would expand them anywhere before parsing, and could see a string end where
Oxigraph sees none). A request rdflib cannot parse is refused: an unchecked request is never run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
from rdflib.plugins.sparql.parser import Query, UpdateUnit
from rdflib.plugins.sparql.parserutils import CompValue

from kg.errors import QueryError

__all__ = ["operations", "refused"]

# The operations the guard knows, by the name of their node in rdflib's algebra (and parse tree).
_NODES = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}
# Any request that could hold one of the keywords; Python's IGNORECASE also folds look-alikes (ſ → s, K → k).
_MAYBE = re.compile(r"service|load", re.IGNORECASE)
_ESCAPE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)


def _as_oxigraph_reads(text: str) -> str:
    """``text`` with what Oxigraph reads implicitly made explicit (see the module docstring)."""
    text = _ESCAPE.sub(lambda m: "_" if m.group()[1] in "uU" and len(m.group()) > 2 else m.group(), text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _walk(node: object) -> Iterable[str]:
    stack, seen = [node], set()
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        if isinstance(n, CompValue):
            if n.name in _NODES:
                yield _NODES[n.name]
            stack.extend(n.values())
        elif isinstance(n, dict):
            stack.extend(n.values())
        elif isinstance(n, list | tuple) or type(n).__name__ == "ParseResults":
            stack.extend(n)
        elif hasattr(n, "algebra"):  # rdflib's Query / Update wrappers
            stack.append(n.algebra)


@lru_cache(maxsize=1024)
def operations(text: str, kind: str = "query") -> frozenset[str]:
    """The guarded operations (``SERVICE``, ``LOAD``) that the query or update ``text`` performs.

    Raises ``QueryError`` when the request cannot be parsed (it is then not run).

    >>> sorted(operations('SELECT * { ?s ?p "SERVICE" } # SERVICE <http://x/> { }'))
    []
    >>> sorted(operations('SELECT * { # note\\rSERVICE <http://x/> { ?s ?p ?o } }'))
    ['SERVICE']
    """
    if not _MAYBE.search(text):  # Oxigraph reads keywords only as written (no escapes outside strings and IRIs)
        return frozenset()
    code = _as_oxigraph_reads(text)
    try:
        tree = Query.parse_string(code, parse_all=True) if kind == "query" else UpdateUnit.parse_string(
            code, parse_all=True)[0]
    except Exception as exc:  # pyparsing's ParseException, and anything rdflib's grammar actions raise
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise QueryError(f"malformed {kind} (checked before running it: {first})") from None
    found = set(_walk(tree))  # the parse tree holds every node the algebra is built from
    try:
        algebra = translateQuery(tree) if kind == "query" else translateUpdate(tree)
    except Exception:  # e.g. an undeclared prefix: Oxigraph refuses the request too; the parse tree decided
        algebra = None
    if algebra is not None:
        found |= set(_walk(algebra))
    return frozenset(found)


def refused(text: str, kind: str, *, allow_service: bool = False, allow_load: bool = False) -> set[str]:
    """The guarded operations in ``text`` that are not allowed (empty: run it). ``QueryError`` if unparsable."""
    allowed = {"SERVICE": allow_service, "LOAD": allow_load}
    if all(allowed.values()):
        return set()
    return {op for op in operations(text, kind) if not allowed[op]}
