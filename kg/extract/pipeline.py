"""``extract``: one article in, every fact with its evidence out. Pure and deterministic.

Stages, in order: text layer (``make_doc``) → finders (persons, organizations, roles, events, places, pronouns,
plus any statistical ``MentionFinder``) → ``merge`` (overlaps, once) → ``coref.cluster`` → posts → discourse
(role-only mentions, pronouns, quotations, sentence by sentence) → event relations → entities and ``Extraction``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol, runtime_checkable

from kg.extract import coref, events, lists, mentions, merge, orgs, persons, quotes, relations, roles
from kg.extract.lexicon import Lexicons, load_lexicons
from kg.text import find_dates, make_doc, name_key
from kg.types import Article, Doc, Entity, Evidence, Extraction, Mention, Post, Quote, Relation

__all__ = ["MentionFinder", "extract"]

_LABEL_KIND = {"PER": "Person", "ORG": "Organization", "EVENT": "Event", "LOC": "Place"}
_SUBJECT_WINDOW = 3  # a subject starts within this many tokens of the (main clause's) start
_ABOUT = frozenset({"درباره", "درخصوص", "خصوص", "مورد", "برای", "جهت", "نحوه", "برگزاری"})
_PRESENT_VERBS = frozenset({"داشت", "داشتند", "یافت", "یافتند", "دارند", "دارد", "داشته"})
_PRESENCE = frozenset({"حضور", "حاضر", "شرکت‌کنندگان", "شرکتکنندگان"})
_QUOTE_MARKS = frozenset({'"', "«", "'"})
_AT = frozenset({"در", "طی"})  # «در این مراسم»: where someone is
_BRANCH_WORDS = frozenset({"استان", "شهرستان", "شهر", "منطقه"})  # «جمعیت هلال‌احمر استان قم» is a branch


@runtime_checkable
class MentionFinder(Protocol):
    """A statistical (or any other) mention finder: its mentions carry ``source = "ner:<name>"``."""

    def find(self, doc: Doc) -> list[Mention]: ...


@dataclass
class _Facts:
    posts: list[Post] = field(default_factory=list)
    relations: dict[tuple[str, str, str], Relation] = field(default_factory=dict)
    quotes: list[Quote] = field(default_factory=list)

    def relate(self, head: str, label: str, tail: str, ev: Evidence) -> None:
        if head != tail:
            self.relations.setdefault((head, label, tail), Relation(head, label, tail, ev))


def extract(article: Article, lexicons: Lexicons | None = None, taggers: Sequence[MentionFinder] = ()) -> Extraction:
    """Extract people, posts, organizations, events, places and quotations from one article."""
    lex = lexicons or load_lexicons()
    doc = make_doc(article.text, article.id)
    if not doc.tokens:
        return Extraction(article=article, doc=doc)
    per = persons.find(doc, lex)
    found = [*per, *orgs.find(doc, lex, per), *roles.find(doc, lex), *events.find(doc, lex), *mentions.find(doc, lex),
             *lists.find(doc, lex)]
    for tagger in taggers:
        found.extend(tagger.find(doc))
    ms = merge.merge([_aliased(m, lex) for m in found])
    return _Builder(article, doc, lex, ms).build()


def _aliased(m: Mention, lex: Lexicons) -> Mention:
    """A short name of a well-known organization takes its full name's identity key (org_aliases.tsv), so that
    both spellings cluster in the article and mint one IRI across articles."""
    full = lex.org_aliases.get(m.key) if m.label == "ORG" and m.key else None
    return replace(m, key=name_key(full)) if full else m


class _Builder:
    def __init__(self, article: Article, doc: Doc, lex: Lexicons, ms: list[Mention]):
        self.article, self.doc, self.lex, self.ms = article, doc, lex, ms
        self.by_id = {m.id: m for m in ms}
        self.idx = relations.TokenIndex(doc)
        self.ks = [t.key for t in doc.tokens]
        self.uf = coref.cluster(ms, lex)
        self.facts = _Facts()
        self.ref: dict[str, str] = {}  # PRON / ROLE mention id -> PER mention id it refers to
        self.sent_of = {m.id: self.idx.sent(m) for m in ms}
        self.by_sent: dict[int, list[Mention]] = {}
        for m in ms:
            self.by_sent.setdefault(self.sent_of[m.id], []).append(m)

    # -- helpers ------------------------------------------------------------------------------------------------
    def evidence(self, sent: int, score: float, rule: str) -> Evidence:
        s = self.doc.sents[sent]
        return Evidence(s.start, s.end, self.doc.raw[s.start : s.end], round(min(1.0, max(0.0, score)), 2), rule)

    def root(self, mid: str | None) -> str | None:
        if mid is None:
            return None
        for _ in range(5):  # PRON → ROLE → PER
            if mid not in self.ref:
                break
            mid = self.ref[mid]
        return self.uf.find(mid) if mid in self.uf else None

    # -- stages -------------------------------------------------------------------------------------------------
    def build(self) -> Extraction:
        links = relations.find_posts(self.doc, self.lex, self.ms, self.idx)
        self.subject_end = {ln.role: self.idx.span(self.by_id[ln.org])[1] for ln in links if ln.org}
        self._merge_orgs_by_posts(links)
        self._resolve_role_only(links)
        cues = quotes.find(self.doc, self.lex)
        self.late_posts: list[relations.PostLink] = []
        self._discourse(cues, links)
        self._events()
        return self._finish(links + self.late_posts)

    def _merge_orgs_by_posts(self, links: list[relations.PostLink]) -> None:
        """One person, one role, two spellings of the organization (a subsequence of the other) → one org."""
        from kg.text import fold

        seen: dict[tuple[str, str], list[str]] = {}
        for ln in links:
            if ln.person and ln.org and ln.org in self.uf:
                seen.setdefault((self.uf.find(ln.person), ln.role_name), []).append(ln.org)
        for orgs_ in seen.values():
            for a in orgs_:
                for b in orgs_:
                    wa, wb = fold(self.by_id[a].norm).split(), fold(self.by_id[b].norm).split()
                    if len(wa) < len(wb) and wa[0] == wb[0] and _subsequence(wa, wb):
                        self.uf.union(b, a)

    def _resolve_role_only(self, links: list[relations.PostLink]) -> None:
        holders: dict[tuple[str, str | None], set[str]] = {}
        by_role: dict[str, set[str]] = {}
        first: dict[str, str] = {}
        for ln in links:
            if ln.person and ln.person in self.uf:
                p = self.uf.find(ln.person)
                holders.setdefault((ln.role_name, self.root(ln.org)), set()).add(p)
                by_role.setdefault(ln.role_name, set()).add(p)
                first.setdefault(p, ln.person)
        for ln in links:
            if ln.person:
                self.ref[ln.role] = ln.person
                continue
            cands = holders.get((ln.role_name, self.root(ln.org)))
            if not cands and ln.org is None:
                cands = by_role.get(ln.role_name)
            if cands and len(cands) == 1:
                self.ref[ln.role] = first[next(iter(cands))]

    def _person_refs(self, sent: int) -> list[Mention]:
        return [m for m in self.by_sent.get(sent, []) if m.label in ("PER", "PRON", "ROLE") and
                (m.label != "PER" or m.score >= 0.5)]

    def _discourse(self, cues: list[quotes.Cue], links: list[relations.PostLink]) -> None:
        """Sentence by sentence: subjects, pronouns, quotation speakers.

        A role that opens an article as a speaker without a name («مدیرعامل جمعیت هلال‌احمر استان قم گفت») is kept
        pending: the next named speaker who holds no post in the article is taken to be that person (a common lead
        then body pattern in Persian news); pronouns and quotations in between are resolved through it."""
        cue_of = {c.sent: c for c in cues}
        holders = {ln.person for ln in links if ln.person}
        holders = {self.uf.find(p) for p in holders if p in self.uf}
        link_of_role = {ln.role: ln for ln in links}
        held: dict[tuple[str, str | None], str] = {}  # (role, org root) -> PER mention id, as names appear
        salient: str | None = None  # mention id (PER, or a pending ROLE)
        pending: list[str] = []  # ROLE mention ids waiting for a name
        for s in self.doc.sents:
            refs = self._person_refs(s.i)
            cue = cue_of.get(s.i)
            subject: Mention | None = None
            first = self._clause_start(s)
            for m in refs:
                i, _ = self.idx.span(m)
                if i < first:
                    continue  # inside «به گزارش X به نقل از Y،»
                if cue and i >= cue.cue_i:
                    break
                if i - first <= _SUBJECT_WINDOW or (cue and m.label != "ROLE"):
                    subject = m
                break
            last_ref: str | None = None
            for m in refs:
                if m.label == "PRON":
                    target = salient if m is subject else (last_ref or salient)
                    if target:
                        self.ref[m.id] = target
                resolved = self.ref.get(m.id, m.id if m.label == "PER" else None)
                if resolved and m is not subject:
                    last_ref = resolved
            subj = None
            announces = cue is None and subject is not None and subject.label == "ROLE" and self._announces(s)
            if subject is not None and subject.label == "ROLE" and subject.id not in self.ref and salient and (
                    self._after_determiner(subject)):
                self.ref[subject.id] = salient  # «این کارشناس … خاطرنشان کرد»: a description of the person in focus
            if subject is not None and subject.label == "ROLE" and subject.id not in self.ref:
                ln = link_of_role.get(subject.id)
                known = held.get((ln.role_name, self.root(ln.org))) if ln else None
                if known:  # the same post was given a name earlier in the article
                    self.ref[subject.id] = known
            if subject is not None:
                subj = self.ref.get(subject.id, subject.id if subject.label == "PER" else None)
                if subj is None and subject.label == "ROLE" and ((cue and not cue.according) or announces):
                    subj = subject.id  # a role speaking before its holder is named
                    pending.append(subject.id)
                elif subj and pending and subject.label == "PER" and self.root(subj) not in holders:
                    for rid in pending:
                        self.ref[rid] = subj
                        ln = link_of_role.get(rid)
                        if ln is not None:
                            self.late_posts.append(replace(ln, person=subj, rule="rule:role-named-later",
                                                           score=0.6))
                            held.setdefault((ln.role_name, self.root(ln.org)), subj)
                    holders.add(self.root(subj))  # type: ignore[arg-type]
                    pending.clear()
            if cue:
                speaker = subj
                if cue.according:
                    after = [m for m in refs if self.idx.span(m)[0] >= cue.cue_j]
                    speaker = self.ref.get(after[0].id, after[0].id if after[0].label == "PER" else None) \
                        if after else None
                elif subject is None and not self._has_name_before(s.i, cue.cue_i, first):
                    speaker = salient
                if speaker:
                    self._add_quote(cue, speaker, subject)
                    salient = speaker
                    continue
            if subj:
                salient = subj
            elif refs:
                firsts = [self.ref.get(m.id, m.id if m.label == "PER" else None) for m in refs]
                firsts = [f for f in firsts if f]
                if firsts:
                    salient = firsts[0]

    def _announces(self, s) -> bool:
        """The sentence reports an announcement («از X خبر داد»): its subject is a speaker without a quotation."""
        for k in range(s.first_token, s.last_token):
            if self.ks[k] in self.lex.speech.starts:
                m = self.lex.speech.match(self.ks, k, s.last_token)
                if m and m[1] == "announce":
                    return True
        return False

    def _after_determiner(self, m: Mention) -> bool:
        i, _ = self.idx.span(m)
        return i > 0 and self.ks[i - 1] in ("این", "همین")

    def _clause_start(self, s) -> int:
        """First token of the sentence's main clause: after a leading «به گزارش X،»."""
        c = self.lex.cues.match(self.ks, s.first_token, s.last_token)
        if c and c[1] in ("report", "cite"):
            for k in range(c[0], min(s.last_token, c[0] + 25)):
                if self.ks[k] == "،":
                    return k + 1
        return s.first_token

    def _has_name_before(self, sent: int, tok: int, first: int) -> bool:
        return any(m.label in ("ORG", "PER", "LOC") and first <= self.idx.span(m)[0] < tok
                   for m in self.by_sent.get(sent, []))

    def _add_quote(self, cue: quotes.Cue, speaker: str, subject: Mention | None) -> None:
        ci, cj = cue.ci, cue.cj
        if subject is not None and cue.kind == "indirect" and not cue.according:
            ci = max(ci, self.subject_end.get(subject.id, self.idx.span(subject)[1]))
            while ci < cj and (self.ks[ci] in ("،", "نیز") or self.ks[ci] in self.lex.boundaries):
                ci += 1
        if cj - ci < 2:
            return
        toks = self.doc.tokens
        start, end = toks[ci].start, toks[cj - 1].end
        cs, ce = toks[cue.cue_i].start, toks[cue.cue_j - 1].end
        qid = f"q{len(self.facts.quotes) + 1}"
        self.facts.quotes.append(Quote(  # speaker: a mention id until _finish (a pending role may resolve later)
            id=qid, speaker=speaker, text=self.doc.raw[start:end], content=(start, end), cue=(cs, ce), kind=cue.kind,
            evidence=self.evidence(cue.sent, 0.85 if cue.kind == "direct" else 0.7,
                                   f"rule:speech-verb-{cue.kind}"),
        ))

    def _events(self) -> None:
        """Participation, occasion, organizer, location and date of events, sentence by sentence."""

        lex, ks = self.lex, self.ks
        current: str | None = None  # root of the last gathering referred to
        speaker_event: dict[str, str] = {}
        last_where: str | None = None  # the gathering where the last speech was made
        self.event_dates: dict[str, object] = {}
        quotes_by_sent = {self.sent_of_quote(q): k for k, q in enumerate(self.facts.quotes)}
        for s in self.doc.sents:
            ms = self.by_sent.get(s.i, [])
            a, b = s.first_token, s.last_token
            occasion_ids: set[str] = set()
            for m in ms:
                if m.label == "EVENT":
                    i, _ = self.idx.span(m)
                    for k in range(max(a, i - 3), i):
                        c = lex.cues.match(ks, k, b)
                        if c and c[1] == "occasion" and c[0] == i:
                            occasion_ids.add(m.id)
            evs = [m for m in ms if m.label == "EVENT" and m.id not in occasion_ids and self.root(m.id)]
            gath = [m for m in evs if (t := events.trigger_of(m.text, lex)) and t.gathering]
            main = self.root(gath[0].id) if gath else None
            if main:
                current = main
                first_mention = self.by_id[gath[0].id]
                if first_mention.rule != events.ANAPHOR_RULE and main not in self.event_dates:
                    found = find_dates(self.doc.raw[s.start : s.end], self.article.published)
                    if found:  # the first date written in the sentence that introduces the event
                        self.event_dates[main] = found[0][2]
            ev_here = main
            target = main or current
            ev = self.evidence(s.i, 0.8, "rule:event-participation")
            # occasion
            for oid in occasion_ids:
                o = self.root(oid)
                if o and target:
                    self.facts.relate(target, "pv:occasion", o, self.evidence(s.i, 0.85, "rule:occasion"))
            # «با حضور X و Y»
            held = any(lex.cues.get(ks[t]) == "held" for t in range(a, b))
            role_ends = {self.idx.span(m)[1] for m in ms if m.label == "ROLE"}
            for k in range(a, b):
                c = lex.cues.match(ks, k, b) if ks[k] in lex.cues.starts else None
                if not c:
                    continue
                kind = c[1]
                if kind == "attend" and target:
                    stop = next((t for t in range(c[0], b) if lex.cues.get(ks[t]) == "held"), b)
                    for m in ms:
                        i, _ = self.idx.span(m)
                        if not (c[0] <= i < stop) or not (p := self.root(m.id)):
                            continue
                        listed = i == c[0] or ks[i - 1] in ("و", "،")
                        # a person listed, or named after a role (با حضور استاندار X); an organization listed, not
                        # a post's; never a name inside a place or a clause further on (در شبستان X برگزار شد)
                        if (m.label == "PER" and (listed or i in role_ends)) or (
                                m.label == "ORG" and listed and i not in role_ends):
                            self.facts.relate(target, "schema:attendee", p,
                                              self.evidence(s.i, 0.85 if m.label == "PER" else 0.7,
                                                            "rule:attend-cue"))
                elif (kind == "organizer" and target) or (kind == "by" and held and ev_here):
                    after = [m for m in ms if m.label in ("ORG", "PER") and self.idx.span(m)[0] == c[0]]
                    if after and (o := self.root(after[0].id)):
                        self.facts.relate(ev_here if kind == "by" else target, "schema:organizer", o,  # type: ignore[arg-type]
                                          self.evidence(s.i, 0.8, "rule:organizer"))
                elif kind == "honor" and target:
                    self._honorees(s.i, a, k, ms, target)
                elif kind == "speak" and ev_here:
                    self._speakers(s.i, a, k, ms, ev_here)
            for v in evs:
                if v.rule == "rule:event-visit":
                    self._visitors(s.i, v, ms)
            # «در دیدار با X»: the person met takes part in the meeting
            if main:
                for m in ms:
                    i, _ = self.idx.span(m)
                    if m.label == "PER" and i >= a + 2 and ks[i - 1] in _QUOTE_MARKS:
                        i -= 1  # «در دیدار با "X"»
                    if m.label == "PER" and i >= a + 2 and ks[i - 1] == "با" and (p := self.root(m.id)) and any(
                            self.idx.span(g)[1] == i - 1 and self.root(g.id) == main for g in gath):
                        self.facts.relate(main, "schema:attendee", p, self.evidence(s.i, 0.75, "rule:meeting-with"))
            # location: «در X» in a sentence that names the event
            if ev_here and gath and gath[0].rule != events.ANAPHOR_RULE:
                for m in ms:
                    i, _ = self.idx.span(m)
                    if m.label == "LOC" and i > a and ks[i - 1] == "در" and (p := self.root(m.id)):
                        self.facts.relate(ev_here, "schema:location", p, self.evidence(s.i, 0.7, "rule:location"))
            # speakers: a quotation said «در این مراسم», or by the same speaker later on
            qk = quotes_by_sent.get(s.i)
            if qk is not None:
                q = self.facts.quotes[qk]
                spk = self.root(q.speaker)
                # only an event named before the speech verb, as where the speaker is («در این مراسم»، «در حاشیه
                # همایش»), is where it was said: not one inside the quotation nor one the speaker talks about
                said_at = next((self.root(g.id) for g in gath if g.start < q.cue[0] and self._located_at(g)), None)
                where = said_at or (speaker_event.get(spk) if spk and not ev_here else None)
                if where is None and spk and not ev_here and current and (current, "schema:attendee", spk) in (
                        self.facts.relations):
                    where = current  # «X نیز … اظهار داشت»: someone known to be at the gathering speaks there
                if where is None and spk and last_where and self._continues(s.first_token):
                    where = last_where  # «در ادامه X گفت»: the report goes on at the gathering of the last speech
                if where and spk:
                    speaker_event[spk] = last_where = where
                    self.facts.quotes[qk] = _replace(q, event=where)
                    self.facts.relate(where, "pv:speaker", spk, self.evidence(s.i, 0.8, "rule:speech-at-event"))
                    self.facts.relate(where, "schema:attendee", spk, self.evidence(s.i, 0.8, "rule:speech-at-event"))
            elif ev_here and (any(self._located_at(g) for g in gath) or any(ks[t] in _PRESENCE for t in range(a, b))):
                # «X نیز در این تجمع …»، «X … حضور داشت»: the subject of a sentence that places someone at the
                # gathering attended it (not one who only talks about it: «X با اشاره به اینکه این آیین …»)
                refs = self._person_refs(s.i)
                if refs and self.idx.span(refs[0])[0] - a <= _SUBJECT_WINDOW:
                    p = self.root(self.ref.get(refs[0].id, refs[0].id))
                    if p and self.by_id.get(self.ref.get(refs[0].id, refs[0].id), refs[0]).label == "PER":
                        self.facts.relate(ev_here, "schema:attendee", p, ev)
            if target:
                self._present(s.i, a, b, ms, target)

    def _visitors(self, sent: int, visit: Mention, ms: list[Mention]) -> None:
        """«بازدید استاندار X از …»، «سفر وزیر Y به …»: the visitor named inside the visit takes part in it."""
        root = self.root(visit.id)
        if not root:
            return
        for m in ms:
            if m.label in ("PER", "ROLE") and visit.start < m.start and m.end <= visit.end:
                mid = self.ref.get(m.id, m.id)
                if self.by_id.get(mid, m).label == "PER" and (p := self.root(mid)):
                    self.facts.relate(root, "schema:attendee", p, self.evidence(sent, 0.75, "rule:visitor"))

    def _continues(self, a: int) -> bool:
        """The sentence opens with «در ادامه» (cues.tsv kind continues), not «در ادامه [event]» (event_ref)."""
        c = self.lex.cues.match(self.ks, a)
        return bool(c and c[1] == "continues")

    def _located_at(self, g: Mention) -> bool:
        """«در / طی [event]», «در حاشیه / پایان [event]»: the event is where the sentence's subject is."""
        i, _ = self.idx.span(g)
        ks = self.ks
        start = i
        while i > max(0, start - 6) and (ks[i - 1] in self.lex.numbers or ks[i - 1] in ("و", "صد") or (
                ks[i - 1].isdigit() or ks[i - 1].endswith(("صد", "ین")))):
            i -= 1  # «در دویست و نود و «ششمین جلسه»»، «در نخستین جلسه»
        if i > 0 and ks[i - 1] in ("این", "همین", "آن"):
            i -= 1
        if i > 0 and self.lex.cues.get(ks[i - 1]) == "event_ref":
            i -= 1
        if any(k in _ABOUT for k in ks[max(0, i - 6) : i]):
            return False  # «درخصوص نحوه ثبت‌نام برای شرکت در جشنواره»: talk about the event, not at it
        return i > 0 and ks[i - 1] in _AT

    def _present(self, sent: int, a: int, b: int, ms: list[Mention], event: str) -> None:
        """«… که X، Y و Z در آن حضور داشتند»: every person listed before «حضور داشت/یافت» attended."""
        ks = self.ks
        at = next((t for t in range(a + 1, b - 1) if ks[t] == "حضور" and ks[t + 1] in _PRESENT_VERBS), None)
        if at is None:
            return
        start = max((t + 1 for t in range(a, at) if ks[t] in ("که", ":")), default=a)
        for m in ms:
            i, _ = self.idx.span(m)
            if m.label not in ("PER", "ROLE") or not (start <= i < at) or (i > a and ks[i - 1] in ("از", "به")) or (
                    any(o.label == "ORG" and o.start <= m.start and m.end <= o.end for o in ms)):
                continue  # «دانشگاه علامه طباطبایی»: a name inside an organization's is no attendee
            mid = self.ref.get(m.id, m.id)
            if self.by_id.get(mid, m).label == "PER" and ((m.label == "PER" and m.score >= 0.5) or mid != m.id) and (
                    p := self.root(mid)):
                self.facts.relate(event, "schema:attendee", p, self.evidence(sent, 0.75, "rule:present-verb"))

    def _speakers(self, sent: int, a: int, k: int, ms: list[Mention], event: str) -> None:
        """«X در این مراسم سخنرانی کرد» (the subject) or «سخنران این همایش X بود» (the name after the cue)."""
        refs = self._person_refs(sent)
        first = next((m for m in refs if self.idx.span(m)[0] - a <= _SUBJECT_WINDOW and self.idx.span(m)[0] < k),
                     None)
        if first is None:
            first = next((m for m in ms if m.label == "PER" and k < self.idx.span(m)[0] <= k + 6), None)
        if first is None:
            return
        mid = self.ref.get(first.id, first.id)
        if self.by_id.get(mid, first).label != "PER" or not (p := self.root(mid)):
            return
        ev = self.evidence(sent, 0.75, "rule:speak-cue")
        self.facts.relate(event, "pv:speaker", p, ev)
        self.facts.relate(event, "schema:attendee", p, ev)

    def sent_of_quote(self, q: Quote) -> int:
        return self.doc.sentence_at(q.content[0]).i

    def _honorees(self, sent: int, a: int, honor_tok: int, ms: list[Mention], target: str) -> None:
        """«از X (و Y) … تقدیر شد» and «تجلیل از X و Y»: persons (or an organization) right after «از»."""
        ks = self.ks
        after = honor_tok + 1 < len(ks) and ks[honor_tok + 1] == "از"
        chain_end = honor_tok + 2  # «تجلیل از X، Y و Z»: the list after the cue, one name after another
        for m in sorted(ms, key=lambda m: m.start):
            if m.label not in ("PER", "ORG") or (m.label == "PER" and m.score < 0.5):
                continue
            i, j = self.idx.span(m)
            if i == a:
                continue
            if i < honor_tok:
                # «از X تقدیر شد»; an organization only right before the noun («با تشکر از ORG … در خور تقدیر»)
                ok = (ks[i - 1] == "از" and (m.label == "PER" or j == honor_tok)) or (
                    m.label == "PER" and ks[i - 1] == "و" and any(
                    ks[k] == "از" for k in range(max(a, i - 12), i)))
            else:
                ok = after and (i == chain_end or (i == chain_end + 1 and ks[i - 1] in ("و", "،")))
                if ok:
                    chain_end = j
            if ok and (p := self.root(m.id)):
                ev = self.evidence(sent, 0.8, "rule:honor")
                self.facts.relate(target, "pv:honoree", p, ev)
                self.facts.relate(target, "schema:attendee", p, ev)

    # -- output -------------------------------------------------------------------------------------------------
    def _finish(self, links: list[relations.PostLink]) -> Extraction:
        clusters: dict[str, list[Mention]] = {}
        for m in self.ms:
            if m.label in _LABEL_KIND and m.id in self.uf:
                clusters.setdefault(self.uf.find(m.id), []).append(m)
        entities: list[Entity] = []
        eid: dict[str, str] = {}
        for root, cms in sorted(clusters.items(), key=lambda kv: min(m.start for m in kv[1])):
            ent = self._entity(f"e{len(entities) + 1}", cms)
            if ent is None:
                continue
            eid[root] = ent.id
            entities.append(ent)

        def ent(mid: str | None) -> str | None:
            r = self.root(mid)
            return eid.get(r) if r else None

        posts: list[Post] = []
        seen_posts: set[tuple] = set()
        for ln in links:
            p = ent(ln.person) if ln.person else None
            if p is None:
                continue
            o = ent(ln.org)
            sig = (p, ln.role_name, o, ln.former)
            if sig in seen_posts:
                continue
            seen_posts.add(sig)
            posts.append(Post(p, ln.role_name, o, self.evidence(ln.sent, ln.score, ln.rule), ln.former, ln.acting))
        rels: list[Relation] = []
        for (h, label, t), r in self.facts.relations.items():
            he, te = eid.get(h), eid.get(t)
            if he and te and he != te:
                rels.append(Relation(he, label, te, r.evidence))
        # sub-organizations: a unit's name contains its parent's
        for m in self.ms:
            if m.rule == "rule:org-nested":
                outer = next((o for o in self.ms if o.label == "ORG" and o.rule != "rule:org-nested"
                              and o.start <= m.start and m.end <= o.end and o.id != m.id), None)
                if outer is not None:
                    h, t = ent(outer.id), ent(m.id)
                    if h and t and h != t:
                        rels.append(Relation(h, "org:subOrganizationOf", t,
                                             self.evidence(self.sent_of[m.id], 0.8, "rule:nested-org-name")))
        rels.extend(self._branches(entities))
        for p in posts:
            if p.role == "عضو" and p.org:
                rels.append(Relation(p.person, "org:memberOf", p.org, p.evidence))
        rels = list({(r.head, r.label, r.tail): r for r in rels}.values())
        quotes_ = [
            _replace(q, speaker=ent(q.speaker), event=eid.get(q.event) if q.event else None)
            for q in self.facts.quotes if ent(q.speaker)
        ]
        mention_of: dict[str, str] = {}
        for m in self.ms:
            r = self.root(m.id)
            if r and r in eid:
                mention_of[m.id] = eid[r]
        publisher, citations = self._publisher_citations(ent)
        return Extraction(
            article=self.article, doc=self.doc, mentions=tuple(self.ms), entities=tuple(entities),
            posts=tuple(posts), relations=tuple(rels), quotes=tuple(quotes_), publisher=publisher,
            citations=tuple(citations), mention_of=mention_of,
        )

    def _branches(self, entities: list[Entity]) -> list[Relation]:
        """«جمعیت هلال‌احمر استان قم» is a branch of «جمعیت هلال‌احمر» when both are named."""
        from kg.text import fold

        orgs_ = [(e, fold(e.name).split()) for e in entities if e.kind == "Organization"]
        out = []
        for a, wa in orgs_:
            for b, wb in orgs_:
                if len(wa) > len(wb) + 1 and wa[: len(wb)] == wb and wa[len(wb)] in _BRANCH_WORDS:
                    m = next(iter(a.mentions))
                    out.append(Relation(a.id, "org:subOrganizationOf", b.id,
                                        self.evidence(self.sent_of[m], 0.7, "rule:provincial-branch")))
        return out

    def _publisher_citations(self, ent) -> tuple[str | None, list[str]]:
        ks, lex = self.ks, self.lex
        publisher = None
        citations: list[str] = []
        first_org_at = {self.idx.span(m)[0]: m for m in self.ms if m.label in ("ORG", "PER")}
        for k in range(len(ks)):
            c = lex.cues.match(ks, k)
            if c and c[1] in ("report", "cite"):
                m = first_org_at.get(c[0])
                if m is None and c[0] < len(ks) and ks[c[0]] in ("خبرگزاری",):
                    m = first_org_at.get(c[0] + 1)
                e = ent(m.id) if m is not None else None
                if e and c[1] == "report" and publisher is None:
                    publisher = e
                elif e and c[1] == "cite" and e not in citations:
                    citations.append(e)
        if publisher is None:  # «خبرگزاری فارس: …» opening an abstract
            for s in self.doc.sents[:3]:
                m = first_org_at.get(s.first_token)
                if m is not None and m.label == "ORG":
                    _, j = self.idx.span(m)
                    if j < len(ks) and ks[j] == ":" and ks[s.first_token] == "خبرگزاری":
                        publisher = ent(m.id)
                        break
        return publisher, citations

    def _entity(self, id_: str, cms: list[Mention]) -> Entity | None:
        label = cms[0].label
        named = [m for m in cms if m.key]
        if not named:
            return None
        kind = _LABEL_KIND[label]
        if label == "PER":
            best = max(named, key=lambda m: (len(m.norm.split()), m.score, -m.start))
            name = best.norm
            key = name_key(name)
        elif label == "EVENT":
            best = next((m for m in named if m.rule == "rule:event-named"), None) or max(
                named, key=lambda m: (len(m.norm), -m.start))
            name = best.norm
            key = best.key
        else:
            best = max(named, key=lambda m: (len(m.norm.split()), m.score, -m.start))
            name = best.norm
            key = name_key(name)
            full = self.lex.org_aliases.get(key) if label == "ORG" else None
            if full:  # «وزارت ارتباطات» → «وزارت ارتباطات و فناوری اطلاعات»: one identity, the short form an alt
                name, key = full, name_key(full)
        alts: list[str] = []
        for m in cms:
            for form in (m.norm if m.key else None, m.text):
                if form and form != name and form not in alts and len(form) < 200:
                    alts.append(form)
        if label == "EVENT" and best.rule == "rule:event-named":
            desc = best.text.split("«")[0].strip().removesuffix("با عنوان").strip(" ،")
            if desc and desc not in alts:
                alts.insert(0, desc)
        hon: list[str] = []
        for m in cms:
            for h in m.honorifics:
                if h not in hon:
                    hon.append(h)
        event_kind = None
        date = None
        if label == "EVENT":
            trig = events.trigger_of(best.text, self.lex)
            event_kind = trig.kind if trig else None
            date = self.event_dates.get(self.uf.find(cms[0].id))  # type: ignore[assignment]
        return Entity(id=id_, kind=kind, name=name, key=key, mentions=tuple(m.id for m in cms),  # type: ignore[arg-type]
                      alt_labels=tuple(alts), honorifics=tuple(hon), event_kind=event_kind, date=date)


def _subsequence(a: list[str], b: list[str]) -> bool:
    it = iter(b)
    return all(w in it for w in a)


def _replace(q: Quote, **kw) -> Quote:
    from dataclasses import replace

    return replace(q, **kw)
