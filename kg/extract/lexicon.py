"""The extractor's vocabularies: one validated loader for the data files in ``kg/lexicons``.

Every form is passed through ``kg.text.fold`` (so ي/ك, hamza carriers and ZWNJ never matter) and compiled once into
a ``PhraseTable``: multi-word forms match a run of token keys with or without the spaces between the words
(``اظهار داشت`` = ``اظهارداشت``, ``حجت الاسلام`` = ``حجت‌الاسلام``). First names come from the MIT-licensed data of the
installed ``persian_gender_detection`` package, verb forms from hazm's ``verbs.dat`` and the known-word list from
hazm's ``words.dat`` (read once), all read at load time. Closed word classes (determiners, copulas, place
prefixes…) are data too (``word_classes.tsv``), typed by ``WordClasses``: no rule module keeps a word set of its own.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kg.errors import LexiconError
from kg.extract.matcher import PhraseTable
from kg.text import fold, name_key

__all__ = ["HeadEntry", "LexiconError", "Lexicons", "PhraseTable", "RoleEntry", "TriggerEntry", "WordClasses",
           "load_lexicons"]


_FREQUENT = 300_000  # hazm words.dat frequency above which a listed "first name" is more likely an ordinary word
_ADJECTIVAL = 20_000  # the same for names in ‑ی (relational adjectives: فرهنگی، اسلامی)


@dataclass(frozen=True, slots=True)
class RoleEntry:
    form: str
    implied_org: str | None  # the organization head a following complement names (وزیر → وزارت)
    acting: bool
    via_dar: bool = False  # the organization may follow «در» (نماینده مردم قم در مجلس)
    country_only: bool = False  # only a country completes it: «رئیس‌جمهور آمریکا» → «دولت آمریکا»


@dataclass(frozen=True, slots=True)
class HeadEntry:
    form: str
    standalone: bool  # only name-like modifiers follow it (بسیج دانشجویی, never بسیج ظرفیت … است)
    nest: bool
    bare: bool = True  # with ``standalone``: the head alone is an organization (بسیج), not so «دولت» (generic)
    parent: bool = False  # a unit named only inside its parent's name (واحد رسانه «شرکت …», never «واحد مسکونی»)


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    form: str
    kind: str
    gathering: bool
    chain: bool
    numeric: bool = False  # the chain may start with a number (جنگ ۸ ساله)
    standalone: bool = False  # the noun alone names an event (اربعین)
    visit: bool = False  # the name runs over the visitor to «به / از» and the place (سفر رئیس جمهور به گیلان)
    pair: bool = False  # the name runs over both sides (دیدار استقلال و پرسپولیس، دیدار X با Y)


@dataclass(frozen=True, slots=True)
class WordClasses:
    """The closed word classes of ``word_classes.tsv`` (folded keys), one field a class; see that file's notes."""

    about: frozenset[str]
    agency_noun: frozenset[str]
    also: frozenset[str]
    at: frozenset[str]
    before_indefinite: frozenset[str]
    blessing: frozenset[str]
    branch: frozenset[str]
    comma: frozenset[str]
    copula: frozenset[str]
    country_scope: frozenset[str]
    counted: frozenset[str]
    day_kind: frozenset[str]
    determiner: frozenset[str]
    district: frozenset[str]
    facility: frozenset[str]
    future_aux: frozenset[str]
    glued_title: tuple[str, ...]  # tested with str.startswith, in file order
    greater: frozenset[str]
    home_country: frozenset[str]
    light_part: frozenset[str]
    local_scope: frozenset[str]
    member_role: frozenset[str]
    name_inflection: tuple[str, ...]  # endings, tested with str.endswith
    news_word: frozenset[str]
    non_unit: tuple[str, ...]  # tested with str.startswith on a folded, unspaced name
    ordinal: frozenset[str]
    people_plural: tuple[str, ...]  # endings
    place_inflection: tuple[str, ...]  # endings
    place_plural: frozenset[str]
    place_prefix: frozenset[str]
    presence: frozenset[str]
    preverb: frozenset[str]
    presence_noun: frozenset[str]
    present_verb: frozenset[str]
    pronoun: frozenset[str]
    proximal: frozenset[str]
    quote_lead: frozenset[str]
    quote_mark: frozenset[str]
    reporter: frozenset[str]
    scope: frozenset[str]
    subject_next: frozenset[str]
    verb_prefix: tuple[str, ...]  # also tested with str.startswith
    visit_to: frozenset[str]
    visited: frozenset[str]


