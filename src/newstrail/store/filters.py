"""Which articles a query reads, and what every read-only query shares.

:class:`Filters` select *articles* (:func:`article_conditions` turns them into SQL conditions on
SQLite and PostgreSQL alike); :func:`cached` remembers aggregates while the data is unchanged. The
queries themselves are in :mod:`newstrail.store.queries` (and :mod:`newstrail.store.events`).
"""

from __future__ import annotations

import copy
import functools
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass, fields
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, func, select

from newstrail.models import RecordKind, record_kind
from newstrail.store import fulltext
from newstrail.store import schema as s
from newstrail.store.db import Store

__all__ = [
    "CACHE_TTL_S",
    "Filters",
    "Rows",
    "article_conditions",
    "cached",
    "cached_query",
    "data_stamp",
    "item_row",
    "records_page",
]

# A page of a list's rows and how many rows match in all.
Rows = tuple[list[dict[str, Any]], int]

T = TypeVar("T")


@dataclass(slots=True)
class Filters:
    """Which articles: by outlet, publication period/year, event period, people, places, text."""

    outlet: str | None = None
    since: str | None = None  # published on/after (ISO date or datetime)
    until: str | None = None  # published before
    year: int | None = None  # published in that year
    events_since: str | None = None  # mentions a time interval ending after this
    events_until: str | None = None  # ... and starting before this
    speaker: str | None = None  # quotes someone by canonical name
    entity: str | None = None  # mentions an entity by canonical name
    place: str | None = None  # mentions a place by canonical name
    text: str | None = None  # words in title or text
    article: str | None = None  # one article id (or unique prefix)
    story: str | None = None  # in this story (link stage)
    identity: str | None = None  # mentions or quotes this identity (link stage)

    def as_params(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if getattr(self, f.name) not in (None, "")
        }


def _is_sqlite(store: Store) -> bool:
    return store.engine.dialect.name == "sqlite"


def _ieq(store: Store, col: Any, value: str) -> ColumnElement[bool]:
    """``col`` equals the name ``value``, ignoring case (the database's own ``lower`` on both
    sides, so an expression index on ``lower(col)`` answers it: see ``store.db``)."""
    return func.lower(col) == func.lower(value)


def _text_articles(store: Store, words: str) -> Any:
    """A subquery of article ids whose title or text match ``words`` (the search language of
    :mod:`newstrail.store.fulltext`: words, ``prefix*``, ``"phrases"``; the same on both back ends)."""
    return fulltext.matching_article_ids(store.engine.dialect.name, words)


def article_conditions(store: Store, f: Filters) -> list[ColumnElement[bool]]:
    """Conditions on ``articles`` for the filters."""
    a, q, e, p, t = s.articles, s.quotes, s.entities, s.places, s.times
    cond: list[ColumnElement[bool]] = []
    if f.article:
        cond.append(a.c.id.startswith(f.article, autoescape=True))
    if f.outlet:
        cond.append(a.c.outlet == f.outlet)
    if f.since:
        cond.append(a.c.published_utc >= f.since)
    if f.until:
        cond.append(a.c.published_utc < f.until)
    if f.year is not None:
        cond.append(
            and_(a.c.published_utc >= f"{f.year:04d}", a.c.published_utc < f"{f.year + 1:04d}")
        )
    if f.events_since or f.events_until:
        period: list[ColumnElement[bool]] = [t.c.interval_start.is_not(None)]
        if f.events_since:
            period.append(t.c.interval_end > f.events_since)
        if f.events_until:
            period.append(t.c.interval_start < f.events_until)
        cond.append(a.c.id.in_(select(t.c.article_id).where(and_(*period))))
    if f.speaker:
        cond.append(
            a.c.id.in_(select(q.c.article_id).where(_ieq(store, q.c.speaker_name, f.speaker)))
        )
    if f.entity:
        cond.append(a.c.id.in_(select(e.c.article_id).where(_ieq(store, e.c.name, f.entity))))
    if f.place:
        cond.append(a.c.id.in_(select(p.c.article_id).where(_ieq(store, p.c.name, f.place))))
    if f.text and f.text.strip():
        if _is_sqlite(store):
            cond.append(a.c.seq.in_(fulltext.matching_article_seqs(f.text)))
        else:
            cond.append(a.c.id.in_(_text_articles(store, f.text)))
    if f.story:
        links = s.kind_table(record_kind("article_links"))
        cond.append(a.c.id.in_(select(links.c.article_id).where(links.c.story == f.story)))
    if f.identity:
        links = s.kind_table(record_kind("identity_links"))
        cond.append(a.c.id.in_(select(links.c.article_id).where(links.c.identity == f.identity)))
    return cond


