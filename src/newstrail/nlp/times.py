"""newstrail_times: rule-based TIMEX3 tagger and normaliser (pure Python).

:func:`find_times` finds time expressions with hand-written patterns (leftmost-longest over all of
them) and normalises each to a TIMEX3 ``type``/``value``/``mod`` at the precision the text gives
("in 1993" → ``1993``, never a day), plus a half-open ISO-date interval for timelines.

* Relative expressions ("last year", "on Tuesday", "two weeks ago", "the third quarter") resolve
  against the *local date* of the anchor (the publication time, with its own UTC offset). With no
  anchor they stay unresolved in TIMEX3 style (``XXXX-XX-XX``, ``XXXX-WXX-2``, ``XXXX-Q3``): no
  date is ever invented.
* A bare weekday or month points back (news reports the past) unless the clause speaks of the
  future ("will meet on Friday", "is expected Tuesday", "by Jan. 14" when that is near); with a
  parsed spaCy ``Doc`` the tense of the governing verb decides first.
* Anaphoric expressions ("the next day", "that year", "a year earlier" in an earnings story,
  "the quarter") use the story's last resolved day/year/quarter.
* Extents follow TimeML as annotated in TimeBank/AQUAINT: modifiers included ("nearly a year",
  "early 2010"), possessive 's and articles of adjectival uses ("the third-quarter results")
  left out; "Friday night" is the day (DATE), as those corpora mostly annotate it.

The spaCy component ``newstrail_times`` reads ``doc._.published`` and writes ``doc._.times``.
Word lists live in :mod:`newstrail.nlp.times_patterns`; ``newstrail eval times`` scores it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc

import newstrail.nlp  # noqa: F401  (declares the Doc extensions)
from newstrail.errors import InputError
from newstrail.models import TimeExpr, TimeType
from newstrail.nlp import component_id, doc_text
from newstrail.nlp import times_patterns as W

NAME = "newstrail_times"
VERSION = "1.0.0"
COMPONENT = component_id(NAME, VERSION)

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
    text: str
    anchor: date | None
    doc: Doc | None
    ref: date | None = None  # the last fully resolved day, for "the next day", "that day"
    last_quarter: tuple[int, int] | None = None  # the quarter under discussion ...
    quarter_pos: int = -(10**9)  # ... and where it was last mentioned
    last_year: int | None = None


@dataclass(slots=True)
class _Hit:
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


# --------------------------------------------------------------------------------------------
# Value helpers


def _num(word: str) -> float | None:
    w = re.sub(r"\s+", " ", word.lower().strip()).replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", w):
        return float(w)
    m = re.fullmatch(r"(\d+) (\d)/(\d)", w)
    if m:
        return int(m.group(1)) + int(m.group(2)) / int(m.group(3))
    if w in W.NUMBER_WORDS:
        return float(W.NUMBER_WORDS[w])
    parts = re.split(r"[- ]", w)
    if all(p in W.NUMBER_WORDS for p in parts):
        vals = [W.NUMBER_WORDS[p] for p in parts]
        if len(vals) == 2 and vals[1] in (100, 1000):
            return float(vals[0] * vals[1])
        return float(sum(vals))
    return None


def _month_of(word: str) -> int:
    w = word.lower().rstrip(".")
    return W.MONTHS.get(w) or W.MONTH_ABBREVS[w]


def _weekday_of(word: str) -> int:
    w = word.lower().rstrip(".").removesuffix("'s")
    return W.WEEKDAYS.get(w) or W.WEEKDAY_ABBREVS[w]


def _unit_of(word: str) -> str:
    w = word.lower()
    return W.UNIT_PLURALS.get(w, w)


def _y(year: int) -> str:
    return f"{year:04d}"


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _ymd(d: date) -> str:
    return d.isoformat()


def _week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


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


def _unresolved(kind: str) -> str:
    return {
        "year": "XXXX",
        "month": "XXXX-XX",
        "week": "XXXX-WXX",
        "day": "XXXX-XX-XX",
        "quarter": "XXXX-QX",
    }[kind]


def _shift(anchor: date, unit: str, n: int) -> str:
    """The anchor moved by n units, at that unit's precision."""
    if unit in ("year",):
        return _y(anchor.year + n)
    if unit == "decade":
        return _y(anchor.year + 10 * n)
    if unit == "century":
        return _y(anchor.year + 100 * n)
    if unit == "month":
        return _ym(*_add_months(anchor.year, anchor.month, n))
    if unit == "quarter":
        y, m = _add_months(anchor.year, anchor.month, 3 * n)
        return f"{y:04d}-Q{(m - 1) // 3 + 1}"
    if unit in ("week", "weekend", "fortnight"):
        return _week(anchor + timedelta(weeks=n * (2 if unit == "fortnight" else 1)))
    if unit in ("day", "night"):
        return _ymd(anchor + timedelta(days=n))
    return _ymd(anchor)  # hours, minutes: the day


_VAGUE_LETTER = {"DE": "E", "CE": "C", "ML": "L"}  # "decades" → PXE, "centuries" → PXC


def _duration(n: float | None, unit: str) -> str:
    letter, clock, mult = W.UNITS[unit]
    prefix = "PT" if clock else "P"
    if n is None:
        return f"{prefix}X{_VAGUE_LETTER.get(letter, letter)}"
    if letter == "DE":
        letter, mult = "Y", 10
    elif letter == "CE":
        letter, mult = "Y", 100
    elif letter == "ML":
        letter, mult = "Y", 1000
    elif letter == "WE":
        letter, mult = "D", 2
    total = n * mult
    if total == int(total):
        return f"{prefix}{int(total)}{letter}"
    whole, frac = int(total), total - int(total)
    sub = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("M", 60)}
    if letter in sub:
        sub_letter, factor = sub[letter]
        if letter == "D":
            return f"P{whole}DT{round(frac * factor)}H" if whole else f"PT{round(frac * 24)}H"
        if letter == "H":
            return f"PT{whole}H{round(frac * factor)}M" if whole else f"PT{round(frac * 60)}M"
        return (
            f"P{whole}{letter}{round(frac * factor)}{sub_letter}"
            if whole
            else (f"P{round(frac * factor)}{sub_letter}")
        )
    return f"{prefix}{total:g}{letter}"


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


# --------------------------------------------------------------------------------------------
# Patterns. Each handler gets the match and the context and returns a _Hit or None (reject).
# Selection is leftmost-longest over all patterns.


