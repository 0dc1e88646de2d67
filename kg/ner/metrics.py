"""Entity spans from IOB2 tags, and exact-match span precision/recall/F1 per label (the CoNLL measure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Score", "iob_spans", "span_scores"]


@dataclass(frozen=True, slots=True)
class Score:
    """Counts and exact-span precision/recall/F1 for one label (or ``ALL``)."""

    label: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def iob_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(first, end, label)`` token spans; an ``I-X`` that does not continue an ``X`` starts a new span."""
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, lab = tag.partition("-")
        if label and (prefix != "I" or lab != label):
            spans.append((start, i, label))
            label = ""
        if prefix in ("B", "I") and not label:
            start, label = i, lab
    return spans


def span_scores(
    gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]], labels: Sequence[str] = ()
) -> dict[str, Score]:
    """Exact-match scores per label over paired tag sequences, plus ``ALL`` (micro-averaged)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(iob_spans(g)), set(iob_spans(p))
        for s in gs & ps:
            tp[s[2]] += 1
        for s in ps - gs:
            fp[s[2]] += 1
        for s in gs - ps:
            fn[s[2]] += 1
    names = list(labels) or sorted(set(tp) | set(fp) | set(fn))
    out = {lab: Score(lab, tp[lab], fp[lab], fn[lab]) for lab in names}
    out["ALL"] = Score("ALL", sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return out
