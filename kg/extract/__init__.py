"""The extractor: people, posts, organizations, events, places and quotations from one Persian news article.

Rules over the text layer's tokens, driven by the data files in ``kg/lexicons``, run as the declared stages of
``pipeline.STAGES`` (text → mentions → coref → posts → discourse → participation → entities); statistical mention
finders (``MentionFinder``) plug in and are merged with the rule mentions once, in ``merge``. Every fact carries its
evidence: the sentence as written, its raw offsets, a confidence and the rule that produced it.
"""

from kg.errors import LexiconError
from kg.extract.lexicon import Lexicons, load_lexicons
from kg.extract.pipeline import STAGES, MentionFinder, Stage, extract

__all__ = ["STAGES", "LexiconError", "Lexicons", "MentionFinder", "Stage", "extract", "load_lexicons"]
