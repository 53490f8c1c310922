"""Inputs that are more than one file's worth of articles: feeds (files or URLs) and WARC archives.

:func:`read_source` is the ingest stage's hook: it returns the articles of such an input, or
``None`` for an ordinary file, which the plain readers handle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from newstrail.errors import InputError
from newstrail.ingest.feeds import FEED_SUFFIXES, is_url, looks_like_feed, read_feed
from newstrail.ingest.warc import is_warc, read_warc
from newstrail.models import Article

__all__ = ["is_source", "read_source"]


def is_source(path: str) -> bool:
    """A URL, a WARC archive or a feed file (what :func:`read_source` reads)."""
    return is_url(path) or is_warc(path) or Path(path).suffix.lower() in FEED_SUFFIXES


def read_source(
    path: str,
    *,
    max_bytes: int,
    known_url: Callable[[str], bool] = lambda url: False,
    on_skip: Callable[[str], None] = lambda reason: None,
) -> Iterator[Article | InputError] | None:
    """The articles of a feed (file or URL) or WARC archive; ``None`` when ``path`` is neither.

    ``known_url`` says which feed entries are stored already (not fetched again); ``on_skip`` is
    told why each skipped entry or record was skipped.
    """
    if is_warc(path):
        return read_warc(path, max_bytes=max_bytes, on_skip=on_skip)
    if is_url(path) or Path(path).suffix.lower() in FEED_SUFFIXES:
        if not is_url(path) and not _file_is_feed(path):
            raise InputError(
                f"{path}: not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root)"
            )
        return read_feed(
            path,
            known_url=known_url,
            on_skip=lambda url: on_skip(f"already stored: {url}"),
            max_bytes=max_bytes,
        )
    return None


def _file_is_feed(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return looks_like_feed(handle.read(2048))
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
