"""The mention model of the default build: a CRF that reads the rules' own mentions as features (stacking).

Each token gets the base features of ``Featurizer`` (its form, affixes, shape, window, first-name and lexicon hits)
plus what the rules said about it and its neighbours (``r=B-ORG``, ``r=I-ORG:nested``…), so the model learns from
annotated articles where the rules are right, where they run too far, and what they miss (a foreign name with no
title). It labels PER, ORG, ROLE, EVENT and LOC. ``MentionModel.view`` tags a document's sentences once and answers
two questions for ``kg.extract.vote``: which spans the model finds (``spans``), and how strongly it supports a span
the rules found (``support``: the probability of that exact labelling, from the CRF's marginals).

This module only runs a model; ``kg.ner.train_stacked`` trains one, and ``kg/models/README.md`` says how the
shipped one was made.
"""

from __future__ import annotations

import bisect
import json
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pycrfsuite

from kg.errors import ModelError
from kg.ner.crf import load_model_bytes
from kg.ner.features import Featurizer
from kg.ner.metrics import iob_spans
from kg.types import Doc, Mention

__all__ = ["FORMAT", "LABELS", "DocView", "MentionModel", "default_model", "load_mention_model", "rule_marks",
           "stacked_features"]

FORMAT = "peyvand-stacked-crf/1"
LABELS = ("PER", "ORG", "ROLE", "EVENT", "LOC")
DEFAULT_MODEL = "mentions.crf"


def rule_marks(doc: Doc, mentions: Sequence[Mention]) -> list[list[str]]:
    """Per token of ``doc``, what the rules' mentions say about it: ``B-ORG``, ``I-ORG`` and with the form,
    ``B-ORG:implied``. Tokens a mention covers only in part count as covered."""
    marks: list[list[str]] = [[] for _ in doc.tokens]
    starts = [t.start for t in doc.tokens]
    for m in mentions:
        if m.label not in LABELS:
            continue
        i = max(0, bisect.bisect_right(starts, m.start) - 1)
        if doc.tokens and doc.tokens[i].end <= m.start:
            i += 1
        k = 0
        while i < len(doc.tokens) and doc.tokens[i].start < m.end:
            bio = "B-" if k == 0 else "I-"
            marks[i] += [bio + m.label, f"{bio}{m.label}:{m.form.value}"]
            i += 1
            k += 1
    return marks


def stacked_features(base: Featurizer, tokens: Sequence[str], marks: Sequence[Sequence[str]]) -> list[list[str]]:
    """Features of one sentence: the base ones, the rule marks of each token, and the plain marks of its
    neighbours (``O`` where the rules found nothing)."""
    feats = base.sentence(tokens)
    n = len(tokens)
    for j in range(n):
        feats[j] += [f"r={r}" for r in marks[j]] or ["r=O"]
        for d in (-1, 1):
            k = j + d
            if 0 <= k < n:
                feats[j] += [f"r[{d}]={r}" for r in marks[k] if ":" not in r] or [f"r[{d}]=O"]
    return feats


@dataclass(frozen=True, slots=True)
class DocView:
    """The model's reading of one document: token tags with their marginals, and the spans they make."""

    doc: Doc
    tags: tuple[str, ...]
    marginals: tuple[dict[str, float], ...]  # per token: tag -> probability (only tags worth asking about)

    def spans(self) -> list[tuple[int, int, str, float]]:
        """``(first_token, end_token, label, score)``; score is the smallest marginal of the span's tags."""
        out = []
        for s in self.doc.sents:
            a, b = s.first_token, s.last_token
            for i, j, label in iob_spans(self.tags[a:b]):
                i, j = a + i, a + j
                out.append((i, j, label, min(self.marginals[k][self.tags[k]] for k in range(i, j))))
        return out

    def support(self, i: int, j: int, label: str) -> float:
        """How strongly the model reads tokens ``[i, j)`` as one ``label`` mention: the smallest marginal of
        ``B-label`` at ``i`` and ``I-label`` after it (0 where the model never considered the label)."""
        if not 0 <= i < j <= len(self.tags):
            return 0.0
        p = self.marginals[i].get(f"B-{label}", 0.0)
        for k in range(i + 1, j):
            p = min(p, self.marginals[k].get(f"I-{label}", 0.0))
        return p


class MentionModel:
    """A loaded stacked model: ``view(doc, rule_mentions)`` tags a document with it."""

    def __init__(self, tagger: pycrfsuite.Tagger, model_bytes: bytes, featurizer: Featurizer, meta: dict[str, Any]):
        self._tagger = tagger
        self._bytes = model_bytes  # crfsuite reads this buffer in place: it must outlive the tagger
        self.featurizer = featurizer
        self.meta = meta
        self.labels = tuple(meta.get("labels", ()))
        self.name = str(meta.get("name", "peyvand"))

    def view(self, doc: Doc, rule_mentions: Sequence[Mention]) -> DocView:
        """Tag every sentence; keep the marginal of each token's own tag, and of ``B-``/``I-`` of a rule name's
        label on the tokens that name covers (what ``DocView.support`` asks; nothing else is computed)."""
        marks = rule_marks(doc, rule_mentions)
        asked: list[set[str]] = [set() for _ in doc.tokens]
        for k, mk in enumerate(marks):
            for m in mk:
                if ":" not in m:
                    lab = m[2:]
                    asked[k].update(t for t in (f"B-{lab}", f"I-{lab}") if t in self.labels)
        tags: list[str] = []
        margs: list[dict[str, float]] = []
        for s in doc.sents:
            a, b = s.first_token, s.last_token
            if a >= b:
                continue
            toks = [t.norm or t.text for t in doc.tokens[a:b]]
            seq = self._tagger.tag(stacked_features(self.featurizer, toks, marks[a:b]))
            marginal = self._tagger.marginal
            for k, tag in enumerate(seq):
                tags.append(tag)
                margs.append({t: marginal(t, k) for t in {*asked[a + k], tag}})
        return DocView(doc, tuple(tags), tuple(margs))


def load_mention_model(path: str | Path) -> MentionModel:
    """Open a stacked model file (``kg train-mentions``). Raises ``ModelError`` (one line) when it is unusable."""
    p = Path(path)
    if not p.is_file():
        raise ModelError(f"{p}: no such mention model file")
    try:
        with zipfile.ZipFile(p) as zf:
            meta = json.loads(zf.read("meta.json").decode("utf-8"))
            model_bytes = zf.read("model.crfsuite")
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError, ValueError) as exc:
        raise ModelError(f"{p}: not a Peyvand mention model ({type(exc).__name__})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        got = meta.get("format") if isinstance(meta, dict) else None
        raise ModelError(f"{p}: not a Peyvand mention model (format {got!r})")
    tagger = load_model_bytes(model_bytes, meta, p)
    lexicon = {k: frozenset(v) for k, v in meta.get("lexicon", {}).items()}
    return MentionModel(tagger, model_bytes, Featurizer(lexicon), meta)


@cache
def default_model() -> MentionModel | None:
    """The model shipped in ``kg/models`` (loaded once per process, on first use), or None if it is absent."""
    ref = resources.files("kg.models").joinpath(DEFAULT_MODEL)
    if not ref.is_file():
        return None
    with resources.as_file(ref) as path:
        return load_mention_model(path)