@_pattern(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?")
def _iso(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    try:
        d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    _day_set(ctx, d)
    if m.group(4):
        return _Hit("TIME", f"{_ymd(d)}T{m.group(4)}:{m.group(5)}")
    return _Hit("DATE", _ymd(d))


@_pattern(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")
def _slash(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if y < 100:
        y += 1900 if y > 30 else 2000
    month, day = (a, b) if a <= 12 else (b, a)
    try:
        d = date(y, month, day)
    except ValueError:
        return None
    _day_set(ctx, d)
    return _Hit("DATE", _ymd(d))


def _month_ok(word: str) -> bool:
    return word[:1].isupper()


_CLOCK_TAIL = r"(?:,?\s+(?:at\s+)?(?P<hh>[01]?\d|2[0-3]):(?P<mm>[0-5]\d)(?![\d:]))?"


def _full_date(ctx: _Ctx, m: re.Match[str], month: int, day: int, year: int | None) -> _Hit | None:
    hh, mm = m.groupdict().get("hh"), m.groupdict().get("mm")
    clock = f"T{int(hh):02d}:{mm}" if hh else ""
    typ: TimeType = "TIME" if clock else "DATE"
    if year is None:
        if ctx.anchor is None:
            return _Hit(typ, f"XXXX-{month:02d}-{day:02d}{clock}")
        year = _pick_year(ctx, m, month, day)
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    _day_set(ctx, d)
    ctx.last_year = year
    return _Hit(typ, _ymd(d) + clock)


@_pattern(
    rf"(?:(?P<wd>{WEEKDAY})(?:'s)?,?\s+)?(?P<mon>{MONTH})\s+(?P<day>{DAYNUM})"
    rf"(?:(?:,\s*|\s+)(?P<year>{YEAR}))?" + _CLOCK_TAIL
)
def _month_day(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    if not _month_ok(m.group("mon")):
        return None
    day = int(re.sub(r"\D", "", m.group("day")))
    year = int(m.group("year")) if m.group("year") else None
    return _full_date(ctx, m, _month_of(m.group("mon")), day, year)


@_pattern(
    rf"(?P<d1>{DAYNUM})\s*(?:[-–]|to)\s*(?P<day>{DAYNUM})\s+(?P<mon>{MONTH})"
    rf"(?:(?:,\s*|\s+)(?P<year>{YEAR}))?"
    rf"|(?P<mon2>{MONTH})\s+(?P<d3>{DAYNUM})\s*(?:[-–]|to)\s*(?P<d4>{DAYNUM})"
    rf"(?:(?:,\s*|\s+)(?P<year2>{YEAR}))?"
)
def _day_range(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """ "21-22 March", "March 21-22, 2024": the first day, with the interval to the last."""
    mon = m.group("mon") or m.group("mon2")
    if not _month_ok(mon):
        return None
    first = int(re.sub(r"\D", "", m.group("d1") or m.group("d3")))
    last = int(re.sub(r"\D", "", m.group("day") or m.group("d4")))
    if last <= first:
        return None
    year_text = m.group("year") or m.group("year2")
    hit = _full_date(ctx, m, _month_of(mon), first, int(year_text) if year_text else None)
    if hit is None or not hit.value[:1].isdigit():
        return hit
    try:
        hit.until = date(int(hit.value[:4]), _month_of(mon), last)
    except ValueError:
        return None
    return hit


# "Friday, 3 June 2022", "the 3rd of June": the same groups as "June 3, 2022", day first
_pattern(
    rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<day>{DAYNUM})\s+(?:of\s+)?(?P<mon>{MONTH})"
    rf"(?:(?:,\s*|\s+)(?P<year>{YEAR}))?" + _CLOCK_TAIL
)(_month_day)


@_pattern(
    rf"(?:(?P<pm>early|late|mid|the\s+(?:beginning|start|middle|end)\s+of|"
    rf"(?P<rel>last|this|next|this\s+past|this\s+coming|the\s+previous|the\s+following))[-\s]+)?"
    rf"(?P<mon>{MONTH_FULL}|{MONTH_ABBR}(?=\s+(?:{YEAR}|of\b)))"
    rf"(?:,?\s+(?:of\s+)?(?P<year>{YEAR})|\s+(?P<yrel>this|last|next)\s+year)?"
)
def _month_alone(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    word = m.group("mon")
    if not _month_ok(word):
        return None
    month = _month_of(word)
    mod = _mod_of(m.group("pm"), W.POINT_MODS)
    bare = not (m.group("pm") or m.group("rel") or m.group("year"))
    if word.lower() == "may" and bare and _prev_word(ctx, m.start()) not in W.MAY_CONTEXT:
        return None
    if (
        word.lower() == "march"
        and bare
        and _next_word(ctx, m.end()) in {"on", "to", "through", "in", "for", "of", "against"}
        and _prev_word(ctx, m.start()) not in W.MAY_CONTEXT
    ):
        return None  # "the march to the capital", "the March for Life"
    if m.group("year"):
        year = int(m.group("year"))
    elif ctx.anchor is None:
        return _Hit("DATE", f"XXXX-{month:02d}", mod)
    elif m.group("yrel"):
        year = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[m.group("yrel").lower()]
    elif m.group("rel"):
        rel = m.group("rel").lower().split()[-1]
        if rel in ("last", "past", "previous"):
            year = ctx.anchor.year if month < ctx.anchor.month else ctx.anchor.year - 1
        elif rel in ("next", "coming", "following"):
            year = ctx.anchor.year if month > ctx.anchor.month else ctx.anchor.year + 1
        else:
            year = ctx.anchor.year
    else:
        year = _pick_year(ctx, m, month)
    ctx.last_year = year
    return _Hit("DATE", _ym(year, month), mod)


# Years, decades, centuries ------------------------------------------------------------------

_YEAR_PRE = (
    r"(?:(?P<pm>early|mid|late|the\s+(?:beginning|start|middle|end|close|rest|remainder)\s+of"
    r"|(?:the\s+)?(?:early|latter|first|last|second)\s+(?:part|half)\s+of)[-\s]+)?"
)


@_pattern(
    _YEAR_PRE + rf"(?:(?P<pp>post|pre)-)?"
    rf"(?:(?:the\s+)?(?P<season>{SEASON})\s+of\s+)?(?:(?P<fiscal>fiscal|calendar|FY)\s*)?"
    rf"(?P<year>{YEAR})(?:\s+(?P<after>or\s+later|and\s+beyond|or\s+earlier))?"
)
def _year(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    year = int(m.group("year"))
    if not (m.group("pm") or m.group("season") or m.group("fiscal") or m.group("pp")):
        prev = _prev_word(ctx, m.start())
        nxt = _next_word(ctx, m.end())
        before = ctx.text[max(0, m.start() - 2) : m.start()]
        after = ctx.text[m.end() : m.end() + 6]
        if prev in W.NOT_YEAR_BEFORE or nxt in W.NOT_YEAR_AFTER:
            return None
        if re.search(r"[$#€£]\s?$|\d[,.]$", before) or re.match(
            r"[,.]\d|\s?%|-(?!\d{2,4}\b)\d", after
        ):
            return None
        if year < 1800 and prev not in {"in", "since", "of", "by", "until", "from", "year"}:
            return None
        pm_ = re.search(
            r"(?<![.!?\n\"“])\s([A-Z][a-z]+)\s+$", ctx.text[max(0, m.start() - 30) : m.start()]
        )
        if pm_ and pm_.group(1).lower() not in W.YEAR_OK_NAMES:
            return None
    mod = _mod_of(m.group("pm"), W.POINT_MODS)
    pm = (m.group("pm") or "").lower()
    ctx.last_year = year
    if m.group("season"):
        return _Hit("DATE", f"{year:04d}-{W.SEASONS[m.group('season').lower()]}", mod)
    if "half" in pm:
        half = 1 if re.search(r"first|early", pm) else 2
        return _Hit("DATE", f"{year:04d}-H{half}")
    if "part" in pm:
        mod = "START" if "early" in pm else "END"
    if m.group("pp"):
        mod = "AFTER" if m.group("pp").lower() == "post" else "BEFORE"
    after = (m.group("after") or "").lower()
    if after:
        mod = "ON_OR_AFTER" if ("later" in after or "beyond" in after) else "ON_OR_BEFORE"
    return _Hit("DATE", _y(year), mod)


@_pattern(r"(?P<pre>(?:the\s+)?(?:(?:early|mid|late)[-\s]+)?)(?P<c>1[0-9]|20)(?P<d>\d)0'?s")
def _decade(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    pre = m.group("pre").lower()
    mod = "START" if "early" in pre else "MID" if "mid" in pre else "END" if "late" in pre else None
    return _Hit("DATE", f"{m.group('c')}{m.group('d')}", mod)


@_pattern(
    rf"(?P<pre>(?:the\s+)?(?:(?:early|mid|late)[-\s]+)?)(?:'(?P<d>\d)0s|"
    rf"(?P<w>{_alt(W.DECADE_WORDS)}))"
)
def _decade_short(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    pre = m.group("pre").lower()
    if m.group("w") and "the" not in pre:
        return None
    digit = int(m.group("d")) if m.group("d") else W.DECADE_WORDS[m.group("w").lower()]
    century = 19
    if ctx.anchor is not None:
        century = ctx.anchor.year // 100
        if digit * 10 > ctx.anchor.year % 100:
            century -= 1
    mod = "START" if "early" in pre else "MID" if "mid" in pre else "END" if "late" in pre else None
    return _Hit("DATE", f"{century}{digit}", mod)


@_pattern(r"(?:the\s+)?(?:(?P<pm>early|mid|late)[-\s]+)?(?P<n>\d{1,2})(?:st|nd|rd|th)[-\s]century")
def _century(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    mod = _mod_of(m.group("pm"), W.POINT_MODS)
    return _Hit("DATE", f"{int(m.group('n')) - 1:02d}", mod)


_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"


@_pattern(
    rf"(?:the\s+year\s+)?(?:(?P<c>nineteen|eighteen)[-\s]+(?P<r>{_TENS}(?:[-\s]+{_ONES})?|{_TEENS}"
    rf"|hundred)|two\s+thousand(?:\s+and)?(?:[-\s]+(?P<r2>{_ONES}|{_TEENS}))?)"
)
def _spelled_year(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    if m.group("c"):
        base = 1900 if m.group("c").lower() == "nineteen" else 1800
        rest = m.group("r").lower()
        n = 0 if rest == "hundred" else int(_num(rest.replace(" ", "-")) or 0)
        year = base + n
        if rest == "hundred" and not m.group(0).lower().startswith("the"):
            return None
    else:
        if not m.group(0).lower().startswith("the") and not m.group("r2"):
            return None
        year = 2000 + int(_num(m.group("r2")) or 0) if m.group("r2") else 2000
    ctx.last_year = year
    return _Hit("DATE", _y(year))


# Quarters and halves -------------------------------------------------------------------------

_QUALIFIERS = (
    r"(?:fiscal|latest|current|comparable|corresponding|same|year-ago|year-earlier|previous|prior"
    r"|preceding|recent|most\s+recent|just-ended|just\s+ended|flat|calendar|seasonally|weak|strong)"
)


@_pattern(
    rf"(?:(?P<det>the|its|their|this|that|last|next|this\s+year's|last\s+year's|next\s+year's"
    rf"|(?P<y1>{YEAR})'s)\s+)?(?:(?P<qual>(?:{_QUALIFIERS}|{YEAR})(?:[-\s]+{_QUALIFIERS})*)[-\s]+)?"
    rf"(?:(?P<ord>{ORD})[-\s]+)?(?:fiscal[-\s]+)?(?P<unit>quarter|half|period)"
    rf"(?:\s+(?:of\s+(?:fiscal\s+)?(?P<y2>{YEAR})|(?P<yrel>this|last|next)\s+year|"
    rf"(?P<ago>a\s+year\s+(?:ago|earlier))))?"
)
def _quarter(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    lq = _recent_quarter(ctx, m.start())
    det = (m.group("det") or "").lower()
    qual = (m.group("qual") or "").lower()
    ordinal = (m.group("ord") or "").lower()
    unit = m.group("unit").lower()
    if not (det or qual or ordinal):
        return None
    if unit == "half" and not ordinal:
        return None
    if ctx.text[m.end() : m.end() + 1] == "-" or re.search(r"\w-$", ctx.text[: m.start()]):
        return None
    after_of = re.match(r"\s+of\s+[$€£#\d]", ctx.text[m.end() : m.end() + 8])
    nxt = _next_word(ctx, m.end())
    if not m.group("y2") and nxt in {"of", "a", "an", "mile", "point"} and not after_of:
        return None  # "the first half of the match"
    year: int | None = None
    ymatch = re.search(r"(1[5-9]\d\d|20\d\d)", qual)
    if m.group("y1") or m.group("y2") or ymatch:
        year = int(m.group("y1") or m.group("y2") or (ymatch.group(1) if ymatch else 0))
    n = W.ORDINALS.get(ordinal)
    if n is not None and n > (4 if unit == "quarter" else 2):
        return None
    if unit == "period" and (ordinal or not (qual or m.group("y1"))):
        return None
    code = "H" if unit == "half" else "Q"
    ago = bool(m.group("ago")) or "year-ago" in qual or "year-earlier" in qual
    ago = ago or "last year's" in det or (m.group("yrel") or "").lower() == "last"
    if year is None and ctx.anchor is None:
        return _Hit("DATE", f"XXXX-{code}{n if n else 'X'}")
    if n is None and year is not None:
        if code == "H" or lq is None:
            return _Hit("DATE", _y(year)) if unit == "period" else None
        return _Hit("DATE", f"{year:04d}-Q{lq[1]}")
    ended = re.match(
        rf"\s+(?:ended|ending|that\s+ended|which\s+ended|through)\s+(?P<mon>{MONTH})\s+(?P<day>{DAYNUM})",
        ctx.text[m.end() : m.end() + 40],
        re.I,
    )
    if n is None and code == "Q" and ended and ctx.anchor is not None and _month_ok(ended.group(1)):
        month = _month_of(ended.group("mon"))
        day = int(re.sub(r"\D", "", ended.group("day")))
        y = _pick_year(ctx, m, month, day)
        if "ended" in ended.group(0).lower():
            a = ctx.anchor
            y = a.year if (month, day) <= (a.month, a.day) else a.year - 1
        # the quarter that holds most of the three months ending then
        q = (month - 2) % 12 // 3 + 1
        if month == 1:
            y -= 1
        if ago:
            y -= 1
        _set_quarter(ctx, m.start(), y, q)
        return _Hit("DATE", f"{y:04d}-Q{q}")
    if n is None:
        # "the quarter", "the latest quarter", "this quarter": the one being discussed.
        if code == "H":
            return None
        if unit == "period" and not (ago or "latest" in qual or det in ("the", "that")):
            return None
        if unit == "period" and lq is None:
            return None
        if det == "this" and lq is not None:
            y, q = lq
        elif det in ("this",) or "current" in qual:
            assert ctx.anchor is not None
            y, q = ctx.anchor.year, (ctx.anchor.month - 1) // 3 + 1
        elif det == "next":
            assert ctx.anchor is not None
            y, mo = _add_months(ctx.anchor.year, ctx.anchor.month, 3)
            q = (mo - 1) // 3 + 1
        elif lq is not None and not ago:
            y, q = lq
        else:
            assert ctx.anchor is not None
            y, mo = _add_months(ctx.anchor.year, ctx.anchor.month, -3)
            q = (mo - 1) // 3 + 1
            if ago and lq is not None:
                y, q = lq
        if ago:
            y -= 1
        return _Hit("DATE", f"{y:04d}-Q{q}")
    if year is None:
        assert ctx.anchor is not None
        current = (
            (ctx.anchor.month - 1) // 3 + 1 if code == "Q" else (ctx.anchor.month - 1) // 6 + 1
        )
        year = ctx.anchor.year if n <= current else ctx.anchor.year - 1
        if "this year's" in det or (m.group("yrel") or "").lower() == "this":
            year = ctx.anchor.year
        if "next year's" in det or (m.group("yrel") or "").lower() == "next":
            year = ctx.anchor.year + 1
        if det == "next":
            year = ctx.anchor.year if n > current else ctx.anchor.year + 1
        if ago and lq is not None and n == lq[1]:
            year = lq[0]
        if ago:
            year -= 1
    if code == "Q":
        _set_quarter(ctx, m.start(), year, n)
    return _Hit("DATE", f"{year:04d}-{code}{n}")


@_pattern(
    r"(?:the|its|their)\s+(?:fiscal\s+|full\s+|financial\s+)?year(?=\s+(?:ended|ending|to)\s)"
)
def _year_ended(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """ "the year ended March 31": a twelve-month period (its end date is tagged separately)."""
    return _Hit("DURATION", "P1Y")


@_pattern(r"(?:the\s+)?year-(?:ago|earlier)")
def _year_ago_adjective(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """A year before the period discussed: "year-earlier profit", "the year-ago results"."""
    if ctx.anchor is None:
        return _Hit("DATE", "XXXX")
    quarter = _recent_quarter(ctx, m.start())
    if quarter is not None:
        return _Hit("DATE", f"{quarter[0] - 1:04d}-Q{quarter[1]}")
    return _Hit("DATE", _y(ctx.anchor.year - 1))


# Relative: last/this/next + unit, weekday, season ----------------------------------------------

_REL = (
    r"(?P<rel>last|this|next|past|previous|coming|following|current|this\s+past|this\s+coming"
    r"|the\s+(?:past|previous|following|next|coming|current|same|very\s+same)|that|that\s+same)"
)
_PM = (
    r"(?:(?P<pm>early|late|earlier|later|mid|the\s+(?:beginning|start|middle|end|rest)\s+of"
    r"|(?:the\s+)?(?:first|second|last)\s+half\s+of|sometime|some\s+time)[-\s]+)?"
)


@_pattern(
    _PM + _REL + r"\s+(?P<unit>year|month|week|weekend|quarter|decade|century|day|night"
    r"|fiscal\s+year|school\s+year|season)(?P<poss>'s)?"
)
def _relative_unit(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    rel = m.group("rel").lower().split()[-1]
    unit = m.group("unit").lower().split()[-1]
    if unit == "season" or (m.group("unit")[:1].isupper() and m.group("rel")[:1].isupper()):
        return None
    mod = _mod_of(m.group("pm"), W.POINT_MODS)
    pm = (m.group("pm") or "").lower()
    if "sometime" in pm or "some time" in pm:
        mod = None
    if rel == "past" and unit in ("day", "night"):
        return None
    anaphoric = (
        rel in ("following", "previous", "same")
        or (rel == "next" and m.group("rel").lower().startswith("the"))
        or rel == "that"
    )
    base = ctx.ref if anaphoric and unit in ("day", "night") else ctx.anchor
    if anaphoric and unit == "year" and ctx.last_year is not None:
        year = ctx.last_year + {"following": 1, "next": 1, "previous": -1}.get(rel, 0)
        return _Hit("DATE", _y(year), mod)
    if unit in ("day", "night") and rel in ("this", "last", "current", "coming"):
        return None  # "this day" / "last day" are rarely deictic; "last night" is a part of day
    if base is None:
        kind = {"night": "day", "weekend": "week", "decade": "year", "century": "year"}.get(
            unit, unit
        )
        return _Hit("DATE", _unresolved(kind), mod)
    step = {
        "last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "same": 0, "that": 0,
        "next": 1, "coming": 1, "following": 1,
    }[rel]  # fmt: skip
    if unit == "decade":
        return _Hit("DATE", _y(base.year + 10 * step)[:3], mod)
    if unit == "century":
        return _Hit("DATE", f"{base.year // 100 + step:02d}", mod)
    if unit == "weekend":
        return _Hit("DATE", _week(base + timedelta(weeks=step)) + "-WE", mod)
    value = _shift(base, unit, step)
    if unit in ("day", "night"):
        _day_set(ctx, base + timedelta(days=step))
    if unit == "year":
        ctx.last_year = int(value[:4])
    if unit == "quarter":
        _set_quarter(ctx, m.start(), int(value[:4]), int(value[-1]))
    if "half" in pm:
        return _Hit("DATE", f"{value[:4]}-H{1 if 'first' in pm else 2}")
    return _Hit("DATE", value, mod)


@_pattern(
    rf"(?:(?P<pm>early|late|earlier|later|mid)[-\s]+)?(?:(?P<rel>last|this|next|past|previous|coming"
    rf"|following|this\s+past|this\s+coming|the\s+past|the\s+previous|the\s+following|the\s+next"
    rf"|the\s+coming|that|the)\s+)?(?P<s>{SEASON})"
    rf"(?:\s+of\s+(?P<year>{YEAR}|this\s+year|last\s+year|next\s+year))?"
)
def _season(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    code = W.SEASONS[m.group("s").lower()]
    rel = (m.group("rel") or "").lower().split()
    relw = rel[-1] if rel else ""
    mod = _mod_of(m.group("pm"), W.POINT_MODS)
    yearg = (m.group("year") or "").lower()
    if not relw and not yearg and not m.group("pm"):
        return None
    if relw == "the" and not yearg:
        if _prev_word(ctx, m.start()) not in {
            "in",
            "during",
            "by",
            "until",
            "since",
            "through",
            "over",
            "into",
            "before",
            "after",
            "this",
            "late",
            "early",
        }:
            return None
        if _next_word(ctx, m.end()) == "of":
            return None
    if yearg and yearg[0].isdigit():
        return _Hit("DATE", f"{yearg}-{code}", mod)
    if ctx.anchor is None:
        return _Hit("DATE", f"XXXX-{code}", mod)
    a = ctx.anchor
    start_month = W.SEASON_MONTHS[code][0]
    if yearg:
        year = a.year + {"this": 0, "last": -1, "next": 1}[yearg.split()[0]]
    elif relw in ("last", "past", "previous"):
        # the most recent season that has ended
        end_month = W.SEASON_MONTHS[code][1]
        year = a.year if (code != "WI" and a.month >= end_month) else a.year - 1
    elif relw in ("next", "coming", "following"):
        year = a.year if a.month < start_month else a.year + 1
    else:
        year = a.year
    return _Hit("DATE", f"{year:04d}-{code}", mod)


@_pattern(
    rf"(?:(?P<pm>early|late|earlier|later)\s+)?(?:(?P<rel>last|this|next|this\s+past|"
    rf"this\s+coming|the\s+previous|the\s+following|the\s+next|coming|past)\s+)?"
    rf"(?P<wd>{WEEKDAY})(?P<poss>'s)?(?:\s+(?P<part>{PART}))?"
)
def _weekday(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    word = m.group("wd")
    if not word[:1].isupper():
        return None
    wd = _weekday_of(word)
    mod = _mod_of(m.group("pm"), W.POINT_MODS)
    rel = (m.group("rel") or "").lower().split()
    relw = rel[-1] if rel else ""
    # "Friday night": TimeBank/AQUAINT annotate mostly the day (DATE), so the part of the day is
    # kept in the extent but not in the value.
    suffix = ""
    typ: TimeType = "DATE"
    if ctx.anchor is None:
        return _Hit(typ, f"XXXX-WXX-{wd}", mod)
    a = ctx.anchor
    if relw in ("previous", "following") or (relw == "next" and rel[0] == "the"):
        base = ctx.ref or a
        if relw == "previous":
            d = base - timedelta(days=(base.isoweekday() - wd - 1) % 7 + 1)
        else:
            d = base + timedelta(days=(wd - base.isoweekday() - 1) % 7 + 1)
    elif relw in ("last", "past"):
        d = a - timedelta(days=(a.isoweekday() - wd - 1) % 7 + 1)
    elif relw in ("next", "coming"):
        d = a + timedelta(days=(wd - a.isoweekday() - 1) % 7 + 1)
    elif relw == "this":
        d = a + timedelta(days=wd - a.isoweekday())
    elif _future(m, ctx):
        d = a + timedelta(days=(wd - a.isoweekday()) % 7)
    else:
        d = a - timedelta(days=(a.isoweekday() - wd) % 7)
    _day_set(ctx, d)
    return _Hit(typ, _ymd(d) + suffix, mod)


@_pattern(
    r"(?:(?P<pm>early|late|earlier|later|mid)[-\s]+)?(?P<w>today|yesterday|tomorrow|tonight"
    r"|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)"
    rf"(?:\s+(?P<part>{PART}))?"
)
def _day_word(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    w = re.sub(r"\s+", " ", m.group("w").lower())
    mod = _mod_of(m.group("pm"), W.POINT_MODS)
    offset = {
        "today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
        "the day before yesterday": -2, "the day after tomorrow": 2,
    }[w]  # fmt: skip
    part = (m.group("part") or "").lower()
    suffix = f"T{W.PARTS_OF_DAY[part]}" if part else ""
    typ: TimeType = "TIME" if suffix and w != "tonight" else "DATE"
    if ctx.anchor is None:
        return _Hit(typ, "XXXX-XX-XX" + suffix, mod)
    d = ctx.anchor + timedelta(days=offset)
    _day_set(ctx, d)
    return _Hit(typ, _ymd(d) + suffix, mod)


@_pattern(
    rf"(?:(?P<pm>early|late|earlier|later|mid)[-\s]+)?(?P<rel>this|last|the\s+next|the\s+following"
    rf"|that|the\s+previous|in\s+the|the|)\s*(?<![a-z])(?P<part>{PART})"
)
def _part_of_day(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    rel = m.group("rel").lower()
    part = m.group("part").lower()
    mod = _mod_of(m.group("pm"), W.POINT_MODS)
    if rel in ("in the", "the", "") and not m.group("pm"):
        return None
    if rel == "last" and part != "night":
        return None
    base = ctx.anchor
    if rel in ("the next", "the following", "that", "the previous", "the"):
        base = ctx.ref or ctx.anchor
    if base is None:
        return _Hit("TIME", f"XXXX-XX-XXT{W.PARTS_OF_DAY[part]}", mod)
    d = base + timedelta(
        days={"last": -1, "the next": 1, "the following": 1, "the previous": -1}.get(rel, 0)
    )
    _day_set(ctx, d)
    return _Hit("TIME", f"{_ymd(d)}T{W.PARTS_OF_DAY[part]}", mod)


@_pattern(
    rf"(?:(?P<pm>early|late|mid)[-\s]*)?(?P<part>morning|afternoon|evening|night)\s+(?P<day>{DAYWORD})"
)
def _part_then_day(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    day_word = m.group("day")
    if not (day_word[:1].isupper() or day_word.lower() in ("today", "yesterday", "tomorrow")):
        return None
    mod = _mod_of(m.group("pm"), W.POINT_MODS)
    code = W.PARTS_OF_DAY[m.group("part").lower()]
    d = _resolve_dayword(day_word, ctx, m) if ctx.anchor is not None else None
    return _Hit("TIME", f"{_ymd(d) if d else 'XXXX-XX-XX'}T{code}", mod)


@_pattern(
    r"(?:(?P<q>about|around|approximately|shortly\s+(?:before|after)|roughly)\s+)?"
    r"(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:])"
    r"(?P<tz>\s*(?:[ECMP][SD]T|GMT|UTC|local\s+time|hrs|hours|h)\b(?:\s*[+-]\d{1,2}(?::?\d\d)?)?"
    r"|\s*\((?:UTC|GMT)\s*[+-]\d{1,2}(?::?\d\d)?\))?"
)
def _clock24(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    prev = _prev_word(ctx, m.start())
    if not m.group("tz") and not m.group("q") and prev not in W.CLOCK_PREV:
        return None
    return _clock_value(m, ctx, int(m.group("h")), int(m.group("mi")))


@_pattern(rf"(?P<code>[QH])(?P<n>[1-4])(?:\s*|-|/)(?P<year>{YEAR}|'\d\d)?", flags=0)
def _quarter_code(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    n = int(m.group("n"))
    code = m.group("code")
    if code == "H" and n > 2:
        return None
    if m.group("year"):
        y = m.group("year")
        year = int(y) if not y.startswith("'") else 2000 + int(y[1:])
    elif ctx.anchor is not None:
        current = (ctx.anchor.month - 1) // (3 if code == "Q" else 6) + 1
        year = ctx.anchor.year if n <= current else ctx.anchor.year - 1
    else:
        return _Hit("DATE", f"XXXX-{code}{n}")
    if code == "Q":
        _set_quarter(ctx, m.start(), year, n)
    return _Hit("DATE", f"{year:04d}-{code}{n}")


@_pattern(
    r"(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?\s+(?:o'clock\s+)?in\s+the\s+"
    r"(?P<part>morning|afternoon|evening)"
)
def _clock_in_the(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """ "4 in the morning", "7 in the evening"."""
    h = int(m.group("h"))
    if m.group("part").lower() != "morning" and h < 12:
        h += 12
    return _clock_value(m, ctx, h, int(m.group("mi") or 0))


_TIME_HEAD = (
    r"(?:(?P<q>about|around|approximately|at\s+about|shortly\s+(?:before|after)|just\s+(?:before|"
    r"after)|roughly)\s+)?"
)


@_pattern(
    _TIME_HEAD + r"(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>a\.m\.?|p\.m\.?|am|pm"
    r"|o'clock)" + TZ + rf"(?:,?\s+(?:on\s+)?(?P<day>{DAYWORD}))?"
)
def _clock(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    h = int(m.group("h"))
    mi = int(m.group("mi") or 0)
    ap = m.group("ap").lower()
    if ap.startswith("p") and h < 12:
        h += 12
    if ap.startswith("a") and h == 12:
        h = 0
    if h > 23:
        return None
    return _clock_value(m, ctx, h, mi)


def _clock_value(m: re.Match[str], ctx: _Ctx, h: int, mi: int) -> _Hit | None:
    q = (m.groupdict().get("q") or "").lower()
    mod = None
    if q:
        approx = q in ("about", "around", "approximately", "roughly", "at about")
        mod = "APPROX" if approx else "BEFORE" if "before" in q else "AFTER"
    day_word = (m.groupdict().get("day") or "").lower()
    d: date | None = None
    if ctx.anchor is not None:
        d = ctx.anchor
        if day_word:
            d = _resolve_dayword(day_word, ctx, m) or d
        elif ctx.ref is not None:
            d = ctx.ref
    day = _ymd(d) if d is not None else "XXXX-XX-XX"
    return _Hit("TIME", f"{day}T{h:02d}:{mi:02d}", mod)


def _resolve_dayword(word: str, ctx: _Ctx, m: re.Match[str]) -> date | None:
    assert ctx.anchor is not None
    w = word.lower()
    offsets = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
    if w in offsets:
        return ctx.anchor + timedelta(days=offsets[w])
    dm = re.match(rf"(?:({WEEKDAY}),?\s*)?(?:({MONTH})\s+({DAYNUM}))?", word, re.I)
    if dm is None or not (dm.group(1) or dm.group(2)):
        return None
    if dm.group(2):
        month = _month_of(dm.group(2))
        day = int(re.sub(r"\D", "", dm.group(3)))
        try:
            return date(_pick_year(ctx, m, month, day), month, day)
        except ValueError:
            return None
    wd = _weekday_of(dm.group(1))
    a = ctx.anchor
    if _future(m, ctx):
        return a + timedelta(days=(wd - a.isoweekday()) % 7)
    return a - timedelta(days=(a.isoweekday() - wd) % 7)


@_pattern(_TIME_HEAD + rf"(?P<w>noon|midnight|midday)(?:,?\s+(?:on\s+)?(?P<day>{DAYWORD}))?")
def _noon(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    w = m.group("w").lower()
    if _prev_word(ctx, m.start()) == "high":
        return None  # "high noon"
    return _clock_value(m, ctx, 24 if w == "midnight" else 12, 0)


@_pattern(rf"(?P<day>{DAYWORD})\s+(?:at\s+)?(?P<w>noon|midnight)")
def _day_noon(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    if not (m.group("day")[:1].isupper() or m.group("day")[:1] in "tTyY"):
        return None
    return _clock_value(m, ctx, 24 if m.group("w").lower() == "midnight" else 12, 0)


@_pattern(r"(?P<the>the|this|last|next|this\s+past|this\s+coming)\s+weekend")
def _weekend(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    rel = m.group("the").lower().split()[-1]
    if ctx.anchor is None:
        return _Hit("DATE", "XXXX-WXX-WE")
    a = ctx.anchor
    if rel == "the":
        future = _future(m, ctx)
        step = 0 if a.isoweekday() >= 6 or future else -1
    else:
        step = {"last": -1, "past": -1, "next": 1, "coming": 1, "this": 0}[rel]
        if rel == "this" and a.isoweekday() < 6 and not _future(m, ctx):
            step = -1 if a.isoweekday() <= 2 else 0
    return _Hit("DATE", _week(a + timedelta(weeks=step)) + "-WE")


# Durations, "ago", sets ----------------------------------------------------------------------

_DUR_PRE = (
    rf"(?:(?P<qm>{QMOD})\s+(?!the\b))?(?P<the>(?:the|its|their|his|her)\s+)?"
    r"(?:(?P<dir>past|last|next|first|coming|previous|final|following|remaining|latest|"
    r"initial|ensuing|subsequent|entire|whole|full|additional|same)\s+)?"
)
_DUR_NUM = (
    rf"(?P<num>{VAGUE}|{NUMBER}(?:\s+(?:and\s+a\s+half|or\s+(?:so|more|two|three)"
    rf"|to\s+{NUMBER}))?|{NUMBER})"
)


@_pattern(
    _DUR_PRE + _DUR_NUM + rf"[-\s]+(?:more[-\s]+|additional[-\s]+|full[-\s]+|long[-\s]+"
    rf"|trading[-\s]+|business[-\s]+|working[-\s]+|calendar[-\s]+)?(?P<unit>{UNIT_ANY})"
    r"(?P<and_half>\s+and\s+a\s+half)?(?P<orso>\s+or\s+so)?"
    r"(?P<tail>[-\s]+(?:ago|earlier|later|before|after|from\s+now|hence|old|long|running))?"
)
def _duration_expr(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    num_text = re.sub(r"\s+", " ", m.group("num").lower())
    unit = _unit_of(m.group("unit"))
    tail = re.sub(r"\s+", " ", (m.group("tail") or "").lower().lstrip("- "))
    qm = _mod_of(m.group("qm"), W.QUANT_MODS)
    the = (m.group("the") or "").lower().strip()
    direction = (m.group("dir") or "").lower()
    if unit == "night" and not tail:
        return None
    if unit == "second" and num_text in ("a", "an"):
        return None  # "a second" is usually an ordinal
    if unit == "quarter" and ("-" in m.group(0) or _next_word(ctx, m.end()) == "of"):
        return None  # "three-quarters", "a quarter of the votes": fractions
    vague = num_text in W.VAGUE_QUANTITIES or num_text.split()[0] in ("few", "several", "many")
    n: float | None = None
    if not vague:
        first = re.split(r" (?:or|to|and) ", num_text)[0]
        n = _num(first)
        if n is None:
            return None
        if re.search(r" or (so|more)$", num_text):
            qm = qm or "APPROX"
        if re.search(r" (or|to) (?!so|more)", num_text):
            qm = qm or "APPROX"
        if "and a half" in num_text or m.group("and_half"):
            n += 0.5
        if n > 10000:
            return None
    if m.group("orso"):
        qm = "APPROX"
    if the == "a" and (direction or num_text not in ("a", "an")):
        return None
    if num_text in ("a", "an") and the:
        return None
    prev = _prev_word(ctx, m.start())
    # "twice a year", "$5 a day": frequencies, not durations
    if num_text in ("a", "an") and not tail and not m.group("qm") and not direction:
        if prev in ("once", "twice", "thrice", "times", "per") or re.search(
            r"\d\s*$|\$[\d.,]+\s*(?:million|billion)?\s*$",
            ctx.text[max(0, m.start() - 20) : m.start()],
        ):
            if prev in ("once", "twice", "thrice", "times", "per"):
                return _Hit("SET", _duration(1, unit))
            return None
        if prev.isalpha() and prev not in W.DURATION_PREV:
            return None  # "four flights a week": a rate
    if num_text in ("a", "an") and unit == "day" and prev in ("one",):
        return None
    if tail in ("ago", "earlier", "before", "later", "after", "from now", "hence"):
        # A point: the anchor (or the reference time) moved back/forward.
        if tail in ("before", "after"):
            offset = (int(n), unit) if n is not None and n == int(n) else None
            return _Hit(
                "DURATION", _duration(n, unit), qm, trim_right=len(m.group("tail")), offset=offset
            )
        if vague or n is None:
            return _Hit("DATE", "PAST_REF" if tail in ("ago", "earlier") else "FUTURE_REF", qm)
        sign = -1 if tail in ("ago", "earlier") else 1
        base = ctx.anchor
        if tail in ("earlier", "later") and ctx.ref is not None and unit in ("day", "week"):
            base = ctx.ref
        if base is None:
            kind = {"decade": "year", "century": "year", "hour": "day", "minute": "day"}.get(
                unit, unit
            )
            return _Hit(
                "DATE",
                _unresolved(kind)
                if kind in ("year", "month", "week", "day", "quarter")
                else "XXXX",
                qm,
            )
        if unit in ("year", "decade", "century") and tail in ("earlier", "ago"):
            sent_start = max(ctx.text.rfind(".", 0, m.start()), ctx.text.rfind("\n", 0, m.start()))
            sentence = ctx.text[sent_start + 1 : m.end() + 80].lower()
            if (
                n == 1
                and unit == "year"
                and _recent_quarter(ctx, m.start())
                and ("quarter" in sentence or "period" in sentence or _money(sentence))
            ):
                y, q = _recent_quarter(ctx, m.start()) or (0, 0)
                return _Hit("DATE", f"{y - 1:04d}-Q{q}", qm)
        if n != int(n):
            return _Hit(
                "DATE",
                _shift(base, "month", sign * round(n * 12))
                if unit == "year"
                else _shift(base, unit, sign * round(n)),
                qm,
            )
        value = _shift(base, unit, sign * int(n))
        if unit in ("day",):
            _day_set(ctx, base + timedelta(days=sign * int(n)))
        return _Hit("DATE", value, qm)
    if tail in ("long", "running") and num_text in ("a", "an"):
        return None  # "a decades-long battle": the adjective, not "a decade"
    if tail in ("old",):
        return None  # an age ("52 years old") is not a time expression in TimeML
    if unit == "weekend" and n is not None and n == 1:
        return None
    if num_text in ("a", "an") and not qm and unit in ("minute", "second", "hour"):
        if prev in ("for", "in", "within", "about", "than", "after", "over", "nearly"):
            return _Hit("DURATION", _duration(1, unit))
        return None
    return _Hit("DURATION", _duration(n, unit), qm)


@_pattern(r"(?P<unit>day|week|month|year|decade|century)(?P<pl>s)?-long")
def _long(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """ "a day-long meeting" (P1D), "decades-long" (some decades)."""
    unit = m.group("unit").lower()
    return _Hit("DURATION", _duration(None if m.group("pl") else 1, unit))


@_pattern(rf"(?P<num>{NUMBER})-(?P<unit>{UNIT_SG})(?P<old>-(?:long|old))?")
def _hyphen_duration(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    if (m.group("old") or "").lower() == "-old":
        return None
    n = _num(m.group("num"))
    if n is None or m.group("num").lower() in ("a", "an"):
        return None
    unit = _unit_of(m.group("unit"))
    return _Hit("DURATION", _duration(n, unit))


@_pattern(r"(?P<unit>years|months|weeks|decades|days|hours|centuries|minutes)")
def _bare_plural(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    prev = _prev_word(ctx, m.start())
    nxt = _next_word(ctx, m.end())
    if prev not in {"for", "within", "over", "took", "take", "takes", "lasted", "last"} and not (
        prev == "in" and nxt in {"", "and", "of", "to", "before"}
    ):
        return None
    if nxt in ("of",) and prev != "for":
        return None
    if nxt == "ago":
        return None
    return _Hit("DURATION", _duration(None, _unit_of(m.group("unit"))))


@_pattern(
    r"(?:(?:the|these)\s+)?(?:recent|coming|last\s+few|past\s+few|next\s+few|few)\s+"
    r"(?P<unit>years|months|weeks|days|decades|quarters|hours|minutes)"
    r"|the\s+(?P<unit2>years|months|weeks|days)\s+(?:ahead|to\s+come)"
)
def _vague_period(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    if re.fullmatch(r"(?:in\s+)?recent\s+years", m.group(0), re.I):
        return None  # "recent years" is PAST_REF (see the reference words)
    unit = _unit_of(m.group("unit") or m.group("unit2"))
    return _Hit("DURATION", _duration(None, unit))


@_pattern(
    rf"(?:every|each)\s+(?:(?P<num>{NUMBER}|other)\s+)?(?P<what>{UNIT_ANY}|{WEEKDAY}|"
    rf"{MONTH_FULL}|{PART}|{SEASON})"
)
def _every(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    what = m.group("what").lower()
    num = (m.group("num") or "").lower()
    n = 2.0 if num == "other" else (_num(num) if num else 1.0)
    if n is None:
        return None
    if what in W.WEEKDAYS:
        return _Hit("SET", f"XXXX-WXX-{W.WEEKDAYS[what]}")
    if what in W.MONTHS:
        return _Hit("SET", f"XXXX-{W.MONTHS[what]:02d}")
    if what in W.PARTS_OF_DAY:
        return _Hit("SET", f"TXX{W.PARTS_OF_DAY[what]}".replace("TXX", "T"))
    if what in W.SEASONS:
        return _Hit("SET", f"XXXX-{W.SEASONS[what]}")
    unit = _unit_of(what)
    if unit not in W.UNITS:
        return None
    return _Hit("SET", _duration(n, unit))


@_pattern(_alt(W.SET_WORDS))
def _set_word(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    nxt = _next_word(ctx, m.end())
    word = m.group(0).lower()
    if word in W.SET_ADJECTIVES_NOT_TIMES and nxt and nxt.isalpha() and nxt not in W.NOT_NOUNS:
        return None  # "quarterly dividend", "daily volume": an adjective, not a frequency
    return _Hit("SET", W.SET_WORDS[m.group(0).lower()])


# Deictic references and holidays -------------------------------------------------------------


@_pattern(_alt(W.REF_WORDS))
def _ref(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    key = re.sub(r"\s+", " ", m.group(0).lower())
    if key == "now" and _prev_word(ctx, m.start()) in ("until", "till", "from", "by", "as", "of"):
        return _Hit("DATE", "PRESENT_REF")
    if key == "now" and _next_word(ctx, m.end()) in ("that",):
        return None
    if key == "soon" and (
        _prev_word(ctx, m.start()) in ("as", "how", "too")
        or _next_word(ctx, m.end()) in ("after", "afterwards", "afterward", "thereafter", "as")
    ):
        return None  # "as soon as", "soon after the attack": not a reference to the future
    if key == "soon" and (
        _prev_word(ctx, m.start()) in W.PAST_AUX
        or re.fullmatch(r"[a-z]+ed", _next_word(ctx, m.end()))
        or _next_word(ctx, m.end()) in W.PAST_IRREGULAR
    ):
        return None  # "he was soon released", "it soon became": narrative, not the future
    if key == "the past" and re.match(
        rf"\s+(?:{NUMBER}|{VAGUE}|{UNIT_ANY})\b", ctx.text[m.end() :], re.I
    ):
        return None
    return _Hit("DATE", W.REF_WORDS[key])


_HOLIDAYS: dict[str, tuple[int, int] | str] = {
    "christmas day": (12, 25), "christmas eve": (12, 24), "christmas": (12, 25),
    "new year's day": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31),
    "independence day": (7, 4), "valentine's day": (2, 14), "thanksgiving day": "thanksgiving",
    "thanksgiving": "thanksgiving", "election day": "election", "memorial day": "memorial",
    "labor day": "labor",
}  # fmt: skip


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def _holiday_date(name: str, year: int) -> date:
    spec = _HOLIDAYS[name]
    if isinstance(spec, tuple):
        return date(year, *spec)
    if spec == "thanksgiving":
        return _nth_weekday(year, 11, 4, 4)
    if spec == "election":
        return _nth_weekday(year, 11, 1, 1) + timedelta(days=1)
    if spec == "memorial":
        return _nth_weekday(year, 5, 1, -1)
    return _nth_weekday(year, 9, 1, 1)


@_pattern(
    rf"(?:(?P<rel>last|this|next|this\s+past)\s+)?(?P<h>{_alt(_HOLIDAYS)})"
    rf"(?:,?\s+(?P<year>{YEAR}))?"
)
def _holiday(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    name = re.sub(r"\s+", " ", m.group("h").lower())
    if not m.group("h")[:1].isupper():
        return None
    if m.group("year"):
        year = int(m.group("year"))
    elif ctx.anchor is None:
        spec = _HOLIDAYS[name]
        fixed = f"XXXX-{spec[0]:02d}-{spec[1]:02d}" if isinstance(spec, tuple) else "XXXX-XX-XX"
        return _Hit("DATE", fixed)
    else:
        rel = (m.group("rel") or "").lower().split()
        relw = rel[-1] if rel else ""
        year = ctx.anchor.year
        d = _holiday_date(name, year)
        if relw in ("last", "past") and d >= ctx.anchor:
            year -= 1
        elif relw == "next" and d <= ctx.anchor:
            year += 1
        elif not relw:
            cands = [
                (abs((_holiday_date(name, y) - ctx.anchor).days), y)
                for y in (year - 1, year, year + 1)
            ]
            year = min(cands)[1]
    d = _holiday_date(name, year)
    _day_set(ctx, d)
    return _Hit("DATE", _ymd(d))


@_pattern(
    r"(?:(?P<pre>around|by|at|the)\s+)?(?P<w>year[-\s]end|year's\s+end|month[-\s]end"
    r"|the\s+end\s+of\s+the\s+(?:year|month))"
)
def _period_end(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    w = m.group("w").lower()
    pre = (m.group("pre") or "").lower()
    extent_trim = len(m.group(0)) - len(m.group("w")) if pre in ("by", "at") else 0
    mod = "APPROX" if pre == "around" else "END"
    if ctx.anchor is None:
        return _Hit("DATE", "XXXX-XX" if "month" in w else "XXXX", mod, trim_left=extent_trim)
    if "month" in w:
        return _Hit("DATE", _ym(ctx.anchor.year, ctx.anchor.month), mod, trim_left=extent_trim)
    return _Hit("DATE", _y(ctx.anchor.year), mod, trim_left=extent_trim)


@_pattern(
    r"(?P<w>earlier|later)\s+(?P<rel>this|that|last|next|in\s+the)\s+(?P<unit>year|month|week"
    r"|day|decade)"
)
def _earlier_this(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    mod = "START" if m.group("w").lower() == "earlier" else "END"
    rel = m.group("rel").lower()
    unit = m.group("unit").lower()
    step = {"this": 0, "that": 0, "last": -1, "next": 1, "in the": 0}[rel]
    base = ctx.ref if rel in ("that",) and unit == "day" else ctx.anchor
    if rel == "that" and unit == "year" and ctx.last_year is not None:
        return _Hit("DATE", _y(ctx.last_year), mod)
    if base is None:
        return _Hit("DATE", _unresolved({"decade": "year"}.get(unit, unit)), mod)
    if unit == "decade":
        return _Hit("DATE", _y(base.year + 10 * step)[:3], mod)
    return _Hit("DATE", _shift(base, unit, step), mod)


@_pattern(r"(?:the\s+)?(?:(?P<rel>same|next|following|previous|very)\s+)(?P<unit>day|morning)")
def _anaphoric_day(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    rel = m.group("rel").lower()
    if not m.group(0).lower().startswith("the") and rel != "next":
        return None
    if rel == "next" and not m.group(0).lower().startswith("the"):
        return None
    base = ctx.ref or ctx.anchor
    step = {"same": 0, "very": 0, "next": 1, "following": 1, "previous": -1}[rel]
    part = ""
    if base is None:
        return _Hit("DATE", "XXXX-XX-XX" + part)
    d = base + timedelta(days=step)
    return _Hit("TIME" if part else "DATE", _ymd(d) + part)


@_pattern(r"(?:that|the\s+same)\s+(?P<unit>day|year|month|week)")
def _that_unit(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    unit = m.group("unit").lower()
    if unit == "year" and ctx.last_year is not None:
        return _Hit("DATE", _y(ctx.last_year))
    base = ctx.ref if unit == "day" else None
    if base is None:
        return None
    return _Hit("DATE", _shift(base, unit, 0))


# --------------------------------------------------------------------------------------------
# Driver


def _anchor_date(anchor: str | None) -> date | None:
    """The local calendar date of an ISO 8601 time (its offset is the local one)."""
    if anchor is None or not anchor.strip():
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", anchor)
    if m is None:
        m2 = re.match(r"\s*(\d{4})(\d{2})(\d{2})", anchor)
        if m2 is None:
            raise InputError(
                f"anchor {anchor!r} is not an ISO 8601 date/time; pass e.g. "
                "'2022-06-03T11:00+04:00' or None"
            )
        m = m2
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise InputError(
            f"anchor {anchor!r} is not a valid date ({exc}); fix the metadata"
        ) from exc


def interval(value: str, anchor: date | None = None) -> tuple[str | None, str | None]:
    """Half-open ISO-date interval [start, end) covered by a TIMEX3 date value, else (None, None)."""
    try:
        return _interval(value, anchor)
    except (OverflowError, ValueError):  # beyond year 9999, or not a real date
        return None, None


def _interval(value: str, anchor: date | None) -> tuple[str | None, str | None]:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", value)
    if m:
        d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return _ymd(d), _ymd(d + timedelta(days=1))
    m = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        ny, nm = _add_months(y, mo, 1)
        return f"{y:04d}-{mo:02d}-01", f"{ny:04d}-{nm:02d}-01"
    m = re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value)
    if m:
        monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        if m.group(3):
            return _ymd(monday + timedelta(days=5)), _ymd(monday + timedelta(days=7))
        return _ymd(monday), _ymd(monday + timedelta(days=7))
    m = re.fullmatch(r"(\d{4})-([QH])(\d)", value)
    if m:
        y, size = int(m.group(1)), 3 if m.group(2) == "Q" else 6
        first = (int(m.group(3)) - 1) * size + 1
        ny, nm = _add_months(y, first, size)
        return f"{y:04d}-{first:02d}-01", f"{ny:04d}-{nm:02d}-01"
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
    if m:
        y = int(m.group(1))
        s, e = W.SEASON_MONTHS[m.group(2)]
        ey = y + 1 if e < s else y
        return f"{y:04d}-{s:02d}-01", f"{ey:04d}-{e:02d}-01"
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-01-01", f"{int(value) + 1:04d}-01-01"
    if re.fullmatch(r"\d{3}", value):
        return f"{value}0-01-01", f"{int(value) + 1:03d}0-01-01"
    if re.fullmatch(r"\d{2}", value):
        return f"{value}00-01-01", f"{int(value) + 1:02d}00-01-01"
    if value == "PRESENT_REF" and anchor is not None:
        return _ymd(anchor), _ymd(anchor + timedelta(days=1))
    if value == "PAST_REF" and anchor is not None:
        return None, _ymd(anchor + timedelta(days=1))
    if value == "FUTURE_REF" and anchor is not None:
        return _ymd(anchor), None
    return None, None


def _trim_determiner(text: str, s: int, e: int) -> int:
    """Leave possessives ("its fourth quarter") and the article of an adjectival expression
    ("the third-quarter results", "a year-earlier loss") out of the extent, as TimeML does."""
    span = text[s:e]
    lead = re.match(r"(?:its|their|his|her|our)\s+", span, re.I)
    if lead and lead.end() < len(span):
        return s + lead.end()
    lead = re.match(r"(?:the|a|an|that)\s+", span, re.I)
    if lead and "-" in span.split()[-1] and not re.search(r"\d0'?s$", span):
        nxt = re.match(r"\s*([a-z]+)", text[e : e + 30])
        if nxt and nxt.group(1) not in W.NOT_NOUNS:
            return s + lead.end()
    return s


def find_times(text: str, anchor: str | None = None, doc: Doc | None = None) -> list[TimeExpr]:
    """Every time expression in ``text``, normalised against ``anchor`` (ISO 8601 or None).

    ``doc`` (a parsed spaCy Doc of the same text) is optional; when given, the tense of the
    sentence decides whether a bare weekday points back or forward.
    """
    ctx = _Ctx(text=text, anchor=_anchor_date(anchor), doc=doc)
    candidates: list[tuple[int, int, int, re.Match[str], Handler]] = []
    for order, (regex, handler) in enumerate(_PATTERNS):
        for m in regex.finditer(text):
            if m.end() > m.start():
                candidates.append((m.start(), -m.end(), order, m, handler))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    out: list[TimeExpr] = []
    offsets: list[tuple[int, str] | None] = []
    taken_until = 0
    for start, neg_end, _order, m, handler in candidates:
        if start < taken_until:
            continue
        try:
            hit = handler(m, ctx)
        except (OverflowError, ValueError):
            continue  # date arithmetic past year 1 or 9999: not a usable time expression
        if hit is None:
            continue
        s, e = start + hit.trim_left, -neg_end - hit.trim_right
        while e > s and text[e - 1] in " \t\n,":
            e -= 1
        if text[e - 2 : e] in ("'s", "’s") and e - 2 > s:
            e -= 2  # "Friday's meeting": the possessive is not part of the expression
        s = _trim_determiner(text, s, e)
        if e <= s:
            continue
        taken_until = e
        lo, hi = interval(hit.value, ctx.anchor) if hit.type in ("DATE", "TIME") else (None, None)
        if hit.until is not None:
            hi = _ymd(hit.until + timedelta(days=1))
        out.append(
            TimeExpr(
                text=text[s:e],
                start=s,
                end=e,
                type=hit.type,
                value=hit.value,
                mod=hit.mod,
                interval_start=lo,
                interval_end=hi,
                component=COMPONENT,
            )
        )
        offsets.append(hit.offset)
    _place_anchored(text, out, offsets)
    return out


def _place_anchored(text: str, out: list[TimeExpr], offsets: list[tuple[int, str] | None]) -> None:
    """Give "two days after May 5, 2020" / "a year before 1993" the interval of the period they
    name (the value stays the duration, as in TimeML). An event anchor ("a year before the
    occupation") cannot be placed and keeps no interval."""
    for i, offset in enumerate(offsets):
        if offset is None or i + 1 >= len(out):
            continue
        anchor = out[i + 1]
        link = re.fullmatch(r"\s+(before|after)\s+", text[out[i].end : anchor.start])
        if link is None or anchor.interval_start is None or anchor.interval_end is None:
            continue
        n, unit = offset
        if unit not in ("day", "week", "month", "year"):
            continue
        try:
            if link.group(1) == "after":
                lo = date.fromisoformat(anchor.interval_end)
                hi = _move(lo, unit, n)
            else:
                hi = date.fromisoformat(anchor.interval_start)
                lo = _move(hi, unit, -n)
        except (OverflowError, ValueError):
            continue
        out[i].interval_start, out[i].interval_end = _ymd(lo), _ymd(hi)


def _move(d: date, unit: str, n: int) -> date:
    if unit == "day":
        return d + timedelta(days=n)
    if unit == "week":
        return d + timedelta(weeks=n)
    months = n * (12 if unit == "year" else 1)
    y, m = _add_months(d.year, d.month, months)
    return date(y, m, min(d.day, 28))


@Language.factory(NAME)
def make_component(nlp: Language, name: str) -> Component:
    return Component()


class Component:
    """Writes ``doc._.times`` from ``doc.text`` and ``doc._.published``."""

    def __call__(self, doc: Doc) -> Doc:
        use_doc = doc if doc.has_annotation("DEP") else None
        names = [(e.start, e.end) for e in doc._.entities or [] if e.label in NAME_LABELS]
        doc._.times = [
            t
            for t in find_times(doc_text(doc), doc._.published, use_doc)
            # "Lakeside Daily", "Resolution 822": a word inside a name is not a time
            if not any(start <= t.start and t.end <= end for start, end in names)
        ]
        return doc


# Entity labels whose names may contain time words without meaning a time.
NAME_LABELS = frozenset({"ORG", "PERSON", "WORK_OF_ART", "LAW", "PRODUCT", "FAC"})
