"""Issue 11 end to end on a real SQLite store: link stage → JSONL fields, exports, API, web pages."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newstrail.http.app import create_app
from newstrail.link import run_links
from newstrail.models import Article, Entity, Extraction, Place, Quote, Speaker
from newstrail.store import Store
from newstrail.store.export import export

WIRE = (
    "Barges stranded as the Danube falls to a record low\n"
    "Cargo traffic on the Danube stopped near Vidin on Tuesday after the water level fell below two "
    "metres, port director Ivan Petrov said. Dozens of barges loaded with grain and fertiliser waited "
    "at anchor while dredgers worked on the shallowest stretch of the river. Shipping companies said "
    "each idle day costs them thousands of euros, and some have moved cargo to trucks and rail."
)
OTHER = (
    "Central bank raises rates\nThe central bank raised its main interest rate by half a point on "
    "Thursday to fight inflation, governor Maria Lopez said after the board meeting in Sofia."
)


def extraction_of(text: str, person: str, role: str, place: str, geonameid: int) -> Extraction:
    start = text.index(person)
    at = text.index(place)
    return Extraction(
        entities=[Entity(person, start, start + len(person), "PERSON", person, role=role)],
        places=[Place(place, at, at + len(place), place, 43.99, 22.87, "BG", geonameid)],
        quotes=[Quote("x", 0, 1, "indirect", None, Speaker(person, label="PERSON", role=role))],
    )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "sqlite":
        store = Store(str(tmp_path / "kb.db"))
    else:
        store = Store(request.getfixturevalue("pg_database")())
    wire = extraction_of(WIRE, "Ivan Petrov", "port director", "Vidin", 725712)
    store.add(Article(WIRE, published="2024-08-06T09:00:00+00:00", outlet="Wire"), wire)
    copy = WIRE.replace("Barges stranded", "Danube barges stuck") + "\nFollow us for more news."
    store.add(
        Article(copy, published="2024-08-06T11:00:00+00:00", outlet="Daily"),
        extraction_of(copy, "Ivan Petrov", "port director", "Vidin", 725712),
    )
    store.add(
        Article(OTHER, published="2024-08-08T09:00:00+00:00", outlet="Daily"),
        extraction_of(OTHER, "Maria Lopez", "governor", "Sofia", 727011),
    )
    run_links(store)
    return store


def test_wiring_jsonl_articles_carry_story_copy_and_identities(store: Store) -> None:
    records = {r["source"]["outlet"] + r["published"][:13]: r for r in store.iter_records()}
    wire, copy, other = (records[k] for k in sorted(records, key=lambda k: k[-13:]))
    assert wire["duplicate_of"] is None
    assert copy["duplicate_of"]["id"] == wire["id"]
    assert 0.5 <= copy["duplicate_of"]["similarity"] <= 1.0
    assert wire["story"] == copy["story"] != other["story"]
    assert wire["entities"][0]["identity"] == copy["entities"][0]["identity"]
    assert wire["places"][0]["identity"] == copy["places"][0]["identity"]
    assert wire["quotes"][0]["speaker"]["identity"] == wire["entities"][0]["identity"]


def test_wiring_link_stage_is_idempotent(store: Store) -> None:
    before = list(store.iter_records())
    run_links(store)
    assert list(store.iter_records()) == before


@pytest.mark.parametrize("fmt", ["stories", "identities"])
def test_wiring_exports_one_object_a_line(store: Store, fmt: str) -> None:
    out = io.StringIO()
    count = export(store, fmt, out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(rows) == count > 0
    keys = (
        {"id", "title", "articles", "first_published", "outlets", "independent_articles"}
        if fmt == "stories"
        else {"id", "name", "label", "aliases", "roles", "articles"}
    )
    assert all(keys <= set(row) for row in rows)
    if fmt == "stories":
        danube = next(r for r in rows if len(r["articles"]) == 2)
        assert danube["independent_articles"] == 1
        assert danube["outlets"] == ["Daily", "Wire"]
        assert danube["first_published"] == "2024-08-06T09:00:00+00:00"


def test_wiring_api_stories_identities_and_filters(store: Store) -> None:
    client = TestClient(create_app(store))
    stories = client.get("/api/stories").json()
    assert stories["total"] == 2
    danube = next(s for s in stories["items"] if len(s["articles"]) == 2)
    story = client.get(f"/api/stories/{danube['id']}").json()
    assert [p["name"] for p in story["people"]] == ["Ivan Petrov"]
    assert len(story["originals"]) == 1 and len(story["originals"][0]["copies"]) == 1
    assert client.get("/api/stories/nope").status_code == 404
    people = client.get("/api/identities", params={"label": "PERSON", "q": "petrov"}).json()
    assert [p["name"] for p in people["items"]] == ["Ivan Petrov"]
    petrov = client.get(f"/api/identities/{people['items'][0]['id']}").json()
    assert len(petrov["articles"]) == 2
    assert client.get("/api/articles", params={"story": danube["id"]}).json()["total"] == 2
    assert client.get("/api/quotes", params={"identity": petrov["id"]}).json()["total"] == 2


def test_wiring_web_story_identity_and_same_story_pages(store: Store) -> None:
    client = TestClient(create_app(store))
    danube = next(s for s in client.get("/api/stories").json()["items"] if len(s["articles"]) == 2)
    assert "Stories" in client.get("/stories").text
    page = client.get(f"/story/{danube['id']}").text
    assert "Coverage across outlets" in page and "1 copy" in page
    person = client.get("/api/identities", params={"q": "petrov"}).json()["items"][0]
    assert "Why these are one" in client.get(f"/identity/{person['id']}").text
    article = client.get(f"/article/{danube['articles'][0]}").text
    assert "Same story" in article and danube["articles"][1] in article
