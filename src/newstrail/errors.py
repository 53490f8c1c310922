"""Every error newstrail raises on purpose, as one tree rooted at :class:`NewstrailError`.

::

    NewstrailError
    ├── InputError            bad input the user can fix (file, JSON line, encoding, size)
    │   ├── UnsupportedFormat
    │   ├── EmptyArticle
    │   └── ArticleTooLarge
    ├── ModelError            the English model is missing, altered or of the wrong version
    │   └── EmbeddingModelError   the sentence embedding model (claim matching) is missing or altered
    ├── GazetteerError        the place gazetteer is missing or a GeoNames dump is malformed
    ├── StoreError            the database cannot be opened or has an incompatible schema
    └── EvaluationError       an evaluation folder is not in the expected layout

Each message says what went wrong and how to fix it; the CLI prints it on one line, never a
traceback.
"""

from __future__ import annotations

__all__ = [
    "ArticleTooLarge",
    "EmbeddingModelError",
    "EmptyArticle",
    "EvaluationError",
    "GazetteerError",
    "InputError",
    "ModelError",
    "NewstrailError",
    "StoreError",
    "UnsupportedFormat",
]


class NewstrailError(Exception):
    """Root of all newstrail errors."""


class InputError(NewstrailError):
    """An input file or record cannot be read as an article."""


class UnsupportedFormat(InputError):
    pass


class EmptyArticle(InputError):
    pass


class ArticleTooLarge(InputError):
    pass


class ModelError(NewstrailError):
    pass


class EmbeddingModelError(ModelError):
    """The sentence embedding model used to match claims is missing, altered or unreadable."""


class GazetteerError(NewstrailError):
    pass


class StoreError(NewstrailError):
    pass


class EvaluationError(NewstrailError):
    pass
