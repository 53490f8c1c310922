"""newstrail_coref: who "he", "the official" and "our respondent" are; entity_for."""

from __future__ import annotations

import pytest

from newstrail.nlp.coref import entity_for, quote_mask
from tests.nlp.handbuilt import ANNA_LEE, SMITH_THEN_SHE, make_doc, run

HAJIYEV_ROLE = (
    "Assistant to the President of Azerbaijan - Head of the Foreign Policy Affairs Department "
    "of the Presidential Administration"
)
GURBANOV_ROLES = {
    "Acting Director General of the Eurasian Regional Center of the Islamic Cooperation Youth "
    "Forum (ICYF-ERC)",
    "Acting Director General of the Eurasian Regional Center of the Islamic Cooperation Youth "
    "Forum",
}


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ('He said "yes" twice', "yes"),
        ("“We went,” she said", "We went,"),
        ('"Open quote runs to the end of the paragraph\nnot here', "paragraph"),
    ],
)
def test_coref_quote_mask(text: str, inside: str) -> None:
    mask = quote_mask(text)
    i = text.index(inside)
    assert all(mask[i : i + len(inside)])
    assert not mask[0] or text[0] in '"“'
    assert not mask[-1]


def _resolve(doc, phrase: str, occurrence: int = 0):  # type: ignore[no-untyped-def]
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(phrase, start + 1)
    return entity_for(doc, start, start + len(phrase))


@pytest.mark.model
@pytest.mark.parametrize(("phrase", "occurrence"), [("the official", 0), ("he", 0)])
def test_coref_seed_000_speaker(extractor, seed_text, phrase: str, occurrence: int) -> None:  # type: ignore[no-untyped-def]
    doc = extractor.nlp(seed_text("000"))
    anchor = doc.text.index(f"{phrase} {'said' if phrase == 'the official' else 'noted'}")
    ent = entity_for(doc, anchor, anchor + len(phrase))
    assert ent is not None
    assert (ent.name, ent.label, ent.role) == ("Hikmat Hajiyev", "PERSON", HAJIYEV_ROLE)
    assert doc.text[ent.start : ent.end] == ent.text == phrase


@pytest.mark.model
@pytest.mark.parametrize("phrase", ["ICYF-ERC official", "Our respondent", "he would share"])
def test_coref_seed_002_speaker(extractor, seed_text, phrase: str) -> None:  # type: ignore[no-untyped-def]
    doc = extractor.nlp(seed_text("002"))
    mention = phrase.split(" would")[0]
    start = doc.text.index(phrase)
    ent = entity_for(doc, start, start + len(mention))
    assert ent is not None
    assert ent.name == "Vusal Gurbanov" and ent.label == "PERSON"
    assert ent.role in GURBANOV_ROLES


