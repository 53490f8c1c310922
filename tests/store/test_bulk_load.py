"""The benchmarks' bulk loader writes what ``Store.add`` writes (so figures on its databases hold)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.synthetic import bulk_load, synthetic_records

from newstrail.store import Store
from newstrail.store import queries as Q


def test_bulk_load_writes_the_rows_store_add_writes(tmp_path: Path) -> None:
    bulk, added = str(tmp_path / "bulk.db"), str(tmp_path / "added.db")
    bulk_load(bulk, 40, batch=16)
    Store(added).add_many(synthetic_records(40, events=True))
    fast, slow = Store(bulk), Store(added)

    def records(store: Store) -> dict[str, dict[str, object]]:
        return {r["id"]: {**r, "story": None} for r in store.iter_records()}

    assert records(fast) == records(slow)
    for store in (fast, slow):  # both full-text indexes answer alike
        rows, total = Q.search(store, Q.Filters(text="river"), limit=100)
        quotes, _ = Q.list_quotes(store, Q.Filters(), Q.QuoteQuery(text="plan"), limit=100)
        assert (total, len(quotes)) == (
            Q.search(slow, Q.Filters(text="river"), limit=100)[1],
            len(Q.list_quotes(slow, Q.Filters(), Q.QuoteQuery(text="plan"), limit=100)[0]),
        )
    counts = fast.counts()
    assert counts["stories"] == 5 and counts["article_links"] == 40 and counts["claims"] == 5
    assert counts["event_groups"] == 5 and counts["identities"] > 0
