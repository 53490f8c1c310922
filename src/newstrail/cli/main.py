"""The ``newstrail`` command: a thin layer over the library functions."""

from __future__ import annotations

import sys

import click

from newstrail import __version__
from newstrail.errors import NewstrailError


class NewstrailGroup(click.Group):
    """Prints newstrail's own errors as one line with their fix, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except NewstrailError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=NewstrailGroup)
@click.version_option(__version__, prog_name="newstrail")
def cli() -> None:
    """Who said what, about what happened, where and when — according to whom."""


@cli.command()
@click.option("--model", envvar="NEWSTRAIL_MODEL", default=None, help="spaCy pipeline name or path.")
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


def _register() -> None:
    from newstrail.cli.evaluate import eval_group
    from newstrail.cli.gazetteer import gazetteer_group

    cli.add_command(eval_group)
    cli.add_command(gazetteer_group)


_register()


def main() -> None:
    cli(prog_name="newstrail")


if __name__ == "__main__":
    main()
