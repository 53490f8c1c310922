"""Readers: bytes from a file or stream → :class:`~newstrail.models.Article` records.

Each reader yields ``Article`` objects, or :class:`~newstrail.errors.InputError` instances for
records that cannot be read (a bad JSON line), so one bad record never stops the rest of the file.
Whole-file problems (binary, empty, too large, unknown format) raise ``InputError``.
"""

from __future__ import annotations

import codecs
import json
import math
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

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
    """Text from bytes in any common encoding; binary data is refused, never mangled.

    UTF-8 (with or without BOM), UTF-16/32 with a BOM, UTF-16 without one, legacy single-byte
    encodings, and a file mixing UTF-8 and Latin-1 lines (each line read in its own encoding).
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise InputError(
                    f"{name}: starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.upper()}; save it as UTF-8"
                ) from None
            if "\x00" in text:
                raise InputError(
                    f"{name}: looks like a binary file (NUL characters), not an article"
                )
            return text
    if b"\x00" in data:
        wide = _utf16_without_bom(data)
        if wide is None:
            where = data.index(b"\x00")
            raise InputError(
                f"{name}: looks like a binary file (NUL byte at offset {where:,}), not an article"
            )
        return wide
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mixed = _mixed_utf8_and_legacy(data)
    if mixed is not None:
        return mixed
    legacy = _legacy_encoding(data)
    if legacy is None:
        raise InputError(f"{name}: cannot detect the text encoding; save it as UTF-8")
    return data.decode(legacy, errors="replace")


_WIDE_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark: the high byte of every ASCII character (letters in
    Latin text, spaces and punctuation in any script) is a NUL, always at the same parity."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    for nuls, stray, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls >= 0.05 * half and stray <= 0.01 * half:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _mostly_printable(text):
                return text
    return None


def _mostly_printable(text: str) -> bool:
    """Text, not binary read as UTF-16: almost no control, unassigned or private-use code points."""
    odd = sum(
        1
        for char in text
        if unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs") and char not in "\t\n\r\f"
    )
    return odd <= 0.01 * len(text)


def _legacy_encoding(data: bytes) -> str | None:
    matches = list(from_bytes(data))
    if not matches:
        return None
    # Ties in "chaos" are common on short texts; among equally clean readings prefer Windows-1252,
    # the most common legacy encoding of news pages.
    cleanest = min(match.chaos for match in matches)
    for match in matches:
        if match.chaos == cleanest and match.encoding == "cp1252":
            return "cp1252"
    return str(matches[0].encoding)


def _mixed_utf8_and_legacy(data: bytes) -> str | None:
    """A file whose lines are partly UTF-8 and partly a legacy encoding (concatenated sources):
    each line in its own encoding, so neither half becomes mojibake. ``None`` if not mixed."""
    lines = data.splitlines(keepends=True)
    utf8_non_ascii = False
    legacy_lines: list[bytes] = []
    for line in lines:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            legacy_lines.append(line)
        else:
            utf8_non_ascii = utf8_non_ascii or not line.isascii()
    if not (utf8_non_ascii and legacy_lines):
        return None
    encoding = _legacy_encoding(b"".join(legacy_lines)) or "cp1252"
    decoded = []
    for line in lines:
        try:
            decoded.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            decoded.append(line.decode(encoding, errors="replace"))
    return "".join(decoded)


def clean_text(text: str) -> str:
    """Normalised line ends; no NUL characters (databases refuse them) and no lone surrogates
    (JSON can carry them, UTF-8 cannot: each becomes U+FFFD)."""
    text = _LONE_SURROGATE.sub("\ufffd", text).replace("\x00", "")
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0 and C1 controls: no place in a one-line field


def clean_field(value: str | None) -> str | None:
    """A metadata string (title, outlet, ...) cleaned like text, on one line and without control
    characters (terminal escape sequences); ``None`` if nothing visible is left."""
    if value is None:
        return None
    cleaned = " ".join(_CONTROL.sub(" ", clean_text(value)).split())
    return cleaned if has_visible_text(cleaned) else None


def has_visible_text(text: str) -> bool:
    """Whether ``text`` has a letter, digit, punctuation mark or symbol: zero-width characters,
    byte-order marks, controls and white space alone are no text."""
    return any(unicodedata.category(char)[0] in "LNPS" for char in text)


def display_path(path: Path | str) -> str:
    """A file name as text that can be printed and stored: bytes that are not UTF-8 (kept by
    Python as lone surrogates) are written as ``\\xNN``, so distinct names stay distinct."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


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
        title = clean_field(lines[0])
        lines = lines[2:]
    body = clean_text("\n".join(lines))
    if not has_visible_text(body):
        raise EmptyArticle(
            f"{path or 'input'}: no article text"
            + (" (only invisible or control characters)" if body else "")
        )
    return Article(
        text=body,
        title=clean_field(meta.get("title")) or title,
        published=normalise_published(meta.get("published")) or published,
        outlet=clean_field(meta.get("outlet")),
        author=clean_field(meta.get("author")),
        url=clean_field(meta.get("url")),
        path=path,
        language=detect_language(body),
    )


