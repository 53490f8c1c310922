"""Load GeoNames dumps (``allCountries.zip``, ``AZ.zip``, ``AZ.txt``; ``alternateNamesV2.zip``)
into the gazetteer, any feature class (reservoirs, passes, rivers, regions ...).

Rows replace the package-built entry with the same GeoNames id (a dump is more complete: it has
feature codes); loaded places survive rebuilds of the package-built part.
"""

from __future__ import annotations

import io
import sqlite3
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from newstrail.errors import GazetteerError
from newstrail.gazetteer.build import KIND_ALT, KIND_MAIN, KIND_OFFICIAL
from newstrail.gazetteer.normalize import fold, is_latin_key

__all__ = ["N_COLUMNS", "load"]

N_COLUMNS = 19
# alternateNamesV2 "languages" that are codes or links, not names
_NOT_NAMES = {"link", "wkdt", "post", "iata", "icao", "faac", "fr_1793", "unlc", "tcid"}
_BATCH = 50_000


@contextmanager
def _open_text(path: Path, member_hint: str | None = None) -> Iterator[IO[str]]:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
            if member_hint:
                names = [n for n in names if member_hint.lower() in n.lower()] or names
            if not names:
                raise GazetteerError(
                    f"{path} holds no GeoNames .txt file; fix: pass a GeoNames dump such as "
                    "allCountries.zip or AZ.zip"
                )
            with zf.open(names[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8")
    else:
        with path.open("r", encoding="utf-8") as fh:
            yield fh


def _add_name(rows: list[tuple[str, int, int]], name: str, gid: int, kind: int) -> None:
    key = fold(name)
    if len(key) >= 2 and is_latin_key(key) and not key.isdigit():
        rows.append((key, gid, kind))


def load(
    gazetteer: Path,
    dump: Path,
    alternate_names: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, float]:
    """Load ``dump`` (and optionally ``alternate_names``) into the gazetteer file."""
    say = progress or (lambda _m: None)
    t0 = time.perf_counter()
    con = sqlite3.connect(gazetteer)
    n_places = n_names = 0
    try:
        con.execute("PRAGMA synchronous=OFF")
        places: list[tuple[object, ...]] = []
        names: list[tuple[str, int, int]] = []

        def flush() -> None:
            with con:
                con.executemany(
                    "INSERT OR REPLACE INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)", places
                )
                con.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?)", names)
            places.clear()
            names.clear()

        with _open_text(dump) as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) != N_COLUMNS:
                    raise GazetteerError(
                        f"{dump}:{lineno}: {len(cols)} tab-separated columns, GeoNames dumps "
                        f"have {N_COLUMNS}; fix: pass an unmodified GeoNames dump file"
                    )
                try:
                    gid = int(cols[0])
                    lat, lon = float(cols[4]), float(cols[5])
                    pop = int(cols[14] or 0)
                except ValueError as exc:
                    raise GazetteerError(
                        f"{dump}:{lineno}: bad number ({exc}); fix: pass an unmodified "
                        "GeoNames dump file"
                    ) from exc
                name, ascii_name = cols[1], cols[2]
                places.append(
                    (
                        gid,
                        gid,
                        name,
                        lat,
                        lon,
                        cols[6] or None,
                        cols[7] or None,
                        cols[8],
                        cols[10],
                        pop,
                        "geonames",
                    )
                )
                _add_name(names, name, gid, KIND_MAIN)
                _add_name(names, ascii_name, gid, KIND_MAIN)
                for alt in cols[3].split(",") if cols[3] else []:
                    _add_name(names, alt, gid, KIND_ALT)
                n_places += 1
                n_names += 1
                if len(places) >= _BATCH:
                    flush()
                    say(f"  {n_places:,} places ...")
        flush()
        if alternate_names is not None:
            n_names += _load_alternate_names(con, alternate_names, say)
        with con:
            con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('loaded_dumps', "
                "coalesce((SELECT value FROM meta WHERE key = 'loaded_dumps') || ',', '') || ?)",
                (dump.name,),
            )
        con.execute("ANALYZE")
    except sqlite3.DatabaseError as exc:
        raise GazetteerError(
            f"cannot write the gazetteer {gazetteer}: {exc}; fix: run `newstrail gazetteer build "
            "--force` and load again"
        ) from exc
    finally:
        con.close()
    return {"places": n_places, "names": n_names, "seconds": round(time.perf_counter() - t0, 1)}


def _load_alternate_names(con: sqlite3.Connection, path: Path, say: Callable[[str], None]) -> int:
    known = {row[0] for row in con.execute("SELECT id FROM place WHERE id > 0")}
    rows: list[tuple[str, int, int]] = []
    n = 0
    with _open_text(path, "alternateNames") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4 or cols[2] in _NOT_NAMES:
                continue
            try:
                gid = int(cols[1])
            except ValueError:
                continue
            if gid not in known:
                continue
            preferred = len(cols) > 4 and cols[4] == "1" and cols[2] in ("en", "")
            historic = len(cols) > 7 and cols[7] == "1"
            kind = KIND_OFFICIAL if preferred else KIND_ALT
            if historic:
                kind = KIND_ALT
            before = len(rows)
            _add_name(rows, cols[3], gid, kind)
            n += len(rows) - before
            if len(rows) >= _BATCH:
                with con:
                    con.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?)", rows)
                rows.clear()
                say(f"  {n:,} alternate names ...")
    with con:
        con.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?)", rows)
    return n
