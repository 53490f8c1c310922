"""``newstrail eval claims --checkthat DIR``: claim matching scored on CLEF2020 CheckThat! Task 2.

For each tweet of DIR (``tweets.queries.tsv``), every verified claim (``verified_claims.docs.tsv``
in DIR or its parent) is ranked by the same similarity that links claims across articles
(:func:`newstrail.link.claims.similarity`: embedding cosine of all-MiniLM-L6-v2 blended with
content-word overlap, both from ``link/``; a verified claim's cosine is the mean over its text and
its title). Gold pairs come from ``tweet-vclaim-pairs.qrels``.
Scores, in percent, as the official scorer computes them: MAP@5 (average precision over the
top 5, divided by min(gold, 5)), MAP@1, MRR and Recall@5.

The verified claims' vectors are cached under ``~/.cache/newstrail/embeddings`` (keyed by the
model's and the texts' hashes), so only the first run pays for embedding the 10,373 claims.
"""

from __future__ import annotations

import csv
import hashlib
import os
import sqlite3
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newstrail.errors import EvaluationError
from newstrail.link.claims import (
    clean_statement,
    content_words,
    lexical_overlap,
    normalise_words,
    similarity_matrix,
)
from newstrail.link.embeddings import Encoder, load_encoder

__all__ = ["CheckThat", "evaluate", "format_table", "read_checkthat", "rank"]

QUERIES = "tweets.queries.tsv"
QRELS = "tweet-vclaim-pairs.qrels"
CLAIMS = "verified_claims.docs.tsv"


@dataclass(slots=True)
class CheckThat:
    queries: list[tuple[str, str]]  # (tweet id, text)
    gold: dict[str, set[str]]  # tweet id -> verified claim ids
    claims: list[tuple[str, str, str]]  # (claim id, claim, title)


def _read_tsv(path: Path) -> list[list[str]]:
    csv.field_size_limit(sys.maxsize)
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle, delimiter="\t"))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise EvaluationError(f"{path}: cannot be read as TAB-separated UTF-8 ({exc}).") from None
    return rows[1:]  # one header row


def read_checkthat(
    path: Path, limit: int | None = None, distractors: int | None = None
) -> CheckThat:
    """Read a CheckThat! 2020 Task 2 split folder (see ``../shared/data/claims/SOURCE.md``).

    ``distractors`` shrinks the collection to the gold claims of the tweets read plus the first
    N other verified claims: a quick, easier subset for smoke gates, never a reported figure."""
    queries_file, qrels_file = path / QUERIES, path / QRELS
    claims_file = next((p for p in (path / CLAIMS, path.parent / CLAIMS) if p.is_file()), None)
    missing = [p.name for p in (queries_file, qrels_file) if not p.is_file()]
    if claims_file is None:
        missing.append(CLAIMS)
    if missing:
        raise EvaluationError(
            f"{path}: not a CheckThat! Task 2 folder (missing {', '.join(missing)}); it needs "
            f"{QUERIES} and {QRELS}, with {CLAIMS} in it or its parent."
        )
    assert claims_file is not None
    gold: dict[str, set[str]] = defaultdict(set)
    for line in qrels_file.read_text("utf-8").splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[3] != "0":
            gold[fields[0]].add(fields[2])
    queries = [
        (row[0], row[1]) for row in _read_tsv(queries_file) if len(row) >= 2 and row[0] in gold
    ]
    if limit is not None:
        queries = queries[:limit]
    claims = [
        (row[0], row[1], row[2] if len(row) > 2 else "")
        for row in _read_tsv(claims_file)
        if len(row) >= 2
    ]
    if distractors is not None:
        wanted = set().union(*(gold[query_id] for query_id, _ in queries))
        others = [c for c in claims if c[0] not in wanted][:distractors]
        claims = [c for c in claims if c[0] in wanted] + others
    if not queries or not claims:
        raise EvaluationError(f"{path}: no tweets with gold pairs, or no verified claims.")
    return CheckThat(queries, dict(gold), claims)


def _cache_dir() -> Path:
    root = os.environ.get("NEWSTRAIL_CACHE") or os.path.join(Path.home(), ".cache", "newstrail")
    return Path(root) / "embeddings"


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:32]


def _open_cache(encoder: Encoder) -> sqlite3.Connection | None:
    """One SQLite file per model: sha256 of a text → its vector (float32 bytes)."""
    path = _cache_dir() / f"{encoder.info.label}.sqlite"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path)
        connection.execute(
            "CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)"
        )
    except (OSError, sqlite3.Error):
        return None  # a read-only cache only costs time
    return connection


def _legacy_vectors(encoder: Encoder, texts: list[str]) -> np.ndarray | None:
    """Vectors an earlier version cached for exactly this list of texts (one .npy per list)."""
    digest = hashlib.sha256(encoder.info.label.encode())
    for text in texts:
        digest.update(text.encode("utf-8", "replace") + b"\0")
    path = _cache_dir() / f"{digest.hexdigest()[:24]}.npy"
    try:
        vectors: np.ndarray = np.load(path)
    except (OSError, ValueError):
        return None
    return vectors if vectors.shape == (len(texts), encoder.dimensions) else None


