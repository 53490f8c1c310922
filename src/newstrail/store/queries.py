"""Read-only queries for the API and web UI: filtered, paginated lists and aggregates.

Everything here takes a :class:`~newstrail.store.db.Store` and only reads. Queries are SQLAlchemy
Core so they run on SQLite and PostgreSQL; on SQLite free text goes through the FTS5 tables, on
PostgreSQL through ``ILIKE``.

Filters (:class:`Filters`) select *articles*; item lists (quotes, mentions, times) keep the items of
the selected articles and may add item-level conditions of their own. Names (``speaker``,
``entity``, ``place``) are canonical names, matched exactly but case-insensitively.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from typing import Any

from sqlalchemy import (
    Select,
    and_,
    distinct,
    func,
    literal,
    literal_column,
    or_,
    select,
    union_all,
)

from newstrail.store import fulltext
from newstrail.store import schema as s
from newstrail.store.db import Store, quote_record
from newstrail.store.filters import (
    CACHE_TTL_S,
    Filters,
    Rows,
    _count,
    _ieq,
    _is_sqlite,
    _rows,
    _scope,
    article_conditions,
    cached,
    cached_query,
    data_stamp,
    item_row,
)

__all__ = [
    "ARTICLE_COLUMNS",
    "CACHE_TTL_S",
    "FACET_SAMPLE",
    "EntityQuery",
    "Filters",
    "MARK_END",
    "MARK_START",
    "MentionQuery",
    "PlaceQuery",
    "QuoteQuery",
    "RANK_WINDOW",
    "Rows",
    "add_context",
    "article_choices",
    "article_conditions",
    "cached",
    "cached_query",
    "data_stamp",
    "entity_timeline",
    "facets",
    "get_entity",
    "get_place",
    "list_articles",
    "list_entities",
    "list_mentions",
    "list_places",
    "list_quotes",
    "list_times",
    "search",
    "snippet_parts",
    "time_point",
]

# Snippet markers: control characters cannot survive into stored article text unnoticed, and the
# web layer escapes the text between them before wrapping matches in <mark>.
MARK_START = "\x02"
MARK_END = "\x03"


ARTICLE_COLUMNS = (
    "id",
    "title",
    "outlet",
    "author",
    "published",
    "url",
    "path",
    "words",
    "version",
    "language",
)


def _article_cols() -> list[Any]:
    return [s.articles.c[name] for name in ARTICLE_COLUMNS]


# -- articles and search ----------------------------------------------------------------------


def list_articles(store: Store, f: Filters, *, limit: int = 50, offset: int = 0) -> Rows:
    """Articles matching the filters, newest first, and how many match in all."""
    a = s.articles
    query = select(*_article_cols()).where(*article_conditions(store, f))
    total = _count(store, query.with_only_columns(a.c.id))
    query = (
        query.order_by(a.c.published_utc.desc().nulls_last(), a.c.id).limit(limit).offset(offset)
    )
    return _rows(store, query), total


# A text search ranks (BM25) the newest this many matching articles, best first.
RANK_WINDOW = 1000


def search(
    store: Store, f: Filters, *, limit: int = 20, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Articles matching the filters with a snippet; best match first when ``f.text`` is given
    (among the newest :data:`RANK_WINDOW` matches, on SQLite).

    Snippets mark matches with :data:`MARK_START`/:data:`MARK_END` (see :func:`snippet_parts`).
    Without text the snippet is the article's opening.
    """
    a = s.articles
    words = (f.text or "").strip()
    others = Filters(**{**f.as_params(), "text": None})
    cond = article_conditions(store, others)
    if words and _is_sqlite(store):
        fts: Any = literal_column("articles_fts")
        match = fulltext.fts5_match(words)
        fts_rowid = fulltext.ARTICLES_FTS.c.rowid
        matches = fulltext.ARTICLES_FTS.join(a, a.c.seq == fts_rowid)
        # every full-text row is one article's: without other filters the index counts alone
        counting = select(fts_rowid).where(match) if not cond else None
        if counting is None:
            counting = select(a.c.id).select_from(matches).where(match, *cond)
        total = _count(store, counting)
        # Scored: the newest RANK_WINDOW matches (the cost stays flat however many match).
        window = (
            select(a.c.seq.label("seq"), func.bm25(fts).label("score"))
            .select_from(matches)
            .where(match, *cond)
            .order_by(fts_rowid.desc())
            .limit(max(RANK_WINDOW, offset + limit))
            .subquery()
        )
        query = (
            select(*_article_cols(), window.c.seq)
            .select_from(window.join(a, a.c.seq == window.c.seq))
            .order_by(window.c.score, a.c.id)
            .limit(limit)
            .offset(offset)
        )
        rows = _rows(store, query)
        seqs = [row.pop("seq") for row in rows]
        snippets: dict[int, str] = {}
        if seqs:  # snippets for the page only
            snippet = func.snippet(fts, 1, MARK_START, MARK_END, " … ", 16)
            with store.engine.connect() as conn:
                snippets = dict(
                    conn.execute(select(fts_rowid, snippet).where(match, fts_rowid.in_(seqs))).all()
                )
        for row, seq in zip(rows, seqs, strict=True):
            row["snippet"] = snippets.get(seq)
        return rows, total
    if words:
        ranked = fulltext.ranked_articles(
            store.engine.dialect.name, words, _article_cols(), (MARK_START, MARK_END), *cond
        )
        total = _count(store, ranked.with_only_columns(a.c.id).order_by(None))
        return _rows(store, ranked.limit(limit).offset(offset)), total
    query = select(*_article_cols(), func.substr(a.c.text, 1, 240).label("snippet")).where(*cond)
    total = _count(store, query.with_only_columns(a.c.id))
    query = (
        query.order_by(a.c.published_utc.desc().nulls_last(), a.c.id).limit(limit).offset(offset)
    )
    rows = _rows(store, query)
    for row in rows:
        if len(row["snippet"] or "") >= 240:
            row["snippet"] = row["snippet"].rsplit(" ", 1)[0] + " …"
    return rows, total


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A marked snippet as ``(text, is_match)`` pieces, markers removed."""
    parts: list[tuple[str, bool]] = []
    rest = snippet or ""
    while rest:
        start = rest.find(MARK_START)
        if start < 0:
            parts.append((rest, False))
            break
        end = rest.find(MARK_END, start)
        if end < 0:
            end = len(rest)
        if start:
            parts.append((rest[:start], False))
        parts.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    return [(piece.replace(MARK_START, "").replace(MARK_END, ""), hit) for piece, hit in parts]


# Facets of a filtered selection are counted over at most this many of its articles, so their
# cost does not grow with the number of matches (the search answer says how many were counted).
FACET_SAMPLE = 1000


def facets(store: Store, f: Filters, *, top: int = 12) -> dict[str, list[dict[str, Any]]]:
    """Counts over the matching articles: outlets, speakers, places and publication years.

    Unfiltered: over every article. Filtered: over :data:`FACET_SAMPLE` matching
    articles (the newest ones for a text search; all of them when fewer match), whatever the
    number of matches.
    """
    return cached(store, ("facets", astuple(f), top), lambda: _facets(store, f, top))


def _facets(store: Store, f: Filters, top: int) -> dict[str, list[dict[str, Any]]]:
    a, q, p = s.articles, s.quotes, s.places
    conditions = article_conditions(store, f)
    if not conditions:
        return _facets_of_all(store, top)
    # One statement: the counted articles (their id, outlet and date from one index when they
    # were found by text) read once as a common table, and every facet counted over it, the
    # speakers and places by the covering indexes from article id to name.
    sample_query = select(a.c.id, a.c.outlet, a.c.published_utc)
    words = (f.text or "").strip()
    if words and _is_sqlite(store):
        # the newest matches, read from the full-text index newest first until enough pass
        # the other filters (not every match's id listed first)
        others = article_conditions(store, Filters(**{**f.as_params(), "text": None}))
        fts_rowid = fulltext.ARTICLES_FTS.c.rowid
        sample_query = (
            sample_query.select_from(fulltext.ARTICLES_FTS.join(a, a.c.seq == fts_rowid))
            .where(fulltext.fts5_match(words), *others)
            .order_by(fts_rowid.desc())
        )
    else:
        sample_query = sample_query.where(*conditions)
    sample = sample_query.limit(FACET_SAMPLE).cte("facet_sample")
    ids = select(sample.c.id)
    year = func.substr(sample.c.published_utc, 1, 4)
    counts = union_all(
        select(
            literal("speaker").label("facet"),
            q.c.speaker_name,
            func.count(distinct(q.c.article_id)),
        )
        .where(q.c.article_id.in_(ids), q.c.speaker_name.is_not(None))
        .group_by(q.c.speaker_name),
        select(literal("place"), p.c.name, func.count(distinct(p.c.article_id)))
        .where(p.c.article_id.in_(ids))
        .group_by(p.c.name),
        select(literal("outlet"), sample.c.outlet, func.count())
        .where(sample.c.outlet.is_not(None))
        .group_by(sample.c.outlet),
        select(literal("year"), year, func.count())
        .where(sample.c.published_utc.is_not(None))
        .group_by(year),
    )
    found: dict[str, Counter[str]] = {
        name: Counter() for name in ("speaker", "place", "outlet", "year")
    }
    with store.engine.connect() as conn:
        for facet, value, n in conn.execute(counts):
            found[facet][value] += n
    speakers, places, outlets, years = (found[k] for k in ("speaker", "place", "outlet", "year"))

    def ranked(counts: Counter[str]) -> list[dict[str, Any]]:
        best = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]
        return [{"value": value, "count": n} for value, n in best]

    return {
        "outlet": ranked(outlets),
        "speaker": ranked(speakers),
        "place": ranked(places),
        "year": [
            {"value": value, "count": years[value]} for value in sorted(years, reverse=True)[:top]
        ],
    }


def _facets_of_all(store: Store, top: int) -> dict[str, list[dict[str, Any]]]:
    a, q, p = s.articles, s.quotes, s.places
    year = func.substr(a.c.published_utc, 1, 4)
    queries = {
        "outlet": select(a.c.outlet.label("value"), func.count().label("count"))
        .where(a.c.outlet.is_not(None))
        .group_by(a.c.outlet),
        "speaker": select(
            q.c.speaker_name.label("value"), func.count(distinct(q.c.article_id)).label("count")
        )
        .where(q.c.speaker_name.is_not(None))
        .group_by(q.c.speaker_name),
        "place": select(
            p.c.name.label("value"), func.count(distinct(p.c.article_id)).label("count")
        ).group_by(p.c.name),
        "year": select(year.label("value"), func.count().label("count"))
        .where(a.c.published_utc.is_not(None))
        .group_by(year),
    }
    out: dict[str, list[dict[str, Any]]] = {}
    with store.engine.connect() as conn:
        for name, query in queries.items():
            order: tuple[Any, ...] = (
                (literal_column("value").desc(),)
                if name == "year"
                else (literal_column("count").desc(), literal_column("value"))
            )
            rows = conn.execute(query.order_by(*order).limit(top))
            out[name] = [{"value": r.value, "count": r.count} for r in rows]
    return out


# -- quotes -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuoteQuery:
    """Which quotes, besides their articles: ``text`` words in the quote itself, ``speaker_like``
    part of the speaker's name or mention."""

    text: str | None = None
    speaker_like: str | None = None


