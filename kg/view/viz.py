"""``kg viz``: from a store or RDF file to a self-contained page, in one call."""

from __future__ import annotations

from pathlib import Path

from kg.analyze.convert import read_dataset, to_networkx
from kg.errors import InputError
from kg.view.data import to_view_data
from kg.view.html import write_html

__all__ = ["write_view"]


def write_view(source: str | Path, out: str | Path, *, focus: str | None = None, depth: int = 1,
               community: int | None = None, max_nodes: int = 6000, opening: int = 100, isolated: bool = False,
               seed: int = 0) -> dict:
    """Open SOURCE, project it, lay it out and write the page to OUT (``.html``); return the page's stats/notices."""
    out = Path(out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"{out}: the page must end in .html")
    if depth < 0 or max_nodes < 1 or opening < 1:
        raise InputError("--depth must be >= 0, --max-nodes and --opening >= 1")
    G = to_networkx(read_dataset(source))
    data = to_view_data(G, focus=focus, depth=depth, community=community, max_nodes=max_nodes, opening=opening,
                        isolated=isolated, seed=seed, title=f"Peyvand: {Path(source).name}")
    write_html(data, out)
    return {"out": str(out), **data["stats"], "notices": data["notices"], "opening": data["opening"]["text"],
            "bytes": out.stat().st_size}
