"""`kg export STORE -o FILE`: write a store or build file as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli._util import console


@app.command("export")
def export_cli(
    store: Annotated[str, typer.Argument(help="A store directory or any file `kg build` writes.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output file: .ttl .nt .nq .trig .jsonld .rdf")],
) -> None:
    """Export every graph of a store to one RDF file (format from the extension)."""
    from kg.export.rdf import export_file

    path = export_file(store, out)
    console.print(f"wrote {path}", markup=False)