def list_quotes(
    store: Store, f: Filters, want: QuoteQuery = QuoteQuery(), *, limit: int = 50, offset: int = 0
) -> Rows:
    """Quotes of the matching articles (``f.speaker``: those attributed to them) that ``want``
    asks for."""
    q, a = s.quotes, s.articles
    cond = article_conditions(store, Filters(**{**f.as_params(), "speaker": None}))
    if f.speaker:
        cond.append(_ieq(store, q.c.speaker_name, f.speaker))
    if want.speaker_like:
        pattern = f"%{want.speaker_like}%"
        cond.append(or_(q.c.speaker_name.ilike(pattern), q.c.mention_text.ilike(pattern)))
    if want.text and want.text.strip():
        dialect = store.engine.dialect.name
        cond.append(q.c.id.in_(fulltext.matching_quote_ids(dialect, want.text)))
    query = select(q, a.c.title, a.c.published, a.c.outlet, a.c.path).join(
        a, a.c.id == q.c.article_id
    )
    query = query.where(*cond)
    total = _count(store, query.with_only_columns(q.c.id))
    query = query.order_by(a.c.published_utc.desc().nulls_last(), q.c.article_id, q.c.start)
    rows = _rows(store, query.limit(limit).offset(offset))
    return [item_row(r, quote_record(r)) for r in rows], total


