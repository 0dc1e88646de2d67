"""Re-insert the ZWNJs (U+200C) that scraped text lost: ``میآید`` → ``می‌آید``, ``زیرساختهای`` → ``زیرساخت‌های``.

Knowledge comes only from hazm's lexicons (``words.dat`` with its frequencies and POS tags, ``verbs.dat`` stems),
the affix table ``kg/lexicons/zwnj_affixes.tsv`` and wordfreq's Persian frequency list; nothing is learned from
the articles being processed. The rules propose, in order (the first that applies wins; otherwise nothing):

1. ``(preverb)(ن)می`` + a conjugated form of a ``verbs.dat`` stem (``میآید``, ``برنمیگردد``), unless the glued
   form is an attested word or inflection (``میانجی``، ``میدانی``): the orthography always writes می apart;
2. the ZWNJ-less spelling of a ``words.dat`` entry written with ZWNJ (``بیتالمقدس``, also + a glued suffix:
   ``دانشآموزان``), unless the same letters are listed glued too (``اینکه``، ``همزمان`` stay);
3. a word listed without frequency (hazm lists glued misspellings such as ``کردهاند``): only the ZWNJ after a
   final ``ه`` is restored, which the orthography requires, or the one before ``های…`` after a frequent noun
   (``کتابهای``); ``آنها``، ``مهمترین``، ``سالها`` stay;
4. a known word (listed, a plain verb form, or an attested word + a glued ``ی/ان/ات``) → unchanged;
5. a known stem + a bound suffix (``ها/های/ترین``…, or ``ای/اند/ام``… after ``ه``), the best-attested stem wins
   (but a verbs.dat past stem that words.dat lists as a word takes ``های``: ``نشست‌های``, never ``نشسته‌ای``;
   and ``تر/ترین`` only follow a stem that can be compared, so names like ``لستر`` stay);
   else two attested words whose join needs a ZWNJ: the first ends in ``ه``, the second starts with ``آ``, or
   one is a listed head/tail (``بی``، ``به``، ``زاده``), and no other split is better attested (``دوازدهروزه``).

Where the orthography leaves the choice open (a plural ‑ها after a letter other than ``ه``, ‑تر/‑ترین, a
compound), general usage decides: the Persian word frequencies of ``wordfreq`` (Wikipedia, subtitles, web and
news text; independent of the articles) give each spelling of the same letters a frequency, and the most frequent
wins (``بزرگترین`` stays glued, ``جنبشهای`` becomes ``جنبش‌های``, ``نامهای`` becomes ``نامه‌ای``). What the
orthography requires (می/نمی + verb, a ZWNJ after a final ``ه``) is never dropped for usage, which is noisy
there (informal text glues ``میکنیم`` more often than not); usage only picks where it goes (``پیشرفت‌های``).
Because wordfreq's sources drop required ZWNJs too, a glued spelling's frequency is discounted by the rate at which
they glue می‌ verbs, measured on wordfreq itself. A word neither lexicon knows that splits into two
attested words of three letters or more is written as a compound (``تربیتبدنی`` → ``تربیت‌بدنی``).

``join_pair`` applies hazm's spacing rules to two words written apart (``می شود``، ``کتاب ها``) when the lexicons
confirm them. A ZWNJ is only inserted after a letter that joins (after ``ا د ر ز و`` it is invisible).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from kg.text._hazm import DATA
from kg.text.chars import ZWNJ, is_joiner, letters, needs_letters

__all__ = ["is_verb_form", "join_pair", "pair_triggers", "repair_name_zwnj", "repair_zwnj"]

_PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند")
_PAST_ENDINGS = ("م", "ی", "", "یم", "ید", "ند")
_MIN_COMPOUND_FREQ = 1000  # each part of a glued compound must be at least this frequent in words.dat
_VERB_FREQ = 10_000  # the weight of a participle (کرده) as the stem of کرده‌اند, which words.dat rarely lists
_H_PREFERENCE = 2.0  # ه+ای beats bare stem+های unless the bare stem is this many times more frequent
_LOOSE_PART = 3  # each part of a compound of two attested words that no lexicon lists has at least this many letters


@dataclass(frozen=True, slots=True)
class _Lexicon:
    words: dict[str, int]  # plain words (no ZWNJ) -> frequency
    adjectives: frozenset[str]  # words.dat entries tagged AJ (they take تر/ترین)
    pronouns: frozenset[str]  # words.dat entries tagged PRO (آن، این): آنها is an accepted glued spelling
    glued: dict[str, tuple[str, int]]  # ZWNJ-less spelling -> (spelling with ZWNJ, frequency)
    past_stems: frozenset[str]  # verbs.dat past stems (نشست، پیشرفت): nouns too, whose plural is stem+های
    conjugated: frozenset[str]  # verb forms that follow می/نمی (آید، کنند، رفت، کرده)
    mi_prefixes: tuple[str, ...]  # نمی، می (longest first)
    preverbs: tuple[str, ...]  # بر، در، باز… written before می
    verb_forms: frozenset[str]  # plain conjugations and participles (رفتند، بکنیم، کرده، نکرده)
    suffixes: tuple[str, ...]  # written with ZWNJ after any joining letter, longest first
    ezafe_h: tuple[str, ...]  # written with ZWNJ after ه, longest first
    plain: tuple[str, ...]  # written glued, longest first
    heads: frozenset[str]
    tails: frozenset[str]
    longest: int  # the longest listed word + the longest glued suffix: no longer part of a split is attested


_AFFIXES_FILE = Path(__file__).parents[1] / "lexicons" / "zwnj_affixes.tsv"


def _read_affixes() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    text = _AFFIXES_FILE.read_text(encoding="utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln and not ln.startswith("#")]
    for form, kind, *_ in rows[1:]:
        out.setdefault(kind, []).append(form)
    return out


def _longest_first(forms: list[str]) -> tuple[str, ...]:
    return tuple(sorted(forms, key=len, reverse=True))


def _read_words() -> tuple[dict[str, int], dict[str, tuple[str, int]], frozenset[str], frozenset[str]]:
    """words.dat as (plain word -> frequency, ZWNJ-less spelling -> (ZWNJ spelling, frequency), adjectives,
    pronouns)."""
    words: dict[str, int] = {}
    glued: dict[str, tuple[str, int]] = {}
    adjectives: set[str] = set()
    pronouns: set[str] = set()
    text = (DATA / "words.dat").read_text(encoding="utf-8")
    if needs_letters(text):  # hazm's file is already in Persian letters; translating 3 MB costs 0.5 s
        text = letters(text)
    for line in text.splitlines():
        word, _, rest = line.partition("\t")
        word = word.strip(ZWNJ)
        if not word:
            continue
        freq_text, _, tags = rest.partition("\t")
        freq = int(freq_text or 0)
        if "AJ" in tags:
            adjectives.add(word)
        if "PRO" in tags:
            pronouns.add(word)
        if ZWNJ in word:
            plain = word.replace(ZWNJ, "")
            if glued.get(plain, ("", -1))[1] < freq:
                glued[plain] = (word, freq)
        elif words.get(word, -1) < freq:
            words[word] = freq
    return words, glued, frozenset(adjectives), frozenset(pronouns)


def _read_verbs() -> tuple[set[str], set[str], set[str], set[str]]:
    """(present-like forms, past-like forms, participles, past stems) of every verbs.dat stem, without prefixes."""
    with open(DATA / "verbs.dat", encoding="utf-8") as fh:
        stems = [letters(ln.strip()).split("#") for ln in fh if "#" in ln]
    present: set[str] = set()
    past: set[str] = set()
    participles: set[str] = set()
    for pa, pr in stems:
        if pa:
            past.update(pa + e for e in _PAST_ENDINGS)
            participles.add(pa + "ه")
        if pr:
            present.update(pr + e for e in _PRESENT_ENDINGS)
            if pr[-1] in "اوآ":  # گو → گویم, آ → آید
                present.update(pr + "ی" + e for e in _PRESENT_ENDINGS if e != "ی")
    return present, past, participles, {pa for pa, _ in stems if pa}


def _build_lexicon() -> _Lexicon:
    words, glued, adjectives, pronouns = _read_words()
    affixes = _read_affixes()
    present, past, participles, past_stems = _read_verbs()
    conjugated = present | past | participles | set(affixes.get("mi_form", []))
    plain_verbs = conjugated | participles
    plain_verbs |= {"ب" + f for f in present} | {"ن" + f for f in conjugated | participles}
    heads, tails = frozenset(affixes.get("head", [])), frozenset(affixes.get("tail", []))
    plain = _longest_first(affixes.get("plain", []))
    return _Lexicon(
        words=words,
        adjectives=adjectives,
        pronouns=pronouns,
        glued=glued,
        past_stems=frozenset(past_stems),
        conjugated=frozenset(conjugated),
        mi_prefixes=_longest_first(affixes.get("prefix", [])),
        preverbs=("", *_longest_first(affixes.get("preverb", []))),
        verb_forms=frozenset(plain_verbs),
        suffixes=_longest_first(affixes.get("suffix", [])),
        ezafe_h=_longest_first(affixes.get("ezafe_h", [])),
        plain=plain,
        heads=heads,
        tails=tails,
        longest=max(map(len, (*words, *glued, *plain_verbs, *heads, *tails))) + max(map(len, plain), default=0),
    )


def _read_usage() -> dict[str, tuple[tuple[str, float], ...]]:
    """wordfreq's Persian list as ZWNJ-less letters -> every spelling of them with its frequency.

    31k words; wordfreq ships the list inside the package, nothing is downloaded."""
    from wordfreq import get_frequency_dict

    out: dict[str, list[tuple[str, float]]] = {}
    for spelled, freq in get_frequency_dict("fa", "best").items():
        spelled = letters(spelled).strip(ZWNJ)
        plain = spelled.replace(ZWNJ, "")
        if len(plain) >= 2:
            out.setdefault(plain, []).append((spelled, freq))
    return {plain: tuple(v) for plain, v in out.items()}


def _measure_usage_loss(lex: _Lexicon, usage: dict[str, tuple[tuple[str, float], ...]]) -> float:
    """How often wordfreq's sources drop a ZWNJ the orthography requires, measured on wordfreq itself: the
    frequency of glued می‌ verbs (میکنیم) per ZWNJ one (می‌کنیم). Informal sources glue ≈0.4 times as often as
    they write the ZWNJ; a glued spelling's frequency is discounted by that much before it is compared."""
    glued = spelled = 0.0
    for plain, variants in usage.items():
        if not any("می" + ZWNJ in spelled for spelled, _ in variants):
            continue
        freqs = dict(variants)
        verb = _mi_verb(lex, plain)
        if verb in freqs and plain in freqs:
            glued += freqs[plain]
            spelled += freqs[verb]
    return glued / spelled if spelled else 0.0


