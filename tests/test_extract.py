"""The extract stage over stored articles: a component version bump re-extracts exactly the
affected articles and kinds, leaves every other row untouched, and is idempotent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from newstrail.extract import extract_stored, stale_work
from newstrail.ingest.batch import ingest
from newstrail.models import Article, Extraction, Quote, Speaker, TimeExpr
from newstrail.store import Store
from newstrail.store import schema as s

VERSIONS = {
    "model": "fake-1",
    "newstrail_entities": "1.0.0",
    "newstrail_times": "1.0.0",
    "newstrail_coref": "1.0.0",
    "newstrail_quotes": "1.0.0",
}


class FakeExtractor:
    """Finds one quote and one time per article, stamped with the current versions."""

    def __init__(self) -> None:
        self.versions = dict(VERSIONS)
        self.calls = 0

    def extract(self, article: Article) -> Extraction:
        self.calls += 1
        text = article.text
        return Extraction(
            components=dict(self.versions),
            quotes=[
                Quote(
                    text[:5],
                    0,
                    5,
                    "direct",
                    None,
                    Speaker(None),
                    component=f"newstrail_quotes@{self.versions['newstrail_quotes']}",
                )
            ],
            times=[
                TimeExpr(
                    text[:3],
                    0,
                    3,
                    "DATE",
                    "2024",
                    component=f"newstrail_times@{self.versions['newstrail_times']}",
                )
            ],
        )


def rows(store: Store, table: Any) -> dict[int, tuple[str, str]]:
    with store.engine.connect() as conn:
        return {r.id: (r.article_id, r.component) for r in conn.execute(select(table))}


@pytest.fixture
def corpus(tmp_path: Path) -> list[str]:
    paths = []
    for name in ("a", "b", "c"):
        path = tmp_path / f"{name}.txt"
        path.write_text(f"Article {name}: the minister said it would rain in 2024.\n")
        paths.append(str(path))
    return paths


def test_extract_stale_redoes_exactly_the_bumped_component(
    tmp_path: Path, corpus: list[str]
) -> None:
    store, fake = Store(str(tmp_path / "kb.db")), FakeExtractor()
    first = ingest(corpus[:2], store, extractor=fake)
    fake.versions["newstrail_times"] = "2.0.0"  # a better times component
    third = ingest(corpus[2:], store, extractor=fake)
    quotes_before, times_before = rows(store, s.quotes), rows(store, s.times)
    fake.calls = 0

    report = extract_stored(store, stale=True, extractor=fake)

    assert (report.extracted, report.failed, fake.calls) == (2, 0, 2)
    assert dict(report.components) == {"newstrail_times": 2}
    assert rows(store, s.quotes) == quotes_before  # quotes do not depend on times
    times_after = rows(store, s.times)
    untouched = {i: r for i, r in times_before.items() if r[0] in third.article_ids}
    assert untouched.items() <= times_after.items()  # the up-to-date article keeps its rows
    assert sorted(r for r in times_after.values() if r[0] in first.article_ids) == sorted(
        (a, "newstrail_times@2.0.0") for a in first.article_ids
    )
    assert stale_work(store, fake.versions) == []
    again = extract_stored(store, stale=True, extractor=fake)
    assert again.extracted == 0 and "up to date" in again.summary()


def test_extract_stale_fills_articles_stored_without_extraction(
    tmp_path: Path, corpus: list[str]
) -> None:
    store, fake = Store(str(tmp_path / "kb.db")), FakeExtractor()
    report = ingest(corpus, store, extract=False)
    assert report.ingested == 3 and store.counts()["quotes"] == 0
    done = extract_stored(store, stale=True, extractor=fake)
    assert done.extracted == 3
    assert store.counts()["quotes"] == 3 and store.counts()["times"] == 3
    record = store.get_article(report.article_ids[0])
    assert record is not None and record["components"] == VERSIONS


def test_extract_model_change_redoes_every_kind(tmp_path: Path, corpus: list[str]) -> None:
    store, fake = Store(str(tmp_path / "kb.db")), FakeExtractor()
    ingest(corpus[:1], store, extractor=fake)
    quotes_before = rows(store, s.quotes)
    fake.versions["model"] = "fake-2"
    report = extract_stored(store, stale=True, extractor=fake)
    assert report.extracted == 1
    assert not set(rows(store, s.quotes)) & set(quotes_before)  # new rows replaced the old


def test_extract_all_without_stale(tmp_path: Path, corpus: list[str]) -> None:
    store, fake = Store(str(tmp_path / "kb.db")), FakeExtractor()
    ingest(corpus, store, extractor=fake)
    assert extract_stored(store, stale=True, extractor=fake).extracted == 0
    assert extract_stored(store, stale=False, extractor=fake).extracted == 3
    assert store.counts()["quotes"] == 3


@pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork"
)
def test_extract_articles_workers_share_the_given_extractor() -> None:
    """Forked workers inherit the loaded pipeline instead of loading their own: a fake one
    (no model anywhere) extracts every article, in order."""
    from newstrail.extract import extract_articles

    articles = [Article(text=f"Article {i}: the minister spoke.") for i in range(8)]
    results = list(extract_articles(articles, workers=2, extractor=FakeExtractor()))
    assert [r.records["quotes"][0].text for r in results] == [a.text[:5] for a in articles]  # type: ignore[union-attr]
