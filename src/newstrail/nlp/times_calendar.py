"""Date arithmetic and TIMEX3 values for :mod:`newstrail.nlp.times` (no patterns, no text).

Numbers and names to values, shifts of an anchor date by units, ISO durations, holiday dates,
and the half-open date interval a TIMEX3 value covers.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from newstrail.errors import InputError
from newstrail.nlp import times_words as W

_HOLIDAYS = W.HOLIDAYS


# --------------------------------------------------------------------------------------------
# Value helpers


def _num(word: str) -> float | None:
    w = re.sub(r"\s+", " ", word.lower().strip()).replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", w):
        return float(w)
    m = re.fullmatch(r"(\d+) (\d)/(\d)", w)
    if m:
        return int(m.group(1)) + int(m.group(2)) / int(m.group(3))
    if w in W.NUMBER_WORDS:
        return float(W.NUMBER_WORDS[w])
    parts = re.split(r"[- ]", w)
    if all(p in W.NUMBER_WORDS for p in parts):
        vals = [W.NUMBER_WORDS[p] for p in parts]
        if len(vals) == 2 and vals[1] in (100, 1000):
            return float(vals[0] * vals[1])
        return float(sum(vals))
    return None


def _month_of(word: str) -> int:
    w = word.lower().rstrip(".")
    return W.MONTHS.get(w) or W.MONTH_ABBREVS[w]


def _weekday_of(word: str) -> int:
    w = word.lower().rstrip(".").removesuffix("'s")
    return W.WEEKDAYS.get(w) or W.WEEKDAY_ABBREVS[w]


def _unit_of(word: str) -> str:
    w = word.lower()
    return W.UNIT_PLURALS.get(w, w)


def _y(year: int) -> str:
    return f"{year:04d}"


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _ymd(d: date) -> str:
    return d.isoformat()


def _week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _unresolved(kind: str) -> str:
    return {
        "year": "XXXX",
        "month": "XXXX-XX",
        "week": "XXXX-WXX",
        "day": "XXXX-XX-XX",
        "quarter": "XXXX-QX",
    }[kind]


def _shift(anchor: date, unit: str, n: int) -> str:
    """The anchor moved by n units, at that unit's precision."""
    if unit in ("year",):
        return _y(anchor.year + n)
    if unit == "decade":
        return _y(anchor.year + 10 * n)
    if unit == "century":
        return _y(anchor.year + 100 * n)
    if unit == "month":
        return _ym(*_add_months(anchor.year, anchor.month, n))
    if unit == "quarter":
        y, m = _add_months(anchor.year, anchor.month, 3 * n)
        return f"{y:04d}-Q{(m - 1) // 3 + 1}"
    if unit in ("week", "weekend", "fortnight"):
        return _week(anchor + timedelta(weeks=n * (2 if unit == "fortnight" else 1)))
    if unit in ("day", "night"):
        return _ymd(anchor + timedelta(days=n))
    return _ymd(anchor)  # hours, minutes: the day


_VAGUE_LETTER = {"DE": "E", "CE": "C", "ML": "L"}  # "decades" → PXE, "centuries" → PXC


def _duration(n: float | None, unit: str) -> str:
    letter, clock, mult = W.UNITS[unit]
    prefix = "PT" if clock else "P"
    if n is None:
        return f"{prefix}X{_VAGUE_LETTER.get(letter, letter)}"
    if letter == "DE":
        letter, mult = "Y", 10
    elif letter == "CE":
        letter, mult = "Y", 100
    elif letter == "ML":
        letter, mult = "Y", 1000
    elif letter == "WE":
        letter, mult = "D", 2
    total = n * mult
    if total == int(total):
        return f"{prefix}{int(total)}{letter}"
    whole, frac = int(total), total - int(total)
    sub = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("M", 60)}
    if letter in sub:
        sub_letter, factor = sub[letter]
        if letter == "D":
            return f"P{whole}DT{round(frac * factor)}H" if whole else f"PT{round(frac * 24)}H"
        if letter == "H":
            return f"PT{whole}H{round(frac * factor)}M" if whole else f"PT{round(frac * 60)}M"
        return (
            f"P{whole}{letter}{round(frac * factor)}{sub_letter}"
            if whole
            else (f"P{round(frac * factor)}{sub_letter}")
        )
    return f"{prefix}{total:g}{letter}"


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def _holiday_date(name: str, year: int) -> date:
    spec = _HOLIDAYS[name]
    if isinstance(spec, tuple):
        return date(year, *spec)
    if spec == "thanksgiving":
        return _nth_weekday(year, 11, 4, 4)
    if spec == "election":
        return _nth_weekday(year, 11, 1, 1) + timedelta(days=1)
    if spec == "memorial":
        return _nth_weekday(year, 5, 1, -1)
    return _nth_weekday(year, 9, 1, 1)


