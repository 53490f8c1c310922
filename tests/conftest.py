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


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A real SQLite knowledge base of hand-annotated sample articles (no model): (store, ids)."""
    from newstrail.store import Store
    from tests.sample import build_sample

    store = Store(str(tmp_path_factory.mktemp("sample") / "sample.db"))
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
