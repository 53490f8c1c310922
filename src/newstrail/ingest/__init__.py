"""Ingest stage: files, streams and records → :class:`~newstrail.models.Article`."""

from newstrail.ingest.dates import normalise_published, parse_dateline
from newstrail.ingest.discover import discover
from newstrail.ingest.readers import (
    article_from_html,
    article_from_text,
    read_bytes,
    read_path,
)

__all__ = [
    "article_from_html",
    "article_from_text",
    "discover",
    "normalise_published",
    "parse_dateline",
    "read_bytes",
    "read_path",
]
