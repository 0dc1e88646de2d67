"""Re-insert the ZWNJs (U+200C) that scraped text lost: ``میآید`` → ``می‌آید``, ``زیرساختهای`` → ``زیرساخت‌های``.

Knowledge comes only from hazm's lexicons (``words.dat`` with its frequencies and POS tags, ``verbs.dat`` stems),
the affix table ``kg/lexicons/zwnj_affixes.tsv`` (the orthography's rules as data) and wordfreq's Persian frequency
list; nothing is learned from the articles being processed. The rules propose, in order (the first that applies
wins; otherwise nothing):

1. ``(preverb)(ن)می`` + a conjugated form of a ``verbs.dat`` stem (``میآید``, ``برنمیگردد``), unless the glued
   form is an attested word or inflection (``میانجی``، ``میدانی``): the orthography always writes می apart;
2. the ZWNJ-less spelling of a ``words.dat`` entry written with ZWNJ (``بیتالمقدس``, also + a glued suffix:
   ``دانشآموزان``); letters hazm lists both ways are put to a vote of hazm and general usage (``_vote``:
   ``هم‌زمان``، ``علی‌رغم``, but ``نگهداری``، ``همچنین`` stay glued);
3. what the orthography writes apart, unless hazm lists the glued whole as a word of its own (``دفتر``) or it is
   one of the orthography's ``lexicalized`` exceptions (``بیشتر``): an adjective + ‑تر/‑ترین (``مهم‌ترین``), an
   ``apart_head`` + a word (``هیچ‌کس``، ``بی‌تمرکز``, never ب + a verb: ``بیندیشند``), a demonstrative's plural
   (``آن‌ها``), a number + its scale word (``یک‌هزار``);
4. a word listed without frequency (hazm lists glued misspellings such as ``کردهاند``): only the ZWNJs the
   orthography requires (after a final ``ه``, before ‑تر/‑ترین), or the one before ``ها…`` after a frequent noun
   (``کتابهای``، ``سالها``);
5. a known word (listed, a plain verb form, or an attested word + a glued ``ی/ان/ات/ین``) → unchanged;
6. a known stem + a bound suffix (``ها/های/ترین``…, ``ای/اند/ام``… after ``ه``, ``اش/ام/اند``… and ``که`` after a
   final ``ی``), the best-attested stem wins (but a listed noun takes ``های``: ``نشست‌های``، ``راهبرد‌های``, never
   a past stem's or a compound guess's ``ه`` + ``ای``; ``تر/ترین`` only follow a stem that can be compared, so names
   like ``لستر`` stay); else two attested words whose join needs a ZWNJ: the first ends in ``ه``, the second starts
   with ``آ``, or one is a listed head/tail (``به``، ``زاده``، ``گیری``), and no other reading is better attested
   (``دوازدهروزه``; ``شاهد|یم`` beats ``شاه|دیم``); else an unknown word in ‑ی + ‑ها (``پرسپولیسی‌ها``) or a
   name + a surname tail (``قاسمی‌پور``).

Where the orthography leaves the choice open (a compound), general usage decides: the Persian word frequencies of
``wordfreq`` (Wikipedia, subtitles, web and news text; independent of the articles) give each spelling of the same
letters a frequency, and the most frequent wins (``جنبشهای`` becomes ``جنبش‌های``, ``نامهای`` becomes
``نامه‌ای``). What the orthography requires (می/نمی + verb, a ZWNJ after a final ``ه`` or before a clitic after a
final ``ی``, the unambiguous apart spellings of rule 3) is never dropped for usage, which is noisy there (informal
text glues ``میکنیم`` more often than not); usage only picks where it goes (``پیشرفت‌های``). What it prefers
(‑تر/‑ترین after an adjective, a plural ‑ها, a compound only hazm lists) usage drops only when it never writes the
ZWNJ at all (``دکترین``). Because wordfreq's sources drop required ZWNJs too, a glued spelling's frequency is
discounted by the rate at which they glue می‌ verbs, measured on wordfreq itself. A word neither lexicon knows that
splits into two attested words of three letters or more is written as a compound (``تربیتبدنی`` → ``تربیت‌بدنی``),
unless a reading without ZWNJ is better attested (``برهمین`` is بر + همین).

``join_pair`` applies hazm's spacing rules to two words written apart (``می شود``، ``کتاب ها``) when the lexicons
confirm them. A ZWNJ is only inserted after a letter that joins (after ``ا د ر ز و`` it is invisible). Every splitter
tries only splits whose parts fit a listed word (``_split_points``), so a word of any length costs linear time.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
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
_ADJECTIVE_STEM = 4  # letters of an unknown word in ‑ی before a ‑ها that is split off (never علی|ها)
_LOOSE_PART = 3  # each part of a compound of two attested words that no lexicon lists has at least this many letters


@dataclass(frozen=True, slots=True)
class _Lexicon:
    words: dict[str, int]  # plain words (no ZWNJ) -> frequency
    adjectives: frozenset[str]  # words.dat entries tagged AJ (they take تر/ترین)
    pronouns: frozenset[str]  # words.dat entries tagged PRO (من، آن): no plural ‑ها is split off them by ``_plural``
    glued: dict[str, tuple[str, int]]  # ZWNJ-less spelling -> (spelling with ZWNJ, frequency)
    past_stems: frozenset[str]  # verbs.dat past stems (نشست، پیشرفت): nouns too, whose plural is stem+های
    conjugated: frozenset[str]  # verb forms that follow می/نمی (آید، کنند، رفت، کرده)
    mi_prefixes: tuple[str, ...]  # نمی، می (longest first)
    preverbs: tuple[str, ...]  # بر، در، باز… written before می
    verb_forms: frozenset[str]  # plain conjugations and participles (رفتند، بکنیم، کرده، نکرده)
    suffixes: tuple[str, ...]  # written with ZWNJ after any joining letter, longest first (apart ones included)
    apart: frozenset[str]  # suffixes the orthography always writes apart (‑تر، ‑ترین), never left to usage
    apart_heads: frozenset[str]  # words the orthography writes apart from the next word (این‌ها، هیچ‌کس)
    demonstratives: frozenset[str]  # آن، این، همین، همان: their plural ‑ها is written apart (آن‌ها)
    numerals: frozenset[str]  # number words written apart from a following ``scales`` word (یک‌هزار)
    scales: frozenset[str]  # هزار، میلیون، میلیارد
    lexicalized: frozenset[str]  # words written glued although they end in an apart suffix (بیشتر، بهترین)
    ezafe_h: tuple[str, ...]  # written with ZWNJ after ه, longest first
    after_y: tuple[str, ...]  # clitics written with ZWNJ after a final ی (اصلی‌اش، مدعی‌اند), longest first
    plain: tuple[str, ...]  # written glued, longest first
    plain_set: frozenset[str]
    plain_longest: int
    endings: frozenset[str]  # copula / person endings glued to a word (شاهد|یم): a reading that needs no ZWNJ
    heads: frozenset[str]
    tails: frozenset[str]
    longest: int  # the longest listed word + the longest glued suffix: no longer part of a split is attested
    usage: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)  # ``_read_usage``
    usage_loss: float = 0.0  # ``_measure_usage_loss``


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
    # before a stem in ا the prefixes take a glide ی, with or without the ا: بیندازد، بیانجامد، نیفتاد، نیاندیشید
    plain_verbs |= {p + f[k:] for f in present | past | participles if f[0] == "ا" for p in ("بی", "نی")
                    for k in (0, 1)}
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
        suffixes=_longest_first(affixes.get("suffix", []) + affixes.get("apart", [])),
        apart=frozenset(affixes.get("apart", [])),
        apart_heads=frozenset(affixes.get("apart_head", [])),
        demonstratives=frozenset(affixes.get("demonstrative", [])),
        numerals=frozenset(affixes.get("numeral", [])),
        scales=frozenset(affixes.get("scale", [])),
        lexicalized=frozenset(affixes.get("lexicalized", [])),
        ezafe_h=_longest_first(affixes.get("ezafe_h", [])),
        after_y=_longest_first(affixes.get("after_y", [])),
        plain=plain,
        plain_set=frozenset(plain),
        plain_longest=max(map(len, plain), default=0),
        endings=frozenset(affixes.get("ending", [])),
        heads=heads,
        tails=tails,
        longest=max(map(len, (*words, *glued, *plain_verbs, *heads, *tails))) + max(map(len, plain), default=0),
    )


def _read_usage() -> dict[str, tuple[tuple[str, float], ...]]:
    """wordfreq's Persian list as ZWNJ-less letters -> every spelling of them with its frequency.

    31k words; wordfreq ships the list inside the package, nothing is downloaded."""
    from wordfreq import get_frequency_dict

    out: dict[str, dict[str, float]] = {}
    for spelled, freq in get_frequency_dict("fa", "best").items():
        spelled = letters(spelled).strip(ZWNJ)  # ي/ی، ك/ک spellings of one word are one word: their counts add up
        plain = spelled.replace(ZWNJ, "")
        if len(plain) >= 2:
            forms = out.setdefault(plain, {})
            forms[spelled] = forms.get(spelled, 0.0) + freq
    return {plain: tuple(forms.items()) for plain, forms in out.items()}


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
    """Everything the repairer reads, built once and kept in the compiled cache (``kg.cache``): the lexicon and
    the repair of every word of general usage, so that a process's first sight of a common word costs a lookup."""

    lexicon: _Lexicon
    repaired: dict[str, str]  # letters (no ZWNJ) -> the repair's letters, for every usage word of 3+ letters


