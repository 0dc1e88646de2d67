"""`kg remove STORE ARTICLE_ID...`: take articles out of a store; entities other articles mention stay."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli._util import console, visible


@app.command("remove")
def remove_cli(
    store: Annotated[Path, typer.Argument(help="A store directory written by `kg build`.")],
    article_ids: Annotated[list[str], typer.Argument(help="Article ids (the .txt file stem or the JSONL id).")],
) -> None:
    """Remove every named graph of these articles (all versions); shared entities keep other articles' facts."""
    from kg.build import remove_articles

    removed, missing = remove_articles(store, article_ids)
    for aid in missing:
        console.print(visible(f"warning: {aid}: no such article in {store}"), markup=False, highlight=False)
    console.print(visible(f"{removed} graph(s) removed from {store}"), markup=False, highlight=False)
