"""Person mentions: titles kept apart from the name, first names from a maintained list, surname morphology and
context (a title, «NAME، ROLE», the subject of a speech verb), then every later bare use of a found surname."""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract._util import SACRED_TITLES, blessing_at, is_word, keys, light_verb_next, make_mention
from kg.extract.lexicon import Lexicons
from kg.extract.matcher import Scan
from kg.text import fold, name_key
from kg.text.zwnj import repair_name_zwnj
from kg.types import Doc, Mention

__all__ = ["find", "surname_key"]

# A surname that is also a common word needs more evidence than a first name next to it.
_COMMON = 250_000
_RARE = 20_000


def _name_like(key: str, lex: Lexicons) -> bool:
    """A word that may be part of a name."""
    return len(key) >= 2 and key.isalpha() and not lex.blocks_name(key)


def _opens_phrase(ks: Sequence[str], k: int, stop: int, lex: Lexicons) -> bool:
    """A multi-word organization head, role, event or place starts at ``k`` (آستانه مقدسه، قائم مقام…)."""
    k0 = ks[k]
    for t in (lex.org_heads, lex.roles, lex.triggers, lex.places, lex.known_orgs):
        if k0 in t.starts and t.match(ks, k, stop):
            return True
    return False


def _plural(key: str, lex: Lexicons) -> bool:
    """«قاریان»، «دانشجویان»: after «با حضور», a plural of a known word rather than a surname (کاظمیان)."""
    return any(key.endswith(suf) and lex.word_freq.get(key[: -len(suf)], 0) > _RARE for suf in lex.words.people_plural)


def _surname_ok(key: str, lex: Lexicons, strong_first: bool) -> bool:
    """Evidence that the word(s) after a first name are a surname, not an ordinary word (اقتصادی، برنامه‌هاست).

    After a frequent given name (علی، احمد) a fairly rare word will do; after a name from the long list (which
    holds many ordinary words) the surname must be unknown to hazm's lexicon or shaped like a surname and rare."""
    if key.endswith(lex.words.name_inflection) or (key.startswith(lex.words.verb_prefix) and len(key) > 4):
        return False
    freq = lex.word_freq.get(key, 0)
    if strong_first:
        return freq < _COMMON or lex.has_surname_shape(key)
    # after a name from the long list only: a word hazm does not know, or a clear surname ending
    return (key not in lex.known_words and not _plural(key, lex)) or lex.has_strong_surname_shape(key)


def _compound_first(key: str, lex: Lexicons) -> bool:
    """Two given names written as one (محمدصالح، علیرضا، محمدجواد): at least as strong as a frequent one."""
    return any(lex.is_common_first_name(key[:k]) and lex.is_first_name(key[k:]) for k in range(2, len(key) - 1))


def _first_at(ks: Sequence[str], k: int, stop: int, lex: Lexicons) -> int:
    """End of a first name starting at ``k`` (with «اله / الدین» written apart), or ``k``."""
    key = ks[k]
    if _opens_phrase(ks, k, stop, lex):
        return k
    joined = k + 1 < stop and ks[k + 1] in lex.first_name_parts
    if lex.is_first_name(key) and (_name_like(key, lex) or joined):
        return k + 2 if joined else k + 1
    if joined and key.isalpha():
        return k + 2
    return k