def _looks_like_headline(line: str) -> bool:
    stripped = line.strip()
    return 0 < len(stripped.split()) <= _HEADLINE_MAX_WORDS and not stripped.endswith(_SENTENCE_END)


def article_from_html(html: str, path: str | None = None, **meta: Any) -> Article:
    """Main text and metadata (title, outlet, author, canonical URL) via trafilatura.

    ``published`` comes only from what the page states: ``meta`` tags, JSON-LD ``datePublished``,
    ``<time datetime>``, or a dateline opening the text. trafilatura's own date is not used: when
    a page states none it guesses from the body ("March 2023") or the footer ("© 2019").
    """
    import trafilatura

    html = _LONE_SURROGATE.sub("\ufffd", html).replace("\x00", "")
    doc = trafilatura.bare_extraction(
        html, url=meta.get("url"), with_metadata=True, include_comments=False, favor_precision=True
    )
    text = clean_text(getattr(doc, "text", None) or "") if doc is not None else ""
    title = meta.get("title") or (getattr(doc, "title", None) if doc is not None else None)
    if title and text.startswith(title) and text[len(title) : len(title) + 1] == "\n":
        text = text[len(title) :].lstrip()  # the headline is metadata, not body text
    published = meta.get("published") or _html_published(html)
    first_line, _, after_dateline = text.partition("\n")
    dateline = parse_dateline(first_line)
    if dateline:  # a dateline opening the text is metadata too, as in .txt files
        text = after_dateline.lstrip()
        published = published or dateline
    if len(text.split()) < _MIN_HTML_WORDS:
        raise EmptyArticle(f"{path or meta.get('url') or 'input'}: HTML without article text")

    def field(name: str, attribute: str | None = None) -> Any:
        found = meta.get(name) or (
            getattr(doc, attribute or name, None) if doc is not None else None
        )
        return clean_field(found) if isinstance(found, str) else None

    return Article(
        text=text,
        title=field("title"),
        published=normalise_published(published),
        outlet=field("outlet", "sitename"),
        author=field("author"),
        url=field("url"),
        path=path,
        language=detect_language(text),
    )


# Names of <meta> tags whose content is the publication time (property, name or itemprop).
_PUBLISHED_META = frozenset(
    {
        "article:published_time",
        "og:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "publish_date",
        "date",
        "dc.date",
        "dc.date.issued",
        "dcterms.issued",
        "dcterms.created",
        "parsely-pub-date",
        "sailthru.date",
    }
)
_JSON_LD_MAX_NODES = 10_000  # a page's structured data is small; a bomb is not walked whole


def _html_published(html: str) -> str | None:
    """The publication time the page's markup states, most explicit first, else ``None``."""
    import trafilatura

    try:
        tree = trafilatura.load_html(html)
    except Exception:  # noqa: BLE001 — markup lxml cannot parse states no date
        return None
    if tree is None:
        return None
    candidates: list[str] = []
    for element in tree.iter("meta"):
        key = (
            element.get("property") or element.get("name") or element.get("itemprop") or ""
        ).lower()
        if key in _PUBLISHED_META and element.get("content"):
            candidates.append(element.get("content") or "")
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            candidates.extend(_json_ld_published(script.text))
    for element in tree.iter("time"):
        if element.get("datetime"):
            candidates.append(element.get("datetime") or "")
    for candidate in candidates:
        if normalise_published(candidate):
            return candidate
    return None


def _json_ld_published(text: str) -> list[str]:
    try:
        data = json.loads(text, parse_int=_bounded_int)
    except (ValueError, RecursionError):
        return []
    found: list[str] = []
    stack: list[Any] = [data]
    visited = 0
    while stack and visited < _JSON_LD_MAX_NODES:
        node = stack.pop()
        visited += 1
        if isinstance(node, dict):
            value = node.get("datePublished")
            if isinstance(value, str):
                found.append(value)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


class HugeNumber(float):
    """A JSON integer too long for ``int`` (Python refuses over 4,300 digits and converts long ones
    in quadratic time): read as ``inf``, so it is a wrong-typed field, never an exception."""


def _bounded_int(digits: str) -> int | float:
    return int(digits) if len(digits) <= 64 else HugeNumber("inf")


def _loads(text: str) -> Any:
    """``json.loads`` that raises only :class:`ValueError` with a one-line reason."""
    try:
        return json.loads(text, parse_int=_bounded_int)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise ValueError("nested too deeply to read") from None


