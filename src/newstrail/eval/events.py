"""PLOVER event coding on the gold-standard sentences (``shared/data/events/plover``, SOURCE.md).

Per sentence, the main event the pipeline finds (the non-negated event whose trigger is highest
in the parse; none = wrong) is compared with the gold record:

- ``type``: accuracy and per-type precision/recall/F1, macro F1 over the gold types. The gold's
  older categories are mapped with the manual's conversion table (DEMAND→REQUEST,
  DISAPPROVE→ACCUSE, INVESTIGATE→ACCUSE, FIGHT→ASSAULT).
- ``actors`` / ``recipients`` (gold ``source`` / ``target``): micro precision/recall/F1 by actor
  text, ``exact`` (case, punctuation and a leading article aside) and ``overlap`` (a shared
  content word).
- ``mode_accuracy``: CONSULT sentences with a gold mode. Records coded with the old ``host`` mode
  follow the manual's current rule (mode ``visit``, the visitor actor, the host recipient).
- ``location_accuracy``: sentences with a gold ``eventLoc``, right when a place of the main event
  shares a word with it.

All figures are percentages. The file is small (164 records) and was also used to design the
rules: read these as design-set figures, the held-out half is not here.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from newstrail.errors import EvaluationError
from newstrail.eval.scoring import GoldFile, percentages, read_jsonl

__all__ = ["evaluate", "format_table", "gold_type", "read_records", "score"]

GOLD = GoldFile(
    keys=("text", "event"),
    what="a PLOVER record",
    fix="a PLOVER gold-standard .jsonl file",
    shape="{text, event, source, target, ...}",
)
_WORD = re.compile(r"[\w-]+")
_STOP = frozenset({"the", "a", "an", "of", "and", "in", "its", "his", "her", "their", "'s", "s"})


def read_records(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    out = list(read_jsonl(path, GOLD, limit))
    if not out:
        raise EvaluationError(f"{path}: no PLOVER records; fix: pass gsr.dev.jsonl")
    return out


def gold_type(record: dict[str, Any]) -> str:
    from newstrail.nlp.lexicon import lexicon

    old: dict[str, str] = lexicon("events")["old_types"]
    event = str(record["event"]).strip().upper()
    return old.get(event, event)


def _actors(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [str(a.get("actorText", "")).strip() for a in value if a.get("actorText")]


def gold_participants(record: dict[str, Any]) -> tuple[list[str], list[str], str | None]:
    """(actors, recipients, mode) with the manual's visitor/host rule applied."""
    actors, recipients = _actors(record.get("source")), _actors(record.get("target"))
    mode = (record.get("mode") or "").strip() or None
    if gold_type(record) == "CONSULT" and mode == "host":
        actors, recipients, mode = recipients, actors, "visit"
    return actors, recipients, mode


def _norm(text: str) -> str:
    words = [w.lower() for w in _WORD.findall(text)]
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def _content(text: str) -> set[str]:
    return {w for w in _norm(text).split() if w not in _STOP}


def _match_counts(pred: Sequence[str], gold: Sequence[str], overlap: bool) -> tuple[int, int]:
    def same(a: str, b: str) -> bool:
        if overlap:
            return bool(_content(a) & _content(b))
        return _norm(a) == _norm(b)

    tp_pred = sum(any(same(p, g) for g in gold) for p in pred)
    tp_gold = sum(any(same(p, g) for p in pred) for g in gold)
    return tp_pred, tp_gold


def _participant_scores(pairs: Iterable[tuple[list[str], list[str]]]) -> dict[str, Any]:
    # per key: true positives (predicted side), predicted, gold, true positives (gold side)
    totals = {"exact": [0, 0, 0, 0], "overlap": [0, 0, 0, 0]}
    for pred, gold in pairs:
        for key, overlap in (("exact", False), ("overlap", True)):
            tp_p, tp_g = _match_counts(pred, gold, overlap)
            t = totals[key]
            t[0] += tp_p
            t[1] += len(pred)
            t[2] += len(gold)
            t[3] += tp_g
    return {k: percentages(*v) for k, v in totals.items()}


