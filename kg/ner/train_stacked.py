"""Train the stacked mention model (``kg.ner.stacked``) on gold articles annotated with mention offsets.

Each gold file with ``mentions`` (``tests/gold-sample/README.md``) is read with its article from the corpus, run
through the rules alone (the model's stacking features are the rules' mentions), and tokenized by the text layer,
so training sees exactly what a build sees. A token takes the label of the outermost gold mention over it
(PER, ORG, ROLE, EVENT, LOC; anaphors and dates are left to the rules).

    kg train-mentions tests/gold-sample/train -o kg/models/mentions.crf    # the shipped model, reproducibly
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pycrfsuite

from kg.errors import InputError
from kg.eval.gold import Gold, GoldMention, load_gold_set
from kg.eval.run import DEFAULT_CORPUS, load_corpus
from kg.extract import extract, load_lexicons
from kg.ner.crf import write_bundle
from kg.ner.features import Featurizer, default_lexicon
from kg.ner.metrics import Score, span_scores
from kg.ner.stacked import FORMAT, LABELS, MentionModel, load_mention_model, rule_marks, stacked_features
from kg.types import Doc

__all__ = [
    "StackedConfig",
    "StackedReport",
    "TrainingSentence",
    "gold_tags",
    "score_model",
    "sequences",
    "train_mentions",
]

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class StackedConfig:
    """L1/L2 weights and iterations; measured on the dev split (``bench/mentions.py``)."""

    c1: float = 0.05
    c2: float = 0.01
    max_iterations: int = 150


@dataclass(frozen=True, slots=True)
class TrainingSentence:
    """One sentence for training: token forms, the rules' marks per token, gold tags."""

    tokens: tuple[str, ...]
    marks: tuple[tuple[str, ...], ...]
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StackedReport:
    path: Path
    articles: int
    sentences: int
    tokens: int
    seconds: float
    scores: dict[str, Score] = field(default_factory=dict)


def gold_tags(doc: Doc, mentions: Iterable[GoldMention]) -> list[str]:
    """IOB2 tags per token of ``doc`` from gold mentions: the outermost mention of a token wins."""
    ms = sorted((m for m in mentions if m.label in LABELS and not m.anaphor), key=lambda m: (m.start, m.start - m.end))
    tags = ["O"] * len(doc.tokens)
    for m in ms:
        idx = [t.i for t in doc.tokens if t.start < m.end and t.end > m.start]
        if not idx or any(tags[i] != "O" for i in idx):
            continue
        for k, i in enumerate(idx):
            tags[i] = ("B-" if k == 0 else "I-") + m.label
    return tags


def sequences(golds: Sequence[Gold], corpus: str | Path = DEFAULT_CORPUS) -> list[TrainingSentence]:
    """Training sentences of every gold article that has mentions (rules alone give the stacking marks)."""
    lex = load_lexicons()
    arts = load_corpus(corpus, {g.id for g in golds})
    out: list[TrainingSentence] = []
    for g in golds:
        if not g.mentions or g.transform:
            continue
        if g.id not in arts:
            raise InputError(f"{g.source}: article {g.id} is not in {corpus}")
        x = extract(arts[g.id], lex, model=None)
        tags, marks = gold_tags(x.doc, g.mentions), rule_marks(x.doc, x.mentions)
        for s in x.doc.sents:
            a, b = s.first_token, s.last_token
            if a < b:
                out.append(TrainingSentence(tuple(t.norm or t.text for t in x.doc.tokens[a:b]),
                                     tuple(tuple(m) for m in marks[a:b]), tuple(tags[a:b])))
    return out


def train_mentions(gold_inputs: Sequence[str | Path], path: str | Path, corpus: str | Path = DEFAULT_CORPUS,
                   config: StackedConfig = StackedConfig(), progress: Progress | None = None) -> StackedReport:
    """Train on every gold file in ``gold_inputs`` and write the model to ``path`` (atomically)."""
    t0 = time.perf_counter()
    say = progress or (lambda _msg: None)
    golds = [g for g in load_gold_set(gold_inputs) if g.mentions and not g.transform]
    if not golds:
        raise InputError("no gold file with mentions to train on (see tests/gold-sample/README.md)")
    say(f"reading {len(golds)} annotated articles")
    seqs = sequences(golds, corpus)
    featurizer = Featurizer(default_lexicon())
    trainer = pycrfsuite.Trainer(verbose=False)
    for s in seqs:
        trainer.append(stacked_features(featurizer, s.tokens, s.marks), list(s.tags))
    trainer.set_params({"c1": config.c1, "c2": config.c2, "max_iterations": config.max_iterations,
                        "feature.possible_transitions": True})
    say(f"training on {len(seqs)} sentences")
    with tempfile.TemporaryDirectory(prefix="peyvand-mentions-") as tmp:
        raw = os.path.join(tmp, "model.crfsuite")
        trainer.train(raw)
        model_bytes = Path(raw).read_bytes()
    meta = {
        "format": FORMAT,
        "name": "peyvand-mentions",
        "labels": sorted({t for s in seqs for t in s.tags}),
        "lexicon": {k: sorted(v) for k, v in sorted(featurizer.lexicon.items())},
        "sha256": hashlib.sha256(model_bytes).hexdigest(),
        "trained_on": sorted(g.id for g in golds),
        "config": {k: getattr(config, k) for k in config.__slots__},
    }
    out = Path(path)
    write_bundle(out, model_bytes, meta)
    return StackedReport(out, len(golds), len(seqs), sum(len(s.tags) for s in seqs), time.perf_counter() - t0)


def score_model(model: MentionModel | str | Path, gold_inputs: Sequence[str | Path],
                corpus: str | Path = DEFAULT_CORPUS) -> tuple[dict[str, Score], dict[str, Score]]:
    """Exact-span scores per label on gold articles: the model's, and the rules' alone (what it improves on)."""
    m = load_mention_model(model) if isinstance(model, str | Path) else model
    golds = [g for g in load_gold_set(gold_inputs) if g.mentions and not g.transform]
    arts = load_corpus(corpus, {g.id for g in golds})
    lex = load_lexicons()
    gold, pred, rules = [], [], []
    for g in golds:
        x = extract(arts[g.id], lex, model=None)
        view = m.view(x.doc, x.mentions)
        tags = gold_tags(x.doc, g.mentions)
        rt = [next((r for r in mk if ":" not in r), "O") for mk in rule_marks(x.doc, x.mentions)]
        for s in x.doc.sents:
            a, b = s.first_token, s.last_token
            gold.append(tags[a:b])
            pred.append(list(view.tags[a:b]))
            rules.append(rt[a:b])
    return span_scores(gold, pred, LABELS), span_scores(gold, rules, LABELS)
