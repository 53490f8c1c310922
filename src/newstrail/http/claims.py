"""The claim trail and the disagreements over HTTP: ``/api/claims``, ``/api/claims/{id}``,
``/api/disagreements`` and the pages ``/claims``, ``/claim/{id}``, ``/disagreements``.

Claims and disagreements are reported as the sources state them: nothing here marks a value or a
claim true or false.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from newstrail.http.api import ERROR_RESPONSES, MAX_LIMIT, WindowDep
from newstrail.http.deps import MAX_OFFSET, StoreDep, found_or_404
from newstrail.store import claims as C
from newstrail.store.db import Store

__all__ = ["api_router", "claim_filters", "claim_pairs", "web_router"]

api_router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)
web_router = APIRouter(include_in_schema=False)

Story = Annotated[str | None, Query(description="Story id (link stage).")]
Speaker = Annotated[str | None, Query(description="Speaker name or identity.")]
Outlet = Annotated[str | None, Query(description="Outlet name, exactly.")]
ArticleId = Annotated[str | None, Query(description="Article id.")]


def claim_filters(
    story: Story = None, speaker: Speaker = None, outlet: Outlet = None, article: ArticleId = None
) -> C.ClaimFilters:
    """The filters of every claim-trail list, from the query string."""
    return C.ClaimFilters(story, speaker, outlet, article)


ClaimFiltersDep = Annotated[C.ClaimFilters, Depends(claim_filters)]


def _article_links(item: dict[str, Any]) -> dict[str, str]:
    """Links to the article an appearance or value is in, and to its words there."""
    article = item["article"]
    return {
        "article": f"/api/articles/{article}",
        "web": f"/article/{article}#o{item['start']}-{item['end']}",
    }


def _with_links(claim: dict[str, Any]) -> dict[str, Any]:
    for appearance in claim["appearances"]:
        appearance["links"] = _article_links(appearance)
    claim["links"] = {"self": f"/api/claims/{claim['id']}", "web": f"/claim/{claim['id']}"}
    return claim


@api_router.get("/claims", summary="Claims: the same statement across articles, first appearance")
def claims(
    window: WindowDep,
    filters: ClaimFiltersDep,
    min_appearances: Annotated[
        int, Query(ge=1, le=MAX_OFFSET, description="Appearances at least.")
    ] = 1,
) -> dict[str, Any]:
    rows, total = window.fetch(C.list_claims, filters=filters, min_appearances=min_appearances)
    return window.body([_with_links(r) for r in rows], total)


@api_router.get("/claims/{claim_id}", summary="One claim with every appearance and word diff")
def claim(claim_id: str, store: StoreDep) -> dict[str, Any]:
    return _with_links(found_or_404(C.get_claim(store, claim_id), f"No claim {claim_id!r}."))


@api_router.get("/disagreements", summary="Incompatible values for the same thing in a story")
def disagreements(window: WindowDep, filters: ClaimFiltersDep) -> dict[str, Any]:
    rows, total = window.fetch(C.list_disagreements, filters=filters)
    for row in rows:
        for value in row["values"]:
            value["links"] = _article_links(value)
    return window.body(rows, total)


# -- pages ------------------------------------------------------------------------------------


def _render(request: Request, name: str, **context: Any) -> HTMLResponse:
    from newstrail.http.web import page

    return page(request, name, **context)


@web_router.get("/claims", response_class=HTMLResponse)
def claims_page(
    request: Request,
    store: StoreDep,
    story: str | None = None,
    speaker: str | None = None,
    outlet: str | None = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> HTMLResponse:
    filters = C.ClaimFilters(story=story or None, speaker=speaker or None, outlet=outlet or None)
    rows, total = C.list_claims(store, filters, min_appearances=2, limit=50, offset=offset)
    return _render(
        request,
        "claims.html",
        title="Claim trails",
        claims=rows,
        total=total,
        offset=offset,
        story=story or "",
        speaker=speaker or "",
        outlet=outlet or "",
    )


@web_router.get("/claim/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, claim_id: str, store: StoreDep) -> HTMLResponse:
    record = found_or_404(C.get_claim(store, claim_id), f"No claim {claim_id!r}.")
    originals = [a for a in record["appearances"] if not a.get("copy_of")]
    copies: dict[str, list[dict[str, Any]]] = {}
    for appearance in record["appearances"]:
        if appearance.get("copy_of"):
            copies.setdefault(appearance["copy_of"], []).append(appearance)
    return _render(
        request,
        "claim.html",
        title="Claim trail",
        claim=record,
        appearances=originals,
        copies=copies,
    )


@web_router.get("/disagreements", response_class=HTMLResponse)
def disagreements_page(
    request: Request, store: StoreDep, story: str | None = None, outlet: str | None = None
) -> HTMLResponse:
    filters = C.ClaimFilters(story=story or None, outlet=outlet or None)
    rows, total = C.list_disagreements(store, filters, limit=MAX_LIMIT)
    return _render(
        request,
        "disagreements.html",
        title="Where sources disagree",
        disagreements=rows,
        total=total,
        story=story or "",
    )


def claim_pairs(store: Store, left: str, right: str) -> list[dict[str, Any]]:
    """The claims two articles share, as rows (left appearance, claim, right appearance) in the
    order of the left article: the middle column of the side-by-side page."""
    rows = []
    for record in C.claims_of_article(store, left):
        by_article = {a["article"]: a for a in record["appearances"]}
        if left in by_article and right in by_article:
            rows.append({"left": by_article[left], "claim": record, "right": by_article[right]})
    rows.sort(key=lambda r: r["left"]["start"])
    return rows
