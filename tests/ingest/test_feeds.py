from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newstrail.errors import InputError
from newstrail.ingest.batch import ingest
from newstrail.ingest.feeds import USER_AGENT, Fetcher, FetchSettings, parse_feed, read_feed
from newstrail.ingest.watch import parse_interval, watch
from newstrail.models import Article, Extraction
from newstrail.store import Store
from tests.ingest.local_site import LocalSite, article_page, rss

STORIES = {
    "/news/ferry.html": (
        "Ferry service resumes",
        "The harbour master said on Tuesday that the ferry to Vlieland would run again from "
        "Thursday.\n\nPassengers had waited three days while crews repaired the landing stage.",
        "2024-03-05T09:30:00+01:00",
    ),
    "/news/bridge.html": (
        "Bridge inspection finds cracks",
        "Engineers told the city council that two piers of the old bridge need repairs before "
        "winter.\n\nThe council will vote on the budget next month, a spokeswoman said.",
        None,
    ),
    "/news/market.html": (
        "Fish market moves",
        "The weekly fish market will move to the northern quay in April, organisers announced "
        "on Monday.\n\nStallholders said the new site has more shelter from the wind.",
        None,
    ),
}


class NoExtraction:
    """Stands in for the pipeline where only ingest bookkeeping is tested (no model load)."""

    def extract(self, article: Article) -> Extraction:
        return Extraction(components={"model": "none"})


@pytest.fixture
def site() -> Iterator[LocalSite]:
    site = LocalSite().start()
    for path, (title, body, published) in STORIES.items():
        site.add(path, article_page(title, body, published))
    items = [
        {"title": title, "link": site.url(path), "pubDate": "Wed, 06 Mar 2024 08:00:00 +0100"}
        for path, (title, _, _) in STORIES.items()
    ]
    site.add("/feed.xml", rss(items), content_type="application/rss+xml")
    yield site
    site.stop()


def articles(items: list[Article | InputError]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def test_feeds_parse_rss_and_atom_entries() -> None:
    feed = rss(
        [
            {"title": "A", "link": "/a.html", "pubDate": "Mon, 06 Jun 2022 11:00:00 +0400"},
            {"title": "B", "link": "https://news.example/b.html"},
            {"title": "no link"},
        ]
    ).encode()
    entries = parse_feed(feed, "harbour.rss")
    assert [e.link for e in entries] == [
        "http://example.invalid/a.html",
        "https://news.example/b.html",
    ]
    assert entries[0].published == "2022-06-06T11:00:00+04:00"
    assert entries[1].published is None  # never invented
    atom = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        b'<entry><title>C</title><link href="https://news.example/c"/>'
        b"<published>2023-01-02T03:04:05Z</published><updated>2023-05-01T00:00:00Z</updated></entry>"
        b'<entry><title>D</title><link href="https://news.example/d"/>'
        b"<updated>2023-05-01T00:00:00Z</updated></entry></feed>"
    )
    c, d = parse_feed(atom, "x.atom")
    assert (c.link, c.published) == ("https://news.example/c", "2023-01-02T03:04:05+00:00")
    assert d.published is None  # <updated> is not a publication time


@pytest.mark.parametrize(
    "data", [b"<html><body>a page</body></html>", b"", b"<rss><channel><item><title>x"]
)
def test_feeds_not_a_feed_is_one_clear_error(data: bytes) -> None:
    with pytest.raises(InputError, match="feed"):
        parse_feed(data, "thing.xml")


def test_feeds_read_fetches_each_page_with_user_agent(site: LocalSite) -> None:
    items = list(read_feed(site.url("/feed.xml")))
    found = articles(items)
    assert [a.url for a in found] == [site.url(p) for p in STORIES]
    ferry = found[0]
    assert ferry.title == "Ferry service resumes"
    assert "ferry to Vlieland" in ferry.text
    assert ferry.published == "2024-03-05T09:30:00+01:00"  # the page's own time wins
    assert found[1].published == "2024-03-06T08:00:00+01:00"  # else the feed's
    assert {agent for _, agent in site.requests} == {USER_AGENT}
    assert all(site.requested(path) == 1 for path in STORIES)


