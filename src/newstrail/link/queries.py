"""Reading what the link stage stored: stories and identities for the API, the web UI and the CLI.

Stories and identities are link records (:mod:`newstrail.records.links`); these functions join
them with the articles and items they point to.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import String, cast, func, select

from newstrail.models import record_kind
from newstrail.store import Store
from newstrail.store import schema as s
from newstrail.store.filters import Filters
from newstrail.store.queries import list_quotes

__all__ = ["get_identity", "get_story", "list_identities", "list_stories", "stories_of"]


MAX_STORY_QUOTES = 1000  # a story page lists at most this many quotes


def _table(kind: str) -> Any:
    return s.kind_table(record_kind(kind))


def _row(kind: str, row: Any) -> dict[str, Any]:
    return record_kind(kind).from_row(dict(row._mapping))


def list_stories(
    store: Store, *, limit: int = 50, offset: int = 0, min_articles: int = 1
) -> tuple[list[dict[str, Any]], int]:
    """Stories, the latest first published first (undated last), and how many there are."""
    table = _table("stories")
    count = func.json_array_length(table.c.articles)
    where = [count >= min_articles] if min_articles > 1 else []
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()
        rows = conn.execute(
            select(table)
            .where(*where)
            .order_by(table.c.first_published.is_(None), table.c.first_published.desc(), table.c.id)
            .limit(limit)
            .offset(offset)
        ).all()
    return [_row("stories", r) for r in rows], total


def _articles(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    a, links = s.articles, _table("article_links")
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(
                a.c.id,
                a.c.title,
                a.c.path,
                a.c.url,
                a.c.outlet,
                a.c.published,
                links.c.duplicate_of,
                links.c.similarity,
            )
            .select_from(a.outerjoin(links, links.c.article_id == a.c.id))
            .where(a.c.id.in_(ids))
        ).all()
    return {r.id: dict(r._mapping) for r in rows}


def get_story(store: Store, story_id: str) -> dict[str, Any] | None:
    """A story with its articles (publication order, copies under their originals) and its
    people, places and quotes."""
    table = _table("stories")
    with store.engine.connect() as conn:
        row = conn.execute(select(table).where(table.c.id == story_id)).first()
    if row is None:
        return None
    story = _row("stories", row)
    articles = _articles(store, story["articles"])
    coverage = [articles[i] for i in story["articles"] if i in articles]
    originals = [a for a in coverage if not a["duplicate_of"]]
    for article in originals:
        article["copies"] = [c for c in coverage if c["duplicate_of"] == article["id"]]
    orphans = [c for c in coverage if c["duplicate_of"] and c["duplicate_of"] not in articles]
    story["coverage"] = coverage
    story["originals"] = originals + orphans
    identities = _table("identity_links")
    ident = _table("identities")
    with store.engine.connect() as conn:
        counted = conn.execute(
            select(identities.c.identity, func.count())
            .where(identities.c.article_id.in_(story["articles"]))
            .group_by(identities.c.identity)
        ).all()
        mentions = Counter({r[0]: r[1] for r in counted})
        rows = conn.execute(select(ident).where(ident.c.id.in_(list(mentions)))).all()
    people: list[dict[str, Any]] = []
    places: list[dict[str, Any]] = []
    orgs: list[dict[str, Any]] = []
    for identity in sorted((_row("identities", r) for r in rows), key=lambda i: -mentions[i["id"]]):
        entry = {
            "id": identity["id"],
            "name": identity["name"],
            "mentions": mentions[identity["id"]],
        }
        {"PERSON": people, "PLACE": places, "ORG": orgs}.get(identity["label"], orgs).append(entry)
    story["people"], story["places"], story["organisations"] = people, places, orgs
    # the story's quotes as the quote lists give them, in the story's publication order
    quotes, _ = list_quotes(store, Filters(story=story["id"]), limit=MAX_STORY_QUOTES)
    position = {article: i for i, article in enumerate(story["articles"])}
    story["quotes"] = sorted(quotes, key=lambda q: (position[q["article_id"]], q["start"]))
    return story


def stories_of(store: Store, article_id: str) -> dict[str, Any] | None:
    """The story of an article and the other articles in it (for "same story" links)."""
    links = _table("article_links")
    with store.engine.connect() as conn:
        row = conn.execute(select(links).where(links.c.article_id == article_id)).first()
    if row is None or row.story is None:
        return None
    table = _table("stories")
    with store.engine.connect() as conn:
        story_row = conn.execute(select(table).where(table.c.id == row.story)).first()
    if story_row is None:
        return None
    story = _row("stories", story_row)
    others = [i for i in story["articles"] if i != article_id]
    articles = _articles(store, others)
    story["others"] = [articles[i] for i in others if i in articles]
    return story


def list_identities(
    store: Store,
    *,
    label: str | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Identities (most articles first), by label and part of a name or alias."""
    table = _table("identities")
    where = []
    if label:
        where.append(table.c.label == label.upper())
    if q:
        pattern = f"%{q.lower()}%"
        where.append(
            func.lower(table.c.name).like(pattern)
            | func.lower(cast(table.c.aliases, String)).like(pattern)
        )
    count = func.json_array_length(table.c.articles)
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()
        rows = conn.execute(
            select(table)
            .where(*where)
            .order_by(count.desc(), table.c.name)
            .limit(limit)
            .offset(offset)
        ).all()
    return [_row("identities", r) for r in rows], total


def get_identity(store: Store, identity_id: str) -> dict[str, Any] | None:
    """An identity with every mention (article, kind, text and offsets)."""
    table, links = _table("identities"), _table("identity_links")
    with store.engine.connect() as conn:
        row = conn.execute(select(table).where(table.c.id == identity_id)).first()
        if row is None:
            return None
        found = conn.execute(
            select(links).where(links.c.identity == identity_id).order_by(links.c.article_id)
        ).all()
    identity = _row("identities", row)
    mentions = []
    by_article: dict[str, list[Any]] = {}
    for link in found:
        by_article.setdefault(link.article_id, []).append(link)
    for article_id, article_links in by_article.items():
        record = store.get_article(article_id)
        if record is None:
            continue
        for link in article_links:
            items = record.get(link.kind, [])
            if link.position >= len(items):
                continue
            item = items[link.position]
            if link.kind == "quotes":
                mentions.append(
                    {
                        "article_id": article_id,
                        "kind": "quote",
                        "text": item["text"],
                        "start": item["start"],
                        "end": item["end"],
                        "title": record["title"],
                        "published": record["published"],
                    }
                )
            else:
                mentions.append(
                    {
                        "article_id": article_id,
                        "kind": "entity" if link.kind == "entities" else "place",
                        "text": item["text"],
                        "start": item["start"],
                        "end": item["end"],
                        "title": record["title"],
                        "published": record["published"],
                    }
                )
    identity["mentions"] = mentions
    return identity
