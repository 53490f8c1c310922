"""PostgreSQL specifics: secrets never printed, read-only sessions, concurrent writers."""

from __future__ import annotations

import multiprocessing as mp
import random
from typing import Any

import pytest
from sqlalchemy import func, select

from newstrail.errors import StoreError
from newstrail.models import Article, Entity, Extraction
from newstrail.store import Store
from newstrail.store import schema as s
from newstrail.store.postgres import make_read_only, mask_secrets, mask_url


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        (
            "postgresql+psycopg://ann:s3cr%40t@db.example:5432/news",
            "postgresql+psycopg://ann:***@db.example:5432/news",
        ),
        ("postgresql://ann@db.example/news", "postgresql://ann@db.example/news"),
        ("newstrail.db", "newstrail.db"),
    ],
)
def test_postgres_mask_url(url: str, masked: str) -> None:
    assert mask_url(url) == masked


def test_postgres_mask_secrets_in_driver_messages() -> None:
    message = "cannot connect to postgresql://ann:hunter2@db/news (host=db password=hunter2 port=5)"
    assert "hunter2" not in mask_secrets(message)
    assert "postgresql://ann:***@db/news" in mask_secrets(message)


def _article(text: str, source: str) -> tuple[Article, Extraction]:
    entities = [
        Entity("Harbour", 0, 7, "ORG", "Harbour Board", component="test@1"),
        Entity(text[-6:], len(text) - 6, len(text), "ORG", "Tail", component="test@1"),
    ]
    return Article(text=text, path=source), Extraction(entities=entities, components={"model": "t"})


SHARED = [
    f"Harbour report number {n}: cranes idle, ships waiting at berth {n}x." for n in range(20)
]


def _writer(url: str, number: int, seed: int) -> None:
    store = Store(url)
    texts = [(t, f"shared-{i}.txt") for i, t in enumerate(SHARED)]
    texts += [
        (f"Harbour note {n} from writer {number}: all quiet at quay.", f"own-{number}-{n}.txt")
        for n in range(5)
    ]
    texts.append((f"Harbour live page as seen by writer {number}, updated.", "live.html"))
    random.Random(seed).shuffle(texts)
    for text, source in texts:
        store.add(*_article(text, source))
    store.engine.dispose()


@pytest.mark.postgres
def test_postgres_concurrent_writers_lose_nothing_duplicate_nothing(pg_database: object) -> None:
    url = pg_database()  # type: ignore[operator]
    # No schema yet: the writers also race to create it.
    writers = 4
    context = mp.get_context("spawn")
    processes = [context.Process(target=_writer, args=(url, n, n)) for n in range(writers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
    assert [p.exitcode for p in processes] == [0] * writers
    store = Store(url)
    expected = len(SHARED) + writers * 5 + writers
    with store.engine.connect() as conn:
        articles = conn.execute(select(func.count()).select_from(s.articles)).scalar_one()
        hashes = conn.execute(select(func.count(s.articles.c.content_hash.distinct()))).scalar_one()
        entities = conn.execute(select(func.count()).select_from(s.entities)).scalar_one()
        versions = (
            conn.execute(select(s.articles.c.version).where(s.articles.c.source_key == "live.html"))
            .scalars()
            .all()
        )
    assert (articles, hashes, entities) == (expected, expected, 2 * expected)
    assert sorted(versions) == list(range(1, writers + 1))


@pytest.mark.postgres
def test_postgres_read_only_sessions_refuse_writes(pg_database: object) -> None:
    store = Store(pg_database())  # type: ignore[operator]
    store.add(*_article("Harbour opens early on Sunday for the regatta.", "a.txt"))
    make_read_only(store.engine)
    assert store.counts()["articles"] == 1
    with pytest.raises(StoreError, match="read-only"):
        store.add(*_article("Harbour closes late on Sunday after the regatta.", "b.txt"))


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_postgres_schema_2_database_is_upgraded_in_place(
    backend: str, tmp_path: Any, request: Any
) -> None:
    from sqlalchemy import inspect, text, update

    from newstrail.store import queries

    url = (
        str(tmp_path / "old.db")
        if backend == "sqlite"
        else request.getfixturevalue("pg_database")()
    )
    store = Store(url)
    store.add(*_article("Harbour pilots strike over night shifts at the docks.", "a.txt"))
    with store.engine.begin() as conn:  # back to what newstrail with schema 2 made
        conn.execute(text("DROP INDEX ux_articles_source_version"))
        if backend == "postgresql":
            conn.execute(text("ALTER TABLE articles DROP COLUMN search"))
            conn.execute(text("ALTER TABLE quotes DROP COLUMN search"))
        conn.execute(update(s.meta).where(s.meta.c.key == "schema_version").values(value="2"))
    store.engine.dispose()
    upgraded = Store(url)
    with upgraded.engine.connect() as conn:
        version = conn.execute(select(s.meta.c.value).where(s.meta.c.key == "schema_version"))
        assert int(version.scalar_one()) == s.SCHEMA_VERSION
        indexes = {index["name"] for index in inspect(conn).get_indexes("articles")}
    assert "ux_articles_source_version" in indexes
    rows, total = queries.search(upgraded, queries.Filters(text="pilot*"))
    assert total == 1 and rows[0]["snippet"]
