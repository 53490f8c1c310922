"""The PolNeAR reader and the quote scorer on tiny hand-made brat files: known in, known out."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from newstrail.errors import EvaluationError
from newstrail.eval.brat import parse_ann, read_polnear
from newstrail.eval.quotes import (
    Counts,
    SpeakerGold,
    _same_name,
    new_counts,
    outermost,
    score_document,
    score_speakers,
    summarise,
)
from newstrail.models import Quote, Speaker, TextSpan

TEXT = "Headline.\n\nSmith said the plan failed. Jones, a banker, thinks it worked.\n"
#       0         1          2         3         4         5         6
#       0123456789012345678901234567890123456789012345678901234567890123456789
ANN = "\n".join(
    [
        "T1\tSource 11 16\tSmith",
        "T2\tCue 17 21\tsaid",
        "T3\tContent 22 37\tthe plan failed",
        "T4\tAttribution 17 21\tsaid",
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
        "T5\tSource 39 55\tJones, a banker,",
        "T6\tCue 56 62\tthinks",
        "T7\tContent 63 72\tit worked",
        "T8\tAttribution 56 62\tthinks",
        "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
        "T9\tDiscard 0 8\tHeadline",
        "#1\tAnnotatorNotes T1\ta note",
        "stray continuation line",
        "",
    ]
)


def _span(start: int, end: int) -> TextSpan:
    return TextSpan(TEXT[start:end], start, end)


def _quote(
    src: tuple[int, int] | None, cue: tuple[int, int], content: list[tuple[int, int]]
) -> Quote:
    frags = [_span(*c) for c in content]
    return Quote(
        text=TEXT[frags[0].start : frags[-1].end],
        start=frags[0].start,
        end=frags[-1].end,
        kind="indirect",
        cue=_span(*cue),
        speaker=Speaker(name=None, mention=_span(*src) if src else None),
        fragments=frags,
    )


@pytest.fixture(scope="module")
def tokenizer() -> spacy.language.Language:
    return spacy.blank("en")


def _write_folder(root: Path, anns: dict[str, str]) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "doc1.txt").write_text(TEXT, "utf-8")
    for annotator, content in anns.items():
        (root / "attributions" / f"doc1_{annotator}.ann").write_text(content, "utf-8")
    return root


def test_brat_parse_ann_events_roles_and_noise() -> None:
    attrs = parse_ann(ANN)
    assert len(attrs) == 2
    assert attrs[0].source == [(11, 16)] and attrs[0].cue == [(17, 21)]
    assert attrs[1].content == [(63, 72)]
    assert TEXT[11:16] == "Smith" and TEXT[39:55] == "Jones, a banker,"


def test_brat_parse_ann_discontinuous_and_content2() -> None:
    ann = "T1\tCue 17 21\tsaid\nT2\tContent 22 26;30 37\tthe failed\nT3\tContent 0 8\tHeadline\n"
    ann += "T4\tAttribution-no-source 17 21\tsaid\nE1\tAttribution-no-source:T4 Cue:T1 Content:T2 Content2:T3\n"
    (attr,) = parse_ann(ann)
    assert attr.source == []
    assert attr.content == [(0, 8), (22, 26), (30, 37)]


def test_brat_read_polnear_canonical_annotator(tmp_path: Path) -> None:
    folder = _write_folder(tmp_path / "dev", {"ef2d": ANN, "4b22": "T1\tCue 17 21\tsaid\n"})
    (doc,) = read_polnear(folder)
    assert doc.annotator == "4b22"  # lexicographically smallest id
    assert doc.attributions == []  # no E line in that file


def test_brat_read_polnear_layout_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="text/ and attributions/"):
        read_polnear(tmp_path)


def _score(tokenizer: spacy.language.Language, quotes: list[Quote]) -> dict:
    from newstrail.eval.brat import BratDocument

    counts = new_counts()
    gold = BratDocument("doc1", TEXT, parse_ann(ANN))
    score_document(counts, tokenizer(TEXT), gold, quotes)
    return summarise(counts, 1, 0.0)


def test_quotes_scorer_perfect_prediction(tokenizer: spacy.language.Language) -> None:
    quotes = [
        _quote((11, 16), (17, 21), [(22, 37)]),
        _quote((39, 55), (56, 62), [(63, 72)]),
    ]
    result = _score(tokenizer, quotes)
    for role in ("cue", "source", "content", "all"):
        assert result["citron"][role] == {"p": 100.0, "r": 100.0, "f1": 100.0}
        assert result["citron_overlap"][role]["f1"] == 100.0
    for role in ("cue", "source", "content"):
        assert result["per_role"][role]["f1"] == 100.0
    assert result["by_kind"]["indirect"]["per_role"]["cue"]["f1"] == 100.0
    assert result["by_kind"]["direct"]["gold_attributions"] == 0


def test_quotes_scorer_known_partial_scores(tokenizer: spacy.language.Language) -> None:
    # 1st: right cue/source, content one token short; 2nd: source without the trailing comma
    # (a comma is its own token); 3rd: a spurious attribution.
    quotes = [
        _quote((11, 16), (17, 21), [(22, 30)]),
        _quote((39, 54), (56, 62), [(63, 72)]),
        _quote((0, 8), (17, 21), [(11, 16)]),
    ]
    result = _score(tokenizer, quotes)
    # cue: predictions 1 and 3 both equal gold cue 1, prediction 2 gold cue 2 -> P 3/3, R 2/2
    assert result["citron"]["cue"] == {"p": 100.0, "r": 100.0, "f1": 100.0}
    # source: pred 1 right, pred 2 wrong extent, pred 3 wrong -> P 1/3, R 1/2
    assert result["citron"]["source"] == {"p": 33.33, "r": 50.0, "f1": 40.0}
    # content: only pred 2 right -> P 1/3, R 1/2
    assert result["citron"]["content"] == {"p": 33.33, "r": 50.0, "f1": 40.0}
    assert result["citron"]["all"] == {"p": 0.0, "r": 0.0, "f1": 0.0}
    # per role: cue spans {said, thinks} vs {said, thinks} (a set) -> 100
    assert result["per_role"]["cue"]["f1"] == 100.0
    # sources: pred {Smith, "Jones , a banker", Headline} vs gold {Smith, "Jones , a banker ,"}
    assert result["per_role"]["source"] == {"p": 33.33, "r": 50.0, "f1": 40.0}
    # overlap, source: Smith 1 + Jones 4 (+ headline 0) of predicted 1+4+1=6 and gold 1+5=6
    assert result["citron_overlap"]["source"] == {"p": 83.33, "r": 83.33, "f1": 83.33}


def test_quotes_scorer_drops_nested_and_filters(tokenizer: spacy.language.Language) -> None:
    outer = _quote((11, 16), (17, 21), [(22, 37)])
    inner = _quote(None, (17, 21), [(26, 30)])
    assert outermost([outer, inner]) == [outer]
    counts = Counts()
    counts.add_citron([], [])
    assert counts.result()["citron"]["cue"]["f1"] == 0.0


def test_quotes_speaker_accuracy() -> None:
    rows = [
        SpeakerGold("doc1", 11, 16, "Smith", "John Smith"),
        SpeakerGold("doc1", 39, 44, "Jones", "Ann Jones"),
        SpeakerGold("doc1", 0, 8, "Headline", ""),
    ]
    q1 = _quote((11, 16), (17, 21), [(22, 37)])
    q1.speaker.name = "Smith"  # surname of the gold name counts
    q2 = _quote((39, 55), (56, 62), [(63, 72)])
    q2.speaker.name = "Bob Jones"  # contradicting first name
    result = score_speakers(rows, {"doc1": [q1, q2]})
    assert result == {
        "mentions": 3,
        "extracted": 2,
        "accuracy": 33.33,
        "accuracy_extracted": 50.0,
        "named_precision": 50.0,
        "errors": {"not_extracted": 1, "unresolved": 0, "wrong_name": 1, "named_unsupported": 0},
        "by_kind": {"person": {"mentions": 3, "accuracy": 33.33}},
    }


@pytest.mark.parametrize(
    ("pred", "gold", "same"),
    [
        ("Clinton campaign", "Trump campaign;Clinton campaign", True),  # either alternative
        ("The Tax Foundation", "Tax Foundation", True),  # a leading "the" is no word of the name
        ("Donald Trump’s campaign", "Donald Trump's campaign", True),  # apostrophes folded
        ("Clinton supporters", "Trump supporters", False),
        (None, "", True),  # nobody named where the text names nobody
    ],
)
def test_quotes_speaker_name_alternatives(pred: str | None, gold: str, same: bool) -> None:
    assert _same_name(pred, gold) is same