def _build_data() -> _Data:
    lex, usage = _build_lexicon(), _read_usage()
    lex = replace(lex, usage=usage, usage_loss=_measure_usage_loss(lex, usage))
    return _Data(lex, {w: _repair_letters(lex, w) for w in usage if len(w) >= 3})


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
    return _data().lexicon.usage


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
    for k in range(1, min(lex.plain_longest, len(w) - 2) + 1):  # the word's last letters, not every suffix
        suf = w[-k:]
        if suf in lex.plain_set:
            out.append((w[:-k] + "ه", suf) if suf == "گان" else (w[:-k], suf))
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
        spelled = lex.glued[w][0]
        return spelled if w not in lex.words or _vote(lex, w, spelled) else None
    for base, suf in _unsuffixed(lex, w):
        if base in lex.glued and base not in lex.words:
            return _reinflect(lex.glued[base][0], suf)
    return None


def _vote(lex: _Lexicon, w: str, spelled: str) -> bool:
    """Letters hazm lists both glued and with a ZWNJ (همزمان / هم‌زمان): hazm's news corpus and general usage (its
    glued spellings discounted by ``_usage_loss``) vote with their share of the ZWNJ spelling; the ZWNJ wins when
    the shares sum to more than one (هم‌زمان، علی‌رغم), the glued spelling when either source mostly glues it
    (نگهداری، همچنین)."""
    variants = lex.usage.get(w, ())
    z_h, g_h = lex.glued[w][1], max(lex.words.get(w, 0), 0)
    z_u = sum(f for s, f in variants if s == spelled) * (1 + lex.usage_loss)
    g_u = sum(f for s, f in variants if s == w)
    share_h = z_h / (z_h + g_h) if z_h + g_h else 0.0
    share_u = z_u / (z_u + g_u) if z_u + g_u else 0.0
    return share_h + share_u > 1


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


