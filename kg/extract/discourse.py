"""The ``discourse`` stage: sentence by sentence, who the subject is, whom pronouns mean, and who said what.

A role that opens an article as a speaker without a name («مدیرعامل جمعیت هلال‌احمر استان قم گفت») is kept
pending: the next named speaker who holds no post in the article is taken to be that person (a common lead then
body pattern in Persian news), and the post is added for them (rule role-named-later); pronouns and quotations in
between are resolved through it. A description after «این» («این کارشناس … خاطرنشان کرد») is the person in focus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from kg.extract import quotes
from kg.extract.state import MentionIndex, PostLink, Resolver, State, evidence
from kg.types import Mention, Quote, Sentence

__all__ = ["SUBJECT_WINDOW", "person_refs", "run"]

SUBJECT_WINDOW = 3  # a subject starts within this many tokens of the (main clause's) start


def run(st: State) -> dict[str, Any]:
    """Provides ``quotes`` (speakers as mention ids), ``refs`` (pronouns, descriptions and pending roles resolved)
    and ``links`` (posts named later in the article appended)."""
    d = _Discourse(st)
    cue_of = {c.sent: c for c in quotes.find(st.doc, st.lex)}
    for s in st.doc.sents:
        d.sentence(s, cue_of.get(s.i))
    return {"quotes": tuple(d.quotes), "refs": d.refs, "links": (*st.links, *d.late)}


def person_refs(idx: MentionIndex, sent: int) -> list[Mention]:
    """Mentions in sentence ``sent`` that may refer to a person: names (not weak ones), pronouns, roles."""
    return [m for m in idx.in_sent(sent) if m.label in ("PER", "PRON", "ROLE") and
            (m.label != "PER" or m.score >= 0.5)]


def clause_start(st: State, s: Sentence) -> int:
    """First token of the sentence's main clause: after a leading «به گزارش X،»."""
    ks = st.index.keys
    c = st.lex.cues.match(ks, s.first_token, s.last_token)
    if c and c[1] in ("report", "cite"):
        for k in range(c[0], min(s.last_token, c[0] + 25)):
            if ks[k] == "،":
                return k + 1
    return s.first_token


@dataclass(slots=True)
class _Subject:
    """The sentence's subject mention and the person (or pending role) it stands for."""

    mention: Mention | None
    who: str | None


