"""The link stage: cross-article records (stories, identities, claims, ...), linked incrementally.

A *linker* turns stored articles into records of one or more link record kinds (see
:mod:`newstrail.models`, ``scope="link"``). :func:`run_links` runs every registered linker, in the
order of :data:`LINKER_MODULES`, over what is new for it, and stores what it returns:

* each linker is handed a :class:`LinkScope`: the articles it has not linked yet (in publication
  order), the stories and identities an earlier linker touched since it last ran, and ``full``
  when it must recompute everything (first run, ``newstrail link --rebuild``, a new version of
  the linker, or an earlier linker that recomputed everything);
* a *streaming* linker (``Linker(..., streaming=True)``) is called ``run(store, scope)`` and returns
  one :class:`LinkChanges` or an iterable of them (say one per batch of articles): the records to
  upsert or delete, the articles now linked, what it touched (handed to the linkers after it), and
  its own state writes. Each :class:`LinkChanges` is committed in one transaction with the marks of
  the articles it linked, so an interrupted run resumes where it stopped;
* any other linker is called ``run(store)`` and returns ``{kind name: records}``, which replace
  every record of its kinds (as before incremental linking) — only when its scope is not empty.

Running the stage twice does nothing the second time; ``newstrail link`` runs it alone,
``newstrail ingest`` after storing new articles. How to add a streaming linker::

    from newstrail.link import LinkChanges, LinkScope, Linker, register_linker

    def find_pairs(store: Store, scope: LinkScope) -> LinkChanges:
        changes = LinkChanges(replace=scope.full, linked=list(scope.articles))
        for article_id in scope.articles:
            ...
            changes.upsert("pairs", Pair(...))
        return changes

    register_linker(Linker("pairs", "1.0.0", find_pairs, kinds=("pairs",), streaming=True))

Cross-article views computed on request (:func:`newstrail.link.compare.compare`) live here too.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select, text, tuple_
from sqlalchemy.engine import Connection

from newstrail.models import record_kind
from newstrail.store import Store
from newstrail.store import schema as s

__all__ = [
    "LINKER_MODULES",
    "LinkChanges",
    "LinkReport",
    "LinkScope",
    "Linker",
    "linkers",
    "register_linker",
    "run_links",
    "upsert_rows",
]

# Modules that register linkers when imported (one line per linker module).
LINKER_MODULES: tuple[str, ...] = (
    "newstrail.link.crossref",  # copies + stories, identities
    "newstrail.link.claims",  # after stories/identities/duplicates: it reads them
    "newstrail.link.disagreements",
    "newstrail.link.event_groups",  # after stories: groups the events of each story
)

# Articles checked again for being unlinked behind the watermark (writers that committed late).
WATERMARK_MARGIN = 1000


@dataclass(frozen=True, slots=True)
class LinkScope:
    """What a linker has to take into account in this run.

    ``articles``: ids of the articles it has not linked yet, in publication order (undated last,
    ties by id) — every article when ``full``. ``stories`` / ``identities``: ids an earlier linker
    created, changed or removed (a story merged into another is in ``stories`` although it no
    longer exists; the survivor is there too) since this linker last ran. ``full``: recompute
    everything (its records were not cleared: return ``LinkChanges(replace=True, ...)``).
    """

    full: bool = False
    articles: tuple[str, ...] = ()
    stories: frozenset[str] = frozenset()
    identities: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return self.full or bool(self.articles or self.stories or self.identities)


@dataclass(slots=True)
class LinkChanges:
    """What a linker changes, committed in one transaction.

    ``upserts``: kind name → records, each replacing the stored record with the same key (the
    kind's ``key`` fields) if any. ``deletes``: kind name → keys (tuples of the ``key`` fields'
    values) to delete. ``delete_where``: kind name → {column: values}: delete the rows whose column
    holds one of the values (e.g. every claim of a story). ``replace``: first delete every record
    of the linker's kinds (a full recomputation). ``linked``: the articles these changes link
    (marked, so the next run does not hand them again). ``touched``: ``{"stories": ids,
    "identities": ids}`` changed here, for the scopes of the linkers after this one. ``write``:
    the linker's own state writes, called with the transaction's connection (return value ignored).
    Deletes run before upserts.
    """

    upserts: dict[str, list[Any]] = field(default_factory=dict)
    deletes: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    delete_where: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    replace: bool = False
    linked: list[str] = field(default_factory=list)
    touched: dict[str, set[str]] = field(default_factory=dict)
    write: list[Callable[[Connection], Any]] = field(default_factory=list)

    def upsert(self, kind: str, *records: Any) -> None:
        self.upserts.setdefault(kind, []).extend(records)

    def delete(self, kind: str, *keys: tuple[Any, ...]) -> None:
        self.deletes.setdefault(kind, []).extend(keys)

    def touch(self, what: str, *ids: str) -> None:
        self.touched.setdefault(what, set()).update(ids)


@dataclass(frozen=True, slots=True)
class Linker:
    """A cross-article step producing the link ``kinds``; its records' ``component`` is
    ``name@version``.

    ``streaming``: ``run(store, scope)`` returns :class:`LinkChanges` (or an iterable of them);
    otherwise ``run(store)`` returns ``{kind name: records}`` replacing all its records, and is
    called only when its scope is not empty. ``state_tables``: tables of its own state (beside its
    ``link_state`` spaces ``<name>.*``), emptied when it recomputes everything.
    """

    name: str
    version: str
    run: Callable[..., Any]
    kinds: tuple[str, ...] = ()
    streaming: bool = False
    state_tables: tuple[str, ...] = ()  # its own tables, emptied when it recomputes everything

    @property
    def component(self) -> str:
        return f"{self.name}@{self.version}"


_LINKERS: dict[str, Linker] = {}


def register_linker(linker: Linker) -> Linker:
    for name in linker.kinds:
        if record_kind(name).scope != "link":
            raise ValueError(f"linker {linker.name}: {name!r} is not a link record kind")
    _LINKERS[linker.name] = linker
    return linker


def linkers() -> list[Linker]:
    """Every registered linker, in the order of :data:`LINKER_MODULES` (a later linker reads what
    an earlier one stored), whatever order the modules happened to be imported in; linkers from
    other modules come last, in registration order."""
    for module in LINKER_MODULES:
        importlib.import_module(module)
    rank = {module: i for i, module in enumerate(LINKER_MODULES)}
    return sorted(_LINKERS.values(), key=lambda linker: rank.get(linker.run.__module__, len(rank)))


@dataclass(slots=True)
class LinkReport:
    records: dict[str, int] = field(default_factory=dict)  # "linker: kind" → records stored
    articles: dict[str, int] = field(default_factory=dict)  # linker → articles linked
    ran: bool = False  # a linker was registered

    def summary(self) -> str:
        if not self.ran:
            return "no linkers registered: nothing to link"
        if not self.records and not self.articles:
            return "nothing new to link"
        parts = [f"{n} {key}" for key, n in self.records.items()]
        return ", ".join(parts) if parts else "nothing changed"


# -- storage helpers --------------------------------------------------------------------------


def upsert_rows(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` into ``table``, replacing the rows with the same primary key (SQLite and
    PostgreSQL)."""
    if not rows:
        return
    keys = [c.name for c in table.primary_key.columns]
    others = [c.name for c in table.columns if c.name not in keys]
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert  # type: ignore[assignment]
    # One row per key (the last wins), or the database refuses the statement.
    unique = list({tuple(row[k] for k in keys): row for row in rows}.values())
    for start in range(0, len(unique), 500):
        statement = dialect_insert(table)
        if others:
            statement = statement.on_conflict_do_update(
                index_elements=keys, set_={name: statement.excluded[name] for name in others}
            )
        else:
            statement = statement.on_conflict_do_nothing(index_elements=keys)
        conn.execute(statement, unique[start : start + 500])


