"""`kg query STORE QUERY`: run a competency query (by name), a .rq file or SPARQL text on a store or file.

Results are data, printed as data: no value is read as markup, and control characters (a terminal's escape
sequences) are written as visible escapes wherever they would reach a terminal. A table goes to a terminal; when
stdout is a pipe or a file, the same rows come out whole as TSV (one row per line, tabs and newlines escaped).
"""

from __future__ import annotations

import csv
import io
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from kg.cli import app
from kg.cli._util import out, tsv_field, visible
from kg.errors import QueryError


class Format(StrEnum):
    table = "table"
    tsv = "tsv"
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


def _csv(cols: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(cols)
    writer.writerows(rows)
    return buf.getvalue()


def _serialized(res, fmt: Format) -> str:
    """CSV or JSON text of any result: SPARQL results for SELECT and ASK, CSV rows or JSON-LD for graphs."""
    from kg.store.query import result_rows

    if res.type in ("CONSTRUCT", "DESCRIBE"):
        if fmt is Format.csv:
            return _csv(*result_rows(res))
        return res.graph.serialize(format="json-ld")
    if res.type == "ASK" and fmt is Format.csv:
        return _csv(*result_rows(res))
    data = res.serialize(format=fmt.value)
    return data.decode("utf-8") if isinstance(data, bytes) else data


@app.command("query")
def query_cli(
    store: Annotated[str, typer.Argument(help="A store directory or any file `kg build` writes.")],
    query: Annotated[str, typer.Argument(help="A competency query name (posts, participants, quotes, units, "
                                               "provenance, coparticipation, mentions), a .rq file, or SPARQL.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table (TSV when not printed to a terminal), tsv, "
                                                               "csv, or json (JSON-LD for CONSTRUCT/DESCRIBE).")
                   ] = Format.table,
    bind: Annotated[list[str] | None, typer.Option("--bind", "-b", help="name=value (repeatable).")] = None,
) -> None:
    """Run a SPARQL query and print its results."""
    from kg.store.query import result_rows, run_query

    res = run_query(store, query, bindings=_parse_binds(bind or []))
    if fmt is Format.table and out.is_terminal:
        cols, rows = result_rows(res, compact=True)
        table = Table(show_lines=False)
        for c in cols:
            table.add_column(Text(visible(c)), overflow="fold")
        for row in rows:
            table.add_row(*(Text(visible(v)) for v in row))
        out.print(table)
        return
    if fmt in (Format.table, Format.tsv):
        cols, rows = result_rows(res, compact=fmt is Format.table)
        text = "".join("\t".join(tsv_field(v) for v in line) + "\n" for line in [cols, *rows])
    else:
        text = _serialized(res, fmt)
        if out.is_terminal:
            text = visible(text, keep="\t\n\r")
        text = text.rstrip("\n") + "\n"
    out.file.write(text)
    out.file.flush()