def articles_from_json(text: str, path: str) -> Iterator[ReadItem]:
    """``.json`` (one object or a list) or ``.jsonl`` (one object per line)."""
    stripped = text.strip()
    if not stripped:
        raise EmptyArticle(f"{path}: empty file")
    if stripped.startswith("["):
        try:
            records = _loads(stripped)
        except ValueError as exc:
            raise InputError(f"{path}: invalid JSON ({exc})") from None
        if not isinstance(records, list):  # "[1] x" style garbage is caught by json; defensive
            raise InputError(f"{path}: expected a JSON list of objects")
        for index, record in enumerate(records, start=1):
            yield _record(record, f"{path}#{index}")
        return
    lines = stripped.split("\n")
    if len(lines) > 1 and not lines[0].rstrip().endswith("}"):
        # A pretty-printed single object spans several lines.
        try:
            record = _loads(stripped)
        except ValueError as exc:
            raise InputError(f"{path}: invalid JSON ({exc})") from None
        yield _record(record, path)
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}#L{number}" if len(lines) > 1 else path
        try:
            record = _loads(line)
        except ValueError as exc:
            yield InputError(f"{path} line {number}: invalid JSON ({exc})")
            continue
        yield _record(record, where)


_META_FIELDS = ("url", "title", "published", "outlet", "author")


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, HugeNumber):
        return "a number too long to read"
    if isinstance(value, float) and not math.isfinite(value):
        return "a non-finite number (NaN or Infinity)"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    return "an object" if isinstance(value, dict) else type(value).__name__


def _record(record: Any, where: str) -> ReadItem:
    if not isinstance(record, dict):
        return InputError(f"{where}: expected a JSON object, got {_json_type(record)}")
    for key in ("text", "html", *_META_FIELDS):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            # Never a Python repr ("['a', 'b']", "nan") stored as if the source had said it.
            return InputError(
                f"{where}: '{key}' must be a string, got {_json_type(value)}; record skipped"
            )
    meta = {k: record[k] for k in _META_FIELDS if record.get(k)}
    try:
        if (record.get("text") or "").strip():
            return article_from_text(record["text"], path=where, **meta)
        if (record.get("html") or "").strip():
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


def _too_large(name: str, size: int | None, max_bytes: int) -> ArticleTooLarge:
    if size is None:  # a stream, read no further than the limit
        return ArticleTooLarge(
            f"{name}: more than {max_bytes:,} bytes, over the limit for one file; "
            "split it or raise NEWSTRAIL_MAX_BYTES"
        )
    return ArticleTooLarge(
        f"{name}: {size:,} bytes is over the {max_bytes:,}-byte limit for one file; "
        "split it or raise NEWSTRAIL_MAX_BYTES"
    )


UNEXPECTED = "unexpected error (please report it)"


def read_bytes(data: bytes, name: str, suffix: str, max_bytes: int) -> Iterator[ReadItem]:
    """Articles in ``data``; any failure is an :class:`InputError` naming ``name``, so one bad
    file never stops a batch, even for a cause no reader foresaw."""
    try:
        yield from _read_bytes(data, name, suffix, max_bytes)
    except InputError:
        raise
    except (RecursionError, MemoryError) as exc:
        raise InputError(f"{name}: too deeply nested or too large to read ({exc})") from None
    except Exception as exc:  # noqa: BLE001 — reported with its cause, the batch goes on
        raise InputError(f"{name}: {UNEXPECTED}: {type(exc).__name__}: {exc}") from None


def _read_bytes(data: bytes, name: str, suffix: str, max_bytes: int) -> Iterator[ReadItem]:
    if not data.strip():
        raise EmptyArticle(f"{name}: empty file")
    if len(data) > max_bytes:
        raise _too_large(name, len(data), max_bytes)
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


def read_stream(stream: BinaryIO, name: str, max_bytes: int) -> Iterator[ReadItem]:
    """Articles from a byte stream (standard input): never more than ``max_bytes`` + 1 bytes are
    held, so an endless or huge pipe is refused without filling memory."""
    data = _read_at_most(stream, max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(name, None, max_bytes)
    yield from read_bytes(data, name, "", max_bytes)


def _read_at_most(stream: BinaryIO, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = stream.read(min(1 << 20, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read_path(path: Path | str, max_bytes: int = 5_000_000) -> Iterator[ReadItem]:
    """Articles in one file. Raises :class:`InputError` when the whole file cannot be read."""
    path = Path(path)
    name = display_path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormat(
            f"{name}: unsupported format {display_path(suffix) or '(no suffix)'!r} "
            "(use .txt, .html, .json or .jsonl)"
        )
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # Opening a FIFO or a device would block or never end.
            raise InputError(
                f"{name}: not a regular file (a pipe, device or socket); "
                f"to read a stream use `newstrail ingest - < {name}`"
            )
        if info.st_size > max_bytes:
            raise _too_large(name, info.st_size, max_bytes)
        with path.open("rb") as handle:
            data = _read_at_most(handle, max_bytes + 1)  # the file may grow after stat()
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    except ValueError as exc:  # a path with a NUL character
        raise InputError(f"{name}: cannot read ({exc})") from None
    yield from read_bytes(data, name, suffix, max_bytes)
