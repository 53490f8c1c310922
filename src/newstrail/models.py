"""The records newstrail extracts and stores: plain dataclasses, shared by every stage.

Every extracted item carries ``start``/``end`` character offsets into its article's ``text`` and
the ``component`` (versioned name) that produced it, so any row can be checked against the source.
Field names follow the JSONL export contract documented in the README; later versions may add
fields but never rename these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

QuoteKind = Literal["direct", "indirect", "mixed"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A piece of an article's text: ``text == article.text[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Speaker:
    """Who a quote is attributed to: the in-text mention and the canonical entity it refers to.

    ``name`` is ``None`` when the speaker could not be resolved; ``mention`` is ``None`` for
    attributions without an explicit source ("it was reported that ...").
    """

    name: str | None
    mention: TextSpan | None = None
    label: str | None = None  # PERSON or ORG when known
    role: str | None = None


@dataclass(slots=True)
class Quote:
    text: str
    start: int
    end: int
    kind: QuoteKind
    cue: TextSpan | None
    speaker: Speaker
    # The quoted content may be discontinuous ("..., he said, ..."): its fragments in order.
    fragments: list[TextSpan] = field(default_factory=list)
    component: str = ""


@dataclass(slots=True)
class Entity:
    """One mention of a person, organisation, place or group, with its canonical name."""

    text: str
    start: int
    end: int
    label: str
    name: str
    role: str | None = None
    cluster: int | None = None  # in-document identity (coreference chain), shared by mentions
    component: str = ""


@dataclass(slots=True)
class Place:
    text: str
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    country: str | None  # ISO 3166-1 alpha-2
    geonameid: int | None
    feature: str | None = None  # GeoNames feature class.code, e.g. "P.PPLA"
    confidence: float | None = None
    component: str = ""
    # "Armenian forces": an adjective or demonym standing for the country, not a toponym.
    demonym: bool = False


@dataclass(slots=True)
class TimeExpr:
    text: str
    start: int
    end: int
    type: TimeType
    value: str  # TIMEX3 value at the precision the text gives
    mod: str | None = None
    # Derived interval [interval_start, interval_end) for timelines, ISO dates; None if open.
    interval_start: str | None = None
    interval_end: str | None = None
    component: str = ""


@dataclass(slots=True)
class Extraction:
    """Everything the NLP pipeline found in one article."""

    quotes: list[Quote] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    # component name -> version string, plus "model" -> "<name>-<version>"
    components: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Article:
    """An ingested article before extraction: text plus the metadata the source gave."""

    text: str
    title: str | None = None
    published: str | None = None  # ISO 8601 with UTC offset, or None: never invented
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    path: str | None = None
    language: str | None = None

    @property
    def source_key(self) -> str:
        """What identifies 'the same article' across re-ingests: its URL, else its path."""
        return self.url or self.path or ""
