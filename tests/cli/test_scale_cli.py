"""The CLI on both back ends and the scale-out exports: the same JSONL from SQLite and
PostgreSQL, Parquet read back by pandas, networks loaded by networkx, Ray like the local path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from newstrail.cli.main import cli
from tests.conftest import SAMPLES, SEEDS


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _inputs() -> list[str]:
    return [str(SAMPLES)] + ([str(SEEDS)] if SEEDS.is_dir() else [])


def _ingest_and_export(db: str, *extra: str) -> list[dict[str, Any]]:
    result = invoke("ingest", *_inputs(), "--db", db, "--workers", "1", "--quiet", *extra)
    assert result.exit_code == 0, result.output
    exported = invoke("export", "--db", db, "--format", "jsonl")
    assert exported.exit_code == 0, exported.output
    return sorted(
        (json.loads(line) for line in exported.output.splitlines()), key=lambda r: r["id"]
    )


@pytest.fixture(scope="module")
def sqlite_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[dict[str, Any]]]:
    db = str(tmp_path_factory.mktemp("scale") / "kb.db")
    return db, _ingest_and_export(db)


@pytest.mark.model
@pytest.mark.postgres
def test_scale_cli_same_export_on_sqlite_and_postgresql(
    sqlite_export: Any, pg_database: Any
) -> None:
    sqlite_db, on_sqlite = sqlite_export
    postgres_db = pg_database()
    on_postgres = _ingest_and_export(postgres_db)
    assert len(on_sqlite) >= 5
    assert on_postgres == on_sqlite
    # The same searches find the same articles and quotes on both back ends.
    for args in (
        ["search", "dock*"],
        ["search", '"pay talks"'],
        ["search", "Rotterdam AND union"],
        ["search", "%"],
        ["quotes", "--search", "pay"],
        ["quotes", "--search", "ship*"],
    ):
        found = [
            {
                row.get("article_id") or row["id"]
                for row in json.loads(invoke(*args, "--db", db, "--json").output)
            }
            for db in (sqlite_db, postgres_db)
        ]
        assert found[0] == found[1], args


@pytest.mark.model
def test_scale_cli_export_parquet_read_back(sqlite_export: Any, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    db, records = sqlite_export
    result = invoke("export", "--db", db, "--format", "parquet", "-o", str(tmp_path / "pq"))
    assert result.exit_code == 0, result.output
    articles = pd.read_parquet(tmp_path / "pq" / "articles.parquet")
    quotes = pd.read_parquet(tmp_path / "pq" / "quotes.parquet")
    assert sorted(articles["id"]) == [r["id"] for r in records]
    assert len(quotes) == sum(len(r["quotes"]) for r in records)
    assert str(quotes["start"].dtype) == "int64"


@pytest.mark.model
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_scale_cli_export_network(sqlite_export: Any, tmp_path: Path, fmt: str) -> None:
    db, records = sqlite_export
    path = tmp_path / f"net.{fmt}"
    result = invoke("export", "--db", db, "--format", fmt, "-o", str(path))
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    speakers = {q["speaker"]["name"] for r in records for q in r["quotes"] if q["speaker"]["name"]}
    assert graph.number_of_edges() > 0
    names = set()
    for node in (n for n in graph if n.startswith("party:")):
        names.add(graph.nodes[node]["label"])
        names.update(filter(None, graph.nodes[node].get("aliases", "").split(" | ")))
    assert names >= speakers
    linked = {q["speaker"]["identity"] for r in records for q in r["quotes"]} - {None}
    assert linked and all(f"party:{identity}" in graph for identity in linked)


@pytest.mark.parametrize("fmt", ["parquet", "graphml"])
def test_scale_cli_export_to_files_needs_output(sample_store: Any, fmt: str) -> None:
    db = sample_store[0].engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(cli, ["export", "--db", db, "--format", fmt])
    assert result.exit_code == 2 and "-o" in result.output


@pytest.mark.slow
@pytest.mark.model
def test_scale_cli_ray_ingest_same_export_as_local(sqlite_export: Any, tmp_path: Path) -> None:
    pytest.importorskip("ray")
    _, local = sqlite_export
    on_ray = _ingest_and_export(str(tmp_path / "ray.db"), "--ray")
    assert on_ray == local


@pytest.mark.model
def test_scale_cli_watch_polls_until_ctrl_c(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    from tests.ingest.local_site import LocalSite, article_page, rss
    from tests.ingest.test_feeds import STORIES

    site = LocalSite().start()
    try:
        for path, (title, body, published) in STORIES.items():
            site.add(path, article_page(title, body, published))
        items = [{"title": t, "link": site.url(p)} for p, (t, _, _) in STORIES.items()]
        site.add("/feed.xml", rss(items), content_type="application/rss+xml")
        db = tmp_path / "watch.db"
        cli_path = Path(sys.executable).parent / "newstrail"
        proc = subprocess.Popen(
            [str(cli_path), "watch", site.url("/feed.xml"), "--db", str(db), "--every", "1s"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while site.requested("/feed.xml") < 2 and time.monotonic() < deadline:
            time.sleep(0.2)  # two polls: the second finds nothing new
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        site.stop()
    assert proc.returncode == 0, err
    assert "poll 1: 3 ingested" in out and "stopped: every article stored so far is complete" in err
    assert all(site.requested(path) == 1 for path in STORIES)
    exported = invoke("export", "--db", str(db), "--format", "jsonl")
    assert len(exported.output.splitlines()) == 3
