"""Bidirectional text for display: keep Persian labels, trailing periods and Latin dates in the right order.

Canvas text is laid out left-to-right, and even in an RTL paragraph a Latin date after Persian letters comes out
reversed (``2025-11-29`` → ``29-11-2025``: the digits turn into Arabic numbers, the hyphens into RTL neutrals).
Wrapping labels in RLI…PDI and Latin/digit runs in LRI…PDI fixes both; pages and reports apply it on output.
"""

from __future__ import annotations

import re

__all__ = ["FSI", "LRI", "PDI", "RLI", "has_rtl", "isolate", "isolate_runs"]

FSI, LRI, RLI, PDI = "\u2068", "\u2066", "\u2067", "\u2069"
_LTR_RUN = re.compile(r"[A-Za-z0-9۰-۹٠-٩](?:[A-Za-z0-9۰-۹٠-٩\-/:._,+ ]*[A-Za-z0-9۰-۹٠-٩])?")
_RTL_CHAR = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def has_rtl(text: str) -> bool:
    """True when ``text`` has a right-to-left letter (Persian, Arabic, Hebrew).

    >>> has_rtl("نشست 2025"), has_rtl("IRNA 2025")
    (True, False)
    """
    return _RTL_CHAR.search(text) is not None


def isolate_runs(text: str) -> str:
    """Wrap each Latin/digit run of a right-to-left text in LRI…PDI; text with no RTL letters is returned as is.

    Examples
    --------
    >>> isolate_runs("نشست 2025-11-29 تهران") == "نشست \u20662025-11-29\u2069 تهران"
    True
    >>> isolate_runs("Tehran 2025-11-29")
    'Tehran 2025-11-29'
    """
    if not _RTL_CHAR.search(text):
        return text
    return _LTR_RUN.sub(lambda m: LRI + m.group(0) + PDI, text)


def isolate(text: str) -> str:
    """A whole label for canvas drawing: RLI…PDI around Persian text (its Latin/digit runs in LRI…PDI), FSI…PDI
    around text with no right-to-left letters.

    Examples
    --------
    >>> isolate("مریم.") == "\u2067مریم.\u2069"
    True
    >>> isolate("نشست 2025-11-29 تهران") == "\u2067نشست \u20662025-11-29\u2069 تهران\u2069"
    True
    >>> isolate("IRNA") == "\u2068IRNA\u2069"
    True
    """
    if not _RTL_CHAR.search(text):
        return FSI + text + PDI
    return RLI + isolate_runs(text) + PDI
