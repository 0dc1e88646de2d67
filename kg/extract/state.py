"""The per-article state the extraction stages pass along, and the read-only views they share.

``State`` is frozen: each stage (``kg.extract.pipeline.STAGES``) reads the fields it declares it requires and returns
the fields it provides; the pipeline makes the next ``State`` with ``dataclasses.replace``. Ids in ``refs``,
``links``, ``quotes`` and ``relations`` are mention ids until the ``entities`` stage turns them into entity ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable

from kg.extract.lexicon import Lexicons
from kg.ner.stacked import MentionModel
from kg.types import Article, Doc, Evidence, Extraction, Mention, Quote, Relation

__all__ = ["EMPTY", "Clusters", "MentionFinder", "MentionIndex", "PostLink", "Resolver", "State", "evidence"]

EMPTY: Mapping[str, Any] = MappingProxyType({})


@runtime_checkable
class MentionFinder(Protocol):
    """A statistical (or any other) mention finder: its mentions carry ``source = "ner:<name>"``."""

    def find(self, doc: Doc) -> list[Mention]: ...


class MentionIndex:
    """Where mentions are: token spans, sentences, ids. Built once from the merged mentions; never changed."""

    __slots__ = ("_by_end", "_by_start", "by_id", "by_sent", "doc", "keys", "sent_of")

    def __init__(self, doc: Doc, mentions: Sequence[Mention]):
        self.doc = doc
        self.keys = [t.key for t in doc.tokens]
        self._by_start = {t.start: t.i for t in doc.tokens}
        self._by_end = {t.end: t.i + 1 for t in doc.tokens}
        self.by_id = {m.id: m for m in mentions}
        self.sent_of = {m.id: self.sent(m) for m in mentions}
        self.by_sent: dict[int, list[Mention]] = {}
        for m in mentions:
            self.by_sent.setdefault(self.sent_of[m.id], []).append(m)

    def span(self, m: Mention) -> tuple[int, int]:
        """Tokens ``[i, j)`` of a mention (a statistical one not aligned to tokens is snapped outwards)."""
        i = self._by_start.get(m.start)
        j = self._by_end.get(m.end)
        if i is None or j is None:
            i = max((t.i for t in self.doc.tokens if t.start <= m.start), default=0)
            j = min((t.i + 1 for t in self.doc.tokens if t.end >= m.end), default=len(self.doc.tokens))
        return i, j

    def sent(self, m: Mention) -> int:
        return self.doc.tokens[self.span(m)[0]].sent

    def in_sent(self, sent: int) -> list[Mention]:
        return self.by_sent.get(sent, [])


class Clusters:
    """Coreference clusters of mention ids (union-find); the representative is the earliest mention.

    ``merged`` returns new clusters and leaves these as they are, so a stage can add links without changing what
    an earlier stage saw (path compression inside ``find`` changes no answer).
    """

    __slots__ = ("order", "parent")

    def __init__(self, order: Mapping[str, int], parent: dict[str, str] | None = None):
        self.order = order
        self.parent: dict[str, str] = parent if parent is not None else {}

    def add(self, x: str) -> None:
        self.parent.setdefault(x, x)

    def find(self, x: str) -> str:
        p = self.parent.setdefault(x, x)
        while p != self.parent[p]:
            self.parent[p] = self.parent[self.parent[p]]
            p = self.parent[p]
        self.parent[x] = p
        return p

    def union(self, a: str, b: str) -> None:
        """Join two clusters (while they are being built by ``coref``; afterwards use ``merged``)."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if self.order[rb] < self.order[ra]:
                ra, rb = rb, ra
            self.parent[rb] = ra

    def merged(self, pairs: Iterable[tuple[str, str]]) -> Clusters:
        out = Clusters(self.order, dict(self.parent))
        for a, b in pairs:
            out.union(a, b)
        return out

    def __contains__(self, x: str) -> bool:
        return x in self.parent


@dataclass(frozen=True, slots=True)
class PostLink:
    """A role mention, the person mention it belongs to (None: role-only) and its organization mention."""

    person: str | None
    role: str  # ROLE mention id
    role_name: str  # canonical role
    org: str | None
    former: bool
    acting: bool
    sent: int
    rule: str
    score: float


class Resolver:
    """Follows references (a pronoun to a role, a role to a person) and then clusters, to a cluster's root."""

    __slots__ = ("clusters", "refs")

    def __init__(self, refs: Mapping[str, str], clusters: Clusters):
        self.refs, self.clusters = refs, clusters

    def root(self, mid: str | None) -> str | None:
        if mid is None:
            return None
        for _ in range(5):  # PRON → ROLE → PER
            if mid not in self.refs:
                break
            mid = self.refs[mid]
        return self.clusters.find(mid) if mid in self.clusters else None


def evidence(doc: Doc, sent: int, score: float, rule: str) -> Evidence:
    """The evidence of a fact stated in sentence ``sent``: its text as written, offsets, confidence, rule."""
    s = doc.sents[sent]
    return Evidence(s.start, s.end, doc.raw[s.start : s.end], round(min(1.0, max(0.0, score)), 2), rule)


@dataclass(frozen=True, slots=True)
class State:
    """What is known about one article so far; each stage adds the fields it provides."""

    article: Article
    lex: Lexicons
    taggers: tuple[MentionFinder, ...] = ()
    model: MentionModel | None = None  # the mention model that votes with the rules (None: rules alone)
    doc: Doc | None = None
    mentions: tuple[Mention, ...] = ()
    index: MentionIndex | None = None
    clusters: Clusters | None = None
    links: tuple[PostLink, ...] = ()  # one per ROLE mention; posts named later in the article appended
    refs: Mapping[str, str] = field(default=EMPTY)  # PRON / ROLE mention id -> the mention it refers to
    quotes: tuple[Quote, ...] = ()
    relations: tuple[Relation, ...] = ()  # between cluster roots, first evidence kept
    event_dates: Mapping[str, dt.date] = field(default=EMPTY)  # cluster root of an event -> its date
    extraction: Extraction | None = None
