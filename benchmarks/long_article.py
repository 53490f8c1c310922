"""Time and peak memory of extracting one long article, by length in characters.

    .venv/bin/python benchmarks/long_article.py [--chars 100000 300000 1000000] [--json]

Each length runs in a fresh process (so its peak resident memory is its own): the full pipeline
(``Extractor``) on a synthetic news text of that many characters, built from varied sentences with
quotes, people, places and dates. Prints seconds, peak RSS and the RSS the model alone takes, so the
cost per 100,000 characters can be read off (texts over ``newstrail.pipeline.PIECE_CHARS`` are
extracted piece by piece, so memory stays that of one piece). Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

SENTENCES = [
    "Officials in Gdansk said on Monday that the port would reopen by 3 June 2022.",
    '"We will not accept this," said Maria Kowalska, a spokeswoman for the union.',
    "The minister, Jan Nowak, told reporters in Warsaw that talks would resume next week.",
    "Traders welcomed the decision, according to a statement from the chamber of commerce.",
    "Police said two people were injured in the protest near the harbour on Friday.",
    "The company reported a loss of 12 million euros in the first quarter of 2021.",
]


def synthetic_text(chars: int) -> str:
    parts: list[str] = []
    total = 0
    index = 0
    while total < chars:
        sentence = SENTENCES[index % len(SENTENCES)]
        sep = "\n\n" if index % 5 == 4 else " "
        parts.append(sentence + sep)
        total += len(sentence) + len(sep)
        index += 1
    return "".join(parts)[:chars]


def measure(chars: int) -> dict[str, float]:
    from newstrail.models import Article
    from newstrail.pipeline import Extractor

    extractor = Extractor()
    model_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    article = Article(text=synthetic_text(chars))
    started, cpu_started = time.perf_counter(), time.process_time()
    extraction = extractor.extract(article)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "chars": chars,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu_seconds, 1),
        "peak_rss_mb": round(peak),
        "model_rss_mb": round(model_rss),
        "quotes": len(extraction.quotes),
        "entities": len(extraction.entities),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chars", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    rows = []
    for chars in args.chars:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(chars)],
            check=True,
            capture_output=True,
            text=True,
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps(rows, indent=1))
        return
    print(
        f"{'chars':>10} {'seconds':>8} {'cpu s':>7} {'peak MB':>8} {'model MB':>9} {'quotes':>7} "
        f"{'entities':>9}"
    )
    for row in rows:
        print(
            f"{row['chars']:>10,} {row['seconds']:>8} {row['cpu_seconds']:>7} {row['peak_rss_mb']:>8} "
            f"{row['model_rss_mb']:>9} {row['quotes']:>7} {row['entities']:>9}"
        )


if __name__ == "__main__":
    main()
