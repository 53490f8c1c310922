"""A real SQLite knowledge base of hand-annotated sample articles, and an in-process client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newstrail.api.app import create_app
from newstrail.api.sample import build_sample
from newstrail.store import Store


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, list[str]]:
    path: Path = tmp_path_factory.mktemp("api") / "sample.db"
    store = Store(str(path))
    return store, build_sample(store)


@pytest.fixture(scope="session")
def ids(sample_store: tuple[Store, list[str]]) -> list[str]:
    return sample_store[1]


@pytest.fixture(scope="session")
def client(sample_store: tuple[Store, list[str]]) -> Any:
    return TestClient(create_app(sample_store[0]), raise_server_exceptions=False)
