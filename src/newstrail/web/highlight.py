"""Article text with its extracted items highlighted by offsets, built from escaped segments.

The text is untrusted: it is cut at every item boundary and each piece is escaped on its own, so
no markup in the article can open or close an element. Only the wrapping ``<span>``/``<a>`` tags,
whose attributes are escaped too, are ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup, escape

# Which item wins the link when items overlap: the most specific first.
_LINK_PRIORITY = {"speaker": 0, "entity": 1, "place": 1, "time": 2, "quote": 3}


@dataclass(slots=True)
class Item:
    start: int
    end: int
    kind: str  # quote, speaker, entity, place, time
    ref: str  # anchor id of the item in the page's side lists
    href: str
    title: str


def path_segment(name: str) -> str:
    """A name as one URL path segment (slashes and all else percent-encoded)."""
    return quote(name, safe="")


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


def items_of(record: dict[str, Any]) -> list[Item]:
    """Every highlightable item of an article record (export shape)."""
    items: list[Item] = []
    for i, q in enumerate(record["quotes"]):
        who = q["speaker"]["name"] or "unresolved speaker"
        items.append(
            Item(
                q["start"],
                q["end"],
                "quote",
                f"quote-{i}",
                f"#quote-{i}",
                f"Quote attributed to {who} ({q['kind']})",
            )
        )
        mention = q["speaker"]["mention"]
        if mention and q["speaker"]["name"]:
            items.append(
                Item(
                    mention["start"],
                    mention["end"],
                    "speaker",
                    f"quote-{i}",
                    entity_href(q["speaker"]["name"]),
                    f"Speaker: {who}",
                )
            )
    for i, e in enumerate(record["entities"]):
        if e["label"] in ("GPE", "LOC", "FAC") and any(
            p["start"] == e["start"] for p in record["places"]
        ):
            continue  # the place item covers it, with coordinates
        items.append(
            Item(
                e["start"],
                e["end"],
                "entity",
                f"entity-{i}",
                entity_href(e["name"]),
                f"{e['label']}: {e['name']}" + (f" — {e['role']}" if e["role"] else ""),
            )
        )
    for i, p in enumerate(record["places"]):
        items.append(
            Item(
                p["start"],
                p["end"],
                "place",
                f"place-{i}",
                place_href(p["name"]),
                f"Place: {p['name']}" + (f" ({p['country']})" if p["country"] else ""),
            )
        )
    for i, t in enumerate(record["times"]):
        items.append(
            Item(
                t["start"],
                t["end"],
                "time",
                f"time-{i}",
                time_href(t),
                f"{t['type']}: {t['value']}",
            )
        )
    return items


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
        link = min(covering, key=lambda it: (_LINK_PRIORITY[it.kind], it.end - it.start))
        refs = " ".join(sorted({it.ref for it in covering}))
        title = " · ".join(dict.fromkeys(it.title for it in covering))
        classes = " ".join(f"hl-{k}" for k in kinds)
        inner = f'<a href="{escape(link.href)}" title="{escape(title)}">{piece}</a>'
        out.append(
            f'<span class="hl {classes}" data-s="{a}" data-e="{b}" '
            f'data-refs="{escape(refs)}">{inner}</span>'
        )
    return Markup("".join(out))
