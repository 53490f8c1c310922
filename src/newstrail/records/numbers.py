"""The ``numbers`` record kind: quantities with what they count (``newstrail_numbers``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newstrail.models import Extracted, RecordKind, register

__all__ = ["Quantity"]


@dataclass(slots=True)
class Quantity(Extracted):
    """One quantity: ``text`` covers the modifier, the number, its unit and range ("Around 80",
    "more than 50", "6 percent", "between 10 and 20 million"); ``value`` (``high`` for ranges),
    ``unit`` (``percent``, an ISO currency code, a measure; None for a plain count), ``mod``
    (TimeML's APPROX, MORE_THAN, LESS_THAN, EQUAL_OR_MORE, EQUAL_OR_LESS; NEARLY for "nearly" and
    "almost"; RANGE), the noun phrase it ``counts`` with its offsets, and ``about``: what the
    count is of, normalised (killed, injured, displaced, arrested, abducted, missing, casualties,
    participants)."""

    value: float
    unit: str | None = None
    mod: str | None = None
    counts: str | None = None
    counts_start: int | None = None
    counts_end: int | None = None
    high: float | None = None
    about: str | None = None
    component: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "high": self.high,
            "unit": self.unit,
            "mod": self.mod,
            "counts": self.counts,
            "counts_start": self.counts_start,
            "counts_end": self.counts_end,
            "about": self.about,
            "component": self.component,
        }


def _describe(q: dict[str, Any]) -> str:
    what = q.get("counts") or q.get("unit") or ""
    mod = f" ({q['mod']})" if q.get("mod") else ""
    return f"Quantity: {q['value']} {what}{mod}".strip()


register(
    RecordKind(
        "numbers",
        Quantity,
        item="number",
        component="newstrail_numbers",
        depends_on=("model", "newstrail_entities", "newstrail_times"),
        csv=(
            "start",
            "end",
            "text",
            "value",
            "high",
            "unit",
            "mod",
            "counts",
            "about",
            "component",
        ),
        describe=None,  # numbers are shown inside events and claims, not highlighted alone
        order=50,
    )
)
