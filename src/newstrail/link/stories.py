"""Stories: articles about the same seminal event, grouped in a stream.

A :class:`StoryIndex` takes articles one at a time (:meth:`StoryIndex.add`); each one joins the
open story it fits best or opens a new one. Nothing already linked is recomputed, so linking ten
more articles costs ten look-ups, not a re-clustering.

What an article brings (:class:`StoryFeatures`, built from the extraction by
:func:`story_features`):

* its content words, weighted TF-IDF against the document frequencies seen so far;
* its people (canonical names and surnames), organisations and places (gazetteer ids);
* the calendar dates it mentions (TIMEX3 values at day precision) and the years;
* when it was published (metadata, else a date in its URL, else the dateline date of its first
  lines): ECB+-like pairs of "the same kind of event" (two earthquakes, two rehab check-ins) differ
  mostly in who, where and when, not in words.

Candidates come from blocking, never from all pairs: an inverted index from the article's most
distinctive words and its names and places to the stories that recently used them (each list
capped), restricted to stories still open in the time window (a story closes once the stream has
moved more than the window past its last article; its profile is then dropped). Each candidate story is scored
against the article (:meth:`StoryIndex.score`): cosine of the TF-IDF vectors plus weighted
overlaps of people, places and dates, minus a penalty when the two are dated far apart. The best
candidate over ``threshold`` wins. The cost per article is bounded by the caps, so linking grows
about linearly with the number of articles (``benchmarks/link.py``).

The index's state (story profiles, blocking lists, document frequencies, merges) lives in
:class:`~newstrail.link.state.StateTable` dictionaries: in memory (evaluation), or in the database
(``StoryIndex(source=engine)``), where linking an article reads only the rows of its blocking keys,
its candidate stories and its words, and :meth:`StoryIndex.flush` writes the rows it changed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS
from sqlalchemy.engine import Engine

from newstrail.link.state import StateIndex, StateTable
from newstrail.models import Article, Extraction
from newstrail.nlp.lexicon import words

__all__ = [
    "Story",
    "StoryConfig",
    "StoryFeatures",
    "StoryIndex",
    "StoryLink",
    "story_features",
]


_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
_URL_DATE_RE = re.compile(
    r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])(?:[/-](0[1-9]|[12]\d|3[01]))?(?=[/-]|$)"
)
_DAY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEAR_RE = re.compile(r"^(\d{4})")
PERSON = "PERSON"
ORG = "ORG"


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(STOP_WORDS) | words("stories", "news_words")


def normalise_name(name: str) -> str:
    """Lower case, no accents, single spaces: the form names are compared in."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s-]", " ", folded.lower()).split())


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """What story linking reads of one article (cheap to keep, no text)."""

    article_id: str
    terms: dict[str, float]  # content word -> 1 + log(count)
    people: frozenset[str] = frozenset()  # normalised canonical PERSON names
    main_people: frozenset[str] = frozenset()  # the (at most two) most mentioned people
    surnames: frozenset[str] = frozenset()
    orgs: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()  # "g<geonameid>" or "n<name>"
    days: frozenset[str] = frozenset()  # YYYY-MM-DD mentioned
    years: frozenset[int] = frozenset()
    when: date | None = None  # publication (or URL/dateline) date
    year: int | None = None  # the year it was written: of ``when``, else the latest year it names
    title: str = ""


def _parse_day(value: str | None) -> date | None:
    if not value:
        return None
    match = _DAY_RE.match(value[:10])
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def article_date(article: Article, extraction: Extraction | None = None) -> date | None:
    """The day an article appeared: its publication metadata, else a date in its URL, else a
    full date given in its first line or two (the dateline); ``None`` if none says."""
    published = _parse_day(article.published)
    if published:
        return published
    if article.url:
        match = _URL_DATE_RE.search(article.url)
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3) or 1))
            except ValueError:
                pass
    if extraction is not None:
        head = article.text.find("\n", article.text.find("\n") + 1)
        limit = head if head > 0 else 300
        for time in extraction.times:
            if time.start <= limit and time.type == "DATE":
                day = _parse_day(time.value)
                if day and len(time.value) == 10:
                    return day
    return None