def _suffixed(lex: _Lexicon, w: str, required_only: bool = False) -> str | None:
    """Best split of ``w`` into a known stem + a ZWNJ suffix, by the stem's weight (``ه`` + ``ای`` gets a bonus).

    ``required_only``: accept only a split whose ZWNJ the orthography requires: after an attested stem ending in
    ``ه``, or before an ``apart`` suffix (elsewhere a glued ``ها`` is an accepted spelling)."""
    best: tuple[float, str, bool] | None = None  # (weight, spelled, ZWNJ required)
    for suf in lex.suffixes:
        if len(w) > len(suf) + 1 and w.endswith(suf):
            if suf in _COMPARATIVE and not _comparable(lex, w[: -len(suf)]):
                continue  # تر/ترین only after an adjective: توئیتر، لستر are names
            found = _stem(lex, w[: -len(suf)])
            if found and (best is None or found[1] > best[0]):
                required = found[0][-1] == "ه" or (suf in lex.apart and w[: -len(suf)] in lex.adjectives)
                best = (found[1], _join(found[0], suf), required)
    for suf in lex.ezafe_h:
        if len(w) > len(suf) + 2 and w.endswith("ه" + suf):
            found = _stem(lex, w[: -len(suf)])
            if not found:
                continue
            stem = w[: -len(suf)]
            listed = stem in lex.words or stem in lex.glued or stem in lex.verb_forms
            weight = found[1] * _H_PREFERENCE if found[1] > 1 and listed else found[1]  # not a compound guess
            bare = w[: -len(suf) - 1]
            if suf == "ای" and lex.words.get(bare, 0) > 0 and (bare in lex.past_stems or not listed):
                weight = 0  # نشست‌های، راهبرد‌های: a listed noun takes the plural های, not a past stem's or a
                # compound guess's ه + ای (نشسته‌ای، راه‌برده‌ای)
            if best is None or weight > best[0]:
                best = (weight, found[0] + ZWNJ + suf, True)
    for suf in lex.after_y:
        stem = w[: -len(suf)]
        if (w.endswith("ی" + suf) and len(stem) > 2 and (best is None or best[0] <= 1)
                and not w.startswith("ال") and w not in lex.verb_forms):  # الایام، نمایاند
            found = _stem(lex, stem) or (_stem(lex, stem[:-1]) and (stem, 1))  # اصلی، or a nisba of a known word
            if suf == "که" and _inflected_freq(lex, stem[:-1]) < _MIN_COMPOUND_FREQ:
                continue  # حالی|که، طوری|که, never تی|که
            if found:
                best = (max(found[1], 2), found[0] + ZWNJ + suf, True)
    if best is None or (required_only and (not best[2] or best[0] <= 1)):
        return None
    return best[1]


