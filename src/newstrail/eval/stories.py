"""``newstrail eval stories``: story clustering on ECB+, scored with B³ and the adjusted Rand index.

ECB+ (Cybulska & Vossen 2014) groups news documents by topic (the folder: "a celebrity checks into
rehab") and, inside a topic, by *sub-topic*, the seminal event: the original EventCorefBank
documents (file suffix ``ecb``) and the 2014 additions about a different but similar event of the
same kind (``ecbplus``). The gold comes from the file layout only.

The documents of the folder are fed to the product's :class:`~newstrail.link.stories.StoryIndex`
one at a time, in file order (topic folders in numeric order, files in name order), exactly as
``newstrail ingest`` feeds articles: no gold topic, no look-ahead. Each document is rebuilt as an
article from its tokens (the URL that opens an ``ecbplus`` file becomes the article's ``url``), run
through the extraction pipeline (entities, places, times), and linked. ECB+ has no publication
times, so the time signal is what the text says.

Scores are B³ precision/recall/F1 over documents (Bagga & Baldwin 1998; the family used for news
stream clustering) and the adjusted Rand index (Hubert & Arabie 1985), against gold sub-topics and
gold topics, all as percentages.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from math import comb
from pathlib import Path
from typing import Any

from tqdm import tqdm

from newstrail.errors import EvaluationError
from newstrail.eval.coref import b_cubed
from newstrail.eval.scoring import text_table
from newstrail.link.stories import StoryIndex, story_features
from newstrail.models import Article, Extraction
from newstrail.pipeline import Extractor

# Story linking reads entities, places and times; coreference and quotes are not needed.
STORY_COMPONENTS = ("entities", "places", "times")

__all__ = [
    "EcbDocument",
    "adjusted_rand",
    "cluster_documents",
    "evaluate",
    "format_table",
    "read_ecbplus",
    "score_clustering",
]

_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}]|'s\b|'S\b|n't\b|'re\b|'ll\b|'ve\b|'d\b|'m\b)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")
_FILE_RE = re.compile(r"^(\d+)_(\d+)(ecbplus|ecb)\.xml$")


@dataclass(slots=True)
class EcbDocument:
    """One ECB+ document as an article, with its gold topic and sub-topic."""

    name: str  # e.g. "1_10ecbplus"
    topic: str
    subtopic: str
    article: Article


def detokenize(tokens: Sequence[str]) -> str:
    """Plain text from PTB-style tokens ("Reid , 33 ," → "Reid, 33,")."""
    text = " ".join('"' if t in ("``", "''") else t for t in tokens)
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    return _NO_SPACE_AFTER.sub(r"\1", text)


def _read_document(path: Path, topic: str, suffix: str) -> EcbDocument:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise EvaluationError(
            f"{path}: not ECB+ XML ({exc}); point --ecbplus at the corpus folder"
        ) from exc
    sentences: dict[int, list[str]] = {}
    for token in root.iter("token"):
        sentences.setdefault(int(token.get("sentence") or 0), []).append(token.text or "")
    url = None
    if suffix == "ecbplus" and 0 in sentences:
        first = "".join(sentences[0])
        if first.startswith("http"):
            url = first
            del sentences[0]
    text = "\n".join(detokenize(sentences[k]) for k in sorted(sentences))
    name = path.stem
    return EcbDocument(
        name=name,
        topic=topic,
        subtopic=f"{topic}_{suffix}",
        article=Article(text=text, url=url, path=str(path), title=text.split("\n", 1)[0][:200]),
    )


def _files(path: Path) -> list[tuple[Path, str, str]]:
    found: list[tuple[int, int, str, Path]] = []
    for file in path.rglob("*.xml"):
        match = _FILE_RE.match(file.name)
        if match:
            found.append((int(match.group(1)), int(match.group(2)), match.group(3), file))
    # File order: topics in numeric order, then the file names as the corpus numbers them.
    found.sort(key=lambda item: (item[0], item[1], item[2] == "ecbplus"))
    return [(file, str(topic), suffix) for topic, _, suffix, file in found]


def read_ecbplus(path: Path, limit: int | None = None) -> list[EcbDocument]:
    """The ECB+ documents under ``path`` (a split folder, a topic folder or the corpus root)."""
    files = _files(path)
    if not files:
        raise EvaluationError(
            f"{path}: no ECB+ files (<topic>_<n>ecb.xml / ecbplus.xml) found; "
            "point --ecbplus at e.g. shared/data/clustering/ecbplus/dev"
        )
    if limit is not None:
        files = files[:limit]
    return [_read_document(file, topic, suffix) for file, topic, suffix in files]


# --------------------------------------------------------------------------------------------
# Scores


def adjusted_rand(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """The adjusted Rand index of two labelings of the same items (1.0 = identical partitions)."""
    n = len(gold)
    if n < 2:
        return 1.0
    cells = Counter(zip(gold, predicted, strict=True))
    index = sum(comb(c, 2) for c in cells.values())
    gold_pairs = sum(comb(c, 2) for c in Counter(gold).values())
    pred_pairs = sum(comb(c, 2) for c in Counter(predicted).values())
    expected = gold_pairs * pred_pairs / comb(n, 2)
    maximum = (gold_pairs + pred_pairs) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def _clusters(labels: Iterable[Hashable]) -> list[set[Hashable]]:
    groups: dict[Hashable, set[Hashable]] = {}
    for item, label in enumerate(labels):
        groups.setdefault(label, set()).add(item)
    return list(groups.values())


def score_clustering(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> dict[str, Any]:
    """B³ P/R/F1 and ARI (percentages) of ``predicted`` labels against ``gold`` labels."""
    b3 = b_cubed(_clusters(gold), _clusters(predicted))
    return {
        "b3": {"p": round(100 * b3.p, 2), "r": round(100 * b3.r, 2), "f1": round(100 * b3.f1, 2)},
        "ari": round(100 * adjusted_rand(gold, predicted), 2),
    }


# --------------------------------------------------------------------------------------------
# The evaluation


def cluster_documents(
    documents: Sequence[EcbDocument], extractions: Iterable[Extraction]
) -> list[int]:
    """Story ids of the documents, linked one at a time in order by the product's index."""
    index = StoryIndex()
    stories = [
        index.add(story_features(document.name, document.article, extraction)).story
        for document, extraction in zip(documents, extractions, strict=True)
    ]
    return [index.resolve(story) for story in stories]


