"""Long articles (issue 17): past spaCy's 1,000,000-character limit, processed in pieces."""

from __future__ import annotations

from typing import Any

import pytest

import newstrail.pipeline as pipeline
from newstrail.models import Article
from newstrail.pipeline import split_pieces

PARAGRAPH = (
    '"We will not accept this," said Maria Kowalska, a spokeswoman for the union in Gdansk. '
    "The minister, Jan Nowak, told reporters in Warsaw on 3 June 2022 that talks would resume.\n\n"
)


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("a b c d e f g h i j", 4),
        ("para one.\n\npara two.\n\npara three.", 12),
        ("x" * 25, 10),  # no boundary at all: hard cuts
        ("short", 100),
    ],
)
def test_pipeline_split_pieces_join_back_exactly(text: str, size: int) -> None:
    pieces = split_pieces(text, size)
    assert "".join(pieces) == text
    assert all(0 < len(piece) <= size for piece in pieces)


@pytest.mark.model
def test_pipeline_long_article_in_pieces_same_records_as_whole(
    extractor: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = Article(text=(PARAGRAPH * 12).strip(), published="2022-06-05")
    whole = extractor.extract(article)
    # Pieces of ~3 paragraphs, and a spaCy limit the whole text is over (as 5 MB is over 1 MB).
    monkeypatch.setattr(pipeline, "PIECE_CHARS", 3 * len(PARAGRAPH))
    monkeypatch.setattr(extractor.nlp, "max_length", 4 * len(PARAGRAPH))
    pieces = extractor.extract(article)
    for kind in ("quotes", "entities", "places", "times"):
        found = [(item.start, item.end, item.text) for item in getattr(pieces, kind)]
        assert found == [(item.start, item.end, item.text) for item in getattr(whole, kind)]
        for start, end, text in found:
            assert article.text[start:end] == text
    for quote in pieces.quotes:
        for span in [quote.cue, quote.speaker.mention, *quote.fragments]:
            if span is not None:
                assert article.text[span.start : span.end] == span.text
    assert extractor.run(article).text == article.text  # a Doc over the whole text, too
