"""Benchmark the CRF tagger on ARMAN and PEYMA, beside published figures and the rules-only extractor.

Reads the research-licensed corpora in place from ``../shared/datasets/ner`` (or ``--data``); every model is
trained into a temporary directory and deleted, nothing is written to the repository.

    .venv/bin/python bench/ner.py                  # ~5 min on 2 idle cores
    .venv/bin/python bench/ner.py --rules-sentences 0   # CRF only

Measures exact-span F1 per type (CoNLL style) for: ARMAN's three folds (train fold k -> test fold k), ARMAN ->
PEYMA 300K and PEYMA 300K -> ARMAN (PER/ORG/LOC only: PEYMA has no events). On the first N sentences of each test
set it also runs the rule extractor (``kg.extract.extract``) on the detokenized sentence, alone and with the CRF
as an extra mention source, and scores PER/ORG at the character-span level (exact and overlap). Last, ``kg eval``
on the gold articles (tests/gold) with and without the ARMAN-trained CRF.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from kg.ner import (
    BUILD_LABELS,
    LABELS,
    TAG_MAP,
    CrfTagger,
    Score,
    TaggedSentence,
    TrainConfig,
    iob_spans,
    load_model,
    read_iob,
    span_scores,
    train,
)
from kg.types import Article, Mention

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "ner"
SHARED = ("PER", "ORG", "LOC")  # labels both corpora annotate
NO_EVENT = {k: v for k, v in TAG_MAP.items() if v != "EVENT"}

# Published exact-span (CoNLL) F1, in %. They cover each corpus's own label set (ARMAN: 6 classes incl. facility
# and product; PEYMA: 7 incl. date/time/money/percent) and their own splits, so they bound, not match, ours.
PUBLISHED = [
    ("ARMAN", "PersoNER (Poostchi et al., COLING 2016)", "65.13", "ARMAN README, ref [1]"),
    ("ARMAN", "BiLSTM-CRF (Poostchi et al., LREC 2018)", "77.45", "ARMAN README, ref [2]"),
    ("ARMAN", "IEEE doc. 8661067", "76.79", "ARMAN README"),
    ("ARMAN", "IEEE doc. 8700549", "84.23", "ARMAN README"),
    ("ARMAN", "ParsBERT (Farahani et al. 2020, arXiv:2005.12515)", "98.79",
     "HooshvareLab armanner test_results.txt (ParsBERT's own split)"),
    ("PEYMA", "ParsBERT (Farahani et al. 2020)", "93.10?",
     "recalled from the paper's table, NOT verified here; an old model card row shows 98.79*"),
    ("PEYMA", "Beheshti-NER (Taher et al. 2020)", "90.59", "ParsBERT PEYMA model card"),
    ("PEYMA", "Rule-based CRF", "84.00", "ParsBERT PEYMA model card"),
]


def _drop(tags: Sequence[str], labels: set[str]) -> tuple[str, ...]:
    return tuple("O" if t.partition("-")[2] in labels else t for t in tags)


def _row(name: str, scores: dict[str, Score], labels: Sequence[str]) -> str:
    cells = "  ".join(f"{lab} {scores[lab].f1:.3f}" for lab in labels if lab in scores)
    allp = scores["ALL"]
    return f"  {name:34s} {cells}   ALL P {allp.precision:.3f} R {allp.recall:.3f} F1 {allp.f1:.3f}"


def _crf(train_set: list[TaggedSentence], test_set: list[TaggedSentence], labels: Sequence[str], tmp: Path,
         name: str, config: TrainConfig) -> tuple[dict[str, Score], Path]:
    path = tmp / f"{name}.model"
    t0 = time.perf_counter()
    train(train_set, path, config)
    t1 = time.perf_counter()
    model = load_model(path)
    drop = set(LABELS) - set(labels)
    gold = [_drop(s.tags, drop) for s in test_set]
    pred = [_drop(model.tag(s.tokens), drop) for s in test_set]
    scores = span_scores(gold, pred, labels)
    print(_row(f"{name} (train {t1 - t0:.0f}s, tag {time.perf_counter() - t1:.0f}s)", scores, labels), flush=True)
    return scores, path


def _char_spans(s: TaggedSentence, labels: set[str]) -> tuple[str, set[tuple[int, int, str]]]:
    """The sentence detokenized with single spaces, and its gold entity spans as character offsets."""
    starts, pos = [], 0
    for tok in s.tokens:
        starts.append(pos)
        pos += len(tok) + 1
    text = " ".join(s.tokens)
    spans = {(starts[a], starts[b - 1] + len(s.tokens[b - 1]), lab) for a, b, lab in iob_spans(s.tags)
             if lab in labels}
    return text, spans


def _char_scores(gold: list[set], pred: list[set], labels: Sequence[str]) -> dict[str, tuple[float, float]]:
    """Per label: (exact-span F1, overlap F1) at the character level."""
    out = {}
    for lab in labels:
        tp = fp = fn = otp_p = otp_g = n_p = n_g = 0
        for g, p in zip(gold, pred, strict=True):
            gs, ps = {x for x in g if x[2] == lab}, {x for x in p if x[2] == lab}
            tp += len(gs & ps)
            fp += len(ps - gs)
            fn += len(gs - ps)
            n_p, n_g = n_p + len(ps), n_g + len(gs)
            otp_p += sum(any(a < d and c < b for c, d, _ in gs) for a, b, _ in ps)
            otp_g += sum(any(a < d and c < b for c, d, _ in ps) for a, b, _ in gs)
        exact = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        op, orc = (otp_p / n_p if n_p else 0.0), (otp_g / n_g if n_g else 0.0)
        out[lab] = (exact, 2 * op * orc / (op + orc) if op + orc else 0.0)
    return out


def _rules(test_set: list[TaggedSentence], model_path: Path, n: int) -> None:
    """PER/ORG character-span F1 on the first ``n`` sentences: the CRF on the corpus tokens and on a ``Doc`` of the
    detokenized text (the two should agree: same featurizer), rules only, and rules + CRF as ``kg build
    --ner-model`` merges it (``BUILD_LABELS``)."""
    try:
        from kg.extract import extract, load_lexicons
        from kg.text import make_doc
    except ImportError as exc:
        print(f"  rules comparison pending: {exc}")
        return
    labels = ("PER", "ORG")
    lex = load_lexicons()
    model = load_model(model_path)
    tagger, build_tagger = CrfTagger(model), CrfTagger(model, labels=BUILD_LABELS)
    sample = test_set[:n]
    gold, texts = [], []
    for s in sample:
        text, spans = _char_spans(s, set(labels))
        texts.append(text)
        gold.append(spans)
    def crf_tokens(i: int, _text: str) -> list[Mention]:
        s = sample[i]
        _, spans = _char_spans(TaggedSentence(s.tokens, tuple(model.tag(s.tokens))), set(labels))
        return [Mention(f"m{k}", a, b, "", lab, "", "", "", 1.0) for k, (a, b, lab) in enumerate(spans)]

    systems = {
        "CRF on tokens": crf_tokens,
        "CRF via Doc": lambda i, t: tagger.find(make_doc(t, f"s{i}")),
        "rules only": lambda i, t: extract(Article(id=f"s{i}", text=t), lex).mentions,
        "rules + CRF": lambda i, t: extract(Article(id=f"s{i}", text=t), lex, taggers=[build_tagger]).mentions,
    }
    for name, run in systems.items():
        t0 = time.perf_counter()
        pred = [{(m.start, m.end, m.label) for m in run(i, t) if m.label in labels} for i, t in enumerate(texts)]
        res = _char_scores(gold, pred, labels)
        cells = "  ".join(f"{lab} {ex:.3f} (overlap {ov:.3f})" for lab, (ex, ov) in res.items())
        print(f"    {name:14s} {cells}   [{time.perf_counter() - t0:.0f}s]", flush=True)


def _gold(gold: Path, corpus: Path, model_path: Path) -> None:
    """``kg eval`` on the gold articles: rules only vs rules + the ARMAN-trained CRF passing on ``BUILD_LABELS``
    (what ``load_tagger`` gives a build), PER/LOC, and every label."""

    import kg.eval.run as eval_run

    model = load_model(model_path)
    print(f"\nGold articles ({gold}), kg eval precision / recall: rules only vs rules + CRF (ARMAN all)")
    runs: dict[str, dict] = {}
    variants = [("rules", [])] + [("+CRF " + "/".join(labs), [CrfTagger(model, labels=labs)])
                                  for labs in dict.fromkeys((BUILD_LABELS, ("PER", "LOC"), LABELS))]
    for name, taggers in variants:
        runs[name] = eval_run.evaluate([gold], corpus=corpus, taggers=taggers).to_dict()["totals"]
    base = runs["rules"]
    for fact, c in base.items():
        cells = [f"{c['precision'] or 0:.3f} / {c['recall'] or 0:.3f}"]
        for name in list(runs)[1:]:
            d = runs[name][fact]
            dp, dr = (d["precision"] or 0) - (c["precision"] or 0), (d["recall"] or 0) - (c["recall"] or 0)
            cells.append(f"{name}: P {dp:+.3f} R {dr:+.3f}")
        print(f"  {fact:17s} " + "   ".join(cells))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA, help="folder holding arman/ and peyma/ (default ../shared)")
    ap.add_argument("--max-iterations", type=int, default=60)
    ap.add_argument("--rules-sentences", type=int, default=1000,
                    help="sentences per test set for the rules comparison (0 = skip)")
    ap.add_argument("--gold", type=Path, default=Path(__file__).resolve().parents[1] / "tests" / "gold")
    ap.add_argument("--corpus", type=Path, default=DATA.parent.parent / "corpus" / "fars-news" / "fars-news.jsonl",
                    help="JSONL corpus holding the gold articles")
    args = ap.parse_args(argv)
    arman = args.data / "arman" / "ArmanPersoNERCorpus.zip"
    peyma = args.data / "peyma" / "Farsi-NER-TrainingDataFixed.zip"
    if not arman.is_file() or not peyma.is_file():
        print(f"corpora not found under {args.data}: nothing to measure")
        return 0
    config = TrainConfig(max_iterations=args.max_iterations, holdout=0.0)
    t_start = time.perf_counter()
    print(f"CRF: {config}\n")
    with tempfile.TemporaryDirectory(prefix="peyvand-ner-bench-") as tmpdir:
        tmp = Path(tmpdir)
        print("ARMAN, train fold k -> test fold k (exact-span F1)")
        folds = []
        for k in (1, 2, 3):
            test_set = read_iob(f"{arman}#test_fold{k}.txt")
            scores, path = _crf(read_iob(f"{arman}#train_fold{k}.txt"), test_set, LABELS, tmp, f"fold {k}", config)
            folds.append(scores)
            if args.rules_sentences:
                _rules(test_set, path, args.rules_sentences)
        mean = {lab: sum(f[lab].f1 for f in folds) / 3 for lab in (*LABELS, "ALL")}
        print("  mean of 3 folds:                   " + "  ".join(f"{k} {v:.3f}" for k, v in mean.items()))

        print("\nCross-corpus (PER/ORG/LOC; EVENT dropped on both sides)")
        arman_all = read_iob(f"{arman}#train_fold1.txt") + read_iob(f"{arman}#test_fold1.txt")
        peyma_set = read_iob(f"{peyma}#300K/*")
        _, path = _crf(arman_all, peyma_set, SHARED, tmp, "ARMAN (all) -> PEYMA 300K", config)
        if args.rules_sentences:
            _rules(peyma_set, path, args.rules_sentences)
        arman_gold = read_iob(f"{arman}#train_fold1.txt", NO_EVENT) + read_iob(f"{arman}#test_fold1.txt", NO_EVENT)
        _crf(peyma_set, arman_gold, SHARED, tmp, "PEYMA 300K -> ARMAN (all)", config)
        if args.gold.is_dir() and args.corpus.is_file():
            _gold(args.gold, args.corpus, path)

    print("\nPublished figures (CoNLL exact-span F1 %, all of each corpus's classes, their own splits)")
    for corpus, system, f1, source in PUBLISHED:
        print(f"  {corpus:6s} {system:52s} {f1:>7s}   {source}")
    print(f"\ntotal {time.perf_counter() - t_start:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
