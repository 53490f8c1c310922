"""The records newstrail extracts and stores: plain dataclasses, each declared once as a record kind.

Every extracted item carries ``start``/``end`` character offsets into its article's ``text`` and
the ``component`` (versioned name) that produced it, so any row can be checked against the source.
Field names follow the JSONL export contract documented in the README; later versions may add
fields but never rename these.

Record kinds
------------
A :class:`RecordKind` declares one kind of record (quote, entity, place, time, ...) **once**: its
dataclass, the plural ``name`` that is at the same time the SQL table, the JSONL key, the ``Doc``
extension a component fills and the :class:`Extraction` attribute; the singular ``item`` used in
CSV rows and as the web highlight class ``hl-<item>``; the component that produces it. The store
(:mod:`newstrail.store.schema`, :mod:`newstrail.store.rows`), the exports, the API CSV columns and
the web highlighting all derive from the declaration, field by field:

* ``str``/``int``/``float``/``bool`` fields become columns of that type (nullable when ``| None``);
  ``Literal[...]`` is a string; ``list``/``dict`` fields are JSON columns;
* a nested dataclass field (``cue: TextSpan | None``) is flattened into ``cue_text``, ``cue_start``,
  ``cue_end`` and rebuilt as a nested object on export (``None`` when all its columns are null);
* ``field(metadata=column_meta(index=True))`` indexes a column; ``column_meta(column="x")`` names
  a nested field's columns ``x_*`` instead of ``<parent>_<field>_*`` (kept for old databases).

How to add a record kind
------------------------
*Per-article kind* (one row per finding in one article, e.g. events, numbers): write a module
``src/newstrail/records/<kind>.py`` holding the dataclass and one :func:`register` call. Every
module in :mod:`newstrail.records` is imported when the registry is first read, so nothing else
needs editing::

    from dataclasses import dataclass
    from newstrail.models import RecordKind, register

    @dataclass(slots=True)
    class Event:
        text: str                  # text == article.text[start:end]
        start: int
        end: int
        type: str
        time: str | None = None
        component: str = ""        # "newstrail_events@1.0.0", set by the component

    register(RecordKind("events", Event, item="event", component="newstrail_events",
                        depends_on=("newstrail_entities", "newstrail_times"),
                        describe=lambda e: f"Event: {e['type']}"))

The pipeline component (``newstrail_events``, listed in :data:`newstrail.pipeline.COMPONENTS`)
writes a list of ``Event`` to ``doc._.events`` (the extension is created from the declaration).
From then on ``Extraction.events``, the ``events`` table (with ``id``, ``article_id`` and a column
per field), the JSONL key ``events``, CSV rows with ``item=event``, the API CSV columns
(:func:`newstrail.store.rows.api_columns`) and ``hl-event`` highlights exist; stored articles get
their events with ``newstrail extract --stale`` (a component with no recorded version is stale).
``depends_on`` lists the other components whose output shapes the rows: a version bump of any of
them (or of the model) makes the kind stale too.

*Link kind* (cross-article records keyed by their own ids: stories, identities, claims,
disagreements): same module and dataclass, with ``scope="link"``, a ``key`` (the fields that form
the primary key, default ``("id",)``) and the linker that produces it as ``component``::

    @dataclass(slots=True)
    class Story:
        id: str
        title: str
        article_ids: list[str]     # JSON column
        component: str = ""

    register(RecordKind("stories", Story, item="story", scope="link", component="stories"))

A link kind has no ``article_id`` column and no Doc extension; a linker registered in
:mod:`newstrail.link` produces its records and ``Store.replace_links`` stores them (the link stage
replaces all records of that kind made by the linker, so re-running it is idempotent).
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any, Literal, TypeVar

__all__ = [
    "Article",
    "Column",
    "Entity",
    "Extracted",
    "Extraction",
    "Place",
    "Quote",
    "QuoteKind",
    "RecordKind",
    "Speaker",
    "TextSpan",
    "TimeExpr",
    "TimeType",
    "article_kinds",
    "column_meta",
    "link_kinds",
    "record_from",
    "record_kind",
    "record_kinds",
    "register",
]

QuoteKind = Literal["direct", "indirect", "mixed"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
R = TypeVar("R")


def column_meta(*, index: bool = False, column: str | None = None) -> dict[str, Any]:
    """Field metadata for the store: ``index`` the column; ``column`` prefix for a nested field."""
    return {"index": index, "column": column}


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

    name: str | None = field(metadata=column_meta(index=True))
    mention: TextSpan | None = field(default=None, metadata=column_meta(column="mention"))
    label: str | None = None  # PERSON or ORG when known
    role: str | None = None


@dataclass(slots=True)
class Extracted:
    """What every extracted record starts with: its text and offsets in the article
    (``text == article.text[start:end]``); each record kind ends with its ``component``."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Quote(Extracted):
    """A quotation or reported speech and whom the article attributes it to."""

    kind: QuoteKind
    cue: TextSpan | None
    speaker: Speaker
    # The quoted content may be discontinuous ("..., he said, ..."): its fragments in order.
    fragments: list[TextSpan] = field(default_factory=list)
    component: str = ""