def _parse_name(ks: Sequence[str], j: int, stop: int, lex: Lexicons) -> tuple[int, int, bool]:
    """(end of first names, end of name, surname evidence is good) for a name starting at ``j``."""
    k = j
    strong = False
    while k < stop and k - j < 4:
        e = _first_at(ks, k, stop, lex)
        if e == k:
            break
        strong = strong or lex.is_common_first_name(ks[k]) or e - k == 2 or _compound_first(ks[k], lex)
        k = e
    firsts_end = k
    # «اشرف نیا»، «هاشم پور»: a surname suffix written apart turns the last "first name" into the surname
    if (k > j and k < stop and ks[k] in lex.joining_suffixes and not lex.is_common_first_name(ks[k - 1])) or (
        k > j + 1 and k < stop and ks[k] in lex.joining_suffixes
    ):
        firsts_end = k - 1
    elif k > j + 1 and not lex.is_common_first_name(ks[k - 1]) and ks[k - 1] not in lex.first_name_parts and not (
            k < stop and _name_like(ks[k], lex) and _surname_ok(ks[k], lex, strong)):
        # «محسن جاویدان»، «موسی بی‌باک»: a rarer listed name after a first name is the surname
        return k - 1, k, True
    elif k > j and lex.has_surname_shape(ks[k - 1]) and not (k < stop and _name_like(ks[k], lex)):
        return k - 1, k, lex.word_freq.get(ks[k - 1], 0) < _COMMON  # «کریمی» alone: the surname
    s0 = firsts_end
    if k == firsts_end:
        if not (k < stop and _name_like(ks[k], lex) and not light_verb_next(ks, k, stop, lex)
                and not _opens_phrase(ks, k, stop, lex)):
            return firsts_end, k, False
        k += 1
    while k < stop and ks[k] in lex.joining_suffixes:
        k += 1
    if (
        k < stop and _name_like(ks[k], lex) and lex.has_surname_shape(ks[k]) and not light_verb_next(ks, k, stop, lex)
        and (lex.word_freq.get(ks[k], 0) < _RARE or (k + 1 < stop and not _name_like(ks[k + 1], lex)))
    ):
        k += 1  # a two-word surname: «آذری جهرمی»، «فقیه خراسانی»
    sk = "".join(ks[s0:k])
    parts = [t for t in ks[s0:k] if t not in lex.joining_suffixes]
    if len(parts) < k - s0:  # «ارجمند زاده»: judge the glued surname
        ok = all(not t.endswith(lex.words.name_inflection) for t in parts) and _surname_ok(
            sk, lex, strong or firsts_end == j)
    else:
        ok = all(_surname_ok(t, lex, True) for t in parts) and _surname_ok(sk, lex, strong or firsts_end == j)
    return firsts_end, k, ok


def _quoted(ks: Sequence[str], j: int, b: int) -> int | None:
    """Index of the closing quote of 1–3 words in quotes at ``j`` ("…" or «…»), or None."""
    if j >= b or ks[j] not in ('"', "«"):
        return None
    close = '"' if ks[j] == '"' else "»"
    for k in range(j + 2, min(b, j + 5)):
        if ks[k] == close:
            return k if all(ks[t].isalpha() for t in range(j + 1, k)) else None
    return None


def _titles(ks: Sequence[str], i: int, stop: int, lex: Lexicons) -> tuple[int, list[str], bool]:
    """(end of titles, titles, the last token glued a title to a first name: «سید‌مصطفی»)."""
    hon: list[str] = []
    while i < stop:
        m = lex.titles.match(ks, i, stop)
        if not m:
            for t in lex.words.glued_title:
                if ks[i].startswith(t) and lex.is_first_name(ks[i][len(t):]):
                    return i + 1, [*hon, lex.titles.get(t)[0]], True
            break
        i, (form, _kind) = m
        hon.append(form)
    return i, hon, False


def _token_norm(doc: Doc, ks: Sequence[str], k: int, lex: Lexicons) -> str:
    """A name token's display form; a surname's lost ZWNJ restored (رحیمیزاده → رحیمی‌زاده), first names as written."""
    norm = doc.tokens[k].norm
    return norm if lex.is_first_name(ks[k]) else repair_name_zwnj(norm)


def _norm(doc: Doc, ks: Sequence[str], i: int, j: int, lex: Lexicons) -> str:
    """Canonical name: token norms, joining suffixes glued with a ZWNJ (کاظم زاده → کاظم‌زاده)."""
    out = _token_norm(doc, ks, i, lex)
    for k in range(i + 1, j):
        sep = "\u200c" if ks[k] in lex.joining_suffixes else " "
        out += sep + _token_norm(doc, ks, k, lex)
    return out


def surname_key(norm: str) -> str:
    """The identity key of the surname (the last word) of a canonical name."""
    return name_key(norm.rsplit(" ", 1)[-1])


