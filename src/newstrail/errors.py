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
    """The file's extension or content is not a format newstrail reads (.txt, .html, .json[l])."""


class EmptyArticle(InputError):
    """The input holds no article text (empty file, JSON record without text or html)."""


class ArticleTooLarge(InputError):
    """The input is over the size limit (``NEWSTRAIL_MAX_BYTES``)."""


class ModelError(NewstrailError):
    """The English model is missing, altered (hash mismatch) or of the wrong version."""


class EmbeddingModelError(ModelError):
    """The sentence embedding model used to match claims is missing, altered or unreadable."""


class GazetteerError(NewstrailError):
    """The place gazetteer is missing (``newstrail gazetteer build``) or a dump is malformed."""


class StoreError(NewstrailError):
    """The database cannot be opened, refused a write, or was made by a newer newstrail."""


class EvaluationError(NewstrailError):
    """An evaluation folder is absent or not in the layout its scorer expects."""
