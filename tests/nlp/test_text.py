"""Shared text helpers (no model): one trim for every span, word counts, distances."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from newstrail.nlp.text import (
    haversine_km,
    joined_fragments,
    trim_name_chars,
    trim_tokens,
    word_count,
)
from tests.nlp.handbuilt import vocab


def _doc(text: str) -> Doc:
    words = text.split()
    return Doc(vocab(), words=words)


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        # a closing mark stays when its partner is inside; an opening one when a mark follows
        ("“ We will win , ”", {}, "We will win"),
        ("he said , “ we will ” , and “ win ”", {}, "he said , “ we will ” , and “ win ”"),
        ("“ We will win ,", {}, "We will win"),
        ("— the plan was bad ;", {}, "the plan was bad"),
        # a closing bracket stays when its opening one is inside
        ("the Youth Forum ( ICYF ) ,", {}, "the Youth Forum ( ICYF )"),
        # names: articles, possessives and every punctuation mark go
        ("the Kalbajar district 's", {"articles": True, "possessive": True}, "Kalbajar district"),
        ("“ Bizim Yol ”", {"all_punctuation": True}, "Bizim Yol"),
        (". , ;", {}, ""),
    ],
)
def test_text_trim_tokens(text: str, options: dict[str, bool], expected: str) -> None:
    doc = _doc(text)
    start, end = trim_tokens(doc, 0, len(doc), **options)
    assert doc[start:end].text == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("the Sarsang Reservoir's", "Sarsang Reservoir"),
        ("Washington D.C.", "Washington D.C."),
        ("Baku,", "Baku"),
    ],
)
def test_text_trim_name_chars(name: str, expected: str) -> None:
    text = f"In {name} now"
    start, end = trim_name_chars(text, 3, 3 + len(name))
    assert text[start:end] == expected


def test_text_word_count_and_haversine() -> None:
    assert word_count("“We will win,” she said.") == 5
    assert word_count("— , .") == 0
    assert haversine_km(40.4093, 49.8671, 40.4093, 49.8671) == 0.0
    # Baku to Yerevan: about 460 km
    assert 440 < haversine_km(40.4093, 49.8671, 40.1792, 44.4991) < 480


@pytest.mark.parametrize(
    ("fragments", "joined"),
    [
        ([(0, 4)], "“A,”"),
        ([(0, 4), (14, 18)], "“A,” … “B.”"),  # the attribution between them is left out
        ([(14, 18), (0, 4)], "“A,” … “B.”"),  # in text order
        ([(0, 4), (2, 4)], "“A,”"),  # overlapping fragments are read once
        ([(14, 18), (19, 23)], "“B.”\n“C.”"),  # paragraphs of one quotation: gap kept
    ],
)
def test_text_joined_fragments_leave_out_what_lies_between(
    fragments: list[tuple[int, int]], joined: str
) -> None:
    text = "“A,” he said. “B.”\n“C.”"
    assert joined_fragments(text, fragments) == joined