def score(records: Sequence[dict[str, Any]], predicted: Sequence[Any]) -> dict[str, Any]:
    """Scores from ``predicted[i]``: the main event (an :class:`~newstrail.nlp.events.Event`)
    found in ``records[i]['text']``, or None."""
    gold_types = [gold_type(r) for r in records]
    pred_types = [p.type if p is not None else None for p in predicted]
    correct = sum(g == p for g, p in zip(gold_types, pred_types, strict=True))
    per_type: dict[str, dict[str, float]] = {}
    gold_count, pred_count = Counter(gold_types), Counter(t for t in pred_types if t)
    hits = Counter(g for g, p in zip(gold_types, pred_types, strict=True) if g == p)
    for t in sorted(gold_count):
        res = percentages(hits[t], pred_count[t], gold_count[t])
        per_type[t] = {**res, "gold": gold_count[t], "predicted": pred_count[t]}
    macro = sum(v["f1"] for v in per_type.values()) / len(per_type) if per_type else 0.0

    actor_pairs, recipient_pairs = [], []
    mode_total = mode_right = loc_total = loc_right = 0
    for record, event in zip(records, predicted, strict=True):
        actors, recipients, mode = gold_participants(record)
        pred_actors = [a.text for a in event.actors] if event is not None else []
        pred_recipients = [r.text for r in event.recipients] if event is not None else []
        actor_pairs.append((pred_actors, actors))
        recipient_pairs.append((pred_recipients, recipients))
        if gold_type(record) == "CONSULT" and mode:
            mode_total += 1
            mode_right += event is not None and event.type == "CONSULT" and event.mode == mode
        loc = record.get("eventLoc")
        if isinstance(loc, dict) and loc.get("name"):
            loc_total += 1
            want = _content(str(loc["name"]))
            places = event.places if event is not None else []
            loc_right += any(want & (_content(p.text) | _content(p.name or "")) for p in places)
    return {
        "type": {
            "accuracy": round(100 * correct / len(records), 2) if records else 0.0,
            "macro_f1": round(macro, 2),
            "per_type": per_type,
        },
        "actors": _participant_scores(actor_pairs),
        "recipients": _participant_scores(recipient_pairs),
        "mode_accuracy": round(100 * mode_right / mode_total, 2) if mode_total else 0.0,
        "location_accuracy": round(100 * loc_right / loc_total, 2) if loc_total else 0.0,
        "sentences": len(records),
    }


def predict(nlp: Any, records: Sequence[dict[str, Any]]) -> list[Any]:
    """The main non-negated event of each record's sentence, or None."""
    from newstrail.nlp.events import main_event

    out = []
    for doc in nlp.pipe((r["text"] for r in records), batch_size=16):
        events = [e for e in doc._.events or [] if not e.negated]
        out.append(main_event(doc, events, 0, len(doc.text)))
    return out


def evaluate(path: Path, *, limit: int | None = None, model: str | None = None) -> dict[str, Any]:
    """Run the whole pipeline over the PLOVER sentences and score the main event of each."""
    from newstrail.pipeline import build_nlp

    records = read_records(path, limit)
    started = time.perf_counter()
    nlp = build_nlp(model)
    result = score(records, predict(nlp, records))
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def format_table(result: dict[str, Any]) -> str:
    t = result["type"]
    lines = [
        f"sentences {result['sentences']}  ({result.get('seconds', 0)} s)",
        f"type        accuracy {t['accuracy']:6.2f}  macro F1 {t['macro_f1']:6.2f}",
    ]
    for name, r in t["per_type"].items():
        lines.append(
            f"  {name:<10} P {r['p']:6.2f}  R {r['r']:6.2f}  F1 {r['f1']:6.2f}  "
            f"(gold {r['gold']}, predicted {r['predicted']})"
        )
    for key in ("actors", "recipients"):
        e, o = result[key]["exact"], result[key]["overlap"]
        lines.append(
            f"{key:<11} exact P {e['p']:6.2f} R {e['r']:6.2f} F1 {e['f1']:6.2f}   "
            f"overlap P {o['p']:6.2f} R {o['r']:6.2f} F1 {o['f1']:6.2f}"
        )
    lines.append(f"CONSULT mode accuracy {result['mode_accuracy']:6.2f}")
    lines.append(f"location accuracy     {result['location_accuracy']:6.2f}")
    return "\n".join(lines)
