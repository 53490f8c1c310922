"""A cheap language guess from function words: enough to flag non-English articles."""

from __future__ import annotations

import re

from newstrail.nlp.lexicon import lexicon

_RAW: dict[str, str] = lexicon("function_words")
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split()) for lang, words in _RAW.items() if not lang.startswith("_")
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


EXTRACTED_LANGUAGES = frozenset({"en"})  # the pipeline's components are English-only


def skips_extraction(language: str | None) -> bool:
    """Whether the English extractors leave an article alone: only when it is known to be in
    another language (an article whose language is unknown is extracted)."""
    return language is not None and language not in EXTRACTED_LANGUAGES
