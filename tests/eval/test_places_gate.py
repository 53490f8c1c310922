"""Quality gate: places on the first 20 dev documents of GeoWebNews, LGL and TR-News (about 20 s).

Floors sit a little below what this version reaches (see the figures in the comments); the full
dev figures come from ``newstrail eval places --data shared/data/geoparsing/<corpus>.dev.jsonl``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newstrail.eval.places import gold_geocode, read_documents, score
from tests.conftest import loads_model

N_DOCS = 20
# corpus: (recognition F1, accuracy@161 on gold spans, end-to-end accuracy@161), percentages.
# Reached by places 1.0.0 on these 20 documents: gwn 76.6/78.0/68.7, lgl 75.8/71.3/61.3,
# trnews 90.1/96.1/93.5.
FLOORS: dict[str, tuple[float, float, float]] = {
    "gwn": (74.0, 75.5, 66.0),
    "lgl": (73.0, 68.5, 58.5),
    "trnews": (87.5, 93.5, 90.5),
}


@pytest.fixture(scope="module")
@loads_model
def places_nlp() -> Any:
    from newstrail.pipeline import build_nlp
    from tests.gazetteer.helpers import session_gazetteer

    return build_nlp(
        components=["entities", "places"],
        config={"places": {"gazetteer_path": str(session_gazetteer())}},
    )


@pytest.mark.model
@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_places_gate_dev_subset(places_nlp: Any, shared_dir: Path, corpus: str) -> None:
    path = shared_dir / "data" / "geoparsing" / f"{corpus}.dev.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    docs = list(read_documents(path, N_DOCS))
    component = places_nlp.get_pipe("newstrail_places")
    predicted, resolved = [], []
    for d, doc in zip(docs, places_nlp.pipe(d["text"] for d in docs), strict=True):
        predicted.append(list(doc._.places))
        spans = [(t["start"], t["end"]) for t in gold_geocode(d)]
        resolved.append(component.resolve_spans(doc, spans))
    result = score(docs, predicted, resolved)
    f1, gold161, e2e161 = FLOORS[corpus]
    got = (
        result["recognition"]["f1"],
        result["resolution_gold"]["acc161"],
        result["end_to_end"]["acc161"],
    )
    print(corpus, got)
    assert got[0] >= f1 and got[1] >= gold161 and got[2] >= e2e161, (corpus, got)
