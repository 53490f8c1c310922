"""What the API and the web pages share: the store dependency, parameter patterns, 404s, URL
path segments. Both route modules import this; neither imports the other."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

import orjson
from fastapi import Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import AfterValidator

from newstrail.store.db import Store

__all__ = [
    "ISO_PERIOD",
    "FastJSONResponse",
    "MAX_OFFSET",
    "Period",
    "StoreDep",
    "found_or_404",
    "get_store",
    "page_body",
    "not_found",
    "path_segment",
    "real_period",
]

T = TypeVar("T")

# An ISO 8601 date, year-month, year, or date and time with an optional offset.
ISO_PERIOD = r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?)?)?$"
# SQLite (and PostgreSQL) take 64-bit offsets; a larger number is a 422, not an OverflowError.
MAX_OFFSET = 2**63 - 1


def real_period(value: str | None) -> str | None:
    """``value`` when it is a real moment, not only ISO-shaped: ``2022-13-45``, ``2022-02-30``
    or ``T99:99+99:99`` raise ``ValueError``, which FastAPI answers with a 422."""
    if value is None:
        return None
    try:
        if len(value) == 4:
            date(int(value), 1, 1)
        elif len(value) == 7:
            date.fromisoformat(value + "-01")
        else:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{value!r} is not a real date or time") from None
    return value


# A page's period parameter (``events_since``, ``events_until``): ISO-shaped and a real moment.
Period = Annotated[str | None, Query(pattern=ISO_PERIOD), AfterValidator(real_period)]


class FastJSONResponse(JSONResponse):
    """A JSON answer serialised by orjson (several times faster than the standard library on
    the long item lists the API answers)."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]


def not_found(what: str) -> HTTPException:
    return HTTPException(status_code=404, detail=what)


def found_or_404(found: T | None, message: str) -> T:
    """``found``, or a 404 answer saying ``message`` when it is ``None``."""
    if found is None:
        raise not_found(message)
    return found


def path_segment(name: str) -> str:
    """A name as one URL path segment (slashes and all else percent-encoded)."""
    return quote(name, safe="")


def page_body(
    request: Request, items: list[Any], total: int, limit: int, offset: int
) -> dict[str, Any]:
    """A page of a list as the API answers it, with the URL of the ``next`` page (None on the
    last)."""
    next_url = None
    if offset + len(items) < total:
        next_url = str(request.url.include_query_params(offset=offset + limit))
    return {"items": items, "total": total, "limit": limit, "offset": offset, "next": next_url}