@dataclass(frozen=True, slots=True)
class _Data:
    """Everything the repairer reads, built once and kept in the compiled cache (``kg.cache``)."""

    lexicon: _Lexicon
    usage: dict[str, tuple[tuple[str, float], ...]]
    usage_loss: float


def _build_data() -> _Data:
    lex, usage = _build_lexicon(), _read_usage()
    return _Data(lex, usage, _measure_usage_loss(lex, usage))


@cache
def _data() -> _Data:
    """The repairer's data from the compiled cache, keyed by hazm's word lists, the affix table and wordfreq's list."""
    from kg.cache import cached, package_dir

    wordfreq = package_dir("wordfreq")
    sources = [DATA / "words.dat", DATA / "verbs.dat", _AFFIXES_FILE,
               *(sorted((wordfreq / "data").glob("*_fa.msgpack.gz")) if wordfreq else [])]
    return cached("zwnj", sources, _build_data)


def _lexicon() -> _Lexicon:
    return _data().lexicon


def _usage() -> dict[str, tuple[tuple[str, float], ...]]:
    return _data().usage


def _usage_loss() -> float:
    return _data().usage_loss


def warm() -> None:
    """Load the repairer's data now (before worker processes fork, so that they inherit it)."""
    _data()


def _mi_verb(lex: _Lexicon, w: str) -> str | None:
    """``(preverb)(ن)می`` + a conjugated verb form, spelled with the ZWNJ after می."""
    for pre in lex.preverbs:
        if w.startswith(pre):
            for mi in lex.mi_prefixes:
                k = len(pre) + len(mi)
                if w.startswith(mi, len(pre)) and w[k:] in lex.conjugated:
                    return w[:k] + ZWNJ + w[k:]
    return None


