"""What a batch of new articles touches, for the linkers that recompute per story or pool
(claims, disagreements, event groups): the stories of the new articles and those an earlier
linker changed, the articles of those stories, and link records read by key — each one query
per 500 keys, never a scan of the whole store."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from newstrail.models import record_kind
from newstrail.store import Store
from newstrail.store import schema as s

__all__ = [
    "articles_of_stories",
    "articles_without_story",
    "records_where",
    "stories_of",
    "touched_stories",
]

_CHUNK = 500


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def records_where(store: Store, kind_name: str, column: str, values: Iterable[Any]) -> list[Any]:
    """The stored records of link kind ``kind_name`` whose ``column`` holds one of ``values``
    (export shape, with the table's own columns such as ``article_id``)."""
    kind = record_kind(kind_name)
    table = s.kind_table(kind)
    found: list[Any] = []
    with store.engine.connect() as conn:
        for chunk in _chunks(values):
            rows = conn.execute(select(table).where(table.c[column].in_(chunk))).all()
            found.extend({**dict(r._mapping), **kind.from_row(dict(r._mapping))} for r in rows)
    return found


def stories_of(store: Store, articles: Iterable[str]) -> dict[str, str]:
    """Article id → its story (``article_links``); articles without one are absent."""
    return {
        str(r["article_id"]): str(r["story"])
        for r in records_where(store, "article_links", "article_id", articles)
        if r.get("story")
    }


def articles_of_stories(store: Store, stories: Iterable[str]) -> dict[str, str]:
    """Article id → story, for every article of ``stories``."""
    return {
        str(r["article_id"]): str(r["story"])
        for r in records_where(store, "article_links", "story", stories)
    }


def articles_without_story(store: Store) -> list[str]:
    """Articles the stories linker has not placed (it has not run): one pool of their own."""
    a = s.articles
    links = s.kind_table(record_kind("article_links"))
    placed = select(links.c.article_id).where(links.c.story.is_not(None))
    with store.engine.connect() as conn:
        return [r.id for r in conn.execute(select(a.c.id).where(a.c.id.not_in(placed)))]


def touched_stories(store: Store, articles: Iterable[str], changed: Iterable[str]) -> set[str]:
    """The stories of the new ``articles`` plus those an earlier linker ``changed`` (a story
    merged away is in ``changed`` although it no longer exists: what was made for it goes)."""
    return set(stories_of(store, articles).values()) | set(changed)
