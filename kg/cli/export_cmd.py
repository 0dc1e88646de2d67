"""`kg export STORE -o FILE`: write a store or build file as TriG, N-Quads, JSON-LD, Turtle, N-Triples or RDF/XML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli._util import console, visible


@app.command("export")
def export_cli(
    store: Annotated[str, typer.Argument(help="A store directory or any file `kg build` writes.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output file: .trig .nq .jsonld .ttl .nt .rdf .owl")],
    force: Annotated[bool, typer.Option("--force", help="Replace OUT if it exists.")] = False,
) -> None:
    """Export every graph of a store to one RDF file (format from the extension); an existing file needs --force."""
    from kg.export import export_file

    path = export_file(store, out, overwrite=force)
    console.print(visible(f"wrote {path}"), markup=False, highlight=False)
