"""newstrail_quotes: quotation spans, attributions on small hand-built docs, and the seeds."""

from __future__ import annotations

import pytest

from newstrail.models import Article, Quote
from newstrail.nlp.quotes import COMPONENT, Lexicon
from newstrail.nlp.text import joined_fragments
from tests.nlp.handbuilt import SMITH_THEN_SHE, make_doc, run


@pytest.mark.parametrize(("pronoun", "speaker"), [("she", None), ("he", "John Smith")])
def test_quotes_handbuilt_speaker_comes_from_coreference_only(
    pronoun: str, speaker: str | None
) -> None:
    # "she" after a man only: coreference declines, and nothing else guesses a speaker
    rows = SMITH_THEN_SHE.replace(
        "she 12 nsubj PRP PRON she O", f"{pronoun} 12 nsubj PRP PRON {pronoun} O"
    )
    doc = run(make_doc(rows), "entities", "coref", "quotes")
    (quote,) = doc._.quotes
    assert quote.text == "“We will win,”" and quote.kind == "direct"
    assert quote.cue is not None and quote.cue.text == "said"
    assert quote.speaker.mention is not None and quote.speaker.mention.text == pronoun
    assert quote.speaker.name == speaker


def test_quotes_lexicon_is_data() -> None:
    lex = Lexicon.load()
    assert {"say", "note", "remind", "stress"} <= lex.clause_verbs | lex.object_verbs
    assert "post" in lex.document_nouns


# ---------------------------------------------------------------------------------------------
# attributions on small docs (the real pipeline)


def assert_points_at(text: str, q: Quote) -> None:
    """A quote's text is its fragments' words; each fragment is exact; start/end enclose them."""
    assert q.fragments, q.text
    assert q.text == joined_fragments(text, [(f.start, f.end) for f in q.fragments])
    assert (q.start, q.end) == (q.fragments[0].start, q.fragments[-1].end)
    for f in q.fragments:
        assert text[f.start : f.end] == f.text


def _quotes(extractor, text: str) -> list[Quote]:  # type: ignore[no-untyped-def]
    quotes = extractor.extract(Article(text=text)).quotes
    for q in quotes:
        assert_points_at(text, q)
        assert q.component == COMPONENT
        for f in q.fragments:
            assert text[f.start : f.end] == f.text
        if q.cue is not None:
            assert text[q.cue.start : q.cue.end] == q.cue.text
        if q.speaker.mention is not None:
            m = q.speaker.mention
            assert text[m.start : m.end] == m.text
    return quotes


CASES = [
    # text, kind, cue, mention, content fragments
    (
        "“The plan is a disaster,” the minister said.",
        "direct",
        "said",
        "the minister",
        ["“The plan is a disaster,”"],
    ),
    (
        "John Smith said that the plan was a disaster.",
        "indirect",
        "said",
        "John Smith",
        ["that the plan was a disaster"],
    ),
    (
        "According to Mary Jones, the bridge will open in May.",
        "indirect",
        "According to",
        "Mary Jones",
        ["the bridge will open in May"],
    ),
    (
        "“We will win,” said Anna Lee, the party leader.",
        "direct",
        "said",
        "Anna Lee, the party leader",
        ["“We will win,”"],
    ),
    (
        "“We will win this race,” she said, “and nobody can stop us now.”",
        "direct",
        "said",
        "she",
        ["“We will win this race,”", "“and nobody can stop us now.”"],
    ),
    (
        "The governor plans to raise taxes next year.",
        "indirect",
        "plans",
        "The governor",
        ["to raise taxes next year"],
    ),
    (
        "Smith thinks that the deal will fail.",
        "indirect",
        "thinks",
        "Smith",
        ["that the deal will fail"],
    ),
    (
        "The ministry announced new sanctions against the company.",
        "indirect",
        "announced",
        "The ministry",
        ["new sanctions against the company"],
    ),
    (
        "The economy is growing, the minister said.",
        "indirect",
        "said",
        "the minister",
        ["The economy is growing"],
    ),
    (
        'Peter Brown shared his view with the press:\n\n"The economy is growing fast. Jobs are '
        'coming back."',
        "direct",
        "shared his view",
        "Peter Brown",
        ['"The economy is growing fast. Jobs are coming back."'],
    ),
    (
        "Peter Brown said:\n\n«The economy is growing. We are happy.\n\n«Jobs are coming back.»",
        "direct",
        "said",
        "Peter Brown",
        ["«The economy is growing. We are happy.\n\n«Jobs are coming back.»"],
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "kind", "cue", "mention", "content"), CASES)
def test_quotes_component_attributions(
    extractor,  # type: ignore[no-untyped-def]
    text: str,
    kind: str,
    cue: str,
    mention: str,
    content: list[str],
) -> None:
    quotes = _quotes(extractor, text)
    assert len(quotes) == 1, quotes
    (q,) = quotes
    assert q.kind == kind
    assert q.cue is not None and q.cue.text == cue
    assert q.speaker.mention is not None and q.speaker.mention.text == mention
    assert [f.text for f in q.fragments] == content


