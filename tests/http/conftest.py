"""Web fixtures: hostile articles ingested through the real pipeline (see tests/conftest.py for
the shared sample knowledge base and client)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrail.store import Store

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
PAYLOAD = (
    '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> '
    '</textarea></title><iframe src="http://evil.example/"></iframe>'
)
HOSTILE_TEXT = (
    "GENEVA, March 3, 2024 - Maria Santos, a spokeswoman for the Red Cross, said the convoy "
    f'reached Geneva on Monday. "{PAYLOAD} We will return in April," Santos said. '
    'The agency said <b>more</b> aid would follow & "soon" {{ 7*7 }}.\n'
)


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The demo corpus, the seeds and two hostile articles, ingested by the real pipeline."""
    from newstrail.ingest.batch import ingest

    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.txt").write_text(HOSTILE_TEXT, "utf-8")
    hostile_record = {
        "text": HOSTILE_TEXT.replace("convoy", "second convoy"),
        "title": PAYLOAD,
        "outlet": '<svg onload="window.__pwned=3">',
        "url": "javascript:alert(1)",
        "published": "2024-03-04T10:00:00+00:00",
    }
    (folder / "hostile.jsonl").write_text(json.dumps(hostile_record) + "\n", "utf-8")
    paths = [str(folder)]
    if (REPO / "samples").is_dir():
        paths.append(str(REPO / "samples"))
    if SEEDS.is_dir():
        paths.append(str(SEEDS))
    store = Store(str(tmp_path_factory.mktemp("corpus") / "corpus.db"))
    report = ingest(paths, store, workers=1)
    assert not report.failed
    return store
