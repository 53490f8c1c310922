"""What every scorer shares: precision, recall and F1 from counts, and tallies that add up."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

__all__ = ["Tally", "f1", "percentages", "ratios"]


def f1(p: float, r: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


def ratios(
    tp: float, n_pred: float, n_gold: float, tp_gold: float | None = None
) -> tuple[float, float, float]:
    """Precision, recall and F1 as fractions. ``tp_gold``: the true positives counted on the gold
    side, when matching is not one-to-one (defaults to ``tp``)."""
    p = tp / n_pred if n_pred else 0.0
    r = (tp if tp_gold is None else tp_gold) / n_gold if n_gold else 0.0
    return p, r, f1(p, r)


def percentages(
    tp: float, n_pred: float, n_gold: float, tp_gold: float | None = None
) -> dict[str, float]:
    """``{"p", "r", "f1"}`` in percent, rounded to two decimals."""
    p, r, f = ratios(tp, n_pred, n_gold, tp_gold)
    return {"p": round(100 * p, 2), "r": round(100 * r, 2), "f1": round(100 * f, 2)}


class Tally:
    """A dataclass of counts that adds another of its kind field by field."""

    def add(self, other: Any) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