def _in_chunks(values: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _state(conn: Connection, space: str, key: str) -> str | None:
    st = s.link_state
    return conn.execute(
        select(st.c.value).where(st.c.space == space, st.c.key == key)
    ).scalar_one_or_none()


def _set_state(conn: Connection, space: str, key: str, value: str) -> None:
    upsert_rows(conn, s.link_state, [{"space": space, "key": key, "value": value}])


def _unlinked(store: Store, linker: str) -> tuple[list[str], int]:
    """Articles ``linker`` has not linked, in publication order (undated last, ties by id), and
    the highest article number when they were read."""
    a, done = s.articles, s.link_done
    with store.engine.begin() as conn:
        watermark = int(_state(conn, "stage.watermark", linker) or 0)
        rows = conn.execute(
            select(a.c.id, a.c.seq)
            .where(
                a.c.seq > watermark,
                ~select(done.c.article_id)
                .where(done.c.linker == linker, done.c.article_id == a.c.id)
                .exists(),
            )
            .order_by(a.c.published_utc.is_(None), a.c.published_utc, a.c.id)
        ).all()
        highest = conn.execute(select(func.max(a.c.seq))).scalar() or 0
        lowest = min((r.seq for r in rows if r.seq is not None), default=highest + 1)
        # Everything below the first unlinked article is linked; the newest few are looked at
        # again anyway (a writer may commit an article with a lower number after a later one).
        moved = max(watermark, min(lowest - 1, highest - WATERMARK_MARGIN))
        if moved > watermark:
            _set_state(conn, "stage.watermark", linker, str(moved))
    return [r.id for r in rows], highest


def _advance_watermark(store: Store, linker: str, highest: int) -> None:
    """Every article numbered up to ``highest`` when the run started is linked now: the next
    run looks past it (less the margin) only."""
    with store.engine.begin() as conn:
        watermark = int(_state(conn, "stage.watermark", linker) or 0)
        moved = highest - WATERMARK_MARGIN
        if moved > watermark:
            _set_state(conn, "stage.watermark", linker, str(moved))


def _pending(store: Store, linker: str) -> tuple[bool, set[str], set[str]]:
    p = s.link_pending
    with store.engine.connect() as conn:
        rows = conn.execute(select(p.c.kind, p.c.key).where(p.c.linker == linker)).all()
    full = any(kind == "full" for kind, _ in rows)
    stories = {key for kind, key in rows if kind == "stories"}
    identities = {key for kind, key in rows if kind == "identities"}
    return full, stories, identities


def _clear(conn: Connection, linker: Linker) -> None:
    """Forget what ``linker`` linked and its state (a full recomputation follows)."""
    conn.execute(delete(s.link_done).where(s.link_done.c.linker == linker.name))
    conn.execute(delete(s.link_pending).where(s.link_pending.c.linker == linker.name))
    for name in linker.state_tables:
        conn.execute(delete(s.metadata.tables[name]))
    st = s.link_state
    conn.execute(
        delete(st).where(
            st.c.space.startswith(f"{linker.name}.")
            | ((st.c.space == "stage.watermark") & (st.c.key == linker.name))
        )
    )


def _apply(
    conn: Connection, linker: Linker, changes: LinkChanges, later: list[str], report: LinkReport
) -> None:
    name = linker.name
    if changes.replace:
        for kind_name in linker.kinds:
            table = s.kind_table(record_kind(kind_name))
            conn.execute(
                delete(table).where(
                    (table.c.component == name) | table.c.component.startswith(f"{name}@")
                )
            )
    for kind_name, where in changes.delete_where.items():
        table = s.kind_table(record_kind(kind_name))
        for column, values in where.items():
            for chunk in _in_chunks(list(values)):
                conn.execute(delete(table).where(table.c[column].in_(chunk)))
    for kind_name, keys in changes.deletes.items():
        kind = record_kind(kind_name)
        table = s.kind_table(kind)
        columns = [table.c[k] for k in kind.key]
        for chunk in _in_chunks(list(keys)):
            if len(columns) == 1:
                conn.execute(delete(table).where(columns[0].in_([k[0] for k in chunk])))
            else:
                conn.execute(delete(table).where(tuple_(*columns).in_(chunk)))
    for kind_name, records in changes.upserts.items():
        kind = record_kind(kind_name)
        rows = [kind.to_row(r) for r in records]
        upsert_rows(conn, s.kind_table(kind), rows)
        key = f"{name}: {kind_name}"
        report.records[key] = report.records.get(key, 0) + len(rows)
    for write in changes.write:
        write(conn)
    if changes.linked:
        a = s.articles
        seqs: dict[str, int | None] = {}
        for chunk in _in_chunks(list(dict.fromkeys(changes.linked))):
            seqs.update(conn.execute(select(a.c.id, a.c.seq).where(a.c.id.in_(chunk))).all())
        upsert_rows(
            conn,
            s.link_done,
            [{"linker": name, "article_id": i, "article_seq": seq} for i, seq in seqs.items()],
        )
        report.articles[name] = report.articles.get(name, 0) + len(seqs)
    pending = [
        {"linker": other, "kind": what, "key": key}
        for what, ids in changes.touched.items()
        for key in ids
        for other in later
    ]
    if changes.replace:
        pending += [{"linker": other, "kind": "full", "key": "*"} for other in later]
    upsert_rows(conn, s.link_pending, pending)


@contextlib.contextmanager
def _exclusive(store: Store) -> Iterator[None]:
    """One link stage at a time per database (two ingests may end at once): the others wait,
    then find the new articles linked already."""
    if store.engine.dialect.name == "postgresql":
        with store.engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(72410002)"))
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(72410002)"))
                conn.commit()
        return
    if store.file is None:
        yield
        return
    with open(f"{store.file}.link-lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _as_changes(result: Any) -> Iterable[LinkChanges]:
    if isinstance(result, LinkChanges):
        return [result]
    return result


def run_links(
    store: Store,
    names: list[str] | None = None,
    *,
    rebuild: bool = False,
    progress: Callable[[str, int], Any] | None = None,
) -> LinkReport:
    """Run the registered linkers (or those named) over what is new in ``store``.

    ``rebuild``: recompute every linker's records from all stored articles, in publication order.
    ``progress(linker name, articles)`` returns a tqdm-like bar (``update``/``close``) for a
    linker's articles.
    """
    report = LinkReport()
    ordered = linkers()
    report.ran = bool(ordered)
    with _exclusive(store):
        for position, linker in enumerate(ordered):
            if names is not None and linker.name not in names:
                continue
            later = [other.name for other in ordered[position + 1 :]]
            with store.engine.begin() as conn:
                stored_version = _state(conn, "stage.version", linker.name)
            pending_full, stories, identities = _pending(store, linker.name)
            full = rebuild or pending_full or stored_version != linker.version
            if full:
                with store.engine.begin() as conn:
                    _clear(conn, linker)
                    _set_state(conn, "stage.version", linker.name, linker.version)
                    if linker.streaming:
                        # Its records go now, in the same transaction as its state: a rebuild
                        # interrupted later resumes as a stream over the articles left.
                        _apply(conn, linker, LinkChanges(replace=True), later, report)
            unlinked, highest = _unlinked(store, linker.name)
            articles = tuple(unlinked)
            linked_before = report.articles.get(linker.name, 0)
            scope = LinkScope(full, articles, frozenset(stories), frozenset(identities))
            if not scope:
                continue
            if linker.streaming:
                results = _as_changes(linker.run(store, scope))
            else:
                produced = linker.run(store)
                results = [
                    LinkChanges(
                        upserts={k: produced.get(k, []) for k in linker.kinds},
                        replace=True,
                        linked=list(articles),
                        touched={},
                    )
                ]
            bar = progress(linker.name, len(articles)) if progress else None
            try:
                for changes in results:
                    with store.engine.begin() as conn:
                        _apply(conn, linker, changes, later, report)
                    if bar is not None:
                        bar.update(len(changes.linked))
            finally:
                if bar is not None:
                    bar.close()
            if report.articles.get(linker.name, 0) - linked_before >= len(articles):
                _advance_watermark(store, linker.name, highest)
            with store.engine.begin() as conn:
                p = s.link_pending
                # What this run took into account (anything touched meanwhile stays pending).
                for kind, keys in (("stories", stories), ("identities", identities)):
                    for chunk in _in_chunks(sorted(keys)):
                        conn.execute(
                            delete(p).where(
                                p.c.linker == linker.name, p.c.kind == kind, p.c.key.in_(chunk)
                            )
                        )
                if pending_full:
                    conn.execute(delete(p).where(p.c.linker == linker.name, p.c.kind == "full"))
            if not linker.streaming:
                for kind_name in linker.kinds:
                    report.records.setdefault(f"{linker.name}: {kind_name}", 0)
    return report
