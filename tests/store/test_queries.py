"""Read-only queries: aggregates, filters and the aggregate cache, on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

from benchmarks.synthetic import synthetic_records

from newstrail.store import Store
from newstrail.store import queries as Q
from tests.sample import build_sample


def test_queries_cache_never_serves_stale_aggregates(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "cache.db"))
    build_sample(store)
    before, total_before = Q.list_entities(
        store, Q.Filters(), Q.EntityQuery(label="PERSON"), limit=100
    )
    again, _ = Q.list_entities(store, Q.Filters(), Q.EntityQuery(label="PERSON"), limit=100)
    assert again == before
    again[0]["name"] = "mutated by a caller"  # callers get copies
    assert (
        Q.list_entities(store, Q.Filters(), Q.EntityQuery(label="PERSON"), limit=100)[0] == before
    )
    article, extraction = next(iter(synthetic_records(1, seed=3)))
    store.add(article, extraction)
    after, total_after = Q.list_entities(
        store, Q.Filters(), Q.EntityQuery(label="PERSON"), limit=100
    )
    new_name = extraction.entities[0].name
    assert new_name in {row["name"] for row in after}
    assert total_after >= total_before
    facets = Q.facets(store, Q.Filters())
    assert article.outlet in {f["value"] for f in facets["outlet"]}


def test_queries_window_total_matches_a_full_count(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "many.db"))
    for article, extraction in synthetic_records(60):
        store.add(article, extraction)
    everything, total = Q.list_entities(store, Q.Filters(), limit=1000)
    assert total == len(everything)
    page, paged_total = Q.list_entities(store, Q.Filters(), limit=5, offset=5)
    assert paged_total == total and page == everything[5:10]
    beyond, beyond_total = Q.list_entities(store, Q.Filters(), limit=5, offset=total + 10)
    assert beyond == [] and beyond_total == total
    places, places_total = Q.list_places(store, Q.Filters(year=2020), limit=1000)
    assert places_total == len(places)
    assert all(p["articles"] <= p["mentions"] for p in places)


def test_queries_names_match_whatever_the_case(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "case.db"))
    build_sample(store)
    exact, n_exact = Q.list_articles(store, Q.Filters(entity="Hikmat Hajiyev"))
    lower, n_lower = Q.list_articles(store, Q.Filters(entity="hikmat hajiyev"))
    assert n_exact == n_lower == 3 and exact == lower
    quotes, n = Q.list_quotes(store, Q.Filters(speaker="VUSAL GURBANOV"))
    assert n == 1 and quotes[0]["speaker"]["name"] == "Vusal Gurbanov"


def test_queries_snippet_parts_strip_markers() -> None:
    marked = f"a {Q.MARK_START}b{Q.MARK_END} c {Q.MARK_START}d"
    assert Q.snippet_parts(marked) == [("a ", False), ("b", True), (" c ", False), ("d", True)]
