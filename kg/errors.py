"""Peyvand's exceptions: one tree, so callers catch ``PeyvandError`` and the CLI prints one line.

Every module raises these classes; none defines its own.

::

    PeyvandError
    ├── InputError        an article or corpus record cannot be read (bad encoding, binary, empty...)
    ├── OutputError       an output file or folder cannot be written (checked before any work starts)
    ├── LexiconError      a lexicon file is malformed
    ├── StoreError        a store cannot be opened, is locked by another writer, or a load failed
    │   └── RemoteStoreError   a remote SPARQL server answered with an error
    ├── QueryError        a SPARQL query is malformed, timed out, or was refused
    └── ModelError        an NER model file is missing or unreadable
"""

__all__ = ["InputError", "LexiconError", "ModelError", "OutputError", "PeyvandError", "QueryError",
           "RemoteStoreError", "StoreError"]


class PeyvandError(Exception):
    """Base of every error Peyvand raises on purpose."""


class InputError(PeyvandError):
    """An input article or record cannot be read."""


class OutputError(PeyvandError):
    """An output file or folder cannot be written (or would be overwritten without ``--force``)."""


class LexiconError(PeyvandError):
    """A lexicon file is malformed."""


class StoreError(PeyvandError):
    """A store cannot be opened, is busy, or a write failed."""


class RemoteStoreError(StoreError):
    """A remote SPARQL server refused a request."""


class QueryError(PeyvandError):
    """A query is malformed, timed out, or was refused."""


class ModelError(PeyvandError):
    """An NER model is missing or unreadable."""
