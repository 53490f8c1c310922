from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newstrail.ingest.batch import ingest
from newstrail.store import Store

GOOD = "Officials said on Monday that the port of Gdansk would reopen. Traders welcomed it.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(GOOD)
    (root / "sub" / "b.txt").write_text(
        "3 June 2022 11:00 (UTC+04:00)\n\n" + GOOD.replace("Gdansk", "Riga")
    )
    (root / "sub" / "c.jsonl").write_text('{"text": "The mayor said the bridge is safe."}\n{oops\n')
    (root / "empty.txt").write_text("")
    (root / "blob.html").write_bytes(b"\x00\x00\x00binary")
    (root / "notes.md").write_text("not an article format: ignored in directories")
    return root


def run(paths: list[str], store: Store, extractor: Any, **kwargs: Any) -> Any:
    errors: list[str] = []
    report = ingest(paths, store, extractor=extractor, on_error=errors.append, **kwargs)
    return report, errors


def test_batch_bad_files_reported_rest_ingested(
    corpus: Path, tmp_path: Path, extractor: Any
) -> None:
    store = Store(str(tmp_path / "kb.db"))
    report, errors = run([str(corpus)], store, extractor)
    assert (report.ingested, report.skipped, report.failed) == (3, 0, 3)
    assert any("c.jsonl line 2" in e for e in errors)
    assert any("empty.txt" in e for e in errors)
    assert any("blob.html" in e for e in errors)
    assert store.counts()["articles"] == 3


def test_batch_reingest_is_idempotent_and_changes_are_versions(
    corpus: Path, tmp_path: Path, extractor: Any
) -> None:
    store = Store(str(tmp_path / "kb.db"))
    run([str(corpus / "a.txt")], store, extractor)
    again, _ = run([str(corpus / "a.txt")], store, extractor)
    assert (again.ingested, again.skipped) == (0, 1)
    (corpus / "a.txt").write_text(GOOD + "A correction was added later.\n")
    changed, _ = run([str(corpus / "a.txt")], store, extractor)
    assert (changed.ingested, changed.new_versions) == (1, 1)
    assert store.counts()["articles"] == 2


def test_batch_glob_and_missing_paths(corpus: Path, tmp_path: Path, extractor: Any) -> None:
    store = Store(str(tmp_path / "kb.db"))
    report, errors = run([str(corpus / "**" / "*.txt"), str(corpus / "nope.txt")], store, extractor)
    assert report.ingested == 2
    assert any("nope.txt: no such file" in e for e in errors)


class Interrupt:
    """A progress bar that stops the run after ``after`` articles, like Ctrl-C."""

    def __init__(self, after: int):
        self.after = after
        self.done = 0

    def __call__(self, total: int) -> Interrupt:
        return self

    def update(self, n: int) -> None:
        self.done += n
        if self.done >= self.after:
            raise KeyboardInterrupt

    def close(self) -> None:
        pass


def test_batch_interrupted_run_keeps_whole_articles_and_rerun_completes(
    corpus: Path, tmp_path: Path, extractor: Any
) -> None:
    store = Store(str(tmp_path / "kb.db"))
    with pytest.raises(KeyboardInterrupt):
        run([str(corpus)], store, extractor, progress=Interrupt(after=1))
    assert store.counts()["articles"] == 1
    report, _ = run([str(corpus)], store, extractor)
    assert (report.ingested, report.skipped) == (2, 1)
    assert store.counts()["articles"] == 3
