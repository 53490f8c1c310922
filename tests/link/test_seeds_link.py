"""The link stage on the two seed articles: separate stories, one identity per shared place."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrail.link import run_links
from newstrail.models import record_kind
from newstrail.store import Store

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seeds"

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds not available"),
]


def test_link_seeds_separate_stories_shared_place_identities(tmp_path: Path) -> None:
    from newstrail.ingest.batch import ingest

    store = Store(str(tmp_path / "seeds.db"))
    ingest([str(SEEDS)], store)
    run_links(store)
    run_links(store)  # idempotent: the same records again
    stories = store.link_records(record_kind("stories"))
    assert len(stories) == 2
    links = store.link_records(record_kind("article_links"))
    assert all(link["duplicate_of"] is None for link in links)
    names = {}
    for identity in store.link_records(record_kind("identities")):
        names.setdefault(identity["name"], []).append(identity)
    for place in ("Kalbajar", "Azerbaijan", "Armenia"):
        assert len(names[place]) == 1, place
        assert len(names[place][0]["articles"]) == 2, place


def test_link_seeds_ingested_in_two_batches_link_as_one_pass(tmp_path: Path) -> None:
    """Streaming: the second seed arrives in a later ingest and joins what the first left."""
    from newstrail.ingest.batch import ingest

    store = Store(str(tmp_path / "seeds.db"))
    first, second = sorted(SEEDS.glob("*.txt"))[:2]
    ingest([str(first)], store)  # ingest runs the link stage at the end of each batch
    ingest([str(second)], store)
    assert len(store.link_records(record_kind("stories"))) == 2
    names: dict[str, list[dict[str, object]]] = {}
    for identity in store.link_records(record_kind("identities")):
        names.setdefault(identity["name"], []).append(identity)
    for place in ("Kalbajar", "Azerbaijan", "Armenia"):
        assert len(names[place]) == 1, place
        assert len(names[place][0]["articles"]) == 2, place  # type: ignore[arg-type]
