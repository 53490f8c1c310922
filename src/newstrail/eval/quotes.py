"""``newstrail eval quotes --polnear DIR``: attribution extraction scored on PolNeAR.

Three families of scores, all micro-averaged over the folder, on spaCy tokens (a character span
covers every token it overlaps), figures in percent:

``citron`` / ``citron_overlap``
    The protocol of BBC's Citron (``citron/metrics.py``). Gold attributions without a source, a cue
    or a content are dropped, as are spans without a letter or digit (the same filters are applied
    to the predictions, so both sides are comparable). Exact: a predicted cue is right when its
    token span equals a gold cue; a predicted source (content) is right when its cue *overlaps*
    the gold cue and its ordered list of source (content) spans is identical; ``all`` needs the
    exact cue and identical source and content lists. Recall counts gold attributions matched by
    some prediction the same way. Overlap: tokens of a predicted role that fall in the same role of
    any gold attribution, over all predicted (precision) or gold (recall) tokens of that role.
``per_role``
    CofeNet-style: every role scored alone as a set of exact token spans (every gold fragment,
    every gold attribution, no filter).
``by_kind``
    The same two families on the gold and predicted attributions of each kind: ``direct``
    (direct or mixed: the content holds a quotation mark) and ``indirect``.

Predicted quotes nested inside another predicted quote are not scored (PolNeAR annotates only
the outermost attribution). With a speaker annotation (``training/polnear_speakers_dev.tsv``)
covering documents of the folder, ``speakers`` gives speaker-resolution accuracy, named-speaker
precision and accuracy by kind of speaker (person, org, group).
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from newstrail.eval.brat import BratDocument, Span, read_polnear
from newstrail.eval.scoring import percentages
from newstrail.models import Quote
from newstrail.nlp.quotation import ALL_MARKS

ROLES = ("cue", "source", "content")
QUOTE_MARKS = ALL_MARKS  # a gold content holding any of them is a direct (or mixed) quote
SPEAKER_ANNOTATION = Path(__file__).resolve().parents[3] / "training" / "polnear_speakers_dev.tsv"
EVAL_COMPONENTS = ("entities", "coref", "quotes")

TokSpan = tuple[int, int]


@dataclass(slots=True)
class Attr:
    """One attribution as token spans (end exclusive), roles sorted by start."""

    cue: list[TokSpan] = field(default_factory=list)
    source: list[TokSpan] = field(default_factory=list)
    content: list[TokSpan] = field(default_factory=list)
    direct: bool = False

    def role(self, name: str) -> list[TokSpan]:
        spans: list[TokSpan] = getattr(self, name)
        return spans


# ---------------------------------------------------------------------------------------------
# char spans -> token spans


class _Tokens:
    """Fast char→token mapping for one doc."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.starts = [t.idx for t in doc]
        self.ends = [t.idx + len(t.text) for t in doc]
        self.blank = [t.text.isspace() for t in doc]

    def span(self, start: int, end: int) -> TokSpan | None:
        from bisect import bisect_left, bisect_right

        lo = bisect_right(self.ends, start)
        hi = bisect_left(self.starts, end)
        toks = [i for i in range(lo, hi) if not self.blank[i]]
        return (toks[0], toks[-1] + 1) if toks else None


