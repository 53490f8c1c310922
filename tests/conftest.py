"""Shared fixtures: the real English pipeline (loaded once per test session) and ../shared data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(__import__("os").environ.get("NEWSTRAIL_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "corpus" / "seeds"
SAMPLES = REPO / "samples"

_Fn = TypeVar("_Fn", bound=Callable[..., Any])


def loads_model(fixture_function: _Fn) -> _Fn:
    """Put under ``@pytest.fixture`` of a fixture that loads the English model: every test using
    it (directly or through other fixtures) is marked ``model``, so ``pytest -m "not model"`` is a
    quick, model-free run. Tests that load it another way carry ``@pytest.mark.model``."""
    fixture_function.loads_model = True  # type: ignore[attr-defined]
    return fixture_function


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        definitions = info.name2fixturedefs.values() if info is not None else ()
        if any(getattr(d.func, "loads_model", False) for defs in definitions for d in defs):
            item.add_marker(pytest.mark.model)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: tests on shared data are skipped")
    return SHARED


def _read_seed(name: str) -> str:
    matches = sorted(SEEDS.glob(f"{name}*.txt"))
    if not matches:
        pytest.skip(f"seed {name} not found under {SEEDS}")
    return matches[0].read_text("utf-8")


@pytest.fixture(scope="session")
def seed_text() -> Iterator[object]:
    """``seed_text("000")`` → the raw text of that seed article (skips when ../shared is absent)."""
    yield _read_seed


@pytest.fixture(scope="session")
@loads_model
def extractor():  # type: ignore[no-untyped-def]
    """The full pipeline, loaded once for the whole test session."""
    from newstrail.pipeline import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def nlp(extractor):  # type: ignore[no-untyped-def]
    return extractor.nlp


@pytest.fixture(scope="session")
def seed_articles():  # type: ignore[no-untyped-def]
    """Both seed articles read through the real .txt reader (dateline → published)."""
    from newstrail.ingest import read_path

    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent")
    return {p.name[:3]: next(iter(read_path(p))) for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def sample_store(request, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A real knowledge base of hand-annotated sample articles (no model): (store, ids), on
    SQLite and then on PostgreSQL (skipped without a server; see ``pg_database``)."""
    from newstrail.store import Store
    from tests.sample import build_sample

    if request.param == "sqlite":
        store = Store(str(tmp_path_factory.mktemp("sample") / "sample.db"))
    else:
        store = Store(request.getfixturevalue("pg_database")())
    return store, build_sample(store)


@pytest.fixture(scope="session")
def ids(sample_store):  # type: ignore[no-untyped-def]
    return sample_store[1]


@pytest.fixture(scope="session")
def client(sample_store):  # type: ignore[no-untyped-def]
    """An in-process HTTP client of the API and web UI over ``sample_store``."""
    from fastapi.testclient import TestClient

    from newstrail.http.app import create_app

    return TestClient(create_app(sample_store[0]), raise_server_exceptions=False)


# -- PostgreSQL: a fresh database per use, on the server $NEWSTRAIL_TEST_PG points at ------------

PG_ENV = "NEWSTRAIL_TEST_PG"


@pytest.fixture(scope="session")
def pg_database() -> Iterator[object]:
    """``pg_database()`` → the URL of a new, empty PostgreSQL database (dropped at the end).

    Each call gives its own schema (``search_path``) in one database made for this test session:
    as empty as a new database, at a fraction of the cost. Skips with the reason when
    ``$NEWSTRAIL_TEST_PG`` is unset (``eval "$(.ci/postgres.sh)"`` starts Debian's server and sets
    it), the driver is missing or the server does not answer.
    """
    import os
    import secrets

    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.skip(f'${PG_ENV} is not set: `eval "$(.ci/postgres.sh)"` starts a server for these')
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed: pip install 'newstrail[postgres]'")
    from sqlalchemy import create_engine, make_url, text
    from sqlalchemy.exc import SQLAlchemyError

    admin = make_url(admin_url)
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    name = f"newstrail_test_{os.getpid()}_{secrets.token_hex(4)}"
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except SQLAlchemyError as exc:
        engine.dispose()
        pytest.skip(f"no PostgreSQL server answers at {admin!r}: {getattr(exc, 'orig', exc)}")
    database = admin.set(database=name)
    schemas = create_engine(database, isolation_level="AUTOCOMMIT")

    def new_database() -> str:
        schema = f"t_{secrets.token_hex(6)}"
        with schemas.connect() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        url = database.update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    yield new_database
    schemas.dispose()
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database on each back end: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return str(request.getfixturevalue("pg_database")())
