"""The store: articles and everything extracted from them, in SQLite (default) or PostgreSQL.

Each article is written in one transaction with all its rows, so an interrupted ingest leaves
every article either fully stored or absent, and a re-run stores the rest. Re-ingesting the same
text is a no-op (content hash); a changed text for the same URL/path becomes a new version and the
old one is kept.
"""

from __future__ import annotations

import hashlib
import random
import re
import time
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import (
    Engine,
    create_engine,
    event,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from newstrail.config import database_url
from newstrail.errors import StoreError
from newstrail.models import Article, Extraction
from newstrail.store import schema as s

AddOutcome = Literal["added", "new_version", "duplicate"]

_FTS_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
    "article_id UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5("
    "quote_id UNINDEXED, article_id UNINDEXED, text, speaker, tokenize='unicode61 remove_diacritics 2')",
]
_WORD = re.compile(r"\w+", re.UNICODE)
_WRITE_ATTEMPTS = 5
# Deadlock, serialization failure (PostgreSQL); a busy database file (SQLite).
_TRANSIENT_SQLSTATES = frozenset({"40001", "40P01"})


def _is_transient(exc: OperationalError) -> bool:
    state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return state in _TRANSIENT_SQLSTATES or "database is locked" in str(exc.orig)


def content_hash(text_: str) -> str:
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()


