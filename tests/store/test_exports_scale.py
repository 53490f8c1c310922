"""Parquet and network (GraphML/GEXF) exports, read back by pandas and networkx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from newstrail.models import Article, Entity, Extraction, Quote, Speaker, TextSpan
from newstrail.store import Store
from newstrail.store.graph import build_network, write_network
from newstrail.store.parquet import export_tables, write_parquet

TEXT = (
    'Anna Berg said: "Lars Holm has not answered our letters about the dock." '
    "Lars Holm declined to comment."
)


def _quote_store(db: str) -> tuple[Store, str]:
    store = Store(db)
    quote_text = '"Lars Holm has not answered our letters about the dock."'
    start = TEXT.index(quote_text)
    extraction = Extraction(
        quotes=[
            Quote(
                text=quote_text,
                start=start,
                end=start + len(quote_text),
                kind="direct",
                cue=TextSpan("said", 10, 14),
                speaker=Speaker("Anna Berg", TextSpan("Anna Berg", 0, 9), "PERSON"),
                component="newstrail_quotes@1",
            )
        ],
        entities=[
            Entity("Anna Berg", 0, 9, "PERSON", "Anna Berg", component="newstrail_entities@1"),
            Entity("Lars Holm", start + 1, start + 10, "PERSON", "Lars Holm", component="e@1"),
            Entity("Lars Holm", 74, 83, "PERSON", "Lars Holm", component="e@1"),
        ],
        components={"model": "test-0", "newstrail_quotes": "1"},
    )
    article = Article(
        text=TEXT, title="Dock letters", outlet="Harbour Wire", url="https://h.example/1"
    )
    article_id, _ = store.add(article, extraction)
    return store, article_id


def test_exports_parquet_typed_columns_read_back_by_pandas(
    sample_store: Any, tmp_path: Path
) -> None:
    pd = pytest.importorskip("pandas")
    store, ids = sample_store
    written = write_parquet(store, tmp_path / "pq")
    assert (
        set(written)
        == {t.name for t in export_tables()}
        >= {"articles", "quotes", "entities", "places", "times"}
    )
    assert written["articles"] == len(ids)
    for name, rows in written.items():
        assert len(pd.read_parquet(tmp_path / "pq" / f"{name}.parquet")) == rows
    places = pd.read_parquet(tmp_path / "pq" / "places.parquet")
    assert str(places["lat"].dtype) == "float64"
    assert str(places["start"].dtype) == "int64"
    assert str(places["demonym"].dtype) == "bool"
    articles = pd.read_parquet(tmp_path / "pq" / "articles.parquet").set_index("id")
    for row in places.itertuples():
        assert articles.loc[row.article_id, "text"][row.start : row.end] == row.text


def test_exports_parquet_empty_store_has_empty_typed_files(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    write_parquet(Store(str(tmp_path / "empty.db")), tmp_path / "pq")
    table = pq.read_table(tmp_path / "pq" / "quotes.parquet")
    assert table.num_rows == 0 and str(table.schema.field("start").type) == "int64"


def test_exports_network_quotes_and_mentions(db_url: str) -> None:
    store, article_id = _quote_store(db_url)
    graph = build_network(store)
    edges = {(u, v, k): d for u, v, k, d in graph.edges(keys=True, data=True)}
    assert edges == {
        ("outlet:Harbour Wire", "party:Anna Berg", "quotes"): {
            "relation": "quotes",
            "weight": 1,
            "articles": article_id,
        },
        ("party:Anna Berg", "party:Lars Holm", "mentions"): {
            "relation": "mentions",
            "weight": 1,
            "articles": article_id,
        },
    }


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exports_network_files_load_in_networkx(
    sample_store: Any, tmp_path: Path, fmt: str
) -> None:
    store, ids = sample_store
    path = tmp_path / f"net.{fmt}"
    nodes, edges = write_network(store, fmt, path)
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (nodes, edges) and edges > 0
    for _, _, data in graph.edges(data=True):
        assert set(data["articles"].split()) <= set(ids)
        assert int(data["weight"]) >= 1
