"""The link stage: registered linkers fill link record kinds over the whole store, idempotently."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from newstrail import link, models
from newstrail.models import Article, RecordKind
from newstrail.store import Store


@dataclass(slots=True)
class Pair:
    id: str
    article_ids: list[str] = field(default_factory=list)
    shared_words: int = 0
    component: str = ""


PAIRS = RecordKind("pairs_test", Pair, item="pair_test", component="pairs", scope="link")


def find_pairs(store: Store) -> dict[str, list[Any]]:
    records = list(store.iter_records())
    words = {r["id"]: set(r["text"].lower().split()) for r in records}
    ids = sorted(words)
    return {
        "pairs_test": [
            Pair(f"{a}-{b}", [a, b], len(words[a] & words[b]), "pairs@1")
            for i, a in enumerate(ids)
            for b in ids[i + 1 :]
        ]
    }


@pytest.fixture
def pairs_linker(monkeypatch: pytest.MonkeyPatch) -> link.Linker:
    monkeypatch.setitem(models._REGISTRY, PAIRS.name, PAIRS)
    linker = link.Linker("pairs", "1", find_pairs, kinds=("pairs_test",))
    monkeypatch.setattr(link, "_LINKERS", {"pairs": linker})
    monkeypatch.setattr(link, "LINKER_MODULES", ())  # no real linker registers meanwhile
    return linker


def test_stage_without_linkers_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(link, "_LINKERS", {})
    monkeypatch.setattr(link, "LINKER_MODULES", ())
    assert "no linkers" in link.run_links(Store(str(tmp_path / "kb.db"))).summary()


def test_stage_link_records_are_replaced_on_each_run(
    db_url: str, pairs_linker: link.Linker
) -> None:
    store = Store(db_url)  # on SQLite and PostgreSQL
    for text in ("The port reopened.", "The port closed.", "Rain fell."):
        store.add(Article(text))
    report = link.run_links(store)
    assert report.records == {"pairs: pairs_test": 3}
    first = store.link_records(PAIRS)
    again = link.run_links(store)  # nothing new: nothing runs
    assert again.records == {} and again.summary() == "nothing new to link"
    assert store.link_records(PAIRS) == first
    assert all(len(p["article_ids"]) == 2 and p["component"] == "pairs@1" for p in first)
    store.add(Article("The port reopened again."))
    assert link.run_links(store).records == {"pairs: pairs_test": 6}  # replaced, all pairs
    assert link.run_links(store, rebuild=True).records == {"pairs: pairs_test": 6}


def test_stage_rejects_a_linker_of_an_article_kind() -> None:
    with pytest.raises(ValueError, match="not a link record kind"):
        link.register_linker(link.Linker("bad", "1", find_pairs, kinds=("quotes",)))


def test_stage_linkers_run_in_module_order_whatever_the_import_order() -> None:
    import importlib

    from newstrail.link import LINKER_MODULES, linkers

    importlib.import_module("newstrail.link.disagreements")  # imported first on purpose
    modules = [linker.run.__module__ for linker in linkers()]
    known = [m for m in modules if m in LINKER_MODULES]
    assert known == sorted(known, key=LINKER_MODULES.index)
