"""Text helpers every component shares: trimming a span, counting words, distances.

One trim for every span a component cuts out of the parse (a name, a quotation's content, its
source): edge whitespace and punctuation go, a closing bracket stays when its opening one is
inside, and optionally a leading article and a trailing possessive go too; its character-level
twin trims names given by offsets alone (gold toponyms, gazetteer matches).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from spacy.tokens import Doc, Token

from newstrail.nlp.lexicon import words

__all__ = [
    "EARTH_KM",
    "FRAGMENT_GAP",
    "haversine_km",
    "joined_fragments",
    "trim_name_chars",
    "trim_tokens",
    "word_count",
]

EARTH_KM = 6371.0088  # mean Earth radius
_EDGE_PUNCTUATION = words("marks", "edge_punctuation")
_ARTICLES = words("names", "leading_articles")
_POSSESSIVES = words("names", "possessive_endings")
_OPENING_BRACKETS = "(["
_CLOSING_BRACKETS = ")]"
_WORD = re.compile(r"\w+")
# Stands for the words left out between two fragments of a discontinuous quotation.
FRAGMENT_GAP = " … "
QUOTE_PARTNER_WINDOW = 200  # tokens after a span searched for an opening mark's partner


def trim_tokens(
    doc: Doc,
    start: int,
    end: int,
    *,
    articles: bool = False,
    possessive: bool = False,
    all_punctuation: bool = False,
) -> tuple[int, int]:
    """The token range ``[start, end)`` without edge whitespace and punctuation.

    By default only sentence punctuation, dashes and brackets go (``edge_punctuation`` of
    ``lexicon/marks.json``), and a quotation mark only when it has no partner: a closing mark's
    partner is a mark inside the range, an opening mark's one a mark at or after the range's end
    (within :data:`QUOTE_PARTNER_WINDOW` tokens; the rule the quote extents were tuned with). ``all_punctuation`` removes every punctuation token (names).
    ``articles`` drops a leading "the"/"a"/"an", ``possessive`` a trailing "'s". A closing
    bracket stays when its opening one is inside. The result may be empty (``start == end``).
    """

    def edge(tok: Token, forward: bool) -> bool:
        if tok.is_space:
            return True
        if all_punctuation:
            return tok.is_punct
        if tok.is_quote:
            return not _has_partner(doc, start, end if forward else end - 1, forward)
        return tok.text in _EDGE_PUNCTUATION

    while start < end and (
        edge(doc[start], forward=True) or (articles and doc[start].lower_ in _ARTICLES)
    ):
        start += 1
    while end > start:
        last = doc[end - 1]
        if last.text in _CLOSING_BRACKETS and any(
            t.text in _OPENING_BRACKETS for t in doc[start : end - 1]
        ):
            break
        if not (edge(last, forward=False) or (possessive and last.lower_ in _POSSESSIVES)):
            break
        end -= 1
    return start, end


def trim_name_chars(
    text: str, start: int, end: int, leading: Iterable[str] = ("the",)
) -> tuple[int, int]:
    """The character range ``[start, end)`` of a name without a leading word of ``leading``, a
    trailing possessive, or trailing punctuation other than "." and ")" (character offsets, for
    spans that need not follow the tokens: gold toponyms, gazetteer matches)."""
    name = text[start:end]
    for word in leading:
        if name.startswith(word + " "):
            start += len(word) + 1
            name = name[len(word) + 1 :]
    for ending in sorted(_POSSESSIVES, key=len, reverse=True):
        if name.endswith(ending) and len(name) > len(ending) + 1:
            end -= len(ending)
            name = name[: -len(ending)]
            break
    while name and not name[-1].isalnum() and name[-1] not in ".)":
        end -= 1
        name = name[:-1]
    return start, end


def _has_partner(doc: Doc, start: int, at: int, forward: bool) -> bool:
    if forward:
        stop = min(len(doc), at + QUOTE_PARTNER_WINDOW)
        return any(doc[k].is_quote for k in range(max(at + 1, start), stop))
    return any(doc[k].is_quote for k in range(start, at))


def word_count(text: str) -> int:
    """How many words (runs of letters and digits) ``text`` holds."""
    return len(_WORD.findall(text))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def joined_fragments(text: str, fragments: Iterable[tuple[int, int]]) -> str:
    """The words of a discontinuous span, fragment by fragment: ``“A,” he said. “B.”`` gives
    ``“A,” … “B.”`` — a quote's text without its own attribution. A gap of whitespace only
    (paragraphs of one quotation) is kept as it is, so a contiguous span reads ``text[start:end]``.
    """
    parts: list[str] = []
    previous_end: int | None = None
    for start, end in sorted(fragments):
        if previous_end is not None:
            start = max(start, previous_end)  # overlapping fragments are read once
            gap = text[previous_end:start]
            parts.append(gap if not gap.strip() else FRAGMENT_GAP)
        if end > start:
            parts.append(text[start:end])
            previous_end = end
    return "".join(parts)