def test_feeds_known_entries_are_not_fetched(site: LocalSite) -> None:
    known = {site.url("/news/ferry.html")}
    skipped: list[str] = []
    items = list(
        read_feed(site.url("/feed.xml"), known_url=known.__contains__, on_skip=skipped.append)
    )
    assert len(articles(items)) == 2
    assert skipped == [site.url("/news/ferry.html")]
    assert site.requested("/news/ferry.html") == 0


def test_feeds_bad_pages_are_reported_rest_read(site: LocalSite, tmp_path: Path) -> None:
    site.add("/report.pdf", b"%PDF-1.4", content_type="application/pdf")
    items = [
        {"title": "missing", "link": site.url("/gone.html")},
        {"title": "pdf", "link": site.url("/report.pdf")},
        {"title": "ok", "link": site.url("/news/bridge.html")},
    ]
    feed = tmp_path / "local.rss"
    feed.write_text(rss(items))
    result = list(read_feed(str(feed)))
    errors = [str(item) for item in result if isinstance(item, InputError)]
    assert len(articles(result)) == 1
    assert any("gone.html: HTTP 404" in e for e in errors)
    assert any("not an HTML page (application/pdf)" in e for e in errors)


def test_feeds_at_most_n_requests_at_once_per_host(site: LocalSite) -> None:
    site.delay = 0.15
    items = [{"title": f"s{i}", "link": site.url(f"/news/{i}.html")} for i in range(8)]
    for i in range(8):
        site.add(f"/news/{i}.html", article_page(f"Story {i}", STORIES["/news/ferry.html"][1]))
    site.add("/many.xml", rss(items), content_type="application/rss+xml")
    with Fetcher(FetchSettings(per_host=2)) as fetcher:
        result = list(read_feed(site.url("/many.xml"), fetcher=fetcher))
    assert len(result) == 8
    assert site.most_at_once == 2


def test_feeds_host_that_pushes_back_is_left_alone(site: LocalSite) -> None:
    site.add("/busy.html", b"slow down", content_type="text/plain", status=429)
    items = [{"title": "busy", "link": site.url("/busy.html")}] + [
        {"title": t, "link": site.url(p)} for p, (t, _, _) in STORIES.items()
    ]
    site.add("/busy.xml", rss(items), content_type="application/rss+xml")
    with Fetcher(FetchSettings(per_host=1)) as fetcher:
        result = list(read_feed(site.url("/busy.xml"), fetcher=fetcher))
    errors = [str(item) for item in result if isinstance(item, InputError)]
    assert len(errors) == 4 and "answered 429" in errors[0]
    assert all(site.requested(path) == 0 for path in STORIES)  # no retry storm, no more requests


def test_feeds_ingest_skips_stored_urls_and_watch_polls(site: LocalSite, tmp_path: Path) -> None:
    store = Store(str(tmp_path / "kb.db"))
    feed = site.url("/feed.xml")
    first = ingest([feed], store, extractor=NoExtraction())
    assert (first.ingested, first.skipped, first.failed) == (3, 0, 0)
    rounds: list[Any] = []
    total = watch(
        [feed],
        store,
        every=0.01,
        extractor=NoExtraction(),
        rounds=2,
        on_round=lambda n, report: rounds.append(report),
        sleep=lambda s: None,
    )
    assert total == 0 and [(r.ingested, r.skipped) for r in rounds] == [(0, 3), (0, 3)]
    assert all(site.requested(path) == 1 for path in STORIES)  # never fetched again
    assert store.counts()["articles"] == 3


@pytest.mark.parametrize(
    ("text", "seconds"), [("15m", 900), ("30s", 30), ("2h", 7200), ("1d", 86400), ("90", 90)]
)
def test_watch_interval_parses(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "0", "soon", "-5m"])
def test_watch_bad_interval_is_clear(text: str) -> None:
    with pytest.raises(InputError, match="not an interval"):
        parse_interval(text)


def test_feeds_url_of_an_article_page_is_that_article(site: LocalSite) -> None:
    url = site.url("/news/market.html")
    (article,) = articles(list(read_feed(url)))
    assert article.url == url and article.title == "Fish market moves"
    skipped: list[str] = []
    assert list(read_feed(url, known_url=lambda u: True, on_skip=skipped.append)) == []
    assert skipped == [url]
