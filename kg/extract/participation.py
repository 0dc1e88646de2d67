"""The ``participation`` stage: who took part in which event and how; occasions, organizers, places and dates.

Sentence by sentence, the gathering a sentence names (or the last one named) is where its cues point: «با حضور X»
(attendees), «به همت X» (organizer), «از X تقدیر شد» (honorees), «X در این مراسم سخنرانی کرد» (speakers), «به
مناسبت Y» (occasion), «در [شهر]» (location); a quotation said «در این مراسم», or by someone known to be there, was
said at the gathering. Cue kinds (``cues.tsv``) dispatch through ``_CUES``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from kg.extract.discourse import SUBJECT_WINDOW, person_refs
from kg.extract.events import trigger_of
from kg.extract.state import Resolver, State, evidence
from kg.text import find_dates
from kg.types import Evidence, Form, Mention, Quote, Relation, Sentence

__all__ = ["run"]


def run(st: State) -> dict[str, Any]:
    """Provides ``relations`` (between cluster roots), ``quotes`` (with the event they were said at) and
    ``event_dates``."""
    w = _Walk(st)
    for s in st.doc.sents:
        w.sentence(s)
    return {"relations": tuple(w.rel.values()), "quotes": tuple(w.quotes), "event_dates": w.dates}


@dataclass(slots=True)
class _Here:
    """One sentence as the walk sees it: its mentions, the gathering it names and the one cues point to."""

    sent: int
    a: int
    b: int
    ms: list[Mention]
    evs: list[Mention]  # events named in the sentence (not occasions), in order
    gath: list[Mention]  # the gatherings among them
    main: str | None  # root of the first of them
    target: str | None  # main, or the last gathering named before
    held: bool  # the sentence says an event was held («برگزار»)
    role_ends: set[int]


class _Walk:
    """The article read from start to end, remembering the gathering in focus (local to one ``run``)."""

    def __init__(self, st: State):
        self.st, self.idx, self.ks, self.lex = st, st.index, st.index.keys, st.lex
        self.res = Resolver(st.refs, st.clusters)
        self.current: str | None = None  # root of the last gathering referred to
        self.speaker_event: dict[str, str] = {}
        self.last_where: str | None = None  # the gathering where the last speech was made
        self.dates: dict[str, dt.date] = {}
        self.quotes: list[Quote] = list(st.quotes)
        self.quote_of_sent = {st.doc.sentence_at(q.content[0]).i: k for k, q in enumerate(self.quotes)}
        self.rel: dict[tuple[str, str, str], Relation] = {}

    def relate(self, head: str, label: str, tail: str, ev: Evidence) -> None:
        if head != tail:
            self.rel.setdefault((head, label, tail), Relation(head, label, tail, ev))

    def ev(self, sent: int, score: float, rule: str) -> Evidence:
        return evidence(self.st.doc, sent, score, rule)

    def person(self, m: Mention) -> str | None:
        """The cluster root of the person a PER mention (or a role or pronoun resolved to one) stands for."""
        mid = self.st.refs.get(m.id, m.id)
        return self.res.root(mid) if self.idx.by_id.get(mid, m).label == "PER" else None

    def sentence(self, s: Sentence) -> None:
        h = self._here(s)
        for oid in self._occasions(h):
            o = self.res.root(oid)
            if o and h.target:
                self.relate(h.target, "pv:occasion", o, self.ev(s.i, 0.85, "rule:occasion"))
        for k in range(h.a, h.b):
            c = self.lex.cues.match(self.ks, k, h.b) if self.ks[k] in self.lex.cues.starts else None
            handler = _CUES.get(c[1]) if c else None
            if handler is not None:
                handler(self, h, k, c[0])
        for v in h.evs:
            if v.form is Form.VISIT or ((t := trigger_of(v.text, self.lex)) and t.pair):
                _visitors(self, h, v)
        if h.main:
            self._met(h)
        if h.main and h.gath and h.gath[0].form is not Form.ANAPHOR:
            self._location(h)
        qk = self.quote_of_sent.get(s.i)
        if qk is not None:
            self._said_at(h, qk)
        elif h.main and (any(self._located_at(g) for g in h.gath) or any(
                self.ks[t] in self.lex.words.presence for t in range(h.a, h.b))):
            self._subject_there(h, h.main)
        for v in h.evs:  # «X امروز در حاشیه بازدید از پروژه‌های … گفت»: the subject is at the visit
            if v.form is Form.VISIT and self._located_at(v) and (root := self.res.root(v.id)):
                self._subject_there(h, root)
        if h.target:
            _present(self, h)

    def _here(self, s: Sentence) -> _Here:
        ms = self.idx.in_sent(s.i)
        a, b = s.first_token, s.last_token
        h = _Here(s.i, a, b, ms, [], [], None, None,
                  any(self.lex.cues.get(self.ks[t]) == "held" for t in range(a, b)),
                  {self.idx.span(m)[1] for m in ms if m.label == "ROLE"})
        occasions = self._occasions(h)
        h.evs = [m for m in ms if m.label == "EVENT" and m.id not in occasions and self.res.root(m.id)]
        h.gath = [m for m in h.evs if (t := trigger_of(m.text, self.lex)) and t.gathering]
        h.main = self.res.root(h.gath[0].id) if h.gath else None
        if h.main:
            self.current = h.main
            if h.gath[0].form is not Form.ANAPHOR and h.main not in self.dates:
                found = find_dates(self.st.doc.raw[s.start : s.end], self.st.article.published)
                if found:  # the first date written in the sentence that introduces the event
                    self.dates[h.main] = found[0][2]
        h.target = h.main or self.current
        return h

    def _occasions(self, h: _Here) -> set[str]:
        """Events right after «به مناسبت»: occasions, not places where people are."""
        out = set()
        for m in h.ms:
            if m.label == "EVENT":
                i, _ = self.idx.span(m)
                for k in range(max(h.a, i - 3), i):
                    c = self.lex.cues.match(self.ks, k, h.b)
                    if c and c[1] == "occasion" and c[0] == i:
                        out.add(m.id)
        return out

    # -- the rest of the sentence ------------------------------------------------------------------------------

    def _met(self, h: _Here) -> None:
        """«در دیدار با X»: the person met takes part in the meeting."""
        ks = self.ks
        for m in h.ms:
            if m.label != "PER":
                continue
            i, _ = self.idx.span(m)
            if i >= h.a + 2 and ks[i - 1] in self.lex.words.quote_mark:
                i -= 1  # «در دیدار با "X"»
            if i >= h.a + 2 and ks[i - 1] == "با" and (p := self.res.root(m.id)) and any(
                    self.idx.span(g)[1] == i - 1 and self.res.root(g.id) == h.main for g in h.gath):
                self.relate(h.main, "schema:attendee", p, self.ev(h.sent, 0.75, "rule:meeting-with"))  # type: ignore[arg-type]

    def _location(self, h: _Here) -> None:
        """«در X» in a sentence that names the event: where it took place."""
        for m in h.ms:
            i, _ = self.idx.span(m)
            if m.label == "LOC" and i > h.a and self.ks[i - 1] == "در" and (p := self.res.root(m.id)):
                self.relate(h.main, "schema:location", p, self.ev(h.sent, 0.7, "rule:location"))  # type: ignore[arg-type]

    def _said_at(self, h: _Here, qk: int) -> None:
        """Where a quotation was said: an event named before the speech verb as where the speaker is («در این
        مراسم»، «در حاشیه همایش»), not one inside the quotation nor one the speaker talks about; else the event
        the same speaker spoke at before, the gathering they are known to attend, or, after «در ادامه», the
        gathering of the last speech."""
        q = self.quotes[qk]
        spk = self.res.root(q.speaker)
        said_at = next((self.res.root(g.id) for g in h.gath if g.start < q.cue[0] and self._located_at(g)), None)
        where = said_at or (self.speaker_event.get(spk) if spk and not h.main else None)
        if where is None and spk and not h.main and self.current and (
                self.current, "schema:attendee", spk) in self.rel:
            where = self.current  # «X نیز … اظهار داشت»: someone known to be at the gathering speaks there
        if where is None and spk and self.last_where and self._continues(h.a):
            where = self.last_where  # «در ادامه X گفت»: the report goes on at the gathering of the last speech
        if where and spk:
            self.speaker_event[spk] = self.last_where = where
            self.quotes[qk] = replace(q, event=where)
            self.relate(where, "pv:speaker", spk, self.ev(h.sent, 0.8, "rule:speech-at-event"))
            self.relate(where, "schema:attendee", spk, self.ev(h.sent, 0.8, "rule:speech-at-event"))

    def _subject_there(self, h: _Here, event: str) -> None:
        """«X نیز در این تجمع …»، «X … حضور داشت»: the subject of a sentence that places someone at the gathering
        attended it (not one who only talks about it: «X با اشاره به اینکه این آیین …»)."""
        refs = person_refs(self.idx, h.sent)
        if refs and self.idx.span(refs[0])[0] - h.a <= SUBJECT_WINDOW and (p := self.person(refs[0])):
            self.relate(event, "schema:attendee", p, self.ev(h.sent, 0.8, "rule:event-participation"))

    def _continues(self, a: int) -> bool:
        """The sentence opens with «در ادامه» (cues.tsv kind continues), not «در ادامه [event]» (event_ref)."""
        c = self.lex.cues.match(self.ks, a)
        return bool(c and c[1] == "continues")

    def _located_at(self, g: Mention) -> bool:
        """«در / طی [event]», «در حاشیه / پایان [event]»: the event is where the sentence's subject is."""
        i, _ = self.idx.span(g)
        ks, words = self.ks, self.lex.words
        start = i
        while i > max(0, start - 6) and (ks[i - 1] in self.lex.numbers or ks[i - 1] in ("و", "صد") or (
                ks[i - 1].isdigit() or ks[i - 1].endswith(("صد", "ین")))):
            i -= 1  # «در دویست و نود و «ششمین جلسه»»، «در نخستین جلسه»
        if i > 0 and ks[i - 1] in words.determiner:
            i -= 1
        if i > 0 and self.lex.cues.get(ks[i - 1]) in ("event_ref", "part"):
            i -= 1
        if any(k in words.about for k in ks[max(0, i - 6) : i]):
            return False  # «درخصوص نحوه ثبت‌نام برای شرکت در جشنواره»: talk about the event, not at it
        return i > 0 and ks[i - 1] in words.at


