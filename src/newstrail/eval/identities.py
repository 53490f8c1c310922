"""``newstrail eval identities``: cross-article person identity on ECB+, pairwise precision/recall.

ECB+ annotates human participants (``HUMAN_PART_PER``) with cross-document coreference: every
mention carries the id of the real-world person it refers to (``gold_mentions.train_dev.csv``, see
the corpus SOURCE.md). The documents of the folder are rebuilt as articles, extracted (entities,
places and times of the product's pipeline) and fed in file order to the product's
:class:`~newstrail.link.identities.IdentityResolver`.

Gold mentions are those of the sentences the coders annotated exhaustively for coreference
(``in_coref_annotated_sentence``; elsewhere a known person's mention is left a singleton, so it
cannot count). Each PERSON entity mention the pipeline found is aligned with the gold participant mention whose
tokens it overlaps (mentions the pipeline missed, and predicted ones the annotators did not mark,
are left out: this scores identity *linking*, not recognition). Over every pair of aligned
mentions in *different* documents, a pair is positive in the gold when both refer to the same
person and predicted positive when both got the same identity; precision and recall are over
those pairs (percentages). Counts of aligned mentions and of gold/predicted positive pairs are
reported alongside.
"""

from __future__ import annotations

import csv
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from tqdm import tqdm

from newstrail.errors import EvaluationError
from newstrail.eval.scoring import in_percent, ratios
from newstrail.eval.stories import EcbDocument, read_ecbplus
from newstrail.link.identities import IdentityResolver
from newstrail.models import Extraction
from newstrail.pipeline import Extractor

__all__ = ["evaluate", "format_table", "gold_people", "token_offsets"]

GOLD_FILE = "gold_mentions.train_dev.csv"


def _gold_file(path: Path) -> Path:
    for folder in (path, *path.parents):
        candidate = folder / GOLD_FILE
        if candidate.is_file():
            return candidate
    raise EvaluationError(
        f"{path}: no {GOLD_FILE} in this folder or above it; point --ecbplus at the ECB+ folder"
    )


def token_offsets(
    document: EcbDocument, tokens: list[tuple[str, str]]
) -> dict[str, tuple[int, int]]:
    """Character span of each token id in the document's rebuilt text (tokens in order)."""
    text = document.article.text
    spans: dict[str, tuple[int, int]] = {}
    position = 0
    for token_id, token in tokens:
        form = '"' if token in ("``", "''") else token
        found = text.find(form, position)
        if found < 0:
            continue  # the URL line is not part of the text
        spans[token_id] = (found, found + len(form))
        position = found + len(form)
    return spans


def _tokens(document: EcbDocument) -> list[tuple[str, str]]:
    """(token id, token) of the document's text, without the URL line it was read without."""
    import xml.etree.ElementTree as ET

    root = ET.parse(document.article.path or "").getroot()
    skip_first = document.article.url is not None
    return [
        (t.get("t_id") or "", t.text or "")
        for t in root.iter("token")
        if not (skip_first and t.get("sentence") == "0")
    ]


def gold_people(path: Path, documents: list[EcbDocument]) -> dict[str, list[tuple[int, int, str]]]:
    """Document name → gold person mentions as (start, end, person id) character spans."""
    wanted = {d.name: d for d in documents}
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    with _gold_file(path).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            # Only the sentences coders annotated exhaustively for coreference: elsewhere a
            # mention of a known person is left a singleton (the standard ECB+ setting).
            if (
                row["tag"] == "HUMAN_PART_PER"
                and row["doc_id"] in wanted
                and row["in_coref_annotated_sentence"] == "1"
            ):
                rows[row["doc_id"]].append(row)
    gold: dict[str, list[tuple[int, int, str]]] = {}
    for name, mentions in rows.items():
        document = wanted[name]
        spans = token_offsets(document, _tokens(document))
        found = []
        for mention in mentions:
            ids = [spans[t] for t in mention["token_ids"].split() if t in spans]
            if ids:
                found.append((ids[0][0], ids[-1][1], mention["cluster_id"]))
        gold[name] = found
    return gold


