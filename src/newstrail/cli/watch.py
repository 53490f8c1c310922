"""``newstrail watch``: poll RSS/Atom feeds and ingest what is new, until stopped."""

from __future__ import annotations

import sys
from datetime import datetime

import click

from newstrail.cli.main import db_option, open_store
from newstrail.config import Settings
from newstrail.ingest.batch import IngestReport


@click.command()
@click.argument("feeds", nargs=-1, required=True)
@db_option
@click.option(
    "--every", default="15m", show_default=True, help="Time between polls: 30s, 15m, 2h, 1d."
)
@click.option(
    "--model", envvar="NEWSTRAIL_MODEL", default=None, help="spaCy pipeline name or path."
)
@click.option("--rounds", type=click.IntRange(1), default=None, help="Stop after N polls.")
def watch(
    feeds: tuple[str, ...], db: str | None, every: str, model: str | None, rounds: int | None
) -> None:
    """Poll FEED... (files or URLs) and ingest new entries, until Ctrl-C.

    Entries already stored are skipped by URL before anything is fetched; each page is fetched once
    per poll at most, two at a time per host. Stopping at any moment leaves whole articles only.
    """
    from newstrail.ingest.watch import parse_interval
    from newstrail.ingest.watch import watch as run_watch
    from newstrail.pipeline import Extractor

    interval = parse_interval(every)
    store = open_store(db, must_exist=False)
    extractor = Extractor(model)

    def on_round(number: int, report: IngestReport) -> None:
        stamp = datetime.now().astimezone().isoformat(timespec="seconds")
        click.echo(f"{stamp} poll {number}: {report.summary()}")

    click.echo(f"watching {len(feeds)} feed(s) every {every}; Ctrl-C stops", err=True)
    try:
        run_watch(
            list(feeds),
            store,
            every=interval,
            extractor=extractor,
            rounds=rounds,
            max_bytes=Settings().max_bytes,
            on_error=lambda m: click.echo(f"error: {m}", err=True),
            on_round=on_round,
        )
    except KeyboardInterrupt:
        click.echo("stopped: every article stored so far is complete.", err=True)
        sys.exit(0)
