"""What the API and the web pages share: the store dependency, parameter patterns, 404s, URL
path segments. Both route modules import this; neither imports the other."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar
from urllib.parse import quote

import orjson
from fastapi import Depends, HTTPException, Request
from fastapi.responses import JSONResponse

from newstrail.store.db import Store

__all__ = [
    "ISO_PERIOD",
    "FastJSONResponse",
    "StoreDep",
    "found_or_404",
    "get_store",
    "not_found",
    "path_segment",
]

T = TypeVar("T")

# An ISO 8601 date, year-month, year, or date and time with an optional offset.
ISO_PERIOD = r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?)?)?$"


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