def story_title(article: Article, limit: int = 120) -> str:
    """The article's title, else its first line cut at a word near ``limit`` characters."""
    title = (article.title or article.text.strip().split("\n", 1)[0]).strip()
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0] + " …"


def content_terms(text: str) -> dict[str, float]:
    """Content words of ``text`` (lower case, no stop words) weighted 1 + log(count)."""
    stop = _stop_words()
    counts = Counter(
        w
        for w in (m.group().lower().replace("’", "'") for m in _WORD_RE.finditer(text))
        if len(w) > 2 and w not in stop
    )
    return {w: 1.0 + math.log(c) for w, c in counts.items()}


def story_features(article_id: str, article: Article, extraction: Extraction) -> StoryFeatures:
    """The :class:`StoryFeatures` of an extracted article."""
    people: Counter[str] = Counter()
    surnames: set[str] = set()
    orgs: set[str] = set()
    for entity in extraction.entities:
        name = normalise_name(entity.name or entity.text)
        if not name:
            continue
        if entity.label == PERSON:
            people[name] += 1
            surnames.add(name.split()[-1])
        elif entity.label == ORG:
            orgs.add(name)
    places = {
        f"g{place.geonameid}" if place.geonameid else f"n{normalise_name(place.name)}"
        for place in extraction.places
        if not place.demonym
    }
    days: set[str] = set()
    years: set[int] = set()
    for time in extraction.times:
        if time.type != "DATE":
            continue
        if _DAY_RE.match(time.value):
            days.add(time.value)
        year_match = _YEAR_RE.match(time.value)
        if year_match:
            years.add(int(year_match.group(1)))
    text = f"{article.title or ''}\n{article.text}" if article.title else article.text
    when = article_date(article, extraction)
    # News speaks of the past: the latest year an undated article names is about when it was
    # written.
    year = when.year if when is not None else max(years, default=None)
    return StoryFeatures(
        article_id=article_id,
        terms=content_terms(text),
        people=frozenset(people),
        main_people=frozenset(name for name, _ in people.most_common(2)),
        surnames=frozenset(surnames),
        orgs=frozenset(orgs),
        places=frozenset(places),
        days=frozenset(days),
        years=frozenset(years),
        when=when,
        year=year,
        title=story_title(article),
    )


@dataclass(slots=True)
class StoryConfig:
    """Weights and limits of story linking.

    The score of an article against a story is a logistic-regression style sum (weights first
    fitted on same-topic document pairs of ECB+ train, then the threshold and cosine weight tuned
    on the ECB+ train stream); an article joins the best story scoring over ``threshold``.
    """

    threshold: float = 0.5
    bias: float = -3.7
    cosine_weight: float = 18.0
    people_weight: float = 0.0
    surname_weight: float = 0.0
    main_people_weight: float = 1.0
    place_weight: float = 2.0
    day_weight: float = 0.0
    same_year_weight: float = 1.0
    other_year_weight: float = -2.0  # the article and the story are two or more years apart
    absent_people_weight: float = -1.0  # the article's main people are new to the story
    date_penalty: float = 10.0  # dated articles further apart than the window
    window_days: int = 14  # a story stays open this long after its last dated article
    blocking_terms: int = 15  # most distinctive words an article is looked up by
    posting_cap: int = 64  # stories remembered per blocking key (most recent)
    candidate_cap: int = 30  # stories scored per article
    merge_threshold: float = 6.0  # a second story scoring this high is the same story: merge
    centroid_terms: int = 300  # words a story keeps in its profile


@dataclass(slots=True)
class Story:
    """An open story: its articles and the profile new articles are scored against."""

    id: int
    articles: list[str] = field(default_factory=list)
    terms: dict[str, float] = field(default_factory=dict)  # summed article weights
    people: Counter[str] = field(default_factory=Counter)
    main_people: Counter[str] = field(default_factory=Counter)
    surnames: Counter[str] = field(default_factory=Counter)
    orgs: Counter[str] = field(default_factory=Counter)
    places: Counter[str] = field(default_factory=Counter)
    days: Counter[str] = field(default_factory=Counter)
    years: Counter[int] = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None
    title: str = ""
    norm: float = 0.0  # of the IDF-weighted word profile, when it last changed
    closed: bool = False  # past the time window: no article joins it, its profile is dropped
    # The latest article date of the stream when ``last`` was last set: the story closes once
    # the stream has moved on since and is more than the window past ``last``.
    seen: date | None = None


