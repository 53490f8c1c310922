"""The one quotation scanner (no model): spans for newstrail_quotes, the mask for newstrail_coref."""

from __future__ import annotations

import pytest

from newstrail.nlp.quotation import find_quote_spans, quote_mask

# ---------------------------------------------------------------------------------------------
# quotation spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “yes, we can” today.", ["“yes, we can”"]),
        ('He said "yes, we can" today.', ['"yes, we can"']),
        ("«Oui,» dit-il.", ["«Oui,»"]),
        ("‘Stay,’ she said.", ["‘Stay,’"]),
        ("Armenia’s army and the Jones’ house.", []),
        # mixed styles: opened with “, closed with a straight mark
        ('“We are here," the official said.', ['“We are here,"']),
        # multi-paragraph: opening mark on each paragraph, closing mark only at the end
        (
            '"First part.\n\n"Second part.\n\n"Third part," reads the post.',
            ['"First part.\n\n"Second part.\n\n"Third part,"'],
        ),
        # an unclosed quotation ends with its paragraph when the next does not reopen
        ('"Unclosed words here.\n\nPlain text.', ['"Unclosed words here.']),
    ],
)
def test_quotation_find_quote_spans_top_level(text: str, expected: list[str]) -> None:
    spans = [s for s in find_quote_spans(text) if s.depth == 0]
    assert [text[s.start : s.end] for s in spans] == expected


def test_quotation_find_quote_spans_nested() -> None:
    text = "“He told me ‘the truth may bend, but it will not break,’ and left.”"
    spans = find_quote_spans(text)
    nested = [text[s.start : s.end] for s in spans if s.depth == 1]
    assert nested == ["‘the truth may bend, but it will not break,’"]


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ('He said "we will win" and left.', '"we will win"'),
        ("He said “we will win” and left.", "“we will win”"),
        # a single-quoted phrase alone is a title or scare quote, not speech
        ("The ‘Eagle Eye’ ship sailed.", ""),
        # an unclosed quotation ends with its paragraph
        ('"Unclosed here.\nPlain text.', '"Unclosed here.'),
        # a quotation over two paragraphs stays one region
        ('"First part.\n"Second part," he said.', '"First part.\n"Second part,"'),
    ],
)
def test_quotation_quote_mask(text: str, inside: str) -> None:
    mask = quote_mask(text)
    assert len(mask) == len(text)
    assert "".join(ch for ch, m in zip(text, mask, strict=True) if m) == inside
