"""``newstrail eval ...``: quality on annotated data. Each subcommand calls
``newstrail.eval.<topic>.evaluate(path, limit=..., model=...) -> dict`` and prints either
``format_table(result)`` or the JSON object."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import click

__all__ = ["SCORERS", "eval_group"]


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

# topic (module newstrail.eval.<topic>) → the data option, its help, the command's help.
# Adding a scorer: one line here.
SCORERS: dict[str, tuple[str, str, str]] = {
    "quotes": (
        "--polnear",
        "PolNeAR-layout folder.",
        "Quotes, cues and sources on PolNeAR (Citron and CofeNet-style scores).",
    ),
    "times": (
        "--tml",
        "Folder of TimeML .tml files.",
        "Time expressions, TempEval-3 Task A protocol.",
    ),
    "places": (
        "--data",
        "Geoparsing JSONL file.",
        "Toponym recognition and resolution (GeoWebNews, LGL, TR-News layout).",
    ),
    "coref": (
        "--conllu",
        "OntoGUM CoNLL-U folder.",
        "In-document coreference: MUC, B³, CEAF-e, CoNLL F1.",
    ),
    "entities": ("--conllu", "GUM or UNER folder/file.", "Person / organisation / place F1."),
    "stories": (
        "--ecbplus",
        "ECB+ folder (a split, a topic or the corpus).",
        "Story clustering in a stream: B³ and ARI against ECB+ sub-topics and topics.",
    ),
    "identities": (
        "--ecbplus",
        "ECB+ folder (gold person ids from gold_mentions.train_dev.csv above it).",
        "Cross-article person identity: pairwise precision/recall on ECB+ participants.",
    ),
    "duplicates": (
        "--ecbplus",
        "ECB+ folder: originals; copies are generated.",
        "Syndicated-copy marks: precision and recall on generated copies of ECB+ articles.",
    ),
    "events": (
        "--plover",
        "PLOVER gold-standard .jsonl file.",
        "PLOVER event type, actors, recipients, CONSULT mode and location.",
    ),
    "claims": (
        "--checkthat",
        "CheckThat! 2020 Task 2 folder (tweets.queries.tsv, tweet-vclaim-pairs.qrels).",
        "Claim matching: rank verified claims per tweet (MAP@5, MAP@1, MRR, Recall@5).",
    ),
}


def _command(topic: str, option: str, option_help: str, doc: str) -> click.Command:
    def run(path: Path, as_json: bool, limit: int | None, model: str | None) -> None:
        _run(topic, path, as_json, limit, model)

    run.__doc__ = doc
    decorated = click.option(option, "path", type=_exists, required=True, help=option_help)(
        _with_common(run)
    )
    return click.command(topic)(decorated)


for _topic, (_option, _option_help, _doc) in SCORERS.items():
    eval_group.add_command(_command(_topic, _option, _option_help, _doc))