@dataclass(slots=True)
class Entity(Extracted):
    """One mention of a person, organisation, place or group, with its canonical name."""

    label: str
    name: str = field(metadata=column_meta(index=True))
    role: str | None = None
    cluster: int | None = None  # in-document identity (coreference chain), shared by mentions
    component: str = ""


@dataclass(slots=True)
class Place(Extracted):
    """A place mention resolved (when possible) to a GeoNames entry with coordinates."""

    name: str = field(metadata=column_meta(index=True))
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
class TimeExpr(Extracted):
    """A time expression normalised to a TIMEX3 value (and an interval when it has one)."""

    type: TimeType
    value: str  # TIMEX3 value at the precision the text gives
    mod: str | None = None
    # Derived interval [interval_start, interval_end) for timelines, ISO dates; None if open.
    interval_start: str | None = None
    interval_end: str | None = None
    component: str = ""


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


# -- record kinds ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """One stored column of a record kind, derived from a (possibly nested) dataclass field.

    ``path`` is the field path in the record (``("speaker", "mention", "start")``); ``name`` the
    column name (``mention_start``); ``export`` the name in flat exports (``speaker_mention_start``).
    """

    name: str
    path: tuple[str, ...]
    type: type
    nullable: bool
    index: bool = False
    export: str = ""


_SCALARS: tuple[type, ...] = (bool, int, float, str)


@cache
def _hints(cls: type) -> dict[str, Any]:
    """The resolved field types of a record class (resolving them is slow; rows are many)."""
    return typing.get_type_hints(cls)


def _unwrap(hint: Any) -> tuple[Any, bool]:
    """``X | None`` → ``(X, True)``; anything else → ``(hint, False)``."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return (rest[0] if len(rest) == 1 else Any), True
    return hint, False


def _leaf_type(hint: Any) -> type:
    if typing.get_origin(hint) is Literal:
        return str
    if hint in _SCALARS:
        return typing.cast(type, hint)
    if typing.get_origin(hint) in (list, dict) or hint in (list, dict):
        return list if (typing.get_origin(hint) or hint) is list else dict
    raise TypeError(
        f"record field type {hint!r} has no column type; use str, int, float, bool, ..."
    )


def _columns(
    cls: type, path: tuple[str, ...], prefix: str, nullable: bool, export_prefix: str
) -> list[Column]:
    hints = _hints(cls)
    out: list[Column] = []
    for f in dataclasses.fields(cls):
        hint, optional = _unwrap(hints[f.name])
        name = f"{prefix}{f.name}"
        export = f"{export_prefix}{f.name}"
        if dataclasses.is_dataclass(hint):
            nested_prefix = f"{f.metadata.get('column') or name}_"
            out += _columns(
                typing.cast(type, hint),
                (*path, f.name),
                nested_prefix,
                nullable or optional,
                f"{export}_",
            )
            continue
        out.append(
            Column(
                name=name,
                path=(*path, f.name),
                type=_leaf_type(hint),
                nullable=nullable or optional,
                index=bool(f.metadata.get("index")),
                export=export,
            )
        )
    return out


