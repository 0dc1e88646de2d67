"""Quotation cues: a speech verb (گفت، افزود، اظهار داشت…) and the span of what was said.

Direct speech follows the cue's colon (``گفت: …``) to the end of the sentence; indirect speech is the clause after
«که», the words after the verb when «که» is left out (``… امروز گفت حمله نظامی راه موثری نیست``), or, failing
that, the words between the subject and the cue (``وی منطق بسیج را … اعلام کرد``). «به گفته X، …»
puts the source after the cue. Who said it is decided later, by coreference (``pipeline``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract._util import is_word, keys
from kg.extract.lexicon import Lexicons
from kg.extract.matcher import Scan
from kg.types import Doc

__all__ = ["Cue", "find"]

_AFTER_WORDS = 5  # words after a speech verb (without «:» or «که») that make them the statement …
_BEFORE_WORDS = 6  # … when no more than these stand before it (the subject and a time, not a statement)
_TRAIL = frozenset({".", "!", "؟", "?", "…", "،", "؛", ":", "«", "»", '"'})


@dataclass(frozen=True, slots=True)
class Cue:
    """A quotation cue in sentence ``sent``: cue tokens ``[cue_i, cue_j)``, content tokens ``[ci, cj)``."""

    sent: int
    cue_i: int
    cue_j: int
    ci: int
    cj: int
    kind: str  # "direct" | "indirect"
    according: bool  # «به گفته X»: the source follows the cue


def _trim(ks: Sequence[str], i: int, j: int) -> tuple[int, int]:
    while i < j and ks[i] in _TRAIL:
        i += 1
    while j > i and ks[j - 1] in _TRAIL:
        j -= 1
    return i, j


def find(doc: Doc, lex: Lexicons) -> list[Cue]:
    """At most one cue per sentence: the first direct one (followed by «:»), else the last speech verb."""
    ks = keys(doc)
    out: list[Cue] = []
    for s in doc.sents:
        a, b = s.first_token, s.last_token
        scan = Scan(ks, a, b, lex.speech)
        found = []
        for m in scan:
            if m.value == "announce":
                scan.resume(m.start + 1)  # an announcement is no quotation; a verb may start inside it
            else:
                found.append(m)
        if not found:
            continue
        direct = [f for f in found if f[1] < b and ks[f[1]] == ":" and f[2] == "say"]
        if direct:
            ci_, cj_, _ = direct[0]
            ci, cj = _trim(ks, cj_ + 1, b)
            if cj - ci >= 2:
                out.append(Cue(s.i, ci_, cj_, ci, cj, "direct", False))
            continue
        acc = [f for f in found if f[2] == "according"]
        if acc:
            ci_, cj_, _ = acc[0]
            comma = next((k for k in range(cj_, b) if ks[k] == "،"), None)
            if comma is not None:
                ci, cj = _trim(ks, comma + 1, b)
                if cj - ci >= 3:
                    out.append(Cue(s.i, ci_, cj_, ci, cj, "indirect", True))
            continue
        ci_, cj_, kind = found[-1]
        after = _trim(ks, cj_, b)
        if cj_ < b and ks[cj_] == "که":
            ci, cj = _trim(ks, cj_ + 1, b)
        elif kind == "say" and sum(is_word(ks[k]) for k in range(*after)) >= _AFTER_WORDS and sum(
                is_word(ks[k]) for k in range(*_trim(ks, a, ci_))) <= _BEFORE_WORDS:
            ci, cj = after  # «X امروز گفت حمله نظامی راه موثری نیست»: «که» left out, the statement follows
        else:
            ci, cj = _trim(ks, a, ci_)
        if cj - ci >= 3 and any(is_word(ks[k]) for k in range(ci, cj)):
            out.append(Cue(s.i, ci_, cj_, ci, cj, "indirect", False))
    return out
