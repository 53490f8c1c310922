from __future__ import annotations

from typing import Any

import pytest

from newstrail.models import Place
from newstrail.nlp.places import COMPONENT
from tests.conftest import loads_model
from tests.gazetteer.helpers import loaded_gazetteer, session_gazetteer


def _nlp(gazetteer: str) -> Any:
    from newstrail.pipeline import build_nlp

    return build_nlp(
        components=["entities", "places"], config={"places": {"gazetteer_path": gazetteer}}
    )


@pytest.fixture(scope="module")
@loads_model
def nlp_places() -> Any:
    return _nlp(str(session_gazetteer()))


@pytest.fixture(scope="module")
@loads_model
def nlp_loaded() -> Any:
    return _nlp(str(loaded_gazetteer()))


def _places(nlp: Any, text: str) -> list[Place]:
    places = list(nlp(text)._.places)
    for p in places:
        assert text[p.start : p.end] == p.text
        assert p.component == COMPONENT
    return places


def _by_text(places: list[Place]) -> dict[str, Place]:
    return {p.text: p for p in places}


SEED_EXPECTED = {
    # name in text: (country, lat, lon) within 50 km
    "Kalbajar": ("AZ", 40.11, 46.04),
    "Naftalan": ("AZ", 40.51, 46.82),
    "Aghdara": ("AZ", 40.21, 46.81),
    "Khojaly": ("AZ", 39.91, 46.79),
    "Armenia": ("AM", 40.0, 45.0),
    "Azerbaijan": ("AZ", 40.5, 47.5),
    "Pakistan": ("PK", 30.0, 70.0),
    "Palestine": ("PS", 31.9, 35.2),
}


def _close(p: Place, lat: float, lon: float, km: float = 50.0) -> bool:
    from newstrail.nlp.places import haversine_km

    return p.lat is not None and p.lon is not None and haversine_km(p.lat, p.lon, lat, lon) < km


@pytest.mark.model
def test_places_seeds_resolved(nlp_places: Any, seed_text: Any) -> None:
    found: dict[str, Place] = {}
    for seed in ("000", "002"):
        for p in _places(nlp_places, seed_text(seed)):
            found.setdefault(p.name if p.text.startswith("Republic") else p.text, p)
    for name, (country, lat, lon) in SEED_EXPECTED.items():
        assert name in found, name
        assert found[name].country == country, (name, found[name])
        assert _close(found[name], lat, lon), (name, found[name])


@pytest.mark.model
def test_places_seed_features_with_loaded_dump(nlp_loaded: Any, seed_text: Any) -> None:
    places = _by_text(_places(nlp_loaded, seed_text("000")))
    assert places["Sarsang Reservoir"].geonameid == 9900001
    assert places["Omar Pass"].geonameid == 9900002


@pytest.mark.model
@pytest.mark.parametrize("spelling", ["Kalbajar", "Kelbajar", "Kəlbəcər"])
def test_places_spelling_variants(nlp_places: Any, spelling: str) -> None:
    text = f"Azerbaijan rebuilt roads in {spelling}, the officials in Baku said."
    places = _by_text(_places(nlp_places, text))
    assert _close(places[spelling], 40.11, 46.04)


@pytest.mark.model
@pytest.mark.parametrize("word", ["region", "district"])
def test_places_x_region(nlp_places: Any, word: str) -> None:
    text = f"Diplomats from Azerbaijan travelled through the Kalbajar {word} on Monday."
    places = [p for p in _places(nlp_places, text) if p.text.startswith("Kalbajar")]
    assert places and places[0].country == "AZ"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Officials from Palestine and Pakistan visited Baku.", "Palestine", "PS"),
        ("Police in Alexandria, La., arrested a man near Pineville.", "Alexandria", "US"),
        ("Protesters marched in Cairo and Alexandria on Friday.", "Alexandria", "EG"),
        ("The mayor of Paris, Texas, spoke in Dallas.", "Paris", "US"),
    ],
)
def test_places_country_context(nlp_places: Any, text: str, name: str, country: str) -> None:
    places = _by_text(_places(nlp_places, text))
    assert places[name].country == country
    assert 0.0 < (places[name].confidence or 0.0) <= 1.0


@pytest.mark.model
def test_places_resolve_gold_spans(nlp_places: Any) -> None:
    text = "Azerbaijani officials visited Kalbajar and Naftalan."
    doc = nlp_places(text)
    comp = nlp_places.get_pipe("newstrail_places")
    spans = [(0, 11), (text.index("Kalbajar"), text.index("Kalbajar") + 8)]
    resolved = comp.resolve_spans(doc, spans)
    assert [p.country for p in resolved] == ["AZ", "AZ"]
    assert resolved[1].geonameid == 586268


@pytest.mark.model
def test_places_no_person_surnames(nlp_places: Any) -> None:
    text = "John Clark met Mary Jones in Atlanta. Clark said Jones would return to Georgia."
    names = {p.text for p in _places(nlp_places, text)}
    assert "Clark" not in names and "Jones" not in names
    assert {"Atlanta", "Georgia"} <= names


@pytest.mark.model
def test_places_feature_not_resolved_to_namesake_town(nlp_places: Any) -> None:
    text = "Azerbaijani officials said the only route out of Kalbajar was the Omar Pass."
    places = _by_text(_places(nlp_places, text))
    assert places["Omar Pass"].country in (None, "AZ")


@pytest.mark.model
def test_places_locative_person_label(nlp_places: Any) -> None:
    text = (
        "Police in Gloucestershire said a man from Cirencester, England was arrested in "
        "Cirencester on Monday."
    )
    places = [p for p in _places(nlp_places, text) if p.text == "Cirencester"]
    assert places and all(p.country == "GB" for p in places)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "Floods hit Porto Alegre, the capital of Rio Grande do Sul, on Thursday.",
            "Rio Grande do Sul",
        ),
        ("He flew from Rio de Janeiro to Lisbon.", "Rio de Janeiro"),
    ],
)
def test_places_name_cut_at_connector_is_whole(extractor, text: str, place: str) -> None:  # type: ignore[no-untyped-def]
    from newstrail.models import Article

    places = extractor.extract(Article(text=text)).places
    assert place in [p.text for p in places]
    assert all(p.country == "BR" for p in places if p.text == place)
