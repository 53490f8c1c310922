"""WARC web archives (``.warc``, ``.warc.gz``, as Common Crawl's news crawl writes them).

Each HTML ``response`` record becomes an article read like an ``.html`` file, with the record's
target URL. The record's ``WARC-Date`` is when the page was *crawled*, not when it was published, so
it is never used as the publication time: that comes from the page itself, or stays unknown. Every
other record is skipped and counted with its reason (a request or metadata record, a non-HTML
response, an HTTP error status); a record that cannot be read is reported as failed, and the rest of
the archive is still read.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from newstrail.errors import ArticleTooLarge, InputError
from newstrail.ingest.readers import article_from_html, decode
from newstrail.models import Article

__all__ = ["is_warc", "read_warc"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(path: str | Path) -> bool:
    name = str(path).lower()
    return name.endswith((".warc", ".warc.gz"))


def read_warc(
    path: str | Path,
    *,
    max_bytes: int = 5_000_000,
    on_skip: Callable[[str], None] = lambda reason: None,
) -> Iterator[Article | InputError]:
    """Articles from the HTML responses of one WARC file; ``on_skip(reason)`` for every other
    record. Raises :class:`InputError` when the file is not a WARC archive at all."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = str(path)
    try:
        stream = open(path, "rb")  # noqa: SIM115 — closed below, the generator may pause
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    read = 0
    try:
        if not _starts_as_warc(stream):
            raise InputError(f"{name}: not a readable WARC archive (it does not start with WARC/)")
        records = iter(ArchiveIterator(stream, ensure_http_headers=False))
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except (ArchiveLoadFailed, Exception) as exc:  # noqa: BLE001 — warcio raises anything on damaged data
                problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                if read == 0:
                    raise InputError(f"{name}: not a readable WARC archive ({problem})") from None
                yield InputError(
                    f"{name}: broken after {read} records, the rest is lost ({problem})"
                )
                return
            read += 1
            item = _record_item(record, name, read, max_bytes, on_skip)
            if item is not None:
                yield item
    finally:
        stream.close()


def _starts_as_warc(stream: BinaryIO) -> bool:
    """Whether the (possibly gzipped) file starts with a WARC record; rewinds the stream."""
    head = stream.read(2)
    stream.seek(0)
    try:
        if head == b"\x1f\x8b":
            with gzip.GzipFile(fileobj=stream) as unzipped:
                head = unzipped.read(5)
        else:
            head = stream.read(5)
    except (OSError, EOFError):
        return False
    finally:
        stream.seek(0)
    return head == b"WARC/"


def _record_item(
    record: object, name: str, number: int, max_bytes: int, on_skip: Callable[[str], None]
) -> Article | InputError | None:
    rec_type = getattr(record, "rec_type", None)
    headers = record.rec_headers  # type: ignore[attr-defined]
    url = headers.get_header("WARC-Target-URI")
    where = f"{name} record {number}" + (f" ({url})" if url else "")
    if rec_type != "response":
        on_skip(f"{rec_type or 'untyped'} record, not a response")
        return None
    http = record.http_headers  # type: ignore[attr-defined]
    if http is None:
        on_skip("response without HTTP headers")
        return None
    status = http.get_statuscode()
    if not status or not str(status).startswith("2"):
        on_skip(f"HTTP status {status or 'missing'}")
        return None
    kind = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if kind not in _HTML_TYPES:
        on_skip(f"not HTML ({kind or 'no content type'})")
        return None
    try:
        body = record.content_stream().read(max_bytes + 1)  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 — any decoding failure: this record only
        return InputError(f"{where}: unreadable body ({type(exc).__name__}: {exc})")
    if len(body) > max_bytes:
        return ArticleTooLarge(f"{where}: over the {max_bytes:,}-byte limit for one page")
    try:
        return article_from_html(decode(body, where), path=f"{name}#{number}", url=url)
    except InputError as exc:
        return exc
