"""The database schema (SQLAlchemy Core): one table per kind of record, all keyed by article.

Every extracted row keeps its article, exact character offsets and the component (``name@version``)
that produced it. Works on SQLite (default; WAL and FTS5 added in :mod:`newstrail.store.db`) and
PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)

SCHEMA_VERSION = 1

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


def _span_columns() -> list[Column[object]]:
    return [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("article_id", String(16), ForeignKey("articles.id"), nullable=False, index=True),
        Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
        Column("text", Text, nullable=False),
        Column("component", String(80), nullable=False),
    ]


entities = Table(
    "entities",
    metadata,
    *_span_columns(),
    Column("label", String(16), nullable=False),
    Column("name", Text, nullable=False),
    Column("role", Text),
    Column("cluster", Integer),
    Index("ix_entities_name", "name"),
)

quotes = Table(
    "quotes",
    metadata,
    *_span_columns(),
    Column("kind", String(10), nullable=False),
    Column("cue_text", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("speaker_name", Text),
    Column("speaker_label", String(16)),
    Column("speaker_role", Text),
    Column("mention_text", Text),
    Column("mention_start", Integer),
    Column("mention_end", Integer),
    Column("fragments", JSON),
    Index("ix_quotes_speaker", "speaker_name"),
)

places = Table(
    "places",
    metadata,
    *_span_columns(),
    Column("name", Text, nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String(2)),
    Column("geonameid", Integer),
    Column("feature", String(16)),
    Column("confidence", Float),
    Column("demonym", Boolean, nullable=False, default=False),
    Index("ix_places_name", "name"),
)

times = Table(
    "times",
    metadata,
    *_span_columns(),
    Column("type", String(10), nullable=False),
    Column("value", String(40), nullable=False),
    Column("mod", String(20)),
    Column("interval_start", String(40)),
    Column("interval_end", String(40)),
    Index("ix_times_interval", "interval_start", "interval_end"),
)

ITEM_TABLES = {"entities": entities, "quotes": quotes, "places": places, "times": times}
