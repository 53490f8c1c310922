"""newstrail_events: PLOVER events, coding rules, participants, places with route roles, time."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

from newstrail.nlp import component_id
from newstrail.nlp.events import NAME, VERSION, Event, find_events, main_event


def _hand_doc(
    words: list[str], heads: list[int], deps: list[str], pos: list[str], lemmas: list[str]
) -> Doc:
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    doc._.entities, doc._.places, doc._.times, doc._.numbers, doc._.quotes = [], [], [], [], []
    doc._.coref_clusters = []
    return doc


def test_events_hand_built_doc_threat_absorbs_the_threatened_action() -> None:
    doc = _hand_doc(
        ["Israel", "threatened", "to", "ban", "voting", "."],
        [1, 1, 3, 1, 3, 1],
        ["nsubj", "ROOT", "aux", "xcomp", "dobj", "punct"],
        ["PROPN", "VERB", "PART", "VERB", "NOUN", "PUNCT"],
        ["Israel", "threaten", "to", "ban", "voting", "."],
    )
    (event,) = find_events(doc)
    assert (event.type, event.mode) == ("THREATEN", "restrict")
    assert [a.text for a in event.actors] == ["Israel"]
    assert event.asserted_by.kind == "outlet"
    assert event.component == component_id(NAME, VERSION)


def test_events_hand_built_doc_reporting_verb_is_no_event() -> None:
    doc = _hand_doc(
        ["Officials", "said", "it", "."],
        [1, 1, 1, 1],
        ["nsubj", "ROOT", "dobj", "punct"],
        ["NOUN", "VERB", "PRON", "PUNCT"],
        ["official", "say", "it", "."],
    )
    assert find_events(doc) == []


def _events(nlp: Any, text: str, published: str | None = None) -> list[Event]:
    doc = nlp.make_doc(text)
    doc._.published = published
    doc = nlp(doc)
    for ev in doc._.events:
        for part in [ev, *ev.actors, *ev.recipients, *ev.places, *ev.counts]:
            assert text[part.start : part.end] == part.text
        assert text[ev.trigger.start : ev.trigger.end] == ev.trigger.text
    return list(doc._.events)


def _main(nlp: Any, text: str) -> Event:
    doc = nlp(text)
    events = [e for e in doc._.events if not e.negated]
    found = main_event(doc, events, 0, len(text))
    assert found is not None, text
    return found


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "type_", "mode"),
    [
        ("Taiwan's Vice Foreign Minister visited Russia today.", "CONSULT", "visit"),
        ("The president will visit Paris next week.", "AGREE", None),  # a future visit
        ("Syria says it will not accept any more refugees.", "REJECT", None),
        ("Israel threatened to ban voting in East Jerusalem.", "THREATEN", "restrict"),
        ("Serbia lifted a night curfew in Montenegro.", "CONCEDE", None),
        ("Turkish authorities imposed a curfew in the town of Cizre.", "COERCE", "curfew"),
        ("Israeli soldiers arrested more than 100 Palestinians.", "COERCE", "arrest"),
        ("Russia said on Tuesday that Sudan must return a helicopter.", "REQUEST", None),
        ("Amnesty International accused the United States of violating human rights.", "ACCUSE", "allege"),
        ("Thousands of Nigerians staged a rally in Lagos.", "PROTEST", "demo"),
        ("Switzerland expelled two Russian diplomats.", "SANCTION", "expel"),
        ("A roadside bombing near Samarra killed one U.S. soldier.", "ASSAULT", "explosives"),
        ("An earthquake struck the region on Monday.", "DISASTER", None),
        ("A train crash near the city killed nine people.", "ACCIDENT", None),
    ],
)  # fmt: skip
def test_events_type_and_mode(nlp: Any, text: str, type_: str, mode: str | None) -> None:
    event = _main(nlp, text)
    assert (event.type, event.mode) == (type_, mode)


@pytest.mark.model
def test_events_compound_actors_and_recipient(nlp: Any) -> None:
    event = _main(nlp, "Argentina and Chile condemned Britain on Monday.")
    assert event.type == "ACCUSE"
    assert [a.text for a in event.actors] == ["Argentina", "Chile"]
    assert [r.text for r in event.recipients] == ["Britain"]


@pytest.mark.model
def test_events_host_is_the_recipient(nlp: Any) -> None:
    event = _main(
        nlp, "Russian President Boris Yeltsin hosted Japanese Prime Minister Ryutaro Hashimoto."
    )
    assert (event.type, event.mode) == ("CONSULT", "visit")
    assert [a.text for a in event.actors] == ["Japanese Prime Minister Ryutaro Hashimoto"]
    assert [r.text for r in event.recipients] == ["Russian President Boris Yeltsin"]


@pytest.mark.model
def test_events_negated_event_is_marked(nlp: Any) -> None:
    events = _events(nlp, "The army did not attack the village.")
    assert [(e.type, e.negated) for e in events] == [("ASSAULT", True)]


@pytest.mark.model
def test_events_time_of_the_event_not_of_the_report(nlp: Any) -> None:
    text = "Rebels attacked the town on Sunday, officials said on Tuesday."
    (event,) = _events(nlp, text, "2022-06-08T10:00:00+00:00")
    assert event.time is not None and event.time.text == "Sunday"
    (quiet,) = _events(
        nlp, "Rebels attacked the town, officials said.", "2022-06-08T10:00:00+00:00"
    )
    assert quiet.time is None  # never the publication date by default


@pytest.mark.model
def test_events_route_roles_in_order(nlp: Any) -> None:
    text = "The delegation left Ganja and travelled through Dashkasan before reaching Kalbajar."
    event = next(e for e in _events(nlp, text) if e.places)
    roles = [(p.role, p.text) for p in event.places]
    assert roles[0] == ("origin", "Ganja") and roles[-1][1] == "Kalbajar", roles


@pytest.mark.model
def test_events_counts_attached(nlp: Any) -> None:
    event = _main(nlp, "A bomb attack killed at least 12 people in Kabul on Friday.")
    assert event.type == "ASSAULT"
    assert [(c.what, c.value, c.mod) for c in event.counts] == [("killed", 12, "EQUAL_OR_MORE")]
    assert [(p.role, p.text) for p in event.places] == [("location", "Kabul")]


@pytest.mark.model
def test_events_asserted_by_the_quoted_speaker(nlp: Any) -> None:
    text = 'Minister Anna Berg said: "Rebels attacked the village on Sunday."'
    event = next(e for e in _events(nlp, text) if e.type == "ASSAULT")
    assert event.asserted_by.kind == "speaker"
    assert event.asserted_by.name == "Anna Berg"
