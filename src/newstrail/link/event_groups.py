"""Cross-article events (issue 13): within a story, the events that report the same happening
become one ``event_groups`` record, so the map and timeline count a visit once, not once per
article.

Two events are the same happening when they have the same PLOVER ``type`` and ``mode``, a
compatible place (the same resolved place — ``geonames:<id>`` identity, else the place's name —
of the destination, else the location, else the last place of the route; or both without a
place) and a compatible time (the same normalised value, one a month-or-finer prefix of the
other, or one side without a time when the places match). Two events of one article join only
when identical in place and time. Copies (``duplicate_of``) count once in ``articles``. Negated
events are left out (they did not happen, according to the article).

Grouping happens within one story only, events in publication order, so a run costs about the
number of events times the groups of one type in a story (a handful): linear in the store.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from newstrail.link import Linker, register_linker
from newstrail.models import record_kind
from newstrail.records.event_groups import EventGroupRecord
from newstrail.store import Store
from newstrail.store import schema as s

__all__ = [
    "EVENT_GROUPS",
    "StoryEvent",
    "find_event_groups",
    "event_key",
    "group_of_events",
    "group_story_events",
]

VERSION = "1.0.0"
_PLACE_ROLES = ("destination", "location")
_MIN_PREFIX = len("2024-05")  # a year alone is too coarse a window to call two events the same


@dataclass(slots=True)
class StoryEvent:
    """What grouping reads of one stored event."""

    article: str
    start: int
    end: int
    type: str
    mode: str | None = None
    places: list[dict[str, Any]] = field(default_factory=list)
    time: str | None = None  # normalised TIMEX3 value
    published: str | None = None
    original: str | None = None  # the article this one copies (duplicate_of), if any
    negated: bool = False
    trigger: int | None = None  # where its trigger starts: one sentence can tell two events


def _main_place(places: list[dict[str, Any]]) -> dict[str, Any] | None:
    for role in _PLACE_ROLES:
        for place in places:
            if place.get("role") == role:
                return place
    return places[-1] if places else None


def place_key(places: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    """(comparison key, display name) of an event's main place; (None, None) without one."""
    place = _main_place(places)
    if place is None:
        return None, None
    name = place.get("name") or place.get("text") or ""
    key = place.get("identity") or name.strip().casefold() or None
    return key, name or None


def times_match(a: str | None, b: str | None) -> bool:
    """Same normalised value, or one a month-or-finer prefix of the other (2024-05 ~ 2024-05-03)."""
    if a is None or b is None:
        return a == b
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= _MIN_PREFIX and long.startswith(short)


@dataclass(slots=True)
class _Group:
    type: str
    mode: str | None
    place: str | None  # key
    place_name: str | None
    time: str | None
    members: list[StoryEvent] = field(default_factory=list)

    def accepts(self, event: StoryEvent, place: str | None) -> bool:
        if place != self.place:
            return False
        if event.time is None or self.time is None:
            # an undated report joins (or is joined by) a dated one only on a real place match
            if not times_match(event.time, self.time) and place is None:
                return False
        elif not times_match(event.time, self.time):
            return False
        same_article = [m for m in self.members if m.article == event.article]
        return all(m.time == event.time and place_key(m.places)[0] == place for m in same_article)

    def add(self, event: StoryEvent) -> None:
        self.members.append(event)
        if event.time and (self.time is None or len(event.time) > len(self.time)):
            self.time = event.time


def _group_id(story: str, first: StoryEvent) -> str:
    seed = f"{story}|{first.article}|{first.start}|{first.trigger}|{first.type}|{first.mode}"
    return "eg-" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12]


def group_story_events(
    story: str, events: Iterable[StoryEvent], component: str = f"event_groups@{VERSION}"
) -> list[EventGroupRecord]:
    """The cross-article events of one story; ``events`` in publication order."""
    by_kind: dict[tuple[str, str | None], list[_Group]] = defaultdict(list)
    order: list[_Group] = []
    for event in events:
        if event.negated:
            continue
        key, name = place_key(event.places)
        candidates = by_kind[(event.type, event.mode)]
        group = next((g for g in candidates if g.accepts(event, key)), None)
        if group is None:
            group = _Group(event.type, event.mode, key, name, event.time)
            candidates.append(group)
            order.append(group)
        group.add(event)
    records = []
    seen: Counter[str] = Counter()
    for group in order:
        dated = [m.published for m in group.members if m.published]
        independent = {m.original or m.article for m in group.members}
        group_id = _group_id(story, group.members[0])
        seen[group_id] += 1  # same first event (hand-built records without triggers): still unique
        records.append(
            EventGroupRecord(
                id=group_id if seen[group_id] == 1 else f"{group_id}-{seen[group_id]}",
                story=story,
                type=group.type,
                mode=group.mode,
                place=group.place_name,
                time=group.time,
                first_published=min(dated) if dated else None,
                members=[
                    {"article": m.article, "start": m.start, "end": m.end, "trigger": m.trigger}
                    for m in group.members
                ],
                articles=len(independent),
                component=component,
            )
        )
    return records