@pytest.mark.model
def test_quotes_component_unresolved_speaker_is_none(extractor) -> None:  # type: ignore[no-untyped-def]
    # no person before "he": the pronoun stays unresolved rather than guessed
    (q,) = _quotes(extractor, "“We will win,” he said.")
    assert q.speaker.mention is not None and q.speaker.mention.text == "he"
    assert q.speaker.name is None


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Mr. John Smith arrived. “We will win,” she said.",
        "Mr. John Smith arrived in the city on Monday. The streets were quiet.\n\n"
        "“We will win,” she said.",
    ],
)
def test_quotes_component_she_after_only_a_man_has_no_speaker(extractor, text: str) -> None:  # type: ignore[no-untyped-def]
    # coreference is the only resolver: "she" cannot be Mr. John Smith, and nobody else is named
    quote = next(q for q in _quotes(extractor, text) if "We will win" in q.text)
    assert quote.speaker.mention is not None and quote.speaker.mention.text == "she"
    assert quote.speaker.name is None


@pytest.mark.model
def test_quotes_component_speaker_name_from_mention(extractor) -> None:  # type: ignore[no-untyped-def]
    (q,) = _quotes(extractor, "Mr. John Smith said that the plan was a disaster.")
    assert q.speaker.name == "John Smith"
    assert q.speaker.label == "PERSON"