def find(doc: Doc, lex: Lexicons) -> list[Mention]:
    """Person mentions with their honorifics, then bare surnames of the persons found."""
    ks = keys(doc)
    out: list[Mention] = []
    covered: set[int] = set()
    for s in doc.sents:
        a, b = s.first_token, s.last_token
        has_speech = next(iter(Scan(ks, a, b, lex.speech)), None) is not None
        attend_ends = {c.end for c in Scan(ks, a, b, lex.cues) if c.value == "attend"}
        i = a
        while i < b:
            k0 = ks[i]
            q = _quoted(ks, i, b) if k0 in ('"', "«") else None
            if q is not None and _role_follows(ks, q + 1, b, lex) and all(
                    _name_like(ks[t], lex) and not _opens_phrase(ks, t, q, lex) for t in range(i + 1, q)):
                # «جرمی کوربین» رهبر حزب کارگر: a quoted name (often foreign) that a role describes
                out.append(make_mention(doc, i, q + 1, "PER", _norm(doc, ks, i + 1, q, lex), "rule:quoted-name-role",
                                        0.8))
                covered.update(range(i, q + 1))
                i = q + 1
                continue
            glued_title = k0.startswith(lex.words.glued_title)
            if (k0 not in lex.titles.starts and not lex.is_first_name(k0) and not glued_title and (
                    not _name_like(k0, lex) or (i != a and ks[i - 1] not in lex.boundaries and ks[i - 1] != "،"
                                                and i not in attend_ends
                                                and not (has_speech and i + 1 < b and ks[i + 1] == "که")))):
                i += 1  # fast path: nothing can start a name here
                continue
            j, hon, glued = _titles(ks, i, b, lex)
            q = _quoted(ks, j, b) if hon and not glued else None
            if q is not None:  # «دکتر "گوستاو کوبریرو"»: a title vouches for a quoted (often foreign) name
                out.append(make_mention(doc, i, q + 1, "PER", _norm(doc, ks, j + 1, q, lex), "rule:title-quoted-name",
                                        0.85, honorifics=tuple(hon)))
                covered.update(range(i, q + 1))
                i = q + 1
                continue
            fe, e, ok = _parse_name(ks, j, b, lex)
            m = None
            if glued and e == j:  # «سیدمصطفی» alone
                fe, e, ok = j, j, True
            if hon and (e > j or glued) and (fe > j or glued or ok or lex.has_surname_shape(ks[e - 1])):
                m = (i, j if not glued else j - 1, max(e, j), 0.9, "rule:title-name")
                if _named_after(ks, i, a, hon, lex):
                    m = None  # «دانشگاه شهید بهشتی»، «خیابان شهید رجایی»: the place or body, not the person
            elif not hon and fe > j and e > fe and ok:
                m = (i, j, e, 0.85, "rule:first-name")
            elif not hon and fe > j and e > fe and (_appositive_role(ks, e, b, lex) or (
                    e == fe + 1 and lex.is_common_first_name(ks[j]) and _role_follows(ks, e, b, lex))):
                # «امید علی پارسا (معاون …)»، «مصطفی کارخانه سرمربی تیم …»: the role vouches for the name
                m = (i, j, e, 0.75, "rule:first-name-role")
            elif not hon and fe > j + 1 and e == fe and _appositive_role(ks, e, b, lex):
                m = (i, j, e, 0.75, "rule:first-name-role")
            elif not hon and fe > j and e == fe + 1 and i == a and (_speech_at(ks, e, b, lex) or (
                    has_speech and lex.is_common_first_name(ks[j]) and e < b and ks[e] in lex.words.subject_next)):
                # «داود ایوبی ابراز داشت:»، «مصطفی کارخانه در حاشیه … گفت»: the sentence's speaker
                m = (i, j, e, 0.7, "rule:first-name-speaker")
            elif not hon and fe == j and e > j and _name_like(ks[j], lex) and _context_name(
                    ks, i, e, a, b, lex, has_speech, i in attend_ends):
                m = (i, j, e, 0.6, "rule:name-context")
            if m:
                s0, n0, e0, score, rule = m
                e0 = min(e0, b)
                if blessing_at(ks, e0, b, lex) > e0:  # «خاتم‌الانبیا (ص)»: a holy name, left to the organization
                    score = 0.3
                name = _norm(doc, ks, n0, e0, lex)
                if glued:
                    name = name[len(hon[-1]):].lstrip("\u200c ")
                out.append(make_mention(doc, s0, e0, "PER", name, rule, score,
                                        honorifics=tuple(hon)))
                covered.update(range(s0, e0))
                i = e0
            else:
                i += 1
    return out + _bare_surnames(doc, ks, out, covered, lex)


