"""The store: articles and everything extracted from them, in SQLite (default) or PostgreSQL.

Each article is written in one transaction with all its rows, so an interrupted ingest leaves
every article either fully stored or absent, and a re-run stores the rest. Re-ingesting the same
text is a no-op (content hash); a changed text for the same URL/path becomes a new version and the
old one is kept.
"""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import (
    Engine,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError, SQLAlchemyError

from newstrail.config import database_url
from newstrail.errors import StoreError
from newstrail.models import (
    Article,
    Extraction,
    RecordKind,
    article_kinds,
    record_kind,
    record_kinds,
)
from newstrail.store import fulltext
from newstrail.store import schema as s
from newstrail.store.postgres import mask_secrets, mask_url, missing_driver_hint

__all__ = ["AddOutcome", "Store", "content_hash", "fts_query", "quote_record", "to_utc"]

AddOutcome = Literal["added", "new_version", "duplicate"]

# The articles' full-text index reads title and text from the articles table itself (external
# content, keyed by articles.seq): the text is stored once, and a match is an article's seq.
_ARTICLES_FTS = (
    "CREATE VIRTUAL TABLE {exists}articles_fts USING fts5(title, text, content='articles', "
    "content_rowid='seq', tokenize='unicode61 remove_diacritics 2')"
)
_FTS_DDL = [
    _ARTICLES_FTS.format(exists="IF NOT EXISTS "),
    "CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5("
    "quote_id UNINDEXED, article_id UNINDEXED, text, speaker, tokenize='unicode61 remove_diacritics 2')",
]
_WRITE_ATTEMPTS = 5
# SQLite's memory map of a database file (it caps the size itself, at 2 GB in common builds).
MMAP_BYTES = 2**33
# Deadlock, serialization failure (PostgreSQL); a busy database file (SQLite).
_TRANSIENT_SQLSTATES = frozenset({"40001", "40P01"})


def _is_transient(exc: OperationalError) -> bool:
    state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return state in _TRANSIENT_SQLSTATES or "database is locked" in str(exc.orig)


# Indexes that the table declarations cannot express (expressions), made on every open that may
# write (a no-op once they exist): case-free name lookups and the item-by-article lookups with
# the name in the index (facets read no table rows).
_INDEX_DDL = [
    "CREATE INDEX IF NOT EXISTS ix_quotes_speaker_lower ON quotes "
    "((lower(speaker_name)), article_id)",
    "CREATE INDEX IF NOT EXISTS ix_entities_name_lower ON entities ((lower(name)), article_id)",
    "CREATE INDEX IF NOT EXISTS ix_places_name_lower ON places ((lower(name)), article_id)",
    "CREATE INDEX IF NOT EXISTS ix_quotes_article_speaker ON quotes (article_id, speaker_name)",
    "CREATE INDEX IF NOT EXISTS ix_places_article_name ON places (article_id, name)",
    "CREATE INDEX IF NOT EXISTS ix_entities_label_name ON entities (label, name, article_id)",
    "CREATE INDEX IF NOT EXISTS ix_articles_published_id ON articles (published_utc DESC, id)",
    # From a text match (seq) to what filters and facets read, without reading the article row
    # (its text). Not declared unique: SQLite would then prefer a unique index on seq alone.
    "CREATE INDEX IF NOT EXISTS ix_articles_seq ON articles (seq, id, published_utc, outlet)",
    # From an article id found by a name filter to its date and outlet, likewise.
    "CREATE INDEX IF NOT EXISTS ix_articles_id_cover ON articles (id, published_utc, outlet)",
    # The link lists in the order they are listed (a page reads its rows from the index, not
    # a sort of every story, claim or event group).
    "CREATE INDEX IF NOT EXISTS ix_stories_listed ON stories "
    "((first_published IS NULL), first_published DESC, id)",
    "CREATE INDEX IF NOT EXISTS ix_claims_listed ON claims "
    "(appearance_count DESC, (first_published IS NULL), first_published, id)",
    "CREATE INDEX IF NOT EXISTS ix_event_groups_listed ON event_groups "
    "(articles DESC, (coalesce(nullif(time, ''), '~')), id)",
]


_BY_HASH = select(s.articles.c.id).where(s.articles.c.content_hash == bindparam("digest"))
_LATEST_VERSION = (
    select(s.articles.c.id, s.articles.c.version)
    .where(s.articles.c.source_key == bindparam("key"))
    .order_by(s.articles.c.version.desc())
    .limit(1)
)
_NEXT_SEQ = select(func.coalesce(func.max(s.articles.c.seq), 0) + 1)


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

    def __init__(
        self, db: str | None = None, *, engine: Engine | None = None, read_only: bool = False
    ):
        """``read_only``: only check that ``engine`` (opened read-only by the caller, see
        :func:`newstrail.http.app.open_read_only`) holds a newstrail database of this version;
        never create, upgrade or write anything."""
        if engine is None:
            if db is None:
                raise StoreError("Store needs a database path/URL or an engine")
            engine = self._make_engine(database_url(db))
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        database = engine.url.database if self.is_sqlite else None
        # The SQLite file, when there is one (a read-only server's store sets it itself).
        self.file: str | None = (
            database
            if database and database != ":memory:" and not database.startswith("file:")
            else None
        )
        self._watch: sqlite3.Connection | None = None
        self._watch_lock = threading.Lock()
        self._stamp: tuple[float, tuple[Any, ...]] = (float("-inf"), ())
        for kind in record_kinds():  # kinds registered after the schema module was imported
            s.kind_table(kind)
        if read_only:
            self._check_read_only(mask_url(db or str(engine.url)))
            return
        try:
            with engine.begin() as conn:
                if engine.dialect.name == "postgresql":
                    # Several processes may open one new database at once (concurrent ingests):
                    # the schema is created and upgraded by one at a time (DDL is transactional).
                    conn.execute(text("SELECT pg_advisory_xact_lock(72410001)"))
                s.metadata.create_all(conn)
                if self.is_sqlite:
                    for ddl in _FTS_DDL:
                        conn.execute(text(ddl))
                self._check_schema(conn)
                self._add_indexes(conn)
                if engine.dialect.name == "postgresql" and fulltext.postgres_needs_ddl(conn):
                    for ddl in fulltext.POSTGRES_DDL:
                        conn.execute(text(ddl))
        except SQLAlchemyError as exc:
            where = mask_url(db) if db else engine.url.render_as_string(hide_password=True)
            reason = str(getattr(exc, "orig", None) or exc)
            hint = ""
            if "readonly" in reason.replace(" ", ""):
                hint = (
                    f" (a database from an older newstrail is upgraded when first opened with "
                    f"write access: run `newstrail summary --db {where}` once)"
                )
            raise StoreError(
                f"Cannot open the database {where}: {mask_secrets(reason)}{hint}"
            ) from None

    @staticmethod
    def _make_engine(url: str) -> Engine:
        try:
            engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            reason = missing_driver_hint(url, exc) or mask_secrets(str(exc))
            raise StoreError(f"Cannot use database {mask_url(url)}: {reason}") from None
        if engine.dialect.name == "sqlite":

            @event.listens_for(engine, "connect")
            def _pragmas(dbapi_conn: Any, _record: Any) -> None:
                cursor = dbapi_conn.cursor()
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.execute("PRAGMA busy_timeout=10000")
                # A large database's index pages stay in memory between articles (32 MB), and the
                # log is copied into the database (a synced checkpoint) every 32 MB, not 4 MB.
                cursor.execute("PRAGMA cache_size=-32000")
                cursor.execute("PRAGMA wal_autocheckpoint=8000")
                # Pages beyond the cache are read through a memory map, not a system call each:
                # storing into a large database touches pages all over its indexes (about 2x the
                # articles/s at 100k articles; see benchmarks/growth.py).
                cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
                cursor.close()

        return engine

    def _add_indexes(self, conn: Any) -> None:
        """Make the indexes of :data:`_INDEX_DDL` that are missing. Only those: on PostgreSQL
        even ``CREATE INDEX IF NOT EXISTS`` locks the table, and would wait on (or deadlock
        with) other processes writing."""
        if self.is_sqlite:
            query = "SELECT name FROM sqlite_master WHERE type = 'index'"
        else:
            query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
        present = set(conn.execute(text(query)).scalars())
        for ddl in _INDEX_DDL:
            if ddl.split()[5] not in present:
                conn.execute(text(ddl))

    def _check_read_only(self, where: str) -> None:
        try:
            with self.engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
                version = None
                if s.meta.name in tables:
                    row = conn.execute(
                        select(s.meta.c.value).where(s.meta.c.key == "schema_version")
                    ).first()
                    version = row[0] if row else None
        except DatabaseError as exc:
            raise StoreError(f"Cannot read the database {where}: {exc.orig}") from None
        if version is None:
            raise StoreError(
                f"{where} is not a newstrail database (no {s.meta.name} table with a schema "
                "version); it is left untouched. Serve a database made by `newstrail ingest`."
            )
        if int(version) > s.SCHEMA_VERSION:
            raise StoreError(
                f"The database has schema version {version}, newer than this newstrail "
                f"({s.SCHEMA_VERSION}); upgrade newstrail."
            )
        expected = set(s.metadata.tables) | (
            {"articles_fts", "quotes_fts"} if self.is_sqlite else set()
        )
        missing = sorted(expected - tables)
        if int(version) < s.SCHEMA_VERSION or missing:
            raise StoreError(
                f"{where} was made by an older newstrail (schema version {version}"
                + (f"; no table {', '.join(missing)}" if missing else "")
                + "), and a read-only open never upgrades it: upgrade it once with write access "
                f"(`newstrail summary --db {where}`), then serve it."
            )

    def _check_schema(self, conn: Any) -> None:
        row = conn.execute(select(s.meta.c.value).where(s.meta.c.key == "schema_version")).first()
        if row is None:
            conn.execute(insert(s.meta).values(key="schema_version", value=str(s.SCHEMA_VERSION)))
            return
        found = int(row[0])
        if found > s.SCHEMA_VERSION:
            raise StoreError(
                f"The database has schema version {found}, newer than this newstrail "
                f"({s.SCHEMA_VERSION}); upgrade newstrail."
            )
        if found < s.SCHEMA_VERSION:
            self._migrate(conn, found)

    def _migrate(self, conn: Any, found: int) -> None:
        """Upgrade a database made by an older newstrail in place (in the opening transaction).

        ``create_all`` has already added the tables of new record kinds (empty: ``newstrail
        extract --stale`` fills per-article kinds, ``newstrail link`` link kinds); each step below
        changes existing tables from version ``n - 1`` to ``n``.
        """
        sqlite = self.is_sqlite
        has_seq = "seq" in {c["name"] for c in inspect(conn).get_columns("articles")}
        steps: dict[int, list[str]] = {
            # 2: record tables derived from record kinds; the columns did not change.
            2: [],
            # 3: one row per version of a source (concurrent writers; see Store.add). On
            # PostgreSQL the full-text columns are added at every start (fulltext.POSTGRES_DDL).
            3: [
                "CREATE UNIQUE INDEX IF NOT EXISTS ux_articles_source_version "
                "ON articles (source_key, version) WHERE source_key <> ''"
            ],
            # 4: articles.seq, and the full-text index rebuilt over the articles table by seq.
            4: [
                *([] if has_seq else ["ALTER TABLE articles ADD COLUMN seq INTEGER"]),
                "UPDATE articles SET seq = rowid WHERE seq IS NULL"
                if sqlite
                else "UPDATE articles SET seq = n.n FROM (SELECT id, row_number() OVER "
                "(ORDER BY ingested_at, id) AS n FROM articles) AS n "
                "WHERE articles.id = n.id AND articles.seq IS NULL",
                *(
                    [
                        "DROP TABLE IF EXISTS articles_fts",
                        _ARTICLES_FTS.format(exists=""),
                        "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
                    ]
                    if sqlite
                    else []
                ),
            ],
            # 5: the link stage's state tables (made by create_all); no link state yet, so the
            # first `newstrail link` rebuilds the link records from the stored articles.
            5: [],
        }
        for version in range(found + 1, s.SCHEMA_VERSION + 1):
            for ddl in steps.get(version, []):
                conn.execute(text(ddl))
        conn.execute(
            update(s.meta)
            .where(s.meta.c.key == "schema_version")
            .values(value=str(s.SCHEMA_VERSION))
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

    def add(self, article: Article, extraction: Extraction | None = None) -> tuple[str, AddOutcome]:
        """Store an article with its extraction atomically; returns ``(article_id, outcome)``.

        Without an extraction only the article is stored (the ingest stage alone); the extract
        stage fills it in later (``newstrail extract --stale``).

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

    def add_many(
        self, pairs: Iterable[tuple[Article, Extraction | None]], *, batch: int = 500
    ) -> list[tuple[str, AddOutcome]]:
        """:meth:`add` for many articles, ``batch`` articles to a transaction (bulk loads: a
        commit costs more than the writes of one article). An interrupted load keeps every
        batch committed before it, each batch whole."""
        out: list[tuple[str, AddOutcome]] = []
        chunk: list[tuple[Article, Extraction | None]] = []
        for pair in pairs:
            chunk.append(pair)
            if len(chunk) >= batch:
                out += self._add_batch(chunk)
                chunk = []
        if chunk:
            out += self._add_batch(chunk)
        return out

    def _add_batch(
        self, pairs: list[tuple[Article, Extraction | None]]
    ) -> list[tuple[str, AddOutcome]]:
        try:
            with self.engine.begin() as conn:
                return [self._add_in(conn, article, extraction) for article, extraction in pairs]
        except SQLAlchemyError as exc:
            raise StoreError(
                f"{len(pairs)} articles not stored, the database refused them "
                f"({type(exc).__name__}: {getattr(exc, 'orig', exc)})"
            ) from None

    def _add(self, article: Article, extraction: Extraction | None) -> tuple[str, AddOutcome]:
        with self.engine.begin() as conn:
            return self._add_in(conn, article, extraction)

    def _add_in(
        self, conn: Any, article: Article, extraction: Extraction | None
    ) -> tuple[str, AddOutcome]:
        digest = content_hash(article.text)
        article_id = digest[:16]
        a = s.articles
        # Statements with bound parameters (not values built into each statement): compiled
        # once and reused, which is most of the cost of an insert.
        if conn.execute(_BY_HASH, {"digest": digest}).first():
            return article_id, "duplicate"
        previous = None
        if article.source_key:
            previous = conn.execute(_LATEST_VERSION, {"key": article.source_key}).first()
        seq = conn.execute(_NEXT_SEQ).scalar()
        conn.execute(
            insert(a),
            {
                **{f.name: getattr(article, f.name) for f in fields(Article)},
                "id": article_id,
                "content_hash": digest,
                "source_key": article.source_key,
                "version": (previous.version + 1) if previous else 1,
                "supersedes": previous.id if previous else None,
                "published_utc": to_utc(article.published),
                "words": len(article.text.split()),
                "ingested_at": _now(),
                "model": extraction.components.get("model") if extraction else None,
                "seq": seq,
            },
        )
        ex = extraction or Extraction()
        self._record_versions(conn, article_id, ex.components, fresh=True)
        self._insert_records(conn, article_id, ex, article_kinds())
        if self.is_sqlite:
            conn.execute(
                text("INSERT INTO articles_fts(rowid, title, text) VALUES (:r, :ti, :te)"),
                {"r": seq, "ti": article.title or "", "te": article.text},
            )
        return article_id, ("new_version" if previous else "added")

    def _record_versions(
        self, conn: Any, article_id: str, components: dict[str, str], *, fresh: bool = False
    ) -> None:
        """Record (or update) which version of each component ran on the article (``fresh``: a
        new article, nothing recorded yet)."""
        if not components:
            return
        if not fresh:
            conn.execute(
                delete(s.extractions).where(
                    s.extractions.c.article_id == article_id,
                    s.extractions.c.component.in_(list(components)),
                )
            )
        created = _now()
        conn.execute(
            insert(s.extractions),
            [
                {
                    "article_id": article_id,
                    "component": name,
                    "version": version,
                    "created_at": created,
                }
                for name, version in components.items()
            ],
        )
        if "model" in components and not fresh:
            conn.execute(
                update(s.articles)
                .where(s.articles.c.id == article_id)
                .values(model=components["model"])
            )

    def _insert_records(
        self, conn: Any, article_id: str, ex: Extraction, kinds: list[RecordKind]
    ) -> None:
        for kind in kinds:
            items = ex.records.get(kind.name) or []
            if not items:
                continue
            rows = [{"article_id": article_id, **kind.to_row(item)} for item in items]
            if kind.name == "quotes" and self.is_sqlite:
                for row in rows:  # one by one: the full-text index needs each row id
                    quote_id = conn.execute(insert(s.quotes), row).inserted_primary_key[0]
                    conn.execute(
                        text(
                            "INSERT INTO quotes_fts(quote_id, article_id, text, speaker) "
                            "VALUES (:q, :a, :t, :s)"
                        ),
                        {
                            "q": quote_id,
                            "a": article_id,
                            "t": row["text"],
                            "s": " ".join(filter(None, [row["speaker_name"], row["mention_text"]])),
                        },
                    )
            else:
                conn.execute(insert(s.kind_table(kind)), rows)

    def replace_records(
        self, article_id: str, extraction: Extraction, kinds: list[RecordKind]
    ) -> None:
        """Replace the article's rows of ``kinds`` by the extraction's, and record the versions of
        ``extraction.components``, in one transaction (the extract stage's write)."""
        try:
            with self.engine.begin() as conn:
                for kind in kinds:
                    table = s.kind_table(kind)
                    if kind.name == "quotes" and self.is_sqlite:
                        conn.execute(
                            text("DELETE FROM quotes_fts WHERE article_id = :a"), {"a": article_id}
                        )
                    conn.execute(delete(table).where(table.c.article_id == article_id))
                self._insert_records(conn, article_id, extraction, kinds)
                self._record_versions(conn, article_id, extraction.components)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"article {article_id}: extraction not stored, the database refused it "
                f"({type(exc).__name__}: {getattr(exc, 'orig', exc)})"
            ) from None

    def component_versions(self) -> dict[str, dict[str, str]]:
        """article id → {component: version} as recorded by the extract stage (every article,
        including those nothing was extracted from yet)."""
        out: dict[str, dict[str, str]] = {}
        with self.engine.connect() as conn:
            for (article_id,) in conn.execute(select(s.articles.c.id)):
                out[article_id] = {}
            for row in conn.execute(select(s.extractions)):
                out.setdefault(row.article_id, {})[row.component] = row.version
        return out

    def load_article(self, article_id: str) -> Article:
        """A stored article as the ingest stage read it (for re-extraction)."""
        a = s.articles
        with self.engine.connect() as conn:
            row = conn.execute(select(a).where(a.c.id == article_id)).first()
        if row is None:
            raise StoreError(f"no article {article_id} in the database")
        return Article(**{f.name: row._mapping[f.name] for f in fields(Article)})

    def replace_links(self, kind: RecordKind, records: list[Any], component: str) -> int:
        """Replace every record of the link ``kind`` made by ``component`` (a linker's
        ``name@version`` or bare name) with ``records``; returns how many were stored."""
        table = s.kind_table(kind)
        name = component.split("@", 1)[0]
        with self.engine.begin() as conn:
            conn.execute(
                delete(table).where(
                    (table.c.component == name) | table.c.component.startswith(f"{name}@")
                )
            )
            if records:
                conn.execute(insert(table), [kind.to_row(r) for r in records])
        return len(records)

    def link_records(self, kind: RecordKind) -> list[dict[str, Any]]:
        """Every stored record of a link kind, in the export shape."""
        table = s.kind_table(kind)
        with self.engine.connect() as conn:
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
        return [kind.from_row(dict(r._mapping)) for r in rows]

    # -- reading -------------------------------------------------------------------------------

    def change_stamp(self) -> tuple[Any, ...]:
        """A value that changes whenever anything is committed to the database, by any process.

        Read caches key on it. For a SQLite file it costs no query of the data: a connection kept
        for watching answers ``PRAGMA data_version``, which changes when another connection
        commits (the file's inode catches a file replaced under us). Elsewhere: the article count
        and the latest ingest time (articles are only ever added); on PostgreSQL asked at most
        once a second.
        """
        if self.file is not None:
            with self._watch_lock:
                try:
                    if self._watch is None:
                        uri = "file:" + os.path.abspath(self.file) + "?mode=ro"
                        self._watch = sqlite3.connect(uri, uri=True, check_same_thread=False)
                    version = self._watch.execute("PRAGMA data_version").fetchone()[0]
                    return (os.stat(self.file).st_ino, version)
                except (sqlite3.Error, OSError):
                    self._watch = None
        now = time.monotonic()
        if not self.is_sqlite and now - self._stamp[0] < 1.0:  # a query each time costs more
            return self._stamp[1]
        a = s.articles
        with self.engine.connect() as conn:
            stamp = tuple(conn.execute(select(func.count(), func.max(a.c.ingested_at))).one())
        self._stamp = (now, stamp)
        return stamp

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in [
                    ("articles", s.articles),
                    *((kind.name, s.kind_table(kind)) for kind in record_kinds()),
                ]
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

    def records_for_linking(
        self,
        article_ids: list[str],
        kinds: Iterable[str] = ("entities", "places", "times", "quotes"),
    ) -> list[dict[str, Any]]:
        """The articles ``article_ids`` (in that order; missing ones left out) in the export
        shape, with only the item ``kinds`` the link stage reads and without link fields: a query
        per kind for the whole batch, not a dozen per article."""
        a = s.articles
        found: dict[str, dict[str, Any]] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(article_ids), 500):
                chunk = article_ids[start : start + 500]
                for row in conn.execute(select(a).where(a.c.id.in_(chunk))):
                    found[row.id] = {
                        "id": row.id,
                        "source": {"path": row.path, "url": row.url, "outlet": row.outlet},
                        "title": row.title,
                        "published": row.published,
                        "text": row.text,
                        **{name: [] for name in kinds},
                    }
                for name in kinds:
                    kind = record_kind(name)
                    table = s.kind_table(kind)
                    rows = conn.execute(
                        select(table)
                        .where(table.c.article_id.in_(chunk))
                        .order_by(table.c.article_id, table.c.start, table.c.id)
                    )
                    for item in rows:
                        record = found.get(item.article_id)
                        if record is not None:
                            record[name].append(kind.from_row(dict(item._mapping)))
        return [found[i] for i in article_ids if i in found]

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

        def items(kind: RecordKind) -> list[dict[str, Any]]:
            table = s.kind_table(kind)
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
        record = {
            "id": article_id,
            "source": {"path": row["path"], "url": row["url"], "outlet": row["outlet"]},
            "title": row["title"],
            "author": row["author"],
            "published": row["published"],
            "language": row["language"],
            "version": row["version"],
            "supersedes": row["supersedes"],
            "text": row["text"],
            **{kind.name: [kind.from_row(r) for r in items(kind)] for kind in article_kinds()},
            "components": components,
        }
        _add_link_fields(conn, record)
        return record


def _add_link_fields(conn: Any, record: dict[str, Any]) -> None:
    """What the link stage says of an article (issue 11): its ``story``, the original it copies
    (``duplicate_of`` {id, similarity}) and the ``identity`` of each entity, place and quote
    speaker; ``None`` where the stage has not run or found nothing."""
    article_id = record["id"]
    record["story"] = None
    record["duplicate_of"] = None
    links = s.kind_table(record_kind("article_links"))
    row = conn.execute(select(links).where(links.c.article_id == article_id)).first()
    if row is not None:
        record["story"] = row.story
        if row.duplicate_of:
            record["duplicate_of"] = {"id": row.duplicate_of, "similarity": row.similarity}
    for item in (*record.get("entities", []), *record.get("places", [])):
        item["identity"] = None
    for quote in record.get("quotes", []):
        quote["speaker"]["identity"] = None
    identity_links = s.kind_table(record_kind("identity_links"))
    for link in conn.execute(
        select(identity_links).where(identity_links.c.article_id == article_id)
    ):
        items = record.get(link.kind, [])
        if link.position < len(items):
            target = items[link.position]
            (target["speaker"] if link.kind == "quotes" else target)["identity"] = link.identity


def fts_query(user_text: str) -> str:
    """User text as an FTS5 query (see :mod:`newstrail.store.fulltext`); no syntax can break it."""
    return fulltext.fts5_query(fulltext.parse_query(user_text))


def quote_record(row: dict[str, Any]) -> dict[str, Any]:
    """A stored quote row in the export shape."""
    return record_kind("quotes").from_row(row)
