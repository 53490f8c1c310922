"""Exports of the whole knowledge base: JSONL (the public contract), CSV and GeoJSON.

JSONL: one object per article — ``id``, ``source`` {path, url, outlet}, ``title``, ``published``
(ISO 8601 with offset, or null), ``text`` and the lists ``quotes``, ``entities``, ``places``,
``times``, each item with ``start``/``end`` offsets into ``text`` (see the README for every field).
CSV: one row per extracted item. GeoJSON: one point feature per resolved place mention.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from newstrail.store.db import Store

FORMATS = ("jsonl", "csv", "geojson")

CSV_COLUMNS = [
    "article_id",
    "item",
    "start",
    "end",
    "text",
    "label",
    "kind",
    "name",
    "role",
    "speaker",
    "speaker_mention",
    "cue",
    "type",
    "value",
    "lat",
    "lon",
    "country",
    "geonameid",
    "component",
    "published",
    "outlet",
    "title",
]


def export(store: Store, fmt: str, out: TextIO) -> int:
    """Write the store in ``fmt`` to ``out``; returns the number of articles written."""
    writer = {"jsonl": write_jsonl, "csv": write_csv, "geojson": write_geojson}[fmt]
    return writer(store.iter_records(), out)


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def csv_rows(record: dict[str, Any]) -> Iterable[dict[str, Any]]:
    base = {
        "article_id": record["id"],
        "published": record["published"],
        "outlet": record["source"]["outlet"],
        "title": record["title"],
    }
    for q in record["quotes"]:
        speaker = q["speaker"]
        yield {
            **base,
            "item": "quote",
            "start": q["start"],
            "end": q["end"],
            "text": q["text"],
            "kind": q["kind"],
            "speaker": speaker["name"],
            "role": speaker.get("role"),
            "speaker_mention": (speaker["mention"] or {}).get("text"),
            "cue": (q["cue"] or {}).get("text"),
            "component": q["component"],
        }
    for e in record["entities"]:
        yield {
            **base,
            "item": "entity",
            **{k: e[k] for k in ("start", "end", "text", "label", "name", "role", "component")},
        }
    for p in record["places"]:
        yield {
            **base,
            "item": "place",
            **{
                k: p[k]
                for k in (
                    "start",
                    "end",
                    "text",
                    "name",
                    "lat",
                    "lon",
                    "country",
                    "geonameid",
                    "component",
                )
            },
        }
    for t in record["times"]:
        yield {
            **base,
            "item": "time",
            **{k: t[k] for k in ("start", "end", "text", "type", "value", "component")},
        }


def write_csv(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerows(csv_rows(record))
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
