"""``newstrail eval coref``: in-document coreference on OntoGUM, scored with MUC, B³ and CEAF-e.

Each ``.conllu`` document is rebuilt as plain text from its tokens (``SpaceAfter=No`` honoured,
one line per sentence, a blank line at ``# newpar``), run through the backbone with
``newstrail_entities`` and ``newstrail_coref``, and the predicted chains are compared with the
gold ``Entity=`` brackets (CorefUD notation) of the MISC column:

* a predicted mention is the noun phrase its head token heads in the parse (the OntoNotes
  convention of maximal NPs), mapped onto the gold tokenisation by character offsets;
* singletons are dropped on both sides (OntoNotes/OntoGUM annotate none);
* MUC (Vilain et al. 1995), B³ (Bagga & Baldwin 1998) and CEAF-e (Luo 2005, φ4 similarity with an
  optimal one-to-one alignment) are micro-averaged over documents; CoNLL F1 is their mean
  (Pradhan et al. 2014). All figures are percentages.

For reference, the OntoGUM authors' own table (github.com/yilunzhu/ontogum README; Zhu, Pradhan
& Zeldes 2021) gives CoNLL F1 on OntoGUM of 60.7 for the end-to-end SpanBERT system (79.6 on
OntoNotes) and 39.7 for the deterministic Stanford dcoref (their test data, all 12 genres).

With a folder, the documents of the requested split (``dev`` by default) are chosen by the
``splits.md`` found in the folder or its parent; without one every document is used.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newstrail.errors import EvaluationError
from newstrail.eval.conllu import ConlluDoc, Mention, load_documents, read_conllu
from newstrail.eval.scoring import Tally, f1, percentages, text_table
from newstrail.nlp.lexicon import words

Clusters = list[set[Hashable]]


# --------------------------------------------------------------------------------------------
# Scorers


@dataclass
class Score(Tally):
    p_num: float = 0.0
    p_den: float = 0.0
    r_num: float = 0.0
    r_den: float = 0.0

    @property
    def p(self) -> float:
        return self.p_num / self.p_den if self.p_den else 0.0

    @property
    def r(self) -> float:
        return self.r_num / self.r_den if self.r_den else 0.0

    @property
    def f1(self) -> float:
        return f1(self.p, self.r)

    def as_dict(self) -> dict[str, float]:
        return percentages(self.p_num, self.p_den, self.r_den, tp_gold=self.r_num)


def _muc_side(keys: Clusters, responses: Clusters) -> tuple[float, float]:
    where: dict[Hashable, int] = {}
    for n, cluster in enumerate(responses):
        for m in cluster:
            where[m] = n
    num = den = 0.0
    for cluster in keys:
        if not cluster:
            continue
        partitions = {where.get(m, ("single", m)) for m in cluster}
        num += len(cluster) - len(partitions)
        den += len(cluster) - 1
    return num, den


def muc(gold: Clusters, pred: Clusters) -> Score:
    r_num, r_den = _muc_side(gold, pred)
    p_num, p_den = _muc_side(pred, gold)
    return Score(p_num, p_den, r_num, r_den)


def _b3_side(keys: Clusters, responses: Clusters) -> tuple[float, float]:
    where: dict[Hashable, set[Hashable]] = {}
    for cluster in responses:
        for m in cluster:
            where[m] = cluster
    num = 0.0
    den = 0.0
    for cluster in keys:
        for m in cluster:
            other = where.get(m)
            num += len(cluster & other) / len(cluster) if other else 0.0
            den += 1
    return num, den


def b_cubed(gold: Clusters, pred: Clusters) -> Score:
    r_num, r_den = _b3_side(gold, pred)
    p_num, p_den = _b3_side(pred, gold)
    return Score(p_num, p_den, r_num, r_den)


def _assignment(weights: list[list[float]]) -> float:
    """Maximum-weight one-to-one assignment (Hungarian algorithm), its total weight."""
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    if not rows or not cols:
        return 0.0
    n = max(rows, cols)
    big = max((w for row in weights for w in row), default=0.0)
    cost = [
        [big - (weights[i][j] if i < rows and j < cols else 0.0) for j in range(n)]
        for i in range(n)
    ]
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = inf
            j1 = 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    total = 0.0
    for j in range(1, n + 1):
        i = p[j]
        if i and i - 1 < rows and j - 1 < cols:
            total += weights[i - 1][j - 1]
    return total


def ceaf_e(gold: Clusters, pred: Clusters) -> Score:
    gold = [c for c in gold if c]
    pred = [c for c in pred if c]
    weights = [[2 * len(g & k) / (len(g) + len(k)) for k in pred] for g in gold]
    best = _assignment(weights) if gold and pred else 0.0
    return Score(best, float(len(pred)), best, float(len(gold)))


def score_documents(pairs: Iterable[tuple[Clusters, Clusters]]) -> dict[str, Any]:
    """Micro-averaged MUC, B³, CEAF-e and CoNLL F1 over (gold, predicted) cluster lists."""
    totals = {"muc": Score(), "b3": Score(), "ceafe": Score()}
    n = 0
    for gold, pred in pairs:
        n += 1
        totals["muc"].add(muc(gold, pred))
        totals["b3"].add(b_cubed(gold, pred))
        totals["ceafe"].add(ceaf_e(gold, pred))
    result: dict[str, Any] = {k: v.as_dict() for k, v in totals.items()}
    result["conll_f1"] = round(sum(100 * v.f1 for v in totals.values()) / 3, 2)
    result["documents"] = n
    return result


# --------------------------------------------------------------------------------------------
# Predictions


def _extent(doc: Any, head: int) -> tuple[int, int]:
    """Char extent of the noun phrase ``head`` heads: its subtree without coordinated
    conjuncts, within one line, without outer punctuation (compound modifiers give way to their
    head noun's phrase)."""
    tok = doc[head]
    if tok.tag_ in ("PRP", "PRP$") or tok.pos_ == "PRON":
        return tok.idx, tok.idx + len(tok.text)
    if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN"):
        tok = tok.head
    left = tok.left_edge.i
    right = tok.right_edge.i
    for child in tok.rights:
        if child.dep_ in ("conj", "cc", "preconj"):
            right = min(right, child.left_edge.i - 1)
    for i in range(tok.i, right + 1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            right = i
            break
    for i in range(tok.i - 1, left - 1, -1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            left = i + 1
            break
    while left < tok.i and doc[left].pos_ in ("ADP", "SCONJ", "CCONJ"):
        left += 1
    while right > tok.i and (
        doc[right].is_punct or doc[right].is_space or doc[right].pos_ == "CCONJ"
    ):
        if doc[right].text == ")" and any(t.text == "(" for t in doc[left:right]):
            break
        right -= 1
    while left < tok.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


_PLACE_HEADS = words("coref", "place_heads")  # a named head that makes a place


def predicted_clusters(doc: Any, gold_doc: ConlluDoc, char_tok: list[int]) -> Clusters:
    clusters: Clusters = []
    seen: set[Mention] = set()
    for cluster in doc._.coref_clusters or []:
        mentions: set[Hashable] = set()
        for head in cluster.heads:
            tok = doc[head]
            # adjectives ("Australian children") and name modifiers ("OIC ambassadors") are
            # not markables; "the Kalbajar district" is the place itself
            if tok.dep_ == "amod" or (
                tok.dep_ == "compound" and tok.head.lower_ not in _PLACE_HEADS
            ):
                continue
            start, end = _extent(doc, head)
            span = (char_tok[start], char_tok[max(start, end - 1)] + 1)
            if span in seen:
                continue
            seen.add(span)
            mentions.add(span)
        if len(mentions) > 1:
            clusters.append(mentions)
    return clusters


def evaluate(
    path: Path,
    *,
    limit: int | None = None,
    model: str | None = None,
    split: str = "dev",
) -> dict[str, Any]:
    """Score ``newstrail_coref`` on the OntoGUM documents under ``path``."""
    from newstrail.pipeline import build_nlp

    docs = load_documents(Path(path), split=split, limit=limit)
    if not docs:
        raise EvaluationError(f"{path}: no documents of split {split!r} found.")
    nlp = build_nlp(model, components=["entities", "coref"])
    started = time.perf_counter()
    pairs: list[tuple[Clusters, Clusters]] = []
    for gold_doc, doc in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        gold = [set(ms) for ms in gold_doc.clusters().values() if len(set(ms)) > 1]
        pred = predicted_clusters(doc, gold_doc, gold_doc.char_to_token())
        pairs.append((gold, pred))  # type: ignore[arg-type]
    result = score_documents(pairs)
    result["seconds"] = round(time.perf_counter() - started, 2)
    result["split"] = split
    return result


def format_table(result: dict[str, Any]) -> str:
    rows: list[tuple[str, float | None, float | None, float]] = [
        (label, result[key]["p"], result[key]["r"], result[key]["f1"])
        for key, label in (("muc", "MUC"), ("b3", "B3"), ("ceafe", "CEAF-e"))
    ]
    rows.append(("CoNLL", None, None, result["conll_f1"]))
    lines = text_table(("metric", "P", "R", "F1"), rows, label=8, width=7, gap=" ")
    lines.append(f"{result['documents']} documents, {result['seconds']} s")
    return "\n".join(lines)


__all__ = [
    "ConlluDoc",
    "b_cubed",
    "ceaf_e",
    "evaluate",
    "format_table",
    "load_documents",
    "muc",
    "read_conllu",
    "score_documents",
]