def _join(left: str, right: str) -> str:
    return left + ZWNJ + right if is_joiner(left[-1]) else left + right


def _freq(lex: _Lexicon, w: str) -> int:
    """How well attested ``w`` is as a plain word or verb form (0 when unknown)."""
    f = lex.words.get(w, 0)
    if not f and w in lex.verb_forms:
        return _VERB_FREQ
    return f


def _unsuffixed(lex: _Lexicon, w: str) -> list[tuple[str, str]]:
    """Every ``(base, suffix)`` with ``w`` = ``base`` + glued ``suffix`` (``گان`` stands for ``ه`` + ``ان``)."""
    out = []
    for suf in lex.plain:
        if len(w) > len(suf) + 1 and w.endswith(suf):
            out.append((w[: -len(suf)] + "ه", suf) if suf == "گان" else (w[: -len(suf)], suf))
    return out


def _reinflect(spelled_base: str, suf: str) -> str:
    return spelled_base[:-1] + suf if suf == "گان" else spelled_base + suf


def _known_inflection(lex: _Lexicon, w: str) -> bool:
    """An attested word + a glued suffix (ریالی، سخنگویان، بهتری، تنهایی)."""
    return any(_freq(lex, base) > 0 for base, _ in _unsuffixed(lex, w))


def _known(lex: _Lexicon, w: str) -> bool:
    """A word to leave alone: listed, a verb form, or a known inflection."""
    return w in lex.words or w in lex.verb_forms or _known_inflection(lex, w)


