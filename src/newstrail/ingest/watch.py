"""Polling feeds: ingest what is new, wait, again, until stopped.

Each round is an ordinary ingest of the feeds (entries already stored are skipped by URL before any
page is fetched), with the pipeline loaded once for all rounds. Every article is stored in its own
transaction, so stopping at any moment (Ctrl-C) leaves whole articles only; the next run or round
fetches what was missed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from newstrail.errors import InputError
from newstrail.ingest.batch import IngestReport, ingest

__all__ = ["parse_interval", "watch"]

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$", re.I)
_UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """``15m``, ``90s``, ``2h``, ``1d`` or plain seconds → seconds."""
    match = _INTERVAL.match(text)
    if not match or float(match.group(1)) <= 0:
        raise InputError(f"{text!r} is not an interval: use e.g. 30s, 15m, 2h or 1d")
    return float(match.group(1)) * _UNIT_SECONDS[(match.group(2) or "s").lower()]


def watch(
    feeds: list[str],
    store: Any,
    *,
    every: float,
    extractor: Any,
    rounds: int | None = None,
    max_bytes: int = 5_000_000,
    on_error: Callable[[str], None] = lambda message: None,
    on_round: Callable[[int, IngestReport], None] = lambda number, report: None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Poll ``feeds`` every ``every`` seconds (``rounds`` times, or until interrupted); returns
    how many articles were ingested in all."""
    total = 0
    number = 0
    while rounds is None or number < rounds:
        number += 1
        started = time.monotonic()
        report = ingest(
            feeds, store, extractor=extractor, workers=1, max_bytes=max_bytes, on_error=on_error
        )
        total += report.ingested
        on_round(number, report)
        if rounds is not None and number >= rounds:
            break
        sleep(max(0.0, every - (time.monotonic() - started)))
    return total
