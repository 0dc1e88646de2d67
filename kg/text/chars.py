"""Character tables and the matching fold.

Two levels: ``letters`` (1:1 ``str.translate`` maps built from hazm's own tables: Arabic letter variants and
presentation forms to Persian letters, Arabic-Indic and ASCII digits to Persian digits), used for ``Token.norm``;
and ``fold`` (letters + hamza carriers + ASCII digits + no ZWNJ, diacritics or tatweel), used for ``Token.key``
and every lexicon lookup. ``fold`` is not offset-preserving; it never needs to be.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.text._hazm import constants as _hc

__all__ = ["DELETABLE", "ZWNJ", "fold", "is_joiner", "letters", "name_key", "needs_letters"]

ZWNJ = "\u200c"

# 1:1 maps (offsets unchanged). hazm maps curly quotes to '"', which we keep as they are (not our business).
_LETTER_PAIRS = {a: b for a, b in zip(_hc.TRANSLATION_SRC, _hc.TRANSLATION_DST, strict=True) if a not in "\u201c\u201d"}
_LETTER_PAIRS.update(zip(_hc.NUMBERS_SRC, _hc.NUMBERS_DST, strict=True))
_LETTER_PAIRS.update({"ۀ": "ه", "ٱ": "ا", "\u066b": "٫", "\u066c": "٬"})
# Every Unicode space separator (no-break, thin, ideographic...) becomes a plain space.
_LETTER_PAIRS.update(
    dict.fromkeys(
        "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "
    )
)
_LETTERS_TABLE = str.maketrans({a: b for a, b in _LETTER_PAIRS.items() if a != b})

# Characters the normalizer deletes: hazm's diacritics and "special" marks, tatweel, and invisible format controls
# other than ZWNJ (ZWJ, LRM/RLM, embeddings, BOM, soft hyphen).
_DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0653))
_SPECIALS = re.sub(r"^\[|\]$", "", _hc.SPECIAL_CHARS_PATTERNS[0][0]).encode().decode("unicode_escape")
_CONTROLS = "\u0640\u200b\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad"
DELETABLE = frozenset(_DIACRITICS + _SPECIALS + _CONTROLS)

# Letters that do not join to the following letter: after them a ZWNJ is invisible and usually omitted.
_NON_JOINERS = frozenset("آاأإدذرزژوؤءۀة")

_FOLD_TABLE = str.maketrans(
    {
        **{ord(a): b for a, b in _LETTER_PAIRS.items() if a != b},
        **{ord(d): str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")},
        **{ord(d): str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")},
        **{ord(d): str(i) for i, d in enumerate("0123456789")},
        ord("ئ"): "ی",
        ord("ؤ"): "و",
        ord("أ"): "ا",
        ord("إ"): "ا",
        ord("ة"): "ه",
        ord("ۀ"): "ه",
        ord("ٱ"): "ا",
        ord("٫"): ".",
        ord("٬"): ",",
        ord(ZWNJ): None,
        **dict.fromkeys(map(ord, DELETABLE)),
    }
)
_SPACES = re.compile(r"\s+")


_NEEDS_LETTERS = re.compile("[" + re.escape("".join(chr(c) for c in _LETTERS_TABLE if not chr(c).isdigit())) + "]")


def needs_letters(s: str) -> bool:
    """True when ``letters(s)`` would change a letter or a space (digits aside): a fast regex scan."""
    return _NEEDS_LETTERS.search(s) is not None


_LETTER_MAP = {chr(k): v for k, v in _LETTERS_TABLE.items()}
assert not set(_LETTER_MAP) & set(_LETTER_MAP.values()), "the letter map must not chain"


def letters(s: str) -> str:
    """Persian letters and Persian digits, 1:1 (same length, same offsets).

    ``str.replace`` per distinct character to map is ~10x faster than ``str.translate`` on Persian text."""
    for c in _LETTER_MAP.keys() & set(s):
        s = s.replace(c, _LETTER_MAP[c])
    return s


def is_joiner(ch: str) -> bool:
    """True when ``ch`` joins to a following letter, i.e. a ZWNJ after it is visible and meaningful."""
    return ch not in _NON_JOINERS


@lru_cache(maxsize=200_000)
def fold(s: str) -> str:
    """The matching form: Persian letters, hamza carriers folded (رئیس = رییس, مسئول = مسؤول = مسوول),
    ASCII digits, no diacritics/tatweel/ZWNJ, Latin lower-cased, runs of whitespace as one space."""
    s = s.replace("ئو", "وو").translate(_FOLD_TABLE).lower()
    return _SPACES.sub(" ", s).strip() if s and (" " in s or "\n" in s or "\t" in s) else s


def name_key(s: str) -> str:
    """Identity key: ``fold`` with every space and ZWNJ removed (عباس‌زاده = عباسزاده = عباس زاده)."""
    return _SPACES.sub("", fold(s))