# -- entities (people, organisations, ...) ---------------------------------------------------


def _with_total(store: Store, query: Select[Any], limit: int, offset: int) -> Rows:
    """A page of a grouped query's rows and the number of groups. Every group is counted once
    and kept while the data is unchanged (a scan of the whole table, whichever page is asked):
    the pages of a list are slices of it."""
    compiled = query.compile(store.engine)
    key = ("groups", str(compiled), repr(sorted(compiled.params.items())))

    def groups() -> tuple[tuple[tuple[str, Any], ...], ...]:
        with store.engine.connect() as conn:
            return tuple(tuple(dict(r._mapping).items()) for r in conn.execute(query))

    every = cached(store, key, groups, immutable=True)
    return [dict(row) for row in every[offset : offset + limit]], len(every)


def _by_name(
    store: Store,
    f: Filters,
    table: Any,
    name_like: str | None,
    *,
    where: Sequence[Any] = (),
    group: Sequence[Any] = (),
    columns: Sequence[Any] = (),
) -> Select[Any]:
    """The mentions in ``table`` (entities, places) of the selected articles that meet ``where``
    (and have ``name_like`` in the canonical name, when given), grouped by name (then ``group``),
    most mentioned first: name, ``group``, ``columns``, and how many mentions and articles."""
    cond = [*_scope(store, f, table.c.article_id), *where]
    if name_like:
        cond.append(table.c.name.ilike(f"%{name_like}%"))
    return (
        select(
            table.c.name,
            *group,
            *columns,
            func.count().label("mentions"),
            func.count(distinct(table.c.article_id)).label("articles"),
        )
        .where(*cond)
        .group_by(table.c.name, *group)
        .order_by(literal_column("mentions").desc(), table.c.name, *group)
    )


