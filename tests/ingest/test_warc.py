from __future__ import annotations

import gzip
from collections import Counter
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newstrail.errors import InputError
from newstrail.ingest.batch import ingest
from newstrail.ingest.warc import read_warc
from newstrail.models import Article
from newstrail.store import Store
from tests.ingest.local_site import article_page
from tests.ingest.test_feeds import STORIES, NoExtraction

CRAWLED = "2025-01-15T04:05:06Z"


def _response(
    writer: WARCWriter, url: str, body: bytes, content_type: str, status: str = "200 OK"
) -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": CRAWLED},
    )
    writer.write_record(record)


def build_warc(path: Path, *, broken_tail: bool = False) -> Path:
    """A small crawl: 3 article pages, their request records, an image, a 404, a CSS file."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for url_path, (title, body, published) in STORIES.items():
            url = f"https://harbour.example{url_path}"
            request = writer.create_warc_record(
                url, "request", payload=BytesIO(b"GET " + url_path.encode() + b" HTTP/1.1\r\n\r\n")
            )
            writer.write_record(request)
            _response(
                writer,
                url,
                article_page(title, body, published).encode(),
                "text/html; charset=utf-8",
            )
        _response(writer, "https://harbour.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png")
        _response(
            writer,
            "https://harbour.example/old.html",
            b"<html>gone</html>",
            "text/html",
            "404 Not Found",
        )
        _response(writer, "https://harbour.example/site.css", b"body{}", "text/css")
    if broken_tail:
        with open(path, "ab") as handle:
            handle.write(
                gzip.compress(
                    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999\r\n\r\ntrunc"
                )
            )
    return path


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses_become_articles_rest_counted(tmp_path: Path, name: str) -> None:
    skipped: list[str] = []
    items = list(read_warc(build_warc(tmp_path / name), on_skip=skipped.append))
    found = [item for item in items if isinstance(item, Article)]
    assert [a.url for a in found] == [f"https://harbour.example{p}" for p in STORIES]
    assert found[0].title == "Ferry service resumes"
    assert found[0].published == "2024-03-05T09:30:00+01:00"  # from the page
    assert found[1].published is None  # the crawl date is not a publication date
    assert found[0].path == f"{tmp_path / name}#3"
    assert Counter(skipped) == {
        "request record, not a response": 3,
        "warcinfo record, not a response": 1,
        "not HTML (image/png)": 1,
        "not HTML (text/css)": 1,
        "HTTP status 404": 1,
    }


def test_warc_broken_tail_is_reported_rest_kept(tmp_path: Path) -> None:
    items = list(read_warc(build_warc(tmp_path / "crawl.warc.gz", broken_tail=True)))
    assert sum(isinstance(item, Article) for item in items) == 3
    errors = [str(item) for item in items if isinstance(item, InputError)]
    assert len(errors) == 1 and "crawl.warc.gz" in errors[0]


def test_warc_not_an_archive_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc.gz"
    path.write_bytes(gzip.compress(b"just some text, not a web archive\n"))
    with pytest.raises(InputError, match="not a readable WARC archive"):
        list(read_warc(path))


def test_warc_ingest_counts_articles_and_skips(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "kb.db"))
    warc = (
        build_warc(tmp_path / "in" / "crawl.warc.gz") if (tmp_path / "in").mkdir() is None else None
    )
    report = ingest([str(tmp_path / "in")], store, extractor=NoExtraction())
    assert (report.ingested, report.failed) == (3, 0), report.errors
    assert sum(report.skip_reasons.values()) == 7
    assert "3 request record, not a response" in report.summary()
    again = ingest([str(warc)], store, extractor=NoExtraction())
    assert (again.ingested, again.skipped) == (0, 3)
