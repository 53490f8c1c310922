"""Publication times as the article gives them: datelines and metadata, never invented.

A dateline such as ``3 June 2022 11:00 (UTC+04:00)`` becomes ``2022-06-03T11:00:00+04:00``; a date
without a time stays a date (``2022-06-03``); a time without an offset stays without one.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_TIME = r"(?:,?\s*(?:at\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?)?"
_OFFSET = r"(?:\s*\(?\s*(?:(?P<utc>UTC|GMT|Z)\s*(?:(?P<sign>[+\-−])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?)?)\s*\)?)?"
_DATELINE_PATTERNS = [
    # 3 June 2022 11:00 (UTC+04:00)
    re.compile(
        r"^(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>\d{4})" + _TIME + _OFFSET + r"$", re.I
    ),
    # June 3, 2022 11:00 UTC
    re.compile(
        r"^" + _MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})" + _TIME + _OFFSET + r"$", re.I
    ),
    # 2022-06-03 11:00 +04:00 / 2022-06-03T11:00:00+04:00
    re.compile(
        r"^(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})"
        r"(?:[T\s](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\.\d+)?)?"
        r"\s*(?:(?P<utc>Z|UTC)|(?P<sign>[+\-])(?P<oh>\d{2}):?(?P<om>\d{2}))?$",
        re.I,
    ),
]
# Real UTC offsets run from -12:00 to +14:00; ISO 8601 allows up to 23:59, Python below 24 hours.
MAX_OFFSET_HOURS = 23
_MAX_DATE_CHARS = 100  # a publication time is short; a long string is not one
_WEEKDAY_PREFIX = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.I)


def parse_dateline(line: str) -> str | None:
    """The ISO 8601 publication time a dateline line states, or ``None`` if it is not one."""
    candidate = _WEEKDAY_PREFIX.sub("", line.strip().strip("|").strip())
    if not candidate or len(candidate) > 60:
        return None
    for pattern in _DATELINE_PATTERNS:
        match = pattern.match(candidate)
        if match:
            return _to_iso(match)
    return None


def _to_iso(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    month = MONTHS[parts["month"].lower()] if parts.get("month") else int(parts["mnum"])
    try:
        day = date(int(parts["year"]), month, int(parts["day"]))
    except ValueError:
        return None
    if parts.get("hour") is None:
        return day.isoformat()
    hour, minute = int(parts["hour"]), int(parts["minute"])
    ampm = (parts.get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        moment = datetime.combine(day, time(hour, minute, int(parts.get("second") or 0)))
    except ValueError:
        return None
    if parts.get("utc") or parts.get("sign"):
        hours, minutes = int(parts.get("oh") or 0), int(parts.get("om") or 0)
        if hours > MAX_OFFSET_HOURS or minutes > 59:
            # "UTC+99:00" is no time zone: the moment is unknown, the stated date is not.
            return day.isoformat()
        offset = timedelta(hours=hours, minutes=minutes)
        if parts.get("sign") in ("-", "−"):
            offset = -offset
        moment = moment.replace(tzinfo=timezone(offset))
    # 9999-12-31T23:59-23:59 has no UTC form (past year 9999): keep the date it states.
    return moment.isoformat() if _convertible_to_utc(moment) else day.isoformat()


def _convertible_to_utc(moment: datetime) -> bool:
    """Whether the UTC form exists: 9999-12-31T23:59-23:59 is past year 9999 in UTC."""
    if moment.tzinfo is None:
        return True
    try:
        moment.astimezone(UTC)
    except OverflowError:
        return False
    return True


def normalise_published(value: object) -> str | None:
    """A publication time from metadata (ISO string, dateline text) as ISO 8601, else ``None``.

    What is not a real date (month 13, a non-string) gives ``None``; a real date with an impossible
    time zone (+25:00) or without a UTC form (past year 9999) keeps only its date. Never guessed.
    """
    if not isinstance(value, str) or not value.strip() or len(value) > _MAX_DATE_CHARS:
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return parse_dateline(text)
    if len(text) <= 10:  # a bare date stays a date
        return parsed.date().isoformat()
    return parsed.isoformat() if _convertible_to_utc(parsed) else parsed.date().isoformat()