@dataclass(frozen=True)
class RecordKind:
    """One kind of record, declared once; see the module docstring for how to add one.

    ``name``: plural key — SQL table, JSONL key, ``Doc`` extension, :class:`Extraction` attribute.
    ``record``: the dataclass. ``item``: singular — CSV ``item`` value, highlight class ``hl-<item>``.
    ``scope``: ``"article"`` (rows keyed by article, filled by a pipeline component) or ``"link"``
    (cross-article rows keyed by ``key``, filled by a linker). ``component``: the factory/linker
    name that produces the records; ``depends_on``: other components whose versions shape them.
    ``indexes``: extra (multi-column) indexes. ``csv``: the export CSV columns, when the CSV should
    not simply carry every scalar column under its own name: each a column name, or a pair (CSV
    column, column name). ``describe``: the title of
    a highlighted item in the web UI (``None``: not highlighted). ``order``: position in exports.
    """

    name: str
    record: type
    item: str
    component: str
    scope: Literal["article", "link"] = "article"
    depends_on: tuple[str, ...] = ()
    key: tuple[str, ...] = ("id",)
    indexes: tuple[tuple[str, ...], ...] = ()
    csv: tuple[str | tuple[str, str], ...] | None = None
    describe: Callable[[dict[str, Any]], str] | None = None
    order: int = 100

    @cached_property
    def columns(self) -> list[Column]:
        """Every stored column of the record, in field order (nested fields flattened)."""
        return _columns(self.record, (), "", False, "")

    @property
    def components(self) -> tuple[str, ...]:
        """Every component whose version change makes stored records of this kind stale."""
        return (self.component, *self.depends_on)

    def to_row(self, record: Any) -> dict[str, Any]:
        """A record as a flat row of column values."""
        row: dict[str, Any] = {}
        for col in self.columns:
            value: Any = record
            for part in col.path:
                if value is None:
                    break
                value = getattr(value, part)
            if value is not None and col.type is list:
                value = [
                    dataclasses.asdict(v)
                    if dataclasses.is_dataclass(v) and not isinstance(v, type)
                    else v
                    for v in value
                ]
            row[col.name] = value
        return row

    def from_row(self, row: dict[str, Any]) -> dict[str, Any]:
        """A stored row as the exported record: nested objects rebuilt, ``None`` when empty."""
        out: dict[str, Any] = {}
        for col in self.columns:
            target = out
            for part in col.path[:-1]:
                target = target.setdefault(part, {})
            value = row.get(col.name)
            if value is None and col.type is list:
                value = []
            target[col.path[-1]] = value
        return _collapse_empty(out, self.record)

    def to_record(self, row: dict[str, Any]) -> Any:
        """A stored row as the dataclass instance again."""
        return _build(self.record, self.from_row(row))

    def csv_row(self, record: dict[str, Any]) -> dict[str, Any]:
        """The export-CSV cells of one exported record."""
        flat = flatten(record)
        if self.csv is None:
            return {
                c.export: flat.get(c.export) for c in self.columns if c.type not in (list, dict)
            }
        by_name = {c.name: c.export for c in self.columns}
        return {cell: flat.get(by_name.get(col, col)) for cell, col in self._csv_cells}

    @property
    def csv_columns(self) -> list[str]:
        if self.csv is None:
            return [c.export for c in self.columns if c.type not in (list, dict)]
        return [cell for cell, _ in self._csv_cells]

    @cached_property
    def _csv_cells(self) -> list[tuple[str, str]]:
        """``csv`` as (CSV column, column name) pairs."""
        return [(c, c) if isinstance(c, str) else c for c in self.csv or ()]


@cache
def _nested(cls: type) -> tuple[tuple[str, type, bool], ...]:
    """The fields of ``cls`` that hold a nested dataclass: ``(name, class, optional)``."""
    hints = _hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        hint, optional = _unwrap(hints[f.name])
        if dataclasses.is_dataclass(hint):
            out.append((f.name, typing.cast(type, hint), optional))
    return tuple(out)


def _collapse_empty(values: dict[str, Any], cls: type) -> dict[str, Any]:
    for name, nested_cls, optional in _nested(cls):
        if isinstance(values.get(name), dict):
            nested = _collapse_empty(values[name], nested_cls)
            empty = all(v is None for v in nested.values())
            values[name] = None if optional and empty else nested
    return values


def _build(cls: type, values: dict[str, Any]) -> Any:
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        hint, _ = _unwrap(hints[f.name])
        value = values.get(f.name)
        if dataclasses.is_dataclass(hint) and isinstance(value, dict):
            value = _build(typing.cast(type, hint), value)
        elif typing.get_origin(hint) is list and value:
            (inner,) = typing.get_args(hint) or (Any,)
            if dataclasses.is_dataclass(inner):
                value = [_build(typing.cast(type, inner), v) for v in value]
        kwargs[f.name] = value
    return cls(**kwargs)


def record_from(cls: type[R], source: object, **values: Any) -> R:
    """A ``cls`` record (a dataclass) whose fields are ``values``, the others copied from the
    attributes of the same names on ``source`` (a record of another kind, a match, ...)."""
    return cls(
        **{
            f.name: values[f.name] if f.name in values else getattr(source, f.name)
            for f in dataclasses.fields(typing.cast(Any, cls))
        }
    )