def _glued_entry(lex: _Lexicon, w: str) -> str | None:
    """The ZWNJ spelling of ``w`` from words.dat, also through a glued suffix (دانشآموزان → دانش‌آموزان)."""
    if w in lex.glued:
        return lex.glued[w][0] if w not in lex.words else None
    for base, suf in _unsuffixed(lex, w):
        if base in lex.glued and base not in lex.words:
            return _reinflect(lex.glued[base][0], suf)
    return None


def _stem(lex: _Lexicon, stem: str) -> tuple[str, float] | None:
    """``stem`` spelled with its ZWNJs and its weight, when it is a stem we know."""
    if stem in lex.glued and lex.glued[stem][1] >= lex.words.get(stem, -1):
        return lex.glued[stem][0], max(lex.glued[stem][1], 1)
    if stem in lex.words or stem in lex.verb_forms:
        return stem, max(_freq(lex, stem), 1)
    verb = _mi_verb(lex, stem)
    if verb is not None:
        return verb, _VERB_FREQ
    spelled = _glued_entry(lex, stem)
    if spelled is not None:
        return spelled, 1
    return _compound(lex, stem)


def _comparable(lex: _Lexicon, stem: str) -> bool:
    """Can ``stem`` take تر/ترین: an AJ of words.dat, a noun + adjectival ی (اصلی), a compound (زیان‌بار), or
    a word ending in ه, after which the orthography needs the ZWNJ anyway (کننده‌ترین)."""
    return (stem in lex.adjectives or stem in lex.glued or stem.endswith("ه")
            or (stem.endswith("ی") and stem[:-1] in lex.words))


def _suffixed(lex: _Lexicon, w: str, after_h_only: bool = False) -> str | None:
    """Best split of ``w`` into a known stem + a ZWNJ suffix, by the stem's weight (``ه`` + ``ای`` gets a bonus).

    ``after_h_only``: accept only a split after an attested stem ending in ``ه``, where the orthography requires
    the ZWNJ (elsewhere a glued ``ها``/``ترین`` is an accepted spelling)."""
    best: tuple[float, str, bool] | None = None  # (weight, spelled, joins after ه)
    for suf in lex.suffixes:
        if len(w) > len(suf) + 1 and w.endswith(suf):
            if suf in _COMPARATIVE and not _comparable(lex, w[: -len(suf)]):
                continue  # تر/ترین only after an adjective: توئیتر، لستر are names
            found = _stem(lex, w[: -len(suf)])
            if found and (best is None or found[1] > best[0]):
                best = (found[1], _join(found[0], suf), found[0][-1] == "ه")
    for suf in lex.ezafe_h:
        if len(w) > len(suf) + 2 and w.endswith("ه" + suf):
            found = _stem(lex, w[: -len(suf)])
            if not found:
                continue
            weight = found[1] * _H_PREFERENCE if found[1] > 1 else found[1]
            bare = w[: -len(suf) - 1]
            if suf == "ای" and bare in lex.past_stems and lex.words.get(bare, 0) > 0:
                weight = 0  # نشست‌های، not نشسته‌ای: a past stem that is a noun too takes the plural های
            if best is None or weight > best[0]:
                best = (weight, found[0] + ZWNJ + suf, True)
    if best is None or (after_h_only and (not best[2] or best[0] <= 1)):
        return None
    return best[1]


