"""The events page: PLOVER events on a map (markers by type, routes as lines in order) and on a
timeline by type, each linking to the sentence that tells it; filters in the URL."""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from newstrail.http.deps import Period
from newstrail.http.web import ViewDep, page
from newstrail.link.event_groups import event_key, group_of_events
from newstrail.nlp.lexicon import lexicon
from newstrail.store.events import EventQuery, event_interval, list_events
from newstrail.store.queries import Filters

__all__ = ["events_page", "router"]

router = APIRouter(include_in_schema=False)
MAX_EVENTS = 1000


@router.get("/events", response_class=HTMLResponse)
def events_page(
    view: ViewDep,
    type: str | None = None,
    place: str | None = None,
    actor: str | None = None,
    events_since: Period = None,
    events_until: Period = None,
    outlet: str | None = None,
    story: str | None = None,
) -> HTMLResponse:
    given = {
        "type": type or None,
        "place": place or None,
        "actor": actor or None,
        "events_since": events_since or None,
        "events_until": events_until or None,
        "outlet": outlet or None,
        "story": story or None,
    }
    f = Filters(
        outlet=given["outlet"],
        place=given["place"],
        events_since=given["events_since"],
        events_until=given["events_until"],
    )
    q = EventQuery(type=given["type"], actor=given["actor"], story=given["story"])
    rows, total = list_events(view.store, f, q, limit=MAX_EVENTS)
    by_type = Counter(r["type"] for r in rows)
    # the link stage's cross-article events: the same visit told by N articles counts once
    group_of = group_of_events(view.store)
    happenings = set()
    for r in rows:
        group = group_of.get(event_key(r))
        r["reports"] = group["articles"] if group else 1
        happenings.add(group["id"] if group else (r["article_id"], r["start"]))
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        interval = event_interval((r.get("time") or {}).get("value"))
        groups.setdefault(interval[0][:4] if interval else "undated", []).append(r)
    params = {k: v for k, v in given.items() if v}
    return page(
        view.request,
        "events.html",
        title="Events",
        rows=rows,
        total=total,
        happenings=len(happenings),
        groups=groups,
        by_type=sorted(by_type.items(), key=lambda kv: -kv[1]),
        types=lexicon("events")["types"],
        filters=given,
        geojson="/api/events.geojson" + ("?" + urlencode(params) if params else ""),
    )
