"""Exports of the whole knowledge base: JSONL (the public contract), CSV and GeoJSON.

JSONL: one object per article — ``id``, ``source`` {path, url, outlet}, ``title``, ``published``
(ISO 8601 with offset, or null), ``text`` and one list per record kind (``quotes``, ``entities``,
``places``, ``times``, ...), each item with ``start``/``end`` offsets into ``text`` (see the README
for every field). CSV: one row per extracted item, ``item`` naming its kind. GeoJSON: one point feature per resolved place mention.
events-geojson: one point per located event and one LineString per route (origin → destination).
``stories`` / ``identities`` / ``claims`` / ``disagreements``: one JSON object per link record.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from newstrail.models import article_kinds, record_kind
from newstrail.store.db import Store

__all__ = [
    "FORMATS",
    "LINK_FORMATS",
    "FORMULA_STARTS",
    "csv_columns",
    "csv_safe",
    "csv_rows",
    "export",
    "write_csv",
    "write_geojson",
    "with_claims",
    "write_jsonl",
]

FORMATS = (
    "jsonl",
    "csv",
    "geojson",
    "events-geojson",
    "stories",
    "identities",
    "claims",
    "disagreements",
)
# Link-record exports: one JSON object per line (see the README's export contract).
LINK_FORMATS = ("stories", "identities", "claims", "disagreements")

_CSV_LEAD = ["article_id", "item", "start", "end", "text"]
_CSV_TAIL = ["component", "published", "outlet", "title"]


def csv_columns() -> list[str]:
    """The export CSV header: every record kind's cells (see ``RecordKind.csv``), each once."""
    cells = dict.fromkeys(_CSV_LEAD)
    for kind in article_kinds():
        cells.update(dict.fromkeys(kind.csv_columns))
    for name in _CSV_TAIL:
        cells.pop(name, None)
    return [*cells, *_CSV_TAIL]


CSV_COLUMNS = csv_columns()


def export(store: Store, fmt: str, out: TextIO) -> int:
    """Write the store in ``fmt`` to ``out``; returns the number of articles (for the link
    formats: of those link records, one JSON object a line) written."""
    if fmt in LINK_FORMATS:
        return write_jsonl(store.link_records(record_kind(fmt)), out)
    records = store.iter_records()
    if fmt == "jsonl":
        records = with_claims(store, records)
    from newstrail.store.events import write_events_geojson

    writer = {
        "jsonl": write_jsonl,
        "csv": write_csv,
        "geojson": write_geojson,
        "events-geojson": write_events_geojson,
    }[fmt]
    return writer(records, out)


def with_claims(store: Store, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each quote gains ``claim``: the id of the claim it belongs to (null before linking)."""
    from newstrail.link.claims import claim_of_quotes

    claim_of = claim_of_quotes(store)
    for record in records:
        for quote in record.get("quotes", []):
            quote["claim"] = claim_of.get((record["id"], quote["start"], quote["end"]))
        yield record


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def csv_rows(record: dict[str, Any]) -> Iterable[dict[str, Any]]:
    """One CSV row per extracted item of an exported article, kind by kind."""
    base = {
        "article_id": record["id"],
        "published": record["published"],
        "outlet": record["source"]["outlet"],
        "title": record["title"],
    }
    for kind in article_kinds():
        for item in record.get(kind.name, []):
            yield {**base, "item": kind.item, **kind.csv_row(item)}


# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with every text cell that a spreadsheet would run as a formula prefixed with
    ``'`` (as OWASP recommends), so ``=HYPERLINK(...)`` in a title is shown, never run. Numbers
    stay numbers."""
    return {
        key: "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
        for key, value in row.items()
    }


def write_csv(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=csv_columns(), extrasaction="ignore")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerows(csv_safe(row) for row in csv_rows(record))
        count += 1
    return count


def geojson_features(record: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for p in record["places"]:
        if p["lat"] is None or p["lon"] is None:
            continue
        yield {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
            "properties": {
                "article_id": record["id"],
                "title": record["title"],
                "published": record["published"],
                "text": p["text"],
                "start": p["start"],
                "end": p["end"],
                "name": p["name"],
                "country": p["country"],
                "geonameid": p["geonameid"],
                "demonym": p["demonym"],
                "component": p["component"],
            },
        }


def write_geojson(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    out.write('{"type": "FeatureCollection", "features": [')
    count, first = 0, True
    for record in records:
        for feature in geojson_features(record):
            out.write(("\n" if first else ",\n") + json.dumps(feature, ensure_ascii=False))
            first = False
        count += 1
    out.write("\n]}\n")
    return count