def _story_events(
    store: Store, stories: Iterable[str] | None = None
) -> dict[str, list[StoryEvent]]:
    """The stored events of the articles of each story (every story, or only ``stories``), in
    the story's article order."""
    from newstrail.link.touched import records_where

    if stories is None:
        story_records = store.link_records(record_kind("stories"))
        original = {
            str(link["article_id"]): link.get("duplicate_of")
            for link in store.link_records(record_kind("article_links"))
        }
    else:
        story_records = records_where(store, "stories", "id", stories)
        original = {
            str(link["article_id"]): link.get("duplicate_of")
            for link in records_where(store, "article_links", "story", stories)
        }
    position: dict[str, tuple[str, int]] = {}
    for story in story_records:
        for i, article_id in enumerate(story.get("articles") or []):
            position.setdefault(str(article_id), (str(story["id"]), i))
    kind = record_kind("events")
    e, a = s.kind_table(kind), s.articles
    found: dict[str, list[tuple[int, int, StoryEvent]]] = defaultdict(list)
    query = select(e, a.c.published).join(a, a.c.id == e.c.article_id)
    wanted = sorted(position) if stories is not None else None
    with store.engine.connect() as conn:
        chunks = (
            [query]
            if wanted is None
            else [
                query.where(e.c.article_id.in_(wanted[i : i + 500]))
                for i in range(0, len(wanted), 500)
            ]
        )
        rows = [row for chunk in chunks for row in conn.execute(chunk)]
    for row in rows:
        r = dict(row._mapping)
        at = position.get(str(r["article_id"]))
        if at is None:
            continue
        event = kind.from_row(r)
        time = event.get("time") or {}
        found[at[0]].append(
            (
                at[1],
                int(event["start"]),
                StoryEvent(
                    article=str(r["article_id"]),
                    start=int(event["start"]),
                    end=int(event["end"]),
                    type=str(event["type"]),
                    mode=event.get("mode"),
                    places=list(event.get("places") or []),
                    time=time.get("value") if isinstance(time, dict) else None,
                    published=r.get("published"),
                    original=original.get(str(r["article_id"])),
                    negated=bool(event.get("negated")),
                    trigger=(event.get("trigger") or {}).get("start"),
                ),
            )
        )
    return {
        story: [ev for _, _, ev in sorted(items, key=lambda t: t[:2])]
        for story, items in found.items()
    }


def find_event_groups(store: Store, scope: Any = None) -> Any:
    """The ``event_groups`` linker, streaming: groups live inside one story, so only the stories
    the new articles joined (and those an earlier linker changed) are grouped again; their old
    groups are replaced, every other story's are left as they are. Without a scope (or a full
    one): every story."""
    from newstrail.link import LinkChanges
    from newstrail.link.touched import touched_stories

    component = f"event_groups@{VERSION}"
    if scope is None or scope.full:
        groups: list[EventGroupRecord] = []
        for story, events in _story_events(store).items():
            groups.extend(group_story_events(story, events, component))
        if scope is None:
            return {"event_groups": groups}
        return LinkChanges(
            upserts={"event_groups": groups}, replace=True, linked=list(scope.articles)
        )
    stories = touched_stories(store, scope.articles, scope.stories)
    groups = []
    for story, events in _story_events(store, stories).items():
        groups.extend(group_story_events(story, events, component))
    return LinkChanges(
        upserts={"event_groups": groups},
        delete_where={"event_groups": {"story": sorted(stories)}} if stories else {},
        linked=list(scope.articles),
    )


def group_of_events(store: Store) -> dict[tuple[str, int, int, int | None], dict[str, Any]]:
    """Each grouped event ``(article, start, end, trigger start)`` → its group's ``{id, articles}``
    (see :func:`event_key`)."""
    found: dict[tuple[str, int, int, int | None], dict[str, Any]] = {}
    for g in store.link_records(record_kind("event_groups")):
        for m in g.get("members") or []:
            key = (str(m["article"]), int(m["start"]), int(m["end"]), m.get("trigger"))
            found[key] = {"id": g["id"], "articles": int(g["articles"])}
    return found


EVENT_GROUPS = register_linker(
    Linker("event_groups", VERSION, find_event_groups, kinds=("event_groups",), streaming=True)
)


def event_key(event: dict[str, Any]) -> tuple[str, int, int, int | None]:
    """How :func:`group_of_events` names a stored event row (with its ``article_id``)."""
    trigger = (event.get("trigger") or {}).get("start")
    return (str(event["article_id"]), int(event["start"]), int(event["end"]), trigger)