def _anchor_date(anchor: str | None) -> date | None:
    """The local calendar date of an ISO 8601 time (its offset is the local one)."""
    if anchor is None or not anchor.strip():
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", anchor)
    if m is None:
        m2 = re.match(r"\s*(\d{4})(\d{2})(\d{2})", anchor)
        if m2 is None:
            raise InputError(
                f"anchor {anchor!r} is not an ISO 8601 date/time; pass e.g. "
                "'2022-06-03T11:00+04:00' or None"
            )
        m = m2
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise InputError(
            f"anchor {anchor!r} is not a valid date ({exc}); fix the metadata"
        ) from exc


def interval(value: str, anchor: date | None = None) -> tuple[str | None, str | None]:
    """Half-open ISO-date interval [start, end) covered by a TIMEX3 date value, else (None, None)."""
    try:
        return _interval(value, anchor)
    except (OverflowError, ValueError):  # beyond year 9999, or not a real date
        return None, None


def _interval(value: str, anchor: date | None) -> tuple[str | None, str | None]:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", value)
    if m:
        d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return _ymd(d), _ymd(d + timedelta(days=1))
    m = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        ny, nm = _add_months(y, mo, 1)
        return f"{y:04d}-{mo:02d}-01", f"{ny:04d}-{nm:02d}-01"
    m = re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value)
    if m:
        monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        if m.group(3):
            return _ymd(monday + timedelta(days=5)), _ymd(monday + timedelta(days=7))
        return _ymd(monday), _ymd(monday + timedelta(days=7))
    m = re.fullmatch(r"(\d{4})-([QH])(\d)", value)
    if m:
        y, size = int(m.group(1)), 3 if m.group(2) == "Q" else 6
        first = (int(m.group(3)) - 1) * size + 1
        ny, nm = _add_months(y, first, size)
        return f"{y:04d}-{first:02d}-01", f"{ny:04d}-{nm:02d}-01"
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
    if m:
        y = int(m.group(1))
        s, e = W.SEASON_MONTHS[m.group(2)]
        ey = y + 1 if e < s else y
        return f"{y:04d}-{s:02d}-01", f"{ey:04d}-{e:02d}-01"
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-01-01", f"{int(value) + 1:04d}-01-01"
    if re.fullmatch(r"\d{3}", value):
        return f"{value}0-01-01", f"{int(value) + 1:03d}0-01-01"
    if re.fullmatch(r"\d{2}", value):
        return f"{value}00-01-01", f"{int(value) + 1:02d}00-01-01"
    if value == "PRESENT_REF" and anchor is not None:
        return _ymd(anchor), _ymd(anchor + timedelta(days=1))
    if value == "PAST_REF" and anchor is not None:
        return None, _ymd(anchor + timedelta(days=1))
    if value == "FUTURE_REF" and anchor is not None:
        return _ymd(anchor), None
    return None, None


def _move(d: date, unit: str, n: int) -> date:
    if unit == "day":
        return d + timedelta(days=n)
    if unit == "week":
        return d + timedelta(weeks=n)
    months = n * (12 if unit == "year" else 1)
    y, m = _add_months(d.year, d.month, months)
    return date(y, m, min(d.day, 28))
