"""Patterns of calendar dates and clock times: ISO and numeric dates, months and days, years,
decades, centuries, quarters, relative units ("last year"), seasons, weekdays, parts of day,
clock times. Registered in this order, before :mod:`newstrail.nlp.times_periods`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from newstrail.models import TimeType
from newstrail.nlp import times_words as W
from newstrail.nlp.times_calendar import (
    _add_months,
    _month_of,
    _num,
    _shift,
    _unresolved,
    _week,
    _weekday_of,
    _y,
    _ym,
    _ymd,
)
from newstrail.nlp.times_grammar import (
    DAYNUM,
    DAYWORD,
    MONTH,
    MONTH_ABBR,
    MONTH_FULL,
    ORD,
    PART,
    SEASON,
    TZ,
    WEEKDAY,
    YEAR,
    _alt,
    _Ctx,
    _day_set,
    _future,
    _Hit,
    _mod_of,
    _next_word,
    _pattern,
    _pick_year,
    _prev_word,
    _recent_quarter,
    _set_quarter,
)

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


@_pattern(r"(?:the\s+)?(?:(?P<pm>early|mid|late)[-\s]+)?(?P<c>1[0-9]|20)(?P<d>\d)0'?s")
def _decade(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    mod = _mod_of(m.group("pm"), W.POINT_MODS)
    return _Hit("DATE", f"{m.group('c')}{m.group('d')}", mod)


@_pattern(
    rf"(?P<pre>(?:the\s+)?(?:(?P<pm>early|mid|late)[-\s]+)?)(?:'(?P<d>\d)0s|"
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
    return _Hit("DATE", f"{century}{digit}", _mod_of(m.group("pm"), W.POINT_MODS))


@_pattern(r"(?:the\s+)?(?:(?P<pm>early|mid|late)[-\s]+)?(?P<n>\d{1,2})(?:st|nd|rd|th)[-\s]century")
def _century(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    mod = _mod_of(m.group("pm"), W.POINT_MODS)
    return _Hit("DATE", f"{int(m.group('n')) - 1:02d}", mod)


_TENS = _alt(W.TENS)
_ONES = _alt(W.ONES)
_TEENS = _alt(W.TEENS)


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

_QUALIFIERS = _alt(W.QUARTER_QUALIFIERS)


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
