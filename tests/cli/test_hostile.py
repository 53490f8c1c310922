"""Hostile input through the CLI (issue 17): one batch of hostile files among good ones.

Every good file must be stored, every hostile one stored cleanly or skipped with a one-line reason;
the run ends with its counts and exit status 0/1, never a traceback or a hang. The articles'
titles and texts are then printed by ``articles``, ``show`` and ``search`` without a single raw
terminal control character.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newstrail.cli.main import cli
from newstrail.models import Article, Extraction
from newstrail.store import Store

GOOD = {
    "good.txt": "The harbour master said on Monday that the port of Gdansk would reopen.\n",
    "good.jsonl": json.dumps(
        {
            "text": "Officials in Riga said the bridge would reopen in May.",
            "published": "2023-05-02T09:00:00+03:00",
            "title": "Bridge to reopen",
        }
    )
    + "\n",
    "good.html": (
        "<html><head><title>Dock strike</title>"
        '<meta property="article:published_time" content="2024-05-06T14:20:00+02:00"></head>'
        "<body><article><p>Dock workers in Rotterdam walked out on Monday, the union said, "
        "after pay talks collapsed late on Sunday evening.</p></article></body></html>"
    ),
}
ESCAPES = "\x1b]0;pwned\x07\x1b[31m"


def hostile_files() -> dict[str, bytes]:
    """name -> content of every hostile case written as a plain file."""
    text = "The {} said the {} in {} was safe on Tuesday, according to a statement."
    deep_object = '{"a":' * 50_000 + "1" + "}" * 50_000
    return {
        # RecursionError in json.loads
        "deep.json": b"[" * 100_000 + b"]" * 100_000,
        "deep-object.jsonl": (
            '{"text": "' + text.format("mayor", "dam", "Bern") + '", "x": ' + deep_object + "}\n"
        ).encode(),
        # "Exceeds the limit (4300 digits)"
        "bigint.json": (
            '{"text": "' + text.format("clerk", "lock", "Zug") + '", "published": '
        ).encode()
        + b"9" * 5000
        + b"}",
        # UnicodeEncodeError in the content hash
        "surrogate.json": b'{"text": "\\ud800 '
        + text.format("envoy", "pier", "Oslo").encode()
        + b'"}',
        # ValueError from timezone(), OverflowError converting to UTC
        "dateline-offset.txt": (
            "3 June 2022 11:00 (UTC+99:00)\n\n" + text.format("minister", "road", "Paris")
        ).encode(),
        "offset25.json": json.dumps(
            {
                "text": text.format("judge", "court", "Rome"),
                "published": "2022-06-03T11:00:00+25:00",
            }
        ).encode(),
        "overflow.json": json.dumps(
            {"text": text.format("chief", "dock", "Lima"), "published": "9999-12-31T23:59:59-23:59"}
        ).encode(),
        # invented publication dates (trafilatura's guesses from the body and the footer)
        "nodate.html": (
            "<html><head><title>Harbour dredging</title></head><body><article><p>In March 2023 "
            "the council said the harbour in Hamburg would be dredged again, the mayor said on "
            "the radio.</p></article><footer>© 2019 Example Media</footer></body></html>"
        ).encode(),
        # Python reprs stored as metadata
        "wrong-types.jsonl": "\n".join(
            [
                json.dumps({"text": text.format("a", "b", "Graz"), "title": ["a", "b"]}),
                json.dumps({"text": text.format("c", "d", "Linz"), "outlet": {"x": 1}}),
                '{"text": "' + text.format("e", "f", "Wels") + '", "published": NaN}',
                '{"text": "' + text.format("g", "h", "Enns") + '", "title": 1e999}',
            ]
        ).encode(),
        # only zero-width characters and byte-order marks
        "invisible.txt": "\ufeff\u200b\u200c\u200d\ufeff\u2060\n".encode(),
        # a NUL after the first 4 KB
        "nul.txt": (text.format("mayor", "canal", "Gent") + " ").encode() * 80 + b"\x00 tail.",
        # mixed UTF-8 and Latin-1 lines
        "mixed.txt": "The café owner in Zürich said that the naïve plan had failed.\n".encode()
        + "The maître d' said that the fête in Genève was a success.\n".encode("latin-1"),
        # UTF-16 without a byte-order mark
        "utf16.txt": text.format("consul", "quay", "Vienna").encode("utf-16-le"),
        # terminal escape sequences in the title and the text
        "escapes.json": json.dumps(
            {
                "title": ESCAPES + "Red title",
                "text": "The warden said " + ESCAPES + "the castle in Bonn is open again.",
            }
        ).encode(),
        # 100,000 nested elements
        "deep.html": (
            "<html><body>" + "<div>" * 100_000 + "<p>" + text.format("x", "y", "Kiel") + "</p>"
        ).encode(),
    }


STORED = {  # hostile files that hold a readable article: name -> what must be true of it
    "surrogate.json": lambda r: r["text"].startswith("\ufffd The envoy"),
    "dateline-offset.txt": lambda r: r["published"] == "2022-06-03" and r["title"] is None,
    "offset25.json": lambda r: r["published"] == "2022-06-03",
    "overflow.json": lambda r: r["published"] == "9999-12-31",
    "nodate.html": lambda r: r["published"] is None,
    "mixed.txt": lambda r: "Zürich" in r["text"] and "Genève" in r["text"],
    "utf16.txt": lambda r: r["text"].startswith("The consul said"),
    "escapes.json": lambda r: "\x1b" not in r["title"] and r["title"].endswith("Red title"),
    "bad\\xffname.txt": lambda r: r["text"].startswith("The governor said"),
}
SKIPPED = {  # name -> the one-line reason its error names
    "deep.json": "nested too deeply",
    "deep-object.jsonl line 1": "nested too deeply",
    "bigint.json": "'published' must be a string, got a number too long to read",
    "wrong-types.jsonl#L1": "'title' must be a string, got a list",
    "wrong-types.jsonl#L2": "'outlet' must be a string, got an object",
    "wrong-types.jsonl#L3": "'published' must be a string, got a non-finite number",
    "wrong-types.jsonl#L4": "'title' must be a string, got a non-finite number",
    "invisible.txt": "only invisible or control characters",
    "nul.txt": "looks like a binary file (NUL byte at offset 6,400)",
    "fifo.txt": "not a regular file",
    "deep.html": "HTML without article text",
}


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """A hang (say, a FIFO opened for reading) fails the test instead of blocking the suite."""

    def expire(signum: int, frame: Any) -> None:
        raise TimeoutError(f"the command did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def invoke(*args: str, **kwargs: Any) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kwargs)


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("hostile")
    for name, data in hostile_files().items():
        (root / name).write_bytes(data)
    for name, text in GOOD.items():
        (root / name).write_text(text, encoding="utf-8")
    bad_name = os.path.join(os.fsencode(root), b"bad\xffname.txt")
    with open(bad_name, "wb") as handle:
        handle.write(b"The governor said the dam in Kyiv holds firm, officials confirmed.\n")
    os.mkfifo(root / "fifo.txt")
    db = str(root / "kb.db")
    paths = sorted(os.fsdecode(p) for p in os.listdir(os.fsencode(root)) if p != b"kb.db")
    with deadline(300):
        result = invoke("ingest", *[str(root / p) for p in paths], "--db", db, "--workers", "1")
    exported = invoke("export", "--db", db, "--format", "jsonl")
    records = [json.loads(line) for line in exported.output.splitlines()]
    # A title with escapes stored by an older version, or another tool, reaches the printers too.
    Store(db).add(
        Article(text="The warden said the castle in Bonn is open.", title=ESCAPES + "Red"),
        Extraction(),
    )
    return {"result": result, "records": records, "db": db, "root": root}


def test_hostile_batch_ends_with_counts_and_status_1(hostile_run: dict[str, Any]) -> None:
    result = hostile_run["result"]
    assert "Traceback" not in result.output
    assert result.exit_code == 1
    stored = len(GOOD) + len(STORED)
    assert result.stdout.strip() == (
        f"{stored} ingested (0 new versions), 0 skipped (already stored), {len(SKIPPED)} failed"
    )
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(SKIPPED), result.stderr
    for name, reason in SKIPPED.items():
        assert any(f"{name}" in line and reason in line for line in errors), (name, errors)


def test_hostile_batch_stores_every_good_file(hostile_run: dict[str, Any]) -> None:
    by_name = {Path(r["source"]["path"]).name: r for r in hostile_run["records"]}
    assert set(GOOD) | set(STORED) == set(by_name)
    assert by_name["good.jsonl"]["published"] == "2023-05-02T09:00:00+03:00"
    assert by_name["good.html"]["published"] == "2024-05-06T14:20:00+02:00"
    for name, check in STORED.items():
        assert check(by_name[name]), (name, by_name[name])


def test_hostile_batch_rerun_skips_everything_stored(hostile_run: dict[str, Any]) -> None:
    root, db = hostile_run["root"], hostile_run["db"]
    again = invoke("ingest", str(root / "good.txt"), str(root / "utf16.txt"), "--db", db)
    assert again.exit_code == 0
    assert again.stdout.startswith("0 ingested (0 new versions), 2 skipped")


@pytest.mark.parametrize(
    "command",
    [("articles",), ("search", "castle"), ("quotes",), ("summary",), ("show", "{id}")],
)
def test_hostile_printers_show_escapes_never_obey_them(
    hostile_run: dict[str, Any], command: tuple[str, ...]
) -> None:
    [record] = [r for r in hostile_run["records"] if r["source"]["path"].endswith("escapes.json")]
    args = [part.format(id=record["id"]) for part in command]
    result = invoke(*args, "--db", hostile_run["db"])
    assert result.exit_code == 0, result.output
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.output), result.output
    if command[0] in ("show", "articles", "search"):
        assert "\\x1b[31m" in result.output  # shown, as an escape


def test_hostile_stdin_read_is_bounded(tmp_path: Path) -> None:
    """An endless pipe is refused at NEWSTRAIL_MAX_BYTES, not read into memory first."""

    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            buffer[:] = b"a" * len(buffer)
            return len(buffer)

    result = CliRunner().invoke(
        cli,
        ["ingest", "-", "--db", str(tmp_path / "kb.db"), "--workers", "1"],
        input=io.BufferedReader(Endless()),
        env={"NEWSTRAIL_MAX_BYTES": "10000"},
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert "<stdin>: more than 10,000 bytes, over the limit for one file" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("articles", "--offset", str(2**63)),
        ("quotes", "--limit", str(2**64)),
        ("quotes", "--speaker", "x" * 60_000),
        ("search", "x" * 60_000),
        ("search", "water " * 3_000),
        ("show", "x" * 60_000),
        ("articles", "--since", "2022-13-45"),
    ],
)
def test_hostile_query_commands_answer_or_refuse_in_one_line(
    hostile_run: dict[str, Any], args: tuple[str, ...]
) -> None:
    result = CliRunner().invoke(cli, [*args, "--db", hostile_run["db"]])
    assert result.exit_code in (0, 2), result.output[-500:]
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    if result.exit_code == 2:  # click's usage error, or newstrail's one line
        errors = [line for line in result.stderr.splitlines() if line.lower().startswith("error")]
        assert len(errors) == 1, result.stderr
