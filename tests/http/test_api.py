"""The JSON/CSV API, in process, against a real SQLite database of hand-annotated articles."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import FastAPI

ERROR_KEYS = {"status", "type", "message", "path", "detail"}


def _error(response: Any, status: int, type_: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == ERROR_KEYS
    assert body["error"]["status"] == status
    assert body["error"]["type"] == type_
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


def test_routes_error_shape_is_the_same_for_404_422_405_and_500(client: Any) -> None:
    err = _error(client.get("/api/nothing-here"), 404, "not_found")
    assert err["path"] == "/api/nothing-here"
    _error(client.get("/api/articles/ffffffffffffffff"), 404, "not_found")
    _error(client.get("/api/entities/Nobody%20At%20All"), 404, "not_found")
    err = _error(client.get("/api/articles?limit=0&since=yesterday"), 422, "validation_error")
    assert {tuple(d["loc"]) for d in err["detail"]} == {("query", "limit"), ("query", "since")}
    _error(client.get("/api/quotes?format=xml"), 422, "validation_error")
    _error(client.post("/api/articles", json={"text": "x"}), 405, "method_not_allowed")

    app: FastAPI = client.app

    def boom() -> None:
        raise RuntimeError("secret internals")

    if not any(getattr(r, "path", "") == "/api/_boom" for r in app.routes):
        app.add_api_route("/api/_boom", boom)
    err = _error(client.get("/api/_boom"), 500, "internal_error")
    assert "secret" not in err["message"]


def test_routes_html_pages_get_an_html_error_page(client: Any) -> None:
    response = client.get("/article/ffffffffffffffff", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "ffffffffffffffff" in response.text
    # Programs asking a page for JSON get the JSON shape.
    _error(
        client.get("/article/ffffffffffffffff", headers={"accept": "application/json"}),
        404,
        "not_found",
    )


def test_routes_articles_paginate_with_total_and_next(client: Any, ids: list[str]) -> None:
    first = client.get("/api/articles?limit=3").json()
    assert first["total"] == len(ids) and len(first["items"]) == 3 and first["offset"] == 0
    assert "offset=3" in first["next"]
    rest = client.get(first["next"]).json()
    assert rest["next"] is None
    seen = [a["id"] for a in first["items"] + rest["items"]]
    assert sorted(seen) == sorted(ids)
    published = [a["published"] for a in first["items"]]
    assert published == sorted(published, reverse=True)  # newest first
    for item in first["items"]:
        assert item["links"]["article"] == f"/api/articles/{item['id']}"


def test_routes_article_filters(client: Any) -> None:
    def ids_for(query: str) -> set[str]:
        return {a["title"][:12] for a in client.get(f"/api/articles?{query}").json()["items"]}

    assert ids_for("outlet=Azernews") == {"Kalbajar tou"}
    assert ids_for("since=2023-01-01&until=2024-01-01") == {"<script>wind"}
    assert ids_for("year=2022") == {"Kalbajar tou", "Diplomats vi"}
    assert ids_for("speaker=Amina%20Odhiambo") == {"Water talks "}
    assert ids_for("entity=hikmat%20hajiyev") == {"Kalbajar tou", "Diplomats vi", "Water talks "}
    assert ids_for("place=Baku") == {"Kalbajar tou", "Diplomats vi"}
    assert ids_for("text=splendid%20nature") == {"Kalbajar tou"}
    # Event time (what the article talks about), not publication: "1993" is only in one.
    assert ids_for("events_since=1990-01-01&events_until=2000-01-01") == {"Diplomats vi"}
    assert ids_for("events_since=2030-06-01") == {"Water talks "}


def test_routes_every_item_points_at_its_article_text(client: Any, ids: list[str]) -> None:
    texts = {i: client.get(f"/api/articles/{i}").json()["text"] for i in ids}
    checked = 0
    for resource in (
        "quotes",
        "times",
        "entities/Hikmat%20Hajiyev/mentions",
        "places/Kalbajar/mentions",
    ):
        for item in client.get(f"/api/{resource}?limit=500").json()["items"]:
            text = texts[item["article_id"]]
            assert text[item["start"] : item["end"]] == item["text"]
            assert item["links"]["web"] == (
                f"/article/{item['article_id']}#o{item['start']}-{item['end']}"
            )
            assert item["links"]["article"] == f"/api/articles/{item['article_id']}"
            checked += 1
    assert checked >= 10
    record = client.get(f"/api/articles/{ids[0]}").json()
    for key in ("quotes", "entities", "places", "times"):
        for item in record[key]:
            assert record["text"][item["start"] : item["end"]] == item["text"]
            assert item["links"]["web"].endswith(f"#o{item['start']}-{item['end']}")


def test_routes_csv_has_the_same_rows_as_json(client: Any) -> None:
    for resource, key in (
        ("quotes", "id"),
        ("articles", "id"),
        ("times", "id"),
        ("entities", "name"),
        ("places", "name"),
        ("search", "id"),
    ):
        query = "year=2022" if resource != "search" else "q=Kalbajar&year=2022"
        as_json = client.get(f"/api/{resource}?{query}").json()["items"]
        for url in (f"/api/{resource}.csv?{query}", f"/api/{resource}?{query}&format=csv"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.headers["content-type"].startswith("text/csv")
            rows = list(csv.DictReader(io.StringIO(response.text)))
            assert [r[key] for r in rows] == [str(i[key]) for i in as_json], url
    quotes = list(csv.DictReader(io.StringIO(client.get("/api/quotes.csv").text)))
    assert {"article_id", "start", "end", "speaker_name", "links_web"} <= set(quotes[0])
    empty = client.get("/api/quotes.csv?speaker=Nobody")
    assert empty.text.startswith("id,article_id,start,end")


def test_routes_quotes_filter_by_speaker_and_words(client: Any) -> None:
    items = client.get("/api/quotes?speaker=Vusal%20Gurbanov").json()["items"]
    assert len(items) == 1
    quote = items[0]
    assert quote["speaker"]["name"] == "Vusal Gurbanov"
    assert quote["speaker"]["mention"]["text"] == "Gurbanov"
    assert quote["cue"]["text"] == "told"
    assert quote["outlet"] == "Azernews"
    hits = client.get("/api/quotes?q=binding%20rules").json()["items"]
    assert [q["speaker"]["name"] for q in hits] == ["Amina Odhiambo"]


def test_routes_search_gives_snippets_highlights_and_facets(client: Any) -> None:
    body = client.get("/api/search?q=Kalbajar").json()
    assert body["total"] == 2
    for item in body["items"]:
        assert "\x02" not in item["snippet"] and item["highlights"]
        for start, end in item["highlights"]:
            assert item["snippet"][start:end].lower() == "kalbajar"
    facets = body["facets"]
    assert {f["value"] for f in facets["outlet"]} == {"Report", "Azernews"}
    assert {f["value"] for f in facets["year"]} == {"2022"}
    assert "Vusal Gurbanov" in {f["value"] for f in facets["speaker"]}
    assert {"value": "Kalbajar", "count": 2} in facets["place"]
    narrowed = client.get("/api/search?q=Kalbajar&outlet=Report").json()
    assert narrowed["total"] == 1
    assert client.get("/api/search?q=%22%29%28*").json()["total"] == 0  # no FTS syntax errors


def test_routes_entities_aggregate_names_roles_and_quotes(client: Any) -> None:
    items = client.get("/api/entities?label=PERSON").json()["items"]
    top = items[0]
    assert top["name"] == "Hikmat Hajiyev"
    assert top["mentions"] == 4 and top["articles"] == 3 and top["quotes"] == 1
    assert top["roles"] == ["assistant to the President of Azerbaijan"]
    detail = client.get(top["links"]["self"]).json()
    assert detail["quoted_by"] == [{"outlet": "Report", "quotes": 1, "articles": 1}]
    assert [q["speaker"]["name"] for q in detail["quotes_list"]] == ["Hikmat Hajiyev"]
    assert {p["kind"] for p in detail["timeline"]} == {"quoted"}
    orgs = client.get("/api/entities?label=ORG&q=ministry").json()["items"]
    assert [o["name"] for o in orgs] == ["Foreign Ministry"]
    amina = client.get("/api/entities/amina%20odhiambo").json()  # case-insensitive
    assert amina["name"] == "Amina Odhiambo"
    assert [p["value"] for p in amina["timeline"] if p["kind"] == "event"] == ["2030"]


def test_routes_places_have_coordinates_and_counts(client: Any) -> None:
    items = client.get("/api/places").json()["items"]
    kalbajar = items[0]
    assert kalbajar["name"] == "Kalbajar" and kalbajar["mentions"] == 4
    assert kalbajar["articles"] == 2 and kalbajar["country"] == "AZ"
    assert abs(kalbajar["lat"] - 40.106) < 0.01 and abs(kalbajar["lon"] - 46.038) < 0.01
    assert client.get("/api/places/Kalbajar").json()["mentions"] == 4
    assert {p["name"] for p in client.get("/api/places?country=ch").json()["items"]} == {"Geneva"}


def test_routes_times_are_in_event_order_and_filterable(client: Any) -> None:
    items = client.get("/api/times").json()["items"]
    starts = [t["interval_start"] for t in items]
    assert starts == sorted(starts) and starts[0] == "1993-01-01"
    in_2022 = client.get("/api/times?events_since=2022-01-01&events_until=2023-01-01").json()
    assert {t["value"] for t in in_2022["items"]} == {"2022-05-31", "2022-06"}
    assert in_2022["total"] == 3


def test_routes_compare_lists_what_two_sources_share(client: Any, ids: list[str]) -> None:
    body = client.get(f"/api/compare?a={ids[0]}&b={ids[1]}").json()
    assert [s["key"] for s in body["entities"]["shared"]] == ["Hikmat Hajiyev"]
    assert [s["key"] for s in body["places"]["shared"]] == ["Baku", "Kalbajar"]
    assert [s["key"] for s in body["times"]["shared"]] == ["2022-05-31"]
    assert body["speakers"]["left_only"] == ["Foreign Ministry", "Hikmat Hajiyev"]
    _error(client.get(f"/api/compare?a={ids[0]}&b=0000"), 404, "not_found")
    _error(client.get(f"/api/compare?a={ids[0]}"), 422, "validation_error")


def test_routes_openapi_and_docs_are_served_offline(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/articles",
        "/api/quotes",
        "/api/entities",
        "/api/places",
        "/api/times",
        "/api/search",
        "/api/compare",
    ):
        assert path in spec["paths"]
    assert not any(method != "get" for ops in spec["paths"].values() for method in ops)  # read-only
    documented = spec["paths"]["/api/quotes"]["get"]["responses"]["422"]["content"]
    assert documented["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_routes_pages_forbid_outside_requests_and_inline_scripts(client: Any) -> None:
    for url in ("/", "/map", "/api/articles"):
        policy = client.get(url).headers["content-security-policy"]
        assert "default-src 'self'" in policy and "script-src 'self';" in policy
        assert "connect-src 'self'" in policy
