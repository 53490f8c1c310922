"""The link stage: cross-article records (stories, identities, claims, ...) over the whole store.

A *linker* reads the stored articles and returns records of one or more link record kinds (see
:mod:`newstrail.models`, ``scope="link"``); :func:`run_links` runs every registered linker and
replaces, per kind, the records that linker made before — so running it again is idempotent.
``newstrail link`` runs this stage alone; ``newstrail ingest`` runs it after storing new articles.

How to add a linker: write ``newstrail/link/<name>.py`` with a function ``Store → {kind name:
[records]}`` and register it at import, then add the module to :data:`LINKER_MODULES`::

    from newstrail.link import Linker, register_linker

    VERSION = "1.0.0"

    def find_stories(store: Store) -> dict[str, list[Story]]:
        records = list(store.iter_records())           # every article in the export shape
        ...
        return {"stories": [Story(id=..., ..., component=f"stories@{VERSION}")]}

    register_linker(Linker("stories", VERSION, find_stories, kinds=("stories",)))

Cross-article views computed on request (:func:`newstrail.link.compare.compare`) live here too.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from newstrail.models import record_kind
from newstrail.store import Store

__all__ = ["LINKER_MODULES", "LinkReport", "Linker", "linkers", "register_linker", "run_links"]

# Modules that register linkers when imported (one line per linker module).
LINKER_MODULES: tuple[str, ...] = (
    "newstrail.link.crossref",  # copies + stories, identities
    "newstrail.link.claims",  # after stories/identities/duplicates: it reads them
    "newstrail.link.disagreements",
)


@dataclass(frozen=True, slots=True)
class Linker:
    """A cross-article step: ``run(store)`` returns ``{link kind name: records}``.

    ``kinds`` are the link kinds it produces (all of them are replaced on each run, so a kind
    for which it returns nothing is emptied); its records' ``component`` is ``name@version``.
    """

    name: str
    version: str
    run: Callable[[Store], dict[str, list[Any]]]
    kinds: tuple[str, ...] = ()

    @property
    def component(self) -> str:
        return f"{self.name}@{self.version}"


_LINKERS: dict[str, Linker] = {}


def register_linker(linker: Linker) -> Linker:
    for name in linker.kinds:
        if record_kind(name).scope != "link":
            raise ValueError(f"linker {linker.name}: {name!r} is not a link record kind")
    _LINKERS[linker.name] = linker
    return linker


def linkers() -> list[Linker]:
    """Every registered linker, in the order of :data:`LINKER_MODULES` (a later linker reads what
    an earlier one stored), whatever order the modules happened to be imported in; linkers from
    other modules come last, in registration order."""
    for module in LINKER_MODULES:
        importlib.import_module(module)
    rank = {module: i for i, module in enumerate(LINKER_MODULES)}
    return sorted(_LINKERS.values(), key=lambda linker: rank.get(linker.run.__module__, len(rank)))


@dataclass(slots=True)
class LinkReport:
    records: dict[str, int] = field(default_factory=dict)  # "linker: kind" → records stored

    def summary(self) -> str:
        if not self.records:
            return "no linkers registered: nothing to link"
        return ", ".join(f"{n} {key}" for key, n in self.records.items())


def run_links(store: Store, names: list[str] | None = None) -> LinkReport:
    """Run the registered linkers (or those named) over ``store`` and store their records."""
    report = LinkReport()
    for linker in linkers():
        if names is not None and linker.name not in names:
            continue
        produced = linker.run(store)
        for kind_name in linker.kinds:
            stored = store.replace_links(
                record_kind(kind_name), produced.get(kind_name, []), linker.component
            )
            report.records[f"{linker.name}: {kind_name}"] = stored
    return report