class _Discourse:
    """What the reader of an article keeps in mind from one sentence to the next (local to one ``run``)."""

    def __init__(self, st: State):
        self.st, self.idx, self.ks = st, st.index, st.index.keys
        self.refs: dict[str, str] = dict(st.refs)
        self.res = Resolver(self.refs, st.clusters)
        uf = st.clusters
        self.holders = {uf.find(ln.person) for ln in st.links if ln.person and ln.person in uf}
        self.link_of_role = {ln.role: ln for ln in st.links}
        self.subject_end = {ln.role: self.idx.span(self.idx.by_id[ln.org])[1] for ln in st.links if ln.org}
        self.held: dict[tuple[str, str | None], str] = {}  # (role, org root) -> PER mention id, as names appear
        self.salient: str | None = None  # mention id (PER, or a pending ROLE)
        self.pending: list[str] = []  # ROLE mention ids waiting for a name
        self.late: list[PostLink] = []
        self.quotes: list[Quote] = []

    def sentence(self, s: Sentence, cue: quotes.Cue | None) -> None:
        refs = person_refs(self.idx, s.i)
        first = clause_start(self.st, s)
        subject = self._subject(refs, first, cue)
        self._pronouns(refs, subject)
        subj = self._resolve_subject(s, subject, cue)
        if cue:
            speaker = subj
            if cue.according:
                after = [m for m in refs if self.idx.span(m)[0] >= cue.cue_j]
                speaker = self.refs.get(after[0].id, after[0].id if after[0].label == "PER" else None) \
                    if after else None
            elif subject is None and not self._has_name_before(s.i, cue.cue_i, first):
                speaker = self.salient
            if speaker:
                self._add_quote(cue, speaker, subject)
                self.salient = speaker
                return
        if subj:
            self.salient = subj
        elif refs:
            firsts = [f for m in refs if (f := self.refs.get(m.id, m.id if m.label == "PER" else None))]
            if firsts:
                self.salient = firsts[0]

    def _subject(self, refs: Sequence[Mention], first: int, cue: quotes.Cue | None) -> Mention | None:
        """The first person reference of the main clause, if it starts the clause (or precedes a speech verb)."""
        for m in refs:
            i, _ = self.idx.span(m)
            if i < first:
                continue  # inside «به گزارش X به نقل از Y،»
            if cue and i >= cue.cue_i:
                return None
            if i - first <= SUBJECT_WINDOW or (cue and m.label != "ROLE"):
                return m
            return None
        return None

    def _pronouns(self, refs: Sequence[Mention], subject: Mention | None) -> None:
        """A pronoun as subject means the person in focus; elsewhere the last person named before it."""
        last_ref: str | None = None
        for m in refs:
            if m.label == "PRON":
                target = self.salient if m is subject else (last_ref or self.salient)
                if target:
                    self.refs[m.id] = target
            resolved = self.refs.get(m.id, m.id if m.label == "PER" else None)
            if resolved and m is not subject:
                last_ref = resolved

    def _resolve_subject(self, s: Sentence, subject: Mention | None, cue: quotes.Cue | None) -> str | None:
        """Who the subject is: a name, a role resolved through the article, or a role left pending a name."""
        if subject is None:
            return None
        if subject.label == "ROLE" and subject.id not in self.refs:
            i, _ = self.idx.span(subject)
            prox = self.st.lex.words.proximal
            if self.salient and ((i > 0 and self.ks[i - 1] in prox) or (
                    i > 1 and self.ks[i - 2] in prox and self.ks[i - 1].isalpha())):
                # «این کارشناس …»، «این مقام مسئول …»: a description of the person in focus
                self.refs[subject.id] = self.salient
            else:
                ln = self.link_of_role.get(subject.id)
                known = self.held.get((ln.role_name, self.res.root(ln.org))) if ln else None
                if known:  # the same post was given a name earlier in the article
                    self.refs[subject.id] = known
                elif ln and self.salient and self._holds_head(self.salient, ln.role_name):
                    # «امام جمعه مهربان افزود» after «قهرمان احمدی … امام جمعه هریس»: the speaker in focus by a
                    # role of the same head noun as one they hold
                    self.refs[subject.id] = self.salient
        subj = self.refs.get(subject.id, subject.id if subject.label == "PER" else None)
        announces = cue is None and subject.label == "ROLE" and self._announces(s)
        if subj is None and subject.label == "ROLE" and ((cue and not cue.according) or announces):
            self.pending.append(subject.id)  # a role speaking before its holder is named
            return subject.id
        if subj and self.pending and subject.label == "PER" and self.res.root(subj) not in self.holders:
            self._name_pending(subj)
        return subj

    def _holds_head(self, person: str, role: str) -> bool:
        """``person`` (a mention id) holds, by this point of the article, a post whose role starts like ``role``."""
        root = self.res.root(person)
        if root is None:
            return False
        head = role.split(" ")[0]
        return any(ln.role_name.split(" ")[0] == head for ln in (*self.st.links, *self.late)
                   if ln.person and self.res.root(ln.person) == root)

    def _name_pending(self, person: str) -> None:
        """The roles that spoke before a name now belong to the first named speaker with no post of their own."""
        for rid in self.pending:
            self.refs[rid] = person
            ln = self.link_of_role.get(rid)
            if ln is not None:
                self.late.append(replace(ln, person=person, rule="rule:role-named-later", score=0.6))
                self.held.setdefault((ln.role_name, self.res.root(ln.org)), person)
        self.holders.add(self.res.root(person))  # type: ignore[arg-type]
        self.pending.clear()

    def _announces(self, s: Sentence) -> bool:
        """The sentence reports an announcement («از X خبر داد»): its subject is a speaker without a quotation."""
        lex = self.st.lex
        for k in range(s.first_token, s.last_token):
            if self.ks[k] in lex.speech.starts:
                m = lex.speech.match(self.ks, k, s.last_token)
                if m and m[1] == "announce":
                    return True
        return False

    def _has_name_before(self, sent: int, tok: int, first: int) -> bool:
        return any(m.label in ("ORG", "PER", "LOC") and first <= self.idx.span(m)[0] < tok
                   for m in self.idx.in_sent(sent))

    def _add_quote(self, cue: quotes.Cue, speaker: str, subject: Mention | None) -> None:
        ci, cj = cue.ci, cue.cj
        if subject is not None and cue.kind == "indirect" and not cue.according:
            ci = max(ci, self.subject_end.get(subject.id, self.idx.span(subject)[1]))
            while ci < cj and (self.ks[ci] in self.st.lex.words.quote_lead or self.ks[ci] in self.st.lex.boundaries):
                ci += 1
        if cj - ci < 2:
            return
        doc = self.st.doc
        toks = doc.tokens
        start, end = toks[ci].start, toks[cj - 1].end
        cs, ce = toks[cue.cue_i].start, toks[cue.cue_j - 1].end
        self.quotes.append(Quote(  # speaker: a mention id until the entities stage (a pending role may resolve later)
            id=f"q{len(self.quotes) + 1}", speaker=speaker, text=doc.raw[start:end], content=(start, end),
            cue=(cs, ce), kind=cue.kind,
            evidence=evidence(doc, cue.sent, 0.85 if cue.kind == "direct" else 0.7, f"rule:speech-verb-{cue.kind}"),
        ))
