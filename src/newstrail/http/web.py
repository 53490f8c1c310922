"""The web UI: server-rendered pages (Jinja2, autoescaped) over the same store as the API.

All view state lives in the URL query string, so any view can be shared. Article text and every
extracted string are untrusted and only ever reach the page escaped (see
:mod:`newstrail.http.highlight`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from newstrail import __version__
from newstrail.http.claims import claim_pairs
from newstrail.http.deps import (
    MAX_OFFSET,
    Period,
    StoreDep,
    found_or_404,
    not_found,
)
from newstrail.http.highlight import entity_href, highlight, items_of, path_segment, place_href
from newstrail.link import queries as link_queries
from newstrail.link.compare import compare
from newstrail.store import claims as C
from newstrail.store import queries as Q
from newstrail.store.db import Store

__all__ = [
    "PAGE_SIZE",
    "TEMPLATES",
    "article_label",
    "article_page",
    "compare_page",
    "entities_page",
    "entity_page",
    "form_filters",
    "map_page",
    "page",
    "place_page",
    "render_error",
    "router",
    "search_page",
    "snippet_html",
    "timeline_marks",
    "timeline_page",
    "unquote",
    "with_params",
]

TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGE_SIZE = 20

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(TEMPLATES))


def snippet_html(snippet: str | None) -> Markup:
    """A search snippet with its matches in ``<mark>``, every piece escaped."""
    out = []
    for piece, hit in Q.snippet_parts(snippet or ""):
        out.append(f"<mark>{escape(piece)}</mark>" if hit else str(escape(piece)))
    return Markup("".join(out))


def with_params(request: Request, **changes: Any) -> str:
    """The current URL with some query parameters changed (``None`` removes one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return request.url.path + ("?" + urlencode(params) if params else "")


def article_label(row: dict[str, Any], id_key: str = "article_id") -> str:
    """What to call an article: its title, else its file name, else its id."""
    if row.get("title"):
        return str(row["title"])
    path = row.get("path") or (row.get("source") or {}).get("path")
    if path:
        return str(path).replace("\\", "/").rsplit("/", 1)[-1]
    return str(row.get(id_key) or row.get("id") or "?")


def unquote(text: str | None) -> str:
    """Quote text without the quotation marks it may carry (the page adds its own)."""
    return (text or "").strip().strip("\"“”„«»‘’'").strip()


templates.env.filters.update(unquote=unquote)
templates.env.globals.update(
    article_label=article_label,
    entity_href=entity_href,
    place_href=place_href,
    seg=path_segment,
    snippet_html=snippet_html,
    with_params=with_params,
    version=__version__,
    urlencode=urlencode,
)


@dataclass(slots=True)
class View:
    """What every page needs: the request (for URLs and rendering) and the store."""

    request: Request
    store: Store


def _view(request: Request, store: StoreDep) -> View:
    return View(request, store)


ViewDep = Annotated[View, Depends(_view)]


def form_filters(
    q: str | None = None,
    outlet: str | None = None,
    speaker: str | None = None,
    place: str | None = None,
    entity: str | None = None,
    year: Annotated[int | None, Query(ge=1, le=9999)] = None,
    story: str | None = None,
    identity: str | None = None,
    events_since: Period = None,
    events_until: Period = None,
) -> Q.Filters:
    """The article filters of a page, from its form fields and links (``q``: words in the title
    or text); an empty field filters nothing."""
    return Q.Filters(
        text=q or None,
        outlet=outlet or None,
        speaker=speaker or None,
        place=place or None,
        entity=entity or None,
        year=year,
        story=story or None,
        identity=identity or None,
        events_since=events_since or None,
        events_until=events_until or None,
    )


FormFiltersDep = Annotated[Q.Filters, Depends(form_filters)]


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def render_error(request: Request, status: int, message: str, detail: Any = None) -> Response:
    return page(
        request,
        "error.html",
        status=status,
        status_code=status,
        message=message,
        detail=detail,
        title=f"Error {status}",
    )


def _day(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        try:
            return date.fromisoformat(value[:7] + "-01").toordinal()
        except ValueError:
            return None


def timeline_marks(
    points: list[dict[str, Any]], width: int = 960, lanes: int = 8
) -> dict[str, Any]:
    """Positions for an SVG timeline of intervals: x from dates, lanes to avoid overlaps."""
    spans = []
    for p in points:
        start = _day(p.get("start"))
        if start is None:
            continue
        end = _day(p.get("end")) or start + 1
        spans.append((start, max(end, start + 1), p))
    if not spans:
        return {"marks": [], "ticks": [], "width": width, "height": 0}
    lo = min(s for s, _, _ in spans)
    hi = max(e for _, e, _ in spans)
    first_year, last_year = date.fromordinal(lo).year, date.fromordinal(hi - 1).year + 1
    lo, hi = date(first_year, 1, 1).toordinal(), date(last_year, 1, 1).toordinal()
    pad = 10
    scale = (width - 2 * pad) / max(hi - lo, 1)
    lane_end = [-1.0] * lanes
    marks: list[dict[str, Any]] = []
    for start, end, p in sorted(spans, key=lambda s: (s[0], s[1])):
        x = pad + (start - lo) * scale
        w = max(6.0, (end - start) * scale)
        lane = next((i for i, last in enumerate(lane_end) if last < x), lanes - 1)
        lane_end[lane] = x + w + 2
        marks.append({"x": round(x, 1), "w": round(w, 1), "y": 8 + lane * 16, "point": p})
    step = max(1, (last_year - first_year) // 12)
    ticks = [
        {"x": round(pad + (date(y, 1, 1).toordinal() - lo) * scale, 1), "label": y}
        for y in range(first_year, last_year + 1, step)
        if pad + (date(y, 1, 1).toordinal() - lo) * scale < width - 30
    ]
    used = max(m["y"] for m in marks) + 16
    return {"marks": marks, "ticks": ticks, "width": width, "height": used + 22, "axis": used + 4}


# -- pages ------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def search_page(
    view: ViewDep,
    f: FormFiltersDep,
    page_no: Annotated[int, Query(alias="page", ge=1, le=MAX_OFFSET // PAGE_SIZE)] = 1,
) -> HTMLResponse:
    request, store = view.request, view.store
    rows, total = Q.search(store, f, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE)
    active = {k: getattr(f, k) for k in ("outlet", "speaker", "place", "year", "entity")}
    active.update({k: v for k, v in (("story", f.story), ("identity", f.identity)) if v})
    return page(
        request,
        "search.html",
        title="Search",
        q=f.text or "",
        rows=rows,
        total=total,
        facets=Q.facets(store, f),
        active=active,
        page_no=page_no,
        pages=max(1, -(-total // PAGE_SIZE)),
        counts=store.counts(),
    )


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, store: StoreDep) -> HTMLResponse:
    record = found_or_404(
        store.get_article(article_id), f"No single article with id {article_id!r}."
    )
    people: dict[str, dict[str, Any]] = {}
    for e in record["entities"]:
        if e["label"] in ("PERSON", "ORG", "NORP"):
            entry = people.setdefault(
                e["name"], {"name": e["name"], "label": e["label"], "roles": [], "mentions": []}
            )
            entry["mentions"].append(e)
            entry["identity"] = entry.get("identity") or e.get("identity")
            if e["role"] and e["role"] not in entry["roles"]:
                entry["roles"].append(e["role"])
    places: dict[str, dict[str, Any]] = {}
    for p in record["places"]:
        places.setdefault(p["name"], {"place": p, "mentions": []})["mentions"].append(p)
    return page(
        request,
        "article.html",
        title=record["title"] or "Article",
        record=record,
        body=highlight(record["text"], items_of(record)),
        people=list(people.values()),
        places=list(places.values()),
        choices=Q.article_choices(store),
        story=link_queries.stories_of(store, record["id"]),
    )


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    view: ViewDep,
    label: str | None = None,
    q: str | None = None,
    page_no: Annotated[int, Query(alias="page", ge=1, le=MAX_OFFSET // 50)] = 1,
) -> HTMLResponse:
    request, store = view.request, view.store
    rows, total = Q.list_entities(
        store,
        Q.Filters(),
        Q.EntityQuery(label=label or None, name_like=q or None),
        limit=50,
        offset=(page_no - 1) * 50,
    )
    return page(
        request,
        "entities.html",
        title="People and organisations",
        rows=rows,
        total=total,
        label=label or "",
        q=q or "",
        page_no=page_no,
        pages=max(1, -(-total // 50)),
    )


@router.get("/entity/{name:path}", response_class=HTMLResponse)
def entity_page(request: Request, name: str, store: StoreDep) -> HTMLResponse:
    found = found_or_404(
        Q.get_entity(store, name), f"No person, organisation or other entity named {name!r}."
    )
    quotes, nquotes = Q.list_quotes(store, Q.Filters(speaker=found["name"]), limit=200)
    mentions, nmentions = Q.list_mentions(
        store, "entities", Q.Filters(), Q.MentionQuery(name=found["name"]), limit=200
    )
    Q.add_context(store, mentions)
    quoting_articles: dict[str, dict[str, Any]] = {}
    for quote in quotes:
        quoting_articles.setdefault(
            quote["article_id"],
            {
                "id": quote["article_id"],
                "title": quote["title"],
                "outlet": quote["outlet"],
                "published": quote["published"],
                "path": quote["path"],
                "quotes": 0,
            },
        )["quotes"] += 1
    points = Q.entity_timeline(store, found["name"])
    return page(
        request,
        "entity.html",
        title=found["name"],
        entity=found,
        quotes=quotes,
        nquotes=nquotes,
        mentions=mentions,
        nmentions=nmentions,
        quoting_articles=list(quoting_articles.values()),
        points=points,
        timeline=timeline_marks(points),
    )


@router.get("/place/{name:path}", response_class=HTMLResponse)
def place_page(request: Request, name: str, store: StoreDep) -> HTMLResponse:
    found = found_or_404(Q.get_place(store, name), f"No place named {name!r}.")
    mentions, nmentions = Q.list_mentions(
        store, "places", Q.Filters(), Q.MentionQuery(name=found["name"]), limit=200
    )
    Q.add_context(store, mentions)
    articles, narticles = Q.list_articles(store, Q.Filters(place=found["name"]), limit=100)
    times, _ = Q.list_times(store, Q.Filters(place=found["name"]), limit=200)
    points = [Q.time_point(t) for t in times]
    return page(
        request,
        "place.html",
        title=found["name"],
        place=found,
        timeline=timeline_marks(points),
        mentions=mentions,
        nmentions=nmentions,
        articles=articles,
        narticles=narticles,
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, store: StoreDep) -> HTMLResponse:
    rows, total = Q.list_places(store, Q.Filters(), limit=2000)
    return page(request, "map.html", title="Map of places", places=rows, total=total)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(view: ViewDep, f: FormFiltersDep) -> HTMLResponse:
    request, store = view.request, view.store
    rows, total = Q.list_times(store, f, limit=1000)
    points = [Q.time_point(t) for t in rows]
    groups: dict[str, list[dict[str, Any]]] = {}
    for t in rows:
        groups.setdefault((t["interval_start"] or "")[:4] or "undated", []).append(t)
    return page(
        request,
        "timeline.html",
        title="Timeline",
        rows=rows,
        total=total,
        groups=groups,
        timeline=timeline_marks(points),
        filters=f.as_params(),
        q=f.text or "",
    )


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    request: Request, store: StoreDep, a: str | None = None, b: str | None = None
) -> HTMLResponse:
    choices = Q.article_choices(store)
    left = store.get_article(a) if a else None
    right = store.get_article(b) if b else None
    for given, record in ((a, left), (b, right)):
        if given and record is None:
            raise not_found(f"No single article with id {given!r}.")
    result = compare(left, right) if left and right else None
    bodies = {}
    if left and right:
        bodies = {
            "left": highlight(left["text"], items_of(left)),
            "right": highlight(right["text"], items_of(right)),
        }
    return page(
        request,
        "compare.html",
        title="Sources side by side",
        choices=choices,
        a=a or "",
        b=b or "",
        left=left,
        right=right,
        result=result,
        bodies=bodies,
        claim_rows=claim_pairs(store, left["id"], right["id"]) if left and right else [],
    )


# -- stories and identities (the link stage) -----------------------------------------------------


@router.get("/stories", response_class=HTMLResponse)
def stories_page(
    request: Request,
    store: StoreDep,
    offset: Annotated[int, Query(ge=0)] = 0,
    min_articles: Annotated[int, Query(ge=1)] = 1,
) -> HTMLResponse:
    rows, total = link_queries.list_stories(
        store, limit=100, offset=offset, min_articles=min_articles
    )
    return page(
        request,
        "stories.html",
        title="Stories",
        stories=rows,
        total=total,
        offset=offset,
        min_articles=min_articles,
    )


@router.get("/story/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str, store: StoreDep) -> HTMLResponse:
    story = found_or_404(link_queries.get_story(store, story_id), f"No story {story_id!r}.")
    outlets: dict[str, list[dict[str, Any]]] = {}
    for article in story["coverage"]:
        outlets.setdefault(article["outlet"] or "unknown outlet", []).append(article)
    disagreements, _ = C.list_disagreements(store, C.ClaimFilters(story=story_id), limit=100)
    return page(
        request,
        "story.html",
        title=story["title"],
        story=story,
        outlets=outlets,
        disagreements=disagreements,
    )


@router.get("/identity/{identity_id}", response_class=HTMLResponse)
def identity_page(request: Request, identity_id: str, store: StoreDep) -> HTMLResponse:
    identity = found_or_404(
        link_queries.get_identity(store, identity_id), f"No identity {identity_id!r}."
    )
    return page(request, "identity.html", title=identity["name"], identity=identity)
