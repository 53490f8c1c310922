"""Quality gate: coreference on OntoGUM dev (20 documents, ~10 s) stays above pinned floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrail.eval.coref import evaluate, format_table
from tests.conftest import loads_model

# Measured 2026-11-23 on OntoGUM dev (newstrail_coref 1.0.0, en_core_web_md 3.8.0):
# MUC 58.5, B3 44.0, CEAF-e 37.9, CoNLL 46.8. Floors sit a little below.
FLOORS = {"muc": 58.5, "b3": 44.0, "ceafe": 37.5, "conll_f1": 47.0}


@pytest.fixture(scope="module")
@loads_model
def dev_result(shared_dir: Path) -> dict:  # type: ignore[type-arg]
    folder = shared_dir / "data" / "nlp" / "gum" / "ontogum"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    return evaluate(folder)


@pytest.mark.model
@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_coref_quality_floor(dev_result: dict, metric: str) -> None:  # type: ignore[type-arg]
    value = dev_result[metric] if metric == "conll_f1" else dev_result[metric]["f1"]
    assert value >= FLOORS[metric], format_table(dev_result)


@pytest.mark.model
def test_coref_quality_json_keys(dev_result: dict) -> None:  # type: ignore[type-arg]
    assert dev_result["documents"] == 20
    for key in ("muc", "b3", "ceafe"):
        assert set(dev_result[key]) == {"p", "r", "f1"}
    assert {"conll_f1", "documents", "seconds"} <= set(dev_result)
