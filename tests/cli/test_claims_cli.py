"""The invented claim-trail stories through the real pipeline and the CLI export: what the
extractors find in them is grouped into claims as the annotation says (pinned floors)."""

from __future__ import annotations

import json
from itertools import combinations
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newstrail.cli.main import cli
from newstrail.http.app import create_app
from newstrail.store import Store
from tests.link.claims_fixture import gold_statements, load_stories


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def knowledge_base(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("claims_cli")
    source = folder / "stories.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for raw in load_stories()["articles"]:
            record = {
                "text": raw["text"],
                "title": raw["id"],
                "outlet": raw["outlet"],
                "published": raw["published"],
                "url": f"https://example.invalid/{raw['id']}",
            }
            out.write(json.dumps(record) + "\n")
    db = str(folder / "kb.db")
    assert invoke("ingest", str(source), "--db", db, "--workers", "1", "--quiet").exit_code == 0
    return db


@pytest.fixture(scope="module")
def exported(knowledge_base: str) -> dict[str, list[dict[str, Any]]]:
    return {
        fmt: [
            json.loads(line)
            for line in invoke(
                "export", "--db", knowledge_base, "--format", fmt
            ).output.splitlines()
        ]
        for fmt in ("jsonl", "claims", "disagreements")
    }


def _gold_of_quotes(articles: list[dict[str, Any]]) -> dict[tuple[str, int, int], str]:
    """Each extracted quote → the gold label of the annotated statement it overlaps most."""
    title_of = {a["id"]: a["title"] for a in articles}
    gold = gold_statements()
    labels: dict[tuple[str, int, int], str] = {}
    for article in articles:
        for quote in article["quotes"]:
            best, overlap = None, 0
            for (fixture_id, start, end), label in gold.items():
                if fixture_id != title_of[article["id"]]:
                    continue
                shared = min(end, quote["end"]) - max(start, quote["start"])
                if shared > overlap:
                    best, overlap = label, shared
            if best:
                labels[(article["id"], quote["start"], quote["end"])] = best
    return labels


@pytest.mark.model
def test_claims_cli_export_pins_the_invented_stories(
    exported: dict[str, list[dict[str, Any]]],
) -> None:
    articles, claims = exported["jsonl"], exported["claims"]
    assert claims and all(q.get("claim") for a in articles for q in a["quotes"])
    labels = _gold_of_quotes(articles)
    predicted = {(a["id"], q["start"], q["end"]): q["claim"] for a in articles for q in a["quotes"]}
    keys = sorted(labels)
    gold_pairs = {(x, y) for x, y in combinations(keys, 2) if labels[x] == labels[y]}
    found_pairs = {(x, y) for x, y in combinations(keys, 2) if predicted[x] == predicted[y]}
    true = len(gold_pairs & found_pairs)
    precision = true / max(len(found_pairs), 1)
    recall = true / max(len(gold_pairs), 1)
    print(f"quote-claim pairs through the pipeline: P {precision:.2f} R {recall:.2f}")
    # measured: P 0.92 R 0.58 with claims linked inside stories (the quote extractor joins some
    # consecutive quotes into one). The earlier R 0.74 came from claims running before stories in
    # this test process only (linker order followed import order), so all articles were one pool.
    assert precision >= 0.85 and recall >= 0.55
    rebuild = max(claims, key=lambda c: sum("left behind" in a["text"] for a in c["appearances"]))
    assert rebuild["first"]["outlet"] == "Coastal Herald"
    assert {"Coastal Herald", "Daily Meridian"} <= set(rebuild["outlets"])


@pytest.mark.model
def test_claims_cli_story_page_shows_where_sources_disagree(
    knowledge_base: str, exported: dict[str, list[dict[str, Any]]]
) -> None:
    killed = next(d for d in exported["disagreements"] if "killed" in d["about"])
    assert {v["outlet"] for v in killed["values"]} >= {"Daily Meridian", "Northwind Wire"}
    client = TestClient(create_app(Store(knowledge_base)))
    page = client.get(f"/story/{killed['story']}").text
    assert "Where sources disagree" in page and "does not say which is right" in page
    assert all(f"#o{v['start']}-{v['end']}" in page for v in killed["values"])
