"""Train, save and load a CRF sequence tagger (python-crfsuite).

A model file is a zip holding ``model.crfsuite`` (crfsuite's own format) and ``meta.json`` (format version,
labels, the lexicon snapshot the features were computed with, training summary, sha256 of the crfsuite bytes).
The checksum and header are verified before crfsuite sees the bytes, because crfsuite crashes the process on a
truncated model instead of raising.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import struct
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycrfsuite

from kg.errors import InputError, ModelError
from kg.ner.features import Featurizer, Lexicon, default_lexicon
from kg.ner.iob import TaggedSentence, read_corpus
from kg.ner.metrics import Score, span_scores

__all__ = ["LABELS", "CrfModel", "TrainConfig", "TrainReport", "evaluate", "load_model", "load_model_bytes", "train",
           "train_files", "write_bundle"]

FORMAT = "peyvand-crf/1"
LABELS = ("PER", "ORG", "LOC", "EVENT")
_MODEL_MEMBER = "model.crfsuite"
_META_MEMBER = "meta.json"

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class TrainConfig:
    """Training knobs. ``min_freq`` prunes features seen fewer times; ``c1``/``c2`` are L1/L2 weights (L1 keeps
    the model small and fast); ``holdout`` is the fraction of sentences kept aside to report F1."""

    max_iterations: int = 100
    c1: float = 0.1
    c2: float = 0.05
    min_freq: int = 1
    holdout: float = 0.1
    seed: int = 0


@dataclass(frozen=True, slots=True)
class TrainReport:
    """What training did: sentence counts, iterations, seconds, and exact-span scores on the held-out part."""

    path: Path
    train_sentences: int
    holdout_sentences: int
    iterations: int
    seconds: float
    scores: dict[str, Score] = field(default_factory=dict)


class CrfModel:
    """A loaded model: the crfsuite tagger plus the featurizer it was trained with."""

    def __init__(
        self, tagger: pycrfsuite.Tagger, model_bytes: bytes, featurizer: Featurizer, meta: dict[str, Any]
    ) -> None:
        self._tagger = tagger
        self._bytes = model_bytes  # crfsuite reads this buffer in place: it must outlive the tagger
        self.featurizer = featurizer
        self.meta = meta

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """IOB2 tags for one sentence of token strings."""
        if not tokens:
            return []
        return list(self._tagger.tag(self.featurizer.sentence(tokens)))

    def tag_marginals(self, tokens: Sequence[str]) -> list[tuple[str, float]]:
        """``(tag, marginal probability of that tag)`` per token of the Viterbi path."""
        tags = self.tag(tokens)
        return [(t, self._tagger.marginal(t, i)) for i, t in enumerate(tags)]


class _Trainer(pycrfsuite.Trainer):
    """A crfsuite trainer that reports each iteration through a callback instead of printing."""

    def __init__(self, progress: Progress | None) -> None:
        super().__init__(verbose=True)  # crfsuite calls the on_* hooks only when verbose
        self._progress = progress
        self.iterations = 0

    def on_start(self, log: str) -> None: ...
    def on_featgen_progress(self, log: str, percent: float) -> None: ...
    def on_featgen_end(self, log: str) -> None: ...
    def on_prepared(self, log: str) -> None: ...
    def on_prepare_error(self, log: str) -> None: ...
    def on_optimization_end(self, log: str) -> None: ...
    def on_end(self, log: str) -> None: ...

    def on_iteration(self, log: str, info: dict[str, Any]) -> None:
        self.iterations = int(info.get("num", self.iterations + 1))
        if self._progress and (self.iterations == 1 or self.iterations % 10 == 0):
            self._progress(f"iteration {self.iterations}: loss {info.get('loss', 0.0):.1f}, "
                           f"{info.get('active_features', 0)} active features")


def _split(sentences: Sequence[TaggedSentence], holdout: float, seed: int) -> tuple[list, list]:
    if not 0.0 <= holdout < 1.0:
        raise InputError(f"holdout must be in [0, 1), got {holdout}")
    order = list(range(len(sentences)))
    random.Random(seed).shuffle(order)
    n_hold = int(len(sentences) * holdout)
    hold = {*order[:n_hold]}
    return ([s for i, s in enumerate(sentences) if i not in hold], [s for i, s in enumerate(sentences) if i in hold])


def evaluate(model: CrfModel, sentences: Sequence[TaggedSentence]) -> dict[str, Score]:
    """Exact-span scores of ``model`` against gold sentences, per label and ``ALL``."""
    return span_scores([s.tags for s in sentences], [model.tag(s.tokens) for s in sentences], LABELS)


def train(
    sentences: Sequence[TaggedSentence],
    path: str | Path,
    config: TrainConfig = TrainConfig(),
    lexicon: Lexicon | None = None,
    progress: Progress | None = None,
) -> TrainReport:
    """Train on ``sentences`` (minus the held-out fraction), write the model to ``path``, report held-out F1.
    ``lexicon=None`` uses the extractor's lexicons (``default_lexicon``); pass ``{}`` for none."""
    t0 = time.perf_counter()
    say = progress or (lambda _msg: None)
    train_part, hold_part = _split(sentences, config.holdout, config.seed)
    if not any(t != "O" for s in train_part for t in s.tags):
        raise InputError("the training sentences hold no PER/ORG/LOC/EVENT tags")
    featurizer = Featurizer(default_lexicon() if lexicon is None else lexicon)
    trainer = _Trainer(progress)
    say(f"featurizing {len(train_part)} sentences ({len(hold_part)} held out)")
    for s in train_part:
        trainer.append(featurizer.sentence(s.tokens), list(s.tags))
    trainer.set_params({
        "c1": config.c1,
        "c2": config.c2,
        "max_iterations": config.max_iterations,
        "feature.minfreq": config.min_freq,
        "feature.possible_transitions": True,
    })
    say(f"training (at most {config.max_iterations} iterations)")
    with tempfile.TemporaryDirectory(prefix="peyvand-crf-") as tmp:
        raw_path = os.path.join(tmp, _MODEL_MEMBER)
        trainer.train(raw_path)
        model_bytes = Path(raw_path).read_bytes()
    meta = {
        "format": FORMAT,
        "labels": sorted({t for s in train_part for t in s.tags}),
        "lexicon": {k: sorted(v) for k, v in sorted(featurizer.lexicon.items())},
        "sha256": hashlib.sha256(model_bytes).hexdigest(),
        "train_sentences": len(train_part),
        "config": {k: getattr(config, k) for k in config.__slots__},
    }
    out = Path(path)
    write_bundle(out, model_bytes, meta)
    scores: dict[str, Score] = {}
    if hold_part:
        say(f"scoring {len(hold_part)} held-out sentences")
        scores = evaluate(_open(model_bytes, meta, out), hold_part)
    return TrainReport(out, len(train_part), len(hold_part), trainer.iterations, time.perf_counter() - t0, scores)


