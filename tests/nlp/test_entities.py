"""newstrail_entities: labels fixed by document evidence, canonical names, roles."""

from __future__ import annotations

import pytest

from newstrail.models import Entity
from newstrail.nlp import component_id
from newstrail.nlp.entities import NAME, VERSION, acronym_matches
from tests.nlp.handbuilt import SMITH_THEN_SHE, make_doc, run

pytestmark = pytest.mark.model


def _check_offsets(text: str, entities: list[Entity]) -> None:
    for ent in entities:
        assert text[ent.start : ent.end] == ent.text
        assert ent.component == component_id(NAME, VERSION)


def _labels(entities: list[Entity], text: str) -> set[str]:
    return {e.label for e in entities if e.text == text}


@pytest.mark.parametrize(
    ("acronym", "long_form", "expected"),
    [
        ("ICYF-ERC", "Eurasian Regional Center of the Islamic Cooperation Youth Forum", True),
        ("UN", "United Nations", True),
        ("WHO", "World Health Organisation", True),
        ("OIC", "World Health Organisation", False),
        ("NATO", "North Atlantic Treaty", False),
    ],
)
def test_entities_acronym_matches(acronym: str, long_form: str, expected: bool) -> None:
    assert acronym_matches(acronym, long_form) is expected


def test_entities_seed_000_labels_and_roles(extractor, seed_text) -> None:  # type: ignore[no-untyped-def]
    text = seed_text("000")
    doc = extractor.nlp(text)
    ents: list[Entity] = doc._.entities
    _check_offsets(text, ents)
    assert _labels(ents, "Hikmat Hajiyev") == {"PERSON"}
    assert _labels(ents, "Kalbajar") == {"GPE"}
    assert len([e for e in ents if e.text == "Kalbajar"]) == 8
    assert _labels(ents, "Naftalan") == {"GPE"}
    assert _labels(ents, "Omar Pass") == {"LOC"}
    assert _labels(ents, "Monte Melkonian") == {"PERSON"}
    assert _labels(ents, "Sarsang Reservoir") == {"LOC"}
    hajiyev = [e for e in ents if e.name == "Hikmat Hajiyev"]
    assert len(hajiyev) == 2
    assert hajiyev[0].role == (
        "Assistant to the President of Azerbaijan - Head of the Foreign Policy Affairs "
        "Department of the Presidential Administration"
    )
    aliyev = [e for e in ents if e.name == "Ilham Aliyev"]
    assert aliyev and aliyev[0].role == "President" and aliyev[0].label == "PERSON"


def test_entities_seed_002_acronym_and_names(extractor, seed_text) -> None:  # type: ignore[no-untyped-def]
    text = seed_text("002")
    doc = extractor.nlp(text)
    ents: list[Entity] = doc._.entities
    _check_offsets(text, ents)
    long_form = "Eurasian Regional Center of the Islamic Cooperation Youth Forum"
    acronyms = [e for e in ents if e.text == "ICYF-ERC"]
    assert len(acronyms) == 2
    assert all(e.label == "ORG" and e.name == long_form for e in acronyms)
    gurbanov = [e for e in ents if e.name == "Vusal Gurbanov"]
    assert len(gurbanov) == 2 and all(e.label == "PERSON" for e in gurbanov)
    assert gurbanov[0].role == (
        "Acting Director General of the Eurasian Regional Center of the Islamic Cooperation "
        "Youth Forum (ICYF-ERC)"
    )
    assert "PERSON" not in {e.label for e in ents if e.text.startswith("Bizim")}
    assert _labels(ents, "Kalbajar") == {"GPE"}