def extract_documents(
    documents: Sequence[EcbDocument], model: str | None = None
) -> Iterator[Extraction]:
    """The extraction (entities, places, times) of each document, with a progress bar."""
    extractor = Extractor(model, components=STORY_COMPONENTS)
    for document in tqdm(documents, desc="ECB+ documents", unit="doc", leave=False):
        yield extractor.extract(document.article)


def evaluate(path: Path, *, limit: int | None = None, model: str | None = None) -> dict[str, Any]:
    """Stream the ECB+ documents of ``path`` into story clusters and score them."""
    started = time.perf_counter()
    documents = read_ecbplus(path, limit=limit)
    predicted = cluster_documents(documents, extract_documents(documents, model))
    return {
        "subtopics": score_clustering([d.subtopic for d in documents], predicted),
        "topics": score_clustering([d.topic for d in documents], predicted),
        "documents": len(documents),
        "stories": len(set(predicted)),
        "seconds": round(time.perf_counter() - started, 1),
    }


def format_table(result: dict[str, Any]) -> str:
    rows = []
    for level in ("subtopics", "topics"):
        b3 = result[level]["b3"]
        rows.append((level, b3["p"], b3["r"], b3["f1"], result[level]["ari"]))
    header = ("gold", "B3 P", "B3 R", "B3 F1", "ARI")
    lines = [
        f"Story clustering on {result['documents']} ECB+ documents "
        f"({result['stories']} stories, {result['seconds']} s)",
        *text_table(header, rows, label=10, width=7, indent="  ", gap=" "),
    ]
    return "\n".join(lines)
