"""Quality gate: quote extraction on PolNeAR dev must not fall below pinned floors.

Floors sit a few points under what the component reached when they were pinned (see the
closing note of issue 4), so regressions fail CI while small shifts in the shared model or the
coreference component do not. The default suite scores the first 30 dev documents (about 15 s);
the full dev set runs with ``-m slow``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrail.eval.quotes import evaluate, format_table

# reached when pinned: subset (30 docs) per-role F1 cue 65.4 source 70.5 content 57.1, Citron
# all 42.9; full dev (84 docs) cue 66.3 source 71.8 content 58.5, Citron all 45.7. Raised (issue 16)
# at subset cue 65.4 source 71.4 content 57.2, Citron all 44.2; full cue 66.5 source 72.4 content
# 58.8, Citron all 47.1.
SUBSET_FLOORS = {"cue": 64.0, "source": 69.5, "content": 55.5}
SUBSET_ALL_FLOOR = 42.5
FULL_FLOORS = {"cue": 65.0, "source": 70.5, "content": 57.0}
FULL_ALL_FLOOR = 45.5
# speaker resolution on training/polnear_speakers_dev.tsv: subset 58.2, full dev 51.5 when first
# pinned; raised (issue 16) at subset 69.1 (named-speaker precision 91.6), full dev 68.2 (90.1).
# The annotation then grew from 324 pronoun/description sources to 519 with organisations and
# groups (issue 16), which are harder: on it subset 65.6 (named precision 95.5), full 67.2
# (95.2); on the original 324 mentions full dev rose 68.2 -> 68.8. The accuracy floors moved with
# the annotation (66.0 -> 64.0 / 65.5); the precision floors were raised (88.0 / 87.5 -> 94.0).
SUBSET_SPEAKER_FLOOR = 64.0
FULL_SPEAKER_FLOOR = 65.5
SUBSET_NAMED_PRECISION_FLOOR = 94.0
FULL_NAMED_PRECISION_FLOOR = 94.0
# by kind (all organisation and group mentions are in the subset): group 65.9, org 53.1
KIND_FLOORS = {"group": 60.0, "org": 50.0}


def _dev(shared_dir: Path) -> Path:
    path = shared_dir / "data" / "polnear" / "dev"
    if not path.is_dir():
        pytest.skip(f"{path} is absent")
    return path


def _check(
    result: dict,
    floors: dict[str, float],
    all_floor: float,
    speaker_floor: float,
    named_precision_floor: float,
) -> None:
    table = format_table(result)
    assert result["speakers"]["accuracy"] >= speaker_floor, table
    assert result["speakers"]["named_precision"] >= named_precision_floor, table
    for role, floor in floors.items():
        assert result["per_role"][role]["f1"] >= floor, f"{role} below {floor}\n{table}"
    assert result["citron"]["all"]["f1"] >= all_floor, table


@pytest.mark.model
def test_quotes_gate_dev_subset(shared_dir: Path) -> None:
    result = evaluate(_dev(shared_dir), limit=30)
    assert result["documents"] == 30
    _check(
        result, SUBSET_FLOORS, SUBSET_ALL_FLOOR, SUBSET_SPEAKER_FLOOR, SUBSET_NAMED_PRECISION_FLOOR
    )
    for kind, floor in KIND_FLOORS.items():
        assert result["speakers"]["by_kind"][kind]["accuracy"] >= floor, format_table(result)


@pytest.mark.slow
@pytest.mark.model
def test_quotes_gate_dev_full(shared_dir: Path) -> None:
    result = evaluate(_dev(shared_dir))
    assert result["documents"] == 84
    assert result["seconds"] < 600
    _check(result, FULL_FLOORS, FULL_ALL_FLOOR, FULL_SPEAKER_FLOOR, FULL_NAMED_PRECISION_FLOOR)
