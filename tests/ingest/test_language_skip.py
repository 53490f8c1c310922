from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newstrail.ingest.batch import ingest
from newstrail.ingest.language import skips_extraction
from newstrail.store import Store

FRENCH = (
    "Le maire de Lyon a déclaré mardi que le pont Lafayette sera fermé pendant deux semaines. "
    "Selon la préfecture, les travaux commenceront dans la nuit et les bus seront déviés par "
    "les quais du Rhône."
)
ENGLISH = (
    "The mayor of Lyon said on Tuesday that the Lafayette bridge will close for two weeks. "
    "According to the prefecture, the work will start at night and buses will be diverted."
)


@pytest.mark.parametrize(
    ("language", "skipped"), [("en", False), (None, False), ("fr", True), ("de", True)]
)
def test_language_only_known_other_languages_skip_extraction(
    language: str | None, skipped: bool
) -> None:
    assert skips_extraction(language) is skipped


@pytest.mark.model
def test_language_non_english_stored_with_language_not_extracted(
    tmp_path: Path, extractor: Any
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "lyon-fr.txt").write_text(FRENCH)
    (tmp_path / "in" / "lyon-en.txt").write_text(ENGLISH)
    store = Store(str(tmp_path / "kb.db"))
    report = ingest([str(tmp_path / "in")], store, extractor=extractor)
    assert (report.ingested, report.not_extracted, report.failed) == (2, 1, 0)
    assert "1 not English (stored, not extracted)" in report.summary()
    records = {r["language"]: r for r in store.iter_records()}
    assert set(records) == {"en", "fr"}
    french = records["fr"]
    assert french["text"] == FRENCH
    assert french["entities"] == french["quotes"] == french["places"] == french["times"] == []
    assert french["components"] == records["en"]["components"]  # this pipeline decided
    assert records["en"]["entities"]
