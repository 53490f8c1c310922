"""Readers on hostile input (issue 17): clean records or one-line errors, nothing invented."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from newstrail.errors import ArticleTooLarge, EmptyArticle, InputError
from newstrail.ingest import discover, normalise_published, parse_dateline, read_path
from newstrail.ingest.readers import (
    article_from_html,
    clean_field,
    decode,
    display_path,
    read_bytes,
    read_stream,
)
from newstrail.models import Article

BODY = "<article><p>The council said on the radio that the harbour in Hamburg would be dredged.</p>"


def html(head: str = "", body: str = BODY) -> str:
    return f"<html><head><title>Harbour</title>{head}</head><body>{body}</article></body></html>"


@pytest.mark.parametrize(
    ("page", "published"),
    [
        (html('<meta name="date" content="2021-04-05">'), "2021-04-05"),
        (
            html('<meta property="article:published_time" content="2021-04-05T10:00:00+02:00">'),
            "2021-04-05T10:00:00+02:00",
        ),
        (
            html(
                '<script type="application/ld+json">'
                + json.dumps({"@graph": [{"@type": "NewsArticle", "datePublished": "2020-02-03"}]})
                + "</script>"
            ),
            "2020-02-03",
        ),
        (
            html(body='<time datetime="2019-07-08T06:00:00Z">8 July</time>' + BODY),
            "2019-07-08T06:00:00+00:00",
        ),
        (
            html(body="<article><p>3 June 2022 11:00 (UTC+04:00)</p>" + BODY[9:]),
            "2022-06-03T11:00:00+04:00",
        ),
        # trafilatura would guess these from the body ("March 2023") and the footer ("© 2019")
        (html(body=BODY.replace("The council", "In March 2023 the council")), None),
        (html(body=BODY + "</article><footer>© 2019 Example</footer><article>"), None),
    ],
)
def test_readers_html_published_only_from_what_the_page_states(
    page: str, published: str | None
) -> None:
    article = article_from_html(page, path="page.html")
    assert article.published == published
    assert article.text.startswith(("The council", "In March"))  # a dateline is not text


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("The envoy said the summit was calm.".encode("utf-16-le"), "The envoy said"),
        ("The envoy said the summit was calm.".encode("utf-16-be"), "The envoy said"),
        ("Министр сказал, что переговоры завершились.".encode("utf-16-le"), "Министр сказал"),
        ("東京で会談が開かれた、と大臣は述べた。 Tokyo.".encode("utf-16-be"), "東京で会談"),
        ("The envoy said the summit was calm.".encode("utf-32"), "The envoy said"),
        ("The envoy said the summit was calm.".encode("utf-16"), "The envoy said"),
        (
            "Café in Zürich.\n".encode() + "Fête à Genève.\n".encode("latin-1"),
            "Café in Zürich.\nFête à Genève.\n",
        ),
        ("Fête à Genève, déclaré.".encode("cp1252"), "Fête à Genève, déclaré."),
    ],
)
def test_readers_decode_any_encoding_never_mojibake(data: bytes, text: str) -> None:
    assert decode(data, "x.txt").startswith(text)


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02PNG" * 50, b"Text that looks fine. " * 300 + b"\x00 then binary"],
)
def test_readers_decode_nul_bytes_are_binary(data: bytes) -> None:
    with pytest.raises(InputError, match="binary file"):
        decode(data, "x.txt")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            '{"text": "Some text here.", "title": ["a", "b"]}',
            "'title' must be a string, got a list",
        ),
        ('{"text": "Some text here.", "outlet": {"x": 1}}', "'outlet' must be a string, got an"),
        ('{"text": "Some text here.", "author": NaN}', "got a non-finite number"),
        ('{"text": "Some text here.", "title": -Infinity}', "got a non-finite number"),
        ('{"text": "Some text here.", "url": true}', "'url' must be a string, got true/false"),
        ('{"text": "Some text here.", "published": 20220603}', "'published' must be a string"),
        ('{"text": ["Some", "text"]}', "'text' must be a string, got a list"),
        ('{"text": "x", "n": ' + "1" * 5000 + "}", None),  # a huge number in an unused field
        ('{"text": "x", "deep": ' + "[" * 5000 + "]" * 5000 + "}", "nested too deeply"),
        ('"just a string"', "expected a JSON object, got str"),
        ('{"text": "\\u200b\\ufeff\\u2060"}', "only invisible or control characters"),
    ],
)
def test_readers_json_record_wrong_types_are_one_line_errors(line: str, reason: str | None) -> None:
    [item] = list(read_bytes(line.encode(), "in.jsonl", ".jsonl", 10**7))
    if reason is None:
        assert isinstance(item, Article) and item.text == "x"
    else:
        assert isinstance(item, InputError) and reason in str(item)
        assert "\n" not in str(item)


def test_readers_json_nested_too_deeply_is_one_line_file_error() -> None:
    with pytest.raises(InputError, match="in.json: invalid JSON .nested too deeply to read.$"):
        list(read_bytes(b"[" * 100_000 + b"]" * 100_000, "in.json", ".json", 10**7))


def test_readers_text_cleaned_of_lone_surrogates_nul_and_controls_in_fields() -> None:
    line = json.dumps({"text": "A \ud800 b\x00c said.", "title": "\x1b[31mRed\x07 title\n"})
    [article] = list(read_bytes(line.encode(), "in.json", ".json", 10**7))
    assert isinstance(article, Article)
    assert article.text == "A \ufffd bc said."
    assert article.title == "[31mRed title"
    article.text.encode("utf-8")  # storable
    assert clean_field("\u200b\ufeff") is None


def test_readers_fifo_and_devices_are_refused_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        list(read_path(fifo))
    [(name, problem)] = list(discover([str(fifo)]))
    assert name == str(fifo) and "not a regular file" in (problem or "")


def test_readers_discover_problems_are_printable(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    found = dict(discover([str(fifo), "a" * 5000 + ".txt", str(tmp_path / "nope\udcff.txt")]))
    assert "not a regular file" in (found[str(fifo)] or "")
    assert any("cannot be read" in (problem or "") for problem in found.values())
    assert found[str(tmp_path / "nope\\xff.txt")] == "no such file or directory"
    for name in found:
        name.encode("utf-8")


def test_readers_non_utf8_file_name_is_stored_escaped(tmp_path: Path) -> None:
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(raw, "wb") as handle:
        handle.write(b"The owner said the cafe is open again.")
    [article] = list(read_path(os.fsdecode(raw)))
    assert isinstance(article, Article)
    assert article.path == f"{tmp_path}/caf\\xe9.txt"
    assert display_path(os.fsdecode(raw)) == article.path


def test_readers_stream_read_no_further_than_the_limit() -> None:
    class Endless(io.RawIOBase):
        read_so_far = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            buffer[:] = b"a" * len(buffer)
            Endless.read_so_far += len(buffer)
            return len(buffer)

    with pytest.raises(ArticleTooLarge, match="more than 1,000 bytes"):
        list(read_stream(Endless(), "<stdin>", 1000))  # type: ignore[arg-type]
    assert Endless.read_so_far <= 1001
    [article] = list(read_stream(io.BytesIO(b"The mayor said so."), "<stdin>", 1000))
    assert isinstance(article, Article)


def test_readers_only_invisible_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "zw.txt"
    path.write_text("\ufeff\u200b\u200c\u200d\ufeff\u2060\n  \t\n")
    with pytest.raises(EmptyArticle, match="only invisible"):
        list(read_path(path))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-06-03T11:00:00+25:00", "2022-06-03"),
        ("9999-12-31T23:59:59-23:59", "9999-12-31"),
        ("0001-01-01T00:00:00+05:00", "0001-01-01"),
        ("2022-13-45", None),
        ("2022-02-30", None),
        ("9999-99-99T99:99:99+99:99", None),
        ("3 June 2022 11:00 (UTC+99:00)", "2022-06-03"),
        ("3 June 2022 11:00 (UTC+04:75)", "2022-06-03"),
        ("9" * 5000, None),
        (float("nan"), None),
        (12345, None),
        (["2022-06-03"], None),
    ],
)
def test_dates_impossible_values_are_left_out_or_kept_as_the_stated_date(
    value: object, expected: str | None
) -> None:
    assert normalise_published(value) == expected


def test_dates_dateline_with_impossible_offset_keeps_its_date() -> None:
    assert parse_dateline("3 June 2022 11:00 (UTC+99:00)") == "2022-06-03"
