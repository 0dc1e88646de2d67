"""Events without a name: a bare gathering head («دیدار»، «نشست خبری») says that something happened, not which.

Such nodes join unrelated articles and top every centrality list, so reports leave them out of "most central" and
co-participation asks one article to state both people's part in them. The heads are the extractor's own
(``kg/lexicons/event_triggers.tsv``); the describing words that still leave an event unnamed are data
(``kg/analyze/generic_events.tsv``).
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from kg.text import fold

__all__ = ["is_unnamed_event"]


def _rows(package: str, name: str) -> list[dict[str, str]]:
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader((line for line in text.splitlines() if line and not line.startswith("#")),
                               delimiter="\t"))


@cache
def _heads() -> tuple[tuple[str, ...], ...]:
    """Event heads as folded word tuples, longest first (so «مجمع عمومی» is tried before «مجمع»)."""
    heads = {tuple(fold(r["form"]).split()) for r in _rows("kg", "lexicons/event_triggers.tsv")
             if r.get("standalone", "no") != "yes"}
    return tuple(sorted(heads, key=lambda h: (-len(h), h)))


@cache
def _describers() -> frozenset[str]:
    return frozenset(fold(r["form"]) for r in _rows("kg.analyze", "generic_events.tsv"))


def is_unnamed_event(label: str) -> bool:
    """True when ``label`` is an event head alone or with describing words only.

    Examples
    --------
    >>> is_unnamed_event("دیدار"), is_unnamed_event("نشست خبری"), is_unnamed_event("مراسم تکریم و معارفه")
    (True, True, True)
    >>> is_unnamed_event("نشست شورای اداری استان"), is_unnamed_event("اربعین"), is_unnamed_event("علی")
    (False, False, False)
    """
    words = fold(label).split()
    describers = _describers()
    for head in _heads():
        if tuple(words[: len(head)]) == head:
            return all(w in describers for w in words[len(head):])
    return False
