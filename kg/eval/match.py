"""Name matching for ``kg eval``: when does a system's name denote the same thing as a gold name?

The evaluator keeps its own small fold instead of borrowing the extractor's, so that a bug in the system's
normalization cannot hide itself by also being in the yardstick. Rules (GOLD_FORMAT.md):

- **fold**: Arabic letter variants (ي ى ك ة أ إ ؤ ئ ۀ) become Persian, آ becomes ا, digits become ASCII, diacritics,
  tatweel, ZWNJ, spaces and punctuation vanish. ``"حجت‌الاسلام"``, ``"حجت الاسلام"`` and ``"حجتالاسلام"`` fold alike.
- **persons**: leading honorifics (``titles.tsv``) are ignored, also when glued to the name by a ZWNJ
  (``سید‌مصطفی``). Names match when their folds are equal, or (weaker) when one is a whole-word tail of the other
  (a bare surname ``موسی‌پور`` matches ``محمدحسین موسی‌پور``).
- **organizations and events**: folds equal, or containment: both start with the same head word and every
  significant word of the shorter name (at least two of them) occurs in the longer, so ``وزارت ارتباطات`` matches
  ``وزارت ارتباطات و فناوری اطلاعات`` but a bare ``وزارت`` matches nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

__all__ = ["EXACT", "NONE", "TAIL", "fold", "name_match", "person_keys", "phrase_match", "role_match",
           "text_contains"]

ZWNJ = "\u200c"
NONE, TAIL, EXACT = 0, 1, 2  # match strengths, weakest first

_LETTER_MAP = str.maketrans({
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و",
    **{d: str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")},
    **{d: str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")},
    "\u0640": None, ZWNJ: None, "\u200d": None, "\u200e": None, "\u200f": None, "\ufeff": None,
})
_WORD_SPLIT = re.compile(r"[\s\u200c]+")
# Function words that do not make two organization or event names different.
_STOP = frozenset({"و", "در", "از", "به", "با", "برای", "این", "ان", "که", "را"})


def fold(s: str) -> str:
    """The comparison key of a word or phrase: letters folded, no marks, spaces, ZWNJ or punctuation.

    >>> fold("احمدي‌نژاد") == fold("احمدی نژاد") == fold("احمدینژاد")
    True
    """
    s = s.translate(_LETTER_MAP).lower()
    return "".join(ch for ch in s if unicodedata.category(ch)[0] in "LN")


def _words(s: str) -> list[str]:
    """Folded words, split at spaces and ZWNJ (so ``هلال‌احمر`` and ``هلال احمر`` give the same words)."""
    return [w for w in (fold(x) for x in _WORD_SPLIT.split(s)) if w]


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    path = Path(__file__).with_name("titles.tsv")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(x) for x in lines[1:] if x.strip() and not x.startswith("#"))


def _strip_titles(name: str) -> list[str]:
    """The name's space-separated tokens after dropping leading honorifics (also ``سید‌X`` glued by a ZWNJ)."""
    # "(ره)", "(ع)", "(س)" after a name are blessings, not part of it.
    tokens = [t for t in re.split(r"\s+", re.sub(r"\([^)]*\)", " ", name).strip()) if fold(t)]
    titles = _titles()
    while len(tokens) > 1:
        # a title may be written in several pieces ("حجت الاسلام"): try the longest prefix first
        k = next((k for k in (3, 2, 1) if k < len(tokens) and fold("".join(tokens[:k])) in titles), 0)
        if k:
            tokens = tokens[k:]
            continue
        head = tokens[0]
        first, sep, rest = head.partition(ZWNJ)
        if sep and rest and fold(first) in titles:
            tokens[0] = rest
            continue
        break
    return tokens


def person_keys(name: str) -> tuple[str, frozenset[str]]:
    """``(full, tails)``: the folded name without titles, and the folds of its proper whole-word tails."""
    tokens = _strip_titles(name)
    full = fold("".join(tokens))
    tails = frozenset(k for i in range(1, len(tokens)) if (k := fold("".join(tokens[i:]))))
    return full, tails


def name_match(a: Iterable[str], b: Iterable[str]) -> int:
    """How strongly two sets of person names (canonical + alternatives) match: EXACT, TAIL or NONE.

    >>> name_match(["سردار محمد رضایی"], ["محمد رضایی"]) == EXACT, name_match(["رضایی"], ["محمد رضایی"]) == TAIL
    (True, True)
    """
    ka = [person_keys(x) for x in a if x.strip()]
    kb = [person_keys(x) for x in b if x.strip()]
    best = NONE
    for fa, ta in ka:
        for fb, tb in kb:
            if fa and fa == fb:
                return EXACT
            if (fa and fa in tb) or (fb and fb in ta):
                best = TAIL
    return best


def phrase_match(a: Iterable[str], b: Iterable[str]) -> int:
    """Organization/event names: EXACT on equal folds, TAIL on head-anchored word containment, else NONE."""
    la, lb = [x for x in a if x and x.strip()], [x for x in b if x and x.strip()]
    if {fold(x) for x in la} & {fold(x) for x in lb}:
        return EXACT
    for x in la:
        for y in lb:
            wx = [w for w in _words(x) if w not in _STOP]
            wy = [w for w in _words(y) if w not in _STOP]
            short, long_ = (wx, wy) if len(wx) <= len(wy) else (wy, wx)
            if len(short) >= 2 and short[0] == long_[0] and set(short) <= set(long_):
                return TAIL
    return NONE


def role_match(a: str, b: str) -> bool:
    """Role nouns match when their folds are equal (``رئیس جمهور`` = ``رئیس‌جمهور`` = ``رييس جمهور``)."""
    return bool(fold(a)) and fold(a) == fold(b)


def text_contains(haystack: str, snippet: str) -> bool:
    """True when the snippet occurs in the text, compared folded (whitespace, ZWNJ, punctuation insensitive)."""
    s = fold(snippet)
    return bool(s) and s in fold(haystack)
