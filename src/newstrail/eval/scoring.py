"""What every scorer shares: precision, recall and F1 from counts, tallies that add up, and the
reader of gold-standard JSON-lines files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

from newstrail.errors import EvaluationError

__all__ = ["Tally", "f1", "percentages", "ratios", "read_jsonl"]


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


def read_jsonl(
    path: Path, keys: tuple[str, ...], *, what: str, fix: str, shape: str, limit: int | None = None
) -> Iterator[dict[str, Any]]:
    """The objects of a JSON-lines gold file (at most ``limit``), each with ``keys``; a file or a
    line that is not one raises :class:`EvaluationError` saying ``what`` it should be: the
    ``fix`` file to pass, one ``shape`` object per line."""
    try:
        lines = Path(path).read_text("utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"cannot read {path}: {exc}; fix: pass {fix}") from exc
    n = 0
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            for key in keys:
                record[key]  # noqa: B018
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise EvaluationError(
                f"{path}:{lineno}: not {what} ({exc}); fix: pass a file with one {shape} object "
                "per line"
            ) from exc
        yield record
        n += 1
        if limit is not None and n >= limit:
            return
