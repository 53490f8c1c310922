"""Events through the store, the API (JSON, CSV, GeoJSON), the export and the web pages, on a
hand-built knowledge base (no model)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newstrail.cli.main import cli
from newstrail.http.app import create_app
from newstrail.models import Article, Extraction, TextSpan
from newstrail.records.events import (
    Assertion,
    Event,
    EventCount,
    EventPlace,
    EventTime,
    Participant,
)
from newstrail.store import Store

HOSTILE = "<script>window.__pwned=1</script>"
TEXT = (
    "Hikmat Hajiyev visited Kalbajar from Naftalan through Aghdara on 31 May 2022 with "
    "around 80 diplomats. "
    f'"Rebels of the {HOSTILE} front attacked Lagos in 1993," the minister said. '
    "The army did not attack Kano."
)


def _span(needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


def _part(needle: str, name: str | None = None) -> Participant:
    s, e = _span(needle)
    return Participant(needle, s, e, name)


def _place(role: str, needle: str, lat: float, lon: float) -> EventPlace:
    s, e = _span(needle)
    return EventPlace(role, needle, s, e, needle, lat, lon, None)


def _sentence(first: str, last: str) -> tuple[str, int, int]:
    s = _span(first)[0]
    e = _span(last)[1]
    return TEXT[s:e], s, e


def _events() -> list[Event]:
    text, s, e = _sentence("Hikmat", "diplomats.")
    visit = Event(
        text, s, e, "CONSULT", "visit", TextSpan("visited", *_span("visited")),
        actors=[_part("Hikmat Hajiyev", "Hikmat Hajiyev")],
        places=[
            _place("origin", "Naftalan", 40.5, 46.8),
            _place("via", "Aghdara", 40.2, 46.8),
            _place("destination", "Kalbajar", 40.1, 46.0),
        ],
        time=EventTime("31 May 2022", "2022-05-31", *_span("31 May 2022"), "day"),
        counts=[EventCount("diplomats", 80, "APPROX", "around 80", *_span("around 80"))],
        component="newstrail_events@1.0.0",
    )  # fmt: skip
    text, s, e = _sentence("Rebels", "1993,")
    attack = Event(
        text, s, e, "ASSAULT", None, TextSpan("attacked", *_span("attacked")),
        actors=[_part(f"Rebels of the {HOSTILE} front")],
        recipients=[_part("Lagos", "Lagos")],
        places=[_place("location", "Lagos", 6.45, 3.39)],
        time=EventTime("1993", "1993", *_span("1993"), "year"),
        asserted_by=Assertion("speaker", "Ada Obi", "the minister", *_span("the minister")),
        component="newstrail_events@1.0.0",
    )  # fmt: skip
    text, s, e = _sentence("The army", "Kano.")
    negated = Event(
        text, s, e, "ASSAULT", None, TextSpan("attack", *_span("attack", 1)),
        actors=[_part("The army")], places=[_place("location", "Kano", 12.0, 8.5)],
        negated=True, component="newstrail_events@1.0.0",
    )  # fmt: skip
    return [visit, attack, negated]


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def events_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The hand-built knowledge base on each back end (PostgreSQL when $NEWSTRAIL_TEST_PG)."""
    if request.param == "sqlite":
        return str(tmp_path_factory.mktemp("events") / "events.db")
    return str(request.getfixturevalue("pg_database")())


@pytest.fixture(scope="module")
def events_store(events_db: str) -> tuple[Store, str]:
    store = Store(events_db)
    article = Article(TEXT, title="Visits and attacks", outlet="Test Wire", path="t.txt")
    article_id, _ = store.add(article, Extraction(events=_events(), components={}))
    return store, article_id


@pytest.fixture(scope="module")
def events_client(events_store: tuple[Store, str]) -> TestClient:
    return TestClient(create_app(events_store[0]), raise_server_exceptions=False)


