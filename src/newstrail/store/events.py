"""Read-only event queries for the API, the web UI and the GeoJSON export.

Events (see :mod:`newstrail.records.events`) are selected in SQL by the article filters, their
type and the words of a place or actor name; the exact name match (case-insensitive, on canonical
names or mention text), the event-time range and the story are checked on the decoded records.
Routes: an event's located places in route order (origin → via/stop → destination) become a
GeoJSON ``LineString``; every located event is also a ``Point`` at its destination or location.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, Text, bindparam, cast, or_, select, text

from newstrail.models import record_kind
from newstrail.store import schema as s
from newstrail.store.db import Store
from newstrail.store.filters import _count, item_row
from newstrail.store.queries import Filters, article_conditions

__all__ = [
    "EventQuery",
    "ROUTE_ROLES",
    "event_features",
    "event_interval",
    "events_of_story",
    "list_events",
    "write_events_geojson",
]

ROUTE_ROLES = ("origin", "via", "stop", "destination")
# A story is read from a link record kind when the link stage provides one.
_STORY_KIND = "stories"


@dataclass(slots=True)
class EventQuery:
    """Which events, besides the place and time the filters give (see :func:`list_events`):
    PLOVER ``type``, an ``actor`` taking part (actor or recipient; canonical name or mention
    text, any case), a ``story`` id, and whether negated events are included."""

    type: str | None = None
    actor: str | None = None
    story: str | None = None
    negated: bool = False


def event_interval(value: str | None) -> tuple[str, str] | None:
    """The ISO date interval [start, end) of a TIMEX3 date value ("1993", "2020-05",
    "2020-05-31", "2020-W22"); None when it is not a calendar date."""
    if not value or not value[:4].isdigit():
        return None
    try:
        year = int(value[:4])
        if len(value) == 4:
            return f"{year:04d}-01-01", f"{year + 1:04d}-01-01"
        if len(value) >= 7 and value[5:7].isdigit() and (len(value) < 10 or value[8:10] == ""):
            month = int(value[5:7])
            last = calendar.monthrange(year, month)[1]
            end = date(year, month, last) + timedelta(days=1)
            return f"{year:04d}-{month:02d}-01", end.isoformat()
        if len(value) >= 10 and value[8:10].isdigit():
            day = date.fromisoformat(value[:10])
            return day.isoformat(), (day + timedelta(days=1)).isoformat()
        if value[5:6] == "W" and value[6:8].isdigit():
            monday = date.fromisocalendar(year, int(value[6:8]), 1)
            return monday.isoformat(), (monday + timedelta(days=7)).isoformat()
    except ValueError:
        return None
    return None


def _named(parts: Iterable[dict[str, Any]], wanted: str) -> bool:
    want = wanted.casefold()
    return any(
        want in ((p.get("name") or "").casefold(), (p.get("text") or "").casefold()) for p in parts
    )


def _keep(event: dict[str, Any], f: Filters, q: EventQuery) -> bool:
    if event["negated"] and not q.negated:
        return False
    if f.place and not _named(event["places"], f.place):
        return False
    if q.actor and not _named(event["actors"] + event["recipients"], q.actor):
        return False
    if f.events_since or f.events_until:
        interval = event_interval((event.get("time") or {}).get("value"))
        if interval is None:
            return False
        lo, hi = interval
        if f.events_since and hi <= f.events_since:
            return False
        if f.events_until and lo >= f.events_until:
            return False
    return True


def events_of_story(store: Store, story: str) -> list[str] | None:
    """The article ids of a story, or None when this database has no such story."""
    try:
        kind = record_kind(_STORY_KIND)
    except KeyError:
        return None
    for record in store.link_records(kind):
        if str(record.get("id")) == story:
            ids = record.get("article_ids") or record.get("articles") or []
            return [str(i) for i in ids]
    return None


def _select(store: Store, f: Filters, q: EventQuery, article_ids: list[str] | None) -> Select[Any]:
    e, a = s.kind_table(record_kind("events")), s.articles
    # the place and the period are the event's own (see list_events), not the article's
    cond = article_conditions(store, replace(f, place=None, events_since=None, events_until=None))
    if q.type:
        cond.append(e.c.type == q.type.upper())
    # the name prefilters in SQL (the stored JSON holds it, ASCII-escaped); exact match later
    if f.place and f.place.isascii():
        cond.append(cast(e.c.places, Text).ilike(f"%{f.place}%"))
    if q.actor and q.actor.isascii():
        cond.append(
            or_(
                cast(e.c.actors, Text).ilike(f"%{q.actor}%"),
                cast(e.c.recipients, Text).ilike(f"%{q.actor}%"),
            )
        )
    if article_ids is not None:
        cond.append(e.c.article_id.in_(article_ids))
    return (
        select(e, a.c.title, a.c.published, a.c.outlet, a.c.path)
        .join(a, a.c.id == e.c.article_id)
        .where(*cond)
        .order_by(e.c.time_value.nulls_last(), a.c.published_utc.nulls_last(), e.c.article_id)
        .order_by(e.c.start)
    )


# An exact, case-free name match among an event's parts, in SQLite (json_each over the stored
# list): what _named checks in Python, for names in ASCII (SQLite's lower() folds ASCII only).
_NAMED_SQL = (
    "EXISTS (SELECT 1 FROM json_each({column}) WHERE "
    "lower(json_extract(value, '$.name')) = :{param} "
    "OR lower(json_extract(value, '$.text')) = :{param})"
)


def _named_sql(columns: list[str], param: str, wanted: str) -> ColumnElement[bool]:
    checks = [
        text(_NAMED_SQL.format(column=f"events.{column}", param=param)).bindparams(
            bindparam(param, wanted.lower())
        )
        for column in columns
    ]
    return or_(*checks)


def _all_in_sql(store: Store, f: Filters, q: EventQuery) -> bool:
    """Whether SQL alone can select exactly the events asked for (SQLite, ASCII names, no
    event-time period): then the count and the page come from SQL, not from decoding every
    matching event."""
    return (
        store.engine.dialect.name == "sqlite"
        and not (f.events_since or f.events_until)
        and all(name is None or name.isascii() for name in (f.place, q.actor))
    )


def _iter_events(store: Store, f: Filters, q: EventQuery) -> Iterator[dict[str, Any]]:
    kind = record_kind("events")
    article_ids = events_of_story(store, q.story) if q.story else None
    if q.story and article_ids is None:
        return
    query = _select(store, f, q, article_ids)
    with store.engine.connect() as conn:
        for row in conn.execute(query):
            r = dict(row._mapping)
            event = kind.from_row(r)
            if not _keep(event, f, q):
                continue
            yield item_row(r, event)


def list_events(
    store: Store, f: Filters, q: EventQuery, *, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Events of the matching articles in event-time order (undated last), and how many match.

    On events, ``f.place`` is where the event happened (any role: canonical name or mention text,
    any case) and ``f.events_since`` ≤ event < ``f.events_until`` bounds the event's own time
    (ISO dates; events without a time are left out when a period is given); the other filters
    select the articles as usual."""
    if _all_in_sql(store, f, q):
        article_ids = events_of_story(store, q.story) if q.story else None
        if q.story and article_ids is None:
            return [], 0
        e = s.kind_table(record_kind("events"))
        query = _select(store, f, q, article_ids)
        if not q.negated:
            query = query.where(e.c.negated.is_(False))
        if f.place:
            query = query.where(_named_sql(["places"], "place_name", f.place))
        if q.actor:
            query = query.where(_named_sql(["actors", "recipients"], "actor_name", q.actor))
        kind = record_kind("events")
        total = _count(store, query.order_by(None))  # remembered while the data is unchanged
        with store.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query.limit(limit).offset(offset))]
        return [item_row(r, kind.from_row(r)) for r in rows], int(total)
    rows = list(_iter_events(store, f, q))
    return rows[offset : offset + limit], len(rows)


