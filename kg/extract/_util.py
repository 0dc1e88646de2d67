"""Small shared helpers for the finders: token views, word classes, ezafe chains, mention construction."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from kg.extract.lexicon import Lexicons
from kg.text import name_key
from kg.types import Doc, Form, Mention

# titles.tsv kinds whose titles belong to a name after a head or trigger (دانشگاه شهید بهشتی، میلاد حضرت زهرا)
SACRED_TITLES = frozenset({"religious", "martyr"})


def keys(doc: Doc) -> list[str]:
    return [t.key for t in doc.tokens]


def sent_bounds(doc: Doc) -> list[tuple[int, int]]:
    return [(s.first_token, s.last_token) for s in doc.sents]


def is_word(key: str) -> bool:
    """A token made of letters (Persian or Latin), not punctuation or a number."""
    return bool(key) and key[0].isalpha()


def is_ordinal(key: str, lex: Lexicons) -> bool:
    """An ordinal number word or numeral: «هفتم»، «یازدهمین»، «سوم»، «۱۲ام»."""
    if key in lex.words.ordinal:
        return True
    base = key[:-3] if key.endswith("مین") else key[:-1] if key.endswith("م") else ""
    return bool(base) and (base in lex.numbers or base.isdigit() or (base.endswith("ا") and base[:-1].isdigit()))


def blessing_at(ks: Sequence[str], i: int, stop: int, lex: Lexicons) -> int:
    """End index of a «(ص)»-style blessing starting at ``i``, or ``i`` when there is none."""
    if i + 2 < stop and ks[i] == "(" and ks[i + 1] in lex.words.blessing and ks[i + 2] == ")":
        return i + 3
    return i


def display(doc: Doc, i: int, j: int) -> str:
    """Display form of tokens ``[i, j)``: their ``norm`` joined with the spacing the text had (ZWNJ restored)."""
    toks = doc.tokens
    parts = [toks[i].norm]
    for k in range(i + 1, j):
        gap = doc.raw[toks[k - 1].end : toks[k].start]
        if not gap:
            parts.append(toks[k].norm)
        elif "\u200c" in gap and not gap.strip("\u200c"):
            parts.append("\u200c" + toks[k].norm)
        else:
            parts.append(" " + toks[k].norm)
    return "".join(parts)


def light_verb_next(ks: Sequence[str], j: int, stop: int, lex: Lexicons) -> bool:
    """True when a light verb follows token ``j`` (directly or after «خواهد»): ``j`` is the first half of a
    compound verb (تأکید «کرد»، منتشر «خواهد شد»)."""
    if j + 1 >= stop:
        return False
    nxt = ks[j + 1]
    if nxt in lex.words.future_aux and j + 2 < stop:
        nxt = ks[j + 2]
    if nxt in lex.words.light_part and j + 2 < stop and ks[j + 2] in lex.light_verbs:
        return True  # «ادامه پیدا کرد»: a noun before a two-word light verb
    return nxt in lex.light_verbs or nxt in lex.words.verb_prefix


def chain_end(
    ks: Sequence[str], start: int, stop: int, lex: Lexicons, *, stops: Collection[int] = (), max_len: int = 10,
    allow_heads: bool = True, allow_triggers: bool = False, quantities: bool = False,
) -> int:
    """End (exclusive) of the ezafe chain of modifiers starting at token ``start``.

    The chain runs over content words and ends before punctuation, boundary words (prepositions, verbs, «نیز»…),
    the first half of a compound verb (تأکید «کرد»), a title, a role noun or a token in ``stops`` (where a person's
    name starts). One «و» is allowed inside (وزارت راه و شهرسازی) when a non-plural content word follows.
    """
    j = start
    used_and = False
    limit = min(stop, start + max_len)
    while j < limit:
        k = ks[j]
        b = blessing_at(ks, j, stop, lex)
        if b > j:
            j = b
            continue
        if j in stops:
            break
        if k == "و":
            if used_and or j == start or j + 1 >= limit:
                break
            nk = ks[j + 1]
            if (
                not is_word(nk) or nk in lex.boundaries or nk in lex.org_heads or nk in lex.titles
                or nk in lex.roles or nk.endswith("ها") or nk.endswith("های") or (j + 1) in stops
                or light_verb_next(ks, j + 1, stop, lex)
            ):
                break
            used_and = True
            j += 1
            continue
        if not (is_word(k) or k.isdigit()):
            break
        if quantities and (k.isdigit() or k in lex.numbers) and j + 1 < limit and is_word(ks[j + 1]):
            break  # «شرکت ۴۱ میلیارد ریال …»، «گروه کار … سه نفر»: a quantity, not a name
        if (
            k in lex.boundaries or k in lex.titles or k in lex.roles or k in lex.verb_forms
            or k in lex.light_verbs or k in lex.speech or k in lex.cues
        ):
            break
        if not allow_heads and k in lex.org_heads.starts and lex.org_heads.match(ks, j, stop):
            break  # also a multi-word head (جهاد کشاورزی)
        if not allow_triggers and k in lex.triggers:
            break
        if light_verb_next(ks, j, stop, lex):
            break
        j += 1
    if j > start and ks[j - 1] == "و":
        j -= 1
    return j


def make_mention(
    doc: Doc, i: int, j: int, label: str, norm: str, rule: str, score: float, *,
    key: str | None = None, honorifics: tuple[str, ...] = (), source: str = "rules", form: Form = Form.NAME,
) -> Mention:
    """A mention over tokens ``[i, j)`` (``j > i``); ``id`` is provisional (merge renumbers)."""
    start, end = doc.tokens[i].start, doc.tokens[j - 1].end
    return Mention(
        id=f"{label}:{start}:{end}", start=start, end=end, text=doc.raw[start:end], label=label,  # type: ignore[arg-type]
        norm=norm, key=name_key(norm) if key is None else key, rule=rule, score=score, honorifics=honorifics,
        source=source, form=form,
    )
