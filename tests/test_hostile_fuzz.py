"""Fuzzing the edges newstrail exposes (issue 17): random bytes, JSON and text at the readers.

Seeded (``derandomize=True``: the same cases every run, so CI never flakes) and bounded: a few
hundred cases per test, each answered within a time bound. Every reader result must be an
``Article`` that can be stored, or an ``InputError`` with a one-line reason that a reader gave on
purpose (never its "unexpected error" catch-all). ``pytest --hypothesis-show-statistics`` prints
the number of cases each test ran.
"""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstrail.errors import InputError
from newstrail.ingest.dates import normalise_published, parse_dateline
from newstrail.ingest.readers import UNEXPECTED, has_visible_text, read_bytes
from newstrail.models import Article, Extraction
from newstrail.store import Store
from newstrail.store.db import to_utc

SECONDS_PER_CASE = 5.0  # generous: CI machines are slow and shared; a hang is minutes
FUZZ = settings(
    derandomize=True,
    deadline=None,  # timed below, against the bound, not hypothesis' 200 ms default
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)
SUFFIXES = ["", ".txt", ".json", ".jsonl", ".html"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return Store(str(tmp_path_factory.mktemp("fuzz") / "kb.db"))


def check_read(data: bytes, suffix: str, store: Store) -> None:
    started = time.perf_counter()
    try:
        items = list(read_bytes(data, f"fuzz{suffix}", suffix, 100_000))
    except InputError as exc:
        items = [exc]
    assert time.perf_counter() - started < SECONDS_PER_CASE
    for item in items:
        if isinstance(item, InputError):
            message = str(item)
            assert UNEXPECTED not in message, message
            assert message.startswith("fuzz") and "\n" not in message and "\r" not in message
            continue
        assert isinstance(item, Article)
        check_article(item, store)


def check_article(article: Article, store: Store) -> None:
    assert has_visible_text(article.text) and "\x00" not in article.text
    for value in (article.title, article.outlet, article.author, article.url, article.published):
        assert value is None or isinstance(value, str)
    if article.published is not None:
        assert normalise_published(article.published) == article.published
        to_utc(article.published)  # the store's sortable form exists
    store.add(article, Extraction())  # storable: valid UTF-8, no NUL, no lone surrogate


# JSON values of every type, nested, with the non-standard constants Python writes (NaN, Infinity).
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
article_fields = st.sampled_from(["text", "html", "title", "published", "outlet", "author", "url"])
records = st.dictionaries(article_fields, json_values, max_size=6) | st.fixed_dictionaries(
    {"text": st.text(min_size=1, max_size=200)},
    optional={"title": json_values, "published": json_values | st.text(max_size=30)},
)


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_fuzz_readers_random_bytes(data: bytes, suffix: str, store: Store) -> None:
    check_read(data, suffix, store)


@FUZZ
@given(lines=st.lists(records | json_values, min_size=1, max_size=4), pretty=st.booleans())
def test_fuzz_readers_random_json(lines: list[Any], pretty: bool, store: Store) -> None:
    if pretty:
        check_read(json.dumps(lines, indent=1).encode(), ".json", store)
    else:
        text = "\n".join(json.dumps(line) for line in lines)
        check_read(text.encode("utf-8", errors="surrogatepass"), ".jsonl", store)


@FUZZ
@given(
    text=st.text(
        st.characters(codec=None, exclude_categories=()),  # controls, surrogates, zero-width, BOM
        max_size=400,
    ),
    encoding=st.sampled_from(["utf-8", "utf-16-le", "utf-16", "latin-1", "cp1252"]),
    suffix=st.sampled_from(SUFFIXES),
)
def test_fuzz_readers_random_text(text: str, encoding: str, suffix: str, store: Store) -> None:
    check_read(text.encode(encoding, errors="replace"), suffix, store)


@FUZZ
@given(
    line=st.from_regex(
        r"(?:Mon, )?\d{1,4}[ -](?:June|13|02)[ -]\d{1,5}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
        r"(?: ?\(?(?:UTC|GMT|Z)?[+\-−]\d{1,2}:?\d{0,2}\)?)?",
        fullmatch=True,
    )
    | st.text(max_size=60)
)
def test_fuzz_dates_datelines_and_metadata(line: str) -> None:
    for value in (parse_dateline(line), normalise_published(line)):
        if value is not None:
            to_utc(value)
            assert normalise_published(value) == value


@settings(FUZZ, max_examples=30)  # trafilatura takes ~50 ms a page
@given(
    head=st.text(max_size=200),
    body=st.text(max_size=400),
    nesting=st.integers(0, 1000) | st.just(100_000),
)
def test_fuzz_readers_html(head: str, body: str, nesting: int, store: Store) -> None:
    page = (
        f"<html><head>{head}</head><body>{'<div>' * nesting}<article><p>{body}</p>"
        "<p>The mayor said the bridge in Riga would reopen on Monday.</p></article></body></html>"
    )
    check_read(page.encode("utf-8", errors="surrogatepass"), ".html", store)


# -- the API: random query strings at every list, page and item ---------------------------------

ENDPOINTS = [
    "/api/articles",
    "/api/articles.csv",
    "/api/search",
    "/api/quotes",
    "/api/entities",
    "/api/places",
    "/api/times",
    "/api/facets",
    "/api/compare",
    "/",
    "/entities",
    "/timeline",
    "/compare",
    "/map",
    "/api/claims",
    "/api/disagreements",
    "/claims",
    "/disagreements",
    "/api/events",
    "/api/events.csv",
    "/api/events.geojson",
    "/api/event-groups",
    "/events",
]
PARAMETERS = [
    "q",
    "offset",
    "limit",
    "page",
    "since",
    "until",
    "events_since",
    "events_until",
    "year",
    "outlet",
    "speaker",
    "entity",
    "place",
    "text",
    "article",
    "label",
    "country",
    "located",
    "format",
    "facets",
    "a",
    "b",
    "story",
    "min_appearances",
    "type",
    "actor",
    "negated",
]
numbers = st.integers(-(2**70), 2**70).map(str)
dates = st.from_regex(
    r"\d{1,5}(-\d{1,3}(-\d{1,3}(T\d{1,3}:\d{1,3}(:\d{2})?([+-]\d{2}:\d{2}|Z)?)?)?)?", fullmatch=True
)
values = (
    st.text(max_size=60)
    | numbers
    | dates
    | st.text(alphabet="ab\"'*%_()-:^ ", max_size=80)  # FTS5 and LIKE syntax
    | st.integers(1, 40).map(lambda n: " ".join(["water"] * n * 20))
    | st.just("x" * 1200)
)


ITEM_PAGES = [
    "/api/articles/",
    "/article/",
    "/api/entities/",
    "/entity/",
    "/place/",
    "/api/places/",
]
items = st.tuples(st.sampled_from(ITEM_PAGES), st.text(max_size=40) | st.just("y" * 3000)).map(
    lambda pair: pair[0] + quote(pair[1], safe="")
)


@settings(FUZZ, max_examples=150)
@given(
    endpoint=st.sampled_from(ENDPOINTS) | items,
    params=st.dictionaries(st.sampled_from(PARAMETERS) | st.text(max_size=10), values, max_size=4),
    html=st.booleans(),
)
def test_fuzz_api_random_query_strings(
    client: Any, endpoint: str, params: dict[str, str], html: bool
) -> None:
    headers = {"accept": "text/html"} if html else {}
    started = time.perf_counter()
    response = client.get(endpoint, params=params, headers=headers)
    assert time.perf_counter() - started < SECONDS_PER_CASE, (endpoint, params)
    assert response.status_code < 500, (endpoint, params, response.text[:300])
    if response.status_code >= 400 and "json" in response.headers.get("content-type", ""):
        assert set(response.json()["error"]) == {"status", "type", "message", "path", "detail"}
