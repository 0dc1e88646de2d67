"""The extractor: people, posts, organizations, events, places and quotations from one Persian news article.

Rules over the text layer's tokens, driven by the data files in ``kg/lexicons``; statistical mention finders
(``MentionFinder``) plug in and are merged with the rule mentions once, in ``merge``. Every fact carries its
evidence: the sentence as written, its raw offsets, a confidence and the rule that produced it.
"""

from kg.extract.lexicon import LexiconError, Lexicons, load_lexicons
from kg.extract.pipeline import MentionFinder, extract

__all__ = ["LexiconError", "Lexicons", "MentionFinder", "extract", "load_lexicons"]