def to_utc(published: str | None) -> str | None:
    """A sortable UTC form of a publication time; dates and offset-less times stay as given."""
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return published
    if moment.tzinfo is None:
        return published
    return moment.astimezone(UTC).isoformat()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """All reads and writes of the knowledge base. ``engine`` may be injected (tests, servers)."""

    def __init__(self, db: str | None = None, *, engine: Engine | None = None):
        if engine is None:
            if db is None:
                raise StoreError("Store needs a database path/URL or an engine")
            engine = self._make_engine(database_url(db))
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        try:
            s.metadata.create_all(engine)
            with engine.begin() as conn:
                if self.is_sqlite:
                    for ddl in _FTS_DDL:
                        conn.execute(text(ddl))
                self._check_schema(conn)
        except OperationalError as exc:
            raise StoreError(f"Cannot open the database {db or engine.url}: {exc.orig}") from None

    @staticmethod
    def _make_engine(url: str) -> Engine:
        try:
            engine = create_engine(url)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"Cannot use database {url!r}: {exc}") from None
        if engine.dialect.name == "sqlite":

            @event.listens_for(engine, "connect")
            def _pragmas(dbapi_conn: Any, _record: Any) -> None:
                cursor = dbapi_conn.cursor()
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.execute("PRAGMA busy_timeout=10000")
                cursor.close()

        return engine

    def _check_schema(self, conn: Any) -> None:
        row = conn.execute(select(s.meta.c.value).where(s.meta.c.key == "schema_version")).first()
        if row is None:
            conn.execute(insert(s.meta).values(key="schema_version", value=str(s.SCHEMA_VERSION)))
        elif int(row[0]) > s.SCHEMA_VERSION:
            raise StoreError(
                f"The database has schema version {row[0]}, newer than this newstrail "
                f"({s.SCHEMA_VERSION}); upgrade newstrail."
            )

    # -- writing -------------------------------------------------------------------------------

    def has_text(self, text_: str) -> bool:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(s.articles.c.id).where(s.articles.c.content_hash == content_hash(text_))
            ).first()
        return found is not None

    def has_url(self, url: str) -> bool:
        """Whether an article from this URL is stored (feed entries are not fetched again)."""
        with self.engine.connect() as conn:
            found = conn.execute(
                select(s.articles.c.id).where(s.articles.c.source_key == url)
            ).first()
        return found is not None

    def add(self, article: Article, extraction: Extraction) -> tuple[str, AddOutcome]:
        """Store an article with its extraction atomically; returns ``(article_id, outcome)``.

        Several processes may write at once (PostgreSQL): when another one stored the same text,
        or the same next version of a source, first, the unique constraints refuse this insert
        and it is tried again, then finding a duplicate or taking the next version number.
        """
        for attempt in range(_WRITE_ATTEMPTS):
            try:
                return self._add(article, extraction)
            except (IntegrityError, OperationalError) as exc:
                retriable = isinstance(exc, IntegrityError) or _is_transient(exc)
                if retriable and attempt + 1 < _WRITE_ATTEMPTS:
                    time.sleep(random.uniform(0, 0.05 * (attempt + 1)))
                    continue
                error: SQLAlchemyError = exc
                break
            except SQLAlchemyError as exc:
                error = exc
                break
        raise StoreError(
            f"{article.source_key or 'article'}: not stored, the database refused it "
            f"({type(error).__name__}: {getattr(error, 'orig', error)})"
        ) from None

    def _add(self, article: Article, extraction: Extraction) -> tuple[str, AddOutcome]:
        digest = content_hash(article.text)
        article_id = digest[:16]
        with self.engine.begin() as conn:
            if conn.execute(
                select(s.articles.c.id).where(s.articles.c.content_hash == digest)
            ).first():
                return article_id, "duplicate"
            previous = None
            if article.source_key:
                previous = conn.execute(
                    select(s.articles.c.id, s.articles.c.version)
                    .where(s.articles.c.source_key == article.source_key)
                    .order_by(s.articles.c.version.desc())
                    .limit(1)
                ).first()
            conn.execute(
                insert(s.articles).values(
                    id=article_id,
                    content_hash=digest,
                    source_key=article.source_key,
                    version=(previous.version + 1) if previous else 1,
                    supersedes=previous.id if previous else None,
                    path=article.path,
                    url=article.url,
                    outlet=article.outlet,
                    title=article.title,
                    author=article.author,
                    published=article.published,
                    published_utc=to_utc(article.published),
                    language=article.language,
                    text=article.text,
                    words=len(article.text.split()),
                    ingested_at=_now(),
                    model=extraction.components.get("model"),
                )
            )
            self._insert_items(conn, article_id, extraction)
        return article_id, ("new_version" if previous else "added")

    def _insert_items(self, conn: Any, article_id: str, ex: Extraction) -> None:
        created = _now()
        if ex.components:
            conn.execute(
                insert(s.extractions),
                [
                    {
                        "article_id": article_id,
                        "component": name,
                        "version": version,
                        "created_at": created,
                    }
                    for name, version in ex.components.items()
                ],
            )
        # Entity, Place and TimeExpr fields are named as their tables' columns.
        for table, items in ((s.entities, ex.entities), (s.places, ex.places), (s.times, ex.times)):
            if items:
                columns = [c.name for c in table.columns if c.name not in ("id", "article_id")]
                conn.execute(
                    insert(table),
                    [
                        {"article_id": article_id, **{c: getattr(item, c) for c in columns}}
                        for item in items
                    ],
                )
        for q in ex.quotes:
            mention = q.speaker.mention
            result = conn.execute(
                insert(s.quotes).values(
                    article_id=article_id,
                    start=q.start,
                    end=q.end,
                    text=q.text,
                    component=q.component,
                    kind=q.kind,
                    cue_text=q.cue.text if q.cue else None,
                    cue_start=q.cue.start if q.cue else None,
                    cue_end=q.cue.end if q.cue else None,
                    speaker_name=q.speaker.name,
                    speaker_label=q.speaker.label,
                    speaker_role=q.speaker.role,
                    mention_text=mention.text if mention else None,
                    mention_start=mention.start if mention else None,
                    mention_end=mention.end if mention else None,
                    fragments=[asdict(f) for f in q.fragments],
                )
            )
            if self.is_sqlite:
                conn.execute(
                    text(
                        "INSERT INTO quotes_fts(quote_id, article_id, text, speaker) "
                        "VALUES (:q, :a, :t, :s)"
                    ),
                    {
                        "q": result.inserted_primary_key[0],
                        "a": article_id,
                        "t": q.text,
                        "s": " ".join(
                            filter(None, [q.speaker.name, mention.text if mention else None])
                        ),
                    },
                )
        if self.is_sqlite:
            title = conn.execute(
                select(s.articles.c.title, s.articles.c.text).where(s.articles.c.id == article_id)
            ).first()
            conn.execute(
                text("INSERT INTO articles_fts(article_id, title, text) VALUES (:a, :ti, :te)"),
                {"a": article_id, "ti": title.title or "", "te": title.text},
            )

    # -- reading -------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in [("articles", s.articles), *s.ITEM_TABLES.items()]
            }

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """One article in the export shape (text plus every item with offsets), or ``None``.

        A unique prefix of the id is accepted.
        """
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(s.articles)
                .where(s.articles.c.id.startswith(article_id, autoescape=True))
                .limit(2)
            ).all()
            if len(rows) != 1:
                return None
            return self._record(conn, dict(rows[0]._mapping))

    def iter_records(self, batch: int = 200) -> Iterator[dict[str, Any]]:
        """Every article in the JSONL export shape, oldest ingest first."""
        offset = 0
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(s.articles)
                    .order_by(s.articles.c.ingested_at, s.articles.c.id)
                    .limit(batch)
                    .offset(offset)
                ).all()
                if not rows:
                    return
                for row in rows:
                    yield self._record(conn, dict(row._mapping))
            offset += batch

    def _record(self, conn: Any, row: dict[str, Any]) -> dict[str, Any]:
        article_id = row["id"]

        def items(table: Any) -> list[dict[str, Any]]:
            result = conn.execute(
                select(table)
                .where(table.c.article_id == article_id)
                .order_by(table.c.start, table.c.id)
            )
            return [dict(r._mapping) for r in result]

        components = {
            r.component: r.version
            for r in conn.execute(
                select(s.extractions).where(s.extractions.c.article_id == article_id)
            )
        }
        return {
            "id": article_id,
            "source": {"path": row["path"], "url": row["url"], "outlet": row["outlet"]},
            "title": row["title"],
            "author": row["author"],
            "published": row["published"],
            "language": row["language"],
            "version": row["version"],
            "supersedes": row["supersedes"],
            "text": row["text"],
            "quotes": [quote_record(q) for q in items(s.quotes)],
            "entities": [_item(e) for e in items(s.entities)],
            "places": [_item(p) for p in items(s.places)],
            "times": [_item(t) for t in items(s.times)],
            "components": components,
        }


def fts_query(user_text: str) -> str:
    """User text as an FTS5 query of quoted terms (all must match), so no syntax can break it."""
    return " ".join(f'"{word}"' for word in _WORD.findall(user_text))


def _item(row: dict[str, Any]) -> dict[str, Any]:
    """An extracted row as exported: every column but the row and article ids."""
    return {key: value for key, value in row.items() if key not in ("id", "article_id")}


def quote_record(row: dict[str, Any]) -> dict[str, Any]:
    mention = None
    if row.get("mention_start") is not None:
        mention = {
            "text": row["mention_text"],
            "start": row["mention_start"],
            "end": row["mention_end"],
        }
    cue = None
    if row.get("cue_start") is not None:
        cue = {"text": row["cue_text"], "start": row["cue_start"], "end": row["cue_end"]}
    return {
        "text": row["text"],
        "start": row["start"],
        "end": row["end"],
        "kind": row["kind"],
        "cue": cue,
        "speaker": {
            "name": row["speaker_name"],
            "mention": mention,
            "label": row["speaker_label"],
            "role": row["speaker_role"],
        },
        "fragments": row.get("fragments") or [],
        "component": row["component"],
    }