def train_files(
    sources: Sequence[str | Path],
    path: str | Path,
    config: TrainConfig = TrainConfig(),
    progress: Progress | None = None,
) -> TrainReport:
    """Read IOB corpora (files, directories, ``a.zip[#glob]``) and ``train`` on them: what ``kg train-ner`` does."""
    say = progress or (lambda _msg: None)
    sentences, stats = read_corpus(sources)
    if stats.bad_tags > stats.tokens // 2:
        raise InputError(f"{stats.bad_tags} of {stats.tokens} tags are not IOB tags: is this a `token TAG` corpus?")
    say(f"read {stats.sentences} sentences, {stats.tokens} tokens"
        + (f" (skipped {stats.bad_lines} malformed lines)" if stats.bad_lines else "")
        + (f" ({stats.bad_tags} unreadable tags taken as O)" if stats.bad_tags else ""))
    return train(sentences, path, config, progress=progress)


def write_bundle(path: Path, model_bytes: bytes, meta: dict[str, Any]) -> None:
    """Write atomically (temp file + rename), so a failed run never leaves a half model behind."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(_META_MEMBER, json.dumps(meta, ensure_ascii=False, indent=1))
        zf.writestr(_MODEL_MEMBER, model_bytes)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(fd, "wb") as fh:
            fh.write(buf.getvalue())
        os.chmod(tmp, 0o644)  # a model is data others read (mkstemp makes it private)
        os.replace(tmp, path)
    except OSError as exc:
        raise ModelError(f"{path}: cannot write the model ({exc.strerror})") from None
    finally:
        if tmp is not None and Path(tmp).exists():
            Path(tmp).unlink()


def load_model_bytes(model_bytes: bytes, meta: dict[str, Any], where: Path) -> pycrfsuite.Tagger:
    """A crfsuite tagger over ``model_bytes`` once its checksum (``meta["sha256"]``) and header are verified:
    crfsuite crashes the process on a damaged model instead of raising. The bytes must outlive the tagger."""
    if hashlib.sha256(model_bytes).hexdigest() != meta.get("sha256"):
        raise ModelError(f"{where}: model checksum mismatch (file damaged)")
    if len(model_bytes) < 12 or struct.unpack("<4sI", model_bytes[:8]) != (b"lCRF", len(model_bytes)):
        raise ModelError(f"{where}: not a crfsuite model")
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open_inmemory(model_bytes)
    except ValueError as exc:
        raise ModelError(f"{where}: crfsuite cannot open the model ({exc})") from None
    return tagger


def _open(model_bytes: bytes, meta: dict[str, Any], where: Path) -> CrfModel:
    tagger = load_model_bytes(model_bytes, meta, where)
    lexicon = {k: frozenset(v) for k, v in meta.get("lexicon", {}).items()}
    return CrfModel(tagger, model_bytes, Featurizer(lexicon), meta)


def load_model(path: str | Path) -> CrfModel:
    """Open a model written by ``train``. Raises ``ModelError`` (one line) if it is missing or unreadable."""
    p = Path(path)
    if not p.is_file():
        raise ModelError(f"{p}: no such NER model file")
    try:
        with zipfile.ZipFile(p) as zf:
            meta = json.loads(zf.read(_META_MEMBER).decode("utf-8"))
            model_bytes = zf.read(_MODEL_MEMBER)
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError, ValueError) as exc:
        raise ModelError(f"{p}: not a Peyvand NER model ({type(exc).__name__})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelError(f"{p}: unsupported NER model format {meta.get('format') if isinstance(meta, dict) else ''!r}")
    return _open(model_bytes, meta, p)
