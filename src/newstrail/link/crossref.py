"""The issue-11 linkers: copies and stories (``stories``), identities (``identities``), streaming.

Each run links only the articles the linker has not linked yet (:class:`~newstrail.link.LinkScope`),
in publication order (undated ones last; ties by article id), a batch of :data:`BATCH` at a time:
the batch's articles go through the streaming indexes of :mod:`newstrail.link.duplicates`,
:mod:`newstrail.link.stories` and :mod:`newstrail.link.identities`, whose state lives in the
database and is read by key (the LSH buckets, blocking keys, name keys and candidate stories or
identities of the batch only), and the records the batch touched are upserted: its
``article_links`` / ``identity_links``, the stories it joined, opened or merged, the identities it
added to. Each batch is one transaction with its state and the marks of its articles, so an
interrupted run resumes where it stopped, and the cost of a batch does not grow with the store.

Ids are stable: a story or identity keeps its id as long as it exists; when an article shows two
stories to be one, the older id survives, the other's record is deleted and its article links are
re-pointed. ``newstrail link --rebuild`` (or a new version of these linkers) recomputes everything
from the stored articles in publication order, giving the ids a single pass gives.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import fields
from typing import Any

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from newstrail.link import LinkChanges, Linker, LinkScope, register_linker, upsert_rows
from newstrail.link.duplicates import DuplicateIndex, DuplicateMatch
from newstrail.link.identities import IdentityResolver
from newstrail.link.state import StateTable
from newstrail.link.stories import StoryIndex, story_features
from newstrail.models import (
    Article,
    Entity,
    Extraction,
    Place,
    Quote,
    Speaker,
    TimeExpr,
    record_kind,
)
from newstrail.records.links import ArticleLink, IdentityLink, IdentityRecord, StoryRecord
from newstrail.store import Store
from newstrail.store import schema as s

__all__ = ["BATCH", "IDENTITIES", "STORIES", "find_identities", "find_stories", "to_extraction"]

VERSION = "1.2.0"  # 1.2: group speakers are GROUP identities
BATCH = 500  # articles linked per transaction
# A rebuild keeps the whole state in memory (nothing to read back) up to this many articles, then
# drops it and reads it back by key like any batch (memory stays bounded on a large store).
CACHE_ARTICLES = 50_000


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


def _batches(ids: tuple[str, ...]) -> Iterator[list[str]]:
    for start in range(0, len(ids), BATCH):
        yield list(ids[start : start + BATCH])


def _records(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    return store.records_for_linking(ids)


# -- copies ------------------------------------------------------------------------------------


class StoredDuplicates:
    """The copy check's index over the stored signatures: before a batch, the articles sharing
    an LSH bucket with it (and the originals they copy) are read into a
    :class:`DuplicateIndex`; after it, the batch's signatures and buckets are written."""

    def __init__(self, store: Store, complete: bool) -> None:
        self.store = store
        self.complete = complete
        self.index = DuplicateIndex()
        self.scalars: StateTable[str, Any] = StateTable(
            "stories.duplicates", store.engine, complete=complete
        )
        self.index.next_order = self.scalars.get("next_order", 0)
        self._new: list[tuple[str, int, Any, str | None]] = []

    def _restore(self, conn: Connection, ids: set[str]) -> set[str]:
        m = s.link_minhash
        originals: set[str] = set()
        listed = sorted(ids)
        for start in range(0, len(listed), 500):
            rows = conn.execute(
                select(m.c.article_id, m.c.seq, m.c.signature, m.c.original).where(
                    m.c.article_id.in_(listed[start : start + 500])
                )
            ).all()
            for row in rows:
                values = np.frombuffer(row.signature, dtype=np.uint64)
                self.index.restore(
                    row.article_id, self.index.from_hashvalues(values), row.original, row.seq
                )
                if row.original:
                    originals.add(row.original)
        return originals

    def prepare(self, signatures: list[Any]) -> None:
        """Read the stored articles the batch's signatures may match."""
        if self.complete:
            return
        buckets = sorted({b for sig in signatures for b in self.index.buckets(sig)})
        bands = s.link_minhash_bands
        ids: set[str] = set()
        with self.store.engine.connect() as conn:
            for start in range(0, len(buckets), 500):
                ids.update(
                    conn.execute(
                        select(bands.c.article_id).where(
                            bands.c.bucket.in_(buckets[start : start + 500])
                        )
                    ).scalars()
                )
            originals = self._restore(conn, ids)
            self._restore(conn, originals - ids)

    def add(self, article_id: str, signature: Any) -> DuplicateMatch | None:
        order = self.index.next_order
        match = self.index.add(article_id, signature=signature)
        self._new.append((article_id, order, signature, match.original if match else None))
        return match

    def flush(self, conn: Connection) -> None:
        upsert_rows(
            conn,
            s.link_minhash,
            [
                {
                    "article_id": article_id,
                    "seq": order,
                    "signature": np.asarray(sig.hashvalues, dtype=np.uint64).tobytes(),
                    "original": original,
                }
                for article_id, order, sig, original in self._new
            ],
        )
        bands = [
            {"bucket": bucket, "article_id": article_id}
            for article_id, _, sig, _ in self._new
            for bucket in self.index.buckets(sig)
        ]
        for start in range(0, len(bands), 2000):
            conn.execute(s.link_minhash_bands.insert(), bands[start : start + 2000])
        self._new = []
        self.scalars["next_order"] = self.index.next_order
        self.scalars.flush(conn)

    def forget(self) -> None:
        order = self.index.next_order
        self.index = DuplicateIndex()
        self.index.next_order = order
        self.complete = False