@dataclass(frozen=True, slots=True)
class EntityQuery:
    """Which entities: of a ``label`` (PERSON, ORG, ...; any case), ``name_like`` part of the name."""

    label: str | None = None
    name_like: str | None = None


@cached_query
def list_entities(
    store: Store, f: Filters, want: EntityQuery = EntityQuery(), *, limit: int = 50, offset: int = 0
) -> Rows:
    """Entities aggregated by canonical name (and label), most mentioned first."""
    e = s.entities
    label = [e.c.label == want.label.upper()] if want.label else []
    query = _by_name(store, f, e, want.name_like, where=label, group=[e.c.label])
    rows, total = _with_total(store, query, limit, offset)
    if rows:
        names = [r["name"] for r in rows]
        roles = _roles(store, names)
        quoted = _quote_counts(store, names)
        for row in rows:
            row["roles"] = roles.get(row["name"], [])
            row["quotes"] = quoted.get(row["name"], 0)
    return rows, total


def _roles(store: Store, names: list[str]) -> dict[str, list[str]]:
    e, q = s.entities, s.quotes
    found: dict[str, dict[str, None]] = {}
    with store.engine.connect() as conn:  # roles of mentions first, then of quoted speakers
        for name_of, role_of in ((e.c.name, e.c.role), (q.c.speaker_name, q.c.speaker_role)):
            for name, role in conn.execute(
                select(name_of, role_of)
                .where(name_of.in_(names), role_of.is_not(None))
                .distinct()
                .order_by(name_of, role_of)
            ):
                found.setdefault(name, {})[role] = None
    return {name: list(roles) for name, roles in found.items()}


def _quote_counts(store: Store, names: list[str]) -> dict[str, int]:
    q = s.quotes
    with store.engine.connect() as conn:
        return {
            r[0]: r[1]
            for r in conn.execute(
                select(q.c.speaker_name, func.count())
                .where(q.c.speaker_name.in_(names))
                .group_by(q.c.speaker_name)
            )
        }


@dataclass(frozen=True, slots=True)
class MentionQuery:
    """Which mentions: of the canonical ``name`` (any case), of a ``label`` (entities only)."""

    name: str | None = None
    label: str | None = None


