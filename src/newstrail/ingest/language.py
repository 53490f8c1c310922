"""A cheap language guess from function words: enough to flag non-English articles."""

from __future__ import annotations

import re

# The most frequent function words of each language, kept short and distinctive.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "of",
            "and",
            "to",
            "in",
            "is",
            "that",
            "was",
            "for",
            "on",
            "with",
            "as",
            "by",
            "it",
            "he",
            "his",
            "at",
            "from",
            "are",
            "were",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "des",
            "et",
            "est",
            "une",
            "dans",
            "que",
            "pour",
            "qui",
            "sur",
            "pas",
            "au",
            "du",
            "avec",
            "sont",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "nicht",
            "mit",
            "den",
            "von",
            "zu",
            "ein",
            "eine",
            "auf",
            "dem",
            "sich",
            "des",
            "im",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "los",
            "las",
            "del",
            "y",
            "es",
            "una",
            "en",
            "que",
            "por",
            "con",
            "para",
            "se",
            "no",
            "como",
            "al",
            "su",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "di",
            "che",
            "è",
            "per",
            "una",
            "della",
            "non",
            "sono",
            "gli",
            "nel",
            "alla",
            "anche",
            "con",
            "più",
        ]
    ),
    "pt": frozenset(
        [
            "o",
            "os",
            "da",
            "do",
            "das",
            "dos",
            "e",
            "é",
            "um",
            "uma",
            "em",
            "que",
            "para",
            "com",
            "não",
            "por",
            "se",
        ]
    ),
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "van",
            "is",
            "dat",
            "niet",
            "op",
            "zijn",
            "met",
            "voor",
            "ook",
            "aan",
            "er",
        ]
    ),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def detect_language(text: str, sample_chars: int = 5000) -> str | None:
    """ISO 639-1 code of the best-matching language, or ``None`` when nothing fits well."""
    words = [w.lower() for w in _WORD.findall(text[:sample_chars])]
    if len(words) < 5:
        return None
    scores = {
        lang: sum(w in vocab for w in words) / len(words) for lang, vocab in FUNCTION_WORDS.items()
    }
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] >= 0.08 else None
