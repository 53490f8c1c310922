"""The ``event_groups`` link kind: the events of one story that are the same happening (same type
and mode, compatible place and time), so a visit reported by five articles counts once
(``event_groups``; see :mod:`newstrail.link.event_groups`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newstrail.models import RecordKind, column_meta, register

__all__ = ["EventGroupRecord"]


@dataclass(slots=True)
class EventGroupRecord:
    """One cross-article event: ``members`` are the events ``{article, start, end}`` (offsets of
    each event's sentence) that report it; ``articles`` counts independent articles (copies of
    one original count once); ``time`` is the most precise normalised value among members."""

    id: str
    story: str = field(metadata=column_meta(index=True))
    type: str = field(metadata=column_meta(index=True))
    mode: str | None = None
    place: str | None = None
    time: str | None = None
    first_published: str | None = None
    members: list[dict[str, Any]] = field(default_factory=list)
    articles: int = 0
    component: str = ""


register(
    RecordKind(
        "event_groups", EventGroupRecord, item="event_group", component="event_groups", scope="link"
    )
)
