"""``newstrail eval times``: time expressions scored by the TempEval-3 Task A protocol.

For each TimeML ``.tml`` file the gold ``<TIMEX3>`` tags inside ``<TEXT>`` are stripped (with every
other inline tag) to get the plain text and the gold spans with character offsets; the document
creation time (``<DCT>``) is the anchor. The tagger (:func:`newstrail.nlp.times.find_times`, pure
Python, no spaCy) runs on the plain text, and the result is scored as in TE3:

* relaxed P/R/F1: a prediction matches a gold expression when the spans overlap (one-to-one);
* strict P/R/F1: exact extent;
* value F1 = relaxed F1 x value accuracy over the relaxed matches (exact TIMEX3 value string);
* type accuracy over the relaxed matches.

All figures are percentages.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newstrail.errors import EvaluationError
from newstrail.eval.scoring import Tally, percentages, text_table

_TEXT_RE = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_DCT_RE = re.compile(r"<DCT>\s*<TIMEX3\b([^>]*)>", re.S)
_TAG_RE = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR_RE = re.compile(r'([A-Za-z_]+)="([^"]*)"')
_ENTITY_RE = re.compile(r"&(#x?[0-9A-Fa-f]+|[A-Za-z]+);")


@dataclass(frozen=True, slots=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None


@dataclass(frozen=True, slots=True)
class TmlDoc:
    name: str
    text: str
    dct: str | None
    timexes: tuple[GoldTimex, ...]


def _attrs(raw: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in _ATTR_RE.findall(raw)}


def _plain(fragment: str) -> str:
    return _ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), fragment)


def parse_tml(source: str, name: str = "") -> TmlDoc:
    """Plain text of ``<TEXT>`` (tags stripped, entities unescaped), its DCT and gold TIMEX3s."""
    body = _TEXT_RE.search(source)
    if body is None:
        raise EvaluationError(
            f"{name or 'document'}: no <TEXT> element; pass TimeML .tml files (TempEval-3 layout)"
        )
    dct_match = _DCT_RE.search(source)
    dct = _attrs(dct_match.group(1)).get("value") if dct_match else None
    raw = body.group(1)
    out: list[str] = []
    length = 0
    pos = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    golds: list[GoldTimex] = []
    for tag in _TAG_RE.finditer(raw):
        piece = _plain(raw[pos : tag.start()])
        out.append(piece)
        length += len(piece)
        pos = tag.end()
        closing, tag_name, attr_text, selfclosing = tag.groups()
        if tag_name != "TIMEX3" or selfclosing:
            continue
        if not closing:
            open_timex = (length, _attrs(attr_text))
        elif open_timex is not None:
            start, attrs = open_timex
            open_timex = None
            text = "".join(out)[start:length]
            golds.append(
                GoldTimex(
                    start=start,
                    end=length,
                    text=text,
                    type=attrs.get("type", ""),
                    value=attrs.get("value", ""),
                    mod=attrs.get("mod"),
                )
            )
    out.append(_plain(raw[pos:]))
    return TmlDoc(name=name, text="".join(out), dct=dct, timexes=tuple(golds))


def load_tml(path: Path, limit: int | None = None) -> list[TmlDoc]:
    """Every ``.tml`` file under ``path`` (a folder, searched recursively, or one file)."""
    files = [path] if path.is_file() else sorted(path.rglob("*.tml"))
    if not files:
        raise EvaluationError(f"no .tml files under {path}; point --tml at a TimeML folder")
    if limit is not None:
        files = files[:limit]
    return [parse_tml(f.read_text("utf-8"), f.name) for f in files]


@dataclass(slots=True)
class Counts(Tally):
    gold: int = 0
    pred: int = 0
    relaxed: int = 0
    strict: int = 0
    value: int = 0
    type: int = 0


def score_document(gold: Sequence[GoldTimex], pred: Sequence[Any]) -> Counts:
    """Match predictions (objects with start, end, type, value) to gold spans one-to-one.

    Exact-extent pairs are matched first, then any remaining overlaps, leftmost first.
    """
    counts = Counts(gold=len(gold), pred=len(pred))
    used_pred: set[int] = set()
    pairs: dict[int, int] = {}
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used_pred and p.start == g.start and p.end == g.end:
                pairs[gi] = pi
                used_pred.add(pi)
                counts.strict += 1
                break
    for gi, g in enumerate(gold):
        if gi in pairs:
            continue
        for pi, p in enumerate(pred):
            if pi not in used_pred and p.start < g.end and g.start < p.end:
                pairs[gi] = pi
                used_pred.add(pi)
                break
    counts.relaxed = len(pairs)
    for gi, pi in pairs.items():
        if pred[pi].value == gold[gi].value:
            counts.value += 1
        if pred[pi].type == gold[gi].type:
            counts.type += 1
    return counts


def summarise(counts: Counts, documents: int, seconds: float) -> dict[str, Any]:
    relaxed = percentages(counts.relaxed, counts.pred, counts.gold)
    value_acc = counts.value / counts.relaxed if counts.relaxed else 0.0
    type_acc = counts.type / counts.relaxed if counts.relaxed else 0.0
    return {
        "relaxed": relaxed,
        "strict": percentages(counts.strict, counts.pred, counts.gold),
        "value_f1": round(relaxed["f1"] * value_acc, 2),
        "value_acc": round(100 * value_acc, 2),
        "type_acc": round(100 * type_acc, 2),
        "gold": counts.gold,
        "predicted": counts.pred,
        "documents": documents,
        "seconds": round(seconds, 2),
    }


def evaluate_docs(docs: Sequence[TmlDoc], model: str | None = None) -> dict[str, Any]:
    """Tag and score ``docs``. With ``model`` (a spaCy pipeline) the texts are parsed first so
    that tense decides the direction of bare weekdays and months, as in the full pipeline."""
    from newstrail.nlp.times import find_times

    started = time.perf_counter()
    total = Counts()
    parsed: Iterable[Any] = [None] * len(docs)
    if model is not None:
        from newstrail.nlp.backbone import load_backbone

        nlp = load_backbone(model, disable=["ner"])
        parsed = nlp.pipe((d.text for d in docs), batch_size=8)
    for doc, spacy_doc in zip(docs, parsed, strict=True):
        total.add(score_document(doc.timexes, find_times(doc.text, doc.dct, spacy_doc)))
    return summarise(total, len(docs), time.perf_counter() - started)


def evaluate(path: Path, *, limit: int | None = None, model: str | None = None) -> dict[str, Any]:
    """Score the tagger on a folder of TimeML files (TempEval-3 Task A).

    Without ``model`` the pure-Python tagger runs alone (fast); with one, texts are parsed by
    that spaCy pipeline first (``--model`` / ``NEWSTRAIL_MODEL``).
    """
    return evaluate_docs(load_tml(Path(path), limit), model)


def format_table(result: dict[str, Any]) -> str:
    spans = [
        (key, result[key]["p"], result[key]["r"], result[key]["f1"])
        for key in ("relaxed", "strict")
    ]
    lines = [
        f"TempEval-3 Task A  ({result['documents']} documents, {result['gold']} gold, "
        f"{result['predicted']} predicted, {result['seconds']} s)",
        *text_table(("", "P", "R", "F1"), spans, label=10, width=8),
        f"{'value F1':10}{result['value_f1']:24.2f}   (value accuracy {result['value_acc']})",
        f"{'type acc':10}{result['type_acc']:24.2f}",
    ]
    return "\n".join(lines)