def _plural(lex: _Lexicon, w: str) -> str | None:
    """A listed glued misspelling ``stem`` + ``های…`` (کتابهای) of a frequent noun: the plural with an ezafe or
    a possessive takes a ZWNJ. Bare ‑ها is left alone (``سالها``، ``مدتها`` are lexicalized adverbs), and so
    is a pronoun's plural (``آنهایی``) and a word hazm spells with another ZWNJ (``بی‌نهایت``)."""
    if w in lex.glued:
        return None
    for suf in lex.suffixes:
        stem = w[: -len(suf)]
        if (suf.startswith("های") and w.endswith(suf) and stem and stem not in lex.pronouns
                and lex.words.get(stem, 0) >= _MIN_COMPOUND_FREQ and is_joiner(stem[-1])):
            return stem + ZWNJ + suf
    return None


def _split_score(lex: _Lexicon, left: str, right: str) -> float:
    """How well attested ``left`` + ``right`` is as two words: the rarer part's frequency (the right part may carry
    a glued suffix: «…آموزان»)."""
    fr = _freq(lex, right) or max((_freq(lex, b) for b, _ in _unsuffixed(lex, right)), default=0)
    return min(_freq(lex, left), fr)


def _split_points(lex: _Lexicon, w: str, first: int) -> range:
    """Where ``w`` may split into two attested parts: both no longer than ``lex.longest``, so a long word has few
    candidates (or none) and the splitters run in time linear in its length, never quadratic."""
    return range(max(first, len(w) - lex.longest), min(len(w) - 1, lex.longest + 1))


def _compound(lex: _Lexicon, w: str) -> tuple[str, float] | None:
    """Best split of ``w`` into two attested words whose join needs a ZWNJ, with the rarer part's frequency."""
    best: tuple[str, float] | None = None
    rival = 0.0  # the best split anywhere else: when it is stronger, the word is ambiguous and left alone
    for i in _split_points(lex, w, 2):
        left, right = w[:i], w[i:]
        listed = left in lex.heads or right in lex.tails
        if len(right) < 3 and not listed:
            continue
        score = _split_score(lex, left, right)
        if is_joiner(left[-1]) and (listed or (left[-1] == "ه" and i >= 3) or right[0] == "آ"):
            if score >= _MIN_COMPOUND_FREQ and (best is None or score > best[1]):
                best = (left + ZWNJ + right, score)
        else:
            rival = max(rival, score)
    return best if best is not None and best[1] >= rival else None


def _loose_compound(lex: _Lexicon, w: str) -> str | None:
    """Two attested words glued, for a word no lexicon knows (``تربیتبدنی``, ``آذربایجانشرقی``): the split whose
    rarer part is best attested, each part at least ``_LOOSE_PART`` letters. Arabic ``ال…`` words are left alone."""
    if w.startswith("ال"):
        return None
    best: tuple[str, float] | None = None
    for i in _split_points(lex, w, _LOOSE_PART):
        left, right = w[:i], w[i:]
        if not is_joiner(left[-1]) or (len(right) < _LOOSE_PART and left[-1] != "ه"):
            continue
        score = _split_score(lex, left, right)
        if score >= _MIN_COMPOUND_FREQ and (best is None or score > best[1]):
            best = (left + ZWNJ + right, score)
    return best[0] if best else None


def _by_rules(lex: _Lexicon, w: str) -> str | None:
    """The spelling the lexicons and the orthography give ``w`` (steps 1-5 above), or None for "leave it"."""
    f = lex.words.get(w, -1)
    if f <= 0 and (verb := _mi_verb(lex, w)) is not None and not _known_inflection(lex, w):
        return verb
    if (spelled := _glued_entry(lex, w)) is not None:
        return spelled
    if f == 0:  # listed without a frequency: may be a glued misspelling (کردهاند), repaired after ه only
        return None if _known_inflection(lex, w) else (_suffixed(lex, w, after_h_only=True) or _plural(lex, w))
    if _known(lex, w):
        return None
    return _suffixed(lex, w) or (_compound(lex, w) or (None, 0))[0]


def _required(lex: _Lexicon, w: str, spelled: str | None) -> bool:
    """Does the orthography require ``spelled``'s ZWNJs: می/نمی before a verb, or every ZWNJ after a final ه."""
    if not spelled:
        return False
    return spelled == _mi_verb(lex, w) or all(part.endswith("ه") for part in spelled.split(ZWNJ)[:-1])