def _apart(lex: _Lexicon, w: str) -> str | None:
    """What the orthography writes apart, even when hazm lists the glued whole without a frequency: an adjective +
    an ``apart`` suffix (مهمترین → مهم‌ترین), a number + its scale word (یکهزار → یک‌هزار), an ``apart_head`` + an
    attested word (هیچکس → هیچ‌کس), a demonstrative + ‑ها (آنها → آن‌ها); never in a word of its own (دفتر، آنکارا,
    listed with a frequency) or a ``lexicalized`` one (بیشتر)."""
    if w in lex.lexicalized or lex.words.get(w, 0) > 0:
        return None
    for suf in lex.apart:
        stem = w[: -len(suf)]
        if w.endswith(suf) and len(stem) > 1 and is_joiner(stem[-1]) and stem in lex.adjectives:
            return _join(_stem(lex, stem)[0], suf)  # type: ignore[index]
    for scale in lex.scales:
        number = w[: -len(scale)]
        if w.endswith(scale) and number in lex.numerals and is_joiner(number[-1]):
            return number + ZWNJ + scale
    for head in lex.apart_heads:
        rest = w[len(head):]
        if (w.startswith(head) and len(rest) >= _LOOSE_PART and _inflected_freq(lex, rest) >= _MIN_COMPOUND_FREQ
                and not {rest, w, w[1:]} & lex.verb_forms):  # بیندیشند، بینیم، بیابد: ب + a verb
            return head + ZWNJ + rest
    for stem in lex.demonstratives:  # a demonstrative's plural: آن‌ها، این‌هایی، همین‌ها
        suf = w[len(stem):]
        if w.startswith(stem) and suf.startswith("ها") and suf in lex.suffixes:
            return stem + ZWNJ + suf
    return None


def _plural(lex: _Lexicon, w: str) -> str | None:
    """A listed glued misspelling ``stem`` + ``ها…`` (کتابهای، سالها) of a frequent noun: the plural ‑ها is written
    apart, as the orthography prefers; not a pronoun's (``منهای``) nor a word hazm spells with another ZWNJ
    (``بی‌نهایت``)."""
    for suf in lex.suffixes:
        stem = w[: -len(suf)]
        if (suf.startswith("ها") and w.endswith(suf) and stem and stem not in lex.pronouns
                and lex.words.get(stem, 0) >= _MIN_COMPOUND_FREQ and is_joiner(stem[-1])):
            spelled = stem + ZWNJ + suf
            return spelled if lex.glued.get(w, (spelled,))[0] == spelled else None
    return None


def _split_score(lex: _Lexicon, left: str, right: str) -> float:
    """How well attested ``left`` + ``right`` is as two words: the rarer part's frequency (the right part may carry
    a glued suffix: «…آموزان»)."""
    fr = _freq(lex, right) or max((_freq(lex, b) for b, _ in _unsuffixed(lex, right)), default=0)
    return min(_inflected_freq(lex, left), fr)


def _inflected_freq(lex: _Lexicon, w: str) -> int:
    """``_freq`` of ``w`` or of the word it inflects: a glued plural ‑یان (راهیان) or the ezafe ی after a vowel
    (انتهای). The first part of a compound (its left) is read so; never ‑ان or ‑ی, which would also cut «کشور|انجام»
    as «کشوران|جام» and «فوجی|موری» as a nisba + a word."""
    f = _freq(lex, w)
    if not f and len(w) > 4 and w.endswith("یان"):
        f = _freq(lex, w[:-3])
    if not f and len(w) > 3 and w[-1] == "ی" and w[-2] in "او":
        f = _freq(lex, w[:-1])
    return f


