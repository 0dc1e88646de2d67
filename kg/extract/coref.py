"""In-article coreference: which mentions name the same person, organization, event or place.

Persons: the same name key; a bare surname (کریمی، سردار کاظم‌زاده) joins the nearest preceding full name with
that surname. Organizations: the same key; a name elided at a conjunction or before its parent unit
(وزارت فرهنگ ⊂ وزارت فرهنگ و ارشاد اسلامی; ناحیه مقاومت بسیج ⊂ … وزارت نیرو) joins the longer one;
«این مرکز / وزارتخانه» joins the nearest preceding organization with that head. Events: the same key (numbers
folded); «این مراسم / پایان مراسم» and later generic gatherings join the nearest preceding gathering. Pronouns
and role-only mentions are resolved in ``discourse`` (they need posts and sentence order).
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract.events import trigger_of
from kg.extract.lexicon import Lexicons
from kg.extract.persons import surname_key
from kg.extract.state import Clusters
from kg.text import fold, name_key
from kg.types import Form, Mention

__all__ = ["cluster"]


def _words(norm: str) -> list[str]:
    return fold(norm).split()


def cluster(mentions: Sequence[Mention], lex: Lexicons) -> Clusters:
    """Cluster PER, ORG, EVENT and LOC mentions; unresolved anaphors stay out of the result."""
    order = {m.id: k for k, m in enumerate(mentions)}
    uf = Clusters(order)
    _persons([m for m in mentions if m.label == "PER"], uf, lex)
    _orgs_cluster([m for m in mentions if m.label == "ORG"], uf, lex)
    _events_cluster([m for m in mentions if m.label == "EVENT"], uf, lex)
    by_key: dict[str, str] = {}
    for m in mentions:
        if m.label == "LOC":
            uf.add(m.id)
            if m.key in by_key:
                uf.union(by_key[m.key], m.id)
            else:
                by_key[m.key] = m.id
    return uf


def _persons(ms: list[Mention], uf: Clusters, lex: Lexicons) -> None:
    full: dict[str, str] = {}
    surnames: list[tuple[int, str, str]] = []  # (position, surname key, mention id)
    for m in ms:
        if m.score < 0.5:
            continue
        uf.add(m.id)
        if " " in m.norm:
            if m.key in full:
                uf.union(full[m.key], m.id)
            else:
                full[m.key] = m.id
            surnames.append((m.start, surname_key(m.norm), m.id))
    for m in ms:
        if m.score < 0.5 or " " in m.norm:
            continue
        cands = [(pos, mid) for pos, sk, mid in surnames if sk == m.key]
        if cands:
            before = [c for c in cands if c[0] <= m.start]
            uf.union((before[-1] if before else cands[0])[1], m.id)
        elif m.key in full:
            uf.union(full[m.key], m.id)
        else:
            full[m.key] = m.id


def _short_forms(words: dict[str, list[str]], by_key: dict[str, str], uf: Clusters, lex: Lexicons) -> None:
    """A short form of one longer name in the article joins it: «شورای شهر» ⊂ «شورای اسلامی شهر تهران», «مجلس» ⊂
    «مجلس شورای اسلامی» (the same head, its words in order inside the longer name). Not when the longer name adds
    a country (وزارت کشور / وزارت کشور عراق are two ministries) or when two longer names could be meant."""
    countries = {k for k, v in lex.places.entries.items() if v == "country"}
    for a, wa in words.items():
        longer = {uf.find(by_key[b]) for b, wb in words.items() if len(wb) > len(wa) and wb[0] == wa[0]
                  and _in_order(wa, wb) and not any(w in countries for w in wb if w not in wa)}
        if len(longer) == 1:
            uf.union(next(iter(longer)), by_key[a])


def _in_order(a: list[str], b: list[str]) -> bool:
    it = iter(b)
    return all(w in it for w in a)


def _orgs_cluster(ms: list[Mention], uf: Clusters, lex: Lexicons) -> None:
    by_key: dict[str, str] = {}
    named = [m for m in ms if m.form is not Form.ANAPHOR]
    for m in named:
        uf.add(m.id)
        if m.key in by_key:
            uf.union(by_key[m.key], m.id)
        else:
            by_key[m.key] = m.id
    words = {k: _words(ms_.norm) for k, ms_ in ((m.key, m) for m in named)}
    keys_ = sorted(words, key=lambda k: (len(words[k]), k))
    for a in keys_:
        wa = words[a]
        for b in keys_:
            wb = words[b]
            if len(wb) <= len(wa) or wb[: len(wa)] != wa:
                continue
            rest = wb[len(wa):]
            if rest[0] == "و" or name_key(" ".join(rest)) in words:
                uf.union(by_key[b], by_key[a])
    _short_forms(words, by_key, uf, lex)
    for m in ms:
        if m.form is not Form.ANAPHOR:
            continue
        head = fold(m.norm)
        prev = [n for n in named if n.start < m.start and (head == "*" or fold(n.norm).startswith(head))]
        if prev:
            uf.add(m.id)
            uf.union(prev[-1].id, m.id)


def _events_cluster(ms: list[Mention], uf: Clusters, lex: Lexicons) -> None:
    by_key: dict[str, str] = {}
    gatherings: list[tuple[Mention, str]] = []  # (mention, kind) of named/chained/generic gatherings so far
    for m in ms:
        trig = trigger_of(m.text, lex)
        kind = trig.kind if trig else ""
        gathering = bool(trig and trig.gathering)
        if m.form is Form.ANAPHOR or (m.form is Form.GENERIC and gatherings):
            same = [g for g, k in gatherings if k == kind]
            target = same[-1] if same else (gatherings[-1][0] if gatherings and gathering else None)
            if target is not None:
                uf.add(m.id)
                uf.union(target.id, m.id)
            continue
        uf.add(m.id)
        if m.key in by_key:
            uf.union(by_key[m.key], m.id)
        else:
            by_key[m.key] = m.id
        if gathering:
            gatherings.append((m, kind))
    # «جام رمضان زیرکوه» ⊂ «جام رمضان شهرستان زیرکوه»: a shorter name inside one longer name is the same event
    named_words = {m.key: _words(m.norm) for m in ms if m.id in uf and m.form is not Form.ANAPHOR and m.key}
    key_id = {m.key: m.id for m in ms if m.id in uf and m.form is not Form.ANAPHOR and m.key}
    for a, wa in named_words.items():
        if len(wa) < 2:
            continue
        longer = {uf.find(key_id[b]) for b, wb in named_words.items()
                  if len(wb) > len(wa) and wb[0] == wa[0] and _in_order(wa, wb)}
        if len(longer) == 1:
            uf.union(next(iter(longer)), key_id[a])
    # «اربعین» alone and «اربعین حسینی»: a bare trigger joins the one named event it heads
    named = [m for m in ms if m.id in uf and m.form is Form.CHAIN]
    for m in named:
        if " " in m.norm:
            continue
        same = {uf.find(n.id) for n in named if n is not m and " " in n.norm and fold(n.norm).split()[0] == m.key}
        if len(same) == 1:
            uf.union(next(iter(same)), m.id)
