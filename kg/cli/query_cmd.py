"""`kg query STORE QUERY`: run a competency query (by name), a .rq file or SPARQL text on a store or file."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from kg.cli import app
from kg.cli._util import out
from kg.errors import QueryError


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _parse_binds(binds: list[str]) -> dict[str, str]:
    pairs = {}
    for b in binds:
        name, sep, value = b.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--bind expects name=value, got {b!r}")
        pairs[name.strip()] = value
    return pairs


@app.command("query")
def query_cli(
    store: Annotated[str, typer.Argument(help="A store directory or any file `kg build` writes.")],
    query: Annotated[str, typer.Argument(help="A competency query name (posts, participants, quotes, units, "
                                               "provenance, coparticipation, mentions), a .rq file, or SPARQL.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    bind: Annotated[list[str] | None, typer.Option("--bind", "-b", help="name=value (repeatable).")] = None,
) -> None:
    """Run a SPARQL query and print its results."""
    from kg.store.query import result_rows, run_query

    res = run_query(store, query, bindings=_parse_binds(bind or []))
    if fmt is Format.table:
        cols, rows = result_rows(res, compact=True)
        table = Table(show_lines=False)
        for c in cols:
            table.add_column(c, overflow="fold")
        for row in rows:
            table.add_row(*row)
        out.print(table)
        return
    data = res.serialize(format="csv" if fmt is Format.csv else "json")
    out.file.write(data.decode("utf-8") if isinstance(data, bytes) else data)
    out.file.write("\n")