def _split_points(lex: _Lexicon, w: str, first: int) -> range:
    """Where ``w`` may split into two attested parts: both no longer than ``lex.longest``, so a long word has few
    candidates (or none) and the splitters run in time linear in its length, never quadratic."""
    return range(max(first, len(w) - lex.longest), min(len(w) - 1, lex.longest + 1))


def _after_article(left: str) -> bool:
    """``left`` ends in the Arabic article ال glued to a proclitic (بال|معروف، وال|فعل): no compound joint there."""
    return len(left) == 3 and left.endswith("ال") and left[0] in "بوفکل"


def _compound(lex: _Lexicon, w: str) -> tuple[str, float] | None:
    """Best split of ``w`` into two attested words whose join needs a ZWNJ, with the rarer part's frequency."""
    best: tuple[str, float] | None = None
    rival = 0.0  # the best split anywhere else: when it is stronger, the word is ambiguous and left alone
    for i in _split_points(lex, w, 2):
        left, right = w[:i], w[i:]
        listed = (left in lex.heads and right not in lex.verb_forms) or right in lex.tails  # بیانجامد: ب + verb
        if right in lex.endings:  # شاهد|یم: a word + a glued copula, a rival of شاه|دیم
            rival = max(rival, _freq(lex, left))
        if (len(right) < 3 and not listed) or _after_article(left):
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
    rival = max((_freq(lex, b) for b, _ in _unsuffixed(lex, w)), default=0)  # a word + a glued suffix
    rival = max([rival] + [_freq(lex, w[: -len(e)]) for e in lex.endings if w.endswith(e)])  # شاهد|یم
    for i in _split_points(lex, w, 2):
        left, right = w[:i], w[i:]
        if not is_joiner(left[-1]):  # two words that need no ZWNJ between them (بر|همین, not بره|مین)
            rival = max(rival, _split_score(lex, left, right))
            continue
        if i < _LOOSE_PART or (len(right) < _LOOSE_PART and left[-1] != "ه") or _after_article(left):
            continue
        score = _split_score(lex, left, right)
        if score >= _MIN_COMPOUND_FREQ and (best is None or score > best[1]):
            best = (left + ZWNJ + right, score)
    return best[0] if best and best[1] > rival else None


def _by_rules(lex: _Lexicon, w: str) -> str | None:
    """The spelling the lexicons and the orthography give ``w`` (steps 1-5 above), or None for "leave it"."""
    f = lex.words.get(w, -1)
    if f <= 0 and (verb := _mi_verb(lex, w)) is not None and not _known_inflection(lex, w):
        return verb
    if (spelled := _glued_entry(lex, w)) is not None:
        return spelled
    if (spelled := _apart(lex, w)) is not None:
        return spelled
    if f == 0:  # listed without a frequency: may be a glued misspelling (کردهاند), repaired where required only
        return None if _known_inflection(lex, w) else (_suffixed(lex, w, required_only=True) or _plural(lex, w))
    if _known(lex, w):
        return None
    return (_suffixed(lex, w) or (_compound(lex, w) or (None, 0))[0] or _adjective_plural(lex, w)
            or _surname(lex, w))


def _surname(lex: _Lexicon, w: str) -> str | None:
    """An unknown word made of a stem and a surname ``tail`` (قاسمیپور، کاظمینژاد، حسننیا): the tail is written
    apart after a stem of ``_NAME_STEM_MIN`` letters that is a frequent word or a name in ‑ی (قاسمی، خانکشی)."""
    if w.startswith("ال"):  # Arabic words (الجراد) are no surnames
        return None
    for tail in lex.tails:
        stem = w[: -len(tail)]
        if w.endswith(tail) and len(stem) >= _NAME_STEM_MIN and is_joiner(stem[-1]) and (
                stem.endswith("ی") or _freq(lex, stem) >= _MIN_COMPOUND_FREQ or stem in lex.glued):
            return stem + ZWNJ + tail
    return None