def list_mentions(
    store: Store, kind: str, f: Filters, want: MentionQuery, *, limit: int = 50, offset: int = 0
) -> Rows:
    """Single mentions (``kind`` ``entities`` or ``places``) with their article and offsets."""
    tbl, a = s.ITEM_TABLES[kind], s.articles
    cond = _scope(store, f, tbl.c.article_id)
    if want.name:
        cond.append(_ieq(store, tbl.c.name, want.name))
    if want.label and kind == "entities":
        cond.append(tbl.c.label == want.label.upper())
    query = (
        select(tbl, a.c.title, a.c.published, a.c.outlet, a.c.path)
        .join(a, a.c.id == tbl.c.article_id)
        .where(*cond)
    )
    total = _count(store, query.with_only_columns(tbl.c.id))
    query = query.order_by(a.c.published_utc.desc().nulls_last(), tbl.c.article_id, tbl.c.start)
    return _rows(store, query.limit(limit).offset(offset)), total


def add_context(store: Store, rows: list[dict[str, Any]], width: int = 70) -> list[dict[str, Any]]:
    """Give each item row (``article_id``, ``start``, ``end``) the text just before and after it."""
    ids = sorted({row["article_id"] for row in rows})
    texts: dict[str, str] = {}
    a = s.articles
    with store.engine.connect() as conn:
        for chunk in range(0, len(ids), 500):
            for article_id, text_ in conn.execute(
                select(a.c.id, a.c.text).where(a.c.id.in_(ids[chunk : chunk + 500]))
            ):
                texts[article_id] = text_
    for row in rows:
        text_ = texts.get(row["article_id"], "")
        start, end = row["start"], row["end"]
        before = text_[max(0, start - width) : start]
        after = text_[end : end + width]
        if start > width:  # cut at a word boundary
            before = "…" + before.split(" ", 1)[-1]
        if end + width < len(text_):
            after = after.rsplit(" ", 1)[0] + "…"
        row["before"], row["after"] = before, after
    return rows


def get_entity(store: Store, name: str) -> dict[str, Any] | None:
    """One entity by canonical name: labels, roles, counts, the outlets that quote it."""
    e, q, a = s.entities, s.quotes, s.articles
    with store.engine.connect() as conn:
        labels = conn.execute(
            select(e.c.name, e.c.label, func.count())
            .where(_ieq(store, e.c.name, name))
            .group_by(e.c.name, e.c.label)
            .order_by(func.count().desc())
        ).all()
        speaker = conn.execute(
            select(q.c.speaker_name, q.c.speaker_label)
            .where(_ieq(store, q.c.speaker_name, name))
            .limit(1)
        ).first()
        if not labels and speaker is None:
            return None
        canonical = labels[0][0] if labels else speaker[0]  # type: ignore[index]
        articles = conn.execute(
            select(func.count(distinct(e.c.article_id))).where(e.c.name == canonical)
        ).scalar_one()
        quoted_by = conn.execute(
            select(
                a.c.outlet,
                func.count().label("quotes"),
                func.count(distinct(a.c.id)).label("articles"),
            )
            .join(a, a.c.id == q.c.article_id)
            .where(q.c.speaker_name == canonical)
            .group_by(a.c.outlet)
            .order_by(literal_column("quotes").desc())
        ).all()
    label_counts = {lab: n for _, lab, n in labels}
    if speaker is not None and speaker[1] and speaker[1] not in label_counts:
        label_counts[speaker[1]] = 0
    return {
        "name": canonical,
        "labels": label_counts,
        "label": next(iter(label_counts), None),
        "mentions": sum(label_counts.values()),
        "articles": articles,
        "roles": _roles(store, [canonical]).get(canonical, []),
        "quotes": _quote_counts(store, [canonical]).get(canonical, 0),
        "quoted_by": [
            {"outlet": r.outlet, "quotes": r.quotes, "articles": r.articles} for r in quoted_by
        ],
    }


def time_point(row: dict[str, Any]) -> dict[str, Any]:
    """A time expression row as a point of a timeline (its interval, text and offsets)."""
    return {
        "kind": "event",
        "start": row["interval_start"],
        "end": row["interval_end"],
        "label": row["text"],
        "value": row["value"],
        "article_id": row["article_id"],
        "offset_start": row["start"],
        "offset_end": row["end"],
        "title": row["title"],
        "path": row.get("path"),
    }


