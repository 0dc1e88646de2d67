"""``make_doc``: the text layer's one entry point, raw article text in, ``Doc`` with raw offsets out."""

from __future__ import annotations

from kg.text import zwnj
from kg.text.chars import DELETABLE, fold
from kg.text.dates import find_dates
from kg.text.normalize import analyze
from kg.text.sentences import sentence_spans
from kg.types import Doc, Sentence, Token

__all__ = ["make_doc", "warm"]

_TRAILING = frozenset("\u200c\r\t \n") | (DELETABLE - frozenset(chr(c) for c in range(0x064B, 0x0653)))


def make_doc(text: str, article_id: str = "") -> Doc:
    """Normalize, repair ZWNJs, split sentences and tokens; every offset points into ``text`` (``Doc.raw``)."""
    a = analyze(text)
    norm, nmap = a.norm, a.norm_to_raw
    spans = list(a.spans)
    sent_ranges = sentence_spans(norm, spans)
    tokens: list[Token] = []
    sents: list[Sentence] = []
    for si, (first, last) in enumerate(sent_ranges):
        for ti in range(first, last):
            ns, ne = spans[ti]
            start, end = nmap[ns], nmap[ne]
            while end - start > 1 and text[end - 1] in _TRAILING:  # deleted invisibles after the token stay out
                end -= 1
            tn = norm[ns:ne]
            tokens.append(Token(ti, start, end, text[start:end], tn, fold(tn), si))
        sents.append(Sentence(si, tokens[first].start, tokens[last - 1].end, first, last))
    return Doc(article_id, text, norm, nmap, tuple(sents), tuple(tokens))


def warm() -> None:
    """Load the text layer's data now (from the compiled cache), e.g. before a process pool forks its workers, so
    that they inherit it instead of each loading it on its first article."""
    zwnj.warm()
    find_dates("")
