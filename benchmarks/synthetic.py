"""Synthetic articles with hand-placed records for load tests and test fixtures: no model needed.

:func:`synthetic_records` makes any number of varied articles quickly (the API latency benchmark
and query tests); :class:`Builder` places records by searching an article's text, so every
offset is exact (also used by the hand-annotated samples in ``tests/sample.py``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

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

__all__ = [
    "COMPONENT",
    "FIRST",
    "LAST",
    "PLACES",
    "WORDS",
    "Builder",
    "bulk_load",
    "span",
    "synthetic_records",
]

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

    def event(
        self, sentence: str, trigger: str, actor: str, place: str, when: str, value: str
    ) -> None:
        """A CONSULT event told by ``sentence``: ``actor`` at ``place`` on ``when``."""
        from newstrail.records.events import Event, EventPlace, EventTime, Participant

        sp = span(self.text, sentence)
        trig = span(self.text, trigger)
        who = span(self.text, actor)
        where = span(self.text, place)
        date = span(self.text, when)
        lat, lon, _, _ = PLACES.get(place, (None, None, None, None))
        self.ex.records["events"].append(
            Event(
                sp.text,
                sp.start,
                sp.end,
                "CONSULT",
                "multilateral",
                trig,
                actors=[Participant(who.text, who.start, who.end, actor)],
                places=[
                    EventPlace("location", where.text, where.start, where.end, place, lat, lon)
                ],
                time=EventTime(date.text, value, date.start, date.end, "day"),
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


def synthetic_records(
    n: int, seed: int = 7, *, events: bool = False, first: int = 0
) -> Iterator[tuple[Article, Extraction]]:
    """``n`` varied synthetic articles with people, organisations, places, dates and quotes
    (``events``: and one PLOVER event each); ``first`` numbers the first one (its text and URL)."""
    rng = random.Random(seed)
    place_names = list(PLACES)
    for i in range(first, first + n):
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
        if events:
            b.event(f"{person} of the {org} spoke in {place}", "spoke", person, place, when, iso)
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


def bulk_load(
    path: str,
    n: int,
    *,
    seed: int = 7,
    batch: int = 5000,
    links: bool = True,
    progress: Callable[[int], None] | None = None,
) -> None:
    """A new SQLite knowledge base of ``n`` synthetic articles (with events) at ``path``, fast.

    Writes the same rows as ``Store.add`` would (articles with their ``seq``, ``extractions``,
    one row per record, the quotes' full-text rows) but many articles per statement, with the
    secondary indexes dropped during the load and made again after it, and the articles'
    full-text index built once at the end — about 100 times the ``Store.add`` path (~150
    articles/s here), so a million-article benchmark database takes minutes. ``links`` also
    writes link records as the link stage would shape them: a story per 8 consecutive
    articles (``stories``, ``article_links``), one claim per story, one identity per person,
    organisation and place name, and an event group per story — synthetic groupings, not the
    linkers' output (their cost is :mod:`benchmarks.link`'s business).
    """
    from sqlalchemy import insert, text

    from newstrail.models import article_kinds
    from newstrail.store import Store
    from newstrail.store import schema as s
    from newstrail.store.db import content_hash, to_utc

    store = Store(path)
    engine = store.engine
    kinds = article_kinds()
    now = "2026-01-01T00:00:00+00:00"
    with engine.begin() as conn:
        if conn.execute(text("SELECT count(*) FROM articles")).scalar_one():
            raise ValueError(f"{path} already holds articles: bulk_load fills a new database")
        indexes = [
            (name, sql)
            for name, sql in conn.execute(
                text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql NOT NULL")
            )
        ]
        for name, _ in indexes:
            conn.execute(text(f'DROP INDEX "{name}"'))
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA journal_mode=OFF")
        conn.exec_driver_sql("PRAGMA synchronous=OFF")
        conn.exec_driver_sql("PRAGMA cache_size=-400000")
        conn.commit()
        next_id = dict.fromkeys((k.name for k in kinds), 1)
        people: dict[str, list[str]] = {}
        story_rows: list[dict[str, Any]] = []
        done = 0
        pending = synthetic_records(n, seed=seed, events=True)
        while done < n:
            chunk = [pair for _, pair in zip(range(batch), pending, strict=False)]
            if not chunk:
                break
            articles: list[dict[str, Any]] = []
            versions: list[dict[str, Any]] = []
            rows: dict[str, list[dict[str, Any]]] = {k.name: [] for k in kinds}
            quote_fts: list[dict[str, Any]] = []
            for offset, (article, ex) in enumerate(chunk):
                seq = done + offset + 1
                digest = content_hash(article.text)
                article_id = digest[:16]
                articles.append(
                    {
                        "id": article_id,
                        "content_hash": digest,
                        "source_key": article.source_key,
                        "version": 1,
                        "supersedes": None,
                        "path": article.path,
                        "url": article.url,
                        "outlet": article.outlet,
                        "title": article.title,
                        "author": article.author,
                        "published": article.published,
                        "published_utc": to_utc(article.published),
                        "language": article.language,
                        "text": article.text,
                        "words": len(article.text.split()),
                        "ingested_at": now,
                        "model": ex.components.get("model"),
                        "seq": seq,
                    }
                )
                versions += [
                    {"article_id": article_id, "component": c, "version": v, "created_at": now}
                    for c, v in ex.components.items()
                ]
                for kind in kinds:
                    for item in ex.records.get(kind.name) or []:
                        row: dict[str, Any] = {"id": next_id[kind.name], "article_id": article_id}
                        row.update(kind.to_row(item))
                        next_id[kind.name] += 1
                        rows[kind.name].append(row)
                        if kind.name == "quotes":
                            speaker = " ".join(
                                filter(None, [row["speaker_name"], row["mention_text"]])
                            )
                            quote_fts.append(
                                {"q": row["id"], "a": article_id, "t": row["text"], "s": speaker}
                            )
                if links:
                    for entity in ex.entities:
                        people.setdefault(f"{entity.label}:{entity.name}", []).append(article_id)
                    for place in ex.places:
                        people.setdefault(f"PLACE:{place.name}", []).append(article_id)
            conn.execute(insert(s.articles), articles)
            conn.execute(insert(s.extractions), versions)
            for kind in kinds:
                if rows[kind.name]:
                    conn.execute(insert(s.kind_table(kind)), rows[kind.name])
            conn.execute(
                text(
                    "INSERT INTO quotes_fts(quote_id, article_id, text, speaker) "
                    "VALUES (:q, :a, :t, :s)"
                ),
                quote_fts,
            )
            if links:
                story_rows += _link_rows(conn, chunk, articles, rows, done)
            conn.commit()
            done += len(chunk)
            if progress is not None:
                progress(len(chunk))
        if links:
            _identity_rows(conn, people)
        conn.exec_driver_sql("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
        conn.commit()
        for _, sql in indexes:
            conn.exec_driver_sql(sql)
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
        conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    engine.dispose()


STORY_SIZE = 8  # articles per synthetic story (bulk_load)


def _link_rows(
    conn: Any,
    chunk: list[tuple[Article, Extraction]],
    articles: list[dict[str, Any]],
    rows: dict[str, list[dict[str, Any]]],
    done: int,
) -> list[dict[str, Any]]:
    """Stories of :data:`STORY_SIZE` consecutive articles with their article links, claim and
    event group (see :func:`bulk_load`; ``batch`` is a multiple of the story size)."""
    from sqlalchemy import insert

    from newstrail.models import record_kind
    from newstrail.store import schema as s

    quotes_of = {r["article_id"]: r for r in rows["quotes"]}
    events_of = {r["article_id"]: r for r in rows["events"]}
    stories, article_links, claims, groups = [], [], [], []
    for first in range(0, len(chunk), STORY_SIZE):
        members = articles[first : first + STORY_SIZE]
        number = (done + first) // STORY_SIZE
        story_id = f"s{number:08d}"
        dated = sorted(members, key=lambda a: a["published_utc"] or "~")
        ids = [a["id"] for a in dated]
        outlets = sorted({a["outlet"] for a in members if a["outlet"]})
        stories.append(
            {
                "id": story_id,
                "title": members[0]["title"],
                "articles": ids,
                "first_published": dated[0]["published"],
                "outlets": outlets,
                "independent_articles": len(ids),
                "component": "stories@synthetic",
            }
        )
        article_links += [
            {"article_id": a, "story": story_id, "component": "stories@synthetic"} for a in ids
        ]
        quote = quotes_of[ids[0]]
        claims.append(
            {
                "id": f"c{number:08d}",
                "text": quote["text"],
                "speaker_name": quote["speaker_name"],
                "story": story_id,
                "first_article": ids[0],
                "first_published": dated[0]["published"],
                "first_outlet": dated[0]["outlet"],
                "appearances": [
                    {
                        "article": a["id"],
                        "start": quotes_of[a["id"]]["start"],
                        "end": quotes_of[a["id"]]["end"],
                        "kind": "direct",
                        "match": "first" if a is dated[0] else "partial",
                    }
                    for a in dated
                ],
                "appearance_count": len(ids),
                "outlets": outlets,
                "component": "claims@synthetic",
            }
        )
        event = events_of[ids[0]]
        groups.append(
            {
                "id": f"g{number:08d}",
                "story": story_id,
                "type": event["type"],
                "mode": event["mode"],
                "time": event["time_value"],
                "first_published": dated[0]["published"],
                "members": [
                    {
                        "article": a,
                        "start": events_of[a]["start"],
                        "end": events_of[a]["end"],
                        "trigger": events_of[a]["trigger_start"],
                    }
                    for a in ids
                ],
                "articles": len(ids),
                "component": "event_groups@synthetic",
            }
        )
    for kind, values in [
        ("stories", stories),
        ("article_links", article_links),
        ("claims", claims),
        ("event_groups", groups),
    ]:
        table = s.kind_table(record_kind(kind))
        conn.execute(
            insert(table), [{c.name: v.get(c.name) for c in table.columns} for v in values]
        )
    return stories


def _identity_rows(conn: Any, names: dict[str, list[str]]) -> None:
    from sqlalchemy import insert

    from newstrail.models import record_kind
    from newstrail.store import schema as s

    table = s.kind_table(record_kind("identities"))
    rows = []
    for number, (key, ids) in enumerate(sorted(names.items())):
        label, name = key.split(":", 1)
        rows.append(
            {
                "id": f"i{number:06d}",
                "name": name,
                "label": label,
                "aliases": [name],
                "roles": [],
                "articles": sorted(set(ids)),
                "evidence": [],
                "component": "identities@synthetic",
            }
        )
    conn.execute(insert(table), rows)


def main() -> int:
    """``python benchmarks/synthetic.py OUT.db --articles N``: a benchmark database, fast."""
    import argparse
    import time
    from pathlib import Path

    from tqdm import tqdm

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("out", type=Path, help="new SQLite file")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.out.exists():
        raise SystemExit(f"error: {args.out} exists; bulk loading fills a new database")
    started = time.perf_counter()
    with tqdm(total=args.articles, unit=" articles", desc="building") as bar:
        bulk_load(str(args.out), args.articles, seed=args.seed, progress=bar.update)
    print(f"{args.articles} articles in {time.perf_counter() - started:.0f} s: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
