"""The JSON/CSV API under ``/api``: read-only, paginated, filterable lists and single items.

Every list takes the same article filters in the query string and answers JSON
(``{"items", "total", "limit", "offset", "next"}``) or CSV (``?format=csv`` or the ``.csv``
route) with the same filters. Every item carries ``links`` to its article and, for extracted
items, the exact offsets (``/article/<id>#o<start>-<end>`` in the web UI).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import AfterValidator, BaseModel, Field

from newstrail.http.deps import (
    ISO_PERIOD,
    MAX_OFFSET,
    FastJSONResponse,
    StoreDep,
    found_or_404,
    not_found,
    page_body,
    path_segment,
    real_period,
)
from newstrail.link import compare as link_compare
from newstrail.link import queries as link_queries
from newstrail.link.event_groups import event_key, group_of_events
from newstrail.models import RecordKind, article_kinds, flatten, record_kind
from newstrail.store import queries as Q
from newstrail.store.db import Store
from newstrail.store.events import EventQuery, event_features, events_of_story, list_events
from newstrail.store.export import csv_safe

__all__ = [
    "ErrorBody",
    "ErrorInfo",
    "Window",
    "WindowDep",
    "article_filters",
    "article_links",
    "item_links",
    "kind_columns",
    "listing",
    "router",
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
# A period parameter: ISO-shaped (the pattern of its Query, see _period) and a real moment.
RealPeriod = Annotated[str | None, AfterValidator(real_period)]


def _period(description: str) -> Any:
    """The Query of a :data:`RealPeriod` parameter: an ISO date, year-month, year or date-time."""
    return Query(pattern=ISO_PERIOD, description=description)


def article_filters(
    outlet: Annotated[str | None, Query(description="Outlet name, exactly.")] = None,
    since: Annotated[RealPeriod, _period("Published on/after (ISO date).")] = None,
    until: Annotated[RealPeriod, _period("Published before (ISO date).")] = None,
    year: Annotated[int | None, Query(ge=1, le=9999, description="Published in this year.")] = None,
    events_since: Annotated[
        RealPeriod, _period("Mentions an event time ending after this.")
    ] = None,
    events_until: Annotated[
        RealPeriod, _period("Mentions an event time starting before this.")
    ] = None,
    speaker: Annotated[str | None, Query(description="Canonical speaker name.")] = None,
    entity: Annotated[
        str | None, Query(description="Mentions this entity (canonical name).")
    ] = None,
    place: Annotated[str | None, Query(description="Mentions this place (canonical name).")] = None,
    text: Annotated[str | None, Query(description="Words in the article title or text.")] = None,
    article: Annotated[str | None, Query(description="Article id (or unique prefix).")] = None,
    story: Annotated[str | None, Query(description="In this story (see /api/stories).")] = None,
    identity: Annotated[
        str | None, Query(description="Mentions or quotes this identity (see /api/identities).")
    ] = None,
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
        story=story,
        identity=identity,
    )


FiltersDep = Annotated[Q.Filters, Depends(article_filters)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv.")]


@dataclass(slots=True)
class Page:
    """What a list request asks for: its store and article filters, the page size, offset and
    format, and the request itself (for links)."""

    request: Request
    store: Store
    filters: Q.Filters
    limit: int
    offset: int
    format: str

    def fetch(self, query: Any, *args: Any, **options: Any) -> Q.Rows:
        """``query(store, filters, *args, **options, limit=..., offset=...)``: a page of rows,
        total."""
        rows, total = query(
            self.store, self.filters, *args, **options, limit=self.limit, offset=self.offset
        )
        return rows, total


def _page(default_limit: int) -> Any:
    def page(
        request: Request,
        store: StoreDep,
        f: FiltersDep,
        limit: Limit = default_limit,
        offset: Offset = 0,
        format: Format = "json",
    ) -> Page:
        return Page(request, store, f, limit, offset, format)

    return Depends(page)


PageDep = Annotated[Page, _page(50)]


@dataclass(slots=True)
class Window:
    """What a list without article filters asks for (the link stage's lists): its store, the
    page size and offset, and the request (for the ``next`` link)."""

    request: Request
    store: Store
    limit: int
    offset: int

    def fetch(self, query: Any, *args: Any, **options: Any) -> Q.Rows:
        """``query(store, *args, **options, limit=..., offset=...)``: a page of rows, total."""
        rows, total = query(self.store, *args, **options, limit=self.limit, offset=self.offset)
        return rows, total

    def body(self, items: list[dict[str, Any]], total: int) -> dict[str, Any]:
        """The JSON answer: the page of ``items`` out of ``total``, with the ``next`` link."""
        return page_body(self.request, items, total, self.limit, self.offset)


def _window(request: Request, store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> Window:
    return Window(request, store, limit, offset)


WindowDep = Annotated[Window, Depends(_window)]


# -- links and rendering ----------------------------------------------------------------------


def article_links(article_id: str) -> dict[str, str]:
    return {"article": f"/api/articles/{article_id}", "web": f"/article/{article_id}"}


def item_links(article_id: str, start: int, end: int) -> dict[str, str]:
    return {
        "article": f"/api/articles/{article_id}",
        "web": f"/article/{article_id}#o{start}-{end}",
    }


def listing(
    page: Page,
    items: list[dict[str, Any]],
    total: int,
    columns: list[str],
    extra: Callable[[], dict[str, Any]] | None = None,
) -> Response:
    """A page of items as JSON or CSV (CSV when the format is csv or the path ends in .csv);
    ``extra()`` adds keys to the JSON answer (facets of a search)."""
    request, limit, offset = page.request, page.limit, page.offset
    if page.format == "csv" or request.url.path.endswith(".csv"):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(csv_safe(flatten(item)) for item in items)
        name = request.url.path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".csv") or "items"
        return Response(
            buffer.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{name}.csv"',
                "X-Total-Count": str(total),
            },
        )
    body = page_body(request, items, total, limit, offset)
    if extra is not None:
        body.update(extra())
    return FastJSONResponse(body)


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


def _named_item(row: dict[str, Any], kind: str, *, quotes: bool = False) -> dict[str, Any]:
    """An entity or place row (``kind``: entities, places) with its API and web links."""
    seg = path_segment(row["name"])
    links = {"self": f"/api/{kind}/{seg}", "mentions": f"/api/{kind}/{seg}/mentions"}
    if quotes:
        links["quotes"] = f"/api/quotes?speaker={seg}"
    links["web"] = f"/{record_kind(kind).item}/{seg}"
    return {**row, "links": links}


def _entity_item(row: dict[str, Any]) -> dict[str, Any]:
    return _named_item(row, "entities", quotes=True)


def _place_item(row: dict[str, Any]) -> dict[str, Any]:
    return _named_item(row, "places")


def _mentions_route(kind: str, name_of: str) -> None:
    """``/api/<kind>/<name>/mentions[.csv]``: every mention of one entity or place."""

    @router.get(
        f"/{kind}/{{name:path}}/mentions",
        name=f"{name_of}_mentions",
        summary=f"Every mention of {'an' if name_of[0] in 'aeiou' else 'a'} {name_of}, with offsets",
    )
    @router.get(f"/{kind}/{{name:path}}/mentions.csv", include_in_schema=False)
    def mentions(name: str, page: PageDep) -> Response:
        rows, total = Q.list_mentions(
            page.store,
            kind,
            page.filters,
            Q.MentionQuery(name=name),
            limit=page.limit,
            offset=page.offset,
        )
        return listing(page, [_span_item(r) for r in rows], total, MENTION_COLUMNS)


# -- routes -----------------------------------------------------------------------------------


@router.get("/stats", summary="Counts of articles and extracted items")
def stats(store: StoreDep) -> dict[str, int]:
    return store.counts()


@router.get("/articles", summary="Articles, newest first")
@router.get("/articles.csv", include_in_schema=False)
def articles(page: PageDep) -> Response:
    rows, total = page.fetch(Q.list_articles)
    return listing(page, [_article_item(r) for r in rows], total, ARTICLE_COLUMNS)


@router.get("/articles/{article_id}", summary="One article: text and every item with offsets")
def article(article_id: str, store: StoreDep) -> dict[str, Any]:
    record = found_or_404(
        store.get_article(article_id), f"No single article with id {article_id!r}."
    )
    for kind in article_kinds():
        for item in record[kind.name]:
            item["links"] = item_links(record["id"], item["start"], item["end"])
    record["links"] = article_links(record["id"])
    return record


@router.get("/search", summary="Full-text search with snippets and facets")
@router.get("/search.csv", include_in_schema=False)
def search(
    page: Annotated[Page, _page(20)],
    q: Annotated[str | None, Query(description="Words to search for.")] = None,
    facets: Annotated[bool, Query(description="Include facet counts.")] = True,
) -> Response:
    if q:
        page.filters.text = " ".join(filter(None, [page.filters.text, q]))
    rows, total = page.fetch(Q.search)
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
    return listing(
        page,
        items,
        total,
        ARTICLE_COLUMNS,
        extra=(
            (
                lambda: {
                    "facets": Q.facets(page.store, page.filters),
                    # how many matching articles the facets counted (see Q.FACET_SAMPLE)
                    "facets_over": total
                    if not page.filters.as_params()
                    else min(total, Q.FACET_SAMPLE),
                }
            )
            if facets
            else None
        ),
    )


@router.get(
    "/facets", summary="Counts of outlets, speakers, places and years over matching articles"
)
def facets(store: StoreDep, f: FiltersDep) -> dict[str, list[dict[str, Any]]]:
    return Q.facets(store, f)


@router.get("/quotes", summary="Quotes with speaker, cue and offsets")
@router.get("/quotes.csv", include_in_schema=False)
def quotes(
    page: PageDep,
    q: Annotated[str | None, Query(description="Words in the quote itself.")] = None,
) -> Response:
    rows, total = page.fetch(Q.list_quotes, Q.QuoteQuery(text=q))
    return listing(page, [_span_item(r) for r in rows], total, QUOTE_COLUMNS)


@router.get("/entities", summary="People, organisations and other entities, by canonical name")
@router.get("/entities.csv", include_in_schema=False)
def entities(
    page: PageDep,
    label: Annotated[str | None, Query(description="PERSON, ORG, NORP, GPE, ...")] = None,
    q: Annotated[str | None, Query(description="Part of the name.")] = None,
) -> Response:
    rows, total = page.fetch(Q.list_entities, Q.EntityQuery(label=label, name_like=q))
    return listing(page, [_entity_item(r) for r in rows], total, ENTITY_COLUMNS)


_mentions_route("entities", "entity")


@router.get("/entities/{name:path}", summary="One entity: roles, counts, who quotes it, timeline")
def entity(name: str, store: StoreDep) -> dict[str, Any]:
    found = found_or_404(Q.get_entity(store, name), f"No entity named {name!r}.")
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
    page: PageDep,
    q: Annotated[str | None, Query(description="Part of the name.")] = None,
    country: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    located: Annotated[bool, Query(description="Only places with coordinates.")] = False,
) -> Response:
    rows, total = page.fetch(
        Q.list_places, Q.PlaceQuery(name_like=q, country=country, located=located)
    )
    return listing(page, [_place_item(r) for r in rows], total, PLACE_COLUMNS)


_mentions_route("places", "place")


@router.get("/places/{name:path}", summary="One place with its counts")
def place(name: str, store: StoreDep) -> dict[str, Any]:
    found = found_or_404(Q.get_place(store, name), f"No place named {name!r}.")
    return _place_item(found)


@router.get("/times", summary="Dated mentions (event times) in event order")
@router.get("/times.csv", include_in_schema=False)
def times(
    page: Annotated[Page, _page(200)],
    undated: Annotated[bool, Query(description="Include expressions without an interval.")] = False,
) -> Response:
    rows, total = page.fetch(Q.list_times, dated_only=not undated)
    return listing(page, [_span_item(r) for r in rows], total, TIME_COLUMNS)


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


# -- stories and identities (the link stage) -----------------------------------------------------


@router.get("/stories", summary="Stories: articles about the same event, latest first")
def stories(
    window: WindowDep,
    min_articles: Annotated[
        int, Query(ge=1, description="Only stories with this many articles.")
    ] = 1,
) -> dict[str, Any]:
    rows, total = window.fetch(link_queries.list_stories, min_articles=min_articles)
    for row in rows:
        row["links"] = {"story": f"/api/stories/{row['id']}", "web": f"/story/{row['id']}"}
    return window.body(rows, total)


@router.get(
    "/event-groups",
    summary="Cross-article events: each event of a story once, with the articles reporting it",
)
def event_groups(
    window: WindowDep,
    story: Annotated[str | None, Query(description="Story id (see /api/stories).")] = None,
    type: Annotated[str | None, Query(description="PLOVER event type, e.g. CONSULT.")] = None,
) -> dict[str, Any]:
    want = link_queries.EventGroupQuery(story=story, type=type)
    return window.body(*window.fetch(link_queries.list_event_groups, want))


@router.get("/stories/{story_id}", summary="One story: coverage, copies, people, places, quotes")
def story(story_id: str, store: StoreDep) -> dict[str, Any]:
    return found_or_404(link_queries.get_story(store, story_id), f"No story {story_id!r}.")


@router.get("/identities", summary="People, organisations and places across articles")
def identities(
    window: WindowDep,
    label: Annotated[str | None, Query(description="PERSON, ORG or PLACE.")] = None,
    q: Annotated[str | None, Query(description="Part of a name or alias.")] = None,
) -> dict[str, Any]:
    rows, total = window.fetch(
        link_queries.list_identities, link_queries.IdentityQuery(label=label, name_like=q)
    )
    for row in rows:
        row["links"] = {
            "identity": f"/api/identities/{row['id']}",
            "web": f"/identity/{row['id']}",
        }
    return window.body(rows, total)


@router.get("/identities/{identity_id}", summary="One identity: names, roles, evidence, mentions")
def identity(identity_id: str, store: StoreDep) -> dict[str, Any]:
    return found_or_404(
        link_queries.get_identity(store, identity_id), f"No identity {identity_id!r}."
    )


# -- events (PLOVER) ------------------------------------------------------------------------

EVENT_COLUMNS = kind_columns(record_kind("events"))
EventType = Annotated[
    str | None, Query(description="PLOVER type (AGREE ... ASSAULT) or DISASTER, ACCIDENT.")
]
Actor = Annotated[
    str | None, Query(description="Taking part (actor or recipient): canonical name or mention.")
]
Story = Annotated[str | None, Query(description="Story id (when the link stage made stories).")]
Negated = Annotated[bool, Query(description="Include negated events.")]


def _event_query(
    type: EventType = None, actor: Actor = None, story: Story = None, negated: Negated = False
) -> EventQuery:
    """Which events (with the article filters: on events, ``place`` is where the event happened
    and ``events_since`` / ``events_until`` bound the event's own time; see ``list_events``)."""
    return EventQuery(type=type, actor=actor, story=story, negated=negated)


EventQueryDep = Annotated[EventQuery, Depends(_event_query)]


def _event_item(row: dict[str, Any]) -> dict[str, Any]:
    links = item_links(row["article_id"], row["start"], row["end"])
    return {**row, "links": links}


@router.get(
    "/events",
    summary="Events (PLOVER types) with participants, route, time, counts and who asserts them",
)
@router.get("/events.csv", include_in_schema=False)
def events(page: PageDep, q: EventQueryDep) -> Response:
    if q.story and events_of_story(page.store, q.story) is None:
        raise not_found(f"No story {q.story!r} (stories come from `newstrail link`).")
    rows, total = page.fetch(list_events, q=q)
    return listing(page, [_event_item(r) for r in rows], total, EVENT_COLUMNS)


@router.get(
    "/events.geojson",
    summary="Located events as GeoJSON: a Point per event, a LineString per route",
)
def events_geojson(page: Annotated[Page, _page(2000)], q: EventQueryDep) -> JSONResponse:
    rows, total = page.fetch(list_events, q=q)
    # the link stage's cross-article event each report belongs to, so a map can draw it once
    group_of = group_of_events(page.store)
    features = []
    for row in rows:
        group = group_of.get(event_key(row))
        for feature in event_features(row, {**row, "id": row["article_id"]}):
            feature["properties"]["group"] = group["id"] if group else None
            feature["properties"]["reports"] = group["articles"] if group else 1
            features.append(feature)
    return JSONResponse(
        {"type": "FeatureCollection", "features": features, "total": total},
        media_type="application/geo+json",
    )
