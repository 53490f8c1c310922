"""Every page on articles ingested by the real pipeline: the demo corpus, the seeds and a hostile
article whose text and metadata carry script and HTML-injection payloads."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from newstrail.http.app import create_app
from newstrail.nlp.text import joined_fragments
from newstrail.store import Store

pytestmark = pytest.mark.model

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seeds"


@pytest.fixture(scope="module")
def corpus_client(corpus_store: Store) -> Any:
    return TestClient(create_app(corpus_store), raise_server_exceptions=False)


def _ok(client: Any, url: str) -> str:
    response = client.get(url, headers={"accept": "text/html"})
    assert response.status_code == 200, (url, response.text[:500])
    return str(response.text)


def test_corpus_pages_render_for_every_article_person_and_place(corpus_client: Any) -> None:
    client = corpus_client
    articles = client.get("/api/articles?limit=500").json()["items"]
    assert len(articles) >= 2
    for article in articles:
        _ok(client, f"/article/{article['id']}")
    for url in ("/", "/?q=said", "/entities", "/map", "/timeline", "/compare"):
        _ok(client, url)
    for entity in client.get("/api/entities?limit=40").json()["items"]:
        _ok(client, entity["links"]["web"])
    for place in client.get("/api/places?limit=40").json()["items"]:
        _ok(client, place["links"]["web"])
    first, second = articles[0]["id"], articles[-1]["id"]
    _ok(client, f"/compare?a={first}&b={second}")
    for resource in ("quotes", "times", "entities", "places", "articles"):
        assert client.get(f"/api/{resource}.csv").status_code == 200


def test_corpus_pages_items_match_their_offsets(corpus_client: Any) -> None:
    for article in corpus_client.get("/api/articles?limit=500").json()["items"]:
        record = corpus_client.get(f"/api/articles/{article['id']}").json()
        for key in ("entities", "places", "times"):
            for item in record[key]:
                assert record["text"][item["start"] : item["end"]] == item["text"]
        for q in record["quotes"]:  # the quoted words, fragment by fragment
            frags = [(f["start"], f["end"]) for f in q["fragments"]]
            assert q["text"] == joined_fragments(record["text"], frags)
            for f in q["fragments"]:
                assert record["text"][f["start"] : f["end"]] == f["text"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is absent")
def test_corpus_pages_compare_the_two_seeds(corpus_client: Any) -> None:
    seeds = [
        a["id"]
        for a in corpus_client.get("/api/articles?limit=500").json()["items"]
        if "seeds" in (a["path"] or "")
    ]
    assert len(seeds) == 2
    page = _ok(corpus_client, f"/compare?a={seeds[0]}&b={seeds[1]}")
    assert "Kalbajar" in page  # both seeds report the Kalbajar visit


def test_corpus_pages_escape_an_ingested_hostile_article(corpus_client: Any) -> None:
    hits = corpus_client.get("/api/search?q=convoy").json()["items"]
    assert len(hits) == 2
    for hit in hits:
        for url in (
            f"/article/{hit['id']}",
            "/?q=convoy",
            f"/compare?a={hits[0]['id']}&b={hits[1]['id']}",
            "/?outlet=" + quote(hit["outlet"] or ""),
        ):
            page = _ok(corpus_client, url)
            assert "<script>window.__pwned" not in page
            assert "<img src=x" not in page and "<iframe" not in page
            assert "<svg onload" not in page and 'href="javascript:' not in page
        article = _ok(corpus_client, f"/article/{hit['id']}")
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in article
        assert "{{ 7*7 }}" in article
