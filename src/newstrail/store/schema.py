"""The database schema (SQLAlchemy Core): articles, extraction versions and one table per record kind.

The record tables are derived from the record-kind declarations in :mod:`newstrail.models`. Every
extracted row keeps its article, exact character offsets and the component (``name@version``)
that produced it; ``extractions`` records, per article, the version of every component that ran
on it (what ``newstrail extract --stale`` compares). Works on SQLite (default; WAL and FTS5 added in :mod:`newstrail.store.db`) and
PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ColumnDefault,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)

from newstrail.models import RecordKind, article_kinds, link_kinds

__all__ = [
    "INTERNAL_TABLES",
    "ITEM_TABLES",
    "LINK_TABLES",
    "SCHEMA_VERSION",
    "articles",
    "entities",
    "extractions",
    "kind_table",
    "link_done",
    "link_minhash",
    "link_minhash_bands",
    "link_pending",
    "link_state",
    "meta",
    "metadata",
    "places",
    "quotes",
    "times",
]

# 1: the first release. 2: record tables derived from record kinds (same columns), link tables.
# 3: unique (source_key, version) of articles.
# 4: articles.seq (a stable integer per article: the full-text index's row id, so a text match
# reaches its article without reading the indexed text back), indexes for case-free names.
# 5: the link stage's own state (link_state, link_done, link_pending, link_minhash,
# link_minhash_bands), so that new articles are linked without recomputing the store; an older
# database gets them empty and its link records are rebuilt by the first ``newstrail link``.
SCHEMA_VERSION = 5

metadata = MetaData()

meta = Table(
    "newstrail_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(16), primary_key=True),  # first 16 hex digits of the content hash
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("source_key", Text, nullable=False),  # URL, else path: what makes "the same article"
    Column("version", Integer, nullable=False, default=1),
    Column("supersedes", String(16), ForeignKey("articles.id"), nullable=True),
    Column("path", Text),
    Column("url", Text),
    Column("outlet", Text),
    Column("title", Text),
    Column("author", Text),
    Column("published", String(40)),  # ISO 8601 as given (with offset when given)
    Column("published_utc", String(40)),  # for sorting and period filters
    Column("language", String(8)),
    Column("text", Text, nullable=False),
    Column("words", Integer, nullable=False),
    Column("ingested_at", String(40), nullable=False),
    Column("model", String(80)),
    # The full-text row id of the article (SQLite's own rowid may change on VACUUM): one more
    # than the largest so far (see Store.add); indexed in store.db.
    Column("seq", Integer),
    Index("ix_articles_source", "source_key"),
    # One row per version of a source, so concurrent writers cannot both take the same number.
    Index(
        "ux_articles_source_version",
        "source_key",
        "version",
        unique=True,
        sqlite_where=text("source_key <> ''"),
        postgresql_where=text("source_key <> ''"),
    ),
    Index("ix_articles_published", "published_utc"),
)

extractions = Table(
    "extractions",
    metadata,
    Column("article_id", String(16), ForeignKey("articles.id"), primary_key=True),
    Column("component", String(80), primary_key=True),
    Column("version", String(40), nullable=False),
    Column("created_at", String(40), nullable=False),
)


# -- the link stage's state (newstrail.link): read and written by key, a batch at a time ----------

# A linker's keyed state: ``space`` names one index of one linker ("stories.posting",
# "identities.name", ...), ``key`` its lookup key, ``value`` JSON. Read by (space, key): linking a
# batch reads and writes the rows of its candidates only, never the whole index.
link_state = Table(
    "link_state",
    metadata,
    Column("space", String(64), primary_key=True),
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

# Which articles a linker has linked (committed with the records it made of them). Articles
# with ``seq`` up to the linker's watermark (link_state "stage.watermark") are all linked, so a
# run looks for new articles past it only.
link_done = Table(
    "link_done",
    metadata,
    Column("linker", String(64), primary_key=True),
    Column("article_id", String(16), primary_key=True),
    Column("article_seq", Integer),
)

# What an earlier linker changed and a later one has not yet taken into account: ``kind``
# "stories" / "identities" with the id, or "full" (key "*") after an earlier linker recomputed
# everything.
link_pending = Table(
    "link_pending",
    metadata,
    Column("linker", String(64), primary_key=True),
    Column("kind", String(32), primary_key=True),
    Column("key", Text, primary_key=True),
)

# The copy check's MinHash signature of every linked article (``seq``: link order, the earliest
# original wins) and its LSH buckets (band number folded into ``bucket``).
link_minhash = Table(
    "link_minhash",
    metadata,
    Column("article_id", String(16), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("signature", LargeBinary, nullable=False),
    Column("original", String(16)),
)

link_minhash_bands = Table(
    "link_minhash_bands",
    metadata,
    Column("bucket", BigInteger, nullable=False),
    Column("article_id", String(16), nullable=False),
    Index("ix_link_minhash_bands_bucket", "bucket"),
)

# Bookkeeping, not records: left out of exports (Parquet writes every other table).
INTERNAL_TABLES = frozenset(
    table.name
    for table in (meta, link_state, link_done, link_pending, link_minhash, link_minhash_bands)
)


_TYPES: dict[type, Any] = {
    str: Text,
    int: Integer,
    float: Float,
    bool: Boolean,
    list: JSON,
    dict: JSON,
}


def kind_table(kind: RecordKind) -> Table:
    """The table of a record kind, derived from its declaration (see :mod:`newstrail.models`).

    Article kinds get an ``id`` row key and an ``article_id``; link kinds are keyed by their own
    ``key`` fields. Every field becomes a column (nested dataclasses flattened).
    """
    if kind.name in metadata.tables:
        return metadata.tables[kind.name]
    columns: list[Any] = []
    if kind.scope == "article":
        columns += [
            Column("id", Integer, primary_key=True, autoincrement=True),
            Column("article_id", String(16), ForeignKey("articles.id"), nullable=False, index=True),
        ]
    for col in kind.columns:
        keyed = kind.scope == "link" and col.name in kind.key
        column = Column(
            col.name,
            _TYPES[col.type],
            primary_key=keyed,
            nullable=col.nullable and not keyed,
            index=col.index,
        )
        if col.type is bool and not col.nullable:
            column.default = ColumnDefault(False)
        columns.append(column)
    columns += [Index(f"ix_{kind.name}_{'_'.join(names)}", *names) for names in kind.indexes]
    # AUTOINCREMENT: a row id replaced by ``extract --stale`` is never handed out again.
    return Table(kind.name, metadata, *columns, sqlite_autoincrement=kind.scope == "article")


ITEM_TABLES: dict[str, Table] = {kind.name: kind_table(kind) for kind in article_kinds()}
LINK_TABLES: dict[str, Table] = {kind.name: kind_table(kind) for kind in link_kinds()}

# The built-in kinds' tables, by name, for the queries that join them.
quotes = ITEM_TABLES["quotes"]
entities = ITEM_TABLES["entities"]
places = ITEM_TABLES["places"]
times = ITEM_TABLES["times"]
