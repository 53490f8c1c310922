"""Hand-annotated records for tests, screenshots and the latency benchmark: no model needed.

:func:`sample_records` gives a few small articles whose items are placed by searching their text,
so every offset is exact; one article carries script and HTML-injection payloads.
:func:`synthetic_records` makes any number of varied articles quickly for load tests.
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
from newstrail.store.db import Store

COMPONENT = "sample@1"
INJECTION_TITLE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'

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


class _Builder:
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


def sample_records() -> list[tuple[Article, Extraction]]:
    """Four hand-annotated articles (two outlets, three years, one hostile)."""
    out: list[tuple[Article, Extraction]] = []

    t1 = (
        "Diplomats visit Kalbajar\n\n"
        "Hikmat Hajiyev, assistant to the President of Azerbaijan, travelled from Baku to "
        'Kalbajar on 31 May 2022 with foreign diplomats. "Access to Kalbajar has significantly '
        'improved," Hajiyev said. He recalled that the district was occupied in 1993. '
        "The Foreign Ministry said the visit would continue in June 2022."
    )
    b = _Builder(t1)
    b.entity("Hikmat Hajiyev", "PERSON", role="assistant to the President of Azerbaijan")
    b.entity("Hajiyev", "PERSON", "Hikmat Hajiyev", nth=1)
    b.entity("Azerbaijan", "GPE")
    b.entity("The Foreign Ministry", "ORG", "Foreign Ministry")
    b.place("Baku")
    b.place("Kalbajar", nth=1)
    b.place("Kalbajar", nth=2)
    b.time("31 May 2022", "2022-05-31", "2022-05-31", "2022-06-01")
    b.time("1993", "1993", "1993-01-01", "1994-01-01")
    b.time("June 2022", "2022-06", "2022-06-01", "2022-07-01")
    b.quote(
        "Access to Kalbajar has significantly improved,",
        "said",
        "Hajiyev",
        "Hikmat Hajiyev",
        role="assistant to the President of Azerbaijan",
        mention_nth=1,
    )
    b.quote(
        "the visit would continue in June 2022",
        "said",
        "The Foreign Ministry",
        "Foreign Ministry",
        label="ORG",
        kind="indirect",
        cue_nth=1,
    )
    out.append(
        (
            Article(
                t1,
                title="Diplomats visit Kalbajar",
                published="2022-06-01T10:00:00+04:00",
                outlet="Report",
                url="https://example.org/report/kalbajar",
            ),
            b.ex,
        )
    )

    t2 = (
        "Kalbajar tour impresses visitors\n\n"
        "Vusal Gurbanov of the Islamic Cooperation Youth Forum said the diplomats visited "
        'Kalbajar on 31 May 2022. "Our first impression of Kalbajar was of its splendid '
        'nature," Gurbanov told reporters in Baku. Hikmat Hajiyev also spoke to the group.'
    )
    b = _Builder(t2)
    b.entity("Vusal Gurbanov", "PERSON", role="acting director general")
    b.entity("Islamic Cooperation Youth Forum", "ORG")
    b.entity("Gurbanov", "PERSON", "Vusal Gurbanov", nth=1)
    b.entity("Hikmat Hajiyev", "PERSON")
    b.place("Kalbajar", nth=1)
    b.place("Kalbajar", nth=2)
    b.place("Baku")
    b.time("31 May 2022", "2022-05-31", "2022-05-31", "2022-06-01")
    b.quote(
        "Our first impression of Kalbajar was of its splendid nature,",
        "told",
        "Gurbanov",
        "Vusal Gurbanov",
        role="acting director general",
        mention_nth=1,
    )
    out.append(
        (
            Article(
                t2,
                title="Kalbajar tour impresses visitors",
                published="2022-06-03T11:00:00+04:00",
                outlet="Azernews",
                url="https://example.org/azernews/kalbajar",
            ),
            b.ex,
        )
    )

    t3 = (
        "Water talks open in Geneva\n\n"
        'Negotiators met in Geneva on 4 March 2024 to discuss river basins. "We need binding '
        'rules before 2030," said Amina Odhiambo, a hydrologist from Nairobi. '
        "Hikmat Hajiyev sent a message of support. Talks resume in Lima next spring."
    )
    b = _Builder(t3)
    b.entity("Amina Odhiambo", "PERSON", role="hydrologist")
    b.entity("Hikmat Hajiyev", "PERSON")
    b.place("Geneva")
    b.place("Geneva", nth=1)
    b.place("Nairobi")
    b.place("Lima")
    b.time("4 March 2024", "2024-03-04", "2024-03-04", "2024-03-05")
    b.time("2030", "2030", "2030-01-01", "2031-01-01")
    b.quote(
        "We need binding rules before 2030,",
        "said",
        "Amina Odhiambo",
        "Amina Odhiambo",
        role="hydrologist",
    )
    out.append(
        (
            Article(
                t3,
                title="Water talks open in Geneva",
                published="2024-03-05T08:30:00+00:00",
                outlet="Report",
                url="https://example.org/report/geneva",
            ),
            b.ex,
        )
    )

    t4 = (
        f"{INJECTION_TITLE}\n\n"
        "Mallory Payload wrote <b>bold</b> and <script>document.title='pwned';window.__pwned=3"
        '</script> in Oslo on 1 April 2023. "<img src=x onerror=alert(1)> is harmless here," '
        'said Mallory Payload. A link: <a href="javascript:alert(2)">click</a> & "quotes" '
        "'single' </textarea></title><iframe src=\"http://evil.example/\"></iframe> {{ 7*7 }}."
    )
    b = _Builder(t4)
    b.entity("Mallory Payload", "PERSON", role="<i>tester</i>")
    b.entity("Mallory Payload", "PERSON", nth=1)
    b.place("Oslo")
    b.time("1 April 2023", "2023-04-01", "2023-04-01", "2023-04-02")
    b.quote(
        "<img src=x onerror=alert(1)> is harmless here,",
        "said",
        "Mallory Payload",
        "Mallory Payload",
        role="<i>tester</i>",
        mention_nth=1,
    )
    out.append(
        (
            Article(
                t4,
                title=INJECTION_TITLE + " <b>title</b>",
                published="2023-04-01T12:00:00+00:00",
                outlet='<svg onload="window.__pwned=4">',
                url="javascript:alert(3)",
            ),
            b.ex,
        )
    )
    return out


def build_sample(store: Store) -> list[str]:
    """Store :func:`sample_records`; returns the article ids in order."""
    return [store.add(article, ex)[0] for article, ex in sample_records()]


_FIRST = [
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
_LAST = [
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
_WORDS = [
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
        person = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        org = rng.choice(_ORGS)
        place = rng.choice(place_names)
        year = rng.randint(2015, 2025)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        topic = " ".join(rng.sample(_WORDS, 4))
        when = f"{day} {_MONTHS[month - 1]} {year}"
        said = f"The {topic.split()[0]} plan for {place} will change everything"
        text = (
            f"Story {i} about {topic}\n\n"
            f"{person} of the {org} spoke in {place} on {when} about {topic}. "
            f'"{said}," {person} said. The {org} said more talks on {topic} would follow '
            f"next year. Observers in {place} were cautious."
        )
        b = _Builder(text)
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
