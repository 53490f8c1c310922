"""Cross-article identities: merges on evidence, never on a shared surname or first name alone."""

from __future__ import annotations

import pytest

from newstrail.link.identities import IdentityResolver, normalise, phonetic_key
from newstrail.models import Entity, Extraction, Place, Quote, Speaker


def person(name: str, role: str | None = None, text: str | None = None) -> Entity:
    return Entity(
        text=text or name, start=0, end=len(text or name), label="PERSON", name=name, role=role
    )


def org(name: str, text: str | None = None) -> Entity:
    return Entity(text=text or name, start=0, end=len(text or name), label="ORG", name=name)


def place(name: str, geonameid: int | None) -> Place:
    return Place(
        text=name,
        start=0,
        end=len(name),
        name=name,
        lat=None,
        lon=None,
        country=None,
        geonameid=geonameid,
    )


def article(*records: Entity | Place) -> Extraction:
    return Extraction(
        entities=[r for r in records if isinstance(r, Entity)],
        places=[r for r in records if isinstance(r, Place)],
    )


def resolve(*articles: Extraction) -> tuple[IdentityResolver, list[list[int | None]]]:
    resolver = IdentityResolver()
    ids = [
        resolver.add_article(f"a{n}", extraction).entities for n, extraction in enumerate(articles)
    ]
    return resolver, ids


@pytest.mark.parametrize(
    ("variants", "same"),
    [
        (["Mammadli", "Mamedli", "Mamedly"], True),
        (["Hajiyev", "Hajiev", "Gadzhiev"], True),
        (["Hikmat", "Hikmet"], True),
        (["Mammadli", "Aliyev"], False),
        (["Hajiyev", "Hasanov"], False),
    ],
)
def test_phonetic_key_transliteration_variants(variants: list[str], same: bool) -> None:
    keys = {phonetic_key(v) for v in variants}
    assert (len(keys) == 1) is same


def test_normalise_drops_honorifics_accents_and_case() -> None:
    assert normalise("Mr. Vüsal  Gurbanov") == "vusal gurbanov"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            person("Rauf Mammadli", "Foreign Ministry spokesman"),
            person("Rauf Mamedli", "spokesman of the Foreign Ministry"),
        ),
        (
            person("Hikmat Hajiyev", "Assistant to the President"),
            person("Hikmet Gadzhiev", "assistant to the president of Azerbaijan"),
        ),
        (person("Hikmat Hajiyev", "presidential aide"), person("Hikmat Hajiev", "aide")),
    ],
)
def test_identities_transliteration_with_agreeing_role_merges(
    first: Entity, second: Entity
) -> None:
    resolver, ids = resolve(article(first), article(second))
    assert ids[0] == ids[1]
    identity = resolver.identities[ids[0][0]]  # type: ignore[index]
    assert identity.evidence[-1].kind == "transliteration"
    assert "role" in identity.evidence[-1].detail
    assert set(identity.aliases) >= {first.name, second.name}
    assert identity.articles == ["a0", "a1"]


def test_identities_transliteration_without_evidence_stays_apart() -> None:
    _, ids = resolve(
        article(person("Rauf Mammadli", "Foreign Ministry spokesman")),
        article(person("Rauf Mamedly")),
    )
    assert ids[0] != ids[1]


def test_identities_transliteration_with_shared_context_merges() -> None:
    context = [place("Baku", 587084), place("Kalbajar", 147271)]
    _, ids = resolve(
        article(person("Rauf Mammadli"), *context), article(person("Rauf Mamedly"), *context)
    )
    assert ids[0][0] == ids[1][0]


def test_identities_same_full_name_merges_and_keeps_the_most_complete_name() -> None:
    resolver, ids = resolve(
        article(person("Ilham Aliyev", "President")),
        article(person("Ilham Aliyev", text="Mr. Aliyev")),
    )
    assert ids[0] == ids[1]
    assert resolver.identities[ids[0][0]].name == "Ilham Aliyev"  # type: ignore[index]
    assert resolver.identities[ids[0][0]].roles == {"President": ["a0"]}  # type: ignore[index]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            person("John Smith", "finance minister"),
            person("Mary Smith", "finance minister"),
        ),  # surname only
        (person("Rauf Mammadli"), person("Rauf Aliyev")),  # first name only
        (person("John Smith"), person("Smith")),  # a lone surname, nothing else
        (person("Rauf Mammadli"), person("Rauf")),  # a lone first name, nothing else
    ],
)
def test_identities_shared_surname_or_first_name_alone_never_merges(
    first: Entity, second: Entity
) -> None:
    _, ids = resolve(article(first), article(second))
    assert ids[0] != ids[1]


def test_identities_lone_surname_with_agreeing_role_joins_the_one_full_name() -> None:
    resolver, ids = resolve(
        article(person("Rauf Mammadli", "Foreign Ministry spokesman")),
        article(person("Mammadli", "spokesman for the Foreign Ministry")),
    )
    assert ids[0] == ids[1]
    assert resolver.identities[ids[0][0]].evidence[-1].kind == "short_name"  # type: ignore[index]


def test_identities_lone_surname_of_two_people_stays_apart() -> None:
    _, ids = resolve(
        article(person("John Smith", "minister")),
        article(person("Mary Smith", "minister")),
        article(person("Smith", "minister")),
    )
    assert ids[2][0] not in (ids[0][0], ids[1][0])


def test_identities_places_by_gazetteer_id() -> None:
    resolver = IdentityResolver()
    first = resolver.add_article("a0", article(place("Paris", 2988507), place("Kalbajar", 147271)))
    second = resolver.add_article("a1", article(place("Paris", 4717560), place("Kalbajar", 147271)))
    assert first.places[1] == second.places[1]
    assert first.places[0] != second.places[0]
    assert resolver.identities[second.places[1]].evidence[-1].kind == "gazetteer"  # type: ignore[index]


def test_identities_place_entity_and_place_record_share_an_identity() -> None:
    gpe = Entity(text="Armenia", start=0, end=7, label="GPE", name="Armenia")
    resolver = IdentityResolver()
    result = resolver.add_article(
        "a0", Extraction(entities=[gpe], places=[place("Armenia", 174982)])
    )
    assert result.entities == result.places


def test_identities_acronym_and_long_form_merge() -> None:
    _, ids = resolve(article(org("United Nations")), article(org("UN")))
    assert ids[0] == ids[1]


def test_identities_quote_speaker_gets_the_entity_identity() -> None:
    quote = Quote(
        text="x",
        start=0,
        end=1,
        kind="direct",
        cue=None,
        speaker=Speaker(name="Hikmat Hajiyev", label="PERSON"),
    )
    extraction = Extraction(entities=[person("Hikmat Hajiyev")], quotes=[quote])
    result = IdentityResolver().add_article("a0", extraction)
    assert result.speakers == result.entities


def test_identities_group_speaker_is_a_group_joined_by_its_exact_name() -> None:
    def said_by(name: str) -> Extraction:
        quote = Quote(
            text="x",
            start=0,
            end=1,
            kind="indirect",
            cue=None,
            speaker=Speaker(name=name, label="GROUP"),
        )
        return Extraction(quotes=[quote])

    resolver = IdentityResolver()
    first = resolver.add_article("a0", said_by("OIC ambassadors")).speakers[0]
    again = resolver.add_article("a1", said_by("OIC ambassadors")).speakers[0]
    other = resolver.add_article("a2", said_by("EU ambassadors")).speakers[0]
    assert first == again != other
    assert first is not None and resolver.identities[first].label == "GROUP"
