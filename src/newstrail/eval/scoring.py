"""What every scorer shares: precision, recall and F1 from counts, tallies that add up, the
reader of gold-standard JSON-lines files and the plain-text table of a report."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from newstrail.errors import EvaluationError

__all__ = [
    "GoldFile",
    "Tally",
    "f1",
    "in_percent",
    "percentages",
    "ratios",
    "read_jsonl",
    "text_table",
]


def f1(p: float, r: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


def ratios(
    tp: float,
    n_pred: float,
    n_gold: float,
    tp_gold: float | None = None,
    *,
    empty_p: float = 0.0,
    empty_r: float = 0.0,
) -> tuple[float, float, float]:
    """Precision, recall and F1 as fractions. ``tp_gold``: the true positives counted on the gold
    side, when matching is not one-to-one (defaults to ``tp``). ``empty_p`` / ``empty_r``: the
    precision when nothing was predicted, the recall when there was nothing to find (a scorer
    where no false mark is a perfect precision says 1.0)."""
    p = tp / n_pred if n_pred else empty_p
    r = (tp if tp_gold is None else tp_gold) / n_gold if n_gold else empty_r
    return p, r, f1(p, r)


def in_percent(p: float, r: float, f: float) -> dict[str, float]:
    """Precision, recall and F1 fractions as ``{"p", "r", "f1"}`` in percent, two decimals."""
    return {"p": round(100 * p, 2), "r": round(100 * r, 2), "f1": round(100 * f, 2)}


def percentages(
    tp: float, n_pred: float, n_gold: float, tp_gold: float | None = None
) -> dict[str, float]:
    """``{"p", "r", "f1"}`` in percent, rounded to two decimals (arguments as :func:`ratios`)."""
    return in_percent(*ratios(tp, n_pred, n_gold, tp_gold))


class Tally:
    """A dataclass of counts that adds another of its kind field by field."""

    def add(self, other: Any) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass(frozen=True, slots=True)
class GoldFile:
    """A JSON-lines gold format: the ``keys`` every object has, and for the error on a bad file
    ``what`` a line should be, the ``fix`` file to pass and the ``shape`` of one object."""

    keys: tuple[str, ...]
    what: str
    fix: str
    shape: str


def read_jsonl(path: Path, gold: GoldFile, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """The objects of a JSON-lines ``gold`` file (at most ``limit``); a file or a line that is not
    one raises :class:`EvaluationError` saying what it should be and what to pass instead."""
    try:
        lines = Path(path).read_text("utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"cannot read {path}: {exc}; fix: pass {gold.fix}") from exc
    n = 0
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            for key in gold.keys:
                record[key]  # noqa: B018
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise EvaluationError(
                f"{path}:{lineno}: not {gold.what} ({exc}); fix: pass a file with one "
                f"{gold.shape} object per line"
            ) from exc
        yield record
        n += 1
        if limit is not None and n >= limit:
            return


def text_table(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    label: int,
    width: int,
    indent: str = "",
    gap: str = "",
    digits: int = 2,
) -> list[str]:
    """The lines of a plain-text report table: ``header`` and each row start with a label
    ``label`` characters wide, then numbers right-aligned ``width`` wide with ``digits`` decimals
    (``None``: a blank cell), each cell after ``gap``; every line starts with ``indent``."""

    def line(first: str, cells: Iterable[str]) -> str:
        return indent + f"{first:<{label}}" + "".join(gap + cell for cell in cells)

    lines = [line(header[0], (f"{name:>{width}}" for name in header[1:]))]
    for first, *values in rows:
        lines.append(
            line(
                first,
                (f"{'':{width}}" if v is None else f"{v:{width}.{digits}f}" for v in values),
            )
        )
    return lines
