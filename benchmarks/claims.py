"""Speed and memory of the claim-trail and disagreement passes on synthetic corpora.

    .venv/bin/python benchmarks/claims.py [--articles 10000] [--encoder model|words] [--json]
    .venv/bin/python benchmarks/claims.py --batch 100 --stores 0 10000 [--encoder model|words]

``--batch``: the incremental link stage. For each store size N, a fresh SQLite store is loaded
with N synthetic articles and linked once (``run_links``: stories, identities, claims,
disagreements, event groups); then a batch of new articles (new copies of the stories) is stored
and linked, and the seconds each linker took for that batch are printed (wall and CPU), with
the process's peak memory. Cost per batch should stay flat as N grows.

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
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.link.claims_fixture import STORIES, article_records, stored_pair  # noqa: E402

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


_DATE = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")


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
        # Each copy happens three weeks after the previous one: past the stories linker's
        # window, so copies are separate stories, as new events are (not one growing story).
        shift = timedelta(days=21 * copy)
        text = _DATE.sub(
            lambda m, shift=shift: (date.fromisoformat(m.group(0)) + shift).isoformat(), text
        )
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


def _timed_stream(stream: Any, spent: list[float]) -> Any:
    while True:
        started, cpu = time.perf_counter(), time.process_time()
        try:
            item = next(stream)
        except StopIteration:
            return
        finally:
            spent[0] += time.perf_counter() - started
            spent[1] += time.process_time() - cpu
        yield item


def _timed_linkers(seconds: dict[str, list[float]]) -> None:
    """Wrap every registered linker so that each call's wall and CPU seconds are recorded."""
    import dataclasses
    import functools

    from newstrail import link

    for linker in link.linkers():
        original = linker.run

        @functools.wraps(original)
        def timed(*args: Any, _run: Any = original, _name: str = linker.name) -> Any:
            spent = seconds.setdefault(_name, [0.0, 0.0])
            started, cpu = time.perf_counter(), time.process_time()
            result = _run(*args)
            spent[0] += time.perf_counter() - started
            spent[1] += time.process_time() - cpu
            if isinstance(result, (dict, link.LinkChanges)):
                return result
            return _timed_stream(iter(result), spent)  # its work happens as it is read

        link.register_linker(dataclasses.replace(linker, run=timed))


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database (its write-ahead log included)."""
    import sqlite3

    target.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def batch_run(
    size: int, batch: int, encoder: str, keep: str | None = None, setup_encoder: str | None = None
) -> dict[str, Any]:
    """Store ``size`` articles, link them, then time linking a batch of ``batch`` new ones.
    ``keep``: a folder where the linked store of each size is kept and reused by later runs.
    ``setup_encoder``: the encoder that links the store before the batch (default ``encoder``;
    ``words`` makes a large store quickly: the batch then embeds what it compares with the model).
    """
    setup_encoder = setup_encoder or encoder
    import tempfile

    import newstrail.link.embeddings as embeddings
    from newstrail import link
    from newstrail.store import Store

    class _Words:
        encode = staticmethod(bag_of_words)

    model_encoder = embeddings.load_encoder
    if encoder == "words" or setup_encoder == "words":
        embeddings.load_encoder = lambda path=None: _Words()  # type: ignore[assignment,misc]
    corpus = synthetic_corpus(size + batch)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        kept = Path(keep) / f"claims-{size}-{setup_encoder}.db" if keep else None
        started = time.perf_counter()
        if kept is not None and kept.is_file():
            _copy_database(kept, path)  # the linked store of an earlier run
            store = Store(str(path))
        else:
            store = Store(str(path))
            store.add_many(stored_pair(r) for r in corpus[:size])
            link.run_links(store)
            if kept is not None:
                kept.parent.mkdir(parents=True, exist_ok=True)
                _copy_database(path, kept)
        setup = time.perf_counter() - started
        if encoder == "model":
            embeddings.load_encoder = model_encoder  # type: ignore[misc]
        seconds: dict[str, list[float]] = {}
        _timed_linkers(seconds)
        store.add_many(stored_pair(r) for r in corpus[size:])
        started, cpu = time.perf_counter(), time.process_time()
        report = link.run_links(store)
        total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
        counts = store.counts()
    rate = None
    if encoder == "model":
        sample = [q.text for a in corpus[-batch:] for q in a.quotes][:200]
        encode = embeddings.load_encoder().encode
        started = time.perf_counter()
        encode(sample)
        rate = round(len(sample) / (time.perf_counter() - started), 1)
    ours = ("claims", "disagreements", "event_groups")
    return {
        "store_articles": size,
        "batch": batch,
        "encoder": encoder,
        "setup_encoder": setup_encoder,
        "setup_seconds": round(setup, 1),
        "link_seconds": round(total, 2),
        "link_cpu_seconds": round(total_cpu, 2),
        **{f"{name}_seconds": round(seconds.get(name, [0.0])[0], 2) for name in ours},
        **{f"{name}_cpu_seconds": round(seconds.get(name, [0.0, 0.0])[1], 2) for name in ours},
        "ours_seconds": round(sum(seconds.get(n, [0.0])[0] for n in ours), 2),
        "claims": counts.get("claims"),
        "disagreements": counts.get("disagreements"),
        "linked": report.articles,
        "embedding_sentences_per_s": rate,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=None, help="time one batch of new articles")
    parser.add_argument("--stores", type=int, nargs="+", default=[0, 10_000])
    parser.add_argument("--keep", default=None, help="folder keeping the linked stores to reuse")
    parser.add_argument("--setup-encoder", choices=["model", "words"], default=None)
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--encoder", choices=["model", "words"], default="model")
    parser.add_argument("--sentences", type=int, default=500, help="for the embedding rate")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if args.batch is not None:
        if args.one is not None:
            print(
                json.dumps(
                    batch_run(args.one, args.batch, args.encoder, args.keep, args.setup_encoder)
                )
            )
            return 0
        runs = []
        for size in args.stores:
            # A fresh process per store size, so each peak memory is its own.
            output = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--batch",
                    str(args.batch),
                    "--encoder",
                    args.encoder,
                    "--one",
                    str(size),
                    *(["--keep", args.keep] if args.keep else []),
                    *(["--setup-encoder", args.setup_encoder] if args.setup_encoder else []),
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            runs.append(json.loads(output.strip().splitlines()[-1]))
        if args.json:
            print(json.dumps({"runs": runs}))
        else:
            for run in runs:
                print(" ".join(f"{k}={v}" for k, v in run.items()))
        return 0

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
