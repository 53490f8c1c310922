"""Does the cost of ingesting grow with the size of the database? (store and link stages)

    .venv/bin/python benchmarks/growth.py DB [DB ...] [--batch 300] [--repeat 3] [--json]

Each DB is an existing knowledge base (build one with ``python benchmarks/synthetic.py FILE
--articles N``, or pass ``empty`` for a new one). For each, a copy is made and a fixed batch of
synthetic articles (hand-built records, no model: the extract stage's cost does not depend on the
database) is stored the way ``newstrail ingest`` stores them — one transaction per article with
its rows, indexes and full-text index — and then the link stage runs over the whole store. Runs
are interleaved across the databases and repeated; the median is printed per database, with the
ratio to the first one (goal: within 20% of the empty database at 10k, 100k and 1M articles).
``--store-only`` leaves the link stage out.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make ``benchmarks.synthetic`` importable
    sys.path.insert(0, str(REPO))


def one_run(
    source: str, batch: int, workdir: Path, seed: int, link: bool = True
) -> dict[str, float]:
    """Store ``batch`` new articles into a copy of ``source``; seconds for store and link."""
    from benchmarks.synthetic import synthetic_records
    from newstrail.link import run_links
    from newstrail.store import Store

    target = workdir / "growth.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    if source != "empty":
        with sqlite3.connect(source) as conn:  # everything into the file we copy
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(source, target)
    store = Store(str(target))  # (a first open with write access makes missing indexes)
    store.counts()
    os.sync()  # the copy's writes reach the disk now, not while the timed writes run
    records = [
        (dataclasses.replace(article, url=f"https://example.org/growth/{seed}/{i}"), extraction)
        for i, (article, extraction) in enumerate(synthetic_records(batch, seed=seed))
    ]
    started = time.perf_counter()
    for article, extraction in records:
        store.add(article, extraction)
    stored = time.perf_counter()
    if link:
        run_links(store)
    linked = time.perf_counter()
    articles = store.counts()["articles"]
    store.engine.dispose()
    return {"store_s": stored - started, "link_s": linked - stored, "articles": articles}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("databases", nargs="+", help="database files, or 'empty'")
    parser.add_argument("--batch", type=int, default=300, help="articles stored per run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per database")
    parser.add_argument(
        "--extract-rate",
        type=float,
        default=9.75,
        help="articles/s of the extract stage (benchmarks/throughput.py), to show the whole "
        "ingest's rate: the extract stage's cost does not depend on the database",
    )
    parser.add_argument("--store-only", action="store_true", help="leave the link stage out")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    for db in args.databases:
        if db != "empty" and not Path(db).is_file():
            raise SystemExit(f"error: no database at {db}")

    runs: dict[str, list[dict[str, float]]] = {db: [] for db in args.databases}
    # next to the largest database (a copy of a million articles does not fit every /tmp)
    workdir = Path(max(args.databases, key=lambda d: 0 if d == "empty" else Path(d).stat().st_size))
    where = workdir.parent if workdir.name != "empty" else None
    with tempfile.TemporaryDirectory(prefix="newstrail-growth-", dir=where) as tmp:
        for rep in range(args.repeat):
            for db in args.databases:  # interleaved: machine load drifts alike for all
                runs[db].append(
                    one_run(db, args.batch, Path(tmp), seed=1000 + rep, link=not args.store_only)
                )
                print(f"  run {rep + 1} {db}: {runs[db][-1]}", file=sys.stderr)

    rows: dict[str, dict[str, Any]] = {}
    for db, results in runs.items():
        total = statistics.median(r["store_s"] + r["link_s"] for r in results)
        rows[db] = {
            "articles_before": int(results[0]["articles"]) - args.batch,
            "store_s": round(statistics.median(r["store_s"] for r in results), 3),
            "link_s": round(statistics.median(r["link_s"] for r in results), 3),
            "articles_per_s": round(args.batch / total, 1),
            # the whole ingest, extract then store and link, one after the other
            "ingest_per_s": round(1 / (1 / args.extract_rate + total / args.batch), 2),
        }
    first = next(iter(rows.values()))
    for row in rows.values():
        row["ratio"] = round(row["articles_per_s"] / first["articles_per_s"], 3)
        row["ingest_ratio"] = round(row["ingest_per_s"] / first["ingest_per_s"], 3)
    result = {
        "batch": args.batch,
        "repeat": args.repeat,
        "extract_rate": args.extract_rate,
        "stages": "store" if args.store_only else "store+link",
        "load_average": os.getloadavg(),
        "databases": rows,
    }
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(
        f"{result['stages']} of {args.batch} articles, median of {args.repeat} interleaved runs "
        f"(load average {result['load_average'][0]:.1f})"
    )
    print(
        f"{'database':16} {'articles':>9} {'store s':>8} {'link s':>7} {'store+link/s':>13} "
        f"{'ratio':>6} {f'ingest/s @{args.extract_rate:g}':>15} {'ratio':>6}"
    )
    for db, row in rows.items():
        print(
            f"{Path(db).name:16} {row['articles_before']:>9} {row['store_s']:>8.2f} "
            f"{row['link_s']:>7.2f} {row['articles_per_s']:>13.1f} {row['ratio']:>6.2f} "
            f"{row['ingest_per_s']:>15.2f} {row['ingest_ratio']:>6.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
