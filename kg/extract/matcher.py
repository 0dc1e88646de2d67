"""The one phrase matcher: token keys in, longest (possibly multi-word) lexicon entries out.

``PhraseTable`` compiles folded forms once (spaCy's PhraseMatcher is the model): a multi-word form matches a run of
tokens with or without the spaces between its words (``اظهار داشت`` = ``اظهارداشت``). ``Scan`` walks a sentence left
to right and yields the longest match at each position, resuming after it unless the finder says where to go on;
every finder scans through it instead of writing its own loop.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any, NamedTuple

__all__ = ["Match", "PhraseTable", "Scan"]


class PhraseTable:
    """Longest-match lookup of (possibly multi-word) folded forms over a sequence of token keys.

    >>> t = PhraseTable({"اظهار داشت": "say", "گفت": "say"})
    >>> t.match(["وی", "اظهار", "داشت"], 1), t.match(["اظهارداشت"], 0), t.match(["گفتند"], 0)
    ((3, 'say'), (1, 'say'), None)
    """

    __slots__ = ("entries", "max_tokens", "prefixes", "starts", "words")

    def __init__(self, items: dict[str, Any]):
        self.entries: dict[str, Any] = {}
        self.prefixes: set[str] = set()
        self.max_tokens = 1
        words: set[str] = set()  # entries written as one word («به نام» is two: «بهنام» is a first name)
        for form, value in items.items():
            joined = form.replace(" ", "")
            if not joined:
                continue
            if " " not in form:
                words.add(joined)
            self.entries.setdefault(joined, value)
            self.max_tokens = max(self.max_tokens, form.count(" ") + 2)
            for k in range(1, len(joined)):
                self.prefixes.add(joined[:k])
        self.starts = frozenset(self.prefixes | set(self.entries))  # what a first token's key can be
        self.words = frozenset(words)

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def get(self, key: str) -> Any:
        return self.entries.get(key)

    def match(self, keys: Sequence[str], i: int, stop: int | None = None) -> tuple[int, Any] | None:
        """The longest entry that starts at token ``i``: ``(end_token_exclusive, value)`` or None."""
        if i >= len(keys) or keys[i] not in self.starts:
            return None
        stop = len(keys) if stop is None else stop
        best = None
        acc = ""
        entries, prefixes = self.entries, self.prefixes
        for j in range(i, min(stop, i + self.max_tokens)):
            acc += keys[j]
            if acc in entries:
                best = (j + 1, entries[acc])
            if acc not in prefixes:
                break
        return best


class Match(NamedTuple):
    """Tokens ``[start, end)`` matched an entry whose value is ``value``."""

    start: int
    end: int
    value: Any


Matcher = Callable[[Sequence[str], int, int], "tuple[int, Any] | None"]


class Scan:
    """The longest matches in tokens ``[a, b)``, left to right.

    After a match the scan resumes at its end, or wherever the finder says with ``resume(position)`` (past a name
    it built on the match, or right after the match's first token to look again inside it). ``match`` replaces the
    table lookup for finders that recognise more than the table holds (an indefinite trigger «مراسمی»), and
    ``starts`` is then the set of first keys worth trying.

    >>> t = PhraseTable({"وزیر": 1, "معاون وزیر": 2})
    >>> [m.value for m in Scan(["معاون", "وزیر", "و", "وزیر"], 0, 4, t)]
    [2, 1]
    """

    __slots__ = ("_match", "_next", "_starts", "a", "b", "keys")

    def __init__(self, keys: Sequence[str], a: int, b: int, table: PhraseTable | None = None, *,
                 match: Matcher | None = None, starts: Collection[str] | None = None):
        if table is None and match is None:
            raise TypeError("Scan needs a table or a match function")
        self.keys, self.a, self.b = keys, a, b
        self._match: Matcher = match or table.match  # type: ignore[union-attr]
        self._starts = starts if starts is not None else (table.starts if table is not None else None)
        self._next = a

    def resume(self, position: int) -> None:
        """Go on from ``position`` after the current match (instead of its end)."""
        self._next = position

    def __iter__(self) -> Iterator[Match]:
        keys, b, starts, match = self.keys, self.b, self._starts, self._match
        i = self.a
        while i < b:
            m = match(keys, i, b) if starts is None or keys[i] in starts else None
            if m is None:
                i += 1
                continue
            self._next = m[0]
            yield Match(i, m[0], m[1])
            i = max(self._next, i + 1)
