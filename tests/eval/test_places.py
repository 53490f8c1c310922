from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from newstrail.errors import EvaluationError
from newstrail.eval.places import MAX_KM, auc, format_table, read_documents, score
from newstrail.models import Place

TEXT = "Troops left Kalbajar for Baku. Naftalan was quiet."


def _doc() -> dict[str, object]:
    return {
        "doc_id": "t1",
        "text": TEXT,
        "toponyms": [
            {
                "start": 12,
                "end": 20,
                "surface": "Kalbajar",
                "geonameid": "586268",
                "lat": 40.10984,
                "lon": 46.04446,
                "eval_geotag": True,
                "eval_geocode": True,
            },
            {
                "start": 25,
                "end": 29,
                "surface": "Baku",
                "geonameid": "587084",
                "lat": 40.37767,
                "lon": 49.89201,
                "eval_geotag": True,
                "eval_geocode": True,
            },
            {
                "start": 31,
                "end": 39,
                "surface": "Naftalan",
                "geonameid": None,
                "lat": None,
                "lon": None,
                "eval_geotag": True,
                "eval_geocode": False,
            },
            {
                "start": -5,
                "end": -1,
                "surface": "x",
                "offset_ok": False,
                "eval_geotag": True,
                "eval_geocode": False,
            },
        ],
    }


def _place(start: int, end: int, lat: float | None, lon: float | None, gid: int | None) -> Place:
    return Place(TEXT[start:end], start, end, TEXT[start:end], lat, lon, "AZ", gid)


def test_places_score_perfect_and_partial() -> None:
    doc = _doc()
    kal = _place(12, 20, 40.10984, 46.04446, 586268)
    baku_far = _place(25, 29, 40.37767, 40.0, None)  # ~840 km off
    extra = _place(0, 6, 1.0, 1.0, None)  # "Troops": a false positive
    res = score([doc], [[kal, baku_far, extra]], [[kal, None]])
    rec = res["recognition"]
    assert (rec["gold"], rec["predicted"]) == (3, 3)
    assert rec["p"] == pytest.approx(200 / 3, abs=0.01) and rec["r"] == pytest.approx(66.67)
    gold = res["resolution_gold"]
    assert gold["acc161"] == 50.0 and gold["exact_id"] == 50.0
    assert gold["mean_km"] == pytest.approx(MAX_KM / 2, abs=1)
    e2e = res["end_to_end"]
    assert e2e["acc161"] == 50.0 and e2e["coverage"] == 100.0
    assert 400 < e2e["mean_km"] < 450  # (0 + ~840 km) / 2


def test_places_score_overlap() -> None:
    doc = _doc()
    wide = _place(6, 20, 40.1, 46.0, None)  # "left Kalbajar" overlaps the gold span
    res = score([doc], [[wide]], [[None, None]])
    assert res["recognition"]["f1"] == 0.0 and res["recognition"]["overlap_f1"] > 0.0
    assert res["end_to_end"]["acc161"] == 0.0 and res["end_to_end"]["mean_km"] == MAX_KM


@pytest.mark.parametrize(
    ("errors", "expected"),
    [([0.0, 0.0], 0.0), ([MAX_KM - 1, MAX_KM - 1], 1.0), ([0.0, MAX_KM - 1], 0.5)],
)
def test_places_auc(errors: list[float], expected: float) -> None:
    assert auc(errors) == pytest.approx(expected, abs=1e-3)
    assert not math.isnan(auc([5.0]))


def test_places_read_documents(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    line = json.dumps(_doc(), ensure_ascii=False)
    path.write_text(line + "\n" + line + "\n", "utf-8")
    assert len(list(read_documents(path))) == 2
    assert len(list(read_documents(path, limit=1))) == 1
    path.write_text("{not json\n", "utf-8")
    with pytest.raises(EvaluationError, match="fix"):
        list(read_documents(path))


def test_places_format_table() -> None:
    res = score([_doc()], [[]], [[None, None]])
    res["seconds"] = 0.1
    table = format_table(res)
    assert "recognition" in table and "acc@161" in table


@pytest.mark.model
def test_places_evaluate_tiny_file(tmp_path: Path) -> None:
    from newstrail.eval.places import evaluate

    path = tmp_path / "tiny.jsonl"
    path.write_text(json.dumps(_doc()) + "\n", "utf-8")
    res = evaluate(path)
    assert res["documents"] == 1
    assert res["resolution_gold"]["acc161"] == 100.0
    assert set(res) >= {"recognition", "resolution_gold", "end_to_end", "documents", "seconds"}