def _word_classes(rows: Sequence[dict[str, str]]) -> WordClasses:
    found: dict[str, list[str]] = {}
    for r in rows:
        k = fold(r["form"]).replace(" ", "")
        if k and k not in found.setdefault(r["class"], []):
            found[r["class"]].append(k)
    declared = {f.name: f.type for f in fields(WordClasses)}
    unknown, missing = set(found) - set(declared), set(declared) - set(found)
    if unknown or missing:
        raise LexiconError("lexicon word_classes.tsv: " + "; ".join(
            x for x in (f"unknown class(es) {', '.join(sorted(unknown))}" if unknown else "",
                        f"missing class(es) {', '.join(sorted(missing))}" if missing else "") if x))
    return WordClasses(**{name: tuple(found[name]) if str(t).startswith("tuple") else frozenset(found[name])
                          for name, t in declared.items()})


@dataclass(frozen=True)
class Lexicons:
    """Everything the rules read, compiled for token-key lookup."""

    titles: PhraseTable  # value: (form, kind)
    roles: PhraseTable
    role_modifiers: frozenset[str]
    role_plurals: PhraseTable  # value: the singular role (رؤسای → رئیس)
    org_heads: PhraseTable
    head_plurals: PhraseTable  # plural of a head → its singular form (ادارات → اداره)
    known_orgs: PhraseTable  # full names: cap chains, complete elided names (value: display form)
    org_aliases: dict[str, str]  # name_key of a short name -> the official full name (org_aliases.tsv)
    triggers: PhraseTable
    speech: PhraseTable
    cues: PhraseTable
    boundaries: dict[str, str]
    agencies: PhraseTable
    places: PhraseTable
    prefixed_places: frozenset[str]  # places only after «استان / شهر / شهرستان» (مرکزی)
    surname_suffixes: tuple[tuple[str, bool], ...]
    joining_suffixes: frozenset[str]
    numbers: dict[str, str]
    first_names: frozenset[str]
    common_first_names: frozenset[str]  # frequent given names: strong evidence (common_first_names.tsv)
    first_name_parts: frozenset[str]  # written apart, part of the first name before them (اله، الدین)
    verb_forms: frozenset[str]
    light_verbs: frozenset[str]
    org_anaphors: dict[str, tuple[str, bool]]  # form -> (head it refers to or "*", refers back without «این»)
    word_freq: dict[str, int]  # hazm words.dat: folded word -> corpus frequency (only words with one)
    known_words: frozenset[str]  # every word in hazm's words.dat (193k; many frequencies there are 0)
    words: WordClasses  # closed classes (word_classes.tsv)
    jurisdictions: dict[str, str]  # head of a place's administration -> the place's scope word (jurisdictions.tsv)
    implied_orgs: dict[tuple[str, str], str]  # (role, complement) folded -> fixed organization (implied_orgs.tsv)
    name_blockers: frozenset[str]  # keys that can never be part of a person's name (boundaries, roles, heads…)
    confidence: dict[str, float]  # rule id -> calibrated confidence of its facts (confidence.tsv; empty: none)

    def is_first_name(self, key: str) -> bool:
        return key.replace("آ", "ا") in self.first_names

    def is_common_first_name(self, key: str) -> bool:
        return key.replace("آ", "ا") in self.common_first_names

    def has_strong_surname_shape(self, key: str) -> bool:
        """A surname ending other than the ambiguous ‑ی / ‑یان (‑زاده، ‑پور، ‑نیا، ‑فر…)."""
        return len(key) > 4 and any(key.endswith(s) and len(key) - len(s) >= 2 for s, j in self.surname_suffixes if j)

    def has_surname_shape(self, key: str) -> bool:
        return _surname_shape(key, self.surname_suffixes)

    def blocks_name(self, key: str) -> bool:
        """A word that can never be part of a person's name: not a word, or a boundary, role, head, trigger, title,
        verb form, place or cue word (a cue phrase glued is another word: «به نام» / «بهنام»)."""
        return not (key and key[0].isalpha()) or key in self.name_blockers


@lru_cache(maxsize=1 << 16)
def _surname_shape(key: str, suffixes: tuple[tuple[str, bool], ...]) -> bool:
    return len(key) > 3 and any(key.endswith(s) and len(key) - len(s) >= 2 for s, _ in suffixes)


