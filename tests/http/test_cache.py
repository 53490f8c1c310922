"""The answer cache of the read-only server: a repeated request is answered from memory, and
nothing stale is answered once the database changes (a write by another connection)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.synthetic import synthetic_records
from fastapi.testclient import TestClient

from newstrail.http.app import create_app, read_only_store
from newstrail.http.cache import AnswerCache
from newstrail.store import Store


def _cache(app: object) -> AnswerCache:
    layer = app.middleware_stack  # type: ignore[attr-defined]
    while not isinstance(layer, AnswerCache):
        layer = layer.app
    return layer


def test_cache_answers_repeats_and_drops_answers_when_the_database_changes(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "cache.db")
    writer = Store(db)
    records = iter(synthetic_records(3, seed=5))
    writer.add(*next(records))
    app = create_app(read_only_store(Store(db)))
    with TestClient(app) as client:
        first = client.get("/api/articles")
        cache = _cache(app)
        hits = cache.hits
        again = client.get("/api/articles")
        assert again.content == first.content
        assert cache.hits == hits + 1
        assert first.json()["total"] == 1
        writer.add(*next(records))  # another connection commits: every kept answer is stale
        assert client.get("/api/articles").json()["total"] == 2
        assert client.get("/api/search?q=Story").json()["total"] == 2


def test_cache_keeps_only_complete_ok_answers(tmp_path: Path) -> None:
    db = str(tmp_path / "cache.db")
    Store(db).add(*next(iter(synthetic_records(1))))
    app = create_app(read_only_store(Store(db)))
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/api/articles/nope").status_code == 404
        assert client.get("/api/articles?limit=0").status_code == 422
        assert not _cache(app).answers


def test_cache_search_says_how_many_articles_the_facets_counted(tmp_path: Path) -> None:
    db = str(tmp_path / "facets.db")
    store = Store(db)
    for article, extraction in synthetic_records(5):
        store.add(article, extraction)
    with TestClient(create_app(read_only_store(Store(db)))) as client:
        body = client.get("/api/search?q=Story").json()
    assert body["total"] == 5
    assert body["facets_over"] == 5
    assert sum(f["count"] for f in body["facets"]["outlet"]) == 5
