"""Which files an ``ingest PATH...`` means: files, directories (recursive), globs, or ``-``."""

from __future__ import annotations

import glob
from collections.abc import Iterator
from pathlib import Path

from newstrail.ingest.feeds import is_url
from newstrail.ingest.readers import SUPPORTED_SUFFIXES
from newstrail.ingest.warc import is_warc

STDIN = "-"


def discover(inputs: list[str]) -> Iterator[tuple[str, str | None]]:
    """Yield ``(path, problem)``: ``problem`` is None for a file to read, else why it is not read."""
    for item in inputs:
        if item == STDIN or is_url(item):  # a URL is a feed, read by ingest.sources
            yield item, None
            continue
        path = Path(item)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield str(path), None
        elif glob.has_magic(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                yield item, "no file matches this pattern"
            for match in matches:
                if Path(match).is_dir():
                    yield from _walk(Path(match))
                else:
                    yield match, None
        else:
            yield item, "no such file or directory"


def _walk(root: Path) -> Iterator[tuple[str, str | None]]:
    for path in sorted(root.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
        readable = path.suffix.lower() in SUPPORTED_SUFFIXES or is_warc(path)
        if path.is_file() and not hidden and readable:
            yield str(path), None
