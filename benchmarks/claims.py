"""Speed and memory of the claim-trail and disagreement passes on synthetic corpora.

    .venv/bin/python benchmarks/claims.py [--articles 10000] [--encoder model|words] [--json]

The corpus repeats the invented stories of ``tests/link/fixtures/claims/stories.json`` (10 articles
in 3 stories: copies, verbatim/partial/reworded repeats, conflicting counts and dates) with every
name, place and identity varied per copy, so each copy is a separate set of stories whose texts the
embedding model has not seen. Prints articles/s of each pass (wall clock; the CPU seconds beside them are what the machine's
load does not change), peak memory, claims and
disagreements found, and the embedding model's sentences/s alone. ``--encoder words`` replaces the
embedding model with a hashed bag of words, to measure the linking itself on large corpora.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.link.claims_fixture import STORIES, article_records  # noqa: E402

from newstrail.link.claims import content_words, link_claims, normalise_words  # noqa: E402
from newstrail.link.disagreements import find_disagreements  # noqa: E402

# Names that the copies vary: each gets a per-copy suffix of letters.
_VARIED = [
    "Varga",
    "Reed",
    "Kerem",
    "Brandt",
    "Alden",
    "Meren",
    "Dalvik",
    "Harbour",
    "Elena",
    "Tomas",
]


def _suffix(number: int) -> str:
    letters = "bcdfghjklmnpqrstvwxz"
    out = ""
    number += 1
    while number:
        number, digit = divmod(number, len(letters))
        out += letters[digit]
    return out


def synthetic_corpus(articles: int) -> list:  # type: ignore[type-arg]
    template = STORIES.read_text("utf-8")
    records = []
    copy = 0
    while len(records) < articles:
        tail = _suffix(copy)
        text = template
        for name in _VARIED:
            text = text.replace(name, name + tail)
        data = json.loads(text)
        for raw in data["articles"]:
            raw["id"] = f"{raw['id']}-{copy}"
            raw["story"] = f"{raw['story']}-{copy}"
            if raw.get("duplicate_of"):
                raw["duplicate_of"] = f"{raw['duplicate_of']}-{copy}"
        records.extend(article_records(data))
        copy += 1
    return records[:articles]


def bag_of_words(texts: list[str]) -> np.ndarray:
    out = np.zeros((len(texts), 256), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in content_words(normalise_words(text)):
            out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % 256] += 1
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--encoder", choices=["model", "words"], default="model")
    parser.add_argument("--sentences", type=int, default=500, help="for the embedding rate")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    corpus = synthetic_corpus(args.articles)
    encode = bag_of_words
    embedding_rate = None
    if args.encoder == "model":
        from newstrail.link.embeddings import load_encoder

        encoder = load_encoder()
        encode = encoder.encode  # type: ignore[assignment]
        sample = [q.text for a in synthetic_corpus(args.sentences) for q in a.quotes]
        sample = sample[: args.sentences]
        started = time.perf_counter()
        encoder.encode(sample)
        embedding_rate = len(sample) / (time.perf_counter() - started)

    started, cpu = time.perf_counter(), time.process_time()
    index = link_claims(corpus, encode=encode)
    claim_seconds = time.perf_counter() - started
    claim_cpu = time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    disagreements = find_disagreements(corpus)
    disagreement_seconds = time.perf_counter() - started
    disagreement_cpu = time.process_time() - cpu
    result = {
        "articles": len(corpus),
        "encoder": args.encoder,
        "claims": len(index.claims),
        "matches": dict(
            sorted(Counter(a.match for c in index.claims for a in c.appearances).items())
        ),
        "statements": len(index.by_statement),
        "claim_articles_per_s": round(len(corpus) / claim_seconds, 1),
        "claim_cpu_seconds": round(claim_cpu, 1),
        "disagreements": len(disagreements),
        "disagreement_articles_per_s": round(len(corpus) / disagreement_seconds, 1),
        "disagreement_cpu_seconds": round(disagreement_cpu, 1),
        "embedding_sentences_per_s": round(embedding_rate, 1) if embedding_rate else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:<30}{value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
