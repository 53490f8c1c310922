"""Hostile requests (issue 17) through the in-process client: 422 in the one error shape, never a
500, and every answer within a bound, however large the numbers, strings or term lists."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newstrail.cli.main import cli
from newstrail.http.app import create_app
from newstrail.models import Article, Entity, Extraction
from newstrail.store import Store
from tests.sample import build_sample

FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]
INT64_MAX = 2**63 - 1
SECONDS = 5.0  # every answer, however hostile the request, within this (CI is slow and shared)
LISTS = [
    "/api/articles",
    "/api/search?q=water",
    "/api/quotes",
    "/api/entities",
    "/api/places",
    "/api/times",
    "/api/articles.csv",
    "/api/claims",
    "/api/disagreements",
]


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, str]:
    db = str(tmp_path_factory.mktemp("hostile-http") / "kb.db")
    store = Store(db)
    build_sample(store)
    for number, formula in enumerate(FORMULAS):
        text = f"{formula} was typed into the spreadsheet, the clerk said ({number})."
        store.add(
            Article(text=text, title=formula, outlet=formula, path=f"formula-{number}.txt"),
            Extraction(
                entities=[
                    Entity(text=formula, start=0, end=len(formula), label="PERSON", name=formula)
                ]
            ),
        )
    return store, db


@pytest.fixture(scope="module")
def client(hostile_store: tuple[Store, str]) -> TestClient:
    return TestClient(create_app(hostile_store[0]), raise_server_exceptions=False)


def get(client: TestClient, url: str, **kwargs: Any) -> Any:
    started = time.perf_counter()
    response = client.get(url, **kwargs)
    assert time.perf_counter() - started < SECONDS, url[:100]
    assert response.status_code != 500, (url[:100], response.text[:300])
    return response


def assert_error_shape(response: Any, status: int) -> None:
    assert response.status_code == status, response.text[:300]
    error = response.json()["error"]
    assert error["status"] == status
    assert set(error) == {"status", "type", "message", "path", "detail"}


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("offset", [str(2**63), "9" * 30, "-1"])
def test_hostile_offset_beyond_int64_is_422(client: TestClient, url: str, offset: str) -> None:
    glue = "&" if "?" in url else "?"
    assert_error_shape(get(client, f"{url}{glue}offset={offset}"), 422)


@pytest.mark.parametrize("url", LISTS)
def test_hostile_largest_offset_is_an_empty_page(client: TestClient, url: str) -> None:
    glue = "&" if "?" in url else "?"
    response = get(client, f"{url}{glue}offset={INT64_MAX - 10_000}")
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/?q=water&page=", "/entities?page=", "/claims?offset="])
def test_hostile_web_page_number_beyond_int64_is_422(client: TestClient, path: str) -> None:
    assert get(client, f"{path}{2**63}").status_code == 422
    assert get(client, f"{path}{2**63}", headers={"accept": "text/html"}).status_code == 422


LONG = "x" * 60_000


@pytest.mark.parametrize(
    "url",
    [
        f"/api/entities?q={LONG}",
        f"/api/places?q={LONG}",
        f"/api/quotes?speaker={LONG}",
        f"/api/quotes?q={LONG}",
        f"/api/articles?text={LONG}",
        f"/api/articles?outlet={LONG}",
        f"/api/search?q={LONG}",
        f"/api/articles/{LONG}",
        f"/api/entities/{LONG}",
        f"/api/places/{LONG}/mentions",
        f"/article/{LONG}",
        f"/compare?a={LONG}&b=x",
        f"/entities?q={LONG}",
    ],
)
def test_hostile_overlong_strings_are_refused_not_500(client: TestClient, url: str) -> None:
    response = get(client, url)
    assert response.status_code in (404, 422), response.text[:200]
    if url.startswith("/api"):
        assert_error_shape(response, response.status_code)


@pytest.mark.parametrize(
    "url", ["/api/articles/%00", "/api/entities/a%00b", "/api/quotes?speaker=%00", "/article/%00"]
)
def test_hostile_nul_characters_are_refused_not_500(client: TestClient, url: str) -> None:
    response = get(client, url)
    assert response.status_code == 422, response.text[:200]
    if url.startswith("/api"):
        assert_error_shape(response, 422)


@pytest.mark.parametrize(
    "q",
    [
        " ".join(["water"] * 2_500),  # one term repeated: the case whose cost grew quadratically
        " ".join(f"w{i}" for i in range(2_500)),  # 2,500 distinct terms
        "water " * 10 + "a" * 5000,
    ],
)
def test_hostile_search_cost_is_bounded(client: TestClient, q: str) -> None:
    for url in ("/api/search", "/api/quotes", "/"):
        response = get(client, url, params={"q": q})
        assert response.status_code in (200, 422)


@pytest.mark.parametrize("parameter", ["since", "until", "events_since", "events_until"])
@pytest.mark.parametrize(
    "value",
    ["2022-13-45", "2022-02-30", "9999-99-99T99:99:99+99:99", "2022-06-03T25:00", "0000-01-01"],
)
def test_hostile_impossible_dates_are_422(client: TestClient, parameter: str, value: str) -> None:
    response = get(client, "/api/articles", params={parameter: value})
    assert_error_shape(response, 422)
    assert parameter in response.json()["error"]["message"]


@pytest.mark.parametrize("value", ["2022", "2022-06", "2022-06-03", "2022-06-03T11:00:00+04:00"])
def test_hostile_real_dates_still_accepted(client: TestClient, value: str) -> None:
    assert get(client, "/api/articles", params={"since": value}).status_code == 200


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _formulas(cells: list[str]) -> list[str]:
    """Cells a spreadsheet would run: starting with = + - @ tab or CR, and not a number."""

    def number(cell: str) -> bool:
        try:
            float(cell)
        except ValueError:
            return False
        return True

    return [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r") and not number(c)]


def test_hostile_api_csv_formulas_neutralised(client: TestClient) -> None:
    cells = _cells(get(client, "/api/articles.csv?limit=100").text)
    for formula in FORMULAS:
        assert "'" + formula in cells or "'" + formula.replace("\r", "\n") in cells
    assert not _formulas(cells)


def test_hostile_export_csv_formulas_neutralised(hostile_store: tuple[Store, str]) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", hostile_store[1], "--format", "csv"])
    assert result.exit_code == 0
    cells = _cells(result.output)
    assert '\'=HYPERLINK("http://evil.example","x")' in cells
    assert not _formulas(cells)


def test_hostile_csv_keeps_numbers(client: TestClient, tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(get(client, "/api/quotes.csv").text)))
    assert rows and all(row["start"].isdigit() for row in rows)
