"""Rules and the mention model vote: the model adds what the rules missed and vetoes what it does not support.

The rules find mentions with everything later stages need (canonical names, honorifics, identity keys, the kind
of reference); the model (``kg.ner.stacked``, trained on annotated articles with the rules' mentions as features)
knows where they tend to be wrong. A rule mention the model gives less than ``VETO[label]`` support is dropped; a
model span of a name label that overlaps no name the rules kept is added when its score reaches ``ADD[label]``
(source and rule ``ner:<model>``). Roles, anaphors and organizations a role implies stay with the rules. The
thresholds were chosen on the dev split (``bench/mentions.py``), never on the locked test split.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from kg.extract._util import SACRED_TITLES, display, is_word
from kg.extract.lexicon import Lexicons
from kg.ner.stacked import DocView
from kg.text import fold, name_key
from kg.types import Form, Mention

__all__ = ["ADD", "VETO", "vote"]

_NAMES = frozenset({"PER", "ORG", "EVENT", "LOC"})
VETO: Mapping[str, float] = {"PER": 0.3, "ORG": 0.0, "EVENT": 0.0, "LOC": 0.0}
ADD: Mapping[str, float] = {"PER": 0.5, "ORG": 0.6, "EVENT": 0.6, "LOC": 0.6}
_KEEP_FORMS = frozenset({Form.ANAPHOR, Form.IMPLIED, Form.LIST_ITEM, Form.NESTED})
_SURE_O = 0.8  # a veto needs the model sure of «no mention» on every token of the name, not merely unsure of one
_COMMON = 1_000_000  # a word this frequent in hazm's words.dat opens no name the model adds, unless a first name


def _title_kind(form: str, lex: Lexicons) -> str:
    hit = lex.titles.get(fold(form).replace(" ", ""))
    return hit[1] if hit else ""


def _core(view: DocView, i: int, j: int, lex: Lexicons) -> tuple[int, int]:
    """Tokens ``[i, j)`` without the titles and quotation marks around the name (annotations leave them out)."""
    ks = [t.key for t in view.doc.tokens]
    while i < j - 1 and (ks[i] in lex.titles or not is_word(ks[i])):
        i += 1
    while j > i + 1 and not is_word(ks[j - 1]):
        j -= 1
    return i, j


def _vetoed(m: Mention, view: DocView, span: tuple[int, int] | None, veto: Mapping[str, float],
            lex: Lexicons) -> bool:
    """A rule name the model reads as nothing at all (every token ``O``, surely) and does not support."""
    if span is None or m.label not in _NAMES or m.form in _KEEP_FORMS or m.source != "rules":
        return False
    if any(_title_kind(h, lex) not in SACRED_TITLES for h in m.honorifics):
        return False  # «سرهنگ X»، «دکتر X»: a rank or courtesy title vouches; «شهید/امام X» may be a street or a saint
    i, j = _core(view, *span, lex)
    return all(view.tags[k] == "O" and view.marginals[k]["O"] >= _SURE_O for k in range(i, j)) and (
        view.support(i, j, m.label) < veto.get(m.label, 0.0))


def _addable(view: DocView, i: int, j: int, label: str, lex: Lexicons) -> tuple[int, int] | None:
    """The span a model name may be added over (edge punctuation trimmed), or None when it cannot be a name:
    a boundary word or verb inside it, or a person's name that opens with a common word (زیاد استرس)."""
    ks = [t.key for t in view.doc.tokens]
    while i < j and not is_word(ks[i]):
        i += 1
    while j > i and not is_word(ks[j - 1]):
        j -= 1
    if i >= j or any(not is_word(k) or k in lex.boundaries or k in lex.verb_forms for k in ks[i:j]):
        return None
    first = ks[i]
    if label == "PER" and lex.word_freq.get(first, 0) >= _COMMON and not (
            lex.is_first_name(first) or lex.has_surname_shape(first)):
        return None
    table = lex.org_heads if label == "ORG" else lex.triggers if label == "EVENT" else None
    head = table.match(ks, i, j) if table is not None else None
    if head and head[0] == j and not (head[1].bare if label == "ORG" else head[1].standalone):
        return None  # a bare head is a kind, not a name: «دولت»، «دیدار»
    return i, j


def vote(mentions: Sequence[Mention], view: DocView, source: str, lex: Lexicons, veto: Mapping[str, float] = VETO,
         add: Mapping[str, float] = ADD) -> list[Mention]:
    """The rules' ``mentions`` after the model's vetoes, plus the spans it adds (unsorted, ids provisional)."""
    doc = view.doc
    starts = {t.start: t.i for t in doc.tokens}
    ends = {t.end: t.i + 1 for t in doc.tokens}
    kept: list[Mention] = []
    for m in mentions:
        i, j = starts.get(m.start), ends.get(m.end)
        if not _vetoed(m, view, (i, j) if i is not None and j is not None else None, veto, lex):
            kept.append(m)
    taken = [False] * len(doc.tokens)
    for m in kept:
        if m.label in _NAMES:
            i = starts.get(m.start)
            j = ends.get(m.end)
            for k in range(i if i is not None else 0, j if j is not None else 0):
                taken[k] = True
    out = list(kept)
    for i0, j0, label, score in view.spans():
        span = _addable(view, i0, j0, label, lex) if label in _NAMES and score >= add.get(label, 2.0) else None
        if span is not None and not any(taken[span[0]:span[1]]):
            i, j = span
            norm = display(doc, i, j)
            start, end = doc.tokens[i].start, doc.tokens[j - 1].end
            out.append(Mention(id=f"{label}:{start}:{end}", start=start, end=end, text=doc.raw[start:end],
                               label=label, norm=norm, key=name_key(norm), rule=source,  # type: ignore[arg-type]
                               score=round(score, 2), source=source))
    return _trim_roles(out, view, lex)


def _trim_roles(mentions: list[Mention], view: DocView, lex: Lexicons) -> list[Mention]:
    """A role phrase that runs over an organization's or a place's name ends before it; the role's own noun (and
    the modifiers before the name) stay."""
    doc = view.doc
    ks = [t.key for t in doc.tokens]
    starts = {t.start: t.i for t in doc.tokens}
    names = sorted(starts[m.start] for m in mentions if m.label in ("ORG", "LOC") and m.start in starts)
    out = []
    for m in mentions:
        i = starts.get(m.start)
        if m.label == "ROLE" and i is not None and m.form is Form.NAME:
            end = next((t.i + 1 for t in doc.tokens if t.end == m.end), None)
            noun = lex.roles.match(ks, i, end) if end is not None else None
            cut = next((k for k in names if noun and noun[0] <= k < (end or 0)), None)
            if cut is not None and noun:
                norm = noun[1].form + (" " + display(doc, noun[0], cut) if cut > noun[0] else "")
                m = replace(m, end=doc.tokens[cut - 1].end, text=doc.raw[m.start:doc.tokens[cut - 1].end], norm=norm,
                            key=name_key(norm), id=f"ROLE:{m.start}:{doc.tokens[cut - 1].end}")
        out.append(m)
    return out
