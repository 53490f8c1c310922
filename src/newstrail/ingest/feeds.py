"""RSS/Atom feeds: each entry's linked page fetched politely and read as an HTML article.

A feed (a file or an ``http(s)://`` URL) lists entries; each entry's link is fetched with httpx — a
timeout, a User-Agent that says who is asking, at most ``per_host`` requests at once to one host,
one attempt per page and run (no retries: a page that fails is tried again by the next run or poll),
and a host that answers "slow down" (429/503) or does not answer is left alone for the rest of the
run. The page goes through the same reader as an ``.html`` file (trafilatura), with the feed's
title, author and publication time as fallbacks for what the page does not say. Entries whose URL
is already stored are skipped before anything is fetched.
"""

from __future__ import annotations

import email.utils
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from newstrail import __version__
from newstrail.errors import ArticleTooLarge, InputError
from newstrail.ingest.dates import normalise_published
from newstrail.ingest.readers import article_from_html, decode
from newstrail.models import Article

__all__ = [
    "FEED_SUFFIXES",
    "USER_AGENT",
    "FeedEntry",
    "FetchSettings",
    "Fetcher",
    "is_url",
    "looks_like_feed",
    "parse_feed",
    "read_feed",
]

FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
USER_AGENT = f"newstrail/{__version__} (news research; reads each feed entry once)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SLOW_DOWN = frozenset({429, 503})


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def looks_like_feed(data: bytes) -> bool:
    """RSS 0.9x/2.0, RSS 1.0 (RDF) or Atom, judged from the root element."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One feed entry: the article's link and what the feed says about it."""

    link: str
    title: str | None = None
    published: str | None = None  # as the feed gives it, ISO 8601; None when it gives none
    author: str | None = None


def _published(raw: str | None) -> str | None:
    """RSS dates are RFC 822 (``Mon, 06 Jun 2022 11:00:00 +0400``), Atom's ISO 8601."""
    if not raw:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return normalise_published(raw)
    return moment.isoformat()


def parse_feed(data: bytes, source: str) -> list[FeedEntry]:
    """The entries of a feed document, links made absolute; entries without a link are dropped."""
    import feedparser

    if not looks_like_feed(data):
        raise InputError(f"{source}: not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root)")
    # Bytes, never a string: feedparser would treat a string as a URL or path and fetch it.
    parsed = feedparser.parse(data)
    base = source if is_url(source) else (parsed.feed.get("link") or "")
    entries = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        if not link:
            continue
        entries.append(
            FeedEntry(
                link=urljoin(base, link) if base else link,
                title=(entry.get("title") or "").strip() or None,
                published=_published(entry.get("published")),
                author=(entry.get("author") or "").strip() or None,
            )
        )
    if parsed.get("bozo") and not entries:
        reason = parsed.get("bozo_exception")
        raise InputError(f"{source}: unreadable feed ({reason or 'malformed XML'})")
    return entries


@dataclass(frozen=True, slots=True)
class FetchSettings:
    timeout: float = 20.0  # seconds to connect and between bytes
    per_host: int = 2  # requests in flight to one host at most
    max_connections: int = 8  # requests in flight in all
    max_bytes: int = 5_000_000
    user_agent: str = USER_AGENT