_COUNTERS = ("people", "main_people", "surnames", "orgs", "places", "days", "years")


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def story_to_json(story: Story) -> dict[str, Any]:
    """A story's profile as stored (its articles are in its record, not here)."""
    data: dict[str, Any] = {
        "id": story.id,
        "title": story.title,
        "norm": story.norm,
        "closed": story.closed,
        "first": story.first.isoformat() if story.first else None,
        "last": story.last.isoformat() if story.last else None,
        "seen": story.seen.isoformat() if story.seen else None,
    }
    if not story.closed:
        data["terms"] = story.terms
        for name in _COUNTERS:
            data[name] = {str(k): v for k, v in getattr(story, name).items()}
    return data


def story_from_json(data: dict[str, Any]) -> Story:
    story = Story(
        id=int(data["id"]),
        title=data["title"],
        norm=data["norm"],
        closed=data["closed"],
        first=_day(data["first"]),
        last=_day(data["last"]),
        seen=_day(data["seen"]),
        terms=data.get("terms", {}),
    )
    for name in _COUNTERS:
        values = data.get(name, {})
        setattr(
            story,
            name,
            Counter({int(k): v for k, v in values.items()} if name == "years" else values),
        )
    return story


@dataclass(frozen=True, slots=True)
class StoryLink:
    """Where one article went: its story, whether it opened it, and the winning score.

    ``merged`` lists stories the article showed to be the same as ``story``: they are folded
    into it, and their earlier articles now belong to ``story``.
    """

    article_id: str
    story: int
    opened: bool
    score: float
    merged: tuple[int, ...] = ()


def _overlap(mine: Iterable[str], theirs: Counter[str]) -> float:
    items = list(mine)
    if not items:
        return 0.0
    shared = sum(1 for item in items if item in theirs)
    return shared / len(items)


