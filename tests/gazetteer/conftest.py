from __future__ import annotations

from pathlib import Path

import pytest

from tests.gazetteer.helpers import session_gazetteer


@pytest.fixture(scope="session")
def gazetteer_path() -> Path:
    return session_gazetteer()


@pytest.fixture(scope="session")
def gaz(gazetteer_path: Path):  # type: ignore[no-untyped-def]
    from newstrail.gazetteer import Gazetteer

    return Gazetteer(gazetteer_path)