def _rows(text: str, name: str, columns: Sequence[str]) -> list[dict[str, str]]:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    if not lines:
        raise LexiconError(f"lexicon {name}: empty")
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    header, *body = list(reader)
    missing = [c for c in columns if c not in header]
    if missing:
        raise LexiconError(f"lexicon {name}: missing column(s) {', '.join(missing)} in header {header}")
    out = []
    for n, row in enumerate(body, 2):
        rec = {h: (row[k].strip() if k < len(row) else "") for k, h in enumerate(header)}
        if not rec[columns[0]]:
            raise LexiconError(f"lexicon {name}: row {n} has no {columns[0]}")
        out.append(rec)
    return out


def _read(base: Path | None, name: str, columns: Sequence[str]) -> list[dict[str, str]]:
    if base is not None:
        path = base / name
        if not path.is_file():
            raise LexiconError(f"lexicon file not found: {path}")
        text = path.read_text(encoding="utf-8")
    else:
        text = resources.files("kg.lexicons").joinpath(name).read_text(encoding="utf-8")
    return _rows(text, name, columns)


def _yes(v: str) -> bool:
    return v.strip().lower() in {"yes", "y", "true", "1"}


def _first_names(freq: dict[str, int], common: frozenset[str], stop: frozenset[str]) -> frozenset[str]:
    """Folded first names from the persian_gender_detection package's CSV (MIT), read in place.

    That list holds many ordinary words (این، شورا، مطلب…): a word frequent in hazm's corpus counts as a first name
    only when ``common_first_names.tsv`` lists it."""
    try:
        data = resources.files("persian_gender_detection").joinpath("gender/iranianNamesDataset.csv")
        text = data.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # the package is a dependency; degrade, don't crash
        return frozenset()
    names = set()
    for row in csv.reader(io.StringIO(text)):
        if row and row[0] != "Names":
            k = fold(row[0]).replace(" ", "")
            flat = k.replace("آ", "ا")  # the package's own lookup folds آ to ا
            f = max(freq.get(k, 0), freq.get(flat, 0))
            if k.endswith("ی") and f > _ADJECTIVAL:  # «فرهنگی»، «اسلامی»: adjectives more than names
                continue
            if f <= _FREQUENT and k not in stop and flat not in stop:
                names.add(flat)
    return frozenset(names | {k.replace("آ", "ا") for k in common})