@pytest.mark.model
def test_quotes_component_nested_quote(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "“They told me ‘the truth may bend, but it will not break,’ and left,” Smith said."
    quotes = _quotes(extractor, text)
    outer = [q for q in quotes if q.cue is not None and q.cue.text == "said"]
    inner = [q for q in quotes if q.text.startswith("‘")]
    assert len(outer) == 1 and outer[0].speaker.name == "Smith"
    # the nested quote keeps its own (unresolved) speaker, never the outer one
    assert len(inner) == 1 and inner[0].speaker.name is None and inner[0].kind == "direct"
    assert inner[0].text == "‘the truth may bend, but it will not break,’"
    assert outer[0].start <= inner[0].start and inner[0].end <= outer[0].end


# ---------------------------------------------------------------------------------------------
# the seeds, end to end (ingest reader → extractor)


def _find(quotes: list[Quote], starts: str) -> Quote:
    found = [q for q in quotes if q.text.startswith(starts)]
    assert len(found) == 1, [q.text[:40] for q in quotes]
    return found[0]


@pytest.mark.model
def test_quotes_seed_000_hajiyev(extractor, seed_articles) -> None:  # type: ignore[no-untyped-def]
    article: Article = seed_articles["000"]
    text = article.text
    quotes = extractor.extract(article).quotes
    for q in quotes:
        assert_points_at(text, q)
    q1 = _find(quotes, "“We are on a visit to Kalbajar")
    assert q1.text.endswith('through Aghdara region,"')
    assert (q1.kind, q1.cue and q1.cue.text) == ("direct", "said")
    assert q1.speaker.mention is not None and q1.speaker.mention.text == "the official"
    q2 = _find(quotes, '"On the way, we will visit')
    assert q2.text.endswith('President Ilham Aliyev recently,"')
    assert (q2.kind, q2.cue and q2.cue.text) == ("direct", "noted")
    assert q2.speaker.mention is not None and q2.speaker.mention.text == "he"
    q3 = _find(quotes, "that the occupation of Kalbajar occurred in 1993")
    assert q3.text.endswith("launched from Armenia’s territory")
    assert (q3.kind, q3.cue and q3.cue.text) == ("indirect", "reminded")
    assert q3.speaker.mention is not None and q3.speaker.mention.text == "Hikmat Hajiyev"
    # the four paragraphs of the post are one quote
    q4 = _find(quotes, '"This act of military aggression')
    assert q4.text.endswith("but they will not break,’”")
    assert q4.text.count("\n") == 3
    assert (q4.kind, q4.cue and q4.cue.text) == ("direct", "reads the post")
    # the saying quoted inside the post is nested, with no speaker
    nested = _find(quotes, "‘The truth and justice may bend")
    assert nested.speaker.name is None and nested.cue is None
    for q in (q1, q2, q3, q4):
        assert q.speaker.name == "Hikmat Hajiyev", q.text[:40]
        assert q.speaker.label == "PERSON"
    assert "Assistant to the President of Azerbaijan" in (q3.speaker.role or "")


@pytest.mark.model
def test_quotes_seed_002_gurbanov(extractor, seed_articles) -> None:  # type: ignore[no-untyped-def]
    article: Article = seed_articles["002"]
    text = article.text
    quotes = extractor.extract(article).quotes
    for q in quotes:
        assert_points_at(text, q)
    expected = [
        # content starts, kind, cue, mention starts
        ('"Our first impression of Kalbajar', "direct", "shared his impressions", "Mr. Vusal"),
        ("that he would share what he saw", "indirect", "also noted", "ICYF-ERC official"),
        ('"We will make every effort', "direct", ":", "ICYF-ERC official"),
        ("these truths must be disseminated", "indirect", "According to", "Mr. Vusal Gurbanov"),
        ('"In addition, we were impressed', "direct", ":", "Mr. Vusal Gurbanov"),
        ("\"We've been in touch with", "direct", "gave thoughts", "Our respondent"),
    ]
    for starts, kind, cue, mention in expected:
        q = _find(quotes, starts)
        assert q.kind == kind, starts
        assert q.cue is not None and q.cue.text == cue, starts
        assert q.speaker.mention is not None and q.speaker.mention.text.startswith(mention)
        assert q.speaker.name == "Vusal Gurbanov", starts
        if kind == "direct":
            assert q.text.endswith('."'), starts  # full paragraph extent
    assert _find(quotes, "that he would share").text.endswith("with the entire organization")
    assert _find(quotes, "these truths").text.endswith("youth organizations in the Islamic world")
    # nested inside the respondent's quote: the ambassadors' own statement
    nested = _find(quotes, "Kalbajar's tourism potential")
    assert nested.kind == "indirect" and nested.cue is not None
    assert nested.cue.text == "also stressed"
    assert nested.speaker.mention is not None and nested.speaker.mention.text == "They"
    # "They" after "a number of OIC ambassadors": that group speaks
    assert (nested.speaker.name, nested.speaker.label) == ("OIC ambassadors", "GROUP")
    outer = _find(quotes, "\"We've been in touch with")
    assert outer.start < nested.start and nested.end < outer.end


def test_quotes_paragraph_continuing_a_quotation_keeps_its_speaker(extractor) -> None:  # type: ignore[no-untyped-def]
    from newstrail.models import Article

    text = (
        '"We will rebuild the bridge," said Mayor Ana Lima on Monday.\n'
        '"The new span will open in May, and it will carry trams."\n'
        "The council approved the budget."
    )
    [quote] = extractor.extract(Article(text=text)).quotes
    assert quote.speaker.name == "Ana Lima"
    assert [f.text for f in quote.fragments] == [
        '"We will rebuild the bridge,"',
        '"The new span will open in May, and it will carry trams."',
    ]


def test_quotes_unattributed_quotation_is_kept_without_speaker(extractor) -> None:  # type: ignore[no-untyped-def]
    from newstrail.models import Article

    text = (
        "The mayor visited the site on Monday.\n"
        '"Nobody here has seen water this high in fifty years."\n'
        "Repairs will start next week."
    )
    [quote] = extractor.extract(Article(text=text)).quotes
    assert (quote.kind, quote.cue, quote.speaker.name) == ("direct", None, None)
    assert quote.text == '"Nobody here has seen water this high in fifty years."'


def test_quotes_split_quotation_text_leaves_out_its_attribution(extractor) -> None:  # type: ignore[no-untyped-def]
    text = (
        '"We cannot wait another winter," said Lena Ortiz, the region\'s transport minister. '
        '"Every week of delay leaves the barges idle."'
    )
    [quote] = _quotes(extractor, text)
    assert quote.speaker.name == "Lena Ortiz"
    assert quote.text == (
        '"We cannot wait another winter," … "Every week of delay leaves the barges idle."'
    )
    assert "said" not in quote.text and "minister" not in quote.text


def test_quotes_participle_inside_reported_clause_is_no_attribution(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "Minister Ana Lima said the tariffs agreed in 2019 no longer reflected the trade."
    [quote] = _quotes(extractor, text)
    assert quote.speaker.name == "Ana Lima"
    assert quote.cue is not None and quote.cue.text == "said"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Moscow warned that the talks would fail without new guarantees.", "Moscow"),
        ("Baku said that the road to Kalbajar would reopen in May.", "Baku"),
    ],
)
def test_quotes_place_as_speaker_is_its_government(extractor, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    [quote] = _quotes(extractor, text)
    assert quote.speaker.name == name
    assert (quote.speaker.label, quote.speaker.role) == ("ORG", "government")


@pytest.mark.parametrize(
    ("text", "content", "name", "label"),
    [
        # groups: named by their description, without determiners and quantifiers
        (
            "We met a number of OIC ambassadors. They also stressed the region's potential.",
            "the region's potential",
            "OIC ambassadors",
            "GROUP",
        ),
        (
            "Clinton supporters said that the rally was a success.",
            "that the rally",
            "Clinton supporters",
            "GROUP",
        ),
        ("Many Democrats say the plan is too timid.", "the plan", "Democrats", "GROUP"),
        # a group the text gives no name stays unnamed
        ("Several experts said the plan would fail.", "the plan", None, None),
        # organisations behind a description
        (
            "The Clinton campaign says the ad will air on cable.",
            "the ad",
            "Clinton campaign",
            "ORG",
        ),
        (
            "The Commission on Presidential Debates met on Monday. "
            "The commission said that the sound had failed.",
            "that the sound",
            "Commission on Presidential Debates",
            "ORG",
        ),
        (
            "Officials at the Danube Commission said the locks would close.",
            "the locks",
            "Danube Commission",
            "ORG",
        ),
        (
            "The White House announced that the talks would resume.",
            "that the talks",
            "White House",
            "ORG",
        ),
        (
            "The Azerbaijani side said that the road would reopen.",
            "that the road",
            "Azerbaijani side",
            "ORG",
        ),
        ("The border will reopen on Monday, according to Reuters.", "The border", "Reuters", "ORG"),
        (
            "The minister visited the port on Monday, Report informs.",
            "The minister",
            "Report",
            "ORG",
        ),
        # a description by party: the one person introduced with that party
        (
            "Republican Donald Trump and Democrat Hillary Clinton met in Ohio. "
            "The Democratic nominee said the plan would fail.",
            "the plan",
            "Hillary Clinton",
            "PERSON",
        ),
        # a relative pronoun is its antecedent
        (
            "The bill was signed by former President Bill Clinton, who said that crime was rising.",
            "that crime",
            "Bill Clinton",
            "PERSON",
        ),
    ],
)
def test_quotes_speaker_groups_organisations_descriptions(  # type: ignore[no-untyped-def]
    extractor, text: str, content: str, name: str | None, label: str | None
) -> None:
    quote = next(q for q in _quotes(extractor, text) if q.text.startswith(content))
    assert (quote.speaker.name, quote.speaker.label) == (name, label)


@pytest.mark.parametrize(
    "text",
    [
        # "Indiana" never describes Nick Merrill: the governor is someone the text does not name
        "Clinton spokesman Nick Merrill said the call was private. "
        "The Indiana governor said the media are to blame.",
        # a party word is no person's name
        "The Republican said that his supporters should watch the polls.",
    ],
)
def test_quotes_speaker_description_without_support_stays_unnamed(extractor, text: str) -> None:  # type: ignore[no-untyped-def]
    quote = _quotes(extractor, text)[-1]
    assert quote.speaker.name is None


def test_quotes_quoted_sentence_after_the_attribution_continues_it(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "“Here comes the mayor,” she said, clapping. “The mayor. Our mayor.”"
    [quote] = _quotes(extractor, text)
    assert [f.text for f in quote.fragments] == [
        "“Here comes the mayor,”",
        "“The mayor. Our mayor.”",
    ]
    # a quotation ending in a comma after a sentence has an attribution of its own
    text = "“We will win the vote,” she said. “We will lose the vote,” he replied."
    assert all(len(q.fragments) == 1 for q in _quotes(extractor, text))


def test_quotes_text_never_holds_its_own_attribution(extractor) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The talks stalled over the quotas, which traders say has cost the region's ports "
        "about 40 million euros since last autumn."
    )
    quote = next(q for q in _quotes(extractor, text) if q.cue is not None and q.cue.text == "say")
    assert "traders say" not in quote.text
    assert [f.text for f in quote.fragments] == [
        "which",
        "has cost the region's ports about 40 million euros since last autumn",
    ]
