"""Disagreements within a story: counts, dates, places (link/disagreements.py)."""

from __future__ import annotations

from datetime import date

import pytest

from newstrail.link.claims import ClaimArticle, QuantityInput, QuoteInput, TimeInput
from newstrail.link.disagreements import (
    about_count,
    date_interval,
    find_disagreements,
    intervals_meet,
    quantity_interval,
)
from tests.link.claims_fixture import article_records, score_disagreements


def quantity(value: float, mod: str | None = None, value_max: float | None = None) -> QuantityInput:
    return QuantityInput("x", 0, 1, value, None, mod, "people", value_max)


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        (quantity(1200, "APPROX"), quantity(1200), True),  # about 1,200 vs 1,200
        (quantity(45, "MORE_THAN"), quantity(50), True),  # more than 45 vs 50
        (quantity(7, "AT_LEAST"), quantity(9), True),
        (quantity(7), quantity(9), False),  # seven vs nine
        (quantity(50, "MORE_THAN"), quantity(50), False),
        (quantity(40, "RANGE", 50), quantity(45), True),
        (quantity(80, "NEARLY"), quantity(100), False),
        (quantity(100, "up_to"), quantity(80), True),
    ],
)
def test_disagreements_quantity_compatibility(
    a: QuantityInput, b: QuantityInput, compatible: bool
) -> None:
    first, second = quantity_interval(a), quantity_interval(b)
    assert first is not None and second is not None
    assert intervals_meet(first, second) is compatible


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-06-11", (date(2026, 6, 11), date(2026, 6, 11))),
        ("2026-02", (date(2026, 2, 1), date(2026, 2, 28))),
        ("2026", (date(2026, 1, 1), date(2026, 12, 31))),
        ("2026-W24", (date(2026, 6, 8), date(2026, 6, 14))),
        ("PRESENT_REF", None),
        ("2026-13-40", None),
    ],
)
def test_disagreements_date_interval(value: str, expected: tuple[date, date] | None) -> None:
    assert date_interval(value) == expected


@pytest.mark.parametrize(
    ("text", "counts", "expected"),
    [
        ("Seven people were killed in the blast.", "people", "people killed"),
        ("a death toll of nine", "death toll", "people killed"),
        ("Nine people have died.", "people", "people killed"),
        ("23 people were injured", "people", "people injured"),
        ("ambassadors from 40 countries toured", "countries", "countries"),
    ],
)
def test_disagreements_about_count(text: str, counts: str, expected: str) -> None:
    words = {"Seven": 7, "nine": 9, "Nine": 9, "23": 23, "40": 40}
    token = next(w for w in words if w in text)
    start = text.index(token)
    record = QuantityInput(token, start, start + len(token), words[token], None, None, counts)
    assert about_count(record, text) == expected


def _toll(article_id: str, number: int, **extra: object) -> ClaimArticle:
    words = {7: "Seven", 9: "Nine"}[number]
    text = f"{words} people were killed in the collapse."
    return ClaimArticle(
        article_id,
        text,
        outlet=f"Outlet {article_id}",
        published="2026-06-09T08:00:00+00:00",
        story="s",
        numbers=[QuantityInput(f"{words} people", 0, len(words) + 7, number, counts="people")],
        **extra,  # type: ignore[arg-type]
    )


def test_disagreements_counts_across_outlets() -> None:
    (found,) = find_disagreements([_toll("a", 7), _toll("b", 9)])
    assert found.kind == "count" and found.about == "people killed" and found.story == "s"
    assert [(v.article, v.value, v.asserted_by.kind) for v in found.values] == [
        ("a", "7", "outlet"),
        ("b", "9", "outlet"),
    ]


def test_disagreements_copy_never_disagrees() -> None:
    assert find_disagreements([_toll("a", 7), _toll("b", 9, duplicate_of="a")]) == []


def test_disagreements_same_source_is_not_a_disagreement() -> None:
    text = "Seven people were killed. Later the toll rose: nine people were killed."
    numbers = [
        QuantityInput("Seven people", 0, 12, 7, counts="people"),
        QuantityInput(
            "nine people", text.index("nine"), text.index("nine") + 11, 9, counts="people"
        ),
    ]
    assert find_disagreements([ClaimArticle("a", text, story="s", numbers=numbers)]) == []


def test_disagreements_speaker_against_outlet_in_one_article() -> None:
    text = 'Seven people were killed. "Nine people died," Reed said.'
    start = text.index("Nine")
    quote = QuoteInput("Nine people died,", start, start + 17, "direct", "Reed")
    numbers = [
        QuantityInput("Seven people", 0, 12, 7, counts="people"),
        QuantityInput("Nine people", start, start + 11, 9, counts="people"),
    ]
    (found,) = find_disagreements(
        [ClaimArticle("a", text, outlet="Herald", quotes=[quote], numbers=numbers)]
    )
    assert [(v.asserted_by.kind, v.asserted_by.name) for v in found.values] == [
        ("outlet", "Herald"),
        ("speaker", "Reed"),
    ]


def test_disagreements_open_dates_are_not_compared() -> None:
    def article(article_id: str, phrase: str, value: str, mod: str | None) -> ClaimArticle:
        text = f"The new bridge across the harbour will be finished {phrase}."
        start = text.index(phrase)
        time = TimeInput(phrase, start, start + len(phrase), "DATE", value, mod)
        return ClaimArticle(article_id, text, story="s", times=[time])

    found = find_disagreements(
        [article("a", "by 2026", "2026", "BEFORE"), article("b", "in 2029", "2029", None)]
    )
    assert found == []


def test_disagreements_event_dates_normalised_per_article() -> None:
    def article(article_id: str, day: str, value: str) -> ClaimArticle:
        text = f"Ambassadors from many countries toured the town of Meren on {day}."
        start = text.index(day)
        time = TimeInput(day, start, start + len(day), "DATE", value)
        return ClaimArticle(article_id, text, outlet=article_id, story="s", times=[time])

    # "Tuesday" in an article of Wednesday 12 June vs "Wednesday" in one of Thursday 13 June
    same = find_disagreements(
        [article("a", "Tuesday", "2026-06-11"), article("b", "Tuesday", "2026-06-11")]
    )
    assert same == []
    (found,) = find_disagreements(
        [article("a", "Tuesday", "2026-06-11"), article("b", "Wednesday", "2026-06-12")]
    )
    assert found.kind == "date"


def test_disagreements_invented_stories() -> None:
    scores = score_disagreements(find_disagreements(article_records()))
    assert (scores.found, scores.gold, scores.false_flags) == (5, 5, 0)
