"""``newstrail eval duplicates``: syndicated-copy detection on copies made from ECB+ articles.

No public corpus marks syndicated copies, so the test set is generated at run time (never stored)
from real news text: the ECB+ documents of the folder. Each document is an original; for each one,
copies are made with the edits syndication makes (:data:`EDITS`): a new headline, a paragraph cut,
a paragraph added, a promotion line at the end, a byline/boilerplate line at the top, changed
punctuation and typography, two of these at once, and five at once. The distinct articles ECB+ gathers about
the *same* event (same sub-topic) are the hard negatives: they share names, places and phrases,
but they are not copies.

Everything is fed to :class:`~newstrail.link.duplicates.DuplicateIndex` in a stream (originals in
file order, each copy after its original, copies of a topic after its originals). A mark is
correct when a copy points at its own original (or an earlier copy of it); any mark on an original, or a copy pointing
elsewhere, is a false positive. Precision = correct marks / marks; recall = correct marks / copies.
ECB+ itself holds a few copies of one wire story: those are listed (``duplicates_in_corpus``) and
not scored, and a copy made from such a document is right to point at the earlier original.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newstrail.eval.scoring import in_percent, ratios
from newstrail.eval.stories import EcbDocument, read_ecbplus
from newstrail.link.duplicates import DuplicateIndex

__all__ = ["EDITS", "evaluate", "format_table", "make_copies"]

_PROMOS = [
    "Follow us on Twitter and Facebook for the latest news.",
    "Subscribe to our newsletter to get the day's top stories in your inbox.",
    "This story was provided by a news agency and has not been edited by our staff.",
    "Copyright 2014 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
]
_BYLINES = ["By Staff Reporter | Wire services", "From our correspondents", "(Reuters) -", "AFP"]
_HEADLINES = [
    "What we know so far",
    "Latest: officials comment on the developments",
    "UPDATE 2: Report",
    "Breaking news",
]
_ADDED = "Further details were not immediately available, and the agency said it would update this report."


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def new_headline(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    return "\n".join([rng.choice(_HEADLINES), *lines[1:]])


def cut_paragraph(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    if len(lines) < 4:
        return text
    del lines[rng.randrange(2, len(lines))]
    return "\n".join(lines)


def add_paragraph(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    lines.insert(rng.randrange(1, len(lines) + 1), _ADDED)
    return "\n".join(lines)


def promotion_line(text: str, rng: random.Random) -> str:
    return text.rstrip() + "\n" + rng.choice(_PROMOS)


def boilerplate(text: str, rng: random.Random) -> str:
    return rng.choice(_BYLINES) + "\n" + text


def punctuation(text: str, rng: random.Random) -> str:
    changed = re.sub(r'"([^"\n]*)"', "“\\1”", text)
    changed = (
        changed.replace("'", "’")
        .replace(" - ", " — ")
        .replace(", ", " , " if rng.random() < 0.5 else ",  ")
    )
    return changed


def headline_and_cut(text: str, rng: random.Random) -> str:
    return cut_paragraph(new_headline(text, rng), rng)


def promo_and_punctuation(text: str, rng: random.Random) -> str:
    return punctuation(promotion_line(text, rng), rng)


def rewrite_heavily(text: str, rng: random.Random) -> str:
    """New headline, a paragraph cut, a byline on top, a promotion at the end, new typography."""
    return punctuation(promotion_line(boilerplate(headline_and_cut(text, rng), rng), rng), rng)


EDITS: dict[str, Callable[[str, random.Random], str]] = {
    "new_headline": new_headline,
    "cut_paragraph": cut_paragraph,
    "add_paragraph": add_paragraph,
    "promotion_line": promotion_line,
    "boilerplate": boilerplate,
    "punctuation": punctuation,
    "headline_and_cut": headline_and_cut,
    "promo_and_punctuation": promo_and_punctuation,
    "heavy": rewrite_heavily,
}


MIN_WORDS = 60  # shorter documents (a headline and a line) are not copied: no body to syndicate


def make_copies(document: EcbDocument, seed: int = 0) -> list[tuple[str, str, str]]:
    """``(copy id, edit name, text)`` for every edit of one document (deterministic); none for
    a document under :data:`MIN_WORDS` words or under four lines."""
    text = document.article.text
    if len(text.split()) < MIN_WORDS or len(_lines(text)) < 4:
        return []
    rng = random.Random(f"{seed}:{document.name}")
    return [
        (f"{document.name}#{name}", name, edit(document.article.text, rng))
        for name, edit in EDITS.items()
    ]


def evaluate(path: Path, *, limit: int | None = None, model: str | None = None) -> dict[str, Any]:
    """Precision and recall of copy marks on ECB+ originals and their generated copies (by the
    product's index at its own threshold)."""
    del model  # no NLP model involved
    started = time.perf_counter()
    documents = read_ecbplus(path, limit=limit)
    index = DuplicateIndex()
    by_topic: dict[str, list[EcbDocument]] = {}
    for document in documents:
        by_topic.setdefault(document.topic, []).append(document)
    marks = correct = copies = 0
    per_edit: dict[str, list[int]] = {name: [0, 0] for name in EDITS}  # [found, total]
    corpus_pairs: list[list[Any]] = []
    wrong: list[list[Any]] = []
    root: dict[str, str] = {}  # an ECB+ document that is itself a copy -> its original
    for topic_documents in by_topic.values():
        for document in topic_documents:
            match = index.add(document.name, document.article.text)
            if match is not None:
                root[document.name] = match.original
                corpus_pairs.append([document.name, match.original, match.similarity])
        for document in topic_documents:
            for copy_id, edit, text in make_copies(document):
                copies += 1
                per_edit[edit][1] += 1
                match = index.add(copy_id, text)
                if match is None:
                    continue
                marks += 1
                original = match.original
                # Right when it points into the document's own family: its original, or an
                # earlier copy of it (then the original was missed for that one).
                family = root.get(document.name, document.name)
                if original == family or original.split("#")[0] == document.name:
                    correct += 1
                    per_edit[edit][0] += 1
                else:
                    wrong.append([copy_id, original, match.similarity])
    scores = in_percent(*ratios(correct, marks, copies, empty_p=1.0))  # no mark, no false mark
    return {
        "precision": scores["p"],
        "recall": scores["r"],
        "f1": scores["f1"],
        "originals": len(documents),
        "copies": copies,
        "marks": marks,
        "false_positives": len(wrong),
        "false_marks": wrong,
        "recall_by_edit": {
            name: round(100 * found / total, 2) if total else 0.0
            for name, (found, total) in per_edit.items()
        },
        "duplicates_in_corpus": corpus_pairs,
        "threshold": index.threshold,
        "seconds": round(time.perf_counter() - started, 2),
    }


def format_table(result: dict[str, Any]) -> str:
    lines = [
        f"Near-duplicates on {result['originals']} originals + {result['copies']} generated copies "
        f"(threshold {result['threshold']}, {result['seconds']} s)",
        f"  precision {result['precision']:6.2f}   recall {result['recall']:6.2f}   F1 {result['f1']:6.2f}"
        f"   ({result['marks']} marks, {result['false_positives']} false)",
        "  recall by edit: "
        + ", ".join(f"{name} {value:.1f}" for name, value in result["recall_by_edit"].items()),
    ]
    if result["duplicates_in_corpus"]:
        lines.append(f"  copies already in the corpus: {len(result['duplicates_in_corpus'])}")
    return "\n".join(lines)
