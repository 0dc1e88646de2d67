"""`kg train-ner`: train a CRF tagger from IOB corpora the user holds (nothing is shipped or downloaded)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli._util import console, out


@app.command("train-ner")
def train_ner_cli(
    corpus: Annotated[list[str], typer.Argument(
        help="IOB files (`token TAG` or `token<TAB>TAG`), directories, or zips; `a.zip#glob` picks members.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Model file to write.")],
    holdout: Annotated[float, typer.Option(help="Fraction of sentences held out to report F1.")] = 0.1,
    max_iterations: Annotated[int, typer.Option(help="L-BFGS iterations at most.")] = 100,
    min_freq: Annotated[int, typer.Option(help="Drop features seen fewer times than this.")] = 1,
) -> None:
    """Train a CRF named-entity tagger (PER/ORG/LOC/EVENT) for `kg build --ner-model`."""
    from kg.ner import TrainConfig, train_files  # imported here: the default CLI never loads crfsuite

    config = TrainConfig(max_iterations=max_iterations, holdout=holdout, min_freq=min_freq)
    report = train_files(corpus, output, config, progress=lambda msg: console.print(f"[dim]{msg}[/dim]"))
    out.print(f"wrote {report.path} ({report.train_sentences} sentences, {report.iterations} iterations, "
              f"{report.seconds:.0f}s)")
    if report.scores:
        cells = "  ".join(f"{lab} {s.f1:.3f}" for lab, s in report.scores.items() if s.tp + s.fn)
        out.print(f"held-out F1 ({report.holdout_sentences} sentences, exact span): {cells}")


@app.command("train-mentions")
def train_mentions_cli(
    gold: Annotated[list[Path], typer.Argument(help="Gold files or folders with mention offsets (train split).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Model file to write.")],
    corpus: Annotated[Path, typer.Option(help="The corpus the gold files name.")] = Path(
        "../shared/corpus/fars-news/fars-news.jsonl"),
) -> None:
    """Train the default build's mention model (stacked on the rules) from annotated articles."""
    from kg.ner.train_stacked import train_mentions

    report = train_mentions(gold, output, corpus, progress=lambda msg: console.print(f"[dim]{msg}[/dim]"))
    out.print(f"wrote {report.path} ({report.articles} articles, {report.sentences} sentences, "
              f"{report.tokens} tokens, {report.seconds:.0f}s)")
