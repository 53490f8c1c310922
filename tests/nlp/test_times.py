"""newstrail_times: TIMEX3 finding and normalisation on small hand-written texts."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.language import Language

from newstrail.errors import InputError
from newstrail.models import TimeExpr
from newstrail.nlp import component_id
from newstrail.nlp.times import NAME, VERSION, find_times, interval
from tests.conftest import loads_model

ANCHOR = "2022-06-03T11:00+04:00"  # a Friday


@pytest.fixture(scope="module")
@loads_model
def times_nlp() -> Language:
    """The English backbone with only this component (independent of the other components)."""
    from newstrail.nlp.backbone import load_backbone

    nlp = load_backbone(disable=["ner"])
    nlp.add_pipe(NAME)
    return nlp


def _run(nlp: Language, text: str, published: str | None) -> list[TimeExpr]:
    doc = nlp.make_doc(text)
    doc._.published = published
    return list(nlp(doc)._.times)


def _one(text: str, anchor: str | None = ANCHOR) -> TimeExpr:
    found = find_times(text, anchor)
    assert len(found) == 1, [(t.text, t.value) for t in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "type_", "value", "mod"),
    [
        ("They visited on May 31, 2020.", "May 31, 2020", "DATE", "2020-05-31", None),
        ("It was founded in 1993 by them.", "1993", "DATE", "1993", None),
        ("Talks resumed in June.", "June", "DATE", "2022-06", None),
        ("Prices soared in the 1990s.", "the 1990s", "DATE", "199", None),
        ("Prices soared in the late 1980s.", "the late 1980s", "DATE", "198", "END"),
        (
            "The town was under blockade for nearly a year.",
            "nearly a year",
            "DURATION",
            "P1Y",
            "LESS_THAN",
        ),
        ("The festival is held every year in spring.", "every year", "SET", "P1Y", None),
        ("The bridge was recently opened.", "recently", "DATE", "PAST_REF", None),
        ("Prices are rising now, he said.", "now", "DATE", "PRESENT_REF", None),
        ("Prices rose last year.", "last year", "DATE", "2021", None),
        ("Prices rose yesterday.", "yesterday", "DATE", "2022-06-02", None),
        ("Two weeks ago the talks stalled.", "Two weeks ago", "DATE", "2022-W20", None),
        ("The deal was signed this month.", "this month", "DATE", "2022-06", None),
        ("Profit rose in the first quarter.", "the first quarter", "DATE", "2022-Q1", None),
        (
            "Profit fell in the third quarter of 2019.",
            "the third quarter of 2019",
            "DATE",
            "2019-Q3",
            None,
        ),
        ("The offensive began last fall.", "last fall", "DATE", "2021-FA", None),
        ("He resigned on Tuesday.", "Tuesday", "DATE", "2022-05-31", None),
        ("He will resign on Tuesday.", "Tuesday", "DATE", "2022-06-07", None),
        (
            "The meeting ended at 10:30 a.m. today.",
            "10:30 a.m. today",
            "TIME",
            "2022-06-03T10:30",
            None,
        ),
        ("The talks lasted three days.", "three days", "DURATION", "P3D", None),
        ("They left 30-day visas behind.", "30-day", "DURATION", "P30D", None),
        ("Crowds gathered on Christmas Eve.", "Christmas Eve", "DATE", "2021-12-24", None),
        ("A blast shook the city this morning.", "this morning", "TIME", "2022-06-03TMO", None),
        ("Shares fell 5% from a year earlier to $3.", "a year earlier", "DATE", "2021", None),
        ("The paper is published daily.", "daily", "SET", "P1D", None),
        ("It happened in early 2010.", "early 2010", "DATE", "2010", "START"),
        ("More than 40 years of war.", "More than 40 years", "DURATION", "P40Y", "MORE_THAN"),
        ("3 June 2022 11:00 (UTC+04:00)", "3 June 2022 11:00", "TIME", "2022-06-03T11:00", None),
        ("They met at 14:30 GMT.", "14:30 GMT", "TIME", "2022-06-03T14:30", None),
        ("Profit rose in Q3 2021.", "Q3 2021", "DATE", "2021-Q3", None),
        ("Its post-1959 politics split families.", "post-1959", "DATE", "1959", "AFTER"),
        ("Their fourth-quarter results were weak.", "fourth-quarter", "DATE", "2021-Q4", None),
        ("Monday's meeting was cancelled.", "Monday", "DATE", "2022-05-30", None),
        (
            "By mid afternoon, the shelling stopped.",
            "mid afternoon",
            "TIME",
            "2022-06-03TAF",
            "MID",
        ),
        (
            "It posted a loss for the third quarter of $2 million.",
            "the third quarter",
            "DATE",
            "2021-Q3",
            None,
        ),
        ("He resigned in March for health reasons.", "March", "DATE", "2022-03", None),
        (
            "He will leave at 4 in the morning.",
            "4 in the morning",
            "TIME",
            "2022-06-03T04:00",
            None,
        ),
        ("After a decades-long battle, peace.", "decades-long", "DURATION", "PXE", None),
        ("Prices will rise in the coming years.", "the coming years", "DURATION", "PXY", None),
        ("The plane left a week ago.", "a week ago", "DATE", "2022-W21", None),
        ("The ruling is expected early next week.", "early next week", "DATE", "2022-W23", "START"),
    ],
)
def test_times_normalises(text: str, span: str, type_: str, value: str, mod: str | None) -> None:
    t = _one(text)
    assert (t.text, t.type, t.value, t.mod) == (span, type_, value, mod)
    assert text[t.start : t.end] == t.text
    assert t.component == component_id(NAME, VERSION)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Prices rose yesterday.", "XXXX-XX-XX"),
        ("Prices rose last year.", "XXXX"),
        ("He resigned on Tuesday.", "XXXX-WXX-2"),
        ("Talks resumed in June.", "XXXX-06"),
        ("They visited on May 31.", "XXXX-05-31"),
        ("The bridge was recently opened.", "PAST_REF"),
        ("It was founded in 1993.", "1993"),
        ("Crowds gathered on Christmas Eve.", "XXXX-12-24"),
        ("Two weeks ago the talks stalled.", "XXXX-WXX"),
        ("Profit rose in the third quarter.", "XXXX-Q3"),
    ],
)
def test_times_without_anchor_never_invents_a_date(text: str, value: str) -> None:
    t = _one(text, None)
    assert t.value == value
    if "X" in value:
        assert t.interval_start is None and t.interval_end is None


@pytest.mark.parametrize(
    "text",
    [
        "It led to the adoption of UN Security Council Resolution 822.",
        "Around 80 diplomats from more than 50 countries took part.",
        "He may visit the region, officials said.",
        "Some 1500 troops and 2000 people were evacuated.",
        "The march to the capital was peaceful.",
        "A 52-year-old man, 37 years old, was arrested.",
        "The company cut its quarterly dividend.",
        "Iraq imports about three-quarters of its food.",
        "The plane flew 300 miles a day.",
        "He was soon released, and the cash soon became a flood.",
        "They left as soon as they could.",
    ],
)
def test_times_ignores_numbers_and_homonyms(text: str) -> None:
    assert find_times(text, ANCHOR) == []


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [
        ("2020-05-31", "2020-05-31", "2020-06-01"),
        ("1993", "1993-01-01", "1994-01-01"),
        ("2022-06", "2022-06-01", "2022-07-01"),
        ("2022-12", "2022-12-01", "2023-01-01"),
        ("2022-Q4", "2022-10-01", "2023-01-01"),
        ("2022-W22", "2022-05-30", "2022-06-06"),
        ("199", "1990-01-01", "2000-01-01"),
        ("2021-WI", "2021-12-01", "2022-03-01"),
        ("P1Y", None, None),
        ("9999-12-31", None, None),
    ],
)
def test_times_interval(value: str, start: str | None, end: str | None) -> None:
    assert interval(value) == (start, end)


def test_times_relative_uses_local_date_of_anchor() -> None:
    # 23:30 UTC-05:00 on 3 June is 4 June in UTC; "today" is the local 3 June.
    assert _one("It rained today.", "2022-06-03T23:30-05:00").value == "2022-06-03"


@pytest.mark.parametrize("anchor", ["0001-01-01", "9999-12-31"])
def test_times_extreme_anchors_do_not_crash(anchor: str) -> None:
    text = "Last Friday, a year ago, tomorrow at noon and next week, after 2020-01-01."
    assert all(text[t.start : t.end] == t.text for t in find_times(text, anchor))


def test_times_rejects_bad_anchor() -> None:
    with pytest.raises(InputError, match="ISO 8601"):
        find_times("today", "next Tuesday")


def test_times_offsets_are_exact() -> None:
    text = "On Monday, Oct. 2, 1989, and again in mid-1990, the firm — for two years — grew."
    found = find_times(text, "1989-10-05")
    assert [t.text for t in found] == ["Monday, Oct. 2, 1989", "mid-1990", "two years"]
    assert all(text[t.start : t.end] == t.text for t in found)
    assert found[1].mod == "MID"


def test_times_year_ranges_give_both_years() -> None:
    found = find_times("During the war of 1992-1994 the town was shelled.", ANCHOR)
    assert [(t.text, t.value) for t in found] == [("1992", "1992"), ("1994", "1994")]


@pytest.mark.parametrize(
    ("text", "span", "start", "end"),
    [
        ("The summit is on 21-22 June in Brussels.", "21-22 June", "2022-06-21", "2022-06-23"),
        ("The fair ran March 1 to 3, 2020.", "March 1 to 3, 2020", "2020-03-01", "2020-03-04"),
    ],
)
def test_times_day_ranges(text: str, span: str, start: str, end: str) -> None:
    t = _one(text)
    assert (t.text, t.interval_start, t.interval_end) == (span, start, end)


@pytest.mark.parametrize(
    ("text", "span", "start", "end"),
    [
        ("It began a year before 1993.", "a year", "1992-01-01", "1993-01-01"),
        ("They met two days after May 5, 2020.", "two days", "2020-05-06", "2020-05-08"),
        # an event anchor cannot be placed: the duration stays without an interval
        ("Under blockade for nearly a year before the occupation.", "nearly a year", None, None),
    ],
)
def test_times_anchored_durations(text: str, span: str, start: str | None, end: str | None) -> None:
    t = find_times(text, ANCHOR)[0]
    assert (t.text, t.type, t.interval_start, t.interval_end) == (span, "DURATION", start, end)


def test_times_year_ended() -> None:
    found = find_times("Revenue for the year ended March 31 fell.", ANCHOR)
    assert [(t.text, t.value) for t in found] == [("the year", "P1Y"), ("March 31", "2022-03-31")]


def test_times_quarter_ended() -> None:
    found = find_times("The quarter ended Sept. 30 was weak.", ANCHOR)
    assert [(t.text, t.value) for t in found] == [
        ("The quarter", "2021-Q3"),
        ("Sept. 30", "2021-09-30"),
    ]


def test_times_quarter_follows_the_story() -> None:
    text = "Profit rose in the third quarter. A year earlier, it earned $2 million a share."
    found = find_times(text, "1989-10-26")
    assert [t.value for t in found] == ["1989-Q3", "1988-Q3"]


def test_times_component_writes_doc_extension() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe(NAME)
    doc = nlp.make_doc("The offices closed yesterday.")
    doc._.published = ANCHOR
    doc = nlp(doc)
    assert [(t.text, t.value) for t in doc._.times] == [("yesterday", "2022-06-02")]


def test_times_seed_000(times_nlp: Language, seed_text: Any) -> None:
    text = seed_text("000")
    times = _run(times_nlp, text, None)
    by_text = {t.text: t for t in times}
    assert by_text["1993"].value == "1993"
    assert by_text["nearly a year"].type == "DURATION"
    assert (by_text["nearly a year"].value, by_text["nearly a year"].mod) == ("P1Y", "LESS_THAN")
    assert by_text["recently"].value == "PAST_REF"
    assert "822" not in by_text
    assert all(text[t.start : t.end] == t.text for t in times)
    assert not any(t.value[:1].isdigit() and len(t.value) > 4 for t in times)  # nothing invented
    assert [(t.text, t.type, t.value) for t in times] == [
        ("many years", "DURATION", "PXY"),
        ("recently", "DATE", "PAST_REF"),
        ("1993", "DATE", "1993"),
        ("nearly a year", "DURATION", "P1Y"),
    ]


def test_times_seed_002(times_nlp: Language, seed_text: Any) -> None:
    text = seed_text("002")
    times = _run(times_nlp, text, ANCHOR)
    by_text = {t.text: t for t in times}
    assert by_text["May 31, 2020"].value == "2020-05-31"
    assert by_text["1992"].value == "1992"
    assert not any(t.text in ("80", "50", "10") for t in times)
    assert all(text[t.start : t.end] == t.text for t in times)
    body = [(t.text, t.type, t.value) for t in times if t.start > text.index("\n")]
    assert body == [
        ("May 31, 2020", "DATE", "2020-05-31"),
        ("the future", "DATE", "FUTURE_REF"),
        ("1992", "DATE", "1992"),
        ("soon", "DATE", "FUTURE_REF"),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The minister met his counterpart on Tuesday.", "2022-05-31"),
        ("The minister will meet his counterpart on Tuesday.", "2022-06-07"),
        ("The minister said he would meet his counterpart on Tuesday.", "2022-06-07"),
    ],
)
def test_times_tense_from_parse(times_nlp: Language, text: str, value: str) -> None:
    assert [(t.text, t.value) for t in _run(times_nlp, text, ANCHOR)] == [("Tuesday", value)]


def test_times_word_inside_a_name_is_not_a_time(extractor) -> None:  # type: ignore[no-untyped-def]
    from newstrail.models import Article

    text = "Peter Kamau told Lakeside Daily on Monday that the harvest was lost."
    times = extractor.extract(Article(text=text, published="2023-08-16T11:45:00+03:00")).times
    assert [(t.text, t.value) for t in times] == [("Monday", "2023-08-14")]