def _adjective_plural(lex: _Lexicon, w: str) -> str | None:
    """An unknown word in ‑ی + ‑ها (پرسپولیسیها → پرسپولیسی‌ها، مکزیکیهای): a relational adjective or a noun in
    ‑ی used as a plural noun, whose ‑ها the orthography writes apart; the stem need not be a known word."""
    for suf in lex.suffixes:
        stem = w[: -len(suf)]
        if suf.startswith("ها") and w.endswith(suf) and len(stem) >= _ADJECTIVE_STEM and stem.endswith("ی"):
            return stem + ZWNJ + suf
    return None


_OPTIONAL, _PREFERRED, _REQUIRED = 0, 1, 2


def _requirement(lex: _Lexicon, w: str, spelled: str | None) -> int:
    """How firmly the orthography asks for ``spelled``'s ZWNJs. ``_REQUIRED``: می/نمی before a verb, every ZWNJ
    after a final ه, and the unambiguous apart spellings (هیچ‌کس، آن‌ها، یک‌هزار). ``_PREFERRED``: an adjective +
    ‑تر/‑ترین, a plural ‑ها, a compound hazm lists with its ZWNJ (their letters may also be one word: دکترین)."""
    if not spelled:
        return _OPTIONAL
    parts = spelled.split(ZWNJ)
    head, rest = parts[0], "".join(parts[1:])
    if (spelled == _mi_verb(lex, w) or all(part.endswith("ه") for part in parts[:-1])
            or (len(parts) > 1 and parts[-2].endswith("ی") and parts[-1] in lex.after_y)
            or (w in lex.words and w in lex.glued and lex.glued[w][0] == spelled)  # voted by ``_vote``
            or (len(parts) > 1 and (head in lex.apart_heads or (head in lex.numerals and rest in lex.scales)
                                    or (head in lex.demonstratives and rest.startswith("ها"))))):
        return _REQUIRED
    if len(parts) > 1 and ((parts[-1] in lex.apart and "".join(parts[:-1]) in lex.adjectives)
                           or parts[-1].startswith("ها")
                           or (w in lex.glued and w not in lex.words and lex.glued[w][0] == spelled)):
        return _PREFERRED
    return _OPTIONAL


def _by_usage(lex: _Lexicon, w: str, spelled: str | None, requirement: int) -> str | None:
    """Where the orthography allows both, the spelling general usage prefers; a compound for an unknown word.

    ``_REQUIRED``: usage may only pick where the ZWNJ goes (``پیشرفت‌های`` rather than ``پیشرفته‌ای``);
    ``_PREFERRED``: the same, unless usage knows the word only glued (a loanword: دکترین، فیلتر)."""
    variants = lex.usage.get(w)
    if variants is None:
        if spelled is None and not _known(lex, w) and w not in lex.glued:
            return _loose_compound(lex, w)
        return spelled
    best, freq = max(((s, f) for s, f in variants if ZWNJ in s), key=lambda sf: sf[1], default=(None, 0.0))
    if requirement == _PREFERRED and best is None:
        return None
    if requirement != _OPTIONAL:
        return best if best is not None and freq > dict(variants).get(spelled, 0.0) else spelled
    glued = sum(f for s, f in variants if s == w)
    return best if best is not None and freq * (1 + lex.usage_loss) >= glued else None


def _repair_letters(lex: _Lexicon, w: str) -> str:
    """The repair of ``w`` (Persian letters, no ZWNJ): the rules' spelling as general usage confirms it."""
    fixed = _by_rules(lex, w)
    return _by_usage(lex, w, fixed, _requirement(lex, w, fixed)) or w


@lru_cache(maxsize=200_000)
def repair_zwnj(word: str) -> str:
    """``word`` with its lost ZWNJs re-inserted, or unchanged when it has one already or we are unsure.

    Only ZWNJs are inserted, so removing them gives ``word`` back. Arabic letter variants (ي ك) are looked up
    as Persian letters, but the returned letters are ``word``'s own. Each part a repair makes is repaired again
    (``حسنزادهزاده`` → ``حسن‌زاده‌زاده``), so repairing the result changes nothing: normalization is idempotent.
    """
    if len(word) < 3 or ZWNJ in word:
        return word
    fixed = _repair_once(word)
    if ZWNJ not in fixed:
        return fixed
    return ZWNJ.join(repair_zwnj(part) for part in fixed.split(ZWNJ))


def _repair_once(word: str) -> str:
    data = _data()
    w = letters(word)
    fixed = data.repaired.get(w) or _repair_letters(data.lexicon, w)
    if fixed == w:
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
