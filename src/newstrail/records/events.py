"""The ``events`` record kind: PLOVER events with participants, route, time, counts and source
(``newstrail_events``; see :mod:`newstrail.nlp.events` for how they are found)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from newstrail.models import Extracted, RecordKind, TextSpan, column_meta, register

__all__ = [
    "Assertion",
    "Event",
    "EventCount",
    "EventMention",
    "EventPlace",
    "EventTime",
    "Participant",
]


@dataclass(slots=True)
class Participant(Extracted):
    """An actor or recipient mention: its text and offsets, and the canonical name the entity
    and coreference components give it (None when unresolved); ``identity`` is the cross-article
    identity when the link stage provides one."""

    name: str | None = None
    identity: str | None = None


@dataclass(slots=True)
class EventPlace:
    """A place of the event: ``role`` location | origin | via | stop | destination (route order
    in the event's list), linked to the resolved place (``identity`` ``geonames:<id>``)."""

    role: str
    text: str
    start: int
    end: int
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    identity: str | None = None


@dataclass(slots=True)
class EventTime:
    """The time expression the event is told with (normalised TIMEX3 ``value``), never the
    publication date by default; ``precision`` year | month | season | week | day | time."""

    text: str
    value: str
    start: int
    end: int
    precision: str | None = None


@dataclass(slots=True)
class EventCount:
    """How many: ``what`` (killed, injured, participants... or the counted noun), ``value``,
    ``mod`` (APPROX, MORE_THAN, ...), the quantity's words and offsets."""

    what: str | None
    value: float
    mod: str | None
    text: str
    start: int
    end: int
    unit: str | None = None
    high: float | None = None


@dataclass(slots=True)
class Assertion:
    """According to whom: ``kind`` ``speaker`` (the quoted or attributed source, ``name`` its
    canonical name, ``text``/``start``/``end`` its mention) or ``outlet`` (the article's own
    narrative: the outlet is the article's)."""

    kind: Literal["speaker", "outlet"]
    name: str | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class EventMention(Extracted):
    """A later sentence referring to the same event ("took part in the visit"), or a stop of a
    journey ("On the way, we will visit ...")."""

    role: str | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None


@dataclass(slots=True)
class Event(Extracted):
    """One event: ``text``/``start``/``end`` is the sentence that tells it, ``trigger`` the words
    that name it, ``type`` PLOVER (plus newstrail's DISASTER and ACCIDENT) and its ``mode``."""

    type: str = field(metadata=column_meta(index=True))
    mode: str | None
    trigger: TextSpan
    actors: list[Participant] = field(default_factory=list)
    recipients: list[Participant] = field(default_factory=list)
    places: list[EventPlace] = field(default_factory=list)
    time: EventTime | None = None
    counts: list[EventCount] = field(default_factory=list)
    asserted_by: Assertion = field(default_factory=lambda: Assertion("outlet"))
    negated: bool = False
    future: bool = False
    mentions: list[EventMention] = field(default_factory=list)
    component: str = ""


def _describe(e: dict[str, Any]) -> str:
    mode = f" ({e['mode']})" if e.get("mode") else ""
    actors = ", ".join(a.get("name") or a["text"] for a in e.get("actors") or [])
    route = " → ".join(p.get("name") or p["text"] for p in e.get("places") or [])
    who = (e.get("asserted_by") or {}).get("name") or "the outlet"
    parts = [f"Event: {e['type']}{mode}"]
    if actors:
        parts.append(f"by {actors}")
    if route:
        parts.append(f"at {route}")
    if e.get("time"):
        parts.append(f"on {e['time']['value']}")
    parts.append(f"according to {who}")
    return " — ".join(parts) + (" [negated]" if e.get("negated") else "")


register(
    RecordKind(
        "events",
        Event,
        item="event",
        component="newstrail_events",
        depends_on=(
            "model",
            "newstrail_entities",
            "newstrail_places",
            "newstrail_times",
            "newstrail_coref",
            "newstrail_quotes",
            "newstrail_numbers",
        ),
        csv=(
            "start",
            "end",
            ("text", "trigger_text"),
            "type",
            "mode",
            ("time", "time_value"),
            ("asserted_by", "asserted_by_name"),
            "negated",
            "component",
        ),
        describe=_describe,
        order=60,
    )
)
