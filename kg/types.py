"""Immutable data that flows between Peyvand's stages.

Every offset is a half-open ``[start, end)`` character offset into the ORIGINAL article text
(``Article.text`` == ``Doc.raw``), never into a normalized copy. Stages return new objects; nothing here does I/O
and nothing here imports a stage.

Flow::

    Article --text.make_doc--> Doc --extract.extract--> Extraction --graph.build_dataset--> rdflib.Dataset
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

__all__ = [
    "Article",
    "Doc",
    "Entity",
    "EntityKind",
    "Evidence",
    "Extraction",
    "Form",
    "Mention",
    "MentionLabel",
    "Post",
    "Quote",
    "Relation",
    "Sentence",
    "Token",
]

MentionLabel = Literal["PER", "ORG", "ROLE", "EVENT", "LOC", "DATE", "PRON", "ZERO"]
EntityKind = Literal["Person", "Organization", "Event", "Place"]


@dataclass(frozen=True, slots=True)
class Article:
    """One input article. ``text`` is exactly what offsets refer to (title line, blank line, body)."""

    id: str
    text: str
    title: str = ""
    url: str = ""
    published: _dt.date | None = None
    source: str = ""  # where it was read from: a path, or path:line for JSONL
    notes: tuple[str, ...] = ()  # what the reader did that the user should know (e.g. "HTML converted to text")

    @property
    def content_hash(self) -> str:
        """Stable hash of the text: the article's named-graph identity (same text, same graph)."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark. ``text == doc.raw[start:end]``; ``norm`` is the normalized, ZWNJ-repaired form
    used for display; ``key`` is the folded form used for matching (see ``kg.text.fold``)."""

    i: int
    start: int
    end: int
    text: str
    norm: str
    key: str
    sent: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: raw offsets and the half-open token range ``[first_token, last_token)``."""

    i: int
    start: int
    end: int
    first_token: int
    last_token: int


@dataclass(frozen=True, slots=True)
class Doc:
    """The text layer's output. ``raw`` is never modified; ``norm_to_raw[i]`` is the raw offset of ``norm[i]``
    (``len(norm) + 1`` entries, the last one ``len(raw)``)."""

    article_id: str
    raw: str
    norm: str
    norm_to_raw: tuple[int, ...]
    sents: tuple[Sentence, ...]
    tokens: tuple[Token, ...]

    def sent_tokens(self, s: Sentence) -> tuple[Token, ...]:
        return self.tokens[s.first_token : s.last_token]

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence that contains raw ``offset`` (the last one whose start is <= offset)."""
        lo, hi = 0, len(self.sents) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sents[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.sents[lo]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a fact is believed: the sentence that states it (as written), its raw offsets, confidence and rule id."""

    start: int
    end: int
    text: str
    confidence: float
    rule: str


class Form(StrEnum):
    """What kind of reference a mention is, beside its label: finders set it, later stages read it (never the rule
    id, which is provenance only)."""

    NAME = "name"  # a name, as most mentions are
    NESTED = "nested"  # ORG: a parent unit named inside a longer name (ناحیه مقاومت بسیج «وزارت نیرو»)
    ANAPHOR = "anaphor"  # ORG, EVENT: refers back (این مرکز، وزارتخانه، این مراسم)
    IMPLIED = "implied"  # ORG: named by a role's complement (وزیر «کشور» → وزارت کشور)
    LIST_HEADER = "list-header"  # ROLE: the plural role heading an appointment list
    LIST_ITEM = "list-item"  # ORG: a line «استان X:» of an appointment list
    QUOTED = "quoted"  # EVENT: named in «…» or after «با عنوان»
    CHAIN = "chain"  # EVENT: named by its trigger's ezafe chain (هفته دفاع مقدس)
    VISIT = "visit"  # EVENT: a visit with its visitor and the place visited
    PAIR = "pair"  # EVENT: a meeting or match named by both sides (دیدار استقلال و پرسپولیس)
    GENERIC = "generic"  # EVENT: a gathering without a name of its own
    PREFIXED = "prefixed"  # LOC: a name the gazetteer does not know, after «شهرستان/شهر/استان»


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the article that names something.

    ``norm`` is the canonical form (for persons: the name without honorifics, ZWNJ restored); ``key`` its identity
    key; ``honorifics`` the titles found before it. ``ZERO`` mentions have ``start == end`` (zero anaphora).
    """

    id: str
    start: int
    end: int
    text: str
    label: MentionLabel
    norm: str
    key: str
    rule: str
    score: float
    honorifics: tuple[str, ...] = ()
    source: str = "rules"  # which extractor produced it: "rules", "ner:<model>" ...
    form: Form = Form.NAME


@dataclass(frozen=True, slots=True)
class Entity:
    """One thing the article talks about: a coreference cluster of mentions.

    ``key`` is the identity key used to mint the IRI (same key, same IRI across articles). ``name`` is the
    canonical label; ``alt_labels`` every other surface form seen.
    """

    id: str
    kind: EntityKind
    name: str
    key: str
    mentions: tuple[str, ...] = ()
    alt_labels: tuple[str, ...] = ()
    honorifics: tuple[str, ...] = ()
    event_kind: str | None = None  # for events: the head noun (مراسم، نشست، جنگ...)
    date: _dt.date | None = None  # for events: when it happened, when stated
    # For names that depend on a country or place they do not write (docs/identity.md): «وزارت امور خارجه» of which
    # country, «استانداری» of which province. Optional: without them the graph layer infers or scopes to the article.
    country: str | None = None
    place: str | None = None


@dataclass(frozen=True, slots=True)
class Post:
    """``person`` holds a post of ``role`` (canonical role noun phrase) in ``org`` (entity id or None)."""

    person: str
    role: str
    org: str | None
    evidence: Evidence
    former: bool = False
    acting: bool = False


@dataclass(frozen=True, slots=True)
class Relation:
    """A fact between two entities. ``label`` is the contract predicate as ``prefix:local``:
    ``org:memberOf``, ``org:subOrganizationOf``, ``schema:attendee``, ``pv:speaker``, ``pv:honoree``,
    ``schema:organizer``, ``pv:occasion``, ``schema:location``."""

    head: str
    label: str
    tail: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Quote:
    """An attributed statement. ``content`` is the raw span of what was said; ``cue`` the speech verb's span."""

    id: str
    speaker: str | None
    text: str
    content: tuple[int, int]
    cue: tuple[int, int]
    kind: Literal["direct", "indirect"]
    evidence: Evidence
    event: str | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article, ready for the graph."""

    article: Article
    doc: Doc
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    posts: tuple[Post, ...] = ()
    relations: tuple[Relation, ...] = ()
    quotes: tuple[Quote, ...] = ()
    publisher: str | None = None  # entity id of the publishing agency
    citations: tuple[str, ...] = ()  # entity ids of cited sources
    mention_of: dict[str, str] = field(default_factory=dict)  # mention id -> entity id

    def entity(self, entity_id: str) -> Entity:
        for e in self.entities:
            if e.id == entity_id:
                return e
        raise KeyError(entity_id)