def _scope(store: Store, f: Filters, column: Any) -> list[ColumnElement[bool]]:
    """``column`` (an article id) restricted to the filtered articles; nothing when unfiltered."""
    conditions = article_conditions(store, f)
    if not conditions:
        return []
    return [column.in_(select(s.articles.c.id).where(*conditions))]


# -- a small cache for aggregates, invalidated when articles are added ------------------------

CACHE_TTL_S = float(os.environ.get("NEWSTRAIL_API_CACHE_TTL", "60"))
# Where the change stamp sees every commit (a SQLite file: ``PRAGMA data_version``), a kept value
# goes as soon as the data changes; the time bound is then an hour, so that an aggregate of a
# million articles (seconds of work) is not computed again every minute while nothing changed.
WATCHED_TTL_S = float(os.environ.get("NEWSTRAIL_API_CACHE_TTL", "3600"))
_cache: dict[tuple[Any, ...], tuple[float, Any]] = {}
_CACHE_MAX = 1024


def data_stamp(store: Store) -> tuple[Any, ...]:
    """Changes whenever anything is committed to the database (see ``Store.change_stamp``)."""
    return store.change_stamp()


def cached(
    store: Store, key: tuple[Any, ...], compute: Callable[[], T], *, immutable: bool = False
) -> T:
    """``compute()``, remembered while the data is unchanged, for at most :data:`CACHE_TTL_S`
    seconds (:data:`WATCHED_TTL_S` on a SQLite file).

    Aggregates (facets, entity and place lists) scan whole tables; a browsing session asks for
    the same ones again and again. ``NEWSTRAIL_API_CACHE_TTL=0`` turns this off. Callers get a
    copy, unless the value is ``immutable`` (tuples of tuples: shared, never copied).
    """
    ttl = WATCHED_TTL_S if store.file is not None else CACHE_TTL_S
    if ttl <= 0:
        return compute()
    full_key = (str(store.engine.url), id(store), data_stamp(store), *key)
    now = time.monotonic()
    hit = _cache.get(full_key)
    if hit is not None and now - hit[0] < ttl:
        return hit[1] if immutable else copy.deepcopy(hit[1])
    value = compute()
    if len(_cache) >= _CACHE_MAX:
        _cache.clear()
    _cache[full_key] = (now, value if immutable else copy.deepcopy(value))
    return value


def cached_query(fn: Callable[..., T]) -> Callable[..., T]:
    """``fn(store, filters, *queries, **options)`` through :func:`cached`, keyed by its name and
    arguments (queries are frozen dataclasses, hashable)."""

    @functools.wraps(fn)
    def wrapper(store: Store, f: Filters, *queries: Any, **options: Any) -> T:
        key = (fn.__name__, astuple(f), *queries, *sorted(options.items()))
        return cached(store, key, lambda: fn(store, f, *queries, **options))

    return wrapper


def _count(store: Store, query: Select[Any]) -> int:
    """How many rows ``query`` gives; remembered while the data is unchanged (paging through a
    list asks for the same total on every page, and counting all matches is the costly part)."""
    counting = select(func.count()).select_from(query.subquery())
    compiled = counting.compile(store.engine)
    key = ("count", str(compiled), repr(sorted(compiled.params.items())))

    def count() -> int:
        with store.engine.connect() as conn:
            return int(conn.execute(counting).scalar_one())

    return cached(store, key, count)


def _rows(store: Store, query: Select[Any]) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def records_page(
    store: Store,
    kind: RecordKind,
    where: Sequence[Any],
    order: Sequence[Any],
    *,
    limit: int,
    offset: int,
) -> Rows:
    """A page of the stored records of ``kind`` (a link kind: stories, identities, claims, ...)
    matching ``where``, in ``order``, decoded; and how many match in all."""
    table = s.kind_table(kind)
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()
        rows = conn.execute(
            select(table).where(*where).order_by(*order).limit(limit).offset(offset)
        ).all()
    return [kind.from_row(dict(r._mapping)) for r in rows], int(total)


def item_row(row: Any, item: dict[str, Any]) -> dict[str, Any]:
    """An item as the lists give it: its id and article id, the item's own fields, then the
    title, date, outlet and path of its article (``row`` is the joined result row)."""
    return {
        "id": row["id"],
        "article_id": row["article_id"],
        **item,
        "title": row["title"],
        "published": row["published"],
        "outlet": row["outlet"],
        "path": row["path"],
    }
