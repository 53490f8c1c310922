"""Readers: bytes from a file or stream → :class:`~newstrail.models.Article` records.

Each reader yields ``Article`` objects, or :class:`~newstrail.errors.InputError` instances for
records that cannot be read (a bad JSON line), so one bad record never stops the rest of the file.
Whole-file problems (binary, empty, too large, unknown format) raise ``InputError``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from newstrail.errors import ArticleTooLarge, EmptyArticle, InputError, UnsupportedFormat
from newstrail.ingest.dates import normalise_published, parse_dateline
from newstrail.ingest.language import detect_language
from newstrail.models import Article

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES

_HEADLINE_MAX_WORDS = 25
_MIN_HTML_WORDS = 5  # below this, what trafilatura found is navigation, not an article
_SENTENCE_END = (".", "!", "?", ":", ";", '"', "”", "’", "'", ",")

ReadItem = Article | InputError


def decode(data: bytes, name: str) -> str:
    """Text from bytes in any common encoding; binary data is refused, never mangled."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: looks like a binary file (NUL bytes), not an article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data))
    if not matches:
        raise InputError(f"{name}: cannot detect the text encoding; save it as UTF-8")
    # Ties in "chaos" are common on short texts; among equally clean readings prefer Windows-1252,
    # the most common legacy encoding of news pages.
    cleanest = min(match.chaos for match in matches)
    for match in matches:
        if match.chaos == cleanest and match.encoding == "cp1252":
            return str(match)
    return str(matches[0])


def clean_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def article_from_text(text: str, path: str | None = None, **meta: Any) -> Article:
    """A plain-text article: an optional dateline on the first line, an optional short headline."""
    lines = clean_text(text).split("\n")
    published = parse_dateline(lines[0]) if lines else None
    if published:
        lines = lines[1:]
    while lines and not lines[0].strip():
        lines = lines[1:]
    title = None
    if len(lines) > 2 and not lines[1].strip() and _looks_like_headline(lines[0]):
        title = lines[0].strip()
        lines = lines[2:]
    body = clean_text("\n".join(lines))
    if not body:
        raise EmptyArticle(f"{path or 'input'}: no article text")
    return Article(
        text=body,
        title=meta.get("title") or title,
        published=normalise_published(meta.get("published")) or published,
        outlet=meta.get("outlet"),
        author=meta.get("author"),
        url=meta.get("url"),
        path=path,
        language=detect_language(body),
    )


def _looks_like_headline(line: str) -> bool:
    stripped = line.strip()
    return 0 < len(stripped.split()) <= _HEADLINE_MAX_WORDS and not stripped.endswith(_SENTENCE_END)