def _has_alnum(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _convert(
    tokens: _Tokens, text: str, roles: dict[str, list[Span]], direct: bool, alnum_filter: bool
) -> Attr:
    attr = Attr(direct=direct)
    for role in ROLES:
        out: list[TokSpan] = []
        for start, end in roles.get(role, []):
            if alnum_filter and not _has_alnum(text[start:end]):
                continue
            tspan = tokens.span(start, end)
            if tspan is not None:
                out.append(tspan)
        attr.role(role).extend(sorted(set(out)))
    return attr


def gold_attrs(tokens: _Tokens, doc: BratDocument, alnum_filter: bool) -> list[Attr]:
    out = []
    for g in doc.attributions:
        direct = any(ch in QUOTE_MARKS for s, e in g.content for ch in doc.text[s:e])
        out.append(
            _convert(
                tokens,
                doc.text,
                {"cue": g.cue, "source": g.source, "content": g.content},
                direct,
                alnum_filter,
            )
        )
    return out


def outermost(quotes: Sequence[Quote]) -> list[Quote]:
    """Drop quotes whose content lies inside another quote's content."""
    keep = []
    for q in quotes:
        nested = any(
            o is not q
            and o.start <= q.start
            and q.end <= o.end
            and (o.end - o.start) > (q.end - q.start)
            for o in quotes
        )
        if not nested:
            keep.append(q)
    return keep


def quote_roles(q: Quote) -> dict[str, list[Span]]:
    frags = [(f.start, f.end) for f in q.fragments] or [(q.start, q.end)]
    return {
        "cue": [(q.cue.start, q.cue.end)] if q.cue is not None else [],
        "source": (
            [(q.speaker.mention.start, q.speaker.mention.end)]
            if q.speaker.mention is not None
            else []
        ),
        "content": sorted(frags),
    }


def pred_attrs(
    tokens: _Tokens, text: str, quotes: Sequence[Quote], alnum_filter: bool
) -> list[Attr]:
    return [
        _convert(tokens, text, quote_roles(q), q.kind in ("direct", "mixed"), alnum_filter)
        for q in outermost(quotes)
    ]


# ---------------------------------------------------------------------------------------------
# scores


def _overlaps(a: list[TokSpan], b: list[TokSpan]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _tokens(spans: Iterable[TokSpan]) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def _match(role: str, p: Attr, g: Attr) -> bool:
    if role == "cue":
        return bool(p.cue) and p.cue == g.cue
    if role == "all":
        return bool(p.cue) and p.cue == g.cue and p.source == g.source and p.content == g.content
    return _overlaps(p.cue, g.cue) and p.role(role) == g.role(role)


class Counts:
    """Accumulates Citron exact/overlap and per-role counts over documents."""

    def __init__(self) -> None:
        self.exact = {r: [0, 0, 0] for r in (*ROLES, "all")}  # tp_pred, n_pred, tp_gold, n_gold
        self.exact_gold = {r: [0, 0] for r in (*ROLES, "all")}
        self.overlap = {r: [0, 0, 0] for r in (*ROLES, "all")}  # overlap, pred len, gold len
        self.role = {r: [0, 0, 0] for r in ROLES}  # tp, n_pred, n_gold
        self.n_gold = 0
        self.n_pred = 0

    def add_citron(self, preds: list[Attr], golds: list[Attr]) -> None:
        golds = [g for g in golds if g.cue and g.source and g.content]
        preds = [p for p in preds if p.cue and p.source and p.content]
        self.n_gold += len(golds)
        self.n_pred += len(preds)
        for role in (*ROLES, "all"):
            c, cg = self.exact[role], self.exact_gold[role]
            c[0] += sum(1 for p in preds if any(_match(role, p, g) for g in golds))
            c[1] += len(preds)
            cg[0] += sum(1 for g in golds if any(_match(role, p, g) for p in preds))
            cg[1] += len(golds)
        for role in ROLES:
            gold_toks = [_tokens(g.role(role)) for g in golds]
            ov = sum(len(_tokens(p.role(role)) & gt) for p in preds for gt in gold_toks)
            plen = sum(len(_tokens(p.role(role))) for p in preds)
            glen = sum(len(gt) for gt in gold_toks)
            for target in (self.overlap[role], self.overlap["all"]):
                target[0] += ov
                target[1] += plen
                target[2] += glen

    def add_roles(self, preds: list[Attr], golds: list[Attr]) -> None:
        for role in ROLES:
            gold = {s for g in golds for s in g.role(role)}
            pred = {s for p in preds for s in p.role(role)}
            self.role[role][0] += len(gold & pred)
            self.role[role][1] += len(pred)
            self.role[role][2] += len(gold)

    def result(self) -> dict[str, Any]:
        citron = {}
        for role in (*ROLES, "all"):
            tp_p, n_p, _ = self.exact[role]
            tp_g, n_g = self.exact_gold[role]
            citron[role] = percentages(tp_p, n_p, n_g, tp_gold=tp_g)
        return {
            "citron": citron,
            "citron_overlap": {
                r: percentages(self.overlap[r][0], self.overlap[r][1], self.overlap[r][2])
                for r in (*ROLES, "all")
            },
            "per_role": {r: percentages(*self.role[r]) for r in ROLES},
            "gold_attributions": self.n_gold,
            "predicted_attributions": self.n_pred,
        }


def score_document(
    counts: dict[str, Counts], doc: Doc, gold: BratDocument, quotes: Sequence[Quote]
) -> None:
    """Add one document's gold and predicted attributions to the overall and per-kind counts."""
    tokens = _Tokens(doc)
    g_cit = gold_attrs(tokens, gold, alnum_filter=True)
    p_cit = pred_attrs(tokens, gold.text, quotes, alnum_filter=True)
    g_all = gold_attrs(tokens, gold, alnum_filter=False)
    p_all = pred_attrs(tokens, gold.text, quotes, alnum_filter=False)
    counts["all"].add_citron(p_cit, g_cit)
    counts["all"].add_roles(p_all, g_all)
    for kind, direct in (("direct", True), ("indirect", False)):
        counts[kind].add_citron(
            [a for a in p_cit if a.direct == direct], [a for a in g_cit if a.direct == direct]
        )
        counts[kind].add_roles(
            [a for a in p_all if a.direct == direct], [a for a in g_all if a.direct == direct]
        )


def new_counts() -> dict[str, Counts]:
    return {"all": Counts(), "direct": Counts(), "indirect": Counts()}


def summarise(counts: dict[str, Counts], documents: int, seconds: float) -> dict[str, Any]:
    overall = counts["all"].result()
    result: dict[str, Any] = {
        "citron": overall["citron"],
        "citron_overlap": overall["citron_overlap"],
        "per_role": overall["per_role"],
        "by_kind": {kind: counts[kind].result() for kind in ("direct", "indirect")},
        "gold_attributions": overall["gold_attributions"],
        "predicted_attributions": overall["predicted_attributions"],
        "documents": documents,
        "seconds": round(seconds, 1),
    }
    return result


# ---------------------------------------------------------------------------------------------
# speaker resolution


@dataclass(frozen=True, slots=True)
class SpeakerGold:
    filename: str
    start: int
    end: int
    mention: str
    name: str  # canonical name ("A;B": either is right), or "" when the text does not say who
    kind: str = "person"  # person | org | group


def read_speaker_annotation(path: Path) -> list[SpeakerGold]:
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(
            (line for line in fh if not line.startswith("#")), delimiter="\t"
        ):
            rows.append(
                SpeakerGold(
                    row["filename"],
                    int(row["start"]),
                    int(row["end"]),
                    row["mention"],
                    row["name"].strip(),
                    (row.get("kind") or "person").strip(),
                )
            )
    return rows


def _same_name(pred: str | None, gold: str) -> bool:
    if not gold:
        return pred is None
    if pred is None:
        return False
    return any(_same_one(pred, g) for g in gold.split(";"))


def _same_one(pred: str, gold: str) -> bool:
    # initials ("Loretta E. Lynch", "John F. Kerry") do not decide identity
    p = [w for w in _name_words(pred) if len(w.rstrip(".")) > 1]
    g = [w for w in _name_words(gold) if len(w.rstrip(".")) > 1]
    # "Trump" for "Donald Trump" counts: same surname, no contradicting word
    return p == g or (bool(p) and p[-1] == g[-1] and set(p) <= set(g))


def _name_words(name: str) -> list[str]:
    """Lower-case words of a name, without a leading "the" ("The Tax Foundation")."""
    words = name.replace("’", "'").lower().split()
    return words[1:] if len(words) > 1 and words[0] == "the" else words


def score_speakers(
    rows: Sequence[SpeakerGold], predicted: dict[str, list[Quote]]
) -> dict[str, Any] | None:
    """Accuracy of canonical names for annotated source mentions (a quote whose speaker mention
    overlaps the annotated span); a mention we did not extract at all counts as wrong.

    ``named_precision``: of the mentions we gave a name, the share whose name is right (a name
    given where the text names nobody is wrong). ``errors`` counts the wrong ones by class:
    ``not_extracted`` (no quote has that source), ``unresolved`` (no name, the text names one),
    ``wrong_name`` and ``named_unsupported`` (a name where the text names nobody)."""
    rows = [r for r in rows if r.filename in predicted]
    if not rows:
        return None
    right = found = named = named_right = 0
    errors = dict.fromkeys(("not_extracted", "unresolved", "wrong_name", "named_unsupported"), 0)
    by_kind: dict[str, list[int]] = {}
    for row in rows:
        kind_counts = by_kind.setdefault(row.kind, [0, 0])
        kind_counts[1] += 1
        speakers = [
            q.speaker
            for q in predicted[row.filename]
            if q.speaker.mention is not None
            and q.speaker.mention.start < row.end
            and row.start < q.speaker.mention.end
        ]
        if not speakers:
            errors["not_extracted"] += 1
            continue
        found += 1
        pred = speakers[0].name
        ok = _same_name(pred, row.name)
        right += ok
        kind_counts[0] += ok
        if pred is not None:
            named += 1
            named_right += ok
        if not ok:
            cls = (
                "unresolved" if pred is None else "wrong_name" if row.name else "named_unsupported"
            )
            errors[cls] += 1
    return {
        "mentions": len(rows),
        "extracted": found,
        "accuracy": round(100 * right / len(rows), 2),
        "accuracy_extracted": round(100 * right / found, 2) if found else 0.0,
        "named_precision": round(100 * named_right / named, 2) if named else 0.0,
        "errors": errors,
        "by_kind": {
            kind: {"mentions": n, "accuracy": round(100 * ok / n, 2)}
            for kind, (ok, n) in sorted(by_kind.items())
        },
    }


# ---------------------------------------------------------------------------------------------
# entry points


def evaluate(
    path: Path,
    *,
    limit: int | None = None,
    model: str | None = None,
    speakers: Path | None = SPEAKER_ANNOTATION,
) -> dict[str, Any]:
    """Run the quote pipeline over a PolNeAR-layout folder and score it (see module doc)."""
    from newstrail.pipeline import build_nlp

    docs = read_polnear(Path(path), limit=limit)
    t0 = time.perf_counter()
    nlp = build_nlp(model, components=EVAL_COMPONENTS)
    counts = new_counts()
    predicted: dict[str, list[Quote]] = {}
    for gold, doc in zip(docs, nlp.pipe((d.text for d in docs), batch_size=8), strict=True):
        quotes = list(doc._.quotes or [])
        predicted[gold.name] = quotes
        score_document(counts, doc, gold, quotes)
    result = summarise(counts, len(docs), time.perf_counter() - t0)
    if speakers is not None and Path(speakers).is_file():
        scored = score_speakers(read_speaker_annotation(Path(speakers)), predicted)
        if scored is not None:
            result["speakers"] = scored
    return result


def format_table(result: dict[str, Any]) -> str:
    def row(label: str, s: dict[str, float]) -> str:
        return f"{label:<28}{s['p']:>8.1f}{s['r']:>8.1f}{s['f1']:>8.1f}"

    lines = [f"{'':<28}{'P':>8}{'R':>8}{'F1':>8}"]
    for role in (*ROLES, "all"):
        lines.append(row(f"citron exact {role}", result["citron"][role]))
    for role in (*ROLES, "all"):
        lines.append(row(f"citron overlap {role}", result["citron_overlap"][role]))
    for role in ROLES:
        lines.append(row(f"per-role exact {role}", result["per_role"][role]))
    for kind, sub in result["by_kind"].items():
        for role in ROLES:
            lines.append(row(f"{kind} per-role {role}", sub["per_role"][role]))
        lines.append(row(f"{kind} citron all", sub["citron"]["all"]))
    if "speakers" in result:
        sp = result["speakers"]
        lines.append(
            f"speaker resolution: {sp['accuracy']:.1f}% of {sp['mentions']} annotated mentions "
            f"({sp['extracted']} extracted); named-speaker precision {sp['named_precision']:.1f}%; "
            "errors: " + ", ".join(f"{k} {v}" for k, v in sp["errors"].items())
        )
        lines.append(
            "speaker resolution by kind: "
            + ", ".join(
                f"{kind} {v['accuracy']:.1f}% of {v['mentions']}"
                for kind, v in sp.get("by_kind", {}).items()
            )
        )
    lines.append(f"{result['documents']} documents in {result['seconds']:.1f} s")
    return "\n".join(lines)
