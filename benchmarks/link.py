"""The link stage alone (copies, stories, identities): in memory, and streaming into a store.

    .venv/bin/python benchmarks/link.py [--sizes 10000 100000] [--json]
    .venv/bin/python benchmarks/link.py --stores 0 10000 100000 [--batch 100] [--dir DIR] [--json]

``--sizes``: every article linked in one process by the in-memory indexes (what ``newstrail eval``
uses, and what a rebuild costs at most). ``--stores``: what ``newstrail ingest`` pays at its end —
a store holding N linked articles (built once under ``--dir``, kept for later runs: it takes a
while at 100k) gets a batch of ``--batch`` new articles and ``newstrail link`` links them (the
stories and identities linkers: copies, stories, identities); each run is on a fresh copy of the
store, in its own process, repeated ``--repeat`` times (median seconds; peak memory is the
process's peak resident set during linking minus before). Goal: the batch's cost within 20% of
the empty store's at 10k and 100k.

Articles are real news texts (the ECB+ documents under ../shared/data/clustering/ecbplus, else the
repository's samples) repeated with variations: each synthetic story takes a base text, renames
its names and a third of its words (so every story has its own people, places and wording), keeps a different third of its sentences per article and
is dated (about twenty new stories a day); one article in twenty is a syndicated copy of an earlier
one with a promotion line. Names, places and dates are precomputed with a regular expression, so
the figures measure linking, not spaCy. Only the link calls are timed (wall clock and
process CPU time, which a busy machine does not inflate); each size runs in its own
process, and its peak memory is the process's peak resident set minus what it held before
linking started. Cost per article stays flat when linking grows about linearly.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
ECBPLUS = REPO.parent / "shared" / "data" / "clustering" / "ecbplus"
_NAME_RE = re.compile(r"\b([A-Z][a-z]{2,})(?:\s+([A-Z][a-z]{2,}))?\b")
_WORD_RE = re.compile(r"\b[a-z]{4,}\b")
PER_STORY = 8
STORIES_PER_DAY = 20
COPY_EVERY = 20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def base_texts() -> list[str]:
    if ECBPLUS.is_dir():
        from newstrail.eval.stories import read_ecbplus

        # Texts long enough that two thirds of one are not near-copies of each other.
        return [d.article.text for d in read_ecbplus(ECBPLUS) if d.article.text.count("\n") >= 8]
    return [p.read_text("utf-8") for p in sorted((REPO / "samples").glob("*.txt"))]


def synthetic_articles(
    count: int, seed: int = 0, start: int = 0
) -> Iterator[tuple[str, object, object]]:
    """``(article id, Article, Extraction)`` for ``count`` articles (numbered from ``start``),
    made on the fly."""
    from newstrail.models import Article, Entity, Extraction, Place, TimeExpr

    texts = base_texts()
    rng = random.Random(seed)
    previous: tuple[str, str, object] | None = None
    for number in range(start, start + count):
        article_id = f"a{number}"
        story = number // PER_STORY
        day = date(2020, 1, 1) + timedelta(days=story // STORIES_PER_DAY)
        if previous is not None and number % COPY_EVERY == COPY_EVERY - 1:
            _, text, extraction = previous
            text += "\nSubscribe to our newsletter for the day's top stories."
        else:
            base = texts[story % len(texts)]
            suffix = f"{story:x}"
            renamed = _NAME_RE.sub(
                lambda m, suffix=suffix: " ".join(w + suffix for w in m.groups() if w), base
            )
            # A story of its own, not a reprint of an older one on the same base text: a third
            # of its longer words are its own too.
            story_rng = random.Random(story)
            renamed = _WORD_RE.sub(
                lambda m, suffix=suffix, r=story_rng: (
                    m.group(0) + suffix if r.random() < 0.3 else m.group(0)
                ),
                renamed,
            )
            lines = renamed.split("\n")
            # Each report of the story tells a third of it, in its own order: not a copy.
            text = "\n".join(rng.sample(lines, max(1, len(lines) // 3)))
            entities, places = [], []
            for match in _NAME_RE.finditer(text):
                name = match.group(0)
                if match.group(2):
                    entities.append(Entity(name, match.start(), match.end(), "PERSON", name))
                else:
                    places.append(
                        Place(
                            name,
                            match.start(),
                            match.end(),
                            name,
                            None,
                            None,
                            None,
                            hash(name) % 10**7,
                        )
                    )
            times = [TimeExpr(day.isoformat(), 0, 10, "DATE", day.isoformat())]
            extraction = Extraction(entities=entities[:40], places=places[:40], times=times)
        article = Article(text=text, published=day.isoformat(), title=text.split("\n", 1)[0])
        previous = (article_id, text, extraction)
        yield article_id, article, extraction


def run_one(count: int) -> dict[str, float]:
    from newstrail.link.duplicates import DuplicateIndex
    from newstrail.link.identities import IdentityResolver
    from newstrail.link.stories import StoryIndex, story_features

    duplicates, stories, identities = DuplicateIndex(), StoryIndex(), IdentityResolver()
    before = peak_rss_mb()
    linking = cpu = 0.0
    copies = 0
    for article_id, article, extraction in synthetic_articles(count):
        started, started_cpu = time.perf_counter(), time.process_time()
        if duplicates.add(article_id, article.text) is not None:  # type: ignore[attr-defined]
            copies += 1
        stories.add(story_features(article_id, article, extraction))  # type: ignore[arg-type]
        identities.add_article(article_id, extraction)  # type: ignore[arg-type]
        linking += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
    return {
        "articles": count,
        "seconds": round(linking, 1),
        "cpu_seconds": round(cpu, 1),
        "articles_per_s": round(count / linking, 1),
        "articles_per_cpu_s": round(count / cpu, 1),
        "peak_memory_mb": round(peak_rss_mb() - before, 1),
        "copies": copies,
        "stories": len(stories.stories),
        "identities": len(identities.identities),
    }


LINKERS = ["stories", "identities"]


def build_store(path: Path, count: int) -> dict[str, float]:
    """A store of ``count`` synthetic articles, all linked (kept for later runs)."""
    from newstrail.link import run_links
    from newstrail.store import Store

    partial = path.with_suffix(".building")
    for suffix in ("", "-wal", "-shm", ".link-lock"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    store = Store(str(partial))
    started = time.perf_counter()
    pairs = ((article, extraction) for _, article, extraction in synthetic_articles(count))
    store.add_many(pairs)  # type: ignore[arg-type]
    stored = time.perf_counter()
    run_links(store, LINKERS)
    linked = time.perf_counter()
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.engine.dispose()
    partial.rename(path)
    return {"store_s": round(stored - started, 1), "link_s": round(linked - stored, 1)}


def batch_once(source: Path, count: int, batch: int, run: int) -> dict[str, float]:
    """Copy the store, add ``batch`` new articles, link them; seconds and peak memory."""
    from newstrail.link import linkers, run_links
    from newstrail.store import Store

    target = source.with_name(f"run-{source.stem}.db")
    for suffix in ("", "-wal", "-shm", ".link-lock"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    if count:
        shutil.copyfile(source, target)
    store = Store(str(target))
    if not count:
        run_links(store, LINKERS)  # an empty store linked before: the batch is streamed too
    new = synthetic_articles(batch, seed=run + 1, start=count + run * batch)
    for _, article, extraction in new:
        store.add(article, extraction)  # type: ignore[arg-type]
    linkers()  # imported before timing: a one-time cost of the process, not of the batch
    before = peak_rss_mb()
    started, started_cpu = time.perf_counter(), time.process_time()
    report = run_links(store, LINKERS)
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    linked = report.articles.get("stories", 0)  # an identical text twice is stored once
    assert linked >= batch * 0.9, report.articles
    store.engine.dispose()
    for suffix in ("", "-wal", "-shm", ".link-lock"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_memory_mb": peak_rss_mb() - before,
        "linked": linked,
    }


def run_stores(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    for count in args.stores:
        source = folder / f"linked-{count}.db"
        built = None
        if count and not source.exists():
            built = _child(["--build", str(count), "--dir", str(folder)])
        runs = [
            _child(
                ["--batch-once", str(count), "--batch", str(args.batch), "--run", str(run)]
                + ["--dir", str(folder)]
            )
            for run in range(args.repeat)
        ]
        results.append(
            {
                "store_articles": count,
                "batch": args.batch,
                "link_s": round(statistics.median(r["seconds"] for r in runs), 3),
                "link_cpu_s": round(statistics.median(r["cpu_seconds"] for r in runs), 3),
                "peak_memory_mb": round(max(r["peak_memory_mb"] for r in runs), 1),
                **({"built": built} if built else {}),
            }
        )
    base = results[0]["link_cpu_s"] or 1e-9
    for result in results:
        result["cpu_vs_first"] = round(result["link_cpu_s"] / base, 2)
    if args.json:
        print(json.dumps({"stores": results}))
        return 0
    print(f"{'store':>8} {'batch':>6} {'link s':>8} {'cpu s':>8} {'vs first':>9} {'peak MB':>8}")
    for r in results:
        print(
            f"{r['store_articles']:>8} {r['batch']:>6} {r['link_s']:>8} {r['link_cpu_s']:>8}"
            f" {r['cpu_vs_first']:>9} {r['peak_memory_mb']:>8}"
        )
    return 0


def _child(arguments: list[str]) -> dict[str, Any]:
    """This script run again in a fresh process (so each peak memory is its own): the JSON object
    its last output line holds."""
    output = subprocess.run(
        [sys.executable, __file__, *arguments], check=True, capture_output=True, text=True
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--stores", type=int, nargs="+", default=None)
    parser.add_argument("--batch", type=int, default=100, help="new articles per link run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per store")
    parser.add_argument("--dir", default=str(REPO.parent / "bench" / "link"))
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--build", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--batch-once", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--run", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(run_one(args.one)))
        return 0
    if args.build is not None:
        print(json.dumps(build_store(Path(args.dir) / f"linked-{args.build}.db", args.build)))
        return 0
    if args.batch_once is not None:
        source = Path(args.dir) / f"linked-{args.batch_once}.db"
        print(json.dumps(batch_once(source, args.batch_once, args.batch, args.run)))
        return 0
    if args.stores is not None:
        return run_stores(args)
    results = []
    for size in args.sizes:
        results.append(_child(["--one", str(size)]))
    if len(results) >= 2:
        first, last = results[0], results[-1]
        growth = (last["cpu_seconds"] / first["cpu_seconds"]) / (
            last["articles"] / first["articles"]
        )
    else:
        growth = 1.0
    if args.json:
        print(json.dumps({"runs": results, "time_growth_vs_linear": round(growth, 2)}))
        return 0
    print(
        f"{'articles':>9} {'link s':>8} {'cpu s':>8} {'art/s':>8} {'art/cpu s':>9} {'peak MB':>8}"
        f" {'copies':>7} {'stories':>8} {'identities':>10}"
    )
    for r in results:
        print(
            f"{r['articles']:>9} {r['seconds']:>8} {r['cpu_seconds']:>8} {r['articles_per_s']:>8}"
            f" {r['articles_per_cpu_s']:>9} {r['peak_memory_mb']:>8} {r['copies']:>7}"
            f" {r['stories']:>8} {r['identities']:>10}"
        )
    print(f"CPU time growth relative to linear: {growth:.2f} (1.00 = exactly linear)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
