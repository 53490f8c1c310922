"""Claims, disagreements and event groups linked batch by batch: a batch recomputes only the
stories and speaker pools it touches, claim ids stay, nothing new changes nothing, and
``rebuild`` gives what one pass over everything gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newstrail import link
from newstrail.link.claims import ClaimArticle, ClaimIndex, keep_claim_ids, link_claims
from newstrail.models import record_kind
from newstrail.store import Store
from tests.link.claims_fixture import article_records, stored_pair


def _add(kb: Store, record: ClaimArticle) -> None:
    """Store one invented article with its hand-made extraction (quotes, numbers, dates)."""
    kb.add(*stored_pair(record))


def _store(path: Path | str, ids: list[str]) -> Store:
    kb = Store(str(path))
    records = {r.id: r for r in article_records()}
    for article_id in ids:
        _add(kb, records[article_id])
    return kb


def _records(kb: Store, kind: str) -> list[dict[str, Any]]:
    return kb.link_records(record_kind(kind))


def _article_of(kb: Store, fixture_id: str) -> str:
    """The stored id (text hash) of a fixture article (its title is the fixture id)."""
    return next(r["id"] for r in kb.iter_records() if r["title"] == fixture_id)


def _claim_with(kb: Store, article: str, text: str) -> dict[str, Any]:
    return next(
        c
        for c in _records(kb, "claims")
        if any(a["article"] == article and a["text"].startswith(text) for a in c["appearances"])
    )


def _partition(kb: Store) -> list[tuple[tuple[str, int], ...]]:
    return sorted(
        tuple(sorted((a["article"], a["start"]) for a in c["appearances"]))
        for c in _records(kb, "claims")
    )


def _disagreement_keys(kb: Store) -> list[tuple[str, str, tuple[str, ...]]]:
    return sorted(
        (d["kind"], d["about"], tuple(sorted({v["article"] for v in d["values"]})))
        for d in _records(kb, "disagreements")
    )


BRIDGE = ["a1", "a2", "a3", "a4", "a5"]
EVERYTHING = [*BRIDGE, "a6", "b1", "b2", "b3", "c1"]


def test_claims_incremental_repeat_joins_the_known_claim_with_its_id(tmp_path: Path) -> None:
    kb = _store(tmp_path / "kb.db", ["a1", "a2", "a3", "b1"])
    link.run_links(kb)
    a1 = _article_of(kb, "a1")
    before = _claim_with(kb, a1, "We will rebuild the bridge")
    untouched = [c for c in _records(kb, "claims") if c["story"] != before["story"]]
    _add(kb, next(r for r in article_records() if r.id == "a6"))  # repeats Varga's quote
    link.run_links(kb)
    after = _claim_with(kb, a1, "We will rebuild the bridge")
    assert after["id"] == before["id"]
    a6 = _article_of(kb, "a6")
    assert after["appearances"][:-1] == before["appearances"]
    assert (after["appearances"][-1]["article"], after["appearances"][-1]["match"]) == (
        a6,
        "verbatim",
    )
    assert untouched and all(c in _records(kb, "claims") for c in untouched)


def test_claims_incremental_conflicting_count_adds_a_disagreement(tmp_path: Path) -> None:
    kb = _store(tmp_path / "kb.db", ["a1", "a2"])
    link.run_links(kb)
    assert not any(d["about"] == "people killed" for d in _records(kb, "disagreements"))
    _add(kb, next(r for r in article_records() if r.id == "a3"))  # "Nine people have died"
    link.run_links(kb)
    killed = [d for d in _records(kb, "disagreements") if d["about"] == "people killed"]
    assert len(killed) == 1
    assert {v["value"] for v in killed[0]["values"]} >= {"9"}


def test_claims_incremental_nothing_new_changes_nothing(tmp_path: Path) -> None:
    kb = _store(tmp_path / "kb.db", BRIDGE)
    link.run_links(kb)
    kinds = ("claims", "disagreements", "event_groups")
    before = {kind: _records(kb, kind) for kind in kinds}
    report = link.run_links(kb)
    assert report.summary() == "nothing new to link"
    assert {kind: _records(kb, kind) for kind in kinds} == before


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """A new empty database per call: a SQLite file, or PostgreSQL when a server is set up."""
    count = iter(range(100))

    def make() -> str:
        if request.param == "sqlite":
            return str(tmp_path / f"kb{next(count)}.db")
        return str(request.getfixturevalue("pg_database")())

    return make


@pytest.mark.parametrize("first_batch", [3, 6])
def test_claims_incremental_batches_then_rebuild_equals_one_pass(
    database: Any, first_batch: int
) -> None:
    one = _store(database(), EVERYTHING)
    link.run_links(one)
    batched = _store(database(), EVERYTHING[:first_batch])
    link.run_links(batched)
    kept = {c["id"] for c in _records(batched, "claims")}
    for fixture_id in EVERYTHING[first_batch:]:
        _add(batched, next(r for r in article_records() if r.id == fixture_id))
    link.run_links(batched)
    # The same claims as one pass, under the ids the first batch gave them.
    assert _partition(batched) == _partition(one)
    assert _disagreement_keys(batched) == _disagreement_keys(one)
    assert kept <= {c["id"] for c in _records(batched, "claims")} | _merged_ids(kept, batched)
    link.run_links(batched, rebuild=True)
    for kind in ("claims", "disagreements", "event_groups", "stories"):
        assert _records(batched, kind) == _records(one, kind), kind


def _merged_ids(kept: set[str], kb: Store) -> set[str]:
    """Ids of the first batch that no longer exist because their claim merged into an older."""
    return kept - {c["id"] for c in _records(kb, "claims")}


def _index(groups: list[list[tuple[str, int, int]]]) -> ClaimIndex:
    """A hand-made ClaimIndex whose claims hold the given statements (article, start, end)."""
    articles = [ClaimArticle(id=f"x{i}", text="x", published=f"2026-01-0{i + 1}") for i in range(9)]
    index = link_claims(articles)  # empty: no statements
    from newstrail.link.claims import Appearance, Claim

    for number, members in enumerate(groups):
        appearances = [
            Appearance(a, None, None, s, e, "t", "direct", "first", 1.0) for a, s, e in members
        ]
        index.claims.append(
            Claim(f"claim-new{number}", "t", None, None, None, appearances[0], appearances)
        )
        for key in members:
            index.by_statement[key] = f"claim-new{number}"
    return index


def _stored(claim_id: str, members: list[tuple[str, str | None, int, int]]) -> dict[str, Any]:
    return {
        "id": claim_id,
        "appearances": [
            {"article": a, "published": p, "start": s, "end": e, "copy_of": None}
            for a, p, s, e in members
        ],
    }


def test_claims_keep_claim_ids_gain_merge_and_new() -> None:
    index = _index(
        [
            [("x1", 0, 5), ("x2", 0, 5), ("x3", 0, 5)],  # old A gained x3
            [("x4", 0, 5), ("x5", 0, 5)],  # old B (later) and old C (earlier) merged
            [("x6", 0, 5)],  # nothing stored
        ]
    )
    old = {
        "claim-A": _stored("claim-A", [("x1", "2026-01-01", 0, 5), ("x2", "2026-01-02", 0, 5)]),
        "claim-B": _stored("claim-B", [("x4", "2026-01-05", 0, 5)]),
        "claim-C": _stored("claim-C", [("x5", "2026-01-03", 0, 5)]),
    }
    keep_claim_ids(index, old)
    assert [c.id for c in index.claims] == ["claim-A", "claim-C", "claim-new2"]
    assert index.by_statement[("x3", 0, 5)] == "claim-A"
    assert index.by_statement[("x4", 0, 5)] == "claim-C"