def test_events_http_stored_offsets_are_exact(events_store: tuple[Store, str]) -> None:
    store, article_id = events_store
    record = store.get_article(article_id)
    assert record is not None
    for ev in record["events"]:
        assert TEXT[ev["start"] : ev["end"]] == ev["text"]
        t = ev["trigger"]
        assert TEXT[t["start"] : t["end"]] == t["text"]
        for part in ev["actors"] + ev["recipients"] + ev["places"] + ev["counts"]:
            assert TEXT[part["start"] : part["end"]] == part["text"]
    assert record["events"][0]["asserted_by"] == {
        "kind": "outlet", "name": None, "text": None, "start": None, "end": None,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("query", "triggers"),
    [
        ("", ["attacked", "visited"]),  # event-time order; negated left out
        ("?negated=true", ["attacked", "visited", "attack"]),
        ("?type=consult", ["visited"]),
        ("?place=naftalan", ["visited"]),
        ("?place=Lagos&type=ASSAULT", ["attacked"]),
        ("?actor=Hikmat%20Hajiyev", ["visited"]),
        ("?actor=lagos", ["attacked"]),  # recipients take part too
        ("?events_since=2022-05-01&events_until=2022-06-01", ["visited"]),
        ("?events_until=1994-01-01", ["attacked"]),
        ("?events_since=2023-01-01", []),
    ],
)
def test_events_http_api_filters(
    events_client: TestClient, query: str, triggers: list[str]
) -> None:
    body = events_client.get(f"/api/events{query}").json()
    assert [e["trigger"]["text"] for e in body["items"]] == triggers
    assert body["total"] == len(triggers)
    for e in body["items"]:
        assert e["links"]["web"].endswith(f"#o{e['start']}-{e['end']}")


def test_events_http_api_csv(events_client: TestClient) -> None:
    response = events_client.get("/api/events.csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["type"] for r in rows] == ["ASSAULT", "CONSULT"]
    assert {"trigger_text", "time_value", "asserted_by_name", "places"} <= set(rows[0])
    assert rows[1]["time_value"] == "2022-05-31"


def test_events_http_geojson_route_is_a_line_in_order(events_client: TestClient) -> None:
    body = events_client.get("/api/events.geojson?type=CONSULT").json()
    kinds = [(f["geometry"]["type"], f["properties"]["geometry_role"]) for f in body["features"]]
    assert kinds == [("Point", "event"), ("LineString", "route")]
    line = body["features"][1]
    assert line["geometry"]["coordinates"] == [[46.8, 40.5], [46.8, 40.2], [46.0, 40.1]]
    assert [r["role"] for r in line["properties"]["route"]] == ["origin", "via", "destination"]
    assert body["features"][0]["geometry"]["coordinates"] == [46.0, 40.1]  # the destination


def test_events_http_story_without_stories_is_a_clear_404(events_client: TestClient) -> None:
    response = events_client.get("/api/events?story=s1")
    assert response.status_code == 404
    assert "stories" in response.json()["error"]["message"]


def test_events_http_pages_show_events_escaped(
    events_client: TestClient, events_store: tuple[Store, str]
) -> None:
    _, article_id = events_store
    page = events_client.get("/events").text
    assert "CONSULT" in page and "ASSAULT" in page
    assert f"/article/{article_id}#o" in page
    assert HOSTILE not in page and "&lt;script&gt;" in page
    filtered = events_client.get("/events?type=ASSAULT&place=Lagos").text
    assert "attacked" in filtered and "visited" not in filtered
    article = events_client.get(f"/article/{article_id}").text
    assert "hl-event" in article and "hl-actor" in article and "hl-recipient" in article
    assert 'id="event-0"' in article and HOSTILE not in article
    assert 'data-events="/api/events.geojson"' in events_client.get("/map").text


def test_events_http_export_events_geojson(
    events_store: tuple[Store, str], events_db: str, tmp_path: Path
) -> None:
    out = tmp_path / "events.geojson"
    args = ["export", "--db", events_db, "--format", "events-geojson", "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    body: dict[str, Any] = json.loads(out.read_text("utf-8"))
    roles = [f["properties"]["geometry_role"] for f in body["features"]]
    assert roles.count("route") == 1 and roles.count("event") == 2  # the negated one is left out
