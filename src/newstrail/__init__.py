"""newstrail: who said what, about what happened, where and when — according to whom."""

from __future__ import annotations

from newstrail.errors import NewstrailError
from newstrail.models import Article, Entity, Extraction, Place, Quote, Speaker, TextSpan, TimeExpr

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Entity",
    "Extraction",
    "NewstrailError",
    "Place",
    "Quote",
    "Speaker",
    "TextSpan",
    "TimeExpr",
    "__version__",
]