def _located(places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [p for p in places if p.get("lat") is not None and p.get("lon") is not None]


def event_features(event: dict[str, Any], article: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """GeoJSON features of one event: a Point where it happened or ended, and a LineString of
    its route when two or more route places are located."""
    located = _located(event["places"])
    if not located:
        return
    route = [p for p in located if p["role"] in ROUTE_ROLES]
    where = next(
        (p for p in reversed(route) if p["role"] == "destination"),
        next((p for p in located if p["role"] == "location"), located[-1]),
    )
    properties = {
        "kind": "event",
        "article_id": article["id"],
        "title": article.get("title"),
        "published": article.get("published"),
        "type": event["type"],
        "mode": event["mode"],
        "text": event["text"],
        "start": event["start"],
        "end": event["end"],
        "trigger": event["trigger"],
        "actors": [a.get("name") or a["text"] for a in event["actors"]],
        "recipients": [r.get("name") or r["text"] for r in event["recipients"]],
        "places": [
            {"role": p["role"], "name": p.get("name") or p["text"], "start": p["start"]}
            for p in event["places"]
        ],
        "time": (event.get("time") or {}).get("value"),
        "asserted_by": (event.get("asserted_by") or {}).get("name"),
        "asserted_by_kind": (event.get("asserted_by") or {}).get("kind"),
        "negated": event["negated"],
        "web": f"/article/{article['id']}#o{event['start']}-{event['end']}",
        "component": event["component"],
    }
    yield {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [where["lon"], where["lat"]]},
        "properties": {**properties, "geometry_role": "event", "place": where.get("name")},
    }
    if len(route) >= 2:
        yield {
            "type": "Feature",
            "geometry": {
                "type": "LineString",
                "coordinates": [[p["lon"], p["lat"]] for p in route],
            },
            "properties": {
                **properties,
                "geometry_role": "route",
                "route": [{"role": p["role"], "name": p.get("name") or p["text"]} for p in route],
            },
        }


def features_of_records(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for record in records:
        for event in record.get("events") or []:
            if not event["negated"]:
                yield from event_features(event, record)


def write_events_geojson(records: Iterable[dict[str, Any]], out: Any) -> int:
    """The ``events-geojson`` export: every located event as a Point, every route a LineString."""
    import json

    out.write('{"type": "FeatureCollection", "features": [')
    count, first = 0, True
    for record in records:
        for feature in features_of_records([record]):
            out.write(("\n" if first else ",\n") + json.dumps(feature, ensure_ascii=False))
            first = False
        count += 1
    out.write("\n]}\n")
    return count
