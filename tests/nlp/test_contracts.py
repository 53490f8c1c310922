"""Declared contracts: every newstrail factory says what it reads and writes (spaCy's
``requires``/``assigns``), the pipeline order satisfies them, and the table in ``newstrail.nlp``
matches the declarations."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest

import newstrail.nlp
from newstrail.nlp import PARSE
from newstrail.pipeline import COMPONENTS

# Inputs the caller sets on the Doc before the pipeline runs (no component assigns them).
CALLER_INPUTS = frozenset({"doc._.published"})


def _module(module: str) -> Any:
    return importlib.import_module(f"newstrail.nlp.{module}")


@pytest.mark.parametrize(("module", "factory"), COMPONENTS)
def test_contracts_factory_declares_requires_and_assigns(module: str, factory: str) -> None:
    from spacy.language import Language
    from spacy.tokens import Doc

    component = _module(module)  # registers the factory
    meta = Language.get_factory_meta(factory)
    assert meta.assigns, f"{factory} assigns nothing"
    assert list(meta.assigns) == list(component.ASSIGNS)
    assert list(meta.requires) == list(component.REQUIRES)
    for attr in [*meta.assigns, *meta.requires]:
        if attr.startswith("doc._."):
            assert Doc.has_extension(attr.removeprefix("doc._.")), f"{attr} is not declared"


def _table() -> dict[str, tuple[set[str], set[str]]]:
    """component -> (requires, assigns) as written in the table of ``newstrail.nlp``."""
    rows: dict[str, tuple[set[str], set[str]]] = {}
    current = ""
    doc = newstrail.nlp.__doc__ or ""
    body = doc.split("=\n", 2)[2].split("\n==")[0]  # between the header rule and the last rule
    for line in body.splitlines():
        name, requires, assigns = line[:20].strip(), line[20:63], line[63:]
        if name:
            current = name
            rows[current] = (set(), set())
        rows[current][0].update(re.findall(r"[\w.]+", requires.replace("PARSE", " ".join(PARSE))))
        rows[current][1].update(re.findall(r"[\w.]+", assigns))
    return rows


def test_contracts_table_matches_declarations() -> None:
    table = _table()
    assert set(table) == {factory for _, factory in COMPONENTS}
    for module, factory in COMPONENTS:
        requires, assigns = table[factory]
        assert requires == set(_module(module).REQUIRES), factory
        assert assigns == set(_module(module).ASSIGNS), factory


@pytest.mark.model
def test_contracts_pipeline_satisfies_every_requirement(nlp) -> None:  # type: ignore[no-untyped-def]
    analysis = nlp.analyze_pipes()
    problems = {
        name: sorted(set(missing) - CALLER_INPUTS)
        for name, missing in analysis["problems"].items()
        if set(missing) - CALLER_INPUTS
    }
    assert problems == {}
    for _, factory in COMPONENTS:
        assert nlp.get_pipe_meta(factory).assigns


def test_contracts_record_kinds_depend_on_what_their_component_reads() -> None:
    """A kind's rows go stale when a component feeding its component changes: ``depends_on``
    (which ``extract --stale`` acts on) covers every component its component requires from,
    directly or through others."""
    from spacy.language import Language

    from newstrail.models import article_kinds

    factories = [factory for _, factory in COMPONENTS]
    for module, _ in COMPONENTS:
        _module(module)  # registers the factories
    assigned_by = {
        attr: factory
        for factory in factories
        for attr in Language.get_factory_meta(factory).assigns
    }

    def feeders(factory: str) -> set[str]:
        direct = {
            assigned_by[a] for a in Language.get_factory_meta(factory).requires if a in assigned_by
        }
        return direct.union(*(feeders(f) for f in direct)) if direct else set()

    checked = 0
    for kind in article_kinds():
        if kind.component in factories:
            assert feeders(kind.component) <= set(kind.depends_on), kind.name
            checked += 1
    assert checked >= 4
