"""The ``kg`` command line: a thin Typer layer over the library API.

Each command lives in its own module and calls one public library function. Exit codes: 0 on success, 1 on a
``PeyvandError`` (printed as one line), 2 on usage errors.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

import kg
from kg.cli._util import visible
from kg.errors import PeyvandError

app = typer.Typer(
    name="kg",
    help="Peyvand (پیوند): build, query, analyse and view knowledge graphs from Persian news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def version() -> str:
    """The installed package's version (what ``pip`` installed), or the source tree's."""
    from importlib import metadata  # only for --version: every other command starts without it

    try:
        return metadata.version("peyvand")
    except metadata.PackageNotFoundError:
        return kg.__version__


def _print_version(value: bool) -> None:
    if value:
        print(f"kg (peyvand) {version()}")
        raise typer.Exit()


@app.callback()
def _root(
    show_version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                               help="Print the version and exit.")] = False,
) -> None:
    """Peyvand (پیوند): build, query, analyse and view knowledge graphs from Persian news."""


# Command modules register themselves on ``app`` when imported.
from kg.cli import (  # noqa: E402,F401
    analyze_cmd,
    build_cmd,
    eval_cmd,
    export_cmd,
    ner_cmd,
    query_cmd,
    remove_cmd,
    serve_cmd,
    viz_cmd,
)


def main() -> None:
    """Console entry point: run the app, turning ``PeyvandError`` into a one-line message and exit code 1."""
    try:
        app()
    except PeyvandError as exc:
        print(f"error: {visible(str(exc))}", file=sys.stderr)
        sys.exit(1)
