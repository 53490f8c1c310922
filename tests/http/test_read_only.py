"""`serve` never writes (issue 17): the database is opened read-only, never created, upgraded or
switched to WAL; a database that is not newstrail's is refused and left as it was; and every
request's SQLite work stops at its time bound or when its client leaves."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import sqlite3
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import text

from newstrail.cli.main import cli
from newstrail.errors import StoreError
from newstrail.http import limits
from newstrail.http.app import create_app, open_read_only
from newstrail.http.limits import RequestLimits, bound_queries
from newstrail.models import Article, Extraction
from newstrail.store import Store
from tests.sample import build_sample

ROOT = os.geteuid() == 0


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tables(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(row[0] for row in conn.execute("SELECT name FROM sqlite_master"))
    finally:
        conn.close()


@pytest.fixture(scope="module")
def knowledge_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("ro") / "kb.db"
    store = Store(str(db))
    build_sample(store)
    store.engine.dispose()
    return db


@pytest.fixture
def read_only_copy(knowledge_base: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy in a directory without write permission (as on read-only media)."""
    folder = tmp_path / "media"
    folder.mkdir()
    copy = folder / "kb.db"
    conn = sqlite3.connect(knowledge_base)
    conn.execute(f"VACUUM INTO '{copy}'")  # a consistent single file, whatever the WAL holds
    conn.close()
    copy.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield copy
    finally:
        folder.chmod(0o755)


def test_read_only_other_database_refused_and_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE precious(x)")
    conn.execute("INSERT INTO precious VALUES (42)")
    conn.commit()
    conn.close()
    before = digest(other)
    result = CliRunner().invoke(cli, ["serve", "--db", str(other)])
    assert result.exit_code == 2
    assert "is not a newstrail database" in result.output and "Traceback" not in result.output
    assert digest(other) == before and tables(other) == ["precious"]
    assert sqlite3.connect(other).execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert sorted(os.listdir(tmp_path)) == ["other.db"]


@pytest.mark.parametrize("content", [b"", b"not a database at all\n" * 100])
def test_read_only_non_sqlite_file_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="x.db"):
        open_read_only(str(path))
    assert path.read_bytes() == content


def test_read_only_missing_database_not_created(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="No database at"):
        open_read_only(str(tmp_path / "absent.db"))
    assert not list(tmp_path.iterdir())


def test_read_only_store_refuses_writes_and_changes_no_byte(knowledge_base: Path) -> None:
    before = digest(knowledge_base)
    store = open_read_only(str(knowledge_base))
    client = TestClient(create_app(store), raise_server_exceptions=False)
    assert client.get("/api/articles").json()["total"] == 4
    with pytest.raises(StoreError):
        store.add(Article("A new text that must not be stored."), Extraction())
    with store.engine.connect() as conn, pytest.raises(Exception, match="readonly|read-only"):
        conn.execute(text("CREATE TABLE intruder(x)"))
    store.engine.dispose()
    assert digest(knowledge_base) == before


@pytest.mark.parametrize("immutable", [None, True])
def test_read_only_serves_from_read_only_media(
    read_only_copy: Path, immutable: bool | None
) -> None:
    """``immutable=True`` holds for every user (root included); the automatic choice is tested
    for real only where the directory's permissions bind this process."""
    if immutable is None and ROOT:
        pytest.skip("root bypasses directory permissions: the automatic choice sees a writable dir")
    before = digest(read_only_copy)
    store = open_read_only(str(read_only_copy), immutable=immutable)
    client = TestClient(create_app(store), raise_server_exceptions=False)
    assert client.get("/api/articles").json()["total"] == 4
    assert client.get("/api/search", params={"q": "water"}).status_code == 200
    store.engine.dispose()
    assert digest(read_only_copy) == before
    assert sorted(os.listdir(read_only_copy.parent)) == ["kb.db"]
    assert stat.S_IMODE(read_only_copy.parent.stat().st_mode) == 0o555


def test_read_only_older_schema_not_upgraded(knowledge_base: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    shutil.copy(knowledge_base, old)
    conn = sqlite3.connect(old)
    conn.execute("UPDATE newstrail_meta SET value = '1' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    before = digest(old)
    with pytest.raises(StoreError, match="older newstrail.*upgrade it once with write access"):
        open_read_only(str(old))
    assert digest(old) == before


def test_read_only_query_past_its_time_bound_is_503(
    knowledge_base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "_PROGRESS_STEPS", 1)  # the sample is small: check at every step
    store = open_read_only(str(knowledge_base))
    client = TestClient(create_app(store, query_seconds=0.0), raise_server_exceptions=False)
    response = client.get("/api/search", params={"q": "water"})
    assert response.status_code == 503
    assert response.json()["error"]["type"] == "query_timeout"
    assert client.get("/", headers={"accept": "text/html"}).status_code == 503
    assert create_app(store).state.store is store


def test_read_only_query_stopped_when_the_client_leaves(knowledge_base: Path) -> None:
    """A statement that would run for minutes stops within a second of the disconnect."""
    store = open_read_only(str(knowledge_base))
    bound_queries(store.engine)
    outcome: dict[str, Any] = {}

    def endless_query() -> None:
        with store.engine.connect() as conn:
            try:
                conn.execute(
                    text(
                        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                        "SELECT count(*) FROM n"
                    )
                )
            except Exception as exc:  # noqa: BLE001 — what stopped it is the assertion
                outcome["error"] = str(exc)

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await asyncio.to_thread(endless_query)

    async def receive() -> dict[str, Any]:
        await asyncio.sleep(0.2)  # the client goes while the query runs
        return {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        pass

    async def refuse(*args: Any) -> None:
        raise AssertionError("not refused: the request is short")

    limits = RequestLimits(app, refuse=refuse, seconds=600)
    started = time.monotonic()
    asyncio.run(limits({"type": "http", "path": "/api/search", "query_string": b""}, receive, send))
    assert time.monotonic() - started < 5
    assert "interrupted" in outcome["error"]


@pytest.mark.postgres
def test_read_only_postgres_serves_refuses_writes_and_other_databases(pg_database: Any) -> None:
    url = pg_database()
    build_sample(Store(url))
    store = open_read_only(url)
    client = TestClient(create_app(store), raise_server_exceptions=False)
    assert client.get("/api/articles").json()["total"] == 4
    with pytest.raises(StoreError, match="read-only"):
        store.add(Article("A new text that must not be stored."), Extraction())
    with pytest.raises(StoreError, match="not a newstrail database"):
        open_read_only(pg_database())  # an empty database: nothing is created in it
