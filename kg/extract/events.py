"""Event mentions: a trigger noun (مراسم، همایش، جنگ، هفته…) with a name in «…» or after «با عنوان», or named
by its ezafe chain (هفته دفاع مقدس، جنگ ۸ ساله); «این مراسم / پایان مراسم» are anaphors resolved by coref."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.extract._util import (
    SACRED_TITLES,
    chain_end,
    display,
    is_ordinal,
    is_word,
    keys,
    light_verb_next,
    make_mention,
)
from kg.extract.lexicon import Lexicons, TriggerEntry
from kg.extract.matcher import Scan
from kg.text import fold
from kg.types import Doc, Form, Mention

__all__ = ["event_key", "find", "trigger_of"]


def event_key(name: str, lex: Lexicons) -> str:
    """Identity key of an event name: folded, number words as digits, no spaces (هشت‌ساله = ۸ ساله)."""
    words = fold(name).replace("«", " ").replace("»", " ").split()
    nums = sorted(lex.numbers, key=len, reverse=True)
    out = []
    for w in words:
        for nw in nums:
            if w.startswith(nw) and (w == nw or w[len(nw):] in lex.words.counted):
                w = lex.numbers[nw] + w[len(nw):]
                break
        out.append(w)
    return re.sub(r"\s+", "", "".join(out))


def trigger_of(text: str, lex: Lexicons) -> TriggerEntry | None:
    """The trigger entry of an event mention's text (its first trigger noun)."""
    ks = [fold(w) for w in text.split()]
    for i in range(len(ks)):
        m = _trigger_at(ks, i, len(ks), lex)
        if m:
            return m[1]
    return None


def _guillemets(ks: Sequence[str], j: int, b: int) -> int | None:
    """Index of the » closing the « at ``j`` (within the sentence), or None."""
    if j >= b or ks[j] != "«":
        return None
    for k in range(j + 1, min(b, j + 25)):
        if ks[k] == "»":
            return k if k > j + 1 else None
    return None


def _trigger_at(ks: Sequence[str], i: int, b: int, lex: Lexicons) -> tuple[int, TriggerEntry] | None:
    """A trigger at token ``i``, also in its indefinite form (طی «مراسمی» با حضور …)."""
    m = lex.triggers.match(ks, i, b) if ks[i] in lex.triggers.starts else None
    if m is None and len(ks[i]) > 3 and ks[i].endswith("ی") and (i == 0 or ks[i - 1] in lex.words.before_indefinite):
        t = lex.triggers.get(ks[i][:-1])
        if t is not None and t.gathering:
            return i + 1, t
    return m


def _honour_name(doc: Doc, ks: Sequence[str], a: int, b: int, trig: TriggerEntry, lex: Lexicons) -> str | None:
    """«از خدمات داوطلبان … طی مراسمی … تجلیل به عمل آمد» → «مراسم تجلیل از خدمات داوطلبان …»."""
    if ks[a] != "از":
        return None
    end = chain_end(ks, a + 1, b, lex, max_len=10, allow_heads=True)
    for k in range(end, b):
        c = lex.cues.match(ks, k, b) if ks[k] in lex.cues.starts else None
        if c and c[1] == "honor":
            return f"{trig.form} {doc.tokens[k].norm} از {display(doc, a + 1, end)}"
    return None


def _ordinal(key: str) -> bool:
    """«هشتمین»، «ششمین»: an ordinal written before the event noun belongs to its name."""
    return len(key) > 4 and key.endswith("مین")


def _no_plural_tail(ks: Sequence[str], te: int, ce: int, lex: Lexicons) -> int:
    """A plural or «-ی» indefinite noun ends an event name before it (انتخابات «استان‌ها»، همایش … «گزارشی»):
    an indefinite is a ‑ی word hazm does not list whose stem it does."""
    for k in range(te, ce):
        w = ks[k]
        if w.endswith(("ها", "های")) or (
                k > te and w.endswith("ی") and w not in lex.known_words and lex.word_freq.get(w[:-1], 0) > 0):
            return k
    return ce


def _ordinal_start(ks: Sequence[str], i: int, a: int, lex: Lexicons) -> int:
    """Start of an event name whose trigger is at ``i``: over an ordinal («هشتمین همایش») and the number words
    before it («بیست و هفتمین جشنواره»)."""
    if not (i > a and _ordinal(ks[i - 1])):
        return i
    k = i - 1
    while k - 2 >= a and ks[k - 1] == "و" and ks[k - 2] in lex.numbers:
        k -= 2
    return k


