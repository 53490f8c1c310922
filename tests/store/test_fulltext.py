"""One search language, the same articles found on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from newstrail.models import Article, Extraction, Quote, Speaker
from newstrail.store import Store
from newstrail.store import schema as s
from newstrail.store.fulltext import (
    POSTGRES_DDL,
    Term,
    fold,
    fts5_query,
    matching_article_ids,
    matching_quote_ids,
    parse_query,
    ranked_articles,
    tsquery,
)

DOCS = {
    "dock": "Dock workers in Rotterdam walked out on Monday. The dock strike spread to Antwerp.",
    "dockers": "Dockers' unions said talks with the port authority had failed.",
    "zurich": "Officials in Zürich said the café near the station would reopen.",
    "strikes": "Rail strikes hit Berlin while the docking station stayed open.",
    "quiet": "Nothing happened in the harbour today, a spokeswoman said.",
}
QUERIES = {
    "dock*": {"dock", "dockers", "strikes"},
    "dock": {"dock"},
    '"dock strike"': {"dock"},
    '"strike dock"': set(),
    "dock AND Antwerp": {"dock"},
    "dock antwerp berlin": set(),
    "zurich": {"zurich"},
    "Zürich CAFE": {"zurich"},
    "strike": {"dock"},  # no stemming on either back end: "strikes" is another word
    "strike*": {"dock", "strikes"},
    '"dock stri"*': {"dock"},
    "%": set(),
    "": set(),
    "said": {"dockers", "zurich", "quiet"},
    "dockers'": {"dockers"},
    'OR ) ( NEAR "': set(),
}


@pytest.mark.parametrize(
    ("user_text", "terms"),
    [
        ("dock*", [Term(("dock",), True)]),
        ('"Dock strike" AND Zürich', [Term(("dock", "strike")), Term(("zurich",))]),
        ('"dock stri"*', [Term(("dock", "stri"), True)]),
        ("U.S. port", [Term(("u", "s")), Term(("port",))]),
        ("% * ( )", []),
    ],
)
def test_fulltext_parse_query(user_text: str, terms: list[Term]) -> None:
    assert parse_query(user_text) == terms


def test_fulltext_query_texts() -> None:
    terms = parse_query('"dock strike" rott*')
    assert fts5_query(terms) == '"dock strike" "rott"*'
    assert tsquery(terms) == "('dock' <-> 'strike') & ('rott':*)"
    assert fold("Zürich ÉCOLE Łódź") == "zurich ecole łodz"


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def search_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Store, dict[str, str]]:
    if request.param == "sqlite":
        store = Store(str(tmp_path_factory.mktemp("fulltext") / "kb.db"))
    else:
        store = Store(request.getfixturevalue("pg_database")())
    if store.engine.dialect.name == "postgresql":
        with store.engine.begin() as conn:
            for ddl in POSTGRES_DDL:  # idempotent: the store may have done it already
                conn.execute(text(ddl))
    ids = {}
    for name, body in DOCS.items():
        quote = Quote(
            text=body,
            start=0,
            end=len(body),
            kind="direct",
            cue=None,
            speaker=Speaker(name.title() + " Spokesperson", None, "PERSON"),
        )
        ids[name] = store.add(Article(text=body, path=f"{name}.txt"), Extraction(quotes=[quote]))[0]
    return store, ids


def _found(store: Store, query: Any) -> set[str]:
    with store.engine.connect() as conn:
        return {row[0] for row in conn.execute(query)}


@pytest.mark.parametrize("user_text", list(QUERIES))
def test_fulltext_same_articles_on_both_back_ends(search_store: Any, user_text: str) -> None:
    store, ids = search_store
    names = {article_id: name for name, article_id in ids.items()}
    dialect = store.engine.dialect.name
    found = _found(store, matching_article_ids(dialect, user_text))
    assert {names[i] for i in found} == QUERIES[user_text]


def test_fulltext_ranked_with_marked_snippets(search_store: Any) -> None:
    store, ids = search_store
    dialect = store.engine.dialect.name
    query = ranked_articles(dialect, "dock*", [s.articles.c.id], ("[", "]"))
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    assert {row.id for row in rows} == {ids["dock"], ids["dockers"], ids["strikes"]}
    assert rows[0].id == ids["dock"]  # two matches rank above one
    snippets = {row.id: row.snippet for row in rows}
    assert "[Dock]" in snippets[ids["dock"]] and "[docking]" in snippets[ids["strikes"]]


def test_fulltext_quotes_by_text_and_speaker(search_store: Any) -> None:
    store, ids = search_store
    dialect = store.engine.dialect.name
    assert len(_found(store, matching_quote_ids(dialect, "reopen"))) == 1
    assert len(_found(store, matching_quote_ids(dialect, "zurich spokes*"))) == 1
    assert len(_found(store, matching_quote_ids(dialect, "pay"))) == 0