def entity_timeline(store: Store, name: str, *, limit: int = 500) -> list[dict[str, Any]]:
    """Dated points about an entity: when each quote by it was published, and the event times
    mentioned inside those quotes (intervals from the times table)."""
    q, a, t = s.quotes, s.articles, s.times
    points: list[dict[str, Any]] = []
    with store.engine.connect() as conn:
        for r in conn.execute(
            select(q.c.article_id, q.c.start, q.c.end, q.c.text, a.c.published, a.c.title)
            .join(a, a.c.id == q.c.article_id)
            .where(_ieq(store, q.c.speaker_name, name), a.c.published_utc.is_not(None))
            .limit(limit)
        ):
            points.append(
                {
                    "kind": "quoted",
                    "start": (r.published or "")[:10],
                    "end": None,
                    "label": r.text,
                    "article_id": r.article_id,
                    "offset_start": r.start,
                    "offset_end": r.end,
                    "title": r.title,
                }
            )
        for tr in conn.execute(
            select(
                t.c.article_id,
                t.c.start,
                t.c.end,
                t.c.text,
                t.c.value,
                t.c.interval_start,
                t.c.interval_end,
                a.c.title,
            )
            .join(
                q,
                and_(q.c.article_id == t.c.article_id, t.c.start >= q.c.start, t.c.end <= q.c.end),
            )
            .join(a, a.c.id == t.c.article_id)
            .where(_ieq(store, q.c.speaker_name, name), t.c.interval_start.is_not(None))
            .limit(limit)
        ):
            points.append(time_point(dict(tr._mapping)))
    points.sort(key=lambda p: (p["start"] or "", p["kind"]))
    return points


# -- places -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlaceQuery:
    """Which places: ``name_like`` part of the name, in a ``country`` (ISO code, any case), only
    those ``located`` on the map."""

    name_like: str | None = None
    country: str | None = None
    located: bool = False


@cached_query
def list_places(
    store: Store, f: Filters, want: PlaceQuery = PlaceQuery(), *, limit: int = 50, offset: int = 0
) -> Rows:
    """Places aggregated by canonical name, with coordinates and mention counts."""
    p = s.places
    where: list[Any] = [
        p.c.demonym.is_(False)
    ]  # "Armenian forces" does not put a mention on the map
    if want.country:
        where.append(p.c.country == want.country.upper())
    location = (  # one value per name: its mentions' coordinates averaged
        func.max(p.c.country).label("country"),
        func.avg(p.c.lat).label("lat"),
        func.avg(p.c.lon).label("lon"),
        func.max(p.c.geonameid).label("geonameid"),
        func.max(p.c.feature).label("feature"),
    )
    query = _by_name(store, f, p, want.name_like, where=where, columns=location)
    if want.located:
        query = query.having(func.count(p.c.lat) > 0)
    return _with_total(store, query, limit, offset)


def get_place(store: Store, name: str) -> dict[str, Any] | None:
    rows, _ = list_places(store, Filters(place=name), limit=1000)
    for row in rows:
        if row["name"].lower() == name.lower():
            return row
    return None


# -- times ------------------------------------------------------------------------------------


def list_times(
    store: Store, f: Filters, *, dated_only: bool = True, limit: int = 200, offset: int = 0
) -> Rows:
    """Time expressions of the matching articles, in event order; ``events_since``/``until``
    keep the expressions whose interval overlaps the period."""
    t, a = s.times, s.articles
    cond = article_conditions(
        store, Filters(**{**f.as_params(), "events_since": None, "events_until": None})
    )
    if dated_only:
        cond.append(t.c.interval_start.is_not(None))
    if f.events_since:
        cond.append(t.c.interval_end > f.events_since)
    if f.events_until:
        cond.append(t.c.interval_start < f.events_until)
    query = (
        select(t, a.c.title, a.c.published, a.c.outlet, a.c.path)
        .join(a, a.c.id == t.c.article_id)
        .where(*cond)
    )
    total = _count(store, query.with_only_columns(t.c.id))
    query = query.order_by(
        t.c.interval_start.nulls_last(), t.c.interval_end, t.c.article_id, t.c.start
    )
    return _rows(store, query.limit(limit).offset(offset)), total


def article_choices(store: Store, limit: int = 500) -> list[dict[str, Any]]:
    """Id, title, outlet and date of articles, for pickers."""
    a = s.articles
    query = (
        select(a.c.id, a.c.title, a.c.outlet, a.c.published, a.c.path)
        .order_by(a.c.published_utc.desc().nulls_last(), a.c.id)
        .limit(limit)
    )
    return _rows(store, query)
