"""CRF features for one sentence of token strings.

Corpus tokens and a ``Doc``'s tokens go through the same function (``Featurizer.sentence``), so a model trained
on a corpus sees articles the way it saw its training data. Features: the folded form (``kg.text.name_key``), its
affixes, ZWNJ/space presence, a coarse shape, a ±2 window of folded forms, first-name hits (the MIT name list
shipped with ``persian_gender_detection``) and lexicon hits (titles, role nouns, organization heads, event
triggers...). Lexicons are a plain mapping ``class -> folded forms``, so any source can be plugged in; the
model file keeps the snapshot it was trained with.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache

from kg.text import name_key

__all__ = ["LEXICON_CLASSES", "Featurizer", "Lexicon", "default_lexicon", "first_name_gender",
           "lexicon_from"]

Lexicon = Mapping[str, frozenset[str]]

ZWNJ = "\u200c"
_MAX_ENTRY_TOKENS = 6
_WINDOW = (-2, -1, 1, 2)


@cache
def _names() -> Mapping[str, str]:
    from persian_gender_detection.gender.iranian_names_dataset import names

    return names


def first_name_gender(token: str) -> str | None:
    """``"M"``/``"F"`` if the token is a known Iranian first name, else None."""
    from persian_gender_detection.persian_gender_detection import clean_name

    key = clean_name(token)
    return _names().get(key) if len(key) > 1 else None


#: Attributes of ``kg.extract.load_lexicons()`` whose entries become lexicon-hit features.
LEXICON_CLASSES = ("agencies", "known_orgs", "org_heads", "places", "roles", "titles", "triggers")


def default_lexicon() -> Lexicon:
    """The extractor's vocabularies (``kg.extract.load_lexicons``) as ``class -> name keys`` (``name_key``: folded,
    no spaces, so ``رئیس‌جمهور`` as one token and ``رئیس جمهور`` as two match the same entry)."""
    from kg.extract import load_lexicons

    return lexicon_from(load_lexicons(), LEXICON_CLASSES)


def lexicon_from(source: object, classes: Iterable[str]) -> Lexicon:
    """Pick ``classes`` from a mapping or an object: each value an iterable of forms, a mapping keyed by forms, or
    anything with such an ``entries`` mapping (the extractor's ``PhraseTable``)."""
    out: dict[str, frozenset[str]] = {}
    for name in classes:
        forms = source.get(name) if isinstance(source, Mapping) else getattr(source, name, None)
        forms = getattr(forms, "entries", forms)
        if isinstance(forms, Mapping):
            forms = forms.keys()
        if forms is None or isinstance(forms, str) or not isinstance(forms, Iterable):
            continue
        keys = frozenset(k for k in (name_key(str(f)) for f in forms) if k)
        if keys:
            out[name] = keys
    return out


def _shape(token: str) -> str:
    """Letter class per character, runs collapsed: ``a`` Persian/Arabic letter, ``L`` Latin, ``9`` digit."""
    out: list[str] = []
    for ch in token:
        if ch.isdigit():
            c = "9"
        elif ch.isalpha():
            c = "L" if ch.isascii() else "a"
        elif ch == ZWNJ:
            c = "z"
        elif ch.isspace():
            c = "_"
        else:
            c = "p" if unicodedata.category(ch).startswith("P") else "s"
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


@lru_cache(maxsize=200_000)
def _token_features(token: str) -> tuple[str, str | None, tuple[str, ...]]:
    """(folded form, first-name gender, the features a token has on its own): cached, since the same words recur
    in every article."""
    w = name_key(token) or token
    gender = first_name_gender(token)
    f = ["b", f"w={w}", f"sh={_shape(token)}", f"len={min(len(w), 8)}"]
    f += [f"p{k}={w[:k]}" for k in (1, 2, 3) if len(w) > k]
    f += [f"s{k}={w[-k:]}" for k in (1, 2, 3) if len(w) > k]
    if ZWNJ in token:
        f.append("zwnj")
    if " " in token.strip():
        f.append("space")
    if gender:
        f += ["fn", f"fn={gender}"]
    return w, gender, tuple(f)


@lru_cache(maxsize=200_000)
def _seen_from(w: str, gender: str | None) -> dict[int, tuple[str, ...]]:
    """What a token's neighbour at offset ``d`` reads of it (its form; its ending and first-name flag when
    adjacent): cached per word like ``_token_features``."""
    out = {}
    for d in _WINDOW:
        f = [f"w[{d}]={w}"]
        if abs(d) == 1:
            f.append(f"s2[{d}]={w[-2:]}")
            if gender:
                f.append(f"fn[{d}]")
        out[d] = tuple(f)
    return out


class Featurizer:
    """Turns a sentence (sequence of token strings) into CRF feature lists, one list per token."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in (lexicon or {}).items()}
        self._classes = sorted(self.lexicon)
        forms: dict[str, set[str]] = {}
        for cls, fs in self.lexicon.items():
            for f in fs:
                forms.setdefault(f, set()).add(cls)
        self._forms = {f: frozenset(c) for f, c in forms.items()}
        self._prefixes = frozenset(f[:k] for f in forms for k in range(1, len(f)))

    def _lexicon_tags(self, keys: Sequence[str]) -> list[list[str]]:
        """Per token, the ``B-class``/``I-class`` marks of the longest lexicon entry covering it (per class, the
        longest entry at each start, left to right without overlap). Every start is read once for all classes."""
        n = len(keys)
        longest: list[dict[str, int]] = [{} for _ in keys]
        for i in range(n):
            run = ""
            for j in range(i, min(n, i + _MAX_ENTRY_TOKENS)):
                run += keys[j]
                for cls in self._forms.get(run, ()):
                    longest[i][cls] = j - i + 1
                if run not in self._prefixes:
                    break
        marks: list[list[str]] = [[] for _ in keys]
        for cls in self._classes:
            i = 0
            while i < n:
                best = longest[i].get(cls, 0)
                if best:
                    marks[i].append(f"B-{cls}")
                    for k in range(i + 1, i + best):
                        marks[k].append(f"I-{cls}")
                    i += best
                else:
                    i += 1
        return marks

    def sentence(self, tokens: Sequence[str]) -> list[list[str]]:
        """Feature strings for every token of one sentence."""
        own = [_token_features(t) for t in tokens]
        words = [o[0] for o in own]
        names = [o[1] for o in own]
        lex = self._lexicon_tags(words) if self.lexicon else [[] for _ in tokens]
        n = len(tokens)
        feats: list[list[str]] = []
        seen = [_seen_from(w, g) for w, g in zip(words, names, strict=True)]
        for i, w in enumerate(words):
            f = list(own[i][2])
            f += [f"lx={m}" for m in lex[i]]
            if i == 0:
                f.append("BOS")
            if i == n - 1:
                f.append("EOS")
            for d in _WINDOW:
                j = i + d
                if 0 <= j < n:
                    f += seen[j][d]
                    if abs(d) == 1:
                        f += [f"lx[{d}]={m}" for m in lex[j]]
            if i > 0:
                f.append(f"w[-1]|w={words[i - 1]}|{w}")
            if i < n - 1:
                f.append(f"w|w[1]={w}|{words[i + 1]}")
            feats.append(f)
        return feats
