"""Where the sources of one story disagree: counts, event dates and places with incompatible values.

The system reports; it never adjudicates. A disagreement lists every value given for the same
thing in a story, each with its article, outlet, offsets, publication time and who asserts it (the
outlet itself, or the quoted speaker when the figure sits inside a quote).

- **Counts**: quantities (the ``numbers`` records) about the same counted noun and predicate
  ("seven people were killed", "a death toll of nine" → *people killed*). Each value becomes an
  interval from its modifier (about → ±10 %, more than → open above, a range → its bounds); two
  values disagree only when their intervals do not meet, so "about 1,200" vs "1,200" and "more than
  45" vs "50" are compatible.
- **Dates**: day/month/year values (already normalised against each article's own publication
  time by the times component) of the same event, recognised by the words of their sentences;
  open-ended values ("by 2026", "within two years") are never flagged.
- **Places**: two different populated places given for the same event.

Only different sources disagree: two articles, or two asserters in one article. A copy
(``duplicate_of``) is not a second source and never disagrees with its original.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, TypeVar

from newstrail.link.claims import (
    ClaimArticle,
    QuantityInput,
    content_words,
    normalise_words,
    split_sentences,
)
from newstrail.nlp.lexicon import lexicon

__all__ = [
    "COMPONENT",
    "AssertedBy",
    "Disagreement",
    "DisagreementValue",
    "about_count",
    "disagreement_records",
    "find",
    "find_disagreements",
    "quantity_interval",
]

COMPONENT = "disagreements@1.1.0"  # 1.1: "lost" is no death

# Two date or place mentions concern the same event when their sentences share enough content
# words (overlap coefficient over the smaller sentence): 60 % and two words, or 50 % and three.
_EVENT_OVERLAP = 0.6
_MIN_SHARED = 2
_EVENT_OVERLAP_LONG = 0.5
_MIN_SHARED_LONG = 3
_QUALIFIER_WINDOW = 6  # words after (and half of it before) a quantity to find "killed", ...


@dataclass(frozen=True, slots=True)
class AssertedBy:
    kind: Literal["outlet", "speaker"]
    name: str | None  # the outlet's or the speaker's name


@dataclass(frozen=True, slots=True)
class DisagreementValue:
    value: str  # normalised display value: "7", "more than 45", "2026-06-11", "Kalbajar"
    text: str
    article: str
    start: int
    end: int
    outlet: str | None
    published: str | None
    asserted_by: AssertedBy


@dataclass(slots=True)
class Disagreement:
    id: str
    story: str | None
    kind: Literal["count", "date", "place"]
    about: str
    values: list[DisagreementValue]


# --- counts ----------------------------------------------------------------------------------

Interval = tuple[float, float, bool, bool]  # low, high, low open, high open
DateSpan = tuple[date, date]
K = TypeVar("K")


def _canonical_mod(mod: str | None) -> str | None:
    if not mod:
        return None
    table: dict[str, list[str]] = lexicon("claims")["quantity_mods"]
    upper = mod.upper()
    for canonical, aliases in table.items():
        if upper in aliases:
            return canonical
    return None


def quantity_interval(quantity: QuantityInput) -> Interval | None:
    """The values a quantity allows; None when it has no numeric value."""
    value = quantity.value
    if value is None or math.isnan(value):
        return None
    data = lexicon("claims")
    mod = _canonical_mod(quantity.mod)
    approx = float(data["approx_tolerance"])
    nearly = float(data["nearly_tolerance"])
    if quantity.value_max is not None and quantity.value_max >= value:
        return (value, quantity.value_max, False, False)
    if mod == "APPROX":
        return (value * (1 - approx), value * (1 + approx), False, False)
    if mod == "MORE_THAN":
        return (value, math.inf, True, False)
    if mod == "AT_LEAST":
        return (value, math.inf, False, False)
    if mod == "LESS_THAN":
        return (0.0, value, False, True)
    if mod == "AT_MOST":
        return (0.0, value, False, False)
    if mod == "NEARLY":
        return (value * (1 - nearly), value, False, False)
    return (value, value, False, False)


def intervals_meet(a: Interval, b: Interval) -> bool:
    low_a, high_a, low_open_a, high_open_a = a
    low_b, high_b, low_open_b, high_open_b = b
    if high_a < low_b or high_b < low_a:
        return False
    if high_a == low_b and (high_open_a or low_open_b):
        return False
    return not (high_b == low_a and (high_open_b or low_open_a))


def _display(quantity: QuantityInput) -> str:
    value = quantity.value or 0.0
    number = f"{value:g}" if value != int(value) else f"{int(value):,}"
    if quantity.value_max is not None:
        number += f"–{quantity.value_max:g}"
    mod = _canonical_mod(quantity.mod)
    words = {
        "APPROX": "about",
        "MORE_THAN": "more than",
        "AT_LEAST": "at least",
        "LESS_THAN": "less than",
        "AT_MOST": "at most",
        "NEARLY": "nearly",
    }
    prefix = words.get(mod or "", "")
    unit = f" {quantity.unit}" if quantity.unit else ""
    return f"{prefix} {number}{unit}".strip()


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def about_count(quantity: QuantityInput, text: str) -> str | None:
    """What a quantity counts, as a comparable key: the canonical noun, plus the predicate
    ("killed", "injured", ...) found near it, plus its unit. None when it counts nothing known."""
    data = lexicon("claims")
    nouns: dict[str, list[str]] = data["count_nouns"]
    qualifiers: dict[str, list[str]] = data["count_qualifiers"]
    counted = (quantity.counts or "").lower().strip()
    noun: str | None = None
    for canonical, aliases in nouns.items():
        if counted in aliases or any(counted.endswith(" " + a) for a in aliases):
            noun = canonical
            break
    if noun is None and counted:
        noun = _singular(normalise_words(counted)[-1]) if normalise_words(counted) else None
    after = normalise_words(text[quantity.end : quantity.end + 80])[:_QUALIFIER_WINDOW]
    before = normalise_words(text[max(0, quantity.start - 40) : quantity.start])[
        -(_QUALIFIER_WINDOW // 2) :
    ]
    qualifier: str | None = None
    for word in after + before:
        for canonical, aliases in qualifiers.items():
            if word in aliases:
                qualifier = canonical
                break
        if qualifier:
            break
    if noun == "deaths":
        noun, qualifier = "people", "killed"
    elif noun == "injured":
        noun, qualifier = "people", "injured"
    if noun is None:
        if qualifier is None:
            return None
        noun = "people"
    parts = [noun]
    if qualifier:
        parts.append(qualifier)
    if quantity.unit:
        parts.append(f"({quantity.unit.lower()})")
    return " ".join(parts)


# --- dates and places --------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def date_interval(value: str) -> tuple[date, date] | None:
    """[first day, last day] of a TIMEX3 date value: 2026, 2026-06, 2026-06-11, 2026-W24."""
    match = _DATE.match(value)
    try:
        if match:
            year = int(match.group(1))
            if match.group(3):
                day = date(year, int(match.group(2)), int(match.group(3)))
                return day, day
            if match.group(2):
                month = int(match.group(2))
                first = date(year, month, 1)
                following = date(year + (month == 12), month % 12 + 1, 1)
                return first, following - timedelta(days=1)
            return date(year, 1, 1), date(year, 12, 31)
        week = _WEEK.match(value)
        if week:
            monday = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
            return monday, monday + timedelta(days=6)
    except ValueError:
        return None
    return None


def _calendar_words() -> frozenset[str]:
    names = (
        "monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow "
        "january february march april may june july august september october november december "
        "week month year day morning evening night afternoon last next this earlier later on"
    )
    return frozenset(names.split())


# --- sources ---------------------------------------------------------------------------------


def _asserted_by(article: ClaimArticle, start: int, end: int) -> AssertedBy:
    for quote in article.quotes:
        if quote.start <= start and end <= quote.end:
            return AssertedBy("speaker", quote.speaker)
    return AssertedBy("outlet", article.outlet)


def _source(value: DisagreementValue) -> tuple[str, str, str]:
    who = value.asserted_by
    return (value.article, who.kind, who.name or "")


def _sentence_of(sentences: list[tuple[int, int]], start: int) -> tuple[int, int] | None:
    for s, e in sentences:
        if s <= start < e:
            return s, e
    return None


@dataclass(slots=True)
class _Mention:
    value: DisagreementValue
    interval: DateSpan | None
    place: int | None
    signature: set[str]


def _event_groups(mentions: list[_Mention]) -> list[list[_Mention]]:
    """Mentions about the same event (their sentences share most content words), by union-find
    over pairs found through an inverted index of signature words."""
    # Mentions with the same signature (copies, templated wording) always share every word, so
    # they are one node: pairs are made between distinct signatures only (a story of hundreds of
    # alike articles would otherwise cost the square of its size).
    node_of: dict[frozenset[str], int] = {}
    signatures: list[frozenset[str]] = []
    nodes: list[int] = []
    for mention in mentions:
        key = frozenset(mention.signature)
        if len(key) < _MIN_SHARED or key not in node_of:
            node_of.setdefault(key, len(signatures))
            signatures.append(key)
            nodes.append(len(signatures) - 1)
        else:
            nodes.append(node_of[key])
    parent = list(range(len(signatures)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    postings: dict[str, list[int]] = defaultdict(list)
    for i, signature in enumerate(signatures):
        for word in signature:
            postings[word].append(i)
    for i, signature in enumerate(signatures):
        shared: Counter[int] = Counter()
        for word in signature:
            for j in postings[word]:
                if j > i:
                    shared[j] += 1
        for j, count in shared.items():
            smaller = min(len(signature), len(signatures[j]))
            share = count / max(smaller, 1)
            if (count >= _MIN_SHARED and share >= _EVENT_OVERLAP) or (
                count >= _MIN_SHARED_LONG and share >= _EVENT_OVERLAP_LONG
            ):
                parent[find(j)] = find(i)
    groups: dict[int, list[_Mention]] = defaultdict(list)
    for node, mention in zip(nodes, mentions, strict=True):
        groups[find(node)].append(mention)
    return list(groups.values())


def _event_label(group: list[_Mention]) -> str:
    counts: Counter[str] = Counter()
    for mention in group:
        counts.update(mention.signature)
    # ties broken by the word itself: a signature is a set, whose order changes between runs
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    common = [w for w, c in ranked if c >= 2][:4]
    return " ".join(sorted(common)) or "event"


def _conflicts(
    values: Sequence[tuple[DisagreementValue, K]], compatible: Callable[[K, K], bool]
) -> bool:
    """Do two values from different sources fail ``compatible``?"""
    # Each (source, value) once: a large story repeats the same few values many times over.
    distinct = list(dict.fromkeys((_source(value), key) for value, key in values))
    for i, (source_a, key_a) in enumerate(distinct):
        for source_b, key_b in distinct[i + 1 :]:
            if source_a != source_b and not compatible(key_a, key_b):
                return True
    return False


def _disagreement(
    story: str | None,
    kind: Literal["count", "date", "place"],
    about: str,
    values: list[DisagreementValue],
) -> Disagreement:
    """The disagreement over ``about``, its values in :func:`_value_order`."""
    return Disagreement(
        _identifier(story, kind, about), story, kind, about, sorted(values, key=_value_order)
    )


def _identifier(story: str | None, kind: str, about: str) -> str:
    digest = hashlib.sha1(f"{story or ''}\0{kind}\0{about}".encode()).hexdigest()
    return f"disagreement-{digest[:12]}"


def find_disagreements(articles: Sequence[ClaimArticle]) -> list[Disagreement]:
    """Every disagreement within each story (articles without a story are compared only with
    themselves: two asserters in one article)."""
    stories: dict[str, list[ClaimArticle]] = defaultdict(list)
    for article in articles:
        if article.duplicate_of:
            continue  # a copy is never a second source
        stories[article.story or f"article:{article.id}"].append(article)
    found: list[Disagreement] = []
    for pool, members in stories.items():
        story = None if pool.startswith("article:") else pool
        found.extend(_story_disagreements(story, members))
    found.sort(key=lambda d: (d.story or "", d.kind, d.about))
    return found


def _story_disagreements(story: str | None, members: list[ClaimArticle]) -> list[Disagreement]:
    found: list[Disagreement] = []
    counts: dict[str, list[tuple[DisagreementValue, Interval]]] = defaultdict(list)
    events: list[_Mention] = []
    calendar = _calendar_words()
    for article in members:
        for quantity in article.numbers:
            interval = quantity_interval(quantity)
            about = about_count(quantity, article.text) if interval else None
            if interval is None or about is None:
                continue
            counts[about].append(
                (
                    DisagreementValue(
                        _display(quantity),
                        quantity.text,
                        article.id,
                        quantity.start,
                        quantity.end,
                        article.outlet,
                        article.published,
                        _asserted_by(article, quantity.start, quantity.end),
                    ),
                    interval,
                )
            )
        if not article.times and not article.places:
            continue
        sentences = (
            list(article.sentences)
            if article.sentences is not None
            else split_sentences(article.text)
        )

        def signature(
            start: int,
            end: int,
            art: ClaimArticle = article,
            sentences: list[tuple[int, int]] = sentences,
        ) -> set[str]:
            bounds = _sentence_of(sentences, start)
            if bounds is None:
                return set()
            s, e = bounds
            text = art.text[s:start] + " " + art.text[end:e]
            return {
                w
                for w in content_words(normalise_words(text))
                if w not in calendar and not w.isdigit()
            }

        for time in article.times:
            if time.type != "DATE" or time.mod:
                continue
            span = date_interval(time.value)
            if span is None:
                continue
            value = DisagreementValue(
                time.value,
                time.text,
                article.id,
                time.start,
                time.end,
                article.outlet,
                article.published,
                _asserted_by(article, time.start, time.end),
            )
            events.append(_Mention(value, span, None, signature(time.start, time.end)))
        for place in article.places:
            if place.geonameid is None or not (place.feature or "").startswith("P"):
                continue
            value = DisagreementValue(
                place.name,
                place.text,
                article.id,
                place.start,
                place.end,
                article.outlet,
                article.published,
                _asserted_by(article, place.start, place.end),
            )
            events.append(_Mention(value, None, place.geonameid, signature(place.start, place.end)))

    for about, values in counts.items():
        if _conflicts(values, intervals_meet):
            found.append(_disagreement(story, "count", about, [v for v, _ in values]))

    dated = [m for m in events if m.interval is not None and len(m.signature) >= _MIN_SHARED]
    placed = [m for m in events if m.place is not None and len(m.signature) >= _MIN_SHARED]
    for group in _event_groups(dated):
        spans = [(m.value, m.interval) for m in group if m.interval is not None]
        if _conflicts(spans, _dates_meet):
            about = "date of " + _event_label(group)
            found.append(_disagreement(story, "date", about, [m.value for m in group]))
    for group in _event_groups(placed):
        places = [(m.value, m.place) for m in group if m.place is not None]
        if _conflicts(places, lambda a, b: a == b):
            about = "place of " + _event_label(group)
            found.append(_disagreement(story, "place", about, [m.value for m in group]))
    return found


def _dates_meet(a: DateSpan, b: DateSpan) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _value_order(value: DisagreementValue) -> tuple[bool, str, str, int]:
    return (value.published is None, value.published or "", value.article, value.start)


# --- the link stage ----------------------------------------------------------------------------

VERSION = COMPONENT.split("@", 1)[1]


def disagreement_records(found: list[Disagreement]) -> list[Any]:
    """The disagreements as stored records (``newstrail.records.claims.DisagreementRecord``)."""
    from newstrail.records.claims import DisagreementRecord

    return [
        DisagreementRecord(
            id=d.id,
            story=d.story,
            kind=d.kind,
            about=d.about,
            values=[
                {
                    "value": v.value,
                    "text": v.text,
                    "article": v.article,
                    "start": v.start,
                    "end": v.end,
                    "outlet": v.outlet,
                    "published": v.published,
                    "asserted_by": {"kind": v.asserted_by.kind, "name": v.asserted_by.name},
                }
                for v in d.values
            ],
            component=COMPONENT,
        )
        for d in found
    ]


def find(store: Any, scope: Any) -> Any:
    """The ``disagreements`` linker, streaming: a disagreement lives inside one story, so only
    the stories the new articles joined (and those an earlier linker changed) are compared
    again; their old disagreements are replaced, every other story's are left as they are."""
    from newstrail.link import LinkChanges
    from newstrail.link.claims import articles_from_store, claim_articles
    from newstrail.link.touched import articles_of_stories, touched_stories

    if scope.full:
        found = find_disagreements(articles_from_store(store))
        return LinkChanges(
            upserts={"disagreements": disagreement_records(found)},
            replace=True,
            linked=list(scope.articles),
        )
    stories = touched_stories(store, scope.articles, scope.stories)
    wanted = set(articles_of_stories(store, stories)) | set(scope.articles)
    found = find_disagreements(claim_articles(store, sorted(wanted)))
    return LinkChanges(
        upserts={"disagreements": disagreement_records(found)},
        delete_where={"disagreements": {"story": sorted(stories)}} if stories else {},
        linked=list(scope.articles),
    )


def _register() -> None:
    from newstrail.link import Linker, register_linker

    register_linker(
        Linker("disagreements", VERSION, find, kinds=("disagreements",), streaming=True)
    )


_register()
