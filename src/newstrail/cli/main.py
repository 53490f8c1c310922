"""The ``newstrail`` command: a thin layer over the library functions."""

from __future__ import annotations

import json
import sys
import textwrap
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from newstrail import __version__
from newstrail.cli.terminal import printable, printable_record
from newstrail.config import Settings
from newstrail.errors import NewstrailError, StoreError

__all__ = [
    "NewstrailGroup",
    "articles",
    "cli",
    "db_option",
    "export",
    "extract",
    "format_article",
    "info",
    "ingest",
    "link",
    "main",
    "open_store",
    "quotes",
    "search",
    "show",
    "summary",
]

_settings = Settings()
db_option = click.option(
    "--db",
    default=None,
    metavar="DB",
    help=f"SQLite file or database URL (default: $NEWSTRAIL_DB or {_settings.db}).",
)


# Limits and offsets: SQL takes 64-bit integers, a larger one is a usage error, not an OverflowError.
COUNT = click.IntRange(0, 2**63 - 1)


class NewstrailGroup(click.Group):
    """Prints newstrail's own errors as one line with their fix, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from sqlalchemy.exc import DatabaseError

        try:
            return super().invoke(ctx)
        except NewstrailError as exc:
            click.echo(f"error: {printable(str(exc))}", err=True)
            sys.exit(2)
        except DatabaseError as exc:  # e.g. a filter value too long for SQLite's LIKE
            reason = printable(str(getattr(exc, "orig", exc)))
            click.echo(f"error: the database cannot answer that ({reason}); shorten it", err=True)
            sys.exit(2)


def open_store(db: str | None, must_exist: bool = True) -> Any:
    from newstrail.store import Store

    target = db or Settings().db
    if must_exist and "://" not in target and not Path(target).exists():
        raise StoreError(
            f"No database at {target}: run `newstrail ingest PATH --db {target}` first."
        )
    return Store(target)


@click.group(cls=NewstrailGroup)
@click.version_option(__version__, prog_name="newstrail")
def cli() -> None:
    """Who said what, about what happened, where and when — according to whom."""


@cli.command()
@click.option(
    "--model", envvar="NEWSTRAIL_MODEL", default=None, help="spaCy pipeline name or path."
)
@click.option("--check", is_flag=True, help="Load the model and fail if anything is missing.")
def info(model: str | None, check: bool) -> None:
    """Show the active model and components (loading order, names, versions)."""
    from newstrail.pipeline import Extractor

    extractor = Extractor(model)
    click.echo(f"newstrail {__version__}")
    click.echo(f"model: {extractor.model.label} ({extractor.model.path or 'vendored'})")
    click.echo("pipeline: " + " → ".join(extractor.nlp.pipe_names))
    for name, version in extractor.versions.items():
        if name != "model":
            click.echo(f"  {name} {version}")
    if check:
        click.echo("ok")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--model", envvar="NEWSTRAIL_MODEL", default=None, help="spaCy pipeline name or path."
)
@click.option("--workers", type=int, default=None, help="Worker processes (default: all cores).")
@click.option(
    "--ray",
    "ray_address",
    is_flag=False,
    flag_value="local",
    default=None,
    envvar="NEWSTRAIL_RAY",
    metavar="[ADDRESS]",
    help="Extract on Ray: a local instance of --workers workers, or the cluster at ADDRESS "
    "(--ray=auto, --ray=ray://head:10001). Needs newstrail[ray].",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest(
    paths: tuple[str, ...],
    db: str | None,
    model: str | None,
    workers: int | None,
    ray_address: str | None,
    quiet: bool,
) -> None:
    """Ingest articles: files, directories (recursive), globs, or - for stdin.

    Formats: .txt (optional dateline and headline), .html, .json/.jsonl (objects with text or
    html, and optional url, title, published, outlet), RSS/Atom feeds (.rss, .atom, .xml or an
    http(s) URL: each entry's page is fetched; an article page's URL is that article), WARC archives (.warc, .warc.gz: HTML responses).
    Exits non-zero only if something failed.
    """
    from newstrail.ingest.batch import ingest as run_ingest

    settings = Settings()
    store = open_store(db, must_exist=False)

    _run_stage(
        lambda: run_ingest(
            list(paths),
            store,
            model=model,
            workers=workers or settings.workers,
            max_bytes=settings.max_bytes,
            on_error=lambda m: click.echo(f"error: {printable(m)}", err=True),
            progress=lambda total: _bar(total, quiet, "extracting"),
            ray=ray_address,
        ),
        interrupted="every article stored so far is complete; run again to finish.",
    )


@cli.command()
@db_option
@click.option(
    "--stale",
    is_flag=True,
    help="Only what a component (or model) version change made stale, on the articles concerned.",
)
@click.option(
    "--model", envvar="NEWSTRAIL_MODEL", default=None, help="spaCy pipeline name or path."
)
@click.option("--workers", type=int, default=None, help="Worker processes (default: all cores).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def extract(
    db: str | None, stale: bool, model: str | None, workers: int | None, quiet: bool
) -> None:
    """Re-run the extract stage over stored articles (all of them unless --stale).

    With --stale, only the record kinds whose component, a component they depend on, or the
    model has another version than when the article was extracted are replaced, on exactly those
    articles; other rows stay untouched. Running it twice does nothing the second time.
    """
    from newstrail.extract import extract_stored

    store = open_store(db)
    _run_stage(
        lambda: extract_stored(
            store,
            stale=stale,
            model=model,
            workers=workers or Settings().workers,
            on_error=lambda m: click.echo(f"error: {m}", err=True),
            progress=lambda total: _bar(total, quiet, "extracting"),
        ),
        interrupted="every article re-extracted so far is complete; "
        "run `newstrail extract --stale` to finish.",
    )


@cli.command()
@db_option
@click.option(
    "--rebuild",
    is_flag=True,
    help="Recompute every link record from all stored articles (publication order) instead of "
    "linking the new ones only.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def link(db: str | None, rebuild: bool, quiet: bool) -> None:
    """Run the link stage: link the articles not linked yet (stories, copies, identities, ...),
    or resume an interrupted run; --rebuild recomputes everything."""
    from newstrail.link import run_links

    _run_stage(
        lambda: run_links(
            open_store(db),
            rebuild=rebuild,
            progress=lambda name, total: _bar(total, quiet, f"linking ({name})"),
        ),
        interrupted="every batch linked so far is stored; run `newstrail link` to resume.",
    )


def _run_stage(run: Callable[[], Any], *, interrupted: str) -> None:
    """Run a stage and print its report's summary; exit 1 when the report counts failed
    articles. Ctrl-C exits 130 saying what is kept (``interrupted``) and how to finish."""
    try:
        report = run()
    except KeyboardInterrupt:
        click.echo(f"interrupted: {interrupted}", err=True)
        sys.exit(130)
    click.echo(report.summary())
    if getattr(report, "failed", 0):
        sys.exit(1)


def _bar(total: int, quiet: bool, desc: str) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="article", disable=quiet or total < 2, file=sys.stderr, desc=desc)


@cli.command()
@db_option
@click.option("--limit", type=COUNT, default=50, show_default=True)
@click.option("--offset", type=COUNT, default=0)
@click.option("--outlet", default=None)
@click.option("--since", default=None, help="Published on/after (ISO date).")
@click.option("--until", default=None, help="Published before (ISO date).")
@click.option("--events-since", default=None, help="Mentions times on/after (ISO date).")
@click.option("--events-until", default=None, help="Mentions times before (ISO date).")
@click.option("--json", "as_json", is_flag=True)
def articles(db: str | None, as_json: bool, limit: int, offset: int, **filters: Any) -> None:
    """List stored articles, newest first."""
    from newstrail.store import queries

    rows, _ = queries.list_articles(
        open_store(db), queries.Filters(**filters), limit=limit, offset=offset
    )
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for row in printable_record(rows):
        title = row["title"] or _first_words(row.get("path") or "")
        click.echo(
            f"{row['id']}  {row['published'] or '(no date)':25}  {row['words']:>6} words  {title}"
        )


def _first_words(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


@cli.command()
@click.argument("article_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="The article as its JSONL export record.")
def show(article_id: str, db: str | None, as_json: bool) -> None:
    """The article text with every extracted item and its offsets."""
    record = open_store(db).get_article(article_id)
    if record is None:
        raise StoreError(
            f"No single article with id {article_id!r}; list them with `newstrail articles`."
        )
    if as_json:
        click.echo(json.dumps(record, ensure_ascii=False, indent=1))
        return
    click.echo(format_article(printable_record(record)))


def format_article(record: dict[str, Any]) -> str:
    src = record["source"]
    lines = [
        click.style(record["title"] or "(untitled)", bold=True),
        f"id {record['id']} · version {record['version']} · published {record['published'] or 'unknown'}"
        f" · {src['outlet'] or src['url'] or src['path'] or ''}",
        "",
        record["text"],
        "",
        click.style(f"Quotes ({len(record['quotes'])})", bold=True),
    ]
    for q in record["quotes"]:
        sp = q["speaker"]
        who = sp["name"] or "(speaker unresolved)"
        mention = f" via “{sp['mention']['text']}”" if sp["mention"] else ""
        cue = (
            f" cue “{q['cue']['text']}” [{q['cue']['start']}:{q['cue']['end']}]" if q["cue"] else ""
        )
        lines.append(f"  [{q['start']}:{q['end']}] {q['kind']:8} {who}{mention}{cue}")
        lines.append(textwrap.indent(textwrap.fill(_first_words(q["text"], 300), 96), "      "))
    lines.append(click.style(f"Entities ({len(record['entities'])})", bold=True))
    for e in record["entities"]:
        role = f" — {e['role']}" if e["role"] else ""
        lines.append(f"  [{e['start']}:{e['end']}] {e['label']:7} {e['text']} → {e['name']}{role}")
    lines.append(click.style(f"Places ({len(record['places'])})", bold=True))
    for p in record["places"]:
        where = f"{p['lat']:.4f}, {p['lon']:.4f}" if p["lat"] is not None else "unresolved"
        lines.append(
            f"  [{p['start']}:{p['end']}] {p['text']} → {p['name']} ({p['country'] or '?'}; "
            f"{where}; geonameid {p['geonameid']})"
        )
    lines.append(click.style(f"Times ({len(record['times'])})", bold=True))
    for t in record["times"]:
        mod = f" {t['mod']}" if t["mod"] else ""
        lines.append(f"  [{t['start']}:{t['end']}] {t['type']:8} {t['text']} → {t['value']}{mod}")
    events = record.get("events") or []
    if events:
        from newstrail.models import record_kind

        describe = record_kind("events").describe
        lines.append(click.style(f"Events ({len(events)})", bold=True))
        for ev in events:
            trigger = ev["trigger"]
            summary = describe(ev) if describe else ev["type"]
            lines.append(f"  [{trigger['start']}:{trigger['end']}] “{trigger['text']}” {summary}")
    return "\n".join(lines)


@cli.command()
@db_option
@click.option("--speaker", default=None, help="Speaker name or mention (substring).")
@click.option("--search", default=None, help="Words in the quote.")
@click.option("--since", default=None, help="Article published on/after (ISO date).")
@click.option("--until", default=None, help="Article published before (ISO date).")
@click.option("--limit", type=COUNT, default=50, show_default=True)
@click.option("--offset", type=COUNT, default=0)
@click.option("--json", "as_json", is_flag=True)
def quotes(
    db: str | None,
    as_json: bool,
    speaker: str | None,
    search: str | None,
    limit: int,
    offset: int,
    **period: Any,
) -> None:
    """Quotes with their speakers, filtered by speaker, words and date."""
    from newstrail.store import queries

    rows, _ = queries.list_quotes(
        open_store(db),
        queries.Filters(**period),
        queries.QuoteQuery(text=search, speaker_like=speaker),
        limit=limit,
        offset=offset,
    )
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for q in printable_record(rows):
        who = q["speaker"]["name"] or "(unresolved)"
        click.echo(
            f"{q['article_id']} [{q['start']}:{q['end']}] {q['kind']:8} {who}: "
            f"“{_first_words(q['text'], 140)}”"
        )
    if not rows:
        click.echo("no quotes match")


@cli.command()
@click.argument("text")
@db_option
@click.option("--limit", type=COUNT, default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def search(text: str, db: str | None, limit: int, as_json: bool) -> None:
    """Full-text search over articles."""
    from newstrail.store import queries

    rows, _ = queries.search(open_store(db), queries.Filters(text=text), limit=limit)
    for row in rows:  # matches shown as [word]
        row["snippet"] = "".join(
            f"[{piece}]" if hit else piece for piece, hit in queries.snippet_parts(row["snippet"])
        )
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for row in printable_record(rows):
        click.echo(f"{row['id']}  {row['title'] or row['path'] or ''}\n    {row['snippet']}")
    if not rows:
        click.echo("no articles match")


@cli.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(
        [
            "jsonl",
            "csv",
            "geojson",
            "events-geojson",
            "parquet",
            "graphml",
            "gexf",
            "stories",
            "identities",
            "claims",
            "disagreements",
            "event-groups",
        ]
    ),
    default="jsonl",
    show_default=True,
    help="stories / identities: one object per story / identity (from the link stage).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(writable=True),
    default=None,
    help="File to write (default: standard output); for parquet, a directory.",
)
def export(db: str | None, fmt: str, output: str | None) -> None:
    """Export everything: JSONL (one article per line), CSV (one item per row), GeoJSON
    (place mentions), events-geojson (events as points, routes as lines), Parquet (one typed
    file per kind of record, -o DIR) or the who-quotes-whom / who-mentions-whom network as
    GraphML or GEXF (for Gephi, networkx); or link records, one JSON object per line: the stories
    / identities, the claim trail (claims), the disagreements or the cross-article events
    (event-groups: each event of a story once, with the articles that report it)."""
    from newstrail.store.export import export as run_export

    store = open_store(db)
    if fmt == "parquet":
        from newstrail.store.parquet import write_parquet

        if output is None:
            raise click.UsageError("--format parquet writes a directory: give it with -o DIR")
        written = write_parquet(store, output)
        click.echo(
            ", ".join(f"{rows} {name}" for name, rows in written.items())
            + f" written to {output}/",
            err=True,
        )
        return
    if fmt in ("graphml", "gexf"):
        from newstrail.store.graph import write_network

        if output is None:
            raise click.UsageError(f"--format {fmt} writes a file: give it with -o FILE")
        nodes, edges = write_network(store, fmt, output)
        click.echo(f"{nodes} nodes, {edges} edges written to {output}", err=True)
        return
    if output is None:
        run_export(store, fmt, sys.stdout)
        return
    with open(output, "w", encoding="utf-8", newline="") as out:
        count = run_export(store, fmt, out)
    noun = (
        fmt
        if fmt in ("stories", "identities", "claims", "disagreements", "event-groups")
        else "articles"
    )
    click.echo(f"{count} {noun} written to {output}", err=True)


@cli.command()
@db_option
def summary(db: str | None) -> None:
    """A readable overview: articles, quotes with speakers, people, places, dates."""
    store = open_store(db)
    counts = store.counts()
    click.echo(
        click.style(
            f"{counts['articles']} articles · {counts['quotes']} quotes · {counts['entities']} "
            f"entity mentions · {counts['places']} places · {counts['times']} time expressions",
            bold=True,
        )
    )
    people: Counter[str] = Counter()
    roles: dict[str, str] = {}
    places: Counter[str] = Counter()
    dates: list[tuple[str, str, str]] = []
    for record in map(printable_record, store.iter_records()):
        click.echo("")
        click.echo(
            click.style(f"■ {record['title'] or record['source']['path']}", bold=True)
            + f"  ({record['published'] or 'no date'}, id {record['id']})"
        )
        for q in record["quotes"]:
            who = q["speaker"]["name"] or "(unresolved speaker)"
            click.echo(f"   {who} [{q['kind']}]: “{_first_words(q['text'], 110)}”")
        for e in record["entities"]:
            if e["label"] in ("PERSON", "ORG"):
                people[e["name"]] += 1
                if e["role"]:
                    roles.setdefault(e["name"], e["role"])
        for p in record["places"]:
            if not p["demonym"]:
                places[f"{p['name']} ({p['country'] or '?'})"] += 1
        for t in record["times"]:
            dates.append((t["value"], t["text"], record["id"]))
    if people:
        click.echo("\n" + click.style("People and organisations", bold=True))
        for name, n in people.most_common(15):
            role = f" — {_first_words(roles[name], 90)}" if name in roles else ""
            click.echo(f"   {name} ×{n}{role}")
    if places:
        click.echo(click.style("Places", bold=True))
        click.echo("   " + ", ".join(f"{name} ×{n}" for name, n in places.most_common(20)))
    if dates:
        click.echo(click.style("Dates", bold=True))
        for value, text_, article_id in sorted(dates)[:25]:
            click.echo(f"   {value:12} “{text_}” ({article_id})")


def _register() -> None:
    from newstrail.cli.evaluate import eval_group
    from newstrail.cli.gazetteer import gazetteer_group
    from newstrail.cli.watch import watch

    cli.add_command(eval_group)
    cli.add_command(gazetteer_group)
    cli.add_command(watch)
    try:
        from newstrail.cli.serve import serve
    except ImportError:
        return
    cli.add_command(serve)


_register()


def main() -> None:
    cli(prog_name="newstrail")


if __name__ == "__main__":
    main()