# -- stories -----------------------------------------------------------------------------------


def _publication_keys(conn: Connection, ids: list[str]) -> dict[str, tuple[bool, str, str]]:
    a = s.articles
    keys: dict[str, tuple[bool, str, str]] = {}
    for start in range(0, len(ids), 500):
        for row in conn.execute(
            select(a.c.id, a.c.published_utc).where(a.c.id.in_(ids[start : start + 500]))
        ):
            keys[row.id] = (row.published_utc is None, row.published_utc or "", row.id)
    return keys


def _story_records(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    kind = record_kind("stories")
    table = s.kind_table(kind)
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        for row in conn.execute(select(table).where(table.c.id.in_(ids[start : start + 500]))):
            found[row.id] = kind.from_row(dict(row._mapping))
    return found


def _repoint(conn: Connection, repoint: dict[str, str]) -> None:
    """Article links of a story merged away now point to the story it went into."""
    table = s.kind_table(record_kind("article_links"))
    for gone, into in repoint.items():
        conn.execute(update(table).where(table.c.story == gone).values(story=into))


def find_stories(store: Store, scope: LinkScope) -> Iterator[LinkChanges]:
    """Copies (``duplicate_of``) and stories of the articles of ``scope``, a batch at a time."""
    complete = scope.full  # the stage cleared the state: what this run writes is all there is
    duplicates = StoredDuplicates(store, complete)
    stories = StoryIndex(source=store.engine, complete=complete)
    try:
        yield from _link_stories(store, scope, duplicates, stories, complete)
    finally:
        stories.close()


def _link_stories(
    store: Store,
    scope: LinkScope,
    duplicates: StoredDuplicates,
    stories: StoryIndex,
    complete: bool,
) -> Iterator[LinkChanges]:
    component = f"stories@{VERSION}"
    linked = 0
    for batch in _batches(scope.articles):
        records = _records(store, batch)
        signatures = [duplicates.index.signature(r["text"]) for r in records]
        duplicates.prepare(signatures)
        changes = LinkChanges(linked=batch)
        links: list[ArticleLink] = []
        new: dict[str, dict[str, Any]] = {}
        merged: dict[int, int] = {}  # story merged away -> the story it went into
        for record, signature in zip(records, signatures, strict=True):
            article_id = record["id"]
            article = to_article(record)
            copy = duplicates.add(article_id, signature)
            found = stories.add(story_features(article_id, article, to_extraction(record)))
            for other in found.merged:
                merged[other] = found.story
            new[article_id] = {
                "published": article.published,
                "outlet": article.outlet,
                "copy": copy is not None,
            }
            links.append(
                ArticleLink(
                    article_id=article_id,
                    story=str(found.story),
                    duplicate_of=copy.original if copy else None,
                    similarity=copy.similarity if copy else None,
                    component=component,
                )
            )
        for link in links:
            link.story = str(stories.resolve(int(link.story or 0)))
        survivors = {str(stories.resolve(i)) for i in merged}
        survivors |= {link.story for link in links if link.story}
        removed = {str(i) for i in merged} - survivors
        changes.upsert("article_links", *links)
        changes.write += [duplicates.flush, stories.flush]
        changes.touch("stories", *survivors, *removed)
        with store.engine.connect() as conn:
            old = _story_records(conn, sorted(survivors | removed))
            members: dict[str, list[str]] = {}
            for story_id, record in old.items():
                into = story_id if story_id in survivors else str(stories.resolve(int(story_id)))
                members.setdefault(into, []).extend(record["articles"])
            for link in links:
                members.setdefault(link.story or "", []).append(link.article_id)
            order = _publication_keys(conn, sorted({a for m in members.values() for a in m}))
        for story_id in sorted(survivors, key=int):
            articles = sorted(
                set(members.get(story_id, [])), key=lambda a: order.get(a, (True, "", a))
            )
            parts = [
                old[i]
                for i in old
                if i == story_id or (i in removed and str(stories.resolve(int(i))) == story_id)
            ]
            fresh = [new[a] for a in articles if a in new]
            dates = [p["first_published"] for p in parts if p["first_published"]]
            dates += [n["published"] for n in fresh if n["published"]]
            outlets = {o for p in parts for o in p["outlets"]}
            outlets |= {n["outlet"] for n in fresh if n["outlet"]}
            story = stories.stories.get(int(story_id))
            title = (
                story.title
                if story is not None
                else (old[story_id]["title"] if story_id in old else "")
            )
            changes.upsert(
                "stories",
                StoryRecord(
                    id=story_id,
                    title=title,
                    articles=articles,
                    first_published=min(dates) if dates else None,
                    outlets=sorted(outlets),
                    independent_articles=sum(p["independent_articles"] for p in parts)
                    + sum(1 for n in fresh if not n["copy"]),
                    component=component,
                ),
            )
        if removed:
            changes.delete("stories", *((i,) for i in sorted(removed)))
            repoint = {i: str(stories.resolve(int(i))) for i in removed}
            changes.write.append(functools.partial(_repoint, repoint=repoint))
        yield changes
        linked += len(batch)
        if not complete or linked >= CACHE_ARTICLES:
            stories.forget()
            duplicates.forget()
            complete = False


def find_identities(store: Store, scope: LinkScope) -> Iterator[LinkChanges]:
    """The identity of every entity, place and quote speaker of the articles of ``scope``."""
    complete = scope.full
    resolver = IdentityResolver(source=store.engine, complete=complete)
    try:
        yield from _link_identities(store, scope, resolver, complete)
    finally:
        resolver.close()


def _link_identities(
    store: Store, scope: LinkScope, resolver: IdentityResolver, complete: bool
) -> Iterator[LinkChanges]:
    component = f"identities@{VERSION}"
    linked = 0
    for batch in _batches(scope.articles):
        changes = LinkChanges(linked=batch)
        touched: set[int] = set()
        for record in _records(store, batch):
            article_id = record["id"]
            resolved = resolver.add_article(article_id, to_extraction(record))
            for kind, ids in (
                ("entities", resolved.entities),
                ("places", resolved.places),
                ("quotes", resolved.speakers),
            ):
                for position, identity in enumerate(ids):
                    if identity is not None:
                        touched.add(identity)
                        changes.upsert(
                            "identity_links",
                            IdentityLink(article_id, kind, position, str(identity), component),
                        )
        for identity_id in sorted(touched):
            found = resolver.identities[identity_id]
            data = found.as_dict()
            changes.upsert(
                "identities",
                IdentityRecord(
                    id=str(found.id),
                    name=found.name,
                    label=found.label,
                    aliases=data["aliases"],
                    roles=data["roles"],
                    articles=data["articles"],
                    evidence=data["evidence"],
                    component=component,
                ),
            )
        changes.touch("identities", *(str(i) for i in touched))
        changes.write.append(resolver.flush)
        yield changes
        linked += len(batch)
        if not complete or linked >= CACHE_ARTICLES:
            resolver.forget()
            complete = False


STORIES = register_linker(
    Linker(
        "stories",
        VERSION,
        find_stories,
        kinds=("stories", "article_links"),
        streaming=True,
        state_tables=("link_minhash", "link_minhash_bands"),
    )
)
IDENTITIES = register_linker(
    Linker(
        "identities",
        VERSION,
        find_identities,
        kinds=("identities", "identity_links"),
        streaming=True,
    )
)
