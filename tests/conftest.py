"""Shared fixtures: the real English pipeline (loaded once per test session) and ../shared data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(__import__("os").environ.get("NEWSTRAIL_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "corpus" / "seeds"
SAMPLES = REPO / "samples"


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