def cached_encode(
    encoder: Encoder, texts: list[str], seed_from: list[str] | None = None
) -> np.ndarray:
    """Encode ``texts``, reusing each text's vector from earlier runs with the same model (so a
    change to a few texts re-embeds those few). ``seed_from``: texts whose vectors an older
    version cached as one list, imported first when present."""
    connection = _open_cache(encoder)
    keys = [_text_key(text) for text in texts]
    found: dict[str, np.ndarray] = {}
    if connection is not None:
        with connection:
            if seed_from is not None:
                legacy = _legacy_vectors(encoder, seed_from)
                if legacy is not None:
                    connection.executemany(
                        "INSERT OR IGNORE INTO vectors VALUES (?, ?)",
                        (
                            (_text_key(t), v.tobytes())
                            for t, v in zip(seed_from, legacy, strict=True)
                        ),
                    )
            wanted = sorted(set(keys))
            for begin in range(0, len(wanted), 500):
                chunk = wanted[begin : begin + 500]
                marks = ",".join("?" * len(chunk))
                for key, blob in connection.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk
                ):
                    found[key] = np.frombuffer(blob, dtype=np.float32)
    missing = sorted({text for text, key in zip(texts, keys, strict=True) if key not in found})
    if missing:
        fresh = encoder.encode(missing)
        for text, vector in zip(missing, fresh, strict=True):
            found[_text_key(text)] = vector
        if connection is not None:
            with connection:
                connection.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                    (
                        (_text_key(t), v.astype(np.float32).tobytes())
                        for t, v in zip(missing, fresh, strict=True)
                    ),
                )
    if connection is not None:
        connection.close()
    if not texts:
        return np.zeros((0, encoder.dimensions), dtype=np.float32)
    return np.stack([found[key] for key in keys]).astype(np.float32)


def rank(data: CheckThat, encoder: Encoder) -> np.ndarray:
    """Scores (queries × verified claims) with the claim-matching similarity: the mean of the
    embedding cosines to the claim and to its title, blended with content-word overlap. Every
    text goes through :func:`clean_statement` first, as statements do in the link stage (links,
    emoji and tweet signatures out, hashtags and handles split into words)."""
    raw_claims = [claim for _, claim, _ in data.claims]
    raw_titles = [title or claim for _, claim, title in data.claims]
    claim_texts = [clean_statement(text) for text in raw_claims]
    title_texts = [clean_statement(text) for text in raw_titles]
    claim_vectors = cached_encode(encoder, claim_texts, seed_from=raw_claims)
    title_vectors = cached_encode(encoder, title_texts, seed_from=raw_titles)
    query_texts = [clean_statement(text) for _, text in data.queries]
    query_vectors = encoder.encode(query_texts)
    cosine = (query_vectors @ claim_vectors.T + query_vectors @ title_vectors.T) / 2

    claim_words = [
        content_words(normalise_words(f"{claim} {title}"))
        for claim, title in zip(claim_texts, title_texts, strict=True)
    ]
    postings: dict[str, list[int]] = defaultdict(list)
    for index, words_of in enumerate(claim_words):
        for word in words_of:
            postings[word].append(index)
    overlap = np.zeros_like(cosine)
    for row, text in enumerate(query_texts):
        query_words = content_words(normalise_words(text))
        touched: Counter[int] = Counter()
        for word in query_words:
            touched.update(postings.get(word, ()))
        for index in touched:
            overlap[row, index] = lexical_overlap(query_words, claim_words[index])
    return similarity_matrix(cosine, overlap)


def score_ranking(scores: np.ndarray, data: CheckThat) -> dict[str, float]:
    """MAP@5, MAP@1, MRR and Recall@5 in percent (official CheckThat! 2020 Task 2 definitions)."""
    ids = np.array([claim_id for claim_id, _, _ in data.claims])
    totals: dict[str, float] = defaultdict(float)
    for row, (query_id, _) in enumerate(data.queries):
        gold = data.gold[query_id]
        ranked = ids[np.argsort(-scores[row], kind="stable")]
        hits = 0
        precision_sum = 0.0
        for position, claim_id in enumerate(ranked[:5], start=1):
            if claim_id in gold:
                hits += 1
                precision_sum += hits / position
        totals["map_at_5"] += precision_sum / min(len(gold), 5)
        totals["map_at_1"] += 1.0 if ranked[0] in gold else 0.0
        totals["recall_at_5"] += len(set(ranked[:5]) & gold) / len(gold)
        where = np.flatnonzero(np.isin(ranked, list(gold)))
        totals["mrr"] += 1.0 / (int(where[0]) + 1) if where.size else 0.0
    count = len(data.queries)
    return {
        key: round(100 * totals[key] / count, 2)
        for key in ("map_at_5", "map_at_1", "mrr", "recall_at_5")
    }


def evaluate(
    path: Path, limit: int | None = None, model: str | None = None, distractors: int | None = None
) -> dict[str, Any]:
    """Rank the verified claims for each tweet of ``path``; ``model`` is not used (the spaCy
    pipeline plays no part: matching needs only the embedding model)."""
    started = time.perf_counter()
    data = read_checkthat(Path(path), limit, distractors)
    encoder = load_encoder()
    scores = rank(data, encoder)
    result: dict[str, Any] = dict(score_ranking(scores, data))
    result["queries"] = len(data.queries)
    if distractors is not None:
        result["collection"] = len(data.claims)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def format_table(result: dict[str, Any]) -> str:
    lines = [
        f"{'MAP@5':>8}{'MAP@1':>8}{'MRR':>8}{'R@5':>8}",
        f"{result['map_at_5']:>8.1f}{result['map_at_1']:>8.1f}{result['mrr']:>8.1f}"
        f"{result['recall_at_5']:>8.1f}",
        f"{result['queries']} tweets in {result['seconds']:.1f} s",
    ]
    return "\n".join(lines)
