"""`newstrail serve`: a real server process on loopback, read-only, over a real database."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import make_url

from newstrail.cli.main import cli
from newstrail.store import Store
from tests.sample import build_sample

CLI = Path(sys.executable).parent / "newstrail"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_answers_pages_and_api_then_stops(db_url: str) -> None:
    db = db_url
    build_sample(Store(db))
    port = _free_port()
    command = [str(CLI)] if CLI.exists() else [sys.executable, "-m", "newstrail.cli.main"]
    proc = subprocess.Popen(
        [*command, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/api/stats", timeout=2) as response:
                    stats = json.load(response)
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert stats["articles"] == 4
        with urllib.request.urlopen(base + "/", timeout=5) as response:
            assert "newstrail" in response.read().decode()
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=15)
    assert f"open http://127.0.0.1:{port}/" in err  # tells the user where to go
    password = make_url(db).password if "://" in db else None
    assert not password or f":{password}@" not in err  # never prints the password


def test_serve_refuses_a_missing_database_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "absent.db")])
    assert result.exit_code == 2
    assert "No database at" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_serve_opens_the_database_read_only(tmp_path: Path, backend: str, request: Any) -> None:
    from newstrail.errors import StoreError
    from newstrail.http.app import read_only_store
    from newstrail.models import Article, Extraction

    db = str(tmp_path / "odd name #1.db")
    if backend == "postgresql":
        db = request.getfixturevalue("pg_database")()
    writable = Store(db)
    build_sample(writable)
    store = read_only_store(writable)
    assert store.counts()["articles"] == 4
    try:
        store.add(Article("A new text that must not be stored."), Extraction())
    except StoreError:
        pass
    else:
        raise AssertionError("a read-only store accepted a write")
    assert Store(db).counts()["articles"] == 4
