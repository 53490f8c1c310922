"""``newstrail gazetteer ...`` (built by the places work)."""

from __future__ import annotations

import click


@click.group("gazetteer")
def gazetteer_group() -> None:
    """Build, load and inspect the offline place gazetteer."""