def _aligned(
    extraction: Extraction, identities: list[int | None], gold: list[tuple[int, int, str]]
) -> list[tuple[str, int]]:
    """(gold person, predicted identity) for each predicted PERSON mention overlapping a gold one."""
    pairs = []
    for entity, identity in zip(extraction.entities, identities, strict=True):
        if entity.label != "PERSON" or identity is None:
            continue
        overlapping = [g for g in gold if g[0] < entity.end and entity.start < g[1]]
        if overlapping:
            best = max(overlapping, key=lambda g: min(g[1], entity.end) - max(g[0], entity.start))
            pairs.append((best[2], identity))
    return pairs


def score_pairs(aligned: dict[str, list[tuple[str, int]]]) -> dict[str, Any]:
    """Cross-document pairwise precision/recall of identities against gold persons."""
    # Pairs of mentions in different documents, counted through per-document tallies.
    gold_doc: Counter[tuple[str, str]] = Counter()  # (gold, doc)
    pred_doc: Counter[tuple[int, str]] = Counter()
    both_doc: Counter[tuple[str, int, str]] = Counter()
    for doc, items in aligned.items():
        for gold, pred in items:
            gold_doc[(gold, doc)] += 1
            pred_doc[(pred, doc)] += 1
            both_doc[(gold, pred, doc)] += 1

    def cross(counts: Counter[Any]) -> int:
        totals: Counter[Any] = Counter()
        squares: Counter[Any] = Counter()
        for key, n in counts.items():
            totals[key[:-1]] += n
            squares[key[:-1]] += n * n
        return sum((totals[k] ** 2 - squares[k]) // 2 for k in totals)

    gold_pairs, pred_pairs, true_pairs = cross(gold_doc), cross(pred_doc), cross(both_doc)
    return {
        **in_percent(*ratios(true_pairs, pred_pairs, gold_pairs, empty_p=1.0, empty_r=1.0)),
        "gold_pairs": gold_pairs,
        "predicted_pairs": pred_pairs,
        "true_pairs": true_pairs,
    }


def evaluate(path: Path, *, limit: int | None = None, model: str | None = None) -> dict[str, Any]:
    started = time.perf_counter()
    documents = read_ecbplus(path, limit=limit)
    gold = gold_people(path, documents)
    # Entity mentions and places are what identities of people are judged on here.
    extractor = Extractor(model, components=("entities", "places", "times"))
    extractions = [
        extractor.extract(d.article)
        for d in tqdm(documents, desc="ECB+ documents", unit="doc", leave=False)
    ]
    return score_documents(documents, extractions, gold, started)


def score_documents(
    documents: list[EcbDocument],
    extractions: list[Extraction],
    gold: dict[str, list[tuple[int, int, str]]],
    started: float | None = None,
) -> dict[str, Any]:
    resolver = IdentityResolver()
    aligned: dict[str, list[tuple[str, int]]] = {}
    for document, extraction in zip(documents, extractions, strict=True):
        identities = resolver.add_article(document.name, extraction).entities
        aligned[document.name] = _aligned(extraction, identities, gold.get(document.name, []))
    result = score_pairs(aligned)
    result["documents"] = len(documents)
    result["aligned_mentions"] = sum(len(v) for v in aligned.values())
    result["gold_mentions"] = sum(len(v) for v in gold.values())
    if started is not None:
        result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def format_table(result: dict[str, Any]) -> str:
    return "\n".join(
        [
            f"Cross-article person identity on {result['documents']} ECB+ documents "
            f"({result['aligned_mentions']} of {result['gold_mentions']} gold person mentions "
            f"aligned, {result.get('seconds', '?')} s)",
            f"  pairwise  P {result['p']:6.2f}   R {result['r']:6.2f}   F1 {result['f1']:6.2f}"
            f"   ({result['true_pairs']} right of {result['predicted_pairs']} predicted, "
            f"{result['gold_pairs']} gold pairs)",
        ]
    )
