"""Reading the claim trail and the disagreements back (link kinds ``claims``, ``disagreements``):
filtered, paginated lists and single records, in the export shape."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, String, Table, cast, func, select

from newstrail.models import RecordKind, record_kind
from newstrail.store import schema as s
from newstrail.store.db import Store

__all__ = [
    "ClaimFilters",
    "claims_of_article",
    "get_claim",
    "list_claims",
    "list_disagreements",
]


@dataclass(frozen=True, slots=True)
class ClaimFilters:
    """Which claims or disagreements (``None`` filters nothing): those of a ``story``; of a
    ``speaker`` (name or identity; on a disagreement, any value's asserter); with any appearance
    (any value) from an ``outlet`` or in an ``article``."""

    story: str | None = None
    speaker: str | None = None
    outlet: str | None = None
    article: str | None = None


def _like_json(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere in a JSON column as SQLAlchemy stores it
    (ASCII, \\u escapes): ``text`` is a piece of JSON, e.g. ``json.dumps(value)``."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _of_story(kind: RecordKind, story: str | None) -> tuple[Table, Select[Any]]:
    """The table of a link ``kind`` and a query of its rows (those of ``story``, when given)."""
    table = s.kind_table(kind)
    query = select(table)
    if story is not None:
        query = query.where(table.c.story == story)
    return table, query


def list_claims(
    store: Store,
    filters: ClaimFilters,
    *,
    min_appearances: int = 1,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Claims, most repeated first (then earliest first)."""
    kind = record_kind("claims")
    table, query = _of_story(kind, filters.story)
    if filters.speaker is not None:
        speaker = filters.speaker
        query = query.where(
            (table.c.speaker_name == speaker) | (table.c.speaker_identity == speaker)
        )
    if filters.outlet is not None:  # one JSON string of the outlets list
        outlet = _like_json(json.dumps(filters.outlet))
        query = query.where(cast(table.c.outlets, String).like(outlet, escape="\\"))
    if filters.article is not None:  # the JSON column holds '"article": "<id>"' per appearance
        article = _like_json('"article": ' + json.dumps(filters.article))
        query = query.where(cast(table.c.appearances, String).like(article, escape="\\"))
    if min_appearances > 1:
        query = query.where(table.c.appearance_count >= min_appearances)
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = conn.execute(
            query.order_by(
                table.c.appearance_count.desc(),
                table.c.first_published.is_(None),
                table.c.first_published,
                table.c.id,
            )
            .limit(limit)
            .offset(offset)
        ).all()
    return [kind.from_row(dict(r._mapping)) for r in rows], int(total)


def get_claim(store: Store, claim_id: str) -> dict[str, Any] | None:
    kind = record_kind("claims")
    table = s.kind_table(kind)
    with store.engine.connect() as conn:
        row = conn.execute(select(table).where(table.c.id == claim_id)).first()
    return kind.from_row(dict(row._mapping)) if row else None


def claims_of_article(store: Store, article_id: str) -> list[dict[str, Any]]:
    """The claims with an appearance in ``article_id`` (for the side-by-side page)."""
    rows, _ = list_claims(store, ClaimFilters(article=article_id), limit=10_000)
    return rows


def list_disagreements(
    store: Store, filters: ClaimFilters, *, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Disagreements by story and subject."""
    kind = record_kind("disagreements")
    table, query = _of_story(kind, filters.story)
    with store.engine.connect() as conn:
        rows = conn.execute(query.order_by(table.c.story, table.c.kind, table.c.about)).all()
    found = [kind.from_row(dict(r._mapping)) for r in rows]

    outlet, article, speaker = filters.outlet, filters.article, filters.speaker

    def keep(record: dict[str, Any]) -> bool:
        values = record["values"]
        if outlet is not None and not any(v.get("outlet") == outlet for v in values):
            return False
        if article is not None and not any(v.get("article") == article for v in values):
            return False
        return speaker is None or any(
            (v.get("asserted_by") or {}).get("name") == speaker for v in values
        )

    found = [d for d in found if keep(d)]
    return found[offset : offset + limit], len(found)
