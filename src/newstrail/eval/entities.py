"""``newstrail eval entities``: person / organisation / place F1, with and without corrections.

Two layouts are read:

* **GUM** (a folder of ``.conllu`` with ``Entity=`` in MISC, dev split from ``splits.md``): the
  gold units are the *named* mentions of type person, organization or place — mentions whose
  syntactic head (the one token whose head lies outside the mention) is a proper noun (XPOS
  NNP/NNPS). GUM mentions are full noun phrases ("Professor Cres Eastman, Director of ..."),
  so a prediction matches a gold mention when it contains the gold head token and has the
  same type (one-to-one; "head match").
* **UNER English-EWT** (``.iob2``; the ``dev`` file when given a folder): gold spans from the
  IOB2 tags, exact character-span match with the same type. Sentences are regrouped into
  their ``# newdoc`` documents so that document-level evidence is available.

Type mapping (as the SOURCE.md files describe the schemes): GUM person / UNER PER → PERSON,
organization / ORG → ORG, place / LOC → PLACE, which our GPE, LOC and FAC all count as. NORP
and other labels are not scored. ``model`` rows score the backbone's ``doc.ents`` (with the
same leading-article trimming), ``corrected`` rows score ``newstrail_entities``. Figures are
percentages; micro-averaged over the three types.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newstrail.errors import EvaluationError
from newstrail.eval.conllu import ConlluDoc, conllu_files, entity_mentions, read_conllu
from newstrail.eval.scoring import percentages

TYPES = ("PERSON", "ORG", "PLACE")
OURS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
GUM_TYPES = {"person": "PERSON", "organization": "ORG", "place": "PLACE"}
UNER_TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}


@dataclass
class Counts:
    tp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TYPES, 0))
    pred: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TYPES, 0))
    gold: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TYPES, 0))

    def table(self) -> dict[str, dict[str, float]]:
        rows: dict[str, dict[str, float]] = {}
        for name, keys in [(t, (t,)) for t in TYPES] + [("micro", TYPES)]:
            tp = sum(self.tp[k] for k in keys)
            pred = sum(self.pred[k] for k in keys)
            gold = sum(self.gold[k] for k in keys)
            rows[name] = {**percentages(tp, pred, gold), "gold": gold}
        return rows


Span = tuple[int, int, str]  # start char, end char, type


def _predictions(doc: Any, corrected: bool) -> list[Span]:
    from newstrail.nlp.entities_evidence import trim_name

    spans: list[Span] = []
    if corrected:
        for ent in doc._.entities or []:
            kind = OURS.get(ent.label)
            if kind:
                spans.append((ent.start, ent.end, kind))
        return spans
    for ent in doc.ents:
        kind = OURS.get(ent.label_)
        if not kind:
            continue
        start, end = trim_name(doc, ent.start, ent.end)
        if start < end:
            spans.append((doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), kind))
    return spans


# --------------------------------------------------------------------------------------------
# GUM


def gum_gold(doc: ConlluDoc) -> list[tuple[int, str]]:
    """Named person/organisation/place mentions: (char offset of the head token, type)."""
    gold: list[tuple[int, str]] = []
    for mention in entity_mentions(doc):
        kind = GUM_TYPES.get(mention.type)
        if kind is None:
            continue
        inside = set(range(mention.start, mention.end))
        roots = [i for i in inside if doc.heads[i] not in inside]
        if len(roots) != 1:
            continue
        root = roots[0]
        if doc.xpos[root] in ("NNP", "NNPS"):
            gold.append((doc.starts[root], kind))
    return gold


def _read_gum(path: Path, limit: int | None) -> list[ConlluDoc]:
    files = conllu_files(path, "dev")
    docs = [doc for f in files for doc in read_conllu(f)]
    return docs[:limit] if limit is not None else docs


def _score_gum(docs: list[ConlluDoc], parsed: Iterable[Any], corrected: bool) -> Counts:
    counts = Counts()
    for gold_doc, doc in zip(docs, parsed, strict=True):
        gold = gum_gold(gold_doc)
        preds = _predictions(doc, corrected)
        for _, kind in gold:
            counts.gold[kind] += 1
        for *_, kind in preds:
            counts.pred[kind] += 1
        used: set[int] = set()
        for start, end, kind in preds:
            for n, (head, gkind) in enumerate(gold):
                if n not in used and gkind == kind and start <= head < end:
                    used.add(n)
                    counts.tp[kind] += 1
                    break
    return counts


# --------------------------------------------------------------------------------------------
# UNER


@dataclass
class UnerDoc:
    name: str
    text: str
    gold: list[Span]


def read_iob2(path: Path, limit: int | None = None) -> list[UnerDoc]:
    """UNER .iob2 sentences regrouped into documents; gold spans as char offsets."""
    docs: list[UnerDoc] = []
    parts: list[str] = []
    gold: list[Span] = []
    pos = 0
    sent_text = ""
    cursor = 0
    base = 0
    current: tuple[int, str] | None = None
    last_end = 0
    name = path.stem

    def close_entity() -> None:
        nonlocal current
        if current is not None:
            start, kind = current
            gold.append((start, last_end, kind))
            current = None

    def finish() -> None:
        close_entity()
        if parts:
            docs.append(UnerDoc(name, "".join(parts), list(gold)))

    for line in path.read_text("utf-8").splitlines():
        if line.startswith("# newdoc"):
            finish()
            parts, gold, pos = [], [], 0
            name = line.split("=", 1)[1].strip()
            continue
        if line.startswith("# text"):
            sent_text = line.split("=", 1)[1].strip()
            if parts:
                parts.append("\n")
                pos += 1
            base = pos
            parts.append(sent_text)
            pos += len(sent_text)
            cursor = 0
            continue
        if line.startswith("#"):
            continue
        if not line.strip():
            close_entity()
            continue
        cols = line.split("\t")
        if len(cols) < 3 or "-" in cols[0] or "." in cols[0]:
            continue
        form, tag = cols[1], cols[2]
        found = sent_text.find(form, cursor)
        if found < 0:
            raise EvaluationError(f"{path}: token {form!r} not found in its sentence text.")
        start, end = base + found, base + found + len(form)
        cursor = found + len(form)
        if tag.startswith("B-") or tag == "O" or (tag.startswith("I-") and current is None):
            close_entity()
        kind = UNER_TYPES.get(tag[2:]) if tag[:2] in ("B-", "I-") else None
        if kind is not None and current is None:
            current = (start, kind)
        last_end = end
        if len(docs) >= (limit or 10**9):
            break
    finish()
    return docs[:limit] if limit is not None else docs


def _score_uner(docs: list[UnerDoc], parsed: Iterable[Any], corrected: bool) -> Counts:
    counts = Counts()
    for gold_doc, doc in zip(docs, parsed, strict=True):
        gold = set(gold_doc.gold)
        preds = set(_predictions(doc, corrected))
        for *_, kind in gold:
            counts.gold[kind] += 1
        for *_, kind in preds:
            counts.pred[kind] += 1
        for span in preds & gold:
            counts.tp[span[2]] += 1
    return counts


# --------------------------------------------------------------------------------------------


def _locate(path: Path) -> dict[str, Path]:
    """Which corpora ``path`` holds: a GUM dep folder, a UNER .iob2 (file or folder), or a
    parent folder with both (``gum/dep`` and ``uner_english_ewt``)."""
    found: dict[str, Path] = {}
    if path.is_file():
        found["uner" if path.suffix == ".iob2" else "gum"] = path
        return found
    if any(path.glob("*.conllu")):
        found["gum"] = path
    dev = sorted(path.glob("*dev*.iob2")) or sorted(path.glob("*.iob2"))
    if dev:
        found["uner"] = dev[0]
    if (path / "gum" / "dep").is_dir():
        found["gum"] = path / "gum" / "dep"
    uner = sorted((path / "uner_english_ewt").glob("*dev*.iob2"))
    if uner:
        found["uner"] = uner[0]
    if not found:
        raise EvaluationError(
            f"{path}: neither GUM .conllu files nor a UNER .iob2 file found; pass "
            "../shared/data/nlp/gum/dep, ../shared/data/nlp/uner_english_ewt or their parent."
        )
    return found


def evaluate(path: Path, *, limit: int | None = None, model: str | None = None) -> dict[str, Any]:
    from newstrail.pipeline import build_nlp

    corpora = _locate(Path(path))  # a bad folder fails before the model loads
    nlp = build_nlp(model, components=["entities"])
    result: dict[str, Any] = {}
    started = time.perf_counter()
    for corpus, where in corpora.items():
        t0 = time.perf_counter()
        if corpus == "gum":
            gum = _read_gum(where, limit)
            parsed = list(nlp.pipe(d.text for d in gum))
            model_counts = _score_gum(gum, parsed, corrected=False)
            ours = _score_gum(gum, parsed, corrected=True)
            n = len(gum)
        else:
            uner = read_iob2(where, limit)
            parsed = list(nlp.pipe(d.text for d in uner))
            model_counts = _score_uner(uner, parsed, corrected=False)
            ours = _score_uner(uner, parsed, corrected=True)
            n = len(uner)
        result[corpus] = {
            "model": model_counts.table(),
            "corrected": ours.table(),
            "documents": n,
            "seconds": round(time.perf_counter() - t0, 2),
        }
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result


def format_table(result: dict[str, Any]) -> str:
    lines: list[str] = []
    for corpus in ("gum", "uner"):
        if corpus not in result:
            continue
        block = result[corpus]
        lines.append(f"{corpus.upper()} ({block['documents']} documents, {block['seconds']} s)")
        lines.append(f"  {'type':8} {'gold':>5}  {'model P/R/F1':>20}  {'corrected P/R/F1':>20}")
        for row in (*TYPES, "micro"):
            m, c = block["model"][row], block["corrected"][row]
            lines.append(
                f"  {row:8} {m['gold']:5d}  {m['p']:6.1f} {m['r']:6.1f} {m['f1']:6.1f}"
                f"  {c['p']:6.1f} {c['r']:6.1f} {c['f1']:6.1f}"
            )
    return "\n".join(lines)


__all__ = ["evaluate", "format_table", "gum_gold", "read_iob2"]
