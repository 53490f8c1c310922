from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from newstrail.errors import GazetteerError
from newstrail.gazetteer import Gazetteer
from newstrail.gazetteer.geonames import load
from tests.gazetteer.helpers import GEONAMES_LINES, writable_copy, write_dump


@pytest.fixture()
def gaz_copy(tmp_path: Path) -> Path:
    return writable_copy(tmp_path / "gaz.sqlite")


@pytest.mark.parametrize("packed", [False, True])
def test_geonames_load_txt_and_zip(gaz_copy: Path, tmp_path: Path, packed: bool) -> None:
    dump = write_dump(tmp_path / "AZ.txt")
    if packed:
        with zipfile.ZipFile(tmp_path / "AZ.zip", "w") as zf:
            zf.write(dump, "AZ.txt")
            zf.writestr("readme.txt", "not data")
        dump = tmp_path / "AZ.zip"
    stats = load(gaz_copy, dump)
    assert stats["places"] == len(GEONAMES_LINES)
    gaz = Gazetteer(gaz_copy)
    (res,) = [c for c in gaz.lookup("Sarsang Reservoir") if c.geonameid == 9900001]
    assert (res.fclass, res.fcode, res.country) == ("H", "RSV", "AZ")
    assert gaz.lookup("Murovdag Pass")[0].name == "Omar Pass"


def test_geonames_alternate_names(gaz_copy: Path, tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "AZ.txt")
    alt = tmp_path / "alternateNamesV2.txt"
    alt.write_text(
        "1\t9900002\ten\tOmar Mountain Pass\t1\t\t\t\t\t\n2\t9900002\tlink\thttp://x\t\t\t\t\t\t\n",
        "utf-8",
    )
    load(gaz_copy, dump, alt)
    gaz = Gazetteer(gaz_copy)
    assert gaz.lookup("Omar Mountain Pass")[0].geonameid == 9900002
    assert not gaz.is_place("http://x")


def test_geonames_malformed_line(gaz_copy: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("1\tOnly three\tcolumns\n", "utf-8")
    with pytest.raises(GazetteerError, match="19"):
        load(gaz_copy, bad)


def test_geonames_cli_load_and_info(gaz_copy: Path, tmp_path: Path) -> None:
    from newstrail.cli.gazetteer import gazetteer_group

    dump = write_dump(tmp_path / "AZ.txt")
    runner = CliRunner()
    res = runner.invoke(gazetteer_group, ["load", str(dump), "--path", str(gaz_copy)])
    assert res.exit_code == 0, res.output
    assert "loaded 3 places" in res.output
    res = runner.invoke(gazetteer_group, ["info", "--path", str(gaz_copy)])
    assert res.exit_code == 0 and "geonames" in res.output and "MB" in res.output
    res = runner.invoke(gazetteer_group, ["build", "--path", str(gaz_copy)])
    assert res.exit_code == 0 and "current" in res.output
