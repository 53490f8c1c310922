"""newstrail_numbers: quantities, what they count, unit and modifier."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

from newstrail.nlp import component_id
from newstrail.nlp.numbers import NAME, VERSION, Quantity, find_numbers


def _hand_doc(words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> Doc:
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos)
    doc._.times, doc._.entities = [], []
    return doc


def test_numbers_hand_built_doc_counts_and_modifier() -> None:
    doc = _hand_doc(
        ["Around", "80", "diplomats", "arrived", "."],
        [1, 2, 3, 3, 3],
        ["quantmod", "nummod", "nsubj", "ROOT", "punct"],
        ["ADV", "NUM", "NOUN", "VERB", "PUNCT"],
    )
    (q,) = find_numbers(doc)
    assert (q.text, q.value, q.mod, q.counts) == ("Around 80", 80, "APPROX", "diplomats")
    assert doc.text[q.start : q.end] == q.text
    assert q.component == component_id(NAME, VERSION)


def test_numbers_hand_built_doc_pronoun_one_is_no_count() -> None:
    doc = _hand_doc(
        ["One", "of", "them", "left", "."],
        [3, 0, 1, 3, 3],
        ["nsubj", "prep", "pobj", "ROOT", "punct"],
        ["NUM", "ADP", "PRON", "VERB", "PUNCT"],
    )
    assert find_numbers(doc) == []


def _find(nlp: Any, text: str) -> list[Quantity]:
    doc = nlp(text)
    for q in doc._.numbers:
        assert text[q.start : q.end] == q.text
        if q.counts is not None:
            assert text[q.counts_start : q.counts_end] == q.counts
    return list(doc._.numbers)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "span", "value", "unit", "mod", "counts", "about"),
    [
        ("Around 80 diplomats came.", "Around 80", 80, None, "APPROX", "diplomats", None),
        (
            "They came from more than 50 countries.",
            "more than 50",
            50,
            None,
            "MORE_THAN",
            "countries",
            None,
        ),
        ("Seven people were killed.", "Seven", 7, None, None, "people", "killed"),
        ("The floods hit 1,200 families.", "1,200", 1200, None, None, "families", None),
        ("It brought a death toll of nine.", "nine", 9, None, None, "death toll", "killed"),
        ("Prices rose 6 percent.", "6 percent", 6, "percent", None, None, None),
        ("They sent $50,000 worth of goods.", "$50,000", 50000, "USD", None, "goods", None),
        ("The bombing wounded two others.", "two", 2, None, None, "others", "injured"),
        ("Thousands of people marched.", "Thousands", 1000, None, "MORE_THAN", "people", None),
        ("Up to 16 advisers were held.", "Up to 16", 16, None, "EQUAL_OR_LESS", "advisers", None),
        ("At least three civilians died.", "At least three", 3, None, "EQUAL_OR_MORE", "civilians", "killed"),
    ],
)  # fmt: skip
def test_numbers_quantity(
    nlp: Any,
    text: str,
    span: str,
    value: float,
    unit: str | None,
    mod: str | None,
    counts: str | None,
    about: str | None,
) -> None:
    found = [q for q in _find(nlp, text) if q.text == span]
    assert found, [(q.text, q.value) for q in _find(nlp, text)]
    q = found[0]
    assert (q.value, q.unit, q.mod, q.counts, q.about) == (value, unit, mod, counts, about)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "span", "low", "high"),
    [
        ("Between 10 and 20 million people voted.", "Between 10 and 20 million", 10_000_000, 20_000_000),
        ("Some 10-20 boats sank.", "10-20", 10, 20),
    ],
)  # fmt: skip
def test_numbers_range(nlp: Any, text: str, span: str, low: float, high: float) -> None:
    found = [q for q in _find(nlp, text) if span in q.text]
    assert found, [(q.text, q.value) for q in _find(nlp, text)]
    assert (found[0].value, found[0].high, found[0].mod) == (low, high, "RANGE")


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The visit took place on May 31, 2020.",  # a date
        "It led to UN Security Council Resolution 822.",  # a name
        "One of the painful moments was this.",  # a pronoun
        "The meeting began at 11:00 in room 5.",  # a clock time and an identifier
        "It was the first visit.",  # an ordinal
    ],
)
def test_numbers_not_a_quantity(nlp: Any, text: str) -> None:
    assert _find(nlp, text) == []
