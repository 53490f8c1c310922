"""Read access to the gazetteer: candidates for a name, demonyms, countries; cached look-ups."""

from __future__ import annotations

import sqlite3
import sys
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from newstrail.errors import GazetteerError
from newstrail.gazetteer.build import build, default_path, is_current, read_meta
from newstrail.gazetteer.normalize import fold

__all__ = ["Candidate", "Gazetteer", "default_gazetteer", "ensure_built", "reset_default"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name may refer to."""

    id: int  # internal id: the GeoNames id, or negative for places without one
    geonameid: int | None
    name: str
    lat: float | None
    lon: float | None
    fclass: str | None
    fcode: str | None
    country: str | None
    admin1: str | None
    population: int
    kind: int  # how the name matched: 0 main name, 1 official/alias, 2 alternate

    @property
    def feature(self) -> str | None:
        return f"{self.fclass}.{self.fcode}" if self.fclass else None

    @property
    def is_country(self) -> bool:
        return self.fcode is not None and self.fcode.startswith("PCL")

    @property
    def is_admin(self) -> bool:
        return self.fclass == "A" and not self.is_country


_COLUMNS = (
    "p.id, p.geonameid, p.name, p.lat, p.lon, p.fclass, p.fcode, p.country, p.admin1, p.population"
)


class Gazetteer:
    """A gazetteer file opened read-only. Look-ups are cached and thread-safe."""

    def __init__(self, path: Path):
        if not Path(path).is_file():
            raise GazetteerError(
                f"no gazetteer at {path}; fix: run `newstrail gazetteer build` (or set "
                "NEWSTRAIL_GAZETTEER to an existing file)"
            )
        self.path = Path(path)
        self._lock = threading.Lock()
        self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self.lookup = lru_cache(maxsize=100_000)(self._lookup)
        self.demonym = lru_cache(maxsize=20_000)(self._demonym)
        self._countries: dict[str, Candidate] | None = None

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._con.execute(sql, args).fetchall()

    def _lookup(self, name: str) -> tuple[Candidate, ...]:
        """Every place ``name`` may denote (folded match), most populous first."""
        key = fold(name)
        if not key:
            return ()
        rows = self._query(
            f"SELECT {_COLUMNS}, n.kind FROM name n JOIN place p ON p.id = n.id "
            "WHERE n.key = ? ORDER BY p.population DESC",
            (key,),
        )
        return tuple(Candidate(*row) for row in rows)

    def is_place(self, name: str) -> bool:
        """Whether ``name`` is a known place name (any spelling variant; cheap and cached)."""
        return bool(self.lookup(name))

    def _demonym(self, word: str) -> str | None:
        """ISO alpha-2 country of a demonym or country adjective ("Azerbaijani" -> "AZ")."""
        rows = self._query("SELECT country FROM demonym WHERE key = ?", (fold(word),))
        return str(rows[0][0]) if rows else None

    def countries(self) -> dict[str, Candidate]:
        if self._countries is None:
            rows = self._query(f"SELECT {_COLUMNS}, 0 FROM country c JOIN place p ON p.id = c.id")
            self._countries = {row[7]: Candidate(*row) for row in rows}
        return self._countries

    def country(self, code: str) -> Candidate | None:
        return self.countries().get(code)

    def neighbours(self, code: str) -> frozenset[str]:
        rows = self._query("SELECT neighbours FROM country WHERE code = ?", (code,))
        return frozenset(x for x in (rows[0][0] or "").split(",") if x) if rows else frozenset()

    def info(self) -> dict[str, Any]:
        meta = read_meta(self.path)
        counts = {
            "places": self._query("SELECT count(*) FROM place")[0][0],
            "names": self._query("SELECT count(*) FROM name")[0][0],
            "demonyms": self._query("SELECT count(*) FROM demonym")[0][0],
            "countries": self._query("SELECT count(*) FROM country")[0][0],
        }
        by_source = dict(self._query("SELECT source, count(*) FROM place GROUP BY source"))
        return {
            "path": str(self.path),
            "bytes": self.path.stat().st_size,
            **counts,
            "by_source": by_source,
            "built_at": meta.get("built_at"),
            "build_seconds": float(meta.get("build_seconds", "nan")),
            "fingerprint": meta.get("fingerprint"),
            "current": is_current(self.path),
        }

    def close(self) -> None:
        self._con.close()


_DEFAULT: dict[Path, Gazetteer] = {}
_DEFAULT_LOCK = threading.Lock()


def _progress(message: str) -> None:
    print(f"newstrail: {message}", file=sys.stderr)


def ensure_built(path: Path | None = None) -> Path:
    """Build the gazetteer at ``path`` (default location) unless it is current."""
    path = path or default_path()
    if not is_current(path):
        build(path, progress=_progress)
    return path


def default_gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer at the default location, built on first use (with a message on stderr)."""
    path = Path(path) if path else default_path()
    with _DEFAULT_LOCK:
        gaz = _DEFAULT.get(path)
        if gaz is None:
            ensure_built(path)
            gaz = _DEFAULT[path] = Gazetteer(path)
        return gaz


def reset_default() -> None:
    """Forget opened gazetteers (after a rebuild or a load)."""
    with _DEFAULT_LOCK:
        for gaz in _DEFAULT.values():
            gaz.close()
        _DEFAULT.clear()
