from __future__ import annotations

from pathlib import Path

import pytest

from newstrail.gazetteer import Gazetteer, build, is_current
from newstrail.gazetteer.build import read_meta
from newstrail.gazetteer.geonames import load
from tests.gazetteer.helpers import writable_copy, write_dump


def test_build_is_current(gazetteer_path: Path) -> None:
    assert is_current(gazetteer_path)
    assert float(read_meta(gazetteer_path)["build_seconds"]) < 120


def test_build_stale_when_fingerprint_differs(tmp_path: Path) -> None:
    import sqlite3

    path = writable_copy(tmp_path / "g.sqlite")
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE meta SET value = 'old' WHERE key = 'fingerprint'")
    con.close()
    assert not is_current(path)


@pytest.mark.slow
def test_build_rebuild_keeps_loaded_places(tmp_path: Path) -> None:
    path = writable_copy(tmp_path / "g.sqlite")
    load(path, write_dump(tmp_path / "AZ.txt"))
    build(path)
    gaz = Gazetteer(path)
    assert gaz.is_place("Sarsang Reservoir") and gaz.info()["current"]