class StoryIndex(StateIndex):
    """Streaming story clustering: :meth:`add` one article, get its story.

    ``source``: keep the state in that database (``link_state``, spaces ``stories.*``) instead
    of memory; ``complete``: the database held none when this index was made, so the cache is
    all there is (nothing to read).
    """

    def __init__(
        self,
        config: StoryConfig | None = None,
        source: Engine | None = None,
        *,
        complete: bool = False,
        space: str = "stories",
    ) -> None:
        self.config = config or StoryConfig()

        super().__init__(source, complete=complete, space=space)
        table = self.table
        self.stories: StateTable[int, Story] = table(
            "story", parse_key=int, encode=story_to_json, decode=story_from_json
        )
        self.document_frequency: StateTable[str, int] = table("df")
        # blocking key -> recent stories, oldest first
        self._postings: StateTable[str, list[int]] = table("posting")
        self._merged: StateTable[int, int] = table("merged", parse_key=int)  # merged -> into
        self._scalars: StateTable[str, Any] = table("scalar")
        self.documents: int = self._scalars.get("documents", 0)
        self._next_id: int = self._scalars.get("next_id", 1)
        self._latest: date | None = _day(self._scalars.get("latest"))  # latest article date

    def _tables(self) -> list[StateTable[Any, Any]]:
        return [self.stories, self.document_frequency, self._postings, self._merged, self._scalars]

    def _remember(self) -> None:
        self._scalars["documents"] = self.documents
        self._scalars["next_id"] = self._next_id
        self._scalars["latest"] = self._latest.isoformat() if self._latest else None

    # -- weights -------------------------------------------------------------------------------

    def idf(self, term: str) -> float:
        return math.log((self.documents + 1) / (self.document_frequency.get(term, 0) + 1)) + 1.0

    def _vector(self, terms: dict[str, float]) -> dict[str, float]:
        return {t: w * self.idf(t) for t, w in terms.items()}

    def _keys(self, features: StoryFeatures, vector: dict[str, float]) -> list[str]:
        top = sorted(vector, key=lambda t: (-vector[t], t))[: self.config.blocking_terms]
        keys = [f"w{t}" for t in top]
        keys += [f"p{p}" for p in sorted(features.people)]
        keys += [f"s{s}" for s in sorted(features.surnames)]
        keys += [f"o{o}" for o in sorted(features.orgs)]
        keys += [f"l{p}" for p in sorted(features.places)]
        keys += [f"d{d}" for d in sorted(features.days)]
        return keys

    # -- scoring -------------------------------------------------------------------------------

    def _closed(self, story: Story) -> bool:
        """Whether the story is closed, closing it (dropping its profile) if its time came: the
        stream moved on since its last article and is more than the window past it."""
        if story.closed:
            return True
        latest = self._latest
        if latest is None or story.last is None or (story.seen and latest <= story.seen):
            return False
        if story.last >= latest - timedelta(days=self.config.window_days):
            return False
        story.closed = True
        story.terms = {}
        story.norm = 0.0
        for name in _COUNTERS:
            setattr(story, name, Counter())
        self.stories.mark(story.id)
        return True

    def _open(self, story: Story, when: date | None) -> bool:
        if self._closed(story):
            return False
        if when is None or story.last is None or story.first is None:
            return True
        window = self.config.window_days
        return (story.first - when).days <= window and (when - story.last).days <= window

    def score(self, features: StoryFeatures, vector: dict[str, float], story: Story) -> float:
        """How well an article fits a story (higher is better; comparable with ``threshold``)."""
        config = self.config
        # The article's vector already carries the IDF; the story's norm was taken when it last
        # changed (document frequencies move slowly, and this keeps scoring O(article words)).
        terms = story.terms
        dot = sum(w * terms[t] * self.idf(t) for t, w in vector.items() if t in terms)
        norm = math.sqrt(sum(w * w for w in vector.values())) * story.norm
        cosine = dot / norm if norm else 0.0
        value = config.bias + config.cosine_weight * cosine
        value += config.people_weight * _overlap(features.people, story.people)
        value += config.surname_weight * _overlap(features.surnames, story.surnames)
        value += config.main_people_weight * _overlap(features.main_people, story.main_people)
        value += config.place_weight * _overlap(features.places, story.places)
        value += config.day_weight * (1.0 if any(d in story.days for d in features.days) else 0.0)
        if features.year is not None and story.years:
            # The story's year is the one most of its articles give (the latest on a tie).
            year = max(story.years, key=lambda y: (story.years[y], y))
            if features.year == year:
                value += config.same_year_weight
            elif abs(features.year - year) >= 2:
                value += config.other_year_weight
        if features.main_people and story.people:
            # The people an article is mostly about and the story never named: another event.
            absent = [
                name
                for name in features.main_people
                if name not in story.people and name.split()[-1] not in story.surnames
            ]
            value += config.absent_people_weight * len(absent) / len(features.main_people)
        if features.when and story.first and story.last:
            gap = max((story.first - features.when).days, (features.when - story.last).days, 0)
            if gap > config.window_days:
                value -= config.date_penalty
        return value

    # -- the stream ----------------------------------------------------------------------------

    def candidates(self, features: StoryFeatures, vector: dict[str, float]) -> list[Story]:
        """Open stories sharing blocking keys with the article, most shared keys first."""
        hits: Counter[int] = Counter()
        keys = self._keys(features, vector)
        self._postings.load(keys)
        listed = {i for key in keys for i in self._postings.get(key) or ()}
        self._load_merges(listed)
        for key in keys:
            posting = self._postings.get(key)
            if posting:
                hits.update({self.resolve(story_id) for story_id in posting})
        ranked = [i for i, _ in sorted(hits.items(), key=lambda item: (-item[1], -item[0]))]
        found: list[Story] = []
        # Stories are read in rank order, a few more than needed at a time: a long blocking list
        # costs its ids, not its stories' profiles.
        step = self.config.candidate_cap + 10
        for start in range(0, len(ranked), step):
            chunk = ranked[start : start + step]
            self.stories.load(chunk)
            for story_id in chunk:
                story = self.stories[story_id]
                if self._open(story, features.when):
                    found.append(story)
                    if len(found) >= self.config.candidate_cap:
                        return found
        return found

    def _load_merges(self, story_ids: Iterable[int]) -> None:
        """Read which of these stories were merged into others, a level at a time."""
        wanted = set(story_ids)
        while wanted:
            self._merged.load(wanted)
            wanted = {t for t in (self._merged.get(i) for i in wanted) if t is not None}

    def resolve(self, story_id: int) -> int:
        """The story a (possibly merged) story id stands for now."""
        while story_id in self._merged:
            story_id = self._merged[story_id]
        return story_id

    def add(self, features: StoryFeatures) -> StoryLink:
        """Link one article: it joins the best-fitting open story or opens a new one; other open
        stories it fits as strongly as ``merge_threshold`` are merged into that one."""
        self.documents += 1
        frequency = self.document_frequency
        frequency.load(features.terms)
        for term in features.terms:
            frequency[term] = frequency.get(term, 0) + 1
        if features.when is not None and (self._latest is None or features.when > self._latest):
            self._latest = features.when
        vector = self._vector(features.terms)
        scored = sorted(
            (
                (self.score(features, vector, story), story)
                for story in self.candidates(features, vector)
            ),
            key=lambda item: (-item[0], item[1].id),
        )
        if not scored or scored[0][0] < self.config.threshold:
            best = Story(id=self._next_id, title=features.title)
            self.stories[best.id] = best
            self._next_id += 1
            self._absorb(best, features, vector)
            return StoryLink(
                features.article_id, best.id, True, round(scored[0][0], 4) if scored else 0.0
            )
        best_score, best = scored[0]
        merged = [story for value, story in scored[1:] if value >= self.config.merge_threshold]
        if merged and best_score >= self.config.merge_threshold:
            # The oldest story survives, so ids already handed out stay valid as long as possible.
            group = sorted([best, *merged], key=lambda story: story.id)
            best = group[0]
            for other in group[1:]:
                self._merge(best, other)
        else:
            merged = []
        self._absorb(best, features, vector)
        return StoryLink(
            features.article_id,
            best.id,
            False,
            round(best_score, 4),
            tuple(sorted(story.id for story in merged if story.id != best.id)),
        )

    def _norm(self, terms: dict[str, float]) -> float:
        self.document_frequency.load(terms)
        return math.sqrt(sum((w * self.idf(t)) ** 2 for t, w in terms.items()))

    def _merge(self, into: Story, other: Story) -> None:
        into.articles.extend(other.articles)
        for term, weight in other.terms.items():
            into.terms[term] = into.terms.get(term, 0.0) + weight
        into.norm = self._norm(into.terms)
        for name in _COUNTERS:
            getattr(into, name).update(getattr(other, name))
        if other.first and other.last:
            into.first = min(into.first or other.first, other.first)
            into.last = max(into.last or other.last, other.last)
            into.seen = self._latest
        self._merged[other.id] = into.id
        del self.stories[other.id]
        self.stories.mark(into.id)

    def _absorb(self, story: Story, features: StoryFeatures, vector: dict[str, float]) -> None:
        story.articles.append(features.article_id)
        for term, weight in features.terms.items():
            story.terms[term] = story.terms.get(term, 0.0) + weight
        if len(story.terms) > 2 * self.config.centroid_terms:
            self.document_frequency.load(story.terms)
            kept = sorted(story.terms, key=lambda t: -story.terms[t] * self.idf(t))
            story.terms = {t: story.terms[t] for t in kept[: self.config.centroid_terms]}
        story.norm = self._norm(story.terms)
        story.people.update(features.people)
        story.main_people.update(features.main_people)
        if features.year is not None:
            story.years[features.year] += 1
        story.surnames.update(features.surnames)
        story.orgs.update(features.orgs)
        story.places.update(features.places)
        story.days.update(features.days)
        if features.when:
            story.first = min(story.first or features.when, features.when)
            story.last = max(story.last or features.when, features.when)
            story.seen = self._latest
        self.stories.mark(story.id)
        keys = self._keys(features, vector)
        self._postings.load(keys)
        for key in keys:
            posting = self._postings.get(key)
            if posting is None:
                self._postings[key] = [story.id]
            elif posting[-1] != story.id:
                if story.id in posting:
                    posting.remove(story.id)
                posting.append(story.id)
                if len(posting) > self.config.posting_cap:
                    del posting[0]
                self._postings.mark(key)
