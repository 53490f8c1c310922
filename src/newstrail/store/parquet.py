"""``export --format parquet``: one Parquet file per kind of record, with typed columns.

The files mirror the store's tables (articles, quotes, entities, places, times, and every other
kind of record the schema declares), so their columns and types follow the one declaration the
tables come from: integers stay integers, coordinates floats, flags booleans; JSON columns are
written as JSON text. pandas, DuckDB, Spark and Polars read them directly.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, Float, Integer, Numeric, Table, select

from newstrail.errors import StoreError
from newstrail.store import schema as s
from newstrail.store.db import Store

__all__ = ["arrow_schema", "export_tables", "write_parquet"]

_BATCH_ROWS = 5000


def export_tables() -> list[Table]:
    """The tables of records, parents before children (articles first)."""
    return [t for t in s.metadata.sorted_tables if t.name not in s.INTERNAL_TABLES]


def _require_pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401 — the submodule must load too
    except ImportError:
        raise StoreError("Parquet export needs pyarrow: pip install 'newstrail[parquet]'") from None
    return pyarrow


def _arrow_type(column: Any, pa: Any) -> Any:
    kind = column.type
    if isinstance(kind, Boolean):
        return pa.bool_()
    if isinstance(kind, Integer):
        return pa.int64()
    if isinstance(kind, Float | Numeric):
        return pa.float64()
    return pa.string()  # text, strings, ISO dates as given, and JSON as JSON text


def arrow_schema(table: Table) -> Any:
    pa = _require_pyarrow()
    return pa.schema(
        [pa.field(c.name, _arrow_type(c, pa), nullable=c.nullable or False) for c in table.columns]
    )


def _batches(store: Store, table: Table) -> Iterator[list[dict[str, Any]]]:
    json_columns = [c.name for c in table.columns if isinstance(c.type, JSON)]
    order = list(table.primary_key.columns) or list(table.columns)
    with store.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=_BATCH_ROWS).execute(
            select(table).order_by(*order)
        )
        for partition in result.partitions(_BATCH_ROWS):
            rows = [dict(row._mapping) for row in partition]
            for row in rows:
                for name in json_columns:
                    if row[name] is not None:
                        row[name] = json.dumps(row[name], ensure_ascii=False)
            yield rows


def write_parquet(store: Store, directory: str | Path) -> dict[str, int]:
    """Write ``<table>.parquet`` for every kind of record into ``directory``; rows per file."""
    pa = _require_pyarrow()
    import pyarrow.parquet as pq

    out = Path(directory)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Cannot write to {out}: {exc.strerror or exc}") from None
    written: dict[str, int] = {}
    for table in export_tables():
        schema = arrow_schema(table)
        count = 0
        with pq.ParquetWriter(out / f"{table.name}.parquet", schema) as writer:
            for rows in _batches(store, table):
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                count += len(rows)
            if count == 0:
                writer.write_table(schema.empty_table())
        written[table.name] = count
    return written
