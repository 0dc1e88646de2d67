"""`kg build INPUT... -o OUT`: articles → graph, written by OUT's extension or into a persistent store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli._util import console, visible
from kg.graph.vocab import DEFAULT_BASE


def _warn(msg: str) -> None:
    console.print(f"warning: {visible(msg)}", markup=False, highlight=False, soft_wrap=True)


@app.command("build")
def build_cli(
    inputs: Annotated[list[Path], typer.Argument(help="Article .txt files, folders, or JSONL corpora.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="A store directory / *.oxigraph (articles added or "
                                                          "replaced, the rest kept), or a file .trig .nq .jsonld "
                                                          ".ttl .nt .rdf .owl (written whole from these inputs).")],
    force: Annotated[bool, typer.Option("--force", help="Replace OUT when it is an existing file.")] = False,
    base_iri: Annotated[str, typer.Option("--base-iri", help="Base IRI of minted resources.")] = DEFAULT_BASE,
    workers: Annotated[int | None, typer.Option("--workers", "-j", min=1,
                                                help="Extraction processes (default: every core).")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Extract on a Dask cluster, e.g. "
                                                                       "tcp://host:8786.")] = None,
    ner_model: Annotated[Path | None, typer.Option("--ner-model", help="A CRF model from `kg train-ner`: its "
                                                   "mentions join the rules'.")] = None,
    rules_only: Annotated[bool, typer.Option("--rules-only", help="Leave out the shipped mention model: about "
                                             "2.5× faster extraction, lower recall of names (README, Accuracy).")]
    = False,
) -> None:
    """Extract every article and write its facts as RDF, one named graph per article."""
    from kg.build import build_graph
    from kg.corpus import count_inputs, progress

    with progress(console) as bar:
        task = bar.add_task("build", total=count_inputs(inputs))
        report = build_graph(inputs, out, base_iri=base_iri, on_warning=_warn, workers=workers,
                             scheduler=scheduler, ner_model=ner_model, on_article=lambda: bar.advance(task),
                             overwrite=force, rules_only=rules_only)
    notes = [f"{report.skipped} skipped, {report.failed} failed"] if report.skipped or report.failed else []
    if report.replaced:
        notes.append("replaced the previous file")
    console.print(visible(f"{report.articles} article(s), {report.quads} quads → {report.out}"
                          + (f" ({'; '.join(notes)})" if notes else "")),
                  markup=False, highlight=False, soft_wrap=True)
