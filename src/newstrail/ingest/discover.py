"""Which files an ``ingest PATH...`` means: files, directories (recursive), globs, or ``-``."""

from __future__ import annotations

import glob
from collections.abc import Iterator
from pathlib import Path

from newstrail.ingest.feeds import is_url
from newstrail.ingest.readers import SUPPORTED_SUFFIXES, display_path
from newstrail.ingest.warc import is_warc

STDIN = "-"
NOT_REGULAR = (
    "not a regular file (a pipe, device or socket), so it is not read; "
    "to read a stream, pipe it in with `newstrail ingest -`"
)


def discover(inputs: list[str]) -> Iterator[tuple[str, str | None]]:
    """Yield ``(path, problem)``: ``problem`` is None for a file to read, else why it is not read.

    A path with a problem is given printable (:func:`~newstrail.ingest.readers.display_path`).
    Pipes and devices named on the command line are never opened (a FIFO would block forever).
    """
    for item in inputs:
        if item == STDIN or is_url(item):  # a URL is a feed, read by ingest.sources
            yield item, None
            continue
        try:
            yield from _one(item)
        except (OSError, ValueError) as exc:  # name too long, NUL in the name, unreadable folder
            reason = getattr(exc, "strerror", None) or str(exc)
            yield display_path(item), f"cannot be read ({reason})"


def _one(item: str) -> Iterator[tuple[str, str | None]]:
    path = Path(item)
    if path.is_dir():
        yield from _walk(path)
    elif path.exists():
        yield _file(path)
    elif glob.has_magic(item):
        matches = sorted(glob.glob(item, recursive=True))
        if not matches:
            yield display_path(item), "no file matches this pattern"
        for match in matches:
            if Path(match).is_dir():
                yield from _walk(Path(match))
            else:
                yield _file(Path(match))
    else:
        yield display_path(item), "no such file or directory"


def _file(path: Path) -> tuple[str, str | None]:
    if path.is_file():
        return str(path), None
    return display_path(path), NOT_REGULAR


def _walk(root: Path) -> Iterator[tuple[str, str | None]]:
    for path in sorted(root.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
        readable = path.suffix.lower() in SUPPORTED_SUFFIXES or is_warc(path)
        if path.is_file() and not hidden and readable:
            yield str(path), None
