"""`kg analyze SOURCE -o report.md|.html`: centrality, communities, co-participation, ego networks and paths."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli._util import console


@app.command("analyze")
def analyze_cli(
    source: Annotated[str, typer.Argument(help="A store directory or any file `kg build` writes.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="The report: .md or .html.")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the results as JSON.")] = None,
    graphml: Annotated[Path | None, typer.Option("--graphml", help="Also write the graph as GraphML "
                                                                    "(Gephi).")] = None,
    ego: Annotated[str | None, typer.Option("--ego", help="Report the facts around this entity.")] = None,
    radius: Annotated[int, typer.Option("--radius", help="Ego network radius.")] = 1,
    path: Annotated[tuple[str, str] | None, typer.Option("--path", help="Explain the shortest connection "
                                                                         "between two entities.")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Louvain seed.")] = 0,
) -> None:
    """Analyse the graph with networkx and write a readable report."""
    from kg.analyze.report import run_analysis

    result = run_analysis(source, out, json_out=json_out, graphml_out=graphml, ego=ego, radius=radius,
                          path=path, seed=seed)
    s = result["summary"]
    if "path" in result:
        pa = result["path"]
        console.print(f"path: {len(pa['steps'])} fact(s) from «{pa['from']}» to «{pa['to']}»" if pa["found"]
                      else pa["note"], markup=False, soft_wrap=True)
    console.print(f"{sum(s['entities'].values())} entities, {sum(s['facts'].values())} facts → {out}",
                  markup=False, soft_wrap=True)
