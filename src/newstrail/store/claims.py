"""Reading the claim trail and the disagreements back (link kinds ``claims``, ``disagreements``):
filtered, paginated lists and single records, in the export shape."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import String, cast, func, select

from newstrail.models import record_kind
from newstrail.store import schema as s
from newstrail.store.db import Store

__all__ = ["claims_of_article", "get_claim", "list_claims", "list_disagreements"]


def _like_json(value: str) -> str:
    """A LIKE pattern matching ``value`` as one JSON string inside a JSON list column."""
    quoted = json.dumps(value)  # as SQLAlchemy stores JSON (ASCII, \u escapes)
    escaped = quoted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_claims(
    store: Store,
    *,
    story: str | None = None,
    speaker: str | None = None,
    outlet: str | None = None,
    article: str | None = None,
    min_appearances: int = 1,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Claims, most repeated first (then earliest first); ``speaker`` matches the speaker's
    name or identity; ``outlet`` and ``article`` match any appearance."""
    kind = record_kind("claims")
    table = s.kind_table(kind)
    query = select(table)
    if story is not None:
        query = query.where(table.c.story == story)
    if speaker is not None:
        query = query.where(
            (table.c.speaker_name == speaker) | (table.c.speaker_identity == speaker)
        )
    if outlet is not None:
        query = query.where(cast(table.c.outlets, String).like(_like_json(outlet), escape="\\"))
    if article is not None:  # the JSON column holds '"article": "<id>"' for each appearance
        needle = '"article": ' + json.dumps(article)
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(cast(table.c.appearances, String).like(f"%{escaped}%", escape="\\"))
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
    rows, _ = list_claims(store, article=article_id, limit=10_000)
    return rows


def list_disagreements(
    store: Store,
    *,
    story: str | None = None,
    speaker: str | None = None,
    outlet: str | None = None,
    article: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Disagreements by story and subject; ``speaker``/``outlet``/``article`` match any value's
    asserter, outlet or article."""
    kind = record_kind("disagreements")
    table = s.kind_table(kind)
    query = select(table)
    if story is not None:
        query = query.where(table.c.story == story)
    with store.engine.connect() as conn:
        rows = conn.execute(query.order_by(table.c.story, table.c.kind, table.c.about)).all()
    found = [kind.from_row(dict(r._mapping)) for r in rows]

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
