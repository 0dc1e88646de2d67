"""The statistical mention finder: a trained CRF run over a ``Doc``'s sentences, returning raw-offset mentions.

It implements the extractor's ``MentionFinder`` protocol (``find(doc) -> list[Mention]``); the extractor's merge
step weighs its mentions (``source="ner:crf"``, ``score`` = marginal probability) against the rules'.
"""

from __future__ import annotations

from collections.abc import Collection
from itertools import pairwise
from pathlib import Path

from kg.ner.crf import LABELS, CrfModel, load_model
from kg.ner.metrics import iob_spans
from kg.text import name_key
from kg.types import Doc, Mention

__all__ = ["BUILD_LABELS", "SOURCE", "CrfTagger", "load_tagger"]

SOURCE = "ner:crf"
#: Labels ``load_tagger`` passes on to a build. Measured with ``kg eval`` on tests/gold (rules vs rules + an
#: ARMAN-trained CRF, bench/ner.py): PER raised person, quote and participation recall at a person-precision cost
#: of 0.011; LOC raised place recall by 0.38 but its spans inside list items («استان X: name») cut post recall by
#: 0.22; ORG/EVENT spans (often a fragment of the rules' ezafe chains) lowered organization and event scores.
BUILD_LABELS = ("PER",)


class CrfTagger:
    """Finds PER/ORG/LOC/EVENT mentions with a CRF model. Tokens are featurized from ``Token.norm`` (the
    normalized, ZWNJ-repaired form), which is closest to how annotated corpora are written."""

    source = SOURCE

    def __init__(self, model: CrfModel, min_score: float = 0.0, labels: Collection[str] = LABELS) -> None:
        self.model = model
        self.min_score = min_score
        self.labels = frozenset(labels)

    def find(self, doc: Doc) -> list[Mention]:
        """Mentions in ``doc``; a span's score is the smallest marginal probability of its tokens' tags."""
        out: list[Mention] = []
        for sent in doc.sents:
            toks = doc.sent_tokens(sent)
            if not toks:
                continue
            tagged = self.model.tag_marginals([t.norm or t.text for t in toks])
            for first, end, label in iob_spans([tag for tag, _ in tagged]):
                score = min(p for _, p in tagged[first:end])
                if score < self.min_score or label not in self.labels:
                    continue
                span = toks[first:end]
                start, stop = span[0].start, span[-1].end
                norm = span[0].norm
                for prev, tok in pairwise(span):
                    norm += (" " if tok.start > prev.end else "") + tok.norm
                out.append(Mention(
                    id=f"{SOURCE}:{start}-{stop}",
                    start=start,
                    end=stop,
                    text=doc.raw[start:stop],
                    label=label,  # type: ignore[arg-type]  # PER/ORG/LOC/EVENT, all MentionLabels
                    norm=norm,
                    key=name_key(norm),
                    rule=SOURCE,
                    score=round(score, 4),
                    source=SOURCE,
                ))
        return out


def load_tagger(path: str | Path, min_score: float = 0.0, labels: Collection[str] = BUILD_LABELS) -> CrfTagger:
    """Load a model written by ``kg train-ner`` as a build's extra mention source (``labels``: which of its
    mentions to pass on). Raises ``kg.errors.ModelError`` if the file is missing or unreadable."""
    return CrfTagger(load_model(path), min_score, labels)
