"""Place mentions (the gazetteer, and unknown names after «شهرستان/شهر/استان») and third-person pronouns
(وی، او، ایشان) for coreference."""

from __future__ import annotations

from kg.extract._util import display, keys, light_verb_next, make_mention
from kg.extract.lexicon import Lexicons
from kg.text.zwnj import is_verb_form
from kg.types import Doc, Form, Mention

__all__ = ["find"]


def _not_a_place(ks: list[str], i: int, e: int, lex: Lexicons) -> bool:
    """«شورای مرکزی» (مرکزی only after «استان»); «خبرنگار فارس» (the agency, not the province)."""
    prev = ks[i - 1] if i else ""
    prefixes = lex.words.place_prefix
    if "".join(ks[i:e]) in lex.prefixed_places and prev not in prefixes:
        return True
    return lex.agencies.match(ks, i) is not None and prev not in prefixes and any(
        k in lex.words.news_word for k in ks[max(0, i - 3) : i])


def find(doc: Doc, lex: Lexicons) -> list[Mention]:
    """LOC mentions from the place gazetteer and PRON mentions for third-person singular pronouns."""
    ks = keys(doc)
    out: list[Mention] = []
    n = len(ks)
    prefixes = lex.words.place_prefix
    i = 0
    while i < n:
        k = ks[i]
        if k in lex.words.pronoun:
            out.append(make_mention(doc, i, i + 1, "PRON", doc.tokens[i].norm, "rule:pronoun", 0.9, key=k))
            i += 1
            continue
        p = lex.places.match(ks, i) if k in lex.places.starts else None
        if p and _not_a_place(ks, i, p[0], lex):
            p = None
        if p and doc.tokens[p[0] - 1].sent == doc.tokens[i].sent:
            s = i - 1 if i and ks[i - 1] in prefixes else i  # «استان یزد» (not the city), «شهر یزد»
            out.append(make_mention(doc, s, p[0], "LOC", display(doc, s, p[0]), "rule:place", 0.7))
            i = p[0]
            continue
        if k in prefixes and i + 1 < n and doc.tokens[i + 1].sent == doc.tokens[i].sent and not (
                lex.places.match(ks, i + 1)) and _place_name(ks, i + 1, lex):
            out.append(make_mention(doc, i, i + 2, "LOC", display(doc, i, i + 2), "rule:place-prefix", 0.6,
                                    form=Form.PREFIXED))
            i += 2
            continue
        i += 1
    return out


_PLACE_WORD_FREQ = 1_000_000  # a word this frequent in words.dat after «شهر» is a description (شهر «زیبا»)


def _place_name(ks: list[str], j: int, lex: Lexicons) -> bool:
    """«شهرستان ملکشاهی»، «شهر مهران»: a rare, name-like word right after a place noun names a place the gazetteer
    does not know; a common word, an adjective of a common noun (مرزی) or a function word does not."""
    k = ks[j]
    if len(k) < 3 or not k.isalpha() or lex.blocks_name(k) or k in lex.org_heads or k.endswith(
            lex.words.place_inflection):
        return False
    if lex.word_freq.get(k, 0) >= _PLACE_WORD_FREQ or lex.is_first_name(k) or is_verb_form(k) or k.endswith("ند"):
        return False  # «شهر مستلزم»، «استان شاهرخ …» (a name after «آموزش و پرورش استان»)، «استان عبارتند از»
    # «به استان تخصیص پیدا کرده»، «استان مخابره کنند»: the word is half of a verb phrase, not a name
    if light_verb_next(ks, j, len(ks), lex) or (j + 1 < len(ks) and is_verb_form(ks[j + 1])):
        return False
    return not (k.endswith("ی") and lex.word_freq.get(k[:-1], 0) >= _PLACE_WORD_FREQ // 10)
