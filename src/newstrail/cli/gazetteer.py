"""``newstrail gazetteer ...``: build, load and inspect the offline place gazetteer."""

from __future__ import annotations

import json
from pathlib import Path

import click

from newstrail.errors import GazetteerError

__all__ = ["build_cmd", "gazetteer_group", "info_cmd", "load_cmd"]

_path_option = click.option(
    "--path",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Gazetteer file (default: $NEWSTRAIL_GAZETTEER, else <cache>/gazetteer.sqlite).",
)


def _fail(exc: Exception) -> None:
    """One line on stderr and exit status 2, like every newstrail error (see cli.main)."""
    if isinstance(exc, GazetteerError):
        raise exc
    raise GazetteerError(str(exc)) from exc


@click.group("gazetteer")
def gazetteer_group() -> None:
    """Build, load and inspect the offline place gazetteer."""


@gazetteer_group.command("build")
@_path_option
@click.option("--force", is_flag=True, help="Rebuild even when the file is current.")
def build_cmd(path: Path | None, force: bool) -> None:
    """Build the gazetteer from the installed packages (a no-op when it is current)."""
    from newstrail.gazetteer import build, default_path, is_current, reset_default

    target = path or default_path()
    try:
        if not force and is_current(target):
            click.echo(f"gazetteer is current: {target}")
            return
        result = build(target, progress=lambda m: click.echo(m, err=True))
    except (GazetteerError, OSError) as exc:
        _fail(exc)
        return
    reset_default()
    click.echo(f"gazetteer built in {result['seconds']} s: {target}")


@gazetteer_group.command("info")
@_path_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def info_cmd(path: Path | None, as_json: bool) -> None:
    """Size, counts, build time and freshness of the gazetteer."""
    from newstrail.gazetteer import Gazetteer, default_path

    try:
        gaz = Gazetteer(path or default_path())
        info = gaz.info()
    except GazetteerError as exc:
        _fail(exc)
        return
    if as_json:
        click.echo(json.dumps(info))
        return
    click.echo(f"path         {info['path']}")
    click.echo(f"size         {info['bytes'] / 1e6:.1f} MB")
    click.echo(f"places       {info['places']:,}")
    for source, n in sorted(info["by_source"].items()):
        click.echo(f"  {source:<17}{n:,}")
    click.echo(f"names        {info['names']:,}")
    click.echo(f"countries    {info['countries']:,}")
    click.echo(f"demonyms     {info['demonyms']:,}")
    click.echo(f"built at     {info['built_at']} in {info['build_seconds']} s")
    click.echo(f"current      {'yes' if info['current'] else 'no (run newstrail gazetteer build)'}")


@gazetteer_group.command("load")
@click.argument("dump", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument(
    "alternate_names",
    required=False,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@_path_option
def load_cmd(dump: Path, alternate_names: Path | None, path: Path | None) -> None:
    """Load a GeoNames dump (allCountries.zip, AZ.zip, AZ.txt) and optional alternateNamesV2."""
    from newstrail.gazetteer import default_path, ensure_built, reset_default
    from newstrail.gazetteer.geonames import load

    target = path or default_path()
    try:
        ensure_built(target)
        stats = load(target, dump, alternate_names, progress=lambda m: click.echo(m, err=True))
    except (GazetteerError, OSError) as exc:
        _fail(exc)
        return
    reset_default()
    click.echo(
        f"loaded {stats['places']:,} places and {stats['names']:,} names from {dump.name}"
        f" into {target} in {stats['seconds']} s"
    )