@pytest.mark.parametrize(
    ("text", "mention", "name", "label", "role"),
    [
        (
            "Mr. Tomas Brel arrived on Monday. Brel said the talks went well.",
            "Brel",
            "Tomas Brel",
            "PERSON",
            None,
        ),
        (
            "Prime Minister Ana Lutz opened the bridge. Lutz thanked the builders.",
            "Ana Lutz",
            "Ana Lutz",
            "PERSON",
            "Prime Minister",
        ),
        (
            "The delegation visited the Tovuz district and the Araz River on Friday.",
            "Araz River",
            "Araz River",
            "LOC",
            None,
        ),
    ],
)
def test_entities_names_roles_on_small_docs(  # type: ignore[no-untyped-def]
    nlp, text: str, mention: str, name: str, label: str, role: str | None
) -> None:
    doc = nlp(text)
    _check_offsets(text, doc._.entities)
    found = [e for e in doc._.entities if e.text == mention]
    assert found, [(e.text, e.label) for e in doc._.entities]
    assert found[-1].name == name
    assert found[-1].label == label
    assert found[-1].role == role


def test_entities_without_gazetteer(nlp) -> None:  # type: ignore[no-untyped-def]
    from newstrail.nlp.entities import find_entities

    entities, info = find_entities(nlp("Officials met in Baku."), is_place=None)
    assert [e.text for e in entities] == ["Baku"]
    assert "Baku" in info


def test_entities_agency_as_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The minister visited the port on Monday, Report informs."
    doc = nlp(text)
    report = [e for e in doc._.entities if e.text == "Report"]
    assert report and report[0].label == "ORG"


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "Azerbaijan's Foreign Minister Jeyhun Bayramov said the talks were useful.",
            "Jeyhun Bayramov",
            "Azerbaijan's Foreign Minister",
        ),
        (
            "The head of the State Tourism Agency, Fuad Naghiyev, said the season had started.",
            "Fuad Naghiyev",
            "head of the State Tourism Agency",
        ),
        (
            "US Secretary of State Antony Blinken arrived in Baku on Monday.",
            "Antony Blinken",
            "US Secretary of State",
        ),
        (
            "Russian Foreign Ministry spokeswoman Maria Zakharova said Moscow was ready.",
            "Maria Zakharova",
            "Russian Foreign Ministry spokeswoman",
        ),
        (
            "Dr. Jane Doe, a professor at Baku State University, told reporters the data were "
            "clear.",
            "Jane Doe",
            "professor at Baku State University",
        ),
        (
            "French President Emmanuel Macron met Chancellor Olaf Scholz in Berlin.",
            "Olaf Scholz",
            "Chancellor",
        ),
    ],
)
def test_entities_role_patterns(nlp, text: str, name: str, role: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    people = [e for e in doc._.entities if e.name == name]
    assert people, [(e.text, e.label) for e in doc._.entities]
    assert people[0].label == "PERSON"
    assert people[0].role == role


@pytest.mark.parametrize(
    "text",
    [
        "Floodwaters began to recede in Porto Alegre on Thursday.",
        "Farmers in Murang'a, where the dam lies, have complained.",
    ],
)
def test_entities_sentence_initial_common_plural_is_not_a_name(extractor, text: str) -> None:  # type: ignore[no-untyped-def]
    from newstrail.models import Article

    first_word = text.split()[0]
    entities = extractor.extract(Article(text=text)).entities
    assert first_word not in [e.text for e in entities]


def test_entities_offices_are_roles_not_organisations(extractor) -> None:  # type: ignore[no-untyped-def]
    from newstrail.models import Article

    text = (
        '"We will not wait," said Katarina Vogl, Austria’s Minister for Transport. '
        "Its head, State Secretary Ioana Petrescu, told reporters that the talks failed."
    )
    entities = extractor.extract(Article(text=text)).entities
    assert not [e for e in entities if e.label == "ORG"]
    [vogl] = [e for e in entities if e.name == "Katarina Vogl"]
    assert vogl.role == "Austria’s Minister for Transport"


# ---------------------------------------------------------------------------------------------
# hand-built parsed docs (no model)


def test_entities_handbuilt_honorific_gives_name_and_gender() -> None:
    from newstrail.nlp.entities import name_info

    doc = run(make_doc(SMITH_THEN_SHE), "entities")
    (smith,) = doc._.entities
    assert (smith.text, smith.name, smith.label) == ("John Smith", "John Smith", "PERSON")
    assert doc._.entity_names == name_info(doc)
    assert doc._.entity_names["John Smith"]["gender"] == "m"