def _by_usage(lex: _Lexicon, w: str, spelled: str | None, keep_zwnj: bool) -> str | None:
    """Where the orthography allows both, the spelling general usage prefers; a compound for an unknown word.

    ``keep_zwnj``: the orthography requires a ZWNJ in ``spelled``; usage may only pick where it goes
    (``پیشرفت‌های`` rather than ``پیشرفته‌ای``)."""
    variants = _usage().get(w)
    if variants is None:
        if spelled is None and not _known(lex, w) and w not in lex.glued:
            return _loose_compound(lex, w)
        return spelled
    best, freq = max(((s, f) for s, f in variants if ZWNJ in s), key=lambda sf: sf[1], default=(None, 0.0))
    if keep_zwnj:
        return best if best is not None and freq > dict(variants).get(spelled, 0.0) else spelled
    glued = sum(f for s, f in variants if s == w)
    return best if best is not None and freq * (1 + _usage_loss()) >= glued else None


@lru_cache(maxsize=200_000)
def repair_zwnj(word: str) -> str:
    """``word`` with its lost ZWNJs re-inserted, or unchanged when it has one already or we are unsure.

    Only ZWNJs are inserted, so removing them gives ``word`` back. Arabic letter variants (ي ك) are looked up
    as Persian letters, but the returned letters are ``word``'s own.
    """
    if len(word) < 3 or ZWNJ in word:
        return word
    lex = _lexicon()
    w = letters(word)
    fixed = _by_rules(lex, w)
    fixed = _by_usage(lex, w, fixed, keep_zwnj=_required(lex, w, fixed))
    if not fixed or fixed == w:
        return word
    out, k = [], 0  # re-apply the insertions to the caller's own letters
    for ch in fixed:
        if ch == ZWNJ:
            out.append(ZWNJ)
        else:
            out.append(word[k])
            k += 1
    return "".join(out)


_COMPARATIVE = ("تر", "تری", "ترین")


@cache
def pair_triggers() -> tuple[frozenset[str], frozenset[str]]:
    """(left words, right words) that can start / end a pair ``join_pair`` may join: a cheap pre-filter."""
    lex = _lexicon()
    right = frozenset((*_COMPARATIVE, *lex.suffixes, *lex.ezafe_h, "ی"))
    return frozenset(lex.mi_prefixes), right


@lru_cache(maxsize=50_000)
def join_pair(left: str, right: str) -> bool:
    """Should ``left right`` (written with a space) be one word with a ZWNJ: ``می شود``, ``کتاب ها``,
    ``بزرگ ترین``, ``رفته اند``? hazm's spacing rules, restricted to what the lexicons confirm."""
    lex = _lexicon()
    left, right = letters(left), letters(right)
    if left in lex.mi_prefixes:
        return right in lex.conjugated or _mi_verb(lex, left + right) is not None
    if right in _COMPARATIVE:
        return left in lex.adjectives
    known = left in lex.words or left in lex.glued or left in lex.verb_forms
    if right in lex.suffixes:
        return known and len(left) > 1
    if left.endswith("ه") and (right in lex.ezafe_h or right == "ی"):
        return known
    return False


_NAME_STEM_MIN = 3  # letters before a surname tail: «علی‌زاده», never «جع|فر»
_NAME_WORD_FREQ = 1000  # a glued whole this frequent in words.dat is a word of its own (شاهزاده، متنفر)


@lru_cache(maxsize=50_000)
def repair_name_zwnj(word: str) -> str:
    """``repair_zwnj`` for a token of a person's name, which also splits a surname tail (‑زاده، ‑پور، ‑نیا،
    ‑نژاد، ‑فر… the ``tail`` rows of ``zwnj_affixes.tsv``) from a stem ``words.dat`` knows at any frequency.

    Names are rare words, so the frequency evidence ``repair_zwnj`` needs for a compound is missing
    (``رحیمیزاده``); the orthography, and hazm's own spellings (``ابراهیم‌زاده``، ``حسن‌پور``، ``شریفی‌نیا``،
    ``احمدی‌نژاد``), write these tails with a ZWNJ after a joining letter."""
    fixed = repair_zwnj(word)
    if fixed != word or ZWNJ in word:
        return fixed
    lex = _lexicon()
    w = letters(word)
    if lex.words.get(w, 0) >= _NAME_WORD_FREQ:
        return word
    for tail in sorted(lex.tails, key=len, reverse=True):
        stem = w[: -len(tail)]
        if w.endswith(tail) and len(stem) >= _NAME_STEM_MIN and is_joiner(stem[-1]) and (
                stem in lex.words or stem in lex.glued):
            return word[: len(stem)] + ZWNJ + word[len(stem):]
    return word


def is_verb_form(word: str) -> bool:
    """A plain conjugated form or participle of a ``verbs.dat`` stem (``داریم``، ``رفتند``، ``کرده``)."""
    return letters(word) in _lexicon().verb_forms
