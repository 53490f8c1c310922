"""Scorers on tiny hand-made clusters with scores worked out by hand, and the CoNLL-U reader."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from newstrail.errors import EvaluationError
from newstrail.eval.coref import (
    _assignment,
    b_cubed,
    ceaf_e,
    load_documents,
    muc,
    read_conllu,
    score_documents,
)

GOLD = [{"a", "b", "c"}, {"d", "e"}]
PRED = [{"a", "b"}, {"c", "d"}, {"e"}]


@pytest.mark.parametrize(
    ("scorer", "p", "r"),
    [
        (muc, 1 / 2, 1 / 3),
        (b_cubed, 4 / 5, 8 / 15),
        (ceaf_e, (0.8 + 2 / 3) / 3, (0.8 + 2 / 3) / 2),
    ],
)
def test_coref_scorer_known_values(scorer, p: float, r: float) -> None:  # type: ignore[no-untyped-def]
    score = scorer(GOLD, PRED)
    assert score.p == pytest.approx(p)
    assert score.r == pytest.approx(r)
    assert score.f1 == pytest.approx(2 * p * r / (p + r))


@pytest.mark.parametrize("scorer", [muc, b_cubed, ceaf_e])
def test_coref_scorer_identity_and_disjoint(scorer) -> None:  # type: ignore[no-untyped-def]
    assert scorer(GOLD, GOLD).f1 == pytest.approx(1.0)
    assert scorer(GOLD, [{"x", "y"}]).f1 == 0.0
    assert scorer(GOLD, []).f1 == 0.0


def test_coref_score_documents_micro_average() -> None:
    result = score_documents([(GOLD, GOLD), (GOLD, PRED)])
    assert result["documents"] == 2
    # MUC micro: recall (3 + 1) / (3 + 3), precision (3 + 1) / (3 + 2)
    assert result["muc"]["r"] == pytest.approx(100 * 4 / 6, abs=0.01)
    assert result["muc"]["p"] == pytest.approx(100 * 4 / 5, abs=0.01)
    expected = (result["muc"]["f1"] + result["b3"]["f1"] + result["ceafe"]["f1"]) / 3
    assert result["conll_f1"] == pytest.approx(expected, abs=0.02)


def test_coref_assignment_matches_brute_force() -> None:
    rng = random.Random(3)
    for rows, cols in [(1, 1), (2, 3), (3, 2), (4, 4), (5, 3)]:
        weights = [[rng.random() for _ in range(cols)] for _ in range(rows)]
        best = 0.0
        if rows <= cols:
            for perm in itertools.permutations(range(cols), rows):
                best = max(best, sum(weights[i][j] for i, j in enumerate(perm)))
        else:
            for perm in itertools.permutations(range(rows), cols):
                best = max(best, sum(weights[i][j] for j, i in enumerate(perm)))
        assert _assignment(weights) == pytest.approx(best)


CONLLU = """# newdoc id = tiny_doc
# newpar
# sent_id = tiny-1
# text = Mara Lind came home.
1\tMara\tMara\tPROPN\tNNP\t_\t3\tnsubj\t_\tEntity=(1-person
2\tLind\tLind\tPROPN\tNNP\t_\t1\tflat\t_\tEntity=1)
3\tcame\tcome\tVERB\tVBD\t_\t0\troot\t_\t_
4\thome\thome\tADV\tRB\t_\t3\tadvmod\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

# sent_id = tiny-2
# text = She slept.
1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\tEntity=(1)
2\tslept\tsleep\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
"""


def test_coref_read_conllu_rebuilds_text_and_chains(tmp_path: Path) -> None:
    path = tmp_path / "tiny_doc.conllu"
    path.write_text(CONLLU, "utf-8")
    (doc,) = read_conllu(path)
    assert doc.name == "tiny_doc"
    assert doc.text == "Mara Lind came home. \nShe slept. "
    for tok, start, end in zip(doc.tokens, doc.starts, doc.ends, strict=True):
        assert doc.text[start:end] == tok
    assert doc.clusters() == {"1": [(0, 2), (5, 6)]}
    assert len(doc.sentences) == 2


def test_coref_read_conllu_bad_brackets(tmp_path: Path) -> None:
    path = tmp_path / "bad.conllu"
    path.write_text(CONLLU.replace("Entity=(1-person", "_"), "utf-8")
    (doc,) = read_conllu(path)
    with pytest.raises(EvaluationError, match="without opening"):
        doc.clusters()


def test_coref_load_documents_split(tmp_path: Path) -> None:
    (tmp_path / "tiny_doc.conllu").write_text(CONLLU, "utf-8")
    (tmp_path / "other.conllu").write_text(CONLLU.replace("tiny_doc", "other"), "utf-8")
    (tmp_path / "splits.md").write_text("## dev\n\n  * tiny_doc\n\n## train\n\n  * other\n")
    assert [d.name for d in load_documents(tmp_path, split="dev")] == ["tiny_doc"]
    assert [d.name for d in load_documents(tmp_path, split="train")] == ["other"]
    with pytest.raises(EvaluationError):
        load_documents(tmp_path / "missing")


@pytest.mark.model
def test_coref_cli_json(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from newstrail.cli.main import cli

    (tmp_path / "tiny_doc.conllu").write_text(CONLLU, "utf-8")
    result = CliRunner().invoke(cli, ["eval", "coref", "--conllu", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output.strip().splitlines()[-1])
    assert {"muc", "b3", "ceafe", "conll_f1", "documents", "seconds"} <= set(data)
    assert data["documents"] == 1
    # "Mara Lind ... She": the one gold chain is found
    assert data["muc"]["f1"] == 100.0