def _attend(w: _Walk, h: _Here, k: int, after: int) -> None:
    """«با حضور X و Y»: a person listed, or named after a role (با حضور استاندار X); an organization listed,
    not a post's; never a name inside a place or a clause further on (در شبستان X برگزار شد)."""
    if not h.target:
        return
    stop = next((t for t in range(after, h.b) if w.lex.cues.get(w.ks[t]) == "held"), h.b)
    for m in h.ms:
        i, _ = w.idx.span(m)
        if not (after <= i < stop) or not (p := w.res.root(m.id)):
            continue
        listed = i == after or w.ks[i - 1] in ("و", "،")
        if (m.label == "PER" and (listed or i in h.role_ends)) or (
                m.label == "ORG" and listed and i not in h.role_ends):
            w.relate(h.target, "schema:attendee", p,
                        w.ev(h.sent, 0.85 if m.label == "PER" else 0.7, "rule:attend-cue"))

def _organizer(w: _Walk, h: _Here, k: int, after: int) -> None:
    """«به همت X»: X organised the gathering in focus."""
    if h.target:
        _organized_by(w, h, h.target, after)

def _by(w: _Walk, h: _Here, k: int, after: int) -> None:
    """«توسط/از سوی X», only in a sentence that names the event and says it was held (برگزار)."""
    if h.main and h.held:
        _organized_by(w, h, h.main, after)

