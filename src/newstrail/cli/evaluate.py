"""``newstrail eval ...``: quality on annotated data. Each subcommand calls
``newstrail.eval.<topic>.evaluate(path, limit=..., model=...) -> dict`` and prints either
``format_table(result)`` or the JSON object."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import click


def _run(topic: str, path: Path, as_json: bool, limit: int | None, model: str | None) -> None:
    module: Any = importlib.import_module(f"newstrail.eval.{topic}")
    result = module.evaluate(path, limit=limit, model=model)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
    else:
        click.echo(module.format_table(result))


_common = [
    click.option("--json", "as_json", is_flag=True, help="Print one JSON object."),
    click.option("--limit", type=int, default=None, help="Evaluate only the first N documents."),
    click.option("--model", envvar="NEWSTRAIL_MODEL", default=None, help="spaCy pipeline."),
]


def _with_common(fn: Any) -> Any:
    for option in reversed(_common):
        fn = option(fn)
    return fn


@click.group("eval")
def eval_group() -> None:
    """Measure extraction quality on annotated corpora."""


_exists = click.Path(exists=True, path_type=Path)


@eval_group.command("quotes")
@click.option("--polnear", "path", type=_exists, required=True, help="PolNeAR-layout folder.")
@_with_common
def eval_quotes(path: Path, as_json: bool, limit: int | None, model: str | None) -> None:
    """Quotes, cues and sources on PolNeAR (Citron and CofeNet-style scores)."""
    _run("quotes", path, as_json, limit, model)


@eval_group.command("times")
@click.option("--tml", "path", type=_exists, required=True, help="Folder of TimeML .tml files.")
@_with_common
def eval_times(path: Path, as_json: bool, limit: int | None, model: str | None) -> None:
    """Time expressions, TempEval-3 Task A protocol."""
    _run("times", path, as_json, limit, model)


@eval_group.command("places")
@click.option("--data", "path", type=_exists, required=True, help="Geoparsing JSONL file.")
@_with_common
def eval_places(path: Path, as_json: bool, limit: int | None, model: str | None) -> None:
    """Toponym recognition and resolution (GeoWebNews, LGL, TR-News layout)."""
    _run("places", path, as_json, limit, model)


@eval_group.command("coref")
@click.option("--conllu", "path", type=_exists, required=True, help="OntoGUM CoNLL-U folder.")
@_with_common
def eval_coref(path: Path, as_json: bool, limit: int | None, model: str | None) -> None:
    """In-document coreference: MUC, B³, CEAF-e, CoNLL F1."""
    _run("coref", path, as_json, limit, model)


@eval_group.command("entities")
@click.option("--conllu", "path", type=_exists, required=True, help="GUM or UNER folder/file.")
@_with_common
def eval_entities(path: Path, as_json: bool, limit: int | None, model: str | None) -> None:
    """Person / organisation / place F1."""
    _run("entities", path, as_json, limit, model)


@eval_group.command("events")
@click.option("--plover", "path", type=_exists, required=True, help="PLOVER gold .jsonl file.")
@_with_common
def eval_events(path: Path, as_json: bool, limit: int | None, model: str | None) -> None:
    """PLOVER event type, actors, recipients, CONSULT mode and location."""
    _run("events", path, as_json, limit, model)
