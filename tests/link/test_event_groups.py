"""Cross-article events: the events of a story that are the same happening group once."""

from __future__ import annotations

from typing import Any

import pytest

from newstrail.link.event_groups import StoryEvent, group_story_events, times_match

RIGA = {
    "role": "destination",
    "text": "Riga",
    "start": 0,
    "end": 4,
    "name": "Riga",
    "identity": "geonames:456172",
}
VILNIUS = {
    "role": "destination",
    "text": "Vilnius",
    "start": 0,
    "end": 7,
    "name": "Vilnius",
    "identity": "geonames:593116",
}


def visit(
    article: str, time: str | None, place: dict[str, Any] | None = RIGA, **kw: Any
) -> StoryEvent:
    return StoryEvent(
        article=article,
        start=kw.pop("start", 10),
        end=kw.pop("end", 60),
        type="CONSULT",
        mode="visit",
        places=[place] if place else [],
        time=time,
        published=kw.pop("published", f"2024-05-0{len(article)}T08:00:00+00:00"),
        **kw,
    )


def test_event_groups_two_outlets_same_visit_count_once() -> None:
    groups = group_story_events("s1", [visit("a", "2024-05-03"), visit("bb", "2024-05-03")])
    assert len(groups) == 1
    group = groups[0]
    assert group.articles == 2
    assert [m["article"] for m in group.members] == ["a", "bb"]
    assert (group.type, group.mode, group.place, group.time) == (
        "CONSULT",
        "visit",
        "Riga",
        "2024-05-03",
    )
    assert group.first_published == "2024-05-01T08:00:00+00:00"
    assert group.story == "s1" and group.component.startswith("event_groups@")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (visit("a", "2024-05-03"), visit("b", "2024-06-03")),  # a month later
        (visit("a", "2024-05-03"), visit("b", "2024-05-03", VILNIUS)),  # elsewhere
        (visit("a", "2024-05-03"), visit("b", "2024-05-03", None)),  # one without a place
        (visit("a", None, None), visit("b", "2024-05-03", None)),  # no place to match the time on
    ],
)
def test_event_groups_different_happenings_stay_apart(
    first: StoryEvent, second: StoryEvent
) -> None:
    groups = group_story_events("s1", [first, second])
    assert len(groups) == 2
    assert [g.articles for g in groups] == [1, 1]


def test_event_groups_other_type_or_mode_stay_apart() -> None:
    other = visit("b", "2024-05-03")
    other.mode = "meeting"
    assert len(group_story_events("s1", [visit("a", "2024-05-03"), other])) == 2


def test_event_groups_copy_counts_once() -> None:
    events = [
        visit("a", "2024-05-03"),
        visit("b", "2024-05-03", original="a"),
        visit("c", "2024-05-03"),
    ]
    (group,) = group_story_events("s1", events)
    assert len(group.members) == 3
    assert group.articles == 2


def test_event_groups_undated_report_joins_on_place_and_most_precise_time_wins() -> None:
    (group,) = group_story_events(
        "s1", [visit("a", None), visit("b", "2024-05"), visit("c", "2024-05-03")]
    )
    assert group.articles == 3
    assert group.time == "2024-05-03"


def test_event_groups_two_events_of_one_article_join_only_when_identical() -> None:
    events = [
        visit("a", "2024-05-03"),
        visit("a", "2024-05", start=100, end=150),  # same article, less precise: another event
        visit("a", "2024-05-03", start=200, end=260),  # same article, identical: the same
    ]
    groups = group_story_events("s1", events)
    assert [len(g.members) for g in groups] == [2, 1]
    assert [g.articles for g in groups] == [1, 1]


def test_event_groups_negated_events_are_left_out() -> None:
    assert group_story_events("s1", [visit("a", "2024-05-03", negated=True)]) == []


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("2024-05-03", "2024-05-03", True),
        ("2024-05", "2024-05-03", True),
        ("2024", "2024-05-03", False),
        ("2024-05-03", "2024-05-04", False),
        (None, None, True),
    ],
)
def test_event_groups_times_match(a: str | None, b: str | None, same: bool) -> None:
    assert times_match(a, b) is same
