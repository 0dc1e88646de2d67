"""Sentence boundaries over tokens: split after ``. ! ? ؟ …`` and at newlines, never inside a balanced «…».

A mark that ends the quotation (``«... شد.»``) ends the sentence after the ». A ``:`` never splits, so
``گفت: ...`` stays with its cue. A ``.`` splits only when followed by a space, a newline, a closing quote or
bracket, or the end (``12.5``, ``farsnews.ir`` and ``ه.ش`` do not), and not after a single letter (``ح.``).
A « without its » in the same paragraph (or within ``MAX_QUOTE_TOKENS``) is treated as plain punctuation.
"""

from __future__ import annotations

__all__ = ["MAX_QUOTE_TOKENS", "sentence_spans"]

MAX_QUOTE_TOKENS = 250
_TERMINALS = frozenset({".", "!", "?", "؟", "…", "...", "!!", "؟!"})
_CLOSERS = frozenset({"»", ")", "]", '"', "”", "'"})
_TRAILERS = _CLOSERS | _TERMINALS  # what may follow an end mark and still belong to its sentence


def _quote_spans(norm: str, spans: list[tuple[int, int]]) -> list[bool]:
    """For each token: True when it lies strictly inside a balanced «…» of one paragraph."""
    inside = [False] * len(spans)
    opens: list[int] = []
    for i, (a, _) in enumerate(spans):
        ch = norm[a]
        if i and "\n" in norm[spans[i - 1][1] : a]:
            opens.clear()
        if ch == "«":
            opens.append(i)
        elif ch == "»" and opens:
            j = opens.pop()
            if i - j <= MAX_QUOTE_TOKENS:
                for k in range(j + 1, i):
                    inside[k] = True
    return inside


def sentence_spans(norm: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Half-open token index ranges ``[first, last)`` of the sentences of ``norm``."""
    n = len(spans)
    if not n:
        return []
    inside = _quote_spans(norm, spans) if "«" in norm else None
    out: list[tuple[int, int]] = []
    first = 0
    i = 0
    while i < n:
        a, b = spans[i]
        nxt = spans[i + 1][0] if i + 1 < n else len(norm)
        gap = norm[b:nxt]
        split = "\n" in gap
        quoted = inside is not None and inside[i] and not (i + 1 < n and not inside[i + 1])
        if not split and norm[a:b] in _TERMINALS and not quoted:
            if norm[a] == "." and b - a == 1:
                p0, p1 = spans[i - 1] if i else (a, a)
                prev_single = p1 == a and p1 - p0 == 1 and norm[p0].isalpha()  # an initial: ح. محمدی
                after = norm[b : b + 1]
                split = (not after or after.isspace() or after in _CLOSERS) and not prev_single
            else:
                split = True
            while split and i + 1 < n and norm[spans[i + 1][0]] in _TRAILERS and "\n" not in gap:
                i += 1  # keep closing quotes/brackets and repeated marks with the sentence they end
                b = spans[i][1]
                nxt = spans[i + 1][0] if i + 1 < n else len(norm)
                gap = norm[b:nxt]
        if split or i + 1 == n:
            out.append((first, i + 1))
            first = i + 1
        i += 1
    return out
