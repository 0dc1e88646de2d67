"""`kg eval`: precision, recall and F1 per fact type against hand-annotated gold articles."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from kg.cli import app
from kg.cli._util import out, visible


@app.command("eval")
def eval_cli(
    gold: Annotated[list[Path], typer.Argument(help="gold files or folders of them (tests/gold)")],
    corpus: Annotated[Path, typer.Option(help="JSONL corpus holding the gold articles")] = Path(
        "../shared/corpus/fars-news/fars-news.jsonl"),
    graph: Annotated[Path | None, typer.Option(
        "--graph", "--store", help="score a pre-built graph file or store instead of building")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
    details: Annotated[bool, typer.Option("--details", help="list false positives and misses per article")] = False,
    ner_model: Annotated[Path | None, typer.Option(
        "--ner-model", help="add a `kg train-ner` model's mentions to the rules when building")] = None,
    rules_only: Annotated[bool, typer.Option("--rules-only", help="build without the shipped mention model")] = False,
) -> None:
    """Build each gold article (or read it from --graph) and score the graph against the gold annotations."""
    from kg.eval import evaluate

    taggers = ()
    if ner_model is not None:
        from kg.ner import load_tagger

        taggers = (load_tagger(ner_model),)
    report = evaluate(gold, corpus=corpus, graph=graph, taggers=taggers, rules_only=rules_only)
    if as_json:
        out.print(report.to_json(details), markup=False, highlight=False, soft_wrap=True)
        return
    _print_table(report)
    if details:
        _print_details(report)


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _print_table(report) -> None:
    table = Table(title=f"kg eval — {len(report.articles)} gold articles ({report.mode}), micro-averaged")
    for col in ("fact type", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(col, justify="left" if col == "fact type" else "right")
    for kind, c in report.totals.items():
        table.add_row(kind, _fmt(c.precision), _fmt(c.recall), _fmt(c.f1), str(c.tp), str(c.fp), str(c.fn))
    out.print(table)
    for label, why in report.skipped:
        out.print(Text(visible(f"{label}: skipped ({why})"), style="dim"), highlight=False)
    for a in report.articles:
        if a.error:
            out.print(Text(visible(f"{a.id}: {a.error}"), style="yellow"), highlight=False)


def _print_details(report) -> None:
    for a in report.articles:
        out.rule(a.id)
        counts = "  ".join(f"{k} {c.tp}/{c.fp}/{c.fn}" for k, c in a.counts.items() if c.tp or c.fp or c.fn)
        out.print(f"  tp/fp/fn: {counts}", markup=False, highlight=False, soft_wrap=True)
        for kind in a.counts:
            for fact in a.fp[kind]:
                out.print(visible(f"  FP {kind}: {fact}"), markup=False, highlight=False, soft_wrap=True)
            for fact in a.fn[kind]:
                out.print(visible(f"  FN {kind}: {fact}"), markup=False, highlight=False, soft_wrap=True)
