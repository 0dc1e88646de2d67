"""`kg viz SOURCE -o page.html`: a self-contained interactive page of the graph (opens offline)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli._util import console, visible


@app.command("viz")
def viz_cli(
    source: Annotated[str, typer.Argument(help="A store directory or any file `kg build` writes.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="The page to write (.html).")],
    focus: Annotated[str | None, typer.Option("--focus", help="Only the neighbourhood of this entity "
                                                              "(IRI or name).")] = None,
    depth: Annotated[int, typer.Option("--depth", help="Facts away from --focus to include.")] = 1,
    community: Annotated[int | None, typer.Option("--community", help="Only the K-th largest community "
                                                                       "(Louvain; 1 = largest).")] = None,
    max_nodes: Annotated[int, typer.Option("--max-nodes", help="The page holds at most this many entities, the "
                                                                "most central (the page says so).")] = 6000,
    opening: Annotated[int, typer.Option("--opening", help="Draw about this many at first (the largest "
                                                            "connected groups); search, filters and clicks show "
                                                            "the rest.")] = 100,
    isolated: Annotated[bool, typer.Option("--isolated", help="Also draw entities in no fact.")] = False,
    seed: Annotated[int, typer.Option("--seed", help="Layout seed.")] = 0,
) -> None:
    """Draw the graph as an HTML page: colour and shape by type, roles on edges, evidence in tooltips."""
    from kg.view.viz import write_view

    info = write_view(source, out, focus=focus, depth=depth, community=community, max_nodes=max_nodes,
                      opening=opening, isolated=isolated, seed=seed)
    for note in info["notices"]:
        console.print(visible(note), markup=False, highlight=False, soft_wrap=True)
    opens = (f"; it opens on {info['open']:,}: {info['opening']}" if info["open"] < info["nodes"] else "")
    console.print(visible(f"{info['nodes']:,} entities, {info['edges']:,} edges{opens} → {info['out']} "
                          f"({info['bytes'] / 1e6:.1f} MB)"), markup=False, highlight=False, soft_wrap=True)
