"""Peyvand (پیوند): knowledge graphs from Persian news.

The public API is re-exported here; everything else is internal. Importing ``kg`` sets ``HF_HUB_OFFLINE=1`` before
hazm can be imported, so nothing ever reaches for a model hub.
"""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from kg.errors import InputError, PeyvandError
from kg.types import (
    Article,
    Doc,
    Entity,
    Evidence,
    Extraction,
    Mention,
    Post,
    Quote,
    Relation,
    Sentence,
    Token,
)

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Doc",
    "Entity",
    "Evidence",
    "Extraction",
    "InputError",
    "Mention",
    "PeyvandError",
    "Post",
    "Quote",
    "Relation",
    "Sentence",
    "Token",
    "__version__",
]
