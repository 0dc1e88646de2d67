"""Helpers shared by the command modules: one console, one error printer."""

from __future__ import annotations

from rich.console import Console

console = Console(stderr=True)
out = Console()
