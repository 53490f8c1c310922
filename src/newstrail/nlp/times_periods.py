"""Patterns of durations ("two weeks ago"), sets ("every Monday", "daily"), deictic references
("now", "recently"), holidays, period ends and anaphoric days ("the next day"). Registered after
:mod:`newstrail.nlp.times_dates`.
"""

from __future__ import annotations

import re
from datetime import timedelta

from newstrail.nlp import times_words as W
from newstrail.nlp.times_calendar import (
    _duration,
    _holiday_date,
    _num,
    _shift,
    _unit_of,
    _unresolved,
    _y,
    _ym,
    _ymd,
)
from newstrail.nlp.times_grammar import (
    MONTH_FULL,
    NUMBER,
    PART,
    QMOD,
    SEASON,
    UNIT_ANY,
    UNIT_SG,
    VAGUE,
    WEEKDAY,
    YEAR,
    _alt,
    _Ctx,
    _day_set,
    _Hit,
    _mod_of,
    _money,
    _next_word,
    _pattern,
    _prev_word,
    _recent_quarter,
)

_HOLIDAYS = W.HOLIDAYS


# Durations, "ago", sets ----------------------------------------------------------------------

_DUR_PRE = (
    rf"(?:(?P<qm>{QMOD})\s+(?!the\b))?(?P<the>(?:the|its|their|his|her)\s+)?"
    rf"(?:(?P<dir>{_alt(W.DURATION_DIRECTIONS)})\s+)?"
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
