"""Whole-pipeline ingest throughput versus tokenisation alone, on a directory of articles.

    .venv/bin/python benchmarks/throughput.py [DIR] [--limit 300] [--workers 2] [--json]
    .venv/bin/python benchmarks/throughput.py --ray [ADDRESS] --workers 2   # extraction on Ray

DIR defaults to ../shared/data/polnear/train/text. Prints articles/s, words/s and peak memory of
the full ingest (read → extract → store into a fresh SQLite file), next to the words/s of spaCy's
tokenizer alone on the same texts (the ceiling for any spaCy pipeline) and their ratio, the CPU
seconds the ingest used (steadier than wall time on a shared machine), and each pipeline
component's share of the extraction time, measured in-process on the first ``--profile``
articles (CPU time per component).
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


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and its finished children."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def component_shares(texts: list[str], model: str | None) -> dict[str, float]:
    """Percent of the extraction CPU time spent in each pipeline component (tokenizer included),
    running the components one by one over each text in this process."""
    from newstrail.pipeline import build_nlp

    nlp = build_nlp(model)
    spent: dict[str, float] = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
    for text in texts:
        started = time.process_time()
        doc = nlp.make_doc(text)
        spent["tokenizer"] += time.process_time() - started
        for name, proc in nlp.pipeline:
            started = time.process_time()
            doc = proc(doc)
            spent[name] += time.process_time() - started
    total = sum(spent.values()) or 1.0
    return {name: round(100.0 * t / total, 1) for name, t in spent.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--limit", type=int, default=300, help="articles to ingest (default 300)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--model", default=None)
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
    parser.add_argument(
        "--profile", type=int, default=50, help="articles for the per-component shares (0: skip)"
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
    del nlp

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "bench.db"))
        cpu_before = cpu_seconds()
        started = time.perf_counter()
        report = ingest(
            [str(f) for f in files], store, model=args.model, workers=args.workers, ray=args.ray
        )
        elapsed = time.perf_counter() - started
        cpu = cpu_seconds() - cpu_before
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
        "peak_rss_mb": round(
            max(peak_rss_mb(resource.RUSAGE_SELF), peak_rss_mb(resource.RUSAGE_CHILDREN)), 1
        ),
        "peak_rss_mb_main": round(peak_rss_mb(resource.RUSAGE_SELF), 1),
        "peak_rss_mb_per_worker": round(peak_rss_mb(resource.RUSAGE_CHILDREN), 1),
        "workers": args.workers if args.ray else min(args.workers, max(1, report.ingested // 4)),
        "mode": f"ray ({args.ray})" if args.ray else "processes",
        "cpu_seconds": round(cpu, 2),
        "articles_per_cpu_s": round(report.ingested / cpu, 2) if cpu else 0.0,
        "component_share": component_shares(texts[: args.profile], args.model)
        if args.profile
        else {},
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
            f"  tokenizer: {result['tokenizer_words_per_s']:,} words/s "
            f"(pipeline/tokenizer ratio {result['ratio']})"
        )
        print(
            f"  peak RSS:  {result['peak_rss_mb_main']} MB main, "
            f"{result['peak_rss_mb_per_worker']} MB largest worker"
        )
        print(
            f"  CPU:       {result['cpu_seconds']} s "
            f"({result['articles_per_cpu_s']} articles per CPU second)"
        )
        shares = result["component_share"]
        if shares:
            print(
                f"  component share of extraction CPU time ({min(args.profile, len(texts))} articles):"
            )
            for name, share in shares.items():
                print(f"    {name:<20} {share:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