def _hazm_data(name: str) -> str:
    try:
        return resources.files("hazm").joinpath("data", name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return ""


def _conjugate(stems: Sequence[str], preverbs: Sequence[str] = (), bare_subjunctive: bool = False) -> frozenset[str]:
    """Finite and participle forms of ``past#present`` stems (hazm's verbs.dat format), folded.

    The bare second person singular past (کشتی، رفتی) is left out: news almost never addresses «تو», and these
    spellings are far more often nouns (کشتی «wrestling», کشتی «ship»). Verbs written with a preverb (برشمرد،
    درگذشت، بازگرداند) get their third-person forms. The subjunctive without «ب» (مراجعه «کنند») only for
    ``bare_subjunctive`` stems (the light verbs): for any stem it makes names into verbs (داو + د → «داود»)."""
    past_end = ("", "م", "یم", "ید", "ند", "ه")
    pres_end = ("م", "ی", "د", "یم", "ید", "ند")
    out: set[str] = set()
    for line in stems:
        past, _, present = line.strip().partition("#")
        past, present = fold(past), fold(present)
        if len(past) >= 2:
            for pre in ("", "ن", "می", "نمی"):  # کرد، نکرد، می‌کرد، نمی‌کرد
                out.update(pre + past + e for e in past_end)
            out.update(pre + past + "ی" for pre in ("می", "نمی"))
            out.update(past + "ه" + c for c in ("است", "اند", "ام", "ای", "ایم", "اید"))  # شده‌است، کرده‌اند
            out.update(pv + past + e for pv in preverbs for e in ("", "ند", "ه"))  # برشمرد، برشمردند، برشمرده
        if len(present) >= 2:
            for pre in ("می", "نمی", "ب", "ن"):
                # «بستانی»، «نکویی»: a ب/ن form in ‑ی is far more often a surname than a 2sg verb
                out.update(pre + present + e for e in pres_end if not (e == "ی" and pre in ("ب", "ن")))
            if bare_subjunctive:
                out.update(present + e for e in ("د", "ند", "یم", "ید"))  # «مراجعه کنند»
            out.update(pv + "می" + present + e for pv in preverbs for e in ("د", "ند"))  # برمی‌شمارد
    return frozenset(out)


def _hazm_words() -> tuple[dict[str, int], frozenset[str]]:
    """hazm's words.dat, read once: folded word -> frequency (words with one), and every folded word."""
    freq: dict[str, int] = {}
    known: set[str] = set()
    for line in _hazm_data("words.dat").splitlines():
        w, _, rest = line.partition("\t")
        k = fold(w)
        known.add(k)
        f = rest.partition("\t")[0]
        if f.isdigit() and int(f) > 0:
            freq[k] = max(freq.get(k, 0), int(f))
    return freq, frozenset(known)


def _aliases(rows: Sequence[dict[str, str]]) -> dict[str, str]:
    """``name_key(short form) -> full name``; a form that is its own full name or listed twice is a mistake."""
    out: dict[str, str] = {}
    for r in rows:
        k, canonical = name_key(r["form"]), r["canonical"]
        if not canonical or k == name_key(canonical) or k in out:
            raise LexiconError(f"lexicon org_aliases.tsv: bad or duplicate row for {r['form']!r}")
        out[k] = canonical
    if any(name_key(c) in out for c in out.values()):
        raise LexiconError("lexicon org_aliases.tsv: a full name is itself listed as a short form")
    return out


def _roles(base: Path | None) -> PhraseTable:
    rows = _read(base, "roles.tsv", ("form", "implied_org", "acting", "via_dar", "complement"))
    if bad := [r["form"] for r in rows if r["complement"] not in ("any", "country")]:
        raise LexiconError(f"lexicon roles.tsv: complement must be any or country ({', '.join(bad)})")
    forms = {r["form"] for r in rows}

    def canonical(form: str) -> str:  # «سخنگوی» (ezafe spelling) → «سخنگو»
        return form[:-1] if form.endswith("ی") and form[:-1] in forms else form

    return PhraseTable({
        fold(r["form"]): RoleEntry(canonical(r["form"]), None if r["implied_org"] in {"", "-"} else r["implied_org"],
                                   _yes(r["acting"]), _yes(r["via_dar"]), r["complement"] == "country")
        for r in rows
    })


def _heads(base: Path | None) -> tuple[PhraseTable, PhraseTable]:
    """Organization heads, and their plurals → singular form."""
    rows = _read(base, "org_heads.tsv", ("form", "standalone", "nest", "plural"))
    heads = PhraseTable({fold(r["form"]): HeadEntry(r["form"], _yes(r["standalone"]) or r["standalone"] == "modifiers",
                                                    _yes(r["nest"]), _yes(r["standalone"]),
                                                    r["standalone"] == "parent")
                         for r in rows})
    return heads, PhraseTable({fold(r["plural"]): r["form"] for r in rows if r["plural"]})


def _confidence(base: Path | None) -> dict[str, float]:
    """The calibration table (``bench/calibrate.py --write``); optional: without it facts keep the rules' scores."""
    try:
        rows = _read(base, "confidence.tsv", ("rule", "fact", "confidence"))
    except (LexiconError, FileNotFoundError):
        return {}
    return {r["rule"]: float(r["confidence"]) for r in rows}


@lru_cache(maxsize=4)
def _load(path: str | None) -> Lexicons:
    """From the compiled cache (``kg.cache``), keyed by the lexicon files, hazm's and the first-name data."""
    from kg.cache import cached, package_dir

    sources = [Path(path) if path else Path(__file__).parents[1] / "lexicons"]
    sources += [d / sub for d, sub in ((package_dir("hazm"), "data"), (package_dir("persian_gender_detection"),
                                                                        "gender")) if d is not None]
    return cached("lexicons", sources, lambda: _compile(path), extra=path or "")


def _compile(path: str | None) -> Lexicons:
    base = Path(path) if path else None

    def table(name: str, columns: Sequence[str], value) -> PhraseTable:
        return PhraseTable({fold(r[columns[0]]): value(r) for r in _read(base, name, columns)})

    roles = _roles(base)
    heads, head_plurals = _heads(base)
    triggers = table("event_triggers.tsv", ("form", "kind", "gathering", "chain", "numeric", "standalone"),
                     lambda r: TriggerEntry(r["form"], r["kind"], _yes(r["gathering"]), _yes(r["chain"]),
                                            _yes(r["numeric"]), _yes(r["standalone"]), r["chain"] == "visit",
                                            r["chain"] == "pair"))
    suffixes = tuple(
        (fold(r["form"]), _yes(r["joins"])) for r in _read(base, "surname_suffixes.tsv", ("form", "joins"))
    )
    freq, known_words = _hazm_words()
    alias_rows = _read(base, "org_aliases.tsv", ("form", "canonical"))
    aliases = _aliases(alias_rows)
    alias_forms = {fold(r["form"]): r["form"] for r in alias_rows}
    common = frozenset(fold(r["form"]).replace(" ", "") for r in _read(base, "common_first_names.tsv", ("form",)))
    boundaries = {fold(r["form"]): r["kind"] for r in _read(base, "boundaries.tsv", ("form", "kind"))}
    place_rows = _read(base, "places.tsv", ("form", "kind", "needs_prefix"))
    places = PhraseTable({fold(r["form"]): r["kind"] for r in place_rows})
    stop = frozenset(boundaries) | frozenset(fold(w) for w in _hazm_data("stopwords.dat").split()) | frozenset(
        k for t in (roles, heads, triggers, places) for k in t.entries) | frozenset(
        fold(r["form"]) for r in _read(base, "not_first_names.tsv", ("form",)))
    titles = table("titles.tsv", ("form", "kind"), lambda r: (r["form"], r["kind"]))
    cues = table("cues.tsv", ("form", "kind"), lambda r: r["kind"])
    words = _word_classes(_read(base, "word_classes.tsv", ("form", "class")))
    verb_forms = _conjugate(_hazm_data("verbs.dat").splitlines(), sorted(words.preverb))
    light_verbs = _conjugate([r["stems"] for r in _read(base, "light_verbs.tsv", ("stems",))], bare_subjunctive=True)
    blockers = frozenset(boundaries) | verb_forms | light_verbs | cues.words | frozenset(
        k for t in (roles, heads, triggers, titles, places) for k in t.entries)
    return Lexicons(
        titles=titles,
        roles=roles,
        role_plurals=table("role_plurals.tsv", ("form", "role"), lambda r: r["role"]),
        role_modifiers=frozenset(fold(r["form"]) for r in _read(base, "role_modifiers.tsv", ("form",))),
        org_heads=heads,
        triggers=triggers,
        head_plurals=head_plurals,
        known_orgs=PhraseTable({**{fold(c): c for c in aliases.values()}, **alias_forms,
                                **{fold(r["form"]): r["form"] for r in _read(base, "known_orgs.tsv", ("form",))}}),
        org_aliases=aliases,
        speech=table("speech_verbs.tsv", ("form", "kind"), lambda r: r["kind"]),
        cues=cues,
        boundaries=boundaries,
        agencies=table("agencies.tsv", ("form", "canonical"), lambda r: r["canonical"]),
        places=places,
        prefixed_places=frozenset(fold(r["form"]) for r in place_rows if _yes(r["needs_prefix"])),
        surname_suffixes=suffixes,
        joining_suffixes=frozenset(s for s, j in suffixes if j),
        numbers={fold(r["form"]): r["value"] for r in _read(base, "numbers.tsv", ("form", "value"))},
        first_names=_first_names(freq, common, stop),
        common_first_names=frozenset(k.replace("آ", "ا") for k in common),
        first_name_parts=frozenset(fold(r["form"]) for r in _read(base, "first_name_parts.tsv", ("form",))),
        verb_forms=verb_forms,
        light_verbs=light_verbs,
        org_anaphors={
            fold(r["form"]): (r["refers_to"], _yes(r["bare"]))
            for r in _read(base, "org_anaphors.tsv", ("form", "refers_to", "bare"))
        },
        word_freq=freq,
        known_words=known_words,
        words=words,
        jurisdictions={fold(r["form"]): fold(r["scope"]) for r in _read(base, "jurisdictions.tsv", ("form", "scope"))},
        implied_orgs={(fold(r["role"]).replace(" ", ""), fold(r["complement"]).replace(" ", "")): r["org"]
                      for r in _read(base, "implied_orgs.tsv", ("role", "complement", "org"))},
        name_blockers=blockers,
        confidence=_confidence(base),
    )


def load_lexicons(path: Path | str | None = None) -> Lexicons:
    """The lexicons shipped in ``kg/lexicons`` (or the same files from ``path``), validated and compiled; cached."""
    return _load(str(path) if path else None)
