"""The JSON/CSV API under ``/api``: read-only, paginated, filterable lists and single items.

Every list takes the same article filters in the query string and answers JSON
(``{"items", "total", "limit", "offset", "next"}``) or CSV (``?format=csv`` or the ``.csv``
route) with the same filters. Every item carries ``links`` to its article and, for extracted
items, the exact offsets (``/article/<id>#o<start>-<end>`` in the web UI).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from newstrail.http.deps import ISO_PERIOD, StoreDep, not_found, path_segment
from newstrail.link import compare as link_compare
from newstrail.models import RecordKind, flatten, record_kind
from newstrail.store import queries as Q

__all__ = [
    "ARTICLE_COLUMNS",
    "ENTITY_COLUMNS",
    "ERROR_RESPONSES",
    "ErrorBody",
    "ErrorInfo",
    "FiltersDep",
    "Format",
    "Limit",
    "MAX_LIMIT",
    "MENTION_COLUMNS",
    "Offset",
    "PLACE_COLUMNS",
    "QUOTE_COLUMNS",
    "TIME_COLUMNS",
    "article",
    "article_filters",
    "article_links",
    "articles",
    "compare",
    "entities",
    "entity",
    "entity_mentions",
    "facets",
    "item_links",
    "kind_columns",
    "listing",
    "place",
    "place_mentions",
    "places",
    "quotes",
    "router",
    "search",
    "stats",
    "times",
]


class ErrorInfo(BaseModel):
    status: int
    type: str = Field(
        description="not_found, validation_error, method_not_allowed, http_error or internal_error"
    )
    message: str
    path: str
    detail: list[dict[str, Any]] | None = Field(
        None, description="For validation errors: each bad parameter (loc, message, type)."
    )


class ErrorBody(BaseModel):
    """The one shape of every error answered by the API."""

    error: ErrorInfo


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "Not found"},
    422: {"model": ErrorBody, "description": "Invalid parameters"},
    500: {"model": ErrorBody, "description": "Internal error"},
}

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)

MAX_LIMIT = 10_000


def article_filters(
    outlet: Annotated[str | None, Query(description="Outlet name, exactly.")] = None,
    since: Annotated[
        str | None, Query(pattern=ISO_PERIOD, description="Published on/after (ISO date).")
    ] = None,
    until: Annotated[
        str | None, Query(pattern=ISO_PERIOD, description="Published before (ISO date).")
    ] = None,
    year: Annotated[int | None, Query(ge=1, le=9999, description="Published in this year.")] = None,
    events_since: Annotated[
        str | None,
        Query(pattern=ISO_PERIOD, description="Mentions an event time ending after this."),
    ] = None,
    events_until: Annotated[
        str | None,
        Query(pattern=ISO_PERIOD, description="Mentions an event time starting before this."),
    ] = None,
    speaker: Annotated[str | None, Query(description="Canonical speaker name.")] = None,
    entity: Annotated[
        str | None, Query(description="Mentions this entity (canonical name).")
    ] = None,
    place: Annotated[str | None, Query(description="Mentions this place (canonical name).")] = None,
    text: Annotated[str | None, Query(description="Words in the article title or text.")] = None,
    article: Annotated[str | None, Query(description="Article id (or unique prefix).")] = None,
) -> Q.Filters:
    return Q.Filters(
        outlet=outlet,
        since=since,
        until=until,
        year=year,
        events_since=events_since,
        events_until=events_until,
        speaker=speaker,
        entity=entity,
        place=place,
        text=text,
        article=article,
    )


FiltersDep = Annotated[Q.Filters, Depends(article_filters)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]
Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv.")]


# -- links and rendering ----------------------------------------------------------------------


def article_links(article_id: str) -> dict[str, str]:
    return {"article": f"/api/articles/{article_id}", "web": f"/article/{article_id}"}


def item_links(article_id: str, start: int, end: int) -> dict[str, str]:
    return {
        "article": f"/api/articles/{article_id}",
        "web": f"/article/{article_id}#o{start}-{end}",
    }


def listing(
    request: Request,
    items: list[dict[str, Any]],
    total: int,
    limit: int,
    offset: int,
    fmt: str,
    columns: list[str],
) -> Response:
    """A page of items as JSON or CSV (CSV when ``fmt`` is csv or the path ends in .csv)."""
    if fmt == "csv" or request.url.path.endswith(".csv"):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(flatten(item) for item in items)
        name = request.url.path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".csv") or "items"
        return Response(
            buffer.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{name}.csv"',
                "X-Total-Count": str(total),
            },
        )
    next_url = None
    if offset + len(items) < total:
        next_url = str(request.url.include_query_params(offset=offset + limit))
    return JSONResponse(
        {"items": items, "total": total, "limit": limit, "offset": offset, "next": next_url}
    )


ARTICLE_COLUMNS = [*Q.ARTICLE_COLUMNS, "snippet", "links_article", "links_web"]
_ROW_TAIL = ["published", "outlet", "title", "component", "links_article", "links_web"]


def kind_columns(*kinds: RecordKind) -> list[str]:
    """API CSV columns of item rows of ``kinds``: ids, every field (flattened) of each, article."""
    cells = dict.fromkeys(["id", "article_id", "start", "end", "text"])
    for kind in kinds:
        cells.update(dict.fromkeys(c.export for c in kind.columns))
    for name in _ROW_TAIL:
        cells.pop(name, None)
    return [*cells, *_ROW_TAIL]


QUOTE_COLUMNS = kind_columns(record_kind("quotes"))
ENTITY_COLUMNS = [
    "name",
    "label",
    "mentions",
    "articles",
    "quotes",
    "roles",
    "links_self",
    "links_mentions",
    "links_quotes",
    "links_web",
]
PLACE_COLUMNS = [
    "name",
    "country",
    "lat",
    "lon",
    "geonameid",
    "feature",
    "mentions",
    "articles",
    "links_self",
    "links_mentions",
    "links_web",
]
MENTION_COLUMNS = kind_columns(record_kind("entities"), record_kind("places"))
TIME_COLUMNS = kind_columns(record_kind("times"))


def _article_item(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "links": article_links(row["id"])}


def _span_item(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "links": item_links(row["article_id"], row["start"], row["end"])}


def _entity_item(row: dict[str, Any]) -> dict[str, Any]:
    seg = path_segment(row["name"])
    return {
        **row,
        "links": {
            "self": f"/api/entities/{seg}",
            "mentions": f"/api/entities/{seg}/mentions",
            "quotes": str(f"/api/quotes?speaker={seg}"),
            "web": f"/entity/{seg}",
        },
    }


def _place_item(row: dict[str, Any]) -> dict[str, Any]:
    seg = path_segment(row["name"])
    return {
        **row,
        "links": {
            "self": f"/api/places/{seg}",
            "mentions": f"/api/places/{seg}/mentions",
            "web": f"/place/{seg}",
        },
    }


# -- routes -----------------------------------------------------------------------------------


@router.get("/stats", summary="Counts of articles and extracted items")
def stats(store: StoreDep) -> dict[str, int]:
    return store.counts()


@router.get("/articles", summary="Articles, newest first")
@router.get("/articles.csv", include_in_schema=False)
def articles(
    request: Request,
    store: StoreDep,
    f: FiltersDep,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = "json",
) -> Response:
    rows, total = Q.list_articles(store, f, limit=limit, offset=offset)
    return listing(
        request, [_article_item(r) for r in rows], total, limit, offset, format, ARTICLE_COLUMNS
    )


@router.get("/articles/{article_id}", summary="One article: text and every item with offsets")
def article(article_id: str, store: StoreDep) -> dict[str, Any]:
    record = store.get_article(article_id)
    if record is None:
        raise not_found(f"No single article with id {article_id!r}.")
    for key in ("quotes", "entities", "places", "times"):
        for item in record[key]:
            item["links"] = item_links(record["id"], item["start"], item["end"])
    record["links"] = article_links(record["id"])
    return record


@router.get("/search", summary="Full-text search with snippets and facets")
@router.get("/search.csv", include_in_schema=False)
def search(
    request: Request,
    store: StoreDep,
    f: FiltersDep,
    q: Annotated[str | None, Query(description="Words to search for.")] = None,
    limit: Limit = 20,
    offset: Offset = 0,
    format: Format = "json",
    facets: Annotated[bool, Query(description="Include facet counts.")] = True,
) -> Response:
    if q:
        f.text = " ".join(filter(None, [f.text, q]))
    rows, total = Q.search(store, f, limit=limit, offset=offset)
    items = []
    for row in rows:
        parts = Q.snippet_parts(row.pop("snippet") or "")
        plain, highlights, pos = "", [], 0
        for piece, hit in parts:
            if hit:
                highlights.append([pos, pos + len(piece)])
            plain += piece
            pos += len(piece)
        items.append({**_article_item(row), "snippet": plain, "highlights": highlights})
    response = listing(request, items, total, limit, offset, format, ARTICLE_COLUMNS)
    if isinstance(response, JSONResponse) and facets:
        body = json.loads(bytes(response.body))
        body["facets"] = Q.facets(store, f)
        return JSONResponse(body)
    return response


@router.get(
    "/facets", summary="Counts of outlets, speakers, places and years over matching articles"
)
def facets(store: StoreDep, f: FiltersDep) -> dict[str, list[dict[str, Any]]]:
    return Q.facets(store, f)


@router.get("/quotes", summary="Quotes with speaker, cue and offsets")
@router.get("/quotes.csv", include_in_schema=False)
def quotes(
    request: Request,
    store: StoreDep,
    f: FiltersDep,
    q: Annotated[str | None, Query(description="Words in the quote itself.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = "json",
) -> Response:
    rows, total = Q.list_quotes(store, f, text_in_quote=q, limit=limit, offset=offset)
    return listing(
        request, [_span_item(r) for r in rows], total, limit, offset, format, QUOTE_COLUMNS
    )


@router.get("/entities", summary="People, organisations and other entities, by canonical name")
@router.get("/entities.csv", include_in_schema=False)
def entities(
    request: Request,
    store: StoreDep,
    f: FiltersDep,
    label: Annotated[str | None, Query(description="PERSON, ORG, NORP, GPE, ...")] = None,
    q: Annotated[str | None, Query(description="Part of the name.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = "json",
) -> Response:
    rows, total = Q.list_entities(store, f, label=label, name_like=q, limit=limit, offset=offset)
    return listing(
        request, [_entity_item(r) for r in rows], total, limit, offset, format, ENTITY_COLUMNS
    )


@router.get("/entities/{name:path}/mentions", summary="Every mention of an entity, with offsets")
@router.get("/entities/{name:path}/mentions.csv", include_in_schema=False)
def entity_mentions(
    request: Request,
    name: str,
    store: StoreDep,
    f: FiltersDep,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = "json",
) -> Response:
    rows, total = Q.list_mentions(store, "entities", f, name=name, limit=limit, offset=offset)
    return listing(
        request, [_span_item(r) for r in rows], total, limit, offset, format, MENTION_COLUMNS
    )


@router.get("/entities/{name:path}", summary="One entity: roles, counts, who quotes it, timeline")
def entity(name: str, store: StoreDep) -> dict[str, Any]:
    found = Q.get_entity(store, name)
    if found is None:
        raise not_found(f"No entity named {name!r}.")
    quotes_, _ = Q.list_quotes(store, Q.Filters(speaker=found["name"]), limit=200)
    timeline = Q.entity_timeline(store, found["name"])
    for point in timeline:
        point["links"] = item_links(point["article_id"], point["offset_start"], point["offset_end"])
    return {
        **_entity_item(found),
        "quotes_list": [_span_item(q) for q in quotes_],
        "timeline": timeline,
    }


@router.get("/places", summary="Places by canonical name, with coordinates and mention counts")
@router.get("/places.csv", include_in_schema=False)
def places(
    request: Request,
    store: StoreDep,
    f: FiltersDep,
    q: Annotated[str | None, Query(description="Part of the name.")] = None,
    country: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    located: Annotated[bool, Query(description="Only places with coordinates.")] = False,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = "json",
) -> Response:
    rows, total = Q.list_places(
        store, f, name_like=q, country=country, located=located, limit=limit, offset=offset
    )
    return listing(
        request, [_place_item(r) for r in rows], total, limit, offset, format, PLACE_COLUMNS
    )


@router.get("/places/{name:path}/mentions", summary="Every mention of a place, with offsets")
@router.get("/places/{name:path}/mentions.csv", include_in_schema=False)
def place_mentions(
    request: Request,
    name: str,
    store: StoreDep,
    f: FiltersDep,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Format = "json",
) -> Response:
    rows, total = Q.list_mentions(store, "places", f, name=name, limit=limit, offset=offset)
    return listing(
        request, [_span_item(r) for r in rows], total, limit, offset, format, MENTION_COLUMNS
    )


@router.get("/places/{name:path}", summary="One place with its counts")
def place(name: str, store: StoreDep) -> dict[str, Any]:
    found = Q.get_place(store, name)
    if found is None:
        raise not_found(f"No place named {name!r}.")
    return _place_item(found)


@router.get("/times", summary="Dated mentions (event times) in event order")
@router.get("/times.csv", include_in_schema=False)
def times(
    request: Request,
    store: StoreDep,
    f: FiltersDep,
    undated: Annotated[bool, Query(description="Include expressions without an interval.")] = False,
    limit: Limit = 200,
    offset: Offset = 0,
    format: Format = "json",
) -> Response:
    rows, total = Q.list_times(store, f, dated_only=not undated, limit=limit, offset=offset)
    return listing(
        request, [_span_item(r) for r in rows], total, limit, offset, format, TIME_COLUMNS
    )


@router.get("/compare", summary="Two articles side by side: shared people, places, dates, speakers")
def compare(
    store: StoreDep,
    a: Annotated[str, Query(description="First article id.")],
    b: Annotated[str, Query(description="Second article id.")],
) -> dict[str, Any]:
    left, right = store.get_article(a), store.get_article(b)
    for given, record in ((a, left), (b, right)):
        if record is None:
            raise not_found(f"No single article with id {given!r}.")
    assert left is not None and right is not None
    return {
        "a": {"id": left["id"], "title": left["title"], "links": article_links(left["id"])},
        "b": {"id": right["id"], "title": right["title"], "links": article_links(right["id"])},
        **link_compare.compare(left, right),
    }