@pytest.mark.model
def test_coref_seed_000_clusters_and_entity_ids(extractor, seed_text) -> None:  # type: ignore[no-untyped-def]
    doc = extractor.nlp(seed_text("000"))
    clusters = doc._.coref_clusters
    hajiyev = [c for c in clusters if c.name == "Hikmat Hajiyev"]
    assert len(hajiyev) == 1
    texts = [m.text for m in hajiyev[0].mentions]
    assert texts.count("Hikmat Hajiyev") == 2 and "the official" in texts and "he" in texts
    for span in hajiyev[0].mentions:
        assert doc.text[span.start : span.end] == span.text
    # Ilham Aliyev is only named inside the quote: "he noted" is not him
    aliyev = next(c for c in clusters if c.name == "Ilham Aliyev")
    assert [m.text for m in aliyev.mentions] == ["Ilham Aliyev"]
    for ent in doc._.entities:
        assert ent.cluster is not None
        assert clusters[ent.cluster].name == ent.name


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "phrase", "name"),
    [
        (
            "Anna Petrova, Minister of Culture of Ruritania, opened the museum on Monday. "
            '"It is a great day," the minister said. She added that entry is free.',
            "She",
            "Anna Petrova",
        ),
        (
            "Anna Petrova, Minister of Culture of Ruritania, opened the museum on Monday. "
            '"It is a great day," the minister said. She added that entry is free.',
            "the minister",
            "Anna Petrova",
        ),
        (
            "Mr. Karl Ode and Ms. Lena Berg met in Oslo. She said the talks were useful.",
            "She",
            "Lena Berg",
        ),
        (
            '"We will not give up the port," said Marta Lind, the transport minister. '
            "The rail unions disagreed. Their leader, Secretary General Olga Berg, told "
            'reporters that the plan was "a mistake". "Nobody asked us," she added.',
            "she",
            "Olga Berg",
        ),
        (
            "The World Health Organisation (WHO) published a report. WHO said its findings "
            "were clear.",
            "its",
            "World Health Organisation",
        ),
    ],
)
def test_coref_small_docs(nlp, text: str, phrase: str, name: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    ent = _resolve(doc, phrase)
    assert ent is not None, [(c.name, [m.text for m in c.mentions]) for c in doc._.coref_clusters]
    assert ent.name == name


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (
            "County officials in Nakuru said they would meet the utility.",
            "County officials in Nakuru",
        ),
        (
            "The state's civil defence agency in Porto Alegre said the water was going down.",
            "The state's civil defence agency in Porto Alegre",
        ),
    ],
)
def test_coref_entity_for_ignores_names_inside_a_description(  # type: ignore[no-untyped-def]
    nlp, text: str, phrase: str
) -> None:
    start = text.index(phrase)
    assert entity_for(nlp(text), start, start + len(phrase)) is None


