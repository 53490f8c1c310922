"""The PLOVER scorer on hand-made records and predictions (no model)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newstrail.cli.main import cli
from newstrail.errors import EvaluationError
from newstrail.eval.events import gold_participants, gold_type, read_records, score
from newstrail.models import TextSpan
from newstrail.nlp.events import Event, EventPlace, Participant


def _record(event: str, text: str, source: list[str], target: list[str], **extra: object) -> dict:
    return {
        "event": event,
        "text": text,
        "source": [{"actorText": s} for s in source],
        "target": [{"actorText": t} for t in target] if target else "",
        **extra,
    }


def _event(type_: str, actors: list[str], recipients: list[str], mode: str | None = None) -> Event:
    ev = Event("", 0, 0, type_, mode, TextSpan("", 0, 0))
    ev.actors = [Participant(a, 0, 0) for a in actors]
    ev.recipients = [Participant(r, 0, 0) for r in recipients]
    return ev


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("DEMAND", "REQUEST"),
        ("DISAPPROVE", "ACCUSE"),
        ("INVESTIGATE", "ACCUSE"),
        ("FIGHT", "ASSAULT"),
    ],
)
def test_events_scorer_maps_old_categories(old: str, new: str) -> None:
    assert gold_type({"event": old, "text": "x"}) == new


def test_events_scorer_host_follows_the_visit_rule() -> None:
    record = _record("CONSULT", "A hosted B.", ["A"], ["B"], mode="host")
    assert gold_participants(record) == (["B"], ["A"], "visit")


def test_events_scorer_figures() -> None:
    records = [
        _record("AGREE", "s1", ["The United States", "Jordan"], []),
        _record("CONSULT", "s2", ["Taiwan's Vice Foreign Minister"], ["Russia"], mode="visit",
                eventLoc={"name": "Moscow"}),
        _record("FIGHT", "s3", ["Serb forces"], ["ethnic Albanians"]),
    ]  # fmt: skip
    visit = _event("CONSULT", ["Vice Foreign Minister"], ["Russia"], "visit")
    visit.places = [EventPlace("destination", "Moscow", 0, 6, "Moscow", 55.7, 37.6)]
    predicted = [_event("AGREE", ["United States", "Jordan"], []), visit, None]
    result = score(records, predicted)
    assert result["type"]["accuracy"] == pytest.approx(66.67)
    assert result["type"]["per_type"]["ASSAULT"]["r"] == 0.0
    assert result["type"]["macro_f1"] == pytest.approx(66.67)
    assert result["actors"]["exact"]["p"] == pytest.approx(66.67)  # 2 of 3 predicted exact
    assert result["actors"]["overlap"]["r"] == pytest.approx(75.0)  # 3 of 4 gold overlapped
    assert result["mode_accuracy"] == 100.0
    assert result["location_accuracy"] == 100.0
    assert set(result) >= {"type", "actors", "recipients", "mode_accuracy", "location_accuracy"}


def test_events_scorer_bad_input_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", "utf-8")
    with pytest.raises(EvaluationError, match="not a PLOVER record"):
        read_records(bad)
    result = CliRunner().invoke(cli, ["eval", "events", "--plover", str(bad)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "not a PLOVER record" in result.output
