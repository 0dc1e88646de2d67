"""Helpers shared by the command modules: one console for messages, one for results, and data printed as data."""

from __future__ import annotations

import re

from rich.console import Console

console = Console(stderr=True)
out = Console()

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def visible(text: str, keep: str = "") -> str:
    r"""``text`` with control characters (ESC, BEL, C1...) written as escapes, so data can never drive the terminal;
    the characters in ``keep`` (e.g. ``"\n"``) pass through.

    >>> visible("a\x1b[2Jb\tc")
    'a\\x1b[2Jb\\tc'
    """
    return _CONTROL.sub(lambda m: m.group() if m.group() in keep else _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}"),
                        text)


def tsv_field(text: str) -> str:
    r"""A value for one TSV cell: backslash, tab, newline and every control character escaped (one row per line).

    >>> tsv_field("a\tb\\c")
    'a\\tb\\\\c'
    """
    return visible(text.replace("\\", "\\\\"))
