"""The claim trail over HTTP: /api/claims, /api/claims/{id}, /api/disagreements and the pages."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from newstrail.http.app import create_app
from newstrail.store import Store
from tests.link.claims_fixture import build_store


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return build_store(tmp_path_factory.mktemp("claims_http") / "kb.db")


@pytest.fixture(scope="module")
def client(kb: Store) -> TestClient:
    return TestClient(create_app(kb))


def test_claims_http_list_and_filters(client: TestClient) -> None:
    body = client.get("/api/claims", params={"min_appearances": 2}).json()
    assert body["total"] >= 3 and all(c["appearance_count"] >= 2 for c in body["items"])
    by_speaker = client.get("/api/claims", params={"speaker": "Elena Varga"}).json()
    assert by_speaker["items"] and all(
        c["speaker"]["name"] == "Elena Varga" for c in by_speaker["items"]
    )
    by_outlet = client.get("/api/claims", params={"outlet": "Northwind Wire"}).json()
    assert by_outlet["items"] and all("Northwind Wire" in c["outlets"] for c in by_outlet["items"])
    assert client.get("/api/claims", params={"outlet": "Nobody"}).json()["total"] == 0


def test_claims_http_one_claim_with_links(client: TestClient) -> None:
    first = client.get("/api/claims", params={"min_appearances": 2, "limit": 1}).json()["items"][0]
    claim = client.get(f"/api/claims/{first['id']}").json()
    assert claim["id"] == first["id"]
    assert claim["appearances"][0]["links"]["web"].startswith("/article/")
    missing = client.get("/api/claims/claim-nope")
    assert missing.status_code == 404 and missing.json()["error"]["status"] == 404


def test_claims_http_disagreements_endpoint(client: TestClient) -> None:
    body = client.get("/api/disagreements").json()
    assert set(body) == {"items", "total", "limit", "offset", "next"}


def test_claims_http_pages(client: TestClient, kb: Store) -> None:
    listing = client.get("/claims")
    assert listing.status_code == 200 and "Claim trails" in listing.text
    claim = client.get(
        "/api/claims", params={"speaker": "Elena Varga", "min_appearances": 3}
    ).json()
    page = client.get(f"/claim/{claim['items'][0]['id']}")
    assert page.status_code == 200
    assert 'class="badge">first' in page.text  # the first appearance is marked
    assert client.get("/disagreements").status_code == 200
    ids = {a["article"] for a in claim["items"][0]["appearances"]}
    left, right = sorted(ids)[:2]
    side = client.get("/compare", params={"a": left, "b": right})
    assert side.status_code == 200 and "The same claims in both" in side.text
    assert "/claim/" in side.text
