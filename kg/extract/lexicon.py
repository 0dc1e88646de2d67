"""The extractor's vocabularies: one validated loader for the data files in ``kg/lexicons``.

Every form is passed through ``kg.text.fold`` (so ي/ك, hamza carriers and ZWNJ never matter) and compiled once into
a ``PhraseTable``: multi-word forms match a run of token keys with or without the spaces between the words
(``اظهار داشت`` = ``اظهارداشت``, ``حجت الاسلام`` = ``حجت‌الاسلام``). First names come from the MIT-licensed data of the
installed ``persian_gender_detection`` package, verb forms from hazm's ``verbs.dat`` and the known-word list from
hazm's ``words.dat``, all read at load time.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import PeyvandError
from kg.text import fold

__all__ = ["HeadEntry", "LexiconError", "Lexicons", "PhraseTable", "RoleEntry", "TriggerEntry", "load_lexicons"]


_FREQUENT = 300_000  # hazm words.dat frequency above which a listed "first name" is more likely an ordinary word
_ADJECTIVAL = 20_000  # the same for names in ‑ی (relational adjectives: فرهنگی، اسلامی)


class LexiconError(PeyvandError):
    """A lexicon file is missing, malformed or inconsistent."""


@dataclass(frozen=True, slots=True)
class RoleEntry:
    form: str
    implied_org: str | None  # the organization head a following complement names (وزیر → وزارت)
    acting: bool
    via_dar: bool = False  # the organization may follow «در» (نماینده مردم قم در مجلس)


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


class PhraseTable:
    """Longest-match lookup of (possibly multi-word) folded forms over a sequence of token keys."""

    __slots__ = ("entries", "max_tokens", "prefixes", "starts", "words")

    def __init__(self, items: dict[str, Any]):
        self.entries: dict[str, Any] = {}
        self.prefixes: set[str] = set()
        self.max_tokens = 1
        words: set[str] = set()  # entries written as one word («به نام» is two: «بهنام» is a first name)
        for form, value in items.items():
            joined = form.replace(" ", "")
            if not joined:
                continue
            if " " not in form:
                words.add(joined)
            self.entries.setdefault(joined, value)
            self.max_tokens = max(self.max_tokens, form.count(" ") + 2)
            for k in range(1, len(joined)):
                self.prefixes.add(joined[:k])
        self.starts = frozenset(self.prefixes | set(self.entries))  # what a first token's key can be
        self.words = frozenset(words)

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def get(self, key: str) -> Any:
        return self.entries.get(key)

    def match(self, keys: Sequence[str], i: int, stop: int | None = None) -> tuple[int, Any] | None:
        """The longest entry that starts at token ``i``: ``(end_token_exclusive, value)`` or None."""
        if i >= len(keys) or keys[i] not in self.starts:
            return None
        stop = len(keys) if stop is None else stop
        best = None
        acc = ""
        entries, prefixes = self.entries, self.prefixes
        for j in range(i, min(stop, i + self.max_tokens)):
            acc += keys[j]
            if acc in entries:
                best = (j + 1, entries[acc])
            if acc not in prefixes:
                break
        return best


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
    _shape_cache: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

    def is_first_name(self, key: str) -> bool:
        return key.replace("آ", "ا") in self.first_names

    def is_common_first_name(self, key: str) -> bool:
        return key.replace("آ", "ا") in self.common_first_names

    def has_strong_surname_shape(self, key: str) -> bool:
        """A surname ending other than the ambiguous ‑ی / ‑یان (‑زاده، ‑پور، ‑نیا، ‑فر…)."""
        return len(key) > 4 and any(key.endswith(s) and len(key) - len(s) >= 2 for s, j in self.surname_suffixes if j)

    def has_surname_shape(self, key: str) -> bool:
        hit = self._shape_cache.get(key)
        if hit is None:
            hit = len(key) > 3 and any(key.endswith(s) and len(key) - len(s) >= 2 for s, _ in self.surname_suffixes)
            self._shape_cache[key] = hit
        return hit


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


def _conjugate(stems: Sequence[str]) -> frozenset[str]:
    """Finite and participle forms of ``past#present`` stems (hazm's verbs.dat format), folded."""
    past_end = ("", "م", "ی", "یم", "ید", "ند", "ه")
    pres_end = ("م", "ی", "د", "یم", "ید", "ند")
    out: set[str] = set()
    for line in stems:
        past, _, present = line.strip().partition("#")
        past, present = fold(past), fold(present)
        if len(past) >= 2:
            for pre in ("", "ن", "می", "نمی"):  # کرد، نکرد، می‌کرد، نمی‌کرد
                out.update(pre + past + e for e in past_end)
            out.update(past + "ه" + c for c in ("است", "اند", "ام", "ای", "ایم", "اید"))  # شده‌است، کرده‌اند
        if len(present) >= 2:
            for pre in ("می", "نمی", "ب", "ن"):
                # «بستانی»، «نکویی»: a ب/ن form in ‑ی is far more often a surname than a 2sg verb
                out.update(pre + present + e for e in pres_end if not (e == "ی" and pre in ("ب", "ن")))
            out.update(present + e for e in ("د", "ند", "یم", "ید"))  # subjunctive without ب: «مراجعه کنند»
    return frozenset(out)


