"""Article text with its extracted items highlighted by offsets, built from escaped segments.

The text is untrusted: it is cut at every item boundary and each piece is escaped on its own, so
no markup in the article can open or close an element. Only the wrapping ``<span>``/``<a>`` tags,
whose attributes are escaped too, are ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape

from newstrail.http.deps import path_segment
from newstrail.models import RecordKind, article_kinds

__all__ = ["Item", "entity_href", "highlight", "items_of", "place_href", "time_href"]

# Which item wins the link when items overlap: the most specific first (other kinds: 2).
_LINK_PRIORITY = {
    "speaker": 0,
    "entity": 1,
    "place": 1,
    "time": 2,
    "event": 2,
    "actor": 3,
    "recipient": 3,
    "quote": 4,
}
_PLACE_LABELS = ("GPE", "LOC", "FAC")


@dataclass(slots=True)
class Item:
    start: int
    end: int
    kind: str  # a record kind's item (quote, entity, place, time, ...) or "speaker"
    ref: str  # anchor id of the item in the page's side lists
    href: str
    title: str


def entity_href(name: str) -> str:
    return f"/entity/{path_segment(name)}"


def place_href(name: str) -> str:
    return f"/place/{path_segment(name)}"


def time_href(item: dict[str, Any]) -> str:
    params = {k: item[k] for k in ("interval_start", "interval_end") if item.get(k)}
    if not params:
        return "/timeline"
    return "/timeline?" + urlencode(
        {
            "events_since": params.get("interval_start", ""),
            "events_until": params.get("interval_end", ""),
        }
    )


def _href(kind: RecordKind, item: dict[str, Any], anchor: str) -> str:
    """Where a highlighted item links: its entity/place/timeline page, else its side-list entry."""
    if kind.name in ("entities", "places"):
        return f"/{kind.item}/{path_segment(item['name'])}"
    if kind.name == "times":
        return time_href(item)
    return f"#{anchor}"


def items_of(record: dict[str, Any]) -> list[Item]:
    """Every highlightable item of an article record (export shape): one per item of each
    record kind that has a ``describe``, plus the resolved speaker mention of each quote."""
    items: list[Item] = []
    place_starts = {p["start"] for p in record.get("places", [])}
    for kind in article_kinds():
        if kind.describe is None:
            continue
        for i, it in enumerate(record.get(kind.name, [])):
            if (
                kind.name == "entities"
                and it["label"] in _PLACE_LABELS
                and it["start"] in place_starts
            ):
                continue  # the place item covers it, with coordinates
            anchor = f"{kind.item}-{i}"
            if kind.name == "events":
                items.extend(_event_items(it, anchor, kind.describe(it)))
                continue
            items.append(
                Item(
                    it["start"],
                    it["end"],
                    kind.item,
                    anchor,
                    _href(kind, it, anchor),
                    kind.describe(it),
                )
            )
            speaker = it.get("speaker") if kind.name == "quotes" else None
            if speaker and speaker["mention"] and speaker["name"]:
                items.append(
                    Item(
                        speaker["mention"]["start"],
                        speaker["mention"]["end"],
                        "speaker",
                        anchor,
                        entity_href(speaker["name"]),
                        f"Speaker: {speaker['name']}",
                    )
                )
    return items


def _event_items(event: dict[str, Any], anchor: str, title: str) -> list[Item]:
    """An event is highlighted by its trigger words and its participants (not its whole
    sentence), each linking to the event in the side list."""
    trigger = event["trigger"]
    out = [Item(trigger["start"], trigger["end"], "event", anchor, f"#{anchor}", title)]
    for role in ("actors", "recipients"):
        for p in event.get(role) or []:
            name = p.get("name") or p["text"]
            out.append(
                Item(
                    p["start"],
                    p["end"],
                    role[:-1],  # actor / recipient
                    anchor,
                    f"#{anchor}",
                    f"{role[:-1].capitalize()} of {event['type']}: {name}",
                )
            )
    return out


def highlight(text: str, items: list[Item]) -> Markup:
    """``text`` as HTML with ``items`` wrapped; overlapping items split into covered segments."""
    n = len(text)
    valid = [it for it in items if 0 <= it.start < it.end <= n]
    bounds = sorted({0, n, *(it.start for it in valid), *(it.end for it in valid)})
    starts = {it.start for it in valid}
    out: list[str] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = escape(text[a:b])
        if a in starts:
            for start, end in sorted({(it.start, it.end) for it in valid if it.start == a}):
                out.append(f'<span class="anchor" id="o{start}-{end}"></span>')
        covering = [it for it in valid if it.start <= a and it.end >= b]
        if not covering:
            out.append(str(piece))
            continue
        kinds = sorted({it.kind for it in covering})
        link = min(covering, key=lambda it: (_LINK_PRIORITY.get(it.kind, 2), it.end - it.start))
        refs = " ".join(sorted({it.ref for it in covering}))
        title = " · ".join(dict.fromkeys(it.title for it in covering))
        classes = " ".join(f"hl-{k}" for k in kinds)
        inner = f'<a href="{escape(link.href)}" title="{escape(title)}">{piece}</a>'
        out.append(
            f'<span class="hl {classes}" data-s="{a}" data-e="{b}" '
            f'data-refs="{escape(refs)}">{inner}</span>'
        )
    return Markup("".join(out))
