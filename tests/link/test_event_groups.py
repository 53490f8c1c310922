"""Cross-article events: the events of a story that are the same happening group once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newstrail import link
from newstrail.cli.main import cli
from newstrail.http.app import create_app
from newstrail.link.event_groups import StoryEvent, group_story_events, times_match
from newstrail.models import Article, Extraction, TextSpan, record_kind
from newstrail.records.events import Event, EventPlace, EventTime
from newstrail.records.links import ArticleLink, StoryRecord
from newstrail.store import Store

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


# -- through the store, the link stage, the export and the API ----------------------------------


def _stored_visit(text: str, outlet: str, published: str) -> tuple[Article, Extraction]:
    start = text.index("Riga")
    event = Event(
        text, 0, len(text), "CONSULT", "visit", TextSpan("visited", *_at(text, "visited")),
        places=[EventPlace("destination", "Riga", start, start + 4, "Riga", 56.9, 24.1,
                           "geonames:456172")],
        time=EventTime("3 May 2024", "2024-05-03", *_at(text, "3 May 2024"), "day"),
        component="newstrail_events@1.0.0",
    )  # fmt: skip
    article = Article(
        text, title=text[:20], outlet=outlet, path=f"{outlet}.txt", published=published
    )
    return article, Extraction(events=[event], components={})


def _at(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def test_event_groups_stage_export_and_api(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "kb.db"))
    ids = [
        store.add(*_stored_visit(text, outlet, published))[0]
        for text, outlet, published in [
            ("The minister visited Riga on 3 May 2024.", "wire", "2024-05-03T09:00:00+00:00"),
            ("On 3 May 2024 the minister visited Riga, met the mayor.", "daily", "2024-05-04T07:00:00+00:00"),
        ]
    ]  # fmt: skip
    store.replace_links(
        record_kind("stories"),
        [StoryRecord("st1", "Visit", ids, "2024-05-03T09:00:00+00:00", ["wire", "daily"], 2)],
        "stories@1.0.0",
    )
    store.replace_links(
        record_kind("article_links"), [ArticleLink(i, "st1") for i in ids], "stories@1.0.0"
    )
    report = link.run_links(store, names=["event_groups"])
    assert report.records == {"event_groups: event_groups": 1}

    out = tmp_path / "groups.jsonl"
    result = CliRunner().invoke(
        cli, ["export", "--db", str(tmp_path / "kb.db"), "--format", "event-groups", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    (group,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert group["articles"] == 2 and group["story"] == "st1" and group["place"] == "Riga"
    assert [m["article"] for m in group["members"]] == ids

    client = TestClient(create_app(store))
    page = client.get("/api/event-groups", params={"story": "st1", "type": "consult"}).json()
    assert page["total"] == 1 and page["items"][0]["id"] == group["id"]
    assert client.get("/api/event-groups", params={"story": "nope"}).json()["total"] == 0
    assert client.get("/api/event-groups", params={"limit": 0}).status_code == 422
    web = client.get("/events", params={"story": "st1"}).text
    assert "2 reports of this event" in web and "1 distinct across articles" in web
    located = client.get("/api/events.geojson", params={"story": "st1"}).json()["features"]
    assert len(located) == 2  # one feature per report, each naming its cross-article event
    assert {f["properties"]["group"] for f in located} == {group["id"]}
    assert {f["properties"]["reports"] for f in located} == {2}
