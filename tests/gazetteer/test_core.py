from __future__ import annotations

import pytest

from newstrail.errors import GazetteerError
from newstrail.gazetteer import Gazetteer, default_gazetteer, fingerprint


@pytest.mark.parametrize(
    "name",
    [
        "Kalbajar",
        "Kelbajar",
        "Kəlbəcər",
        "Aghdara",
        "Ağdərə",
        "Martakert",
        "Naftalan",
        "Khojaly",
        "Armenia",
        "Azerbaijan",
        "Pakistan",
        "Palestine",
        "U.S.",
        "Ontario",
        "W.Va.",
    ],
)
def test_core_is_place_known(gaz, name: str) -> None:  # type: ignore[no-untyped-def]
    assert gaz.is_place(name)


@pytest.mark.parametrize("name", ["Report", "President", "Islamic", "", "   "])
def test_core_is_place_unknown(gaz, name: str) -> None:  # type: ignore[no-untyped-def]
    assert not gaz.is_place(name)


@pytest.mark.parametrize(
    ("name", "country", "fcode"),
    [("Kelbajar", "AZ", "PPL"), ("Armenia", "AM", "PCLI"), ("Texas", "US", "ADM1")],
)
def test_core_lookup_variants(gaz, name: str, country: str, fcode: str) -> None:  # type: ignore[no-untyped-def]
    assert any(c.country == country and c.fcode == fcode for c in gaz.lookup(name))


@pytest.mark.parametrize(
    ("word", "country"), [("Azerbaijani", "AZ"), ("Armenian", "AM"), ("Pakistani", "PK")]
)
def test_core_demonym(gaz, word: str, country: str) -> None:  # type: ignore[no-untyped-def]
    assert gaz.demonym(word) == country


def test_core_info_counts(gaz) -> None:  # type: ignore[no-untyped-def]
    info = gaz.info()
    assert info["places"] > 200_000 and info["names"] > 500_000 and info["countries"] > 240
    assert info["current"] and info["fingerprint"] == fingerprint()


def test_core_default_gazetteer_uses_env(monkeypatch, gazetteer_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSTRAIL_GAZETTEER", str(gazetteer_path))
    assert default_gazetteer().is_place("Kalbajar")


def test_core_missing_file_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(GazetteerError, match="gazetteer build"):
        Gazetteer(tmp_path / "absent.sqlite")
