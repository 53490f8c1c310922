"""A linker's index kept in the database and read by key: :class:`StateTable`.

A streaming index (the story index's blocking lists, the identities' name keys, ...) is a set of
dictionaries. In the database each dictionary is one ``space`` of the ``link_state`` table
(``space, key → JSON value``); a :class:`StateTable` is that dictionary with a cache in front:

* :meth:`StateTable.load` reads the given keys missing from the cache in one query (linking a
  batch reads its candidates' rows only, never the whole index); ``get``/``[]``/``in`` read a
  single missing key themselves, so a forgotten ``load`` costs a query, never a wrong answer;
* writing (``[key] = value``, :meth:`StateTable.mark` after changing a value in place,
  ``del``) marks the key, and :meth:`StateTable.flush` writes the marked rows in the caller's
  transaction;
* without a store (``source=None``) it is a plain dictionary (evaluation, tests, rebuilding in
  memory): a missing key is absent, nothing is read or written.

``complete=True`` says the cache holds every row there is (the space was empty when the run
started and everything since went through the cache): misses are absent without a query.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, Generic, TypeVar

from sqlalchemy import bindparam, delete, select
from sqlalchemy.engine import Connection, Engine

from newstrail.store import schema as s

__all__ = ["Reader", "StateIndex", "StateTable"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_MISSING = object()


def _identity(value: Any) -> Any:
    return value


# One statement for every look-up (compiled once; the key list is expanded at execution).
_LOAD = select(s.link_state.c.key, s.link_state.c.value).where(
    s.link_state.c.space == bindparam("space"),
    s.link_state.c.key.in_(bindparam("keys", expanding=True)),
)


class Reader:
    """One database connection shared by the tables of an index for the reads of a batch
    (opened on the first read; :meth:`release` it before writing)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._conn: Connection | None = None

    def connection(self) -> Connection:
        if self._conn is None:
            self._conn = self.engine.connect()
        return self._conn

    def release(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class StateTable(Generic[K, V]):
    """One keyed index of a linker, cached, read and written by key (see the module)."""

    def __init__(
        self,
        space: str,
        source: Engine | Reader | None = None,
        *,
        complete: bool = False,
        key: Callable[[K], str] = str,
        parse_key: Callable[[str], K] = _identity,
        encode: Callable[[V], Any] = _identity,
        decode: Callable[[Any], V] = _identity,
    ) -> None:
        self.space = space
        self._owns_reader = isinstance(source, Engine)
        self.source = Reader(source) if isinstance(source, Engine) else source
        self.complete = complete or source is None
        self._key, self._parse_key = key, parse_key
        self._encode, self._decode = encode, decode
        self._cache: dict[K, V] = {}
        self._absent: set[K] = set()
        self._dirty: set[K] = set()
        self._deleted: set[K] = set()
        self.reads = 0  # queries made (for benchmarks)

    # -- reading --------------------------------------------------------------------------------

    def load(self, keys: Iterable[K]) -> None:
        """Read the given keys the cache lacks, in as few queries as possible."""
        if self.complete:
            return
        wanted = [k for k in dict.fromkeys(keys) if k not in self._cache and k not in self._absent]
        if not wanted:
            return
        assert self.source is not None
        by_text = {self._key(k): k for k in wanted}
        found: dict[str, str] = {}
        texts = list(by_text)
        conn = self.source.connection()
        for start in range(0, len(texts), 500):
            self.reads += 1
            rows = conn.execute(_LOAD, {"space": self.space, "keys": texts[start : start + 500]})
            found.update((row[0], row[1]) for row in rows)
        for text_key, k in by_text.items():
            if text_key in found:
                self._cache[k] = self._decode(json.loads(found[text_key]))
            else:
                self._absent.add(k)

    def get(self, key: K, default: Any = None) -> Any:
        value = self._cache.get(key, _MISSING)
        if value is _MISSING:
            if key in self._absent or self.complete:
                return default
            self.load([key])
            value = self._cache.get(key, _MISSING)
        return default if value is _MISSING else value

    def __getitem__(self, key: K) -> V:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return self.get(key, _MISSING) is not _MISSING  # type: ignore[arg-type]

    def cached(self) -> Iterator[tuple[K, V]]:
        """The rows in the cache (all of them when ``complete``)."""
        return iter(list(self._cache.items()))

    def __len__(self) -> int:
        """Rows in the cache (all rows when ``complete``)."""
        return len(self._cache)

    # -- writing --------------------------------------------------------------------------------

    def __setitem__(self, key: K, value: V) -> None:
        self._cache[key] = value
        self._absent.discard(key)
        self._deleted.discard(key)
        self._dirty.add(key)

    def setdefault(self, key: K, default: V) -> V:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            self[key] = default
            return default
        return value

    def mark(self, key: K) -> None:
        """The value of ``key`` was changed in place: write it at the next flush."""
        if key in self._cache:
            self._dirty.add(key)

    def __delitem__(self, key: K) -> None:
        self._cache.pop(key, None)
        self._dirty.discard(key)
        self._absent.add(key)
        self._deleted.add(key)

    def pending(self) -> int:
        return len(self._dirty) + len(self._deleted)

    def flush(self, conn: Connection) -> int:
        """Write the changed rows in ``conn``'s transaction; returns how many."""
        from newstrail.link import upsert_rows

        if self._owns_reader and self.source is not None:
            self.source.release()  # the next read sees what this batch wrote
        st = s.link_state
        written = len(self._dirty) + len(self._deleted)
        if self.source is not None or conn is not None:
            deleted = [self._key(k) for k in self._deleted]
            for start in range(0, len(deleted), 500):
                conn.execute(
                    delete(st).where(
                        st.c.space == self.space, st.c.key.in_(deleted[start : start + 500])
                    )
                )
            upsert_rows(
                conn,
                st,
                [
                    {
                        "space": self.space,
                        "key": self._key(k),
                        "value": json.dumps(self._encode(self._cache[k]), separators=(",", ":")),
                    }
                    for k in self._dirty
                ],
            )
        self._dirty.clear()
        self._deleted.clear()
        return written

    def forget(self) -> None:
        """Empty the cache (after a flush): later reads go to the database again."""
        if self.source is None:
            return
        self._cache.clear()
        self._absent.clear()
        self.complete = False

    def parse_key(self, text_key: str) -> K:
        return self._parse_key(text_key)


class StateIndex:
    """An index made of :class:`StateTable` spaces ``<space>.<name>`` (in the database of
    ``source``, or in memory without one), read through one :class:`Reader` per batch.

    A subclass makes its tables with :meth:`table`, lists them in :meth:`_tables`, and puts its
    scalar state into them in :meth:`_remember` (called before each flush).
    """

    def __init__(self, source: Engine | None, *, complete: bool, space: str) -> None:
        # One connection for all the reads of a batch (released by flush).
        self.reader = Reader(source) if source is not None else None
        self._complete = complete
        self._space = space

    def table(self, name: str, **kwargs: Any) -> StateTable[Any, Any]:
        return StateTable(f"{self._space}.{name}", self.reader, complete=self._complete, **kwargs)

    def _tables(self) -> list[StateTable[Any, Any]]:
        raise NotImplementedError

    def _remember(self) -> None:
        """Put the scalar state into its table (before a flush)."""

    def flush(self, conn: Connection) -> int:
        """Write what changed since the last flush (in ``conn``'s transaction)."""
        self._remember()
        self.close()
        return sum(table.flush(conn) for table in self._tables())

    def close(self) -> None:
        """Give back the connection reads went through (the index can still be used)."""
        if self.reader is not None:
            self.reader.release()

    def forget(self) -> None:
        """Drop the cached state (after a flush): it is read again as needed."""
        for table in self._tables():
            table.forget()
