"""``extract``: one article in, every fact with its evidence out. Pure and deterministic.

The extractor is the ordered table ``STAGES``: each stage is a function of the frozen per-article ``State`` that
returns the fields it provides. What a stage requires must be provided by the stages before it (or be the input:
``article``, ``lex``, ``taggers``); the table is checked when this module is imported, and each stage's output is
checked against what it declared, so a stage moved or changed fails at once rather than deep inside another one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

from kg.extract import coref, discourse, entities, events, lists, merge, orgs, participation, persons, places, posts
from kg.extract import roles as roles_
from kg.extract.lexicon import Lexicons, load_lexicons
from kg.extract.state import MentionFinder, MentionIndex, State
from kg.extract.vote import vote
from kg.ner.stacked import MentionModel, default_model
from kg.text import make_doc, name_key
from kg.types import Article, Extraction, Mention

__all__ = ["STAGES", "MentionFinder", "Stage", "extract"]

_INPUTS = frozenset({"article", "lex", "taggers", "model"})


@dataclass(frozen=True, slots=True)
class Stage:
    """One step of the extractor: ``run(state)`` returns exactly the fields named in ``provides``."""

    name: str
    run: Callable[[State], Mapping[str, Any]]
    requires: tuple[str, ...]
    provides: tuple[str, ...]


def _text(st: State) -> dict[str, Any]:
    return {"doc": make_doc(st.article.text, st.article.id)}


def _mentions(st: State) -> dict[str, Any]:
    """Every finder over the document (and any statistical tagger), overlaps resolved by ``merge``; then the
    mention model, if any, votes on the result (``vote``) and the vote is merged again."""
    doc, lex = st.doc, st.lex
    per = persons.find(doc, lex)
    found = [*per, *orgs.find(doc, lex, per), *roles_.find(doc, lex), *events.find(doc, lex), *places.find(doc, lex),
             *lists.find(doc, lex)]
    for tagger in st.taggers:
        found.extend(tagger.find(doc))
    ms = merge.merge([_aliased(m, lex) for m in found])
    if st.model is not None:
        ms = merge.merge(vote(ms, st.model.view(doc, ms), f"ner:{st.model.name}", lex))
    return {"mentions": tuple(ms), "index": MentionIndex(doc, ms)}


def _aliased(m: Mention, lex: Lexicons) -> Mention:
    """A short name of a well-known organization takes its full name's identity key (org_aliases.tsv), so that
    both spellings cluster in the article and mint one IRI across articles."""
    full = lex.org_aliases.get(m.key) if m.label == "ORG" and m.key else None
    return replace(m, key=name_key(full)) if full else m


def _coref(st: State) -> dict[str, Any]:
    return {"clusters": coref.cluster(st.mentions, st.lex)}


STAGES: tuple[Stage, ...] = (
    Stage("text", _text, ("article",), ("doc",)),
    Stage("mentions", _mentions, ("doc", "lex", "taggers", "model"), ("mentions", "index")),
    Stage("coref", _coref, ("mentions", "lex"), ("clusters",)),
    Stage("posts", posts.run, ("mentions", "index", "clusters"), ("links", "clusters", "refs")),
    Stage("discourse", discourse.run, ("index", "clusters", "links", "refs"), ("quotes", "refs", "links")),
    Stage("participation", participation.run, ("index", "clusters", "refs", "quotes"),
          ("relations", "quotes", "event_dates")),
    Stage("entities", entities.run, ("mentions", "index", "clusters", "links", "refs", "quotes", "relations",
                                     "event_dates"), ("extraction",)),
)


def check_stages(stages: Sequence[Stage]) -> None:
    """Every stage requires only inputs and what earlier stages provide, and provides fields ``State`` has."""
    known = {f.name for f in fields(State)}
    have = set(_INPUTS)
    for s in stages:
        if missing := set(s.requires) - have:
            raise RuntimeError(f"stage {s.name!r} requires {sorted(missing)}, which no earlier stage provides")
        if unknown := set(s.provides) - known:
            raise RuntimeError(f"stage {s.name!r} provides {sorted(unknown)}, which State does not hold")
        have |= set(s.provides)


check_stages(STAGES)


def extract(article: Article, lexicons: Lexicons | None = None, taggers: Sequence[MentionFinder] = (),
            model: MentionModel | Literal["default"] | None = "default") -> Extraction:
    """Extract people, posts, organizations, events, places and quotations from one article.

    ``model``: the mention model that votes with the rules; ``"default"`` is the one shipped in ``kg/models``
    (loaded once per process), ``None`` the rules alone."""
    st = State(article=article, lex=lexicons or load_lexicons(), taggers=tuple(taggers),
               model=default_model() if model == "default" else model)
    for stage in STAGES:
        out = stage.run(st)
        if set(out) != set(stage.provides):
            raise RuntimeError(f"stage {stage.name!r} returned {sorted(out)}, declared {sorted(stage.provides)}")
        st = replace(st, **out)
        if stage.name == "text" and not st.doc.tokens:
            return Extraction(article=article, doc=st.doc)
    return st.extraction  # type: ignore[return-value]