def _visit_end(ks: Sequence[str], te: int, b: int, lex: Lexicons, *, visitor: bool = True) -> int | None:
    """End of «سفر/بازدید» + the visitor (a role, a name, an organization) + «به/از» + the place visited, or
    None when no visitor or no place follows (a trip in general is no event). ``visitor=False``: the place right
    after the trigger («در حاشیه بازدید از پروژه‌های عمرانی شهرداری …»), the visitor being the sentence's subject."""
    for k in range(te, min(b, te + 8)):
        key = ks[k]
        if key in lex.words.visit_to:  # «سفر X «به» گیلان»، «بازدید X «از» بافت فرسوده»
            if (k == te) == visitor:
                return None
            p = lex.places.match(ks, k + 2 if ks[k + 1] in lex.words.place_prefix else k + 1, b) if k + 2 < b else None
            if p:  # «به گیلان»، «به استان گیلان»: a known place ends the name
                return p[0]
            # the place: up to four words, which may look like a verb stem or a participle (بافت فرسوده)
            e = k + 1
            while e < min(b, k + 5) and is_word(ks[e]) and ks[e] not in lex.boundaries and not (
                    ks[e] in lex.speech.starts or ks[e] in lex.light_verbs or light_verb_next(ks, e, b, lex)
                    or (ks[e] in lex.verb_forms and e > k + 1 and not ks[e].endswith("ه"))):
                e += 1
            return e if e > k + 1 else None
        if not is_word(key) or (key in lex.boundaries and key != "و") or key in lex.verb_forms:
            return None
    return None


_SIDES = ("و", "با")  # «دیدار استقلال «و» پرسپولیس»، «دیدار وزیر «با» سفیر»


def _pair_end(ks: Sequence[str], te: int, b: int, lex: Lexicons) -> int | None:
    """End of a meeting or match named by its two sides after the trigger: «دیدار استقلال و پرسپولیس»، «دیدار
    وزیر امور خارجه با همتای روسی»، «دیدار با خانواده شهدا» (one side written); None when no side follows."""
    if te < b and ks[te] == _SIDES[1]:
        e = chain_end(ks, te + 1, b, lex, max_len=5, allow_heads=True, quantities=True)
        return e if e > te + 1 else None
    a = chain_end(ks, te, b, lex, max_len=4, allow_heads=True)
    if a == te or a + 1 >= b or ks[a] not in _SIDES:
        return None
    e = chain_end(ks, a + 1, b, lex, max_len=5, allow_heads=True)
    return e if e > a + 1 else None


def find(doc: Doc, lex: Lexicons) -> list[Mention]:
    """EVENT mentions: named (norm = the name), chained (norm = trigger + chain), generic gatherings and anaphors."""
    ks = keys(doc)
    out: list[Mention] = []
    for s in doc.sents:
        a, b = s.first_token, s.last_token
        scan = Scan(ks, a, b, match=lambda ks_, i, b_: _trigger_at(ks_, i, b_, lex))
        for i, te, trig in scan:
            found = _event(doc, ks, i, te, a, b, trig, lex)
            if isinstance(found, int):
                scan.resume(found)
            else:
                out.append(found[0])
                scan.resume(found[1])
    return out


def _event(doc: Doc, ks: Sequence[str], i: int, te: int, a: int, b: int, trig: TriggerEntry,
           lex: Lexicons) -> tuple[Mention, int] | int:
    """The event whose trigger is at tokens ``[i, te)`` and the token after it, or only where the scan goes on."""
    known = lex.known_orgs.match(ks, i, b)
    if known:  # «کنگره آمریکا» is an organization, «کنگره شهدای استان» an event
        return known[0]
    prev = ks[i - 1] if i > a else ""
    start = _ordinal_start(ks, i, a, lex)  # «هشتمین همایش …»، «بیست و هفتمین …»
    if trig.visit and te < b and ks[te] in lex.words.visited and (ve := _visit_end(ks, te, b, lex, visitor=False)):
        name = display(doc, start, ve)  # «بازدید از …»: the visit named by what was visited
        return make_mention(doc, start, ve, "EVENT", name, "rule:event-visit", 0.7, key=event_key(name, lex),
                            form=Form.VISIT), ve
    pc = lex.cues.match(ks, i - 1, b) if i > a else None
    named_after = trig.chain and _chain_end(ks, i, start, te, b, trig, lex) not in (None, te)
    if prev in lex.words.determiner or (pc and pc[1] == "event_ref" and not named_after):
        # «این مراسم»، «پایان مراسم»: the gathering named before; «در حاشیه همایش ملی X» names one
        return make_mention(doc, i, te, "EVENT", trig.kind, "rule:event-anaphor", 0.7, key="", form=Form.ANAPHOR), te
    close = _name_close(ks, te, b, lex)
    if close is not None:  # a name in «…», right after the trigger's description or after «با عنوان»
        q, c = close
        name = display(doc, q + 1, c)
        return make_mention(doc, start, c + 1, "EVENT", name, "rule:event-named", 0.9, key=event_key(name, lex),
                            form=Form.QUOTED), c + 1
    if trig.pair and (pe := _pair_end(ks, te, b, lex)):
        # «دیدار با X» names one side only: like a generic gathering it may be the meeting named before
        form = Form.GENERIC if ks[te] == _SIDES[1] else Form.PAIR
        name = display(doc, start, pe)
        return make_mention(doc, start, pe, "EVENT", name, "rule:event-pair", 0.7, key=event_key(name, lex),
                            form=form), pe
    if trig.visit and (ve := _visit_end(ks, te, b, lex)):
        name = display(doc, start, ve)
        return make_mention(doc, start, ve, "EVENT", name, "rule:event-visit", 0.75, key=event_key(name, lex),
                            form=Form.VISIT), ve
    if trig.chain and (ce := _chain_end(ks, i, start, te, b, trig, lex)):
        name = display(doc, start, ce)
        return make_mention(doc, start, ce, "EVENT", name, "rule:event-chain", 0.8, key=event_key(name, lex),
                            form=Form.CHAIN), ce
    if trig.gathering:
        return _gathering(doc, ks, start, te, a, b, trig, lex)
    return te