def article_from_html(html: str, path: str | None = None, **meta: Any) -> Article:
    """Main text and metadata (title, outlet, author, date, canonical URL) via trafilatura."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=meta.get("url"), with_metadata=True, include_comments=False, favor_precision=True
    )
    text = clean_text(getattr(doc, "text", None) or "") if doc is not None else ""
    title = meta.get("title") or (getattr(doc, "title", None) if doc is not None else None)
    if title and text.startswith(title) and text[len(title) : len(title) + 1] == "\n":
        text = text[len(title) :].lstrip()  # the headline is metadata, not body text
    if len(text.split()) < _MIN_HTML_WORDS:
        raise EmptyArticle(f"{path or meta.get('url') or 'input'}: HTML without article text")

    def field(name: str) -> Any:
        return meta.get(name) or (getattr(doc, name, None) if doc is not None else None)

    return Article(
        text=text,
        title=field("title"),
        published=normalise_published(
            meta.get("published") or _html_published(html) or getattr(doc, "date", None)
        ),
        outlet=meta.get("outlet") or getattr(doc, "sitename", None),
        author=field("author"),
        url=meta.get("url") or getattr(doc, "url", None),
        path=path,
        language=detect_language(text),
    )


# Machine-readable publication times, most precise first (trafilatura keeps only the date).
_HTML_PUBLISHED = [
    re.compile(
        r"<meta[^>]+(?:property|name|itemprop)=[\"'](?:article:published_time|datePublished|"
        r"pubdate|publishdate|date|dc\.date|DC\.date\.issued)[\"'][^>]*content=[\"']([^\"']+)",
        re.I,
    ),
    re.compile(
        r"<meta[^>]+content=[\"']([^\"']+)[\"'][^>]*(?:property|name|itemprop)=[\"']"
        r"(?:article:published_time|datePublished)[\"']",
        re.I,
    ),
    re.compile(r"<time[^>]+datetime=[\"']([^\"']+)", re.I),
]


def _html_published(html: str) -> str | None:
    for pattern in _HTML_PUBLISHED:
        match = pattern.search(html)
        if match and normalise_published(match.group(1)):
            return match.group(1)
    return None


def articles_from_json(text: str, path: str) -> Iterator[ReadItem]:
    """``.json`` (one object or a list) or ``.jsonl`` (one object per line)."""
    stripped = text.strip()
    if not stripped:
        raise EmptyArticle(f"{path}: empty file")
    if stripped.startswith("["):
        try:
            records = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: invalid JSON ({exc.msg} at line {exc.lineno})") from None
        for index, record in enumerate(records, start=1):
            yield _record(record, f"{path}#{index}")
        return
    lines = stripped.split("\n")
    if len(lines) > 1 and not lines[0].rstrip().endswith("}"):
        # A pretty-printed single object spans several lines.
        try:
            yield _record(json.loads(stripped), path)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: invalid JSON ({exc.msg} at line {exc.lineno})") from None
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}#L{number}" if len(lines) > 1 else path
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{path} line {number}: invalid JSON ({exc.msg})")
            continue
        yield _record(record, where)


def _record(record: Any, where: str) -> ReadItem:
    if not isinstance(record, dict):
        return InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
    meta = {k: record.get(k) for k in ("url", "title", "published", "outlet", "author")}
    meta = {k: str(v) for k, v in meta.items() if v not in (None, "")}
    try:
        if isinstance(record.get("text"), str) and record["text"].strip():
            return article_from_text(record["text"], path=where, **meta)
        if isinstance(record.get("html"), str) and record["html"].strip():
            return article_from_html(record["html"], path=where, **meta)
    except InputError as exc:
        return exc
    return InputError(f"{where}: the object has neither 'text' nor 'html'")


def sniff_format(text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith(("{", "[")):
        return ".jsonl"
    if head.startswith("<") and (
        "<html" in head or "<!doctype" in head or "<body" in head or "<p" in head
    ):
        return ".html"
    return ".txt"


def read_bytes(data: bytes, name: str, suffix: str, max_bytes: int) -> Iterator[ReadItem]:
    if not data.strip():
        raise EmptyArticle(f"{name}: empty file")
    if len(data) > max_bytes:
        raise ArticleTooLarge(
            f"{name}: {len(data):,} bytes is over the {max_bytes:,}-byte limit for one file; "
            "split it or raise NEWSTRAIL_MAX_BYTES"
        )
    text = decode(data, name)
    if not suffix:
        suffix = sniff_format(text)
    if suffix in TEXT_SUFFIXES:
        yield article_from_text(text, path=name)
    elif suffix in HTML_SUFFIXES:
        yield article_from_html(text, path=name)
    elif suffix in JSON_SUFFIXES:
        yield from articles_from_json(text, name)
    else:
        raise UnsupportedFormat(
            f"{name}: unsupported format {suffix!r} (use .txt, .html, .json or .jsonl)"
        )


def read_path(path: Path | str, max_bytes: int = 5_000_000) -> Iterator[ReadItem]:
    """Articles in one file. Raises :class:`InputError` when the whole file cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormat(
            f"{path}: unsupported format {suffix or '(no suffix)'!r} (use .txt, .html, .json or .jsonl)"
        )
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ArticleTooLarge(
                f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit for one file; "
                "split it or raise NEWSTRAIL_MAX_BYTES"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    yield from read_bytes(data, str(path), suffix, max_bytes)