@pytest.mark.model
def test_coref_entity_for_unknown_span(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("It rained all day in the valley.")
    assert entity_for(doc, 0, 2) is None
    assert entity_for(doc, 3, 9) is None


@pytest.mark.model
@pytest.mark.parametrize(
    ("seed", "name", "role_start"),
    [("000", "Hikmat Hajiyev", "Assistant to the President"), ("002", "Vusal Gurbanov", "Acting")],
)
def test_coref_extract_end_to_end(  # type: ignore[no-untyped-def]
    extractor, seed_articles, seed: str, name: str, role_start: str
) -> None:
    article = seed_articles[seed]
    extraction = extractor.extract(article)
    assert extraction.components["newstrail_coref"] == "1.0.0"
    people = [e for e in extraction.entities if e.name == name]
    assert len(people) == 2
    assert len({e.cluster for e in people}) == 1 and people[0].cluster is not None
    for ent in extraction.entities:
        assert article.text[ent.start : ent.end] == ent.text
        assert (ent.role or role_start).startswith(role_start) or ent.name != name


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\n", '"', "“Unclosed quote", "He said it.", "a" * 50, "Ömer, 'Ali' - (x)."],
)
def test_coref_odd_inputs(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    assert isinstance(doc._.coref_clusters, list)
    assert isinstance(doc._.entities, list)
    for cluster in doc._.coref_clusters:
        for span in cluster.mentions:
            assert text[span.start : span.end] == span.text
    assert entity_for(doc, 0, len(text)) is None or text


@pytest.mark.model
def test_coref_pleonastic_it_is_not_a_mention(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The ministry opened a school. It is clear that the school was needed.")
    start = doc.text.index("It is")
    assert entity_for(doc, start, start + 2) is None
    assert all(m.text != "It" for c in doc._.coref_clusters for m in c.mentions)


def test_coref_without_entities_writes_empty_clusters() -> None:
    import spacy

    from newstrail.nlp.coref import Component

    doc = spacy.blank("en")("Nothing was extracted here.")
    doc._.entities = None
    assert Component()(doc)._.coref_clusters == []


TWO_MINISTERS = (
    "Foreign Minister Jeyhun Bayramov met his Armenian counterpart Ararat Mirzoyan in Almaty "
    'on Friday. "The talks were useful," the minister said. Mirzoyan said he hoped for '
    "progress. He added that a new round would follow. Bayramov told reporters that Azerbaijan "
    'was ready. "We will continue," he said.'
)


@pytest.mark.model
@pytest.mark.parametrize(
    ("phrase", "mention", "name"),
    [
        ("the minister said", "the minister", "Jeyhun Bayramov"),
        ("he hoped", "he", "Ararat Mirzoyan"),
        ("He added", "He", "Ararat Mirzoyan"),
        ("he said", "he", "Jeyhun Bayramov"),
    ],
)
def test_coref_two_people(nlp, phrase: str, mention: str, name: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TWO_MINISTERS)
    start = TWO_MINISTERS.index(phrase)
    ent = entity_for(doc, start, start + len(mention))
    assert ent is not None and ent.name == name


@pytest.mark.model
def test_coref_entity_for_prefers_the_head_of_a_long_span(extractor, seed_text) -> None:  # type: ignore[no-untyped-def]
    doc = extractor.nlp(seed_text("002"))
    phrase = (
        "Mr. Vusal Gurbanov, Acting Director General of the Eurasian Regional Center of the "
        "Islamic Cooperation Youth Forum (ICYF-ERC)"
    )
    start = doc.text.index(phrase)
    ent = entity_for(doc, start, start + len(phrase))
    assert ent is not None and ent.name == "Vusal Gurbanov"
    start = doc.text.index("ICYF-ERC official")
    ent = entity_for(doc, start, start + len("ICYF-ERC"))
    assert ent is not None and ent.label == "ORG"


@pytest.mark.model
@pytest.mark.parametrize(
    ("phrase", "name"),
    [("The Azerbaijani official", "Hikmat Hajiyev"), ("The Armenian diplomat", "Armen Sarkisov")],
)
def test_coref_nationality_of_descriptions(nlp, phrase: str, name: str) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Hikmat Hajiyev, Assistant to the President of Azerbaijan, met Armen Sarkisov, a member "
        "of the Armenian delegation, in Vienna. Sarkisov spoke first. The Azerbaijani official "
        "said the talks were useful. The Armenian diplomat disagreed."
    )
    doc = nlp(text)
    start = text.index(phrase)
    ent = entity_for(doc, start, start + len(phrase))
    assert ent is not None and ent.name == name


@pytest.mark.model
def test_coref_first_person_in_quote_is_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Minister Lena Berg visited Tovuz on Monday.\n"
        '"I am glad that my visit went well," she said.\n'
        "Officials said the road would open soon."
    )
    doc = nlp(text)
    for word in ("I", "my"):
        start = text.index(f"{word} ")
        ent = entity_for(doc, start, start + len(word))
        assert ent is not None and ent.name == "Lena Berg" and ent.role == "Minister"


# ---------------------------------------------------------------------------------------------
# hand-built parsed docs (no model)


def test_coref_handbuilt_she_joins_the_named_woman() -> None:
    doc = run(make_doc(ANNA_LEE), "entities", "coref")
    (cluster,) = doc._.coref_clusters
    assert cluster.name == "Anna Lee"
    assert [m.text for m in cluster.mentions] == ["Anna Lee", "She"]


@pytest.mark.parametrize(("pronoun", "joins"), [("she", False), ("he", True)])
def test_coref_handbuilt_pronoun_agrees_in_gender(pronoun: str, joins: bool) -> None:
    rows = SMITH_THEN_SHE.replace(
        "she 12 nsubj PRP PRON she O", f"{pronoun} 12 nsubj PRP PRON {pronoun} O"
    )
    doc = run(make_doc(rows), "entities", "coref")
    smith = next(c for c in doc._.coref_clusters if c.name == "John Smith")
    assert (pronoun in [m.text for m in smith.mentions]) is joins
