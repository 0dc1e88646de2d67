"""Peyvand's Persian text layer: offset-preserving normalization, ZWNJ repair, sentences, tokens, keys, dates.

Every offset is into the ORIGINAL text (``Doc.raw``). ``Token.norm`` is the display form: Persian letters and
Persian digits, no diacritics, lost ZWNJs restored; ``Token.key == fold(Token.norm)`` is the matching form (ASCII
digits, hamza carriers folded, no ZWNJ); ``name_key`` also drops spaces, for identity. A token is a word, a number
(``12.5``, ``1403/05/12``) or one punctuation mark; a pair that Persian writes as one word but the text spaced
(``می شود``, ``کتاب ها``, ``رفته اند``) is ONE token whose ``text`` holds the space and whose ``norm`` a ZWNJ.
"""

from kg.text.chars import fold, name_key
from kg.text.dates import find_dates, parse_date
from kg.text.doc import make_doc, warm
from kg.text.normalize import normalize
from kg.text.zwnj import repair_zwnj

__all__ = ["find_dates", "fold", "make_doc", "name_key", "normalize", "parse_date", "repair_zwnj", "warm"]
