"""Synthetic articles with hand-placed records for load tests and test fixtures: no model needed.

:func:`synthetic_records` makes any number of varied articles quickly (the API latency benchmark
and query tests); :class:`Builder` places records by searching an article's text, so every
offset is exact (also used by the hand-annotated samples in ``tests/sample.py``).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from newstrail.models import (
    Article,
    Entity,
    Extraction,
    Place,
    Quote,
    QuoteKind,
    Speaker,
    TextSpan,
    TimeExpr,
    TimeType,
)

__all__ = ["COMPONENT", "FIRST", "LAST", "PLACES", "WORDS", "Builder", "span", "synthetic_records"]

COMPONENT = "sample@1"

# Places used by the samples: name -> (lat, lon, country, geonameid)
PLACES: dict[str, tuple[float, float, str, int]] = {
    "Baku": (40.37767, 49.89201, "AZ", 587084),
    "Kalbajar": (40.10583, 46.03833, "AZ", 586523),
    "Geneva": (46.20222, 6.14569, "CH", 2660646),
    "Nairobi": (-1.28333, 36.81667, "KE", 184745),
    "Lima": (-12.04318, -77.02824, "PE", 3936456),
    "Oslo": (59.91273, 10.74609, "NO", 3143244),
    "Manila": (14.6042, 120.9822, "PH", 1701668),
    "Toronto": (43.70011, -79.4163, "CA", 6167865),
}


def span(text: str, needle: str, nth: int = 0) -> TextSpan:
    """The ``nth`` occurrence of ``needle`` in ``text`` as a span (raises if absent)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return TextSpan(needle, start, start + len(needle))


class Builder:
    """Collects the records of one article; each method finds its text by search."""

    def __init__(self, text: str):
        self.text = text
        self.ex = Extraction(components={"sample": "1", "model": "sample-1"})

    def entity(
        self,
        needle: str,
        label: str,
        name: str | None = None,
        role: str | None = None,
        nth: int = 0,
    ) -> None:
        sp = span(self.text, needle, nth)
        self.ex.entities.append(
            Entity(sp.text, sp.start, sp.end, label, name or needle, role, component=COMPONENT)
        )

    def place(self, needle: str, name: str | None = None, nth: int = 0) -> None:
        sp = span(self.text, needle, nth)
        key = name or needle
        found = PLACES.get(key)
        lat, lon, country, gid = found if found else (None, None, None, None)
        self.ex.places.append(
            Place(
                sp.text,
                sp.start,
                sp.end,
                key,
                lat,
                lon,
                country,
                gid,
                feature="P.PPL",
                confidence=0.9,
                component=COMPONENT,
            )
        )

    def time(
        self,
        needle: str,
        value: str,
        start: str | None,
        end: str | None,
        type_: TimeType = "DATE",
        nth: int = 0,
    ) -> None:
        sp = span(self.text, needle, nth)
        self.ex.times.append(
            TimeExpr(
                sp.text,
                sp.start,
                sp.end,
                type_,
                value,
                interval_start=start,
                interval_end=end,
                component=COMPONENT,
            )
        )

    def quote(
        self,
        content: str,
        cue: str,
        mention: str,
        name: str | None,
        label: str = "PERSON",
        role: str | None = None,
        kind: QuoteKind = "direct",
        cue_nth: int = 0,
        mention_nth: int = 0,
    ) -> None:
        sp = span(self.text, content)
        cue_sp = span(self.text, cue, cue_nth)
        mention_sp = span(self.text, mention, mention_nth)
        self.ex.quotes.append(
            Quote(
                sp.text,
                sp.start,
                sp.end,
                kind,
                cue_sp,
                Speaker(name, mention_sp, label, role),
                fragments=[sp],
                component=COMPONENT,
            )
        )


FIRST = [
    "Amina",
    "Hikmat",
    "Vusal",
    "Sara",
    "Jonas",
    "Li",
    "Maria",
    "Omar",
    "Nadia",
    "Pedro",
    "Ines",
    "Kofi",
    "Yuki",
    "Anna",
    "Ravi",
    "Elif",
]
LAST = [
    "Odhiambo",
    "Hajiyev",
    "Gurbanov",
    "Lindqvist",
    "Meyer",
    "Wei",
    "Santos",
    "Haddad",
    "Petrova",
    "Alves",
    "Costa",
    "Mensah",
    "Tanaka",
    "Novak",
    "Rao",
    "Demir",
]
_ORGS = [
    "Foreign Ministry",
    "Water Agency",
    "Red Cross",
    "Port Authority",
    "Central Bank",
    "Youth Forum",
    "City Council",
    "Health Ministry",
]
_OUTLETS = ["Report", "Azernews", "Daily Ledger", "Morning Wire", "Coast Herald"]
WORDS = [
    "river",
    "basin",
    "talks",
    "budget",
    "harbour",
    "election",
    "drought",
    "vaccine",
    "bridge",
    "railway",
    "festival",
    "summit",
    "treaty",
    "border",
    "school",
    "hospital",
    "market",
    "energy",
    "climate",
]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def synthetic_records(n: int, seed: int = 7) -> Iterator[tuple[Article, Extraction]]:
    """``n`` varied synthetic articles with people, organisations, places, dates and quotes."""
    rng = random.Random(seed)
    place_names = list(PLACES)
    for i in range(n):
        person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        org = rng.choice(_ORGS)
        place = rng.choice(place_names)
        year = rng.randint(2015, 2025)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        topic = " ".join(rng.sample(WORDS, 4))
        when = f"{day} {_MONTHS[month - 1]} {year}"
        said = f"The {topic.split()[0]} plan for {place} will change everything"
        text = (
            f"Story {i} about {topic}\n\n"
            f"{person} of the {org} spoke in {place} on {when} about {topic}. "
            f'"{said}," {person} said. The {org} said more talks on {topic} would follow '
            f"next year. Observers in {place} were cautious."
        )
        b = Builder(text)
        b.entity(person, "PERSON", role=f"spokesperson of the {org}")
        b.entity(org, "ORG")
        b.entity(person, "PERSON", nth=1)
        b.place(place)
        b.place(place, nth=1)
        iso = f"{year:04d}-{month:02d}-{day:02d}"
        nxt = f"{year:04d}-{month:02d}-{day + 1:02d}"
        b.time(when, iso, iso, nxt)
        b.quote(f"{said},", "said", person, person, role=f"spokesperson of the {org}")
        published = f"{year:04d}-{month:02d}-{min(day + 1, 28):02d}T09:00:00+00:00"
        yield (
            Article(
                text,
                title=f"Story {i}: {topic}",
                published=published,
                outlet=rng.choice(_OUTLETS),
                url=f"https://example.org/story/{i}",
            ),
            b.ex,
        )
