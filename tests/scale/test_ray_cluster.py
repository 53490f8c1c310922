"""The extraction stage on a local Ray instance gives exactly what the local path gives."""

from __future__ import annotations

from typing import Any

import pytest

from newstrail.ingest import read_path
from tests.conftest import SAMPLES

pytest.importorskip("ray", reason="Ray is not installed: pip install 'newstrail[ray]'")


def _sample_articles() -> list[Any]:
    readable = {".txt", ".html", ".jsonl"}
    return [
        item
        for path in sorted(SAMPLES.iterdir())
        if path.suffix in readable
        for item in read_path(path)
        if not isinstance(item, Exception)
    ]


@pytest.mark.model
def test_ray_cluster_extracts_samples_like_local_path(extractor: Any) -> None:
    from newstrail.scale.ray_cluster import extract_on_ray

    articles = _sample_articles()
    assert len(articles) >= 4
    on_ray = list(extract_on_ray(articles, workers=2, batch_size=2, in_flight=1))
    local = [extractor.extract(article) for article in articles]
    assert on_ray == local
