"""The CLI end to end against a real SQLite database: ingest, list, show, search, export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newstrail.cli.main import cli
from newstrail.nlp.text import joined_fragments
from tests.conftest import loads_model

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"


def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
@loads_model
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "kb.db")
    result = invoke("ingest", str(REPO / "samples"), "--db", path, "--workers", "1", "--quiet")
    assert result.exit_code == 0, result.output
    assert "5 ingested" in result.output
    return path


@pytest.fixture(scope="module")
@loads_model
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent")
    path = str(tmp_path_factory.mktemp("seeds") / "kb.db")
    result = invoke("ingest", str(SEEDS), "--db", path, "--workers", "1", "--quiet")
    assert result.exit_code == 0, result.output
    return path


def export_jsonl(db: str) -> list[dict[str, Any]]:
    result = invoke("export", "--db", db, "--format", "jsonl")
    assert result.exit_code == 0
    return [json.loads(line) for line in result.output.splitlines()]


def test_main_seeds_export_published_given_or_null(seeds_db: str) -> None:
    records = {Path(r["source"]["path"]).name[:3]: r for r in export_jsonl(seeds_db)}
    assert records["002"]["published"] == "2022-06-03T11:00:00+04:00"
    assert records["000"]["published"] is None
    assert records["002"]["text"].startswith("The diplomatic corps")


def test_main_export_contract_fields_and_offsets(db: str) -> None:
    records = export_jsonl(db)
    assert len(records) == 5
    for record in records:
        assert {
            "id",
            "source",
            "title",
            "published",
            "text",
            "quotes",
            "entities",
            "places",
            "times",
        } <= set(record)
        assert set(record["source"]) >= {"path", "url", "outlet"}
        for kind, fields in {
            "quotes": {"text", "kind", "cue", "speaker", "start", "end"},
            "entities": {"text", "label", "name", "role", "start", "end"},
            "places": {"text", "name", "lat", "lon", "country", "geonameid", "start", "end"},
            "times": {"text", "type", "value", "start", "end"},
        }.items():
            for item in record[kind]:
                assert fields <= set(item)
                if kind != "quotes":
                    assert record["text"][item["start"] : item["end"]] == item["text"]
        for quote in record["quotes"]:
            # a quote's text is its fragments' words, without the attribution between them
            frags = [(f["start"], f["end"]) for f in quote["fragments"]]
            assert quote["text"] == joined_fragments(record["text"], frags)
            assert all(
                record["text"][f["start"] : f["end"]] == f["text"] for f in quote["fragments"]
            )
            assert quote["kind"] in ("direct", "indirect", "mixed")
            assert set(quote["speaker"]) >= {"name", "mention"}


def test_main_export_csv_and_geojson(db: str, tmp_path: Path) -> None:
    out = tmp_path / "items.csv"
    result = invoke("export", "--db", db, "--format", "csv", "-o", str(out))
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert rows and {"article_id", "item", "start", "end", "text"} <= set(rows[0])
    geo = json.loads(invoke("export", "--db", db, "--format", "geojson").output)
    assert geo["type"] == "FeatureCollection"
    for feature in geo["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_main_articles_show_search(db: str) -> None:
    listing = invoke("articles", "--db", db).output
    assert "Ministers meet in Vienna" in listing
    article_id = next(line.split()[0] for line in listing.splitlines() if "Vienna" in line)
    shown = invoke("show", article_id[:8], "--db", db).output
    assert "Quotes (" in shown and "Places (" in shown and "Katarina Vogl" in shown
    found = invoke("search", "barges idle", "--db", db).output
    assert article_id in found
    assert "no articles match" in invoke("search", "zeppelin", "--db", db).output


def test_main_db_from_environment(db: str) -> None:
    result = invoke("articles", env={"NEWSTRAIL_DB": db})
    assert "Dock workers" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "ffffffffffff"], "No single article"),
        (["articles", "--db", "/nonexistent/dir/kb.db"], "No database"),
    ],
)
def test_main_errors_are_one_line_no_traceback(db: str, args: list[str], message: str) -> None:
    if "--db" not in args:
        args = [*args, "--db", db]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


@pytest.mark.model
def test_main_ingest_stdin_and_failure_exit_status(tmp_path: Path) -> None:
    db = str(tmp_path / "kb.db")
    ok = invoke(
        "ingest",
        "-",
        "--db",
        db,
        "--workers",
        "1",
        input="The minister said the border would open on Friday.\n",
    )
    assert ok.exit_code == 0 and "1 ingested" in ok.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    failed = CliRunner().invoke(cli, ["ingest", str(bad), "--db", db, "--workers", "1"])
    assert failed.exit_code == 1
    assert "bad.jsonl line 1: invalid JSON" in failed.output
    assert "0 ingested" in failed.output and "1 failed" in failed.output


def test_main_extract_stale_after_ingest_has_nothing_to_do(db: str) -> None:
    result = invoke("extract", "--stale", "--db", db, "--workers", "1", "--quiet")
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output


def test_main_link_stage_runs_alone(db: str) -> None:
    result = invoke("link", "--db", db)
    assert result.exit_code == 0, result.output
    assert result.output.strip()
