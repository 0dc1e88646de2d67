"""Deterministic IRIs: the same thing gets the same IRI in every build, and no text can break out of one.

Readable paths (``<base>person/<key>``) percent-encode the identity key as UTF-8 (RFC 3986 ``unreserved`` characters
stay, everything else, including spaces, ``<>"{}|\\^``` and non-ASCII letters, becomes ``%XX``), so the IRIs are pure
ASCII and safe in N-Triples, Turtle, SPARQL, RDF/XML and every store. Nodes that have no name of their own
(posts, statements) use a short SHA-256 of what they describe.
"""

from __future__ import annotations

import hashlib
import unicodedata
from urllib.parse import quote

from rdflib import URIRef

from kg.graph.vocab import DEFAULT_BASE
from kg.types import Article

__all__ = [
    "article_iri",
    "article_key",
    "entity_iri",
    "graph_iri",
    "graph_key",
    "key_slug",
    "post_iri",
    "quotation_iri",
    "role_iri",
    "statement_iri",
]

_KIND_PATH = {"Person": "person", "Organization": "org", "Event": "event", "Place": "place"}


def _digest(*parts: str, n: int = 16) -> str:
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:n]


def key_slug(key: str) -> str:
    """The IRI path segment for an identity key: NFC, whitespace runs as ``_``, everything unsafe %-encoded.

    >>> key_slug("وزارت ارتباطات")
    '%D9%88%D8%B2%D8%A7%D8%B1%D8%AA_%D8%A7%D8%B1%D8%AA%D8%A8%D8%A7%D8%B7%D8%A7%D8%AA'
    >>> key_slug('a_b <x>')
    'a%5Fb_%3Cx%3E'
    """
    words = unicodedata.normalize("NFC", key).split()
    if not words:
        raise ValueError("empty identity key")
    return "_".join(quote(w, safe="").replace("_", "%5F") for w in words)


def _base(base_iri: str) -> str:
    return base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"


def entity_iri(kind: str, key: str, base_iri: str = DEFAULT_BASE, qualifiers: tuple[str, ...] = ()) -> URIRef:
    """``<base>person/<key>``, ``org/``, ``event/``, ``place/``: a pure function of kind, identity key and the
    qualifiers the identity rules add (``event/<key>/2008``, ``event/<key>/in/<article>``; see ``kg.graph.identity``).
    """
    tail = "".join(f"/{key_slug(q)}" for q in qualifiers)
    return URIRef(f"{_base(base_iri)}{_KIND_PATH[kind]}/{key_slug(key)}{tail}")


def role_iri(role: str, base_iri: str = DEFAULT_BASE) -> URIRef:
    return URIRef(f"{_base(base_iri)}role/{key_slug(role)}")


def post_iri(person: URIRef, role: str, org: URIRef | None, article: URIRef, base_iri: str = DEFAULT_BASE) -> URIRef:
    """One post per (person, role, organization) per article: its former/acting flags are what that article says,
    so a graph flattened into one (``.ttl``) cannot give one article's flags to another's post."""
    return URIRef(f"{_base(base_iri)}post/{key_slug(role)}/{_digest(person, role, org or '', article)}")


def article_key(article: Article) -> str:
    """An article's identity: its id and source URL (never its text alone: two records with the same text and
    different ids are two articles, each with its own graph)."""
    return _digest("article", article.id, article.url)


def graph_key(article: Article) -> str:
    """The key of an article's named graph: its identity (id, URL) and the version of its text. Re-ingesting an
    article replaces its graphs by id (``kg.corpus.write_results``); same text under two ids is still two graphs."""
    return _digest("graph", article.id, article.url, article.content_hash)


def article_iri(key: str, base_iri: str = DEFAULT_BASE) -> URIRef:
    """The ``schema:NewsArticle`` of the article whose ``article_key`` is ``key``."""
    return URIRef(f"{_base(base_iri)}article/{key_slug(key)}")


def graph_iri(key: str, base_iri: str = DEFAULT_BASE) -> URIRef:
    """The named graph that holds exactly one article's facts (``key`` is its ``graph_key``)."""
    return URIRef(f"{_base(base_iri)}graph/{key_slug(key)}")


def quotation_iri(key: str, start: int, end: int, base_iri: str = DEFAULT_BASE) -> URIRef:
    """A quotation of the article whose ``article_key`` is ``key``, by the offsets of what was said."""
    return URIRef(f"{_base(base_iri)}quote/{key_slug(key)}/{start}-{end}")


def statement_iri(s: URIRef, p: URIRef, o: URIRef, article: URIRef, base_iri: str = DEFAULT_BASE) -> URIRef:
    return URIRef(f"{_base(base_iri)}stmt/{_digest(s, p, o, article, n=24)}")
