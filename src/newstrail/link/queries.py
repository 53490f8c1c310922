"""Reading what the link stage stored: stories and identities for the API, the web UI and the CLI.

Stories and identities are link records (:mod:`newstrail.records.links`); these functions join
them with the articles and items they point to.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, func, literal_column, select

from newstrail.models import record_kind
from newstrail.store import Store
from newstrail.store import schema as s
from newstrail.store.filters import Filters, Rows, records_page
from newstrail.store.queries import list_quotes

__all__ = [
    "EventGroupQuery",
    "IdentityQuery",
    "get_identity",
    "get_story",
    "list_event_groups",
    "list_identities",
    "list_stories",
    "stories_of",
]


MAX_STORY_QUOTES = 1000  # a story page lists at most this many quotes


# -- what the lists ask for ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IdentityQuery:
    """Which identities: of a ``label`` (PERSON, ORG, GPE, ...; any case), with ``name_like``
    (any case) in the name or an alias."""

    label: str | None = None
    name_like: str | None = None


@dataclass(frozen=True, slots=True)
class EventGroupQuery:
    """Which event groups: of a ``story``, of a PLOVER ``type`` (any case)."""

    story: str | None = None
    type: str | None = None


def _table(kind: str) -> Any:
    return s.kind_table(record_kind(kind))


def _row(kind: str, row: Any) -> dict[str, Any]:
    return record_kind(kind).from_row(dict(row._mapping))


def list_stories(store: Store, *, limit: int = 50, offset: int = 0, min_articles: int = 1) -> Rows:
    """Stories, the latest first published first (undated last), and how many there are."""
    table = _table("stories")
    count = func.json_array_length(table.c.articles)
    where = [count >= min_articles] if min_articles > 1 else []
    order = (table.c.first_published.is_(None), table.c.first_published.desc(), table.c.id)
    kind = record_kind("stories")
    return records_page(store, kind, where, order, limit=limit, offset=offset)


def list_event_groups(
    store: Store, want: EventGroupQuery = EventGroupQuery(), *, limit: int = 50, offset: int = 0
) -> Rows:
    """Stored event groups (most reported first), filtered by story and type; and how many match."""
    kind = record_kind("event_groups")
    table = _table("event_groups")
    where = []
    if want.story is not None:
        where.append(table.c.story == want.story)
    if want.type is not None:
        where.append(table.c.type == want.type.upper())
    order = (
        table.c.articles.desc(),
        # undated last; literals, not parameters, so the index on it applies
        func.coalesce(func.nullif(table.c.time, literal_column("''")), literal_column("'~'")),
        table.c.id,
    )
    # in SQL: a page, not every group decoded and sorted
    return records_page(store, kind, where, order, limit=limit, offset=offset)


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
    store: Store, want: IdentityQuery = IdentityQuery(), *, limit: int = 50, offset: int = 0
) -> Rows:
    """Identities (most articles first), by label and part of a name or alias."""
    table = _table("identities")
    where = []
    if want.label:
        where.append(table.c.label == want.label.upper())
    if want.name_like:
        pattern = f"%{want.name_like.lower()}%"
        where.append(
            func.lower(table.c.name).like(pattern)
            | func.lower(cast(table.c.aliases, String)).like(pattern)
        )
    order = (func.json_array_length(table.c.articles).desc(), table.c.name)
    kind = record_kind("identities")
    return records_page(store, kind, where, order, limit=limit, offset=offset)


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