def _organized_by(w: _Walk, h: _Here, event: str, after: int) -> None:
    first = [m for m in h.ms if m.label in ("ORG", "PER") and w.idx.span(m)[0] == after]
    if first and (o := w.res.root(first[0].id)):
        w.relate(event, "schema:organizer", o, w.ev(h.sent, 0.8, "rule:organizer"))

def _honorees(w: _Walk, h: _Here, k: int, after: int) -> None:
    """«از X (و Y) … تقدیر شد» and «تجلیل از X و Y»: persons (or an organization) right after «از»."""
    if not h.target:
        return
    ks, a = w.ks, h.a
    follows = k + 1 < len(ks) and ks[k + 1] == "از"
    chain_end = k + 2  # «تجلیل از X، Y و Z»: the list after the cue, one name after another
    for m in sorted(h.ms, key=lambda m: m.start):
        if m.label not in ("PER", "ORG") or (m.label == "PER" and m.score < 0.5):
            continue
        i, j = w.idx.span(m)
        if i == a:
            continue
        if i < k:
            # «از X تقدیر شد»; an organization only right before the noun («با تشکر از ORG … در خور تقدیر»)
            ok = (ks[i - 1] == "از" and (m.label == "PER" or j == k)) or (
                m.label == "PER" and ks[i - 1] == "و" and any(ks[t] == "از" for t in range(max(a, i - 12), i)))
        else:
            ok = follows and (i == chain_end or (i == chain_end + 1 and ks[i - 1] in ("و", "،")))
            if ok:
                chain_end = j
        if ok and (p := w.res.root(m.id)):
            ev = w.ev(h.sent, 0.8, "rule:honor")
            w.relate(h.target, "pv:honoree", p, ev)
            w.relate(h.target, "schema:attendee", p, ev)

