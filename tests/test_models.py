"""Record kinds: one declaration gives the columns, the row and the exported record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from newstrail.models import (
    Extraction,
    Quote,
    RecordKind,
    Speaker,
    TextSpan,
    column_meta,
    record_kind,
    record_kinds,
)


@dataclass(slots=True)
class _Event:
    text: str
    start: int
    end: int
    type: str = field(metadata=column_meta(index=True))
    where: TextSpan | None = None
    tags: list[str] = field(default_factory=list)
    component: str = ""


EVENTS = RecordKind("events_test", _Event, item="event_test", component="newstrail_events")


def test_models_builtin_kinds_in_export_order() -> None:
    assert [k.name for k in record_kinds()][:4] == ["quotes", "entities", "places", "times"]
    assert record_kind("quote") is record_kind("quotes")


def test_models_columns_flatten_nested_fields() -> None:
    cols = {c.name: c for c in EVENTS.columns}
    assert list(cols) == [
        "text",
        "start",
        "end",
        "type",
        "where_text",
        "where_start",
        "where_end",
        "tags",
        "component",
    ]
    assert cols["type"].index and not cols["type"].nullable
    assert cols["where_start"].nullable and cols["tags"].type is list


@pytest.mark.parametrize("where", [None, TextSpan("Baku", 3, 7)])
def test_models_row_round_trip(where: TextSpan | None) -> None:
    event = _Event("in Baku", 0, 7, "meeting", where, ["a"], "ev@1")
    row = EVENTS.to_row(event)
    assert EVENTS.to_record(row) == event
    exported = EVENTS.from_row(row)
    assert exported["where"] == (None if where is None else {"text": "Baku", "start": 3, "end": 7})
    assert EVENTS.csv_row(exported)["where_text"] == (where.text if where else None)


def test_models_quote_keeps_the_legacy_mention_columns() -> None:
    quotes = record_kind("quotes")
    names = [c.name for c in quotes.columns]
    assert {"speaker_name", "mention_text", "mention_start", "cue_text", "fragments"} <= set(names)
    quote = Quote(
        "x", 0, 1, "direct", None, Speaker("A", TextSpan("A", 5, 6)), [TextSpan("x", 0, 1)]
    )
    assert quotes.to_record(quotes.to_row(quote)) == quote


def test_models_extraction_has_a_list_per_kind() -> None:
    ex = Extraction(quotes=[], components={"model": "m-1"})
    assert ex.entities == [] and set(ex.records) >= {"quotes", "entities", "places", "times"}
    with pytest.raises(TypeError):
        Extraction(nonsense=[])


def test_models_extraction_survives_pickling_to_workers() -> None:
    import pickle

    ex = Extraction(
        components={"model": "m-1"}, quotes=[Quote("x", 0, 1, "direct", None, Speaker(None))]
    )
    assert pickle.loads(pickle.dumps(ex)) == ex


def test_models_a_new_kind_flows_through_store_exports_and_highlights(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One declaration + one registration: table, JSONL, CSV, API CSV columns, highlight."""
    from newstrail import models
    from newstrail.http.api import kind_columns
    from newstrail.http.highlight import items_of
    from newstrail.models import Article
    from newstrail.store import Store
    from newstrail.store.export import csv_columns, csv_rows

    kind = RecordKind(
        "events_test",
        _Event,
        item="event_test",
        component="newstrail_events",
        describe=lambda e: f"Event: {e['type']}",
    )
    monkeypatch.setitem(models._REGISTRY, kind.name, kind)
    text = "Talks in Baku ended."
    store = Store(str(tmp_path / "kb.db"))
    event = _Event("Talks in Baku", 0, 13, "meeting", TextSpan("Baku", 9, 13), ["talks"], "ev@1")
    article_id, _ = store.add(Article(text), Extraction(events_test=[event]))
    record = store.get_article(article_id)
    assert record is not None
    assert record["events_test"] == [
        {
            "text": "Talks in Baku",
            "start": 0,
            "end": 13,
            "type": "meeting",
            "where": {"text": "Baku", "start": 9, "end": 13},
            "tags": ["talks"],
            "component": "ev@1",
        }
    ]
    assert store.counts()["events_test"] == 1
    (row,) = [r for r in csv_rows(record) if r["item"] == "event_test"]
    assert row["where_text"] == "Baku" and "where_text" in csv_columns()
    assert "where_start" in kind_columns(kind)
    assert [i.kind for i in items_of(record)] == ["event_test"]
