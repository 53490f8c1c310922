"""Whole-pipeline ingest throughput next to the bare spaCy model's, on a directory of articles.

    .venv/bin/python benchmarks/throughput.py [DIR] [--limit 300] [--workers 2] [--json]
    .venv/bin/python benchmarks/throughput.py --ray [ADDRESS] --workers 2   # extraction on Ray

DIR defaults to ../shared/data/polnear/train/text. In one run, on the same texts:

- the **bare model**: spaCy's own ``en_core_web_md`` (``nlp.pipe``, every component as shipped),
  in this process (CPU seconds) and with ``--workers`` processes (``n_process``, wall time);
- the **pipeline**: the whole ingest (read → extract → store into a fresh SQLite file; the link
  stage is timed apart, it runs over the whole store) with ``--workers`` worker processes, its
  wall time, the CPU seconds of every process, and peak memory;
- with ``--workers`` above 1, the pipeline once more in this process (CPU seconds per article,
  steadier than wall time on a shared machine);
- each pipeline component's share of the extraction CPU time (``--profile`` articles);
- spaCy's tokenizer alone (the ceiling of any spaCy pipeline).

Model loads are outside every timing. The load average is printed: wall time on a shared machine
depends on it.
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
from typing import Any

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


def component_shares(texts: list[str], nlp: Any) -> dict[str, float]:
    """Percent of the extraction CPU time spent in each pipeline component (tokenizer included),
    running the components one by one over each text in this process."""
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
        "--no-link",
        action="store_true",
        help="skip timing the link stage (it reads the whole store)",
    )
    parser.add_argument(
        "--profile", type=int, default=50, help="articles for the per-component shares (0: skip)"
    )
    args = parser.parse_args()

    from newstrail.ingest.batch import ingest
    from newstrail.ingest.readers import read_path
    from newstrail.link import run_links
    from newstrail.nlp.backbone import load_backbone
    from newstrail.pipeline import Extractor
    from newstrail.store import Store

    if not args.directory.is_dir():
        print(f"error: {args.directory} is not a directory of articles", file=sys.stderr)
        return 2
    files = sorted(p for p in args.directory.rglob("*.txt"))[: args.limit]
    articles = [item for f in files for item in read_path(f) if not isinstance(item, Exception)]
    texts = [article.text for article in articles]
    words = sum(len(t.split()) for t in texts)
    workers = min(args.workers, max(1, len(texts) // 4))

    # The bare model, as spaCy ships it.
    bare = load_backbone(args.model)
    started = time.perf_counter()
    tokenizer: Any = bare.tokenizer
    for _ in tokenizer.pipe(texts, batch_size=64):
        pass
    tokenizer_wps = words / (time.perf_counter() - started)
    cpu_started = time.process_time()
    for _ in bare.pipe(texts, batch_size=8):
        pass
    bare_cpu = time.process_time() - cpu_started
    bare_wall = None
    if workers > 1 and not args.ray:
        started = time.perf_counter()
        for _ in bare.pipe(texts, batch_size=8, n_process=workers):
            pass
        bare_wall = time.perf_counter() - started
    del bare

    # The whole pipeline.
    started = time.perf_counter()
    extractor = Extractor(args.model)
    load_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "bench.db"))
        cpu_before = cpu_seconds()
        started = time.perf_counter()
        report = ingest(
            [str(f) for f in files],
            store,
            model=args.model,
            workers=args.workers,
            ray=args.ray,
            extractor=extractor,
            link=False,
        )
        elapsed = time.perf_counter() - started
        cpu = cpu_seconds() - cpu_before
        started = time.perf_counter()
        link_seconds = "not run"
        try:
            if not args.no_link:
                run_links(store)
                link_seconds = f"{time.perf_counter() - started:.2f} s"
        except Exception as exc:  # noqa: BLE001 — report it, the pipeline figures stand
            link_seconds = f"failed ({type(exc).__name__}: {str(exc)[:120]})"
    if report.failed:
        print(f"warning: {report.failed} articles failed", file=sys.stderr)
    one_cpu = cpu
    if workers > 1 or args.ray:
        cpu_started = time.process_time()
        for article in articles:
            extractor.extract(article)
        one_cpu = time.process_time() - cpu_started

    result = {
        "articles": report.ingested,
        "words": words,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "bare_articles_per_cpu_s": round(len(texts) / bare_cpu, 2),
        "bare_articles_per_s": round(len(texts) / bare_wall, 2) if bare_wall else None,
        "seconds": round(elapsed, 2),
        "articles_per_s": round(report.ingested / elapsed, 2),
        "words_per_s": round(words / elapsed),
        "articles_per_cpu_s": round(len(texts) / one_cpu, 2) if one_cpu else 0.0,
        "pipeline_vs_bare_cpu": round(bare_cpu / one_cpu, 3) if one_cpu else 0.0,
        "pipeline_vs_bare_wall": round((report.ingested / elapsed) / (len(texts) / bare_wall), 3)
        if bare_wall
        else None,
        "tokenizer_words_per_s": round(tokenizer_wps),
        "ratio": round((words / elapsed) / tokenizer_wps, 4),
        "peak_rss_mb": round(
            max(peak_rss_mb(resource.RUSAGE_SELF), peak_rss_mb(resource.RUSAGE_CHILDREN)), 1
        ),
        "peak_rss_mb_main": round(peak_rss_mb(resource.RUSAGE_SELF), 1),
        "peak_rss_mb_per_worker": round(peak_rss_mb(resource.RUSAGE_CHILDREN), 1),
        "workers": args.workers if args.ray else workers,
        "mode": f"ray ({args.ray})" if args.ray else "processes",
        "cpu_seconds": round(cpu, 2),
        "ingest_articles_per_cpu_s": round(report.ingested / cpu, 2) if cpu else 0.0,
        "model_load_seconds": round(load_seconds, 2),
        "link_seconds": link_seconds,
        "component_share": component_shares(texts[: args.profile], extractor.nlp)
        if args.profile
        else {},
    }
    if args.json:
        print(json.dumps(result))
    else:
        load = ", ".join(str(x) for x in result["load_average"])
        print(
            f"{result['articles']} articles, {words:,} words; {result['workers']} worker(s), "
            f"{result['mode']}; load average {load}"
        )
        wall = result["bare_articles_per_s"]
        print(
            f"  bare model: {result['bare_articles_per_cpu_s']} articles per CPU second"
            + (f", {wall} articles/s with {workers} processes" if wall else "")
        )
        print(
            f"  pipeline:   {result['articles_per_cpu_s']} articles per CPU second "
            f"({result['pipeline_vs_bare_cpu']}x the bare model), {result['articles_per_s']} "
            f"articles/s in {result['seconds']} s"
            + (f" ({result['pipeline_vs_bare_wall']}x the bare model)" if wall else "")
        )
        print(
            f"  ingest CPU: {result['cpu_seconds']} s in all processes "
            f"({result['ingest_articles_per_cpu_s']} articles per CPU second, store included); "
            f"model load {result['model_load_seconds']} s; link stage: {result['link_seconds']}"
        )
        print(
            f"  tokenizer:  {result['tokenizer_words_per_s']:,} words/s "
            f"(pipeline/tokenizer ratio {result['ratio']})"
        )
        print(
            f"  peak RSS:   {result['peak_rss_mb_main']} MB main, "
            f"{result['peak_rss_mb_per_worker']} MB largest worker"
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
