"""The pattern machinery of :mod:`newstrail.nlp.times`: regex building blocks made from the word
tables, the registry every pattern joins (:func:`_pattern`, in registration order), the matching
context and what a handler returns, and the context cues handlers share (tense, cue words).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc

from newstrail.models import TimeType
from newstrail.nlp import times_words as W

# --------------------------------------------------------------------------------------------
# Regex building blocks (from the word lists)


def _alt(words: object) -> str:
    items = sorted((str(w) for w in words), key=len, reverse=True)  # type: ignore[attr-defined]
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items) + ")"


MONTH_FULL = _alt(W.MONTHS)
MONTH_ABBR = "(?:" + _alt(W.MONTH_ABBREVS) + r"\.?)"
MONTH = f"(?:{MONTH_FULL}|{MONTH_ABBR})"
WEEKDAY = f"(?:{_alt(W.WEEKDAYS)}|{_alt(W.WEEKDAY_ABBREVS)}\\.)"
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d|\s?%|\.\d)"
YEAR = r"(?:1[5-9]\d\d|20\d\d)(?![\d%])"
SEASON = _alt(W.SEASONS)
PART = _alt(W.PARTS_OF_DAY)
UNIT_SG = _alt(W.UNITS)
UNIT_ANY = _alt(list(W.UNITS) + list(W.UNIT_PLURALS))
_NUM_SIMPLE = _alt(k for k in W.NUMBER_WORDS if k not in {"a", "an"})
NUMWORD = rf"(?:{_NUM_SIMPLE}(?:[- ]{_NUM_SIMPLE})?)"
NUMBER = rf"(?:\d+(?:[.,]\d+)?(?:\s+\d/\d)?|{NUMWORD}|an?)"
VAGUE = _alt(W.VAGUE_QUANTITIES)
QMOD = _alt(W.QUANT_MODS)
ORD = _alt(W.ORDINALS)
DAYWORD = rf"(?:today|yesterday|tomorrow|tonight|{WEEKDAY}(?:,?\s+{MONTH}\s+{DAYNUM})?|{MONTH}\s+{DAYNUM})"
TZ = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|local\s+time))?"
B = r"(?<![\w'])(?<![^\d\s]-)"  # start boundary (a year may follow "1992-")
E = r"(?![\w])"  # end boundary


@dataclass(slots=True)
class _Ctx:
    """One text being tagged: its anchor (the publication day) and parse, and what earlier
    matches leave for later ones (the day, quarter and year under discussion)."""

    text: str
    anchor: date | None
    doc: Doc | None
    ref: date | None = None  # the last fully resolved day, for "the next day", "that day"
    last_quarter: tuple[int, int] | None = None  # the quarter under discussion ...
    quarter_pos: int = -(10**9)  # ... and where it was last mentioned
    last_year: int | None = None


@dataclass(slots=True)
class _Hit:
    """What a handler found: the TIMEX3 ``type``, ``value`` and ``mod``, how much of the match
    to trim, and what only the component can place (the end of a range, an offset)."""

    type: TimeType
    value: str
    mod: str | None = None
    trim_left: int = 0  # characters to drop from the start of the match
    trim_right: int = 0
    until: date | None = None  # for a range of days ("21-22 March"): the last day
    # "two days after May 5": the duration's amount and unit, to place it once its anchor is known
    offset: tuple[int, str] | None = None


Handler = Callable[[re.Match[str], _Ctx], "_Hit | None"]
_PATTERNS: list[tuple[re.Pattern[str], Handler]] = []


def _pattern(regex: str, flags: int = re.I) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _PATTERNS.append((re.compile(B + regex + E, flags), fn))
        return fn

    return register


def _pick_year(ctx: _Ctx, m: re.Match[str], month: int, day: int | None = None) -> int:
    """Year of a month(/day) without one: the latest not after the anchor, unless the clause
    speaks of the future (then the next one not before it)."""
    assert ctx.anchor is not None
    a = ctx.anchor
    key = (month, day or 0)
    now = (a.month, a.day if day else 0)
    past = a.year if key <= now else a.year - 1
    future = a.year if key >= now else a.year + 1
    if past == future or _future(m, ctx):
        return future
    before = re.findall(r"[a-z']+", ctx.text[max(0, m.start() - 30) : m.start()].lower())[-3:]
    if any(w in W.PAST_CUES for w in before):
        return past
    months_back: float = (a.year - past) * 12 + a.month - month
    months_ahead: float = (future - a.year) * 12 + month - a.month
    if day is not None:
        months_back = ((a - date(past, month, min(day, 28))).days) / 30.4
        months_ahead = ((date(future, month, min(day, 28)) - a).days) / 30.4
    return future if 2 * months_ahead < months_back else past


def _tense_from_parse(m: re.Match[str], doc: Doc) -> bool | None:
    """Future (True) / past (False) from the verb governing the expression; None if unclear."""
    span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
    if span is None:
        return None
    tok = span.root
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    for verb in (tok, tok.head):
        for child in verb.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in W.FUTURE_AUX:
                return True
            if child.lower_ == "going" and any(c.lower_ == "to" for c in child.children):
                return True
        if verb.dep_ != "xcomp":
            break
    if tok.tag_ == "VBD" and not any(c.dep_ == "aux" for c in tok.children):
        return False
    return None


def _future(m: re.Match[str], ctx: _Ctx) -> bool:
    """Does the clause around the match speak of the future?

    With a parsed Doc the verb governing the expression decides when its tense is clear
    ("will meet on Friday", "met on Friday"); otherwise cue words in the clause do.
    """
    if ctx.doc is not None and ctx.doc.has_annotation("DEP"):
        tense = _tense_from_parse(m, ctx.doc)
        if tense is not None:
            return tense
    start = max(
        ctx.text.rfind(".", 0, m.start()),
        ctx.text.rfind("\n", 0, m.start()),
        ctx.text.rfind(";", 0, m.start()),
    )
    before = ctx.text[start + 1 : m.start()].lower()
    before = re.split(r"[,:;\"“”]|\bthat\b", before)[-1]
    after = ctx.text[m.end() : m.end() + 40].lower()
    words = re.findall(r"[a-z']+", before)[-7:]
    if any(w in W.FUTURE_CUES for w in words):
        return True
    if re.search(r"\b(?:is|are|was|were|planned) to\b|\bas (?:soon|early) as\s*$", before):
        return True
    return bool(re.match(r"\W*(?:will|'ll)\b", after))


def _mod_of(phrase: str | None, table: Mapping[str, str | None]) -> str | None:
    if not phrase:
        return None
    key = re.sub(r"[\s-]+", " ", phrase.lower()).strip()
    return table.get(key)


def _money(sentence: str) -> bool:
    return bool(re.search(r"[$#£]\s?\d|\ba share\b|\bcents\b|\bmillion\b|\bbillion\b", sentence))


def _prev_word(ctx: _Ctx, pos: int) -> str:
    m = re.search(r"([\w.'&-]+)\W*$", ctx.text[max(0, pos - 40) : pos])
    return m.group(1).lower() if m else ""


def _next_word(ctx: _Ctx, pos: int) -> str:
    m = re.match(r"\s*([\w'&-]+)", ctx.text[pos : pos + 40])
    return m.group(1).lower() if m else ""


QUARTER_MEMORY = 1500  # characters: how far a mentioned quarter stays "the quarter"


def _recent_quarter(ctx: _Ctx, pos: int) -> tuple[int, int] | None:
    if ctx.last_quarter is not None and pos - ctx.quarter_pos <= QUARTER_MEMORY:
        return ctx.last_quarter
    return None


def _set_quarter(ctx: _Ctx, pos: int, year: int, quarter: int) -> None:
    ctx.last_quarter = (year, quarter)
    ctx.quarter_pos = pos


def _day_set(ctx: _Ctx, d: date) -> None:
    ctx.ref = d
