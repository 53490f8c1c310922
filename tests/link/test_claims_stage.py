"""Claims and disagreements through the store: the linkers, the exports and quote.claim."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newstrail import link
from newstrail.store import Store
from newstrail.store.export import export
from tests.link.claims_fixture import build_store, gold_statements


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return build_store(tmp_path_factory.mktemp("claims") / "kb.db")


def _jsonl(store: Store, fmt: str) -> list[dict]:
    out = io.StringIO()
    export(store, fmt, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_claims_stage_export_claims_shape(store: Store) -> None:
    claims = _jsonl(store, "claims")
    assert claims
    for claim in claims:
        assert set(claim) >= {"id", "text", "speaker", "story", "first", "appearances"}
        assert set(claim["speaker"]) == {"name", "identity"}
        for appearance in claim["appearances"]:
            assert set(appearance) >= {
                "article",
                "start",
                "end",
                "kind",
                "match",
                "published",
                "outlet",
            }
    verbatim = next(c for c in claims if c["text"].startswith("We will rebuild"))
    assert verbatim["first"]["outlet"] == "Coastal Herald"
    assert len(verbatim["appearances"]) >= 4


def test_claims_stage_quotes_gain_claim(store: Store) -> None:
    articles = _jsonl(store, "jsonl")
    claims = {c["id"]: c for c in _jsonl(store, "claims")}
    quotes = [q for a in articles for q in a["quotes"]]
    assert quotes and all(q["claim"] in claims for q in quotes)
    for article in articles:
        for q in article["quotes"]:
            assert any(
                ap["article"] == article["id"] and ap["start"] == q["start"]
                for ap in claims[q["claim"]]["appearances"]
            )


def test_claims_stage_export_disagreements(store: Store) -> None:
    found = _jsonl(store, "disagreements")
    # without stories every article is its own story: only in-article disagreements, none here
    for d in found:
        assert set(d) >= {"id", "story", "about", "values"}
        for value in d["values"]:
            assert set(value) >= {
                "value",
                "text",
                "article",
                "start",
                "end",
                "outlet",
                "published",
                "asserted_by",
            }


def test_claims_stage_is_idempotent(store: Store) -> None:
    before = _jsonl(store, "claims")
    link.run_links(store, ["claims"])
    assert _jsonl(store, "claims") == before
    assert gold_statements()  # the fixture is intact
    assert Path(store.engine.url.database or "").exists()