def _role_follows(ks: Sequence[str], e: int, b: int, lex: Lexicons) -> bool:
    """A role noun at ``e``, or after a comma there («X»، وزیر …)."""
    if e < b and ks[e] == "،":
        e += 1
    return e < b and ks[e] in lex.roles.starts and lex.roles.match(ks, e, b) is not None


def _named_after(ks: Sequence[str], i: int, a: int, hon: Sequence[str], lex: Lexicons) -> bool:
    """A martyr's or saint's name right after a facility noun or an organization head names that place or body."""
    if i <= a or not all((t := lex.titles.get(fold(h).replace(" ", ""))) and t[1] in SACRED_TITLES for h in hon):
        return False
    prev = ks[i - 1]
    return prev in lex.words.facility or prev in lex.org_heads or prev in lex.triggers


def _speech_at(ks: Sequence[str], e: int, b: int, lex: Lexicons) -> bool:
    """A speech verb right after the name: the name is the speaker (subject) of the sentence."""
    return e < b and ks[e] in lex.speech.starts and lex.speech.match(ks, e, b) is not None


def _appositive_role(ks: Sequence[str], e: int, b: int, lex: Lexicons) -> bool:
    """«NAME، ROLE …» or «NAME (ROLE …)»."""
    return e + 1 < b and ks[e] in ("،", "(") and lex.roles.match(ks, e + 1, b) is not None


def _context_name(ks: Sequence[str], i: int, e: int, a: int, b: int, lex: Lexicons, has_speech: bool,
                  after_attend: bool = False) -> bool:
    """A name without title or first name, recognised by its context."""
    if e - i > 2:
        return False
    last = ks[e - 1]
    if after_attend and e - i == 1 and lex.has_surname_shape(last) and lex.word_freq.get(last, 0) < _RARE and (
            not _plural(last, lex)) and not last.endswith(lex.words.name_inflection):
        return True  # «با حضور امیرآبادی نماینده قم»
    if has_speech and e - i == 1 and e < b and ks[e] == "که" and i > a and ks[i - 1] in lex.agencies and (
            lex.has_surname_shape(last) and not _plural(last, lex)):
        return True  # «به گزارش … فارس برات قنبری که … سخن می‌گفت، تصریح کرد»: a speaker right after the agency
    prev_ok = i == a or not is_word(ks[i - 1]) or ks[i - 1] in lex.boundaries
    if not prev_ok:
        return False
    rare = lex.word_freq.get(last, 0) < _COMMON or lex.has_surname_shape(last)
    # «رحیم‌زاده، فرمانده …»: a name followed by a comma and a role noun
    if e + 1 < b and ks[e] == "،" and lex.roles.match(ks, e + 1, b) and rare:
        return True
    # «وارسته با بیان این مطلب اظهار داشت»، «وارسته افزود:»: the sentence's subject before a speech verb
    return i == a and has_speech and e < b and rare and e - i == 1 and (
        ks[e] in lex.words.subject_next or (ks[e] in lex.speech.starts and lex.speech.match(ks, e, b) is not None))


def _bare_surnames(doc: Doc, ks: Sequence[str], found: list[Mention], covered: set[int],
                   lex: Lexicons) -> list[Mention]:
    """Later uses of a found person's surname alone («کریمی گفت»), as mentions to be clustered by coref."""
    surnames: dict[str, str] = {}
    for m in found:
        if m.score < 0.5:
            continue
        sk = surname_key(m.norm)
        if sk and sk != m.key:
            surnames.setdefault(sk, m.norm.split(" ")[-1])
    if not surnames:
        return []
    heads = {s[:k] for s in surnames for k in range(1, len(s))}
    out = []
    n = len(ks)
    for i in range(n):
        k0 = ks[i]
        if i in covered or (k0 not in surnames and k0 not in heads):
            continue
        for j in (i + 2, i + 1):
            if j <= n and not covered.intersection(range(i, j)) and doc.tokens[j - 1].sent == doc.tokens[i].sent:
                k = name_key("".join(ks[i:j]))
                if k in surnames:
                    out.append(make_mention(doc, i, j, "PER", surnames[k], "rule:surname", 0.75))
                    covered.update(range(i, j))
                    break
    return out
