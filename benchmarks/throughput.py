"""Whole-pipeline ingest throughput versus the bare model and tokenisation alone.

    .venv/bin/python benchmarks/throughput.py [DIR] [--limit 300] [--workers 2]
        [--profile-limit 60] [--json]
    .venv/bin/python benchmarks/throughput.py --ray [ADDRESS] --workers 2   # extraction on Ray

DIR defaults to ../shared/data/polnear/train/text. Prints, in one run: the words/s of spaCy's
tokenizer alone (the ceiling for any spaCy pipeline); the bare model's articles/s (``nlp.pipe``,
one process, every pipe of the backbone, none of newstrail's); the time share of every pipe of
the full pipeline (backbone pipes and newstrail components, one process, on the first
``--profile-limit`` articles); and articles/s, words/s and peak memory of the full ingest (read →
extract → store into a fresh SQLite file, ``--workers`` processes).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DIR = REPO.parent / "shared" / "data" / "polnear" / "train" / "text"


def peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def component_shares(files: list[Path], model: str | None) -> dict[str, float]:
    """The share of extraction time of each pipe (tokenizer included), one process."""
    from newstrail.ingest.readers import read_path
    from newstrail.pipeline import Extractor

    extractor = Extractor(model)
    articles = [item for f in files for item in read_path(f) if not isinstance(item, Exception)]
    times: dict[str, float] = {}
    started = time.perf_counter()
    docs = [extractor.make_doc(article) for article in articles]
    times["tokenizer"] = time.perf_counter() - started
    for name, proc in extractor.nlp.pipeline:
        started = time.perf_counter()
        pipe = getattr(proc, "pipe", None)
        docs = list(pipe(docs, batch_size=32)) if pipe else [proc(doc) for doc in docs]
        times[name] = time.perf_counter() - started
    total = sum(times.values()) or 1.0
    return {name: round(t / total, 4) for name, t in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--limit", type=int, default=300, help="articles to ingest (default 300)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--model", default=None)
    parser.add_argument(
        "--profile-limit", type=int, default=60, help="articles timed pipe by pipe (default 60)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--ray",
        nargs="?",
        const="local",
        default=None,
        metavar="ADDRESS",
        help="extract on Ray: a local instance of --workers workers (start-up and model loads "
        "included in the time, as for worker processes), or the cluster at ADDRESS",
    )
    args = parser.parse_args()

    from newstrail.ingest.batch import ingest
    from newstrail.ingest.readers import read_path
    from newstrail.nlp.backbone import load_backbone
    from newstrail.store import Store

    if not args.directory.is_dir():
        print(f"error: {args.directory} is not a directory of articles", file=sys.stderr)
        return 2
    files = sorted(p for p in args.directory.rglob("*.txt"))[: args.limit]
    texts = [item.text for f in files for item in read_path(f) if not isinstance(item, Exception)]
    words = sum(len(t.split()) for t in texts)

    nlp = load_backbone(args.model)
    started = time.perf_counter()
    for _ in nlp.tokenizer.pipe(texts, batch_size=64):
        pass
    tokenizer_wps = words / (time.perf_counter() - started)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    model_aps = len(texts) / (time.perf_counter() - started)
    del nlp
    shares = component_shares(files[: args.profile_limit], args.model)

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "bench.db"))
        started = time.perf_counter()
        report = ingest(
            [str(f) for f in files], store, model=args.model, workers=args.workers, ray=args.ray
        )
        elapsed = time.perf_counter() - started
    if report.failed:
        print(f"warning: {report.failed} articles failed", file=sys.stderr)

    result = {
        "articles": report.ingested,
        "words": words,
        "seconds": round(elapsed, 2),
        "articles_per_s": round(report.ingested / elapsed, 2),
        "words_per_s": round(words / elapsed),
        "tokenizer_words_per_s": round(tokenizer_wps),
        "ratio": round((words / elapsed) / tokenizer_wps, 4),
        "model_articles_per_s": round(model_aps, 2),
        "pipeline_to_model": round(report.ingested / elapsed / model_aps, 3),
        "pipe_shares": shares,
        "load_average": os.getloadavg(),
        "peak_rss_mb": round(
            max(peak_rss_mb(resource.RUSAGE_SELF), peak_rss_mb(resource.RUSAGE_CHILDREN)), 1
        ),
        "peak_rss_mb_main": round(peak_rss_mb(resource.RUSAGE_SELF), 1),
        "peak_rss_mb_per_worker": round(peak_rss_mb(resource.RUSAGE_CHILDREN), 1),
        "workers": args.workers if args.ray else min(args.workers, max(1, report.ingested // 4)),
        "mode": f"ray ({args.ray})" if args.ray else "processes",
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{result['articles']} articles, {words:,} words in {result['seconds']} s "
            f"with {result['workers']} worker(s), {result['mode']}"
        )
        print(
            f"  pipeline:  {result['articles_per_s']} articles/s, {result['words_per_s']:,} words/s"
        )
        print(
            f"  bare model (1 process): {result['model_articles_per_s']} articles/s "
            f"(pipeline/model ratio {result['pipeline_to_model']})"
        )
        print(
            f"  tokenizer: {result['tokenizer_words_per_s']:,} words/s "
            f"(pipeline/tokenizer ratio {result['ratio']})"
        )
        print(f"  time share of each pipe ({args.profile_limit} articles, 1 process):")
        for name, share in shares.items():
            print(f"    {name:22} {share:6.1%}")
        print(f"  load average: {result['load_average'][0]:.1f}")
        print(
            f"  peak RSS:  {result['peak_rss_mb_main']} MB main, "
            f"{result['peak_rss_mb_per_worker']} MB largest worker"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