def _word_freq() -> dict[str, int]:
    words: dict[str, int] = {}
    for line in _hazm_data("words.dat").splitlines():
        w, _, rest = line.partition("\t")
        freq = rest.partition("\t")[0]
        if freq.isdigit() and int(freq) > 0:
            k = fold(w)
            words[k] = max(words.get(k, 0), int(freq))
    return words


def _aliases(rows: Sequence[dict[str, str]]) -> dict[str, str]:
    """``name_key(short form) -> full name``; a form that is its own full name or listed twice is a mistake."""
    from kg.text import name_key

    out: dict[str, str] = {}
    for r in rows:
        k, canonical = name_key(r["form"]), r["canonical"]
        if not canonical or k == name_key(canonical) or k in out:
            raise LexiconError(f"lexicon org_aliases.tsv: bad or duplicate row for {r['form']!r}")
        out[k] = canonical
    if any(name_key(c) in out for c in out.values()):
        raise LexiconError("lexicon org_aliases.tsv: a full name is itself listed as a short form")
    return out


@lru_cache(maxsize=4)
def _load(path: str | None) -> Lexicons:
    base = Path(path) if path else None

    def table(name: str, columns: Sequence[str], value) -> PhraseTable:
        return PhraseTable({fold(r[columns[0]]): value(r) for r in _read(base, name, columns)})

    role_rows = _read(base, "roles.tsv", ("form", "implied_org", "acting", "via_dar"))
    role_forms = {r["form"] for r in role_rows}

    def canonical(form: str) -> str:  # «سخنگوی» (ezafe spelling) → «سخنگو»
        return form[:-1] if form.endswith("ی") and form[:-1] in role_forms else form

    roles = PhraseTable({
        fold(r["form"]): RoleEntry(canonical(r["form"]), None if r["implied_org"] in {"", "-"} else r["implied_org"],
                                   _yes(r["acting"]), _yes(r["via_dar"]))
        for r in role_rows
    })
    head_rows = _read(base, "org_heads.tsv", ("form", "standalone", "nest", "plural"))
    heads = PhraseTable({fold(r["form"]): HeadEntry(r["form"], _yes(r["standalone"]) or r["standalone"] == "modifiers",
                                                    _yes(r["nest"]), _yes(r["standalone"]),
                                                    r["standalone"] == "parent")
                         for r in head_rows})
    head_plurals = PhraseTable({fold(r["plural"]): r["form"] for r in head_rows if r["plural"]})
    triggers = table("event_triggers.tsv", ("form", "kind", "gathering", "chain", "numeric", "standalone"),
                     lambda r: TriggerEntry(r["form"], r["kind"], _yes(r["gathering"]), _yes(r["chain"]),
                                            _yes(r["numeric"]), _yes(r["standalone"]), r["chain"] == "visit"))
    suffixes = tuple(
        (fold(r["form"]), _yes(r["joins"])) for r in _read(base, "surname_suffixes.tsv", ("form", "joins"))
    )
    freq = _word_freq()
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
    return Lexicons(
        titles=table("titles.tsv", ("form", "kind"), lambda r: (r["form"], r["kind"])),
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
        cues=table("cues.tsv", ("form", "kind"), lambda r: r["kind"]),
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
        verb_forms=_conjugate(_hazm_data("verbs.dat").splitlines()),
        light_verbs=_conjugate([r["stems"] for r in _read(base, "light_verbs.tsv", ("stems",))]),
        org_anaphors={
            fold(r["form"]): (r["refers_to"], _yes(r["bare"]))
            for r in _read(base, "org_anaphors.tsv", ("form", "refers_to", "bare"))
        },
        word_freq=freq,
        known_words=frozenset(fold(line.partition("\t")[0]) for line in _hazm_data("words.dat").splitlines()),
    )


def load_lexicons(path: Path | str | None = None) -> Lexicons:
    """The lexicons shipped in ``kg/lexicons`` (or the same files from ``path``), validated and compiled; cached."""
    return _load(str(path) if path else None)
