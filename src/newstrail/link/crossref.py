"""The issue-11 linkers: copies and stories (``stories``), identities (``identities``).

Both read the stored articles in publication order (undated ones last; ties by article id) and feed them one at a time to the streaming indexes of
:mod:`newstrail.link.duplicates`, :mod:`newstrail.link.stories` and
:mod:`newstrail.link.identities`; the cost per article is bounded by those indexes' blocking, so a
run is linear in the number of articles. The records they return replace the previous run's, so
running the stage again gives the same ids (idempotent).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields
from typing import Any

from sqlalchemy import select

from newstrail.link import Linker, register_linker
from newstrail.link.duplicates import DuplicateIndex
from newstrail.link.identities import IdentityResolver
from newstrail.link.stories import StoryIndex, story_features
from newstrail.models import Article, Entity, Extraction, Place, Quote, Speaker, TimeExpr
from newstrail.records.links import ArticleLink, IdentityLink, IdentityRecord, StoryRecord
from newstrail.store import Store
from newstrail.store import schema as s

__all__ = ["STORIES", "IDENTITIES", "find_identities", "find_stories", "to_extraction"]

VERSION = "1.0.0"


def _build(cls: type, data: dict[str, Any]) -> Any:
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def to_extraction(record: dict[str, Any]) -> Extraction:
    """The extraction of an article in the export shape (what linking reads of it)."""
    quotes = []
    for quote in record.get("quotes", []):
        speaker = quote.get("speaker") or {}
        quotes.append(
            Quote(
                text=quote["text"],
                start=quote["start"],
                end=quote["end"],
                kind=quote["kind"],
                cue=None,
                speaker=Speaker(
                    name=speaker.get("name"), label=speaker.get("label"), role=speaker.get("role")
                ),
            )
        )
    return Extraction(
        entities=[_build(Entity, e) for e in record.get("entities", [])],
        places=[_build(Place, p) for p in record.get("places", [])],
        times=[_build(TimeExpr, t) for t in record.get("times", [])],
        quotes=quotes,
    )


def to_article(record: dict[str, Any]) -> Article:
    source = record.get("source") or {}
    return Article(
        text=record["text"],
        title=record.get("title"),
        published=record.get("published"),
        outlet=source.get("outlet"),
        url=source.get("url"),
        path=source.get("path"),
    )


def _in_publication_order(store: Store) -> Iterator[dict[str, Any]]:
    """Every stored article in the export shape, by publication time (UTC), undated ones after
    the dated ones; one at a time, so memory does not grow with the store."""
    a = s.articles
    with store.engine.connect() as conn:
        ids = conn.execute(
            # Ties and undated articles by id (a content hash), not by ingest time: the same
            # articles give the same stories and ids however they were ingested (workers, Ray).
            select(a.c.id).order_by(a.c.published_utc.is_(None), a.c.published_utc, a.c.id)
        ).scalars()
        ordered = list(ids)
    for article_id in ordered:
        record = store.get_article(article_id)
        if record is not None:
            yield record


def find_stories(store: Store) -> dict[str, list[Any]]:
    """Copies (``duplicate_of``) and stories of every stored article."""
    component = f"stories@{VERSION}"
    duplicates, stories = DuplicateIndex(), StoryIndex()
    links: list[ArticleLink] = []
    meta: dict[str, dict[str, Any]] = {}
    for record in _in_publication_order(store):
        article_id = record["id"]
        article = to_article(record)
        meta[article_id] = {"published": article.published, "outlet": article.outlet}
        copy = duplicates.add(article_id, article.text)
        linked = stories.add(story_features(article_id, article, to_extraction(record)))
        links.append(
            ArticleLink(
                article_id=article_id,
                story=str(linked.story),
                duplicate_of=copy.original if copy else None,
                similarity=copy.similarity if copy else None,
                component=component,
            )
        )
    story_records = []
    members: dict[int, list[str]] = {}
    for link in links:
        members.setdefault(stories.resolve(int(link.story or 0)), []).append(link.article_id)
    copies = {link.article_id for link in links if link.duplicate_of}
    for link in links:
        link.story = str(stories.resolve(int(link.story or 0)))
    for story_id, articles in sorted(members.items()):
        dates = [meta[a]["published"] for a in articles if meta[a]["published"]]
        outlets = sorted({meta[a]["outlet"] for a in articles if meta[a]["outlet"]})
        story_records.append(
            StoryRecord(
                id=str(story_id),
                title=stories.stories[story_id].title,
                articles=articles,
                first_published=min(dates) if dates else None,
                outlets=outlets,
                independent_articles=sum(1 for a in articles if a not in copies),
                component=component,
            )
        )
    return {"stories": story_records, "article_links": links}


def find_identities(store: Store) -> dict[str, list[Any]]:
    """The identity of every entity, place and quote speaker of every stored article."""
    component = f"identities@{VERSION}"
    resolver = IdentityResolver()
    links: list[IdentityLink] = []
    for record in _in_publication_order(store):
        article_id = record["id"]
        resolved = resolver.add_article(article_id, to_extraction(record))
        for kind, ids in (
            ("entities", resolved.entities),
            ("places", resolved.places),
            ("quotes", resolved.speakers),
        ):
            for position, identity in enumerate(ids):
                if identity is not None:
                    links.append(IdentityLink(article_id, kind, position, str(identity), component))
    identities = [
        IdentityRecord(
            id=str(identity.id),
            name=identity.name,
            label=identity.label,
            aliases=data["aliases"],
            roles=data["roles"],
            articles=data["articles"],
            evidence=data["evidence"],
            component=component,
        )
        for identity in resolver.identities.values()
        for data in [identity.as_dict()]
    ]
    return {"identities": identities, "identity_links": links}


STORIES = register_linker(
    Linker("stories", VERSION, find_stories, kinds=("stories", "article_links"))
)
IDENTITIES = register_linker(
    Linker("identities", VERSION, find_identities, kinds=("identities", "identity_links"))
)
