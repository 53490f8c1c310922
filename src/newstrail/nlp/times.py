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
Modules: word tables in ``lexicon/times.json`` (typed by :mod:`~newstrail.nlp.times_words`), the
pattern machinery in :mod:`~newstrail.nlp.times_grammar`, the patterns in
:mod:`~newstrail.nlp.times_dates` and :mod:`~newstrail.nlp.times_periods`, date arithmetic in
:mod:`~newstrail.nlp.times_calendar`; this module holds the driver and the component.
``newstrail eval times`` scores it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc

import newstrail.nlp  # noqa: F401  (declares the Doc extensions)
import newstrail.nlp.times_dates  # noqa: F401  (registers the date patterns, first)
import newstrail.nlp.times_periods  # noqa: F401  (registers the period patterns, after)
from newstrail.models import TimeExpr, record_from
from newstrail.nlp import CONTRACT, PARSE, component_id, doc_text
from newstrail.nlp import times_words as W
from newstrail.nlp.times_calendar import (
    _anchor_date,
    _move,
    _ymd,
    interval,
)
from newstrail.nlp.times_grammar import (
    _PATTERNS,
    Handler,
    _Ctx,
)

NAME = "newstrail_times"
VERSION = "1.0.0"
COMPONENT = component_id(NAME, VERSION)

__all__ = [*CONTRACT, "Component", "find_times", "interval"]


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
        out.append(  # with the hit's type, value and mod
            record_from(
                TimeExpr,
                hit,
                text=text[s:e],
                start=s,
                end=e,
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


# The contract (spaCy's requires/assigns): what this component reads and writes; the table in
# newstrail.nlp lists every component's.
REQUIRES = ["doc._.published", "doc._.entities", *PARSE]
ASSIGNS = ["doc._.times"]
Language.factory(NAME, requires=REQUIRES, assigns=ASSIGNS, func=lambda nlp, name: Component())


# Entity labels whose names may contain time words without meaning a time.
NAME_LABELS = frozenset({"ORG", "PERSON", "WORK_OF_ART", "LAW", "PRODUCT", "FAC"})
