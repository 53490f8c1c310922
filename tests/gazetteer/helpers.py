"""Gazetteer files for tests: the default one when it is current, else one built once per test
session in a temporary folder (never the user's cache when that is stale), plus a small GeoNames
dump written by hand."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from newstrail.gazetteer import build, default_path, is_current

_BUILT: dict[str, Path] = {}

# Hand-written lines in GeoNames' 19-column layout (coordinates approximate, ids made up where
# the real ones are not known: 9900001.. are not GeoNames ids).
GEONAMES_LINES = [
    [
        "9900001",
        "Sarsang Reservoir",
        "Sarsang Reservoir",
        "Sarsang,Sarsangskoye Vodokhranilishche",
        "40.1569",
        "46.5469",
        "H",
        "RSV",
        "AZ",
        "",
        "26",
        "",
        "",
        "",
        "0",
        "",
        "726",
        "Asia/Baku",
        "2024-01-01",
    ],
    [
        "9900002",
        "Omar Pass",
        "Omar Pass",
        "Omar Pass,Murovdag Pass,Omar Ashyrymy",
        "40.2544",
        "46.2839",
        "T",
        "PASS",
        "AZ",
        "",
        "26",
        "",
        "",
        "",
        "0",
        "",
        "3200",
        "Asia/Baku",
        "2024-01-01",
    ],
    [
        "9900003",
        "Tartar River",
        "Tartar River",
        "Tartar,Terter,Tərtərçay",
        "40.3",
        "46.9",
        "H",
        "STM",
        "AZ",
        "",
        "",
        "",
        "",
        "",
        "0",
        "",
        "200",
        "Asia/Baku",
        "2024-01-01",
    ],
]


def session_gazetteer() -> Path:
    """A current, read-only gazetteer for this test session."""
    if "base" not in _BUILT:
        if is_current(default_path()):
            _BUILT["base"] = default_path()
        else:
            folder = Path(tempfile.mkdtemp(prefix="newstrail-gaz-"))
            build(folder / "gazetteer.sqlite")
            _BUILT["base"] = folder / "gazetteer.sqlite"
    return _BUILT["base"]


def writable_copy(dest: Path) -> Path:
    """A copy of the session gazetteer that a test may load dumps into."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(session_gazetteer(), dest)
    return dest


def write_dump(path: Path) -> Path:
    path.write_text("".join("\t".join(cols) + "\n" for cols in GEONAMES_LINES), "utf-8")
    return path


def loaded_gazetteer() -> Path:
    """A session copy of the gazetteer with :data:`GEONAMES_LINES` loaded."""
    if "loaded" not in _BUILT:
        from newstrail.gazetteer.geonames import load

        folder = Path(tempfile.mkdtemp(prefix="newstrail-gaz-loaded-"))
        gaz = writable_copy(folder / "gazetteer.sqlite")
        load(gaz, write_dump(folder / "AZ.txt"))
        _BUILT["loaded"] = gaz
    return _BUILT["loaded"]
