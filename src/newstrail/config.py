"""Settings, read from the environment with sensible defaults; CLI options override them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

__all__ = ["DEFAULT_DB", "DEFAULT_MAX_BYTES", "Settings", "database_url"]

DEFAULT_DB = "newstrail.db"
DEFAULT_MAX_BYTES = 5_000_000  # an article larger than this is almost surely not one article


def _int_env(name: str, default: int) -> int:
    value = os.environ.get(name)
    try:
        return int(value) if value else default
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = field(default_factory=lambda: os.environ.get("NEWSTRAIL_DB", DEFAULT_DB))
    model: str | None = field(default_factory=lambda: os.environ.get("NEWSTRAIL_MODEL") or None)
    workers: int = field(default_factory=lambda: _int_env("NEWSTRAIL_WORKERS", os.cpu_count() or 1))
    max_bytes: int = field(
        default_factory=lambda: _int_env("NEWSTRAIL_MAX_BYTES", DEFAULT_MAX_BYTES)
    )


def database_url(db: str) -> str:
    """``db`` is a database URL (``postgresql://...``) or a SQLite file path."""
    if "://" in db:
        return db
    return f"sqlite:///{db}"
