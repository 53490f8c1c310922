"""Toponym recognition and resolution on GeoWebNews / LGL / TR-News JSONL (see the SOURCE.md of
``shared/data/geoparsing``): exact and overlap span P/R/F1; resolution on gold spans and end to
end (each missed toponym counts as a 20,039 km error): accuracy within 161 km, mean and median
error, AUC of ln(1 + km) (Gritta et al.; 0–1, lower is better) and exact GeoNames-id accuracy.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from newstrail.eval.scoring import GoldFile, percentages, ratios, read_jsonl
from newstrail.models import Place
from newstrail.nlp.text import haversine_km

GOLD = GoldFile(
    keys=("text", "toponyms"),
    what="a geoparsing JSONL document",
    fix="a geoparsing .jsonl file",
    shape="{text, toponyms: [{start, end, ...}]}",
)
MAX_KM = 20039.0
ACC_KM = 161.0


def read_documents(path: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    yield from read_jsonl(path, GOLD, limit)


def _ok(t: dict[str, Any]) -> bool:
    return bool(t.get("offset_ok", True)) and t.get("start", -1) >= 0


def gold_geotag(doc: dict[str, Any]) -> set[tuple[int, int]]:
    return {
        (t["start"], t["end"]) for t in doc["toponyms"] if t.get("eval_geotag", True) and _ok(t)
    }


def gold_geocode(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        t
        for t in doc["toponyms"]
        if t.get("eval_geocode", t.get("geonameid") is not None)
        and _ok(t)
        and t.get("lat") is not None
    ]


def error_km(place: Place | None, gold: dict[str, Any]) -> float:
    if place is None or place.lat is None or place.lon is None:
        return MAX_KM
    return haversine_km(place.lat, place.lon, float(gold["lat"]), float(gold["lon"]))


def same_id(place: Place | None, gold: dict[str, Any]) -> bool:
    gid = gold.get("geonameid")
    return place is not None and gid is not None and place.geonameid == int(gid)


def auc(errors: Sequence[float]) -> float:
    """Area under the curve of sorted ln(1 + km), trapezoid rule, scaled to 0–1 (Gritta)."""
    if len(errors) < 2:
        return math.log1p(errors[0]) / math.log(MAX_KM) if errors else 0.0
    ys = [math.log1p(e) for e in sorted(errors)]
    area = sum((a + b) / 2 for a, b in zip(ys, ys[1:], strict=False))
    return area / (math.log(MAX_KM) * (len(ys) - 1))


def resolution_scores(errors: Sequence[float], exact: Sequence[bool]) -> dict[str, float]:
    n = len(errors)
    if not n:
        return {"acc161": 0.0, "mean_km": 0.0, "median_km": 0.0, "auc": 0.0, "exact_id": 0.0}
    return {
        "acc161": round(100.0 * sum(e < ACC_KM for e in errors) / n, 2),
        "mean_km": round(statistics.fmean(errors), 1),
        "median_km": round(statistics.median(errors), 1),
        "auc": round(auc(errors), 4),
        "exact_id": round(100.0 * sum(exact) / n, 2),
    }


def score(
    docs: Sequence[dict[str, Any]],
    predicted: Sequence[Sequence[Place]],
    gold_resolved: Sequence[Sequence[Place | None]],
) -> dict[str, Any]:
    """Scores from predictions: ``predicted[i]`` the places found in document i,
    ``gold_resolved[i]`` the resolution of each of ``gold_geocode(docs[i])`` on its gold span."""
    n_pred = n_gold = tp = ov_p = ov_g = 0
    gold_err: list[float] = []
    gold_exact: list[bool] = []
    e2e_err: list[float] = []
    e2e_exact: list[bool] = []
    found = 0
    for doc, places, resolved in zip(docs, predicted, gold_resolved, strict=True):
        gold = gold_geotag(doc)
        pred = {(p.start, p.end) for p in places}
        n_pred += len(pred)
        n_gold += len(gold)
        tp += len(pred & gold)
        ov_p += sum(any(s < ge and gs < e for gs, ge in gold) for s, e in pred)
        ov_g += sum(any(s < ge and gs < e for s, e in pred) for gs, ge in gold)
        by_span = {(p.start, p.end): p for p in places}
        geocode = gold_geocode(doc)
        for t, place in zip(geocode, resolved, strict=True):
            gold_err.append(error_km(place, t))
            gold_exact.append(same_id(place, t))
            hit = by_span.get((t["start"], t["end"]))
            found += hit is not None
            e2e_err.append(error_km(hit, t))
            e2e_exact.append(same_id(hit, t))
    overlap_f1 = 100.0 * ratios(ov_p, n_pred, n_gold, tp_gold=ov_g)[2]
    e2e = resolution_scores(e2e_err, e2e_exact)
    e2e["coverage"] = round(100.0 * found / len(e2e_err), 2) if e2e_err else 0.0
    return {
        "recognition": {
            **percentages(tp, n_pred, n_gold),
            "overlap_f1": round(overlap_f1, 2),
            "gold": n_gold,
            "predicted": n_pred,
        },
        "resolution_gold": {**resolution_scores(gold_err, gold_exact), "n": len(gold_err)},
        "end_to_end": e2e,
        "documents": len(docs),
    }


def evaluate(path: Path, *, limit: int | None = None, model: str | None = None) -> dict[str, Any]:
    """Run backbone NER + entities + places over a geoparsing JSONL file and score it."""
    from newstrail.pipeline import Extractor

    docs = list(read_documents(path, limit))
    t0 = time.perf_counter()
    extractor = Extractor(model=model, components=["entities", "places"])
    component: Any = extractor.nlp.get_pipe("newstrail_places")
    predicted: list[list[Place]] = []
    resolved: list[list[Place | None]] = []
    texts = (d["text"] for d in docs)
    for d, sdoc in zip(docs, extractor.nlp.pipe(texts, batch_size=8), strict=True):
        predicted.append(list(sdoc._.places or []))
        spans = [(t["start"], t["end"]) for t in gold_geocode(d)]
        resolved.append(list(component.resolve_spans(sdoc, spans)))
    result = score(docs, predicted, resolved)
    result["seconds"] = round(time.perf_counter() - t0, 1)
    return result


def format_table(result: dict[str, Any]) -> str:
    rec, gold, e2e = result["recognition"], result["resolution_gold"], result["end_to_end"]
    lines = [
        f"documents {result['documents']}  ({result.get('seconds', 0)} s)",
        f"recognition   P {rec['p']:6.2f}  R {rec['r']:6.2f}  F1 {rec['f1']:6.2f}  "
        f"overlap F1 {rec['overlap_f1']:6.2f}  (gold {rec['gold']}, predicted {rec['predicted']})",
    ]
    for label, r in (("resolution (gold spans)", gold), ("end to end", e2e)):
        lines.append(
            f"{label:<24} acc@161 {r['acc161']:6.2f}%  exact id {r['exact_id']:6.2f}%  "
            f"mean {r['mean_km']:8.1f} km  median {r['median_km']:7.1f} km  AUC {r['auc']:.3f}"
        )
    if "coverage" in e2e:
        lines.append(f"end-to-end coverage {e2e['coverage']:.2f}% of geocodable gold spans found")
    return "\n".join(lines)
