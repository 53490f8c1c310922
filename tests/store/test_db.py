from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from newstrail.errors import StoreError
from newstrail.models import Article, Entity, Extraction, Place, Quote, Speaker, TextSpan, TimeExpr
from newstrail.store import Store, queries
from newstrail.store import schema as s
from newstrail.store.queries import Filters

TEXT = 'Mayor Ana Lima said on Monday that "the bridge will reopen in May". Lisbon agreed.'


def extraction_for(text: str) -> Extraction:
    quote_start = text.index('"the bridge')
    quote_end = text.index('".') + 1
    cue = text.index("said")
    who = text.index("Ana Lima")
    lisbon = text.index("Lisbon")
    monday = text.index("Monday")
    return Extraction(
        quotes=[
            Quote(
                text=text[quote_start:quote_end],
                start=quote_start,
                end=quote_end,
                kind="mixed",
                cue=TextSpan("said", cue, cue + 4),
                speaker=Speaker("Ana Lima", TextSpan("Ana Lima", who, who + 8), "PERSON", "Mayor"),
                component="newstrail_quotes@test",
            )
        ],
        entities=[Entity("Ana Lima", who, who + 8, "PERSON", "Ana Lima", "Mayor", 0, "ent@test")],
        places=[
            Place(
                "Lisbon",
                lisbon,
                lisbon + 6,
                "Lisbon",
                38.72,
                -9.14,
                "PT",
                2267057,
                component="places@test",
            )
        ],
        times=[
            TimeExpr(
                "Monday",
                monday,
                monday + 6,
                "DATE",
                "2024-05-06",
                interval_start="2024-05-06",
                interval_end="2024-05-07",
                component="times@test",
            )
        ],
        components={"model": "en_core_web_md-3.8.0", "newstrail_quotes": "test"},
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(str(tmp_path / "kb.db"))


def add(store: Store, text: str = TEXT, **meta: str) -> tuple[str, str]:
    article = Article(text=text, path=meta.pop("path", "a.txt"), **meta)  # type: ignore[arg-type]
    return store.add(article, extraction_for(text))


def test_db_roundtrip_keeps_offsets_and_components(store: Store) -> None:
    article_id, outcome = add(store, published="2024-05-07T10:00:00+01:00", title="Bridge")
    assert outcome == "added"
    record = store.get_article(article_id[:6])
    assert record is not None
    assert record["published"] == "2024-05-07T10:00:00+01:00"
    for kind in ("quotes", "entities", "places", "times"):
        [item] = record[kind]
        assert record["text"][item["start"] : item["end"]] == item["text"]
    quote = record["quotes"][0]
    assert quote["speaker"]["name"] == "Ana Lima" and quote["cue"]["text"] == "said"
    assert record["components"]["model"] == "en_core_web_md-3.8.0"


def test_db_same_text_twice_is_idempotent(store: Store) -> None:
    first = add(store)
    second = add(store, path="elsewhere.txt")
    assert second == (first[0], "duplicate")
    assert store.counts()["articles"] == 1 and store.counts()["quotes"] == 1


def test_db_changed_text_becomes_new_version_old_kept(store: Store) -> None:
    old_id, _ = add(store)
    new_id, outcome = add(store, text=TEXT + " Porto did too.")
    assert outcome == "new_version"
    new = store.get_article(new_id)
    assert new is not None and new["version"] == 2 and new["supersedes"] == old_id
    assert store.get_article(old_id) is not None


def test_db_failed_write_stores_nothing_of_the_article(store: Store) -> None:
    extraction = extraction_for(TEXT)
    extraction.entities.append(Entity("x", 0, 1, None, "x"))  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="not stored"):
        store.add(Article(text=TEXT, path="a.txt"), extraction)
    with store.engine.connect() as conn:
        for table in (s.articles, s.quotes, s.entities, s.places, s.times):
            assert conn.execute(select(func.count()).select_from(table)).scalar_one() == 0


@pytest.mark.parametrize(
    "query", ['bridge "', "AND OR NOT", "reo*pen", "(", "Lisbon NEAR/2 x", "ç"]
)
def test_db_search_any_user_text_is_safe(store: Store, query: str) -> None:
    add(store)
    queries.search(store, Filters(text=query))
    queries.list_quotes(store, Filters(), queries.QuoteQuery(text=query))


def test_db_search_finds_words_with_snippet(store: Store) -> None:
    article_id, _ = add(store, title="Bridge")
    [hit], _ = queries.search(store, Filters(text="bridge reopen"))
    assert hit["id"] == article_id and ("bridge", True) in queries.snippet_parts(hit["snippet"])


def test_db_quotes_filter_by_speaker_and_date(store: Store) -> None:
    add(store, published="2024-05-07")
    assert queries.list_quotes(store, Filters(), queries.QuoteQuery(speaker_like="lima"))[1] == 1
    assert (
        queries.list_quotes(store, Filters(), queries.QuoteQuery(speaker_like="Someone Else"))[1]
        == 0
    )
    assert queries.list_quotes(store, Filters(since="2024-05-01"))[1] == 1
    assert queries.list_quotes(store, Filters(since="2024-06-01"))[1] == 0


def test_db_articles_published_vs_event_period(store: Store) -> None:
    add(store, published="2024-06-01")
    period = Filters(events_since="2024-05-01", events_until="2024-05-31")
    assert queries.list_articles(store, period)[1] == 1
    assert queries.list_articles(store, Filters(since="2024-07-01"))[1] == 0
    assert queries.list_articles(store, Filters(events_since="2024-05-08"))[1] == 0


def test_db_unusable_url_is_clear_error() -> None:
    with pytest.raises(StoreError, match="Cannot"):
        Store("nosuchdriver://x/y")


def test_db_add_many_stores_what_add_stores(tmp_path: Path) -> None:
    from benchmarks.synthetic import synthetic_records

    one, many = Store(str(tmp_path / "one.db")), Store(str(tmp_path / "many.db"))
    records = list(synthetic_records(7, seed=4))
    for article, extraction in records:
        one.add(article, extraction)
    outcomes = many.add_many([*records, records[0]], batch=3)
    assert [o for _, o in outcomes] == ["added"] * 7 + ["duplicate"]

    def strip(record: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in record.items() if k != "components"}

    def records(store: Store) -> list[dict[str, Any]]:  # ingest times may differ by a second
        return sorted((strip(r) for r in store.iter_records()), key=lambda r: r["id"])

    assert records(many) == records(one)