def _name_close(ks: Sequence[str], te: int, b: int, lex: Lexicons) -> tuple[int, int] | None:
    """(opening, closing) guillemet of an event's name after its description or «با عنوان», or None."""
    de = chain_end(ks, te, b, lex, max_len=10, allow_triggers=True)
    q = de
    cue = lex.cues.match(ks, de, b)
    if cue and cue[1] == "title":
        q = cue[0]
    close = _guillemets(ks, q, b)
    if close is None and de == te:
        close = _guillemets(ks, te, b)
        q = te
    return (q, close) if close is not None else None


def _chain_end(ks: Sequence[str], i: int, start: int, te: int, b: int, trig: TriggerEntry,
               lex: Lexicons) -> int | None:
    """End of an event named by its trigger's ezafe chain (هفته دفاع مقدس), or None when the chain is no name."""
    cs = te
    while cs < b and (t := lex.titles.match(ks, cs, b)) and t[1][1] in SACRED_TITLES:
        cs = t[0]  # «میلاد حضرت زهرا (س)»، «سالروز شهادت امام علی (ع)»
    ce = chain_end(ks, cs, b, lex, max_len=6, allow_heads=True)
    if ce == cs or (trig.kind in lex.words.day_kind and (start < i or (cs < b and is_ordinal(ks[cs], lex)))):
        ce = te  # «روز سیزدهم فروردین»، «یازدهمین روز بهار»: a date, not a name
    if ce > te and (ks[te].isdigit() and not trig.numeric):
        ce = te
    if ce < b and ks[ce] in lex.words.copula and not all(k.endswith("ی") for k in ks[cs:ce]):
        ce = te  # «انتخابات سرمایه اجتماعی نظام است»: a predicate, not a name
    ce = _no_plural_tail(ks, te, ce, lex)
    return ce if ce > te or trig.standalone else None


def _gathering(doc: Doc, ks: Sequence[str], start: int, te: int, a: int, b: int, trig: TriggerEntry,
               lex: Lexicons) -> tuple[Mention, int]:
    """A gathering without a name of its own: named by the organization it is of («جلسه هماهنگی «اتحادیه …»»),
    by whom it honours («مراسم تجلیل از …»), or by its trigger and a short chain."""
    ce = chain_end(ks, te, b, lex, max_len=3, allow_heads=False)
    oh = lex.org_heads.match(ks, ce, b) if ce < b and ks[ce] in lex.org_heads.starts else None
    if oh:
        ce = chain_end(ks, oh[0], b, lex, max_len=8, allow_heads=True, allow_triggers=True)
        name = display(doc, start, ce)
        return make_mention(doc, start, ce, "EVENT", name, "rule:event-of-org", 0.75, key=event_key(name, lex)), ce
    hc = lex.cues.match(ks, ce, b)
    if hc and hc[1] == "honor" and hc[0] < b and ks[hc[0]] == "از":  # «مراسم تجلیل از …»
        ce = chain_end(ks, hc[0] + 1, b, lex, max_len=8, allow_heads=True)
    ce = _no_plural_tail(ks, te, ce, lex)
    name = display(doc, start, max(ce, te))
    if ks[te - 1] != fold(trig.form):  # «مراسمی» → مراسم
        name = trig.form + (" " + display(doc, te, ce) if ce > te else "")
    if ce <= te:
        name = _honour_name(doc, ks, a, b, trig, lex) or name
    end = max(ce, te)
    return make_mention(doc, start, end, "EVENT", name, "rule:event-generic", 0.5, key=event_key(name, lex),
                        form=Form.GENERIC), end
