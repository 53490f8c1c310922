"""newstrail.nlp.quotes_capitals: capitals named as their country's government (gazetteer)."""

from __future__ import annotations

import pytest
import spacy

import newstrail.nlp  # noqa: F401  (declares doc._.places)
from newstrail.models import Place
from newstrail.nlp.quotes_capitals import Capitals


@pytest.fixture(scope="module")
def capitals() -> Capitals:
    caps = Capitals()
    if caps._gazetteer() is None:
        pytest.skip("no gazetteer")
    return caps


@pytest.mark.parametrize(
    ("name", "government"),
    [
        ("Baku", "Government of Azerbaijan"),
        ("Moscow", "Government of Russia"),
        ("Kiev", "Government of Ukraine"),
        ("Washington", "Government of the United States"),
        ("London", "Government of the United Kingdom"),
        ("Amsterdam", "Government of the Netherlands"),
        ("New Delhi", "Government of India"),
        ("Delhi", None),  # the city, not New Delhi (nor Dili, an alternate spelling)
        ("Istanbul", None),  # a city, not a capital
        ("Mexico", None),  # a country (its capital's alias): the country speaks for itself
        ("Springfield", None),
    ],
)
def test_quotes_capitals_government_from_the_gazetteer(
    capitals: Capitals, name: str, government: str | None
) -> None:
    doc = spacy.blank("en")(f"{name} said so.")
    assert capitals.government(doc, 0, len(name), name) == government


@pytest.mark.parametrize(
    ("feature", "government"), [("P.PPLC", "Government of France"), ("P.PPL", None)]
)
def test_quotes_capitals_places_component_reading_decides(
    capitals: Capitals, feature: str, government: str | None
) -> None:
    # "Paris" resolved in the article's context: the capital, or a town of that name elsewhere
    doc = spacy.blank("en")("Paris said so.")
    country = "FR" if feature == "P.PPLC" else "US"
    doc._.places = [Place("Paris", 0, 5, "Paris", None, None, country, None, feature=feature)]
    assert capitals.government(doc, 0, 5, "Paris") == government