def _speakers(w: _Walk, h: _Here, k: int, after: int) -> None:
    """«X در این مراسم سخنرانی کرد» (the subject) or «سخنران این همایش X بود» (the name after the cue)."""
    if not h.main:
        return
    refs = person_refs(w.idx, h.sent)
    first = next((m for m in refs if w.idx.span(m)[0] - h.a <= SUBJECT_WINDOW and w.idx.span(m)[0] < k),
                 None)
    if first is None:
        first = next((m for m in h.ms if m.label == "PER" and k < w.idx.span(m)[0] <= k + 6), None)
    if first is None or not (p := w.person(first)):
        return
    ev = w.ev(h.sent, 0.75, "rule:speak-cue")
    w.relate(h.main, "pv:speaker", p, ev)
    w.relate(h.main, "schema:attendee", p, ev)


def _visitors(w: _Walk, h: _Here, visit: Mention) -> None:
    """«بازدید استاندار X از …»، «سفر وزیر Y به …»، «دیدار X با Y»: the people named inside a visit or a meeting
    take part in it."""
    root = w.res.root(visit.id)
    for m in h.ms:
        if m.label in ("PER", "ROLE") and visit.start < m.start and m.end <= visit.end and (p := w.person(m)):
            w.relate(root, "schema:attendee", p, w.ev(h.sent, 0.75, "rule:visitor"))  # type: ignore[arg-type]


def _present(w: _Walk, h: _Here) -> None:
    """«… که X، Y و Z در آن حضور داشتند»: every person listed before «حضور داشت/یافت» attended."""
    ks, words = w.ks, w.lex.words
    at = next((t for t in range(h.a + 1, h.b - 1)
               if ks[t] in words.presence_noun and ks[t + 1] in words.present_verb), None)
    if at is None:
        return
    start = max((t + 1 for t in range(h.a, at) if ks[t] in ("که", ":")), default=h.a)
    for m in h.ms:
        i, _ = w.idx.span(m)
        if m.label not in ("PER", "ROLE") or not (start <= i < at) or (i > h.a and ks[i - 1] in ("از", "به")) or (
                any(o.label == "ORG" and o.start <= m.start and m.end <= o.end for o in h.ms)):
            continue  # «دانشگاه علامه طباطبایی»: a name inside an organization's is no attendee
        mid = w.st.refs.get(m.id, m.id)
        if ((m.label == "PER" and m.score >= 0.5) or mid != m.id) and (p := w.person(m)):
            w.relate(h.target, "schema:attendee", p,  # type: ignore[arg-type]
                        w.ev(h.sent, 0.75, "rule:present-verb"))


_CUES: dict[str, Callable[[_Walk, _Here, int, int], None]] = {
    "attend": _attend,
    "organizer": _organizer,
    "by": _by,
    "honor": _honorees,
    "speak": _speakers,
}