@dataclass
class Fetcher:
    """One polite HTTP client for a run: per-host limits, no retries, hosts that push back rest."""

    settings: FetchSettings = field(default_factory=FetchSettings)
    transport: httpx.BaseTransport | None = None  # injectable for tests
    _client: httpx.Client = field(init=False)
    _slots: dict[str, threading.BoundedSemaphore] = field(init=False, default_factory=dict)
    _resting: dict[str, str] = field(init=False, default_factory=dict)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._client = httpx.Client(
            timeout=self.settings.timeout,
            headers={"User-Agent": self.settings.user_agent},
            follow_redirects=True,
            max_redirects=5,
            transport=self.transport,
            limits=httpx.Limits(max_connections=self.settings.max_connections),
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.BoundedSemaphore(self.settings.per_host)
            return self._slots[host]

    def get(self, url: str, accept: tuple[str, ...] = ()) -> tuple[bytes, str]:
        """The body and final URL of one GET; :class:`InputError` saying why when there is none."""
        host = urlsplit(url).netloc.lower()
        with self._slot(host):
            if host in self._resting:
                raise InputError(f"{url}: not fetched, {host} {self._resting[host]} in this run")
            try:
                with self._client.stream("GET", url) as response:
                    if response.status_code in _SLOW_DOWN:
                        self._resting[host] = f"answered {response.status_code}"
                        raise InputError(
                            f"{url}: {host} answered {response.status_code} "
                            f"{response.reason_phrase}; it is left alone until the next run"
                        )
                    if response.status_code >= 400:
                        raise InputError(
                            f"{url}: HTTP {response.status_code} {response.reason_phrase}"
                        )
                    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if accept and kind and kind not in accept:
                        raise InputError(f"{url}: not an HTML page ({kind})")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > self.settings.max_bytes:
                            raise ArticleTooLarge(
                                f"{url}: over the {self.settings.max_bytes:,}-byte limit "
                                "for one page; raise NEWSTRAIL_MAX_BYTES"
                            )
                    return bytes(body), str(response.url)
            except httpx.TimeoutException:
                self._resting[host] = "timed out"
                raise InputError(
                    f"{url}: no answer within {self.settings.timeout:g} s; "
                    f"{host} is left alone until the next run"
                ) from None
            except httpx.HTTPError as exc:
                self._resting[host] = "could not be reached"
                raise InputError(f"{url}: cannot fetch ({type(exc).__name__}: {exc})") from None

    def article(self, entry: FeedEntry) -> Article:
        """The article an entry links to, read as an HTML page (the feed's fields as fallbacks)."""
        body, final_url = self.get(entry.link, accept=_HTML_TYPES)
        article = article_from_html(decode(body, entry.link), url=entry.link)
        if final_url != entry.link and article.path is None:
            article.path = final_url  # where the page really was, after redirects
        article.title = article.title or entry.title
        article.author = article.author or entry.author
        # The page's own machine-readable time wins; the feed's is the publisher's word too.
        article.published = article.published or entry.published
        return article


def read_feed_bytes(source: str, fetcher: Fetcher, max_bytes: int) -> bytes:
    if is_url(source):
        return fetcher.get(source)[0]
    path = Path(source)
    try:
        if path.stat().st_size > max_bytes:
            raise ArticleTooLarge(f"{source}: over the {max_bytes:,}-byte limit for one file")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror or exc})") from None


def read_feed(
    source: str,
    *,
    known_url: Callable[[str], bool] = lambda url: False,
    on_skip: Callable[[str], None] = lambda url: None,
    fetcher: Fetcher | None = None,
    max_bytes: int = 5_000_000,
) -> Iterator[Article | InputError]:
    """The articles of a feed's new entries, in feed order; a page that fails is an InputError.
    A URL that gives an HTML page rather than a feed is read as that one article.

    ``known_url(url)`` says whether an article is stored already: those entries are not fetched,
    and ``on_skip(url)`` is told. Raises :class:`InputError` when the feed itself cannot be read.
    """
    own = fetcher is None
    fetcher = fetcher or Fetcher(FetchSettings(max_bytes=max_bytes))
    try:
        data = read_feed_bytes(source, fetcher, max_bytes)
        if is_url(source) and not looks_like_feed(data):
            # A URL of one article page rather than of a feed: read it as that article.
            if known_url(source):
                on_skip(source)
                return
            try:
                yield article_from_html(decode(data, source), url=source)
            except InputError as exc:
                yield exc
            return
        entries = parse_feed(data, source)
        fresh: list[FeedEntry] = []
        seen: set[str] = set()
        for entry in entries:
            if entry.link in seen or known_url(entry.link):
                on_skip(entry.link)
                continue
            seen.add(entry.link)
            fresh.append(entry)
        if not fresh:
            return
        threads = min(fetcher.settings.max_connections, len(fresh))

        def fetch(entry: FeedEntry) -> Article | InputError:
            try:
                return fetcher.article(entry)
            except InputError as exc:
                return exc

        pool = ThreadPoolExecutor(threads, thread_name_prefix="newstrail-fetch")
        try:
            yield from pool.map(fetch, fresh)
        finally:
            # Stopped early (Ctrl-C): pages not yet asked for are not asked for.
            pool.shutdown(wait=False, cancel_futures=True)
    finally:
        if own:
            fetcher.close()