def flatten(item: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A nested record as one level: ``{"speaker": {"name": x}}`` → ``{"speaker_name": x}``."""
    import json

    flat: dict[str, Any] = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}_"))
        elif isinstance(value, list):
            flat[name] = (
                json.dumps(value, ensure_ascii=False)
                if value and isinstance(value[0], dict)
                else "; ".join(str(v) for v in value)
            )
        else:
            flat[name] = value
    return flat


_REGISTRY: dict[str, RecordKind] = {}
_DISCOVERED = False


def register(kind: RecordKind) -> RecordKind:
    """Declare a record kind (once per name; re-registering the same declaration is harmless)."""
    known = _REGISTRY.get(kind.name)
    if known is not None and known.record is not kind.record:
        raise ValueError(f"record kind {kind.name!r} is already declared by {known.record!r}")
    _REGISTRY[kind.name] = kind
    return kind


def _discover() -> None:
    """Import every module of :mod:`newstrail.records` (each registers its kind)."""
    global _DISCOVERED
    if _DISCOVERED:
        return
    _DISCOVERED = True
    package = importlib.import_module("newstrail.records")
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"newstrail.records.{module.name}")


def record_kinds() -> list[RecordKind]:
    """Every declared kind, in export order."""
    _discover()
    return sorted(_REGISTRY.values(), key=lambda k: k.order)


def article_kinds() -> list[RecordKind]:
    return [k for k in record_kinds() if k.scope == "article"]


def link_kinds() -> list[RecordKind]:
    return [k for k in record_kinds() if k.scope == "link"]


def record_kind(name: str) -> RecordKind:
    """The kind called ``name`` (plural, e.g. ``"quotes"``) or with that ``item`` (``"quote"``)."""
    for kind in record_kinds():
        if name in (kind.name, kind.item):
            return kind
    raise KeyError(f"no record kind {name!r}")


class Extraction:
    """Everything the NLP pipeline found in one article: a list per article record kind.

    ``Extraction(quotes=[...], entities=[...])``; each kind is an attribute (``ex.quotes``) and
    ``ex.records`` maps kind names to lists. ``components`` maps component name → version, plus
    ``"model"`` → ``"<name>-<version>"``.
    """

    __slots__ = ("components", "records")

    def __init__(self, components: dict[str, str] | None = None, **records: list[Any]):
        kinds = {k.name for k in article_kinds()}
        unknown = set(records) - kinds
        if unknown:
            raise TypeError(f"Extraction has no record kind {sorted(unknown)}")
        self.components: dict[str, str] = dict(components or {})
        self.records: dict[str, list[Any]] = {
            name: list(records.get(name) or []) for name in sorted(kinds)
        }

    def __getattr__(self, name: str) -> list[Any]:
        if name.startswith("_") or name in Extraction.__slots__:
            raise AttributeError(name)  # unpickling asks before the slots are set
        try:
            return self.records[name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={len(v)}" for k, v in self.records.items())
        return f"Extraction({counts}, components={self.components!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Extraction)
            and self.records == other.records
            and self.components == other.components
        )


# -- the built-in kinds ---------------------------------------------------------------------------


def _describe_quote(q: dict[str, Any]) -> str:
    return f"Quote attributed to {q['speaker']['name'] or 'unresolved speaker'} ({q['kind']})"


def _describe_entity(e: dict[str, Any]) -> str:
    return f"{e['label']}: {e['name']}" + (f" — {e['role']}" if e["role"] else "")


def _describe_place(p: dict[str, Any]) -> str:
    return f"Place: {p['name']}" + (f" ({p['country']})" if p["country"] else "")


def _describe_time(t: dict[str, Any]) -> str:
    return f"{t['type']}: {t['value']}"


_MODEL = "model"  # the backbone: every kind depends on it

register(
    RecordKind(
        "quotes",
        Quote,
        item="quote",
        component="newstrail_quotes",
        depends_on=(_MODEL, "newstrail_entities", "newstrail_coref"),
        csv=(
            "start",
            "end",
            "text",
            "kind",
            ("speaker", "speaker_name"),
            ("role", "speaker_role"),
            ("speaker_mention", "mention_text"),
            ("cue", "cue_text"),
            "component",
        ),
        describe=_describe_quote,
        order=10,
    )
)
register(
    RecordKind(
        "entities",
        Entity,
        item="entity",
        component="newstrail_entities",
        depends_on=(_MODEL, "newstrail_coref"),  # coref sets Entity.cluster
        csv=("start", "end", "text", "label", "name", "role", "component"),
        describe=_describe_entity,
        order=20,
    )
)
register(
    RecordKind(
        "places",
        Place,
        item="place",
        component="newstrail_places",
        depends_on=(_MODEL, "newstrail_entities"),
        csv=("start", "end", "text", "name", "lat", "lon", "country", "geonameid", "component"),
        describe=_describe_place,
        order=30,
    )
)
register(
    RecordKind(
        "times",
        TimeExpr,
        item="time",
        component="newstrail_times",
        depends_on=(_MODEL, "newstrail_entities"),
        indexes=(("interval_start", "interval_end"),),
        csv=("start", "end", "text", "type", "value", "component"),
        describe=_describe_time,
        order=40,
    )
)
