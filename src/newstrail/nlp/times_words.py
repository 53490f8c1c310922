"""The word tables of :mod:`newstrail.nlp.times`, read from the language layer (``lexicon/times.json``).

Every list is hand-written from TimeML/TIMEX3 conventions (ISO-TimeML guidelines) and general
English; nothing is copied from any corpus. This module only gives the JSON its Python types.
"""

from __future__ import annotations

from typing import Any

from newstrail.nlp.lexicon import lexicon

_T: dict[str, Any] = lexicon("times")


def _set(key: str) -> frozenset[str]:
    return frozenset(_T[key])


MONTHS: dict[str, int] = dict(_T["months"])
MONTH_ABBREVS: dict[str, int] = dict(_T["month_abbrevs"])
WEEKDAYS: dict[str, int] = dict(_T["weekdays"])
WEEKDAY_ABBREVS: dict[str, int] = dict(_T["weekday_abbrevs"])
SEASONS: dict[str, str] = dict(_T["seasons"])  # season word -> TIMEX3 code
SEASON_MONTHS: dict[str, tuple[int, int]] = {
    k: (v[0], v[1]) for k, v in _T["season_months"].items()
}
PARTS_OF_DAY: dict[str, str] = dict(_T["parts_of_day"])
NUMBER_WORDS: dict[str, int] = dict(_T["number_words"])
VAGUE_QUANTITIES: tuple[str, ...] = tuple(_T["vague_quantities"])  # "some number": value X
ORDINALS: dict[str, int] = dict(_T["ordinals"])
DECADE_WORDS: dict[str, int] = dict(_T["decade_words"])
# Duration units -> (TIMEX3 letter, is a clock unit (PT...), multiplier to that letter).
UNITS: dict[str, tuple[str, bool, int]] = {k: (v[0], v[1], v[2]) for k, v in _T["units"].items()}
UNIT_PLURALS: dict[str, str] = dict(_T["unit_plurals"])
QUANT_MODS: dict[str, str | None] = dict(_T["quant_mods"])  # TIMEX3 mod of a duration/point
POINT_MODS: dict[str, str] = dict(_T["point_mods"])
REF_WORDS: dict[str, str] = dict(_T["ref_words"])  # deictic word -> PRESENT/PAST/FUTURE_REF
SET_WORDS: dict[str, str] = dict(_T["set_words"])  # frequency adverb -> SET value
SET_ADJECTIVES_NOT_TIMES = _set("set_adjectives_not_times")
NOT_YEAR_BEFORE = _set("not_year_before")  # "Resolution 822", "Flight 1992"
NOT_YEAR_AFTER = _set("not_year_after")  # "1500 troops"
FUTURE_CUES = _set("future_cues")
PAST_CUES = _set("past_cues")
FUTURE_AUX = _set("future_aux")
NOT_NOUNS = _set("not_nouns")
DURATION_PREV = _set("duration_prev")
YEAR_OK_NAMES = _set("year_ok_names")
MAY_CONTEXT = _set("may_context")
CLOCK_PREV = _set("clock_prev")
PAST_AUX = _set("past_aux")
PAST_IRREGULAR = _set("past_irregular")
# Holiday -> (month, day), or the name of its rule ("thanksgiving": 4th Thursday of November).
HOLIDAYS: dict[str, tuple[int, int] | str] = {
    k: v if isinstance(v, str) else (v[0], v[1]) for k, v in _T["holidays"].items()
}
QUARTER_QUALIFIERS: tuple[str, ...] = tuple(_T["quarter_qualifiers"])
DURATION_DIRECTIONS: tuple[str, ...] = tuple(_T["duration_directions"])
TENS: tuple[str, ...] = tuple(_T["tens"])
ONES: tuple[str, ...] = tuple(_T["ones"])
TEENS: tuple[str, ...] = tuple(_T["teens"])
