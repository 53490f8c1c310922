"""A whole ingest run: discover → read → skip what is stored → extract (all cores) → store.

Each article is stored in its own transaction as soon as it is extracted, so an interrupted run
keeps what it finished and a re-run completes the rest (stored texts are skipped before extraction).
"""

from __future__ import annotations

import multiprocessing as mp
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from newstrail.errors import InputError, NewstrailError
from newstrail.ingest.discover import STDIN, discover
from newstrail.ingest.readers import read_path, read_stream
from newstrail.models import Article, Extraction
from newstrail.store import Store, content_hash

# In-process extraction below this many articles: starting workers costs a model load each.
_MIN_ARTICLES_PER_WORKER = 4


@dataclass(slots=True)
class IngestReport:
    ingested: int = 0
    new_versions: int = 0
    skipped: int = 0  # already stored, or the same text twice in this run
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.ingested} ingested ({self.new_versions} new versions), "
            f"{self.skipped} skipped (already stored), {self.failed} failed"
        )


def read_inputs(
    inputs: list[str], max_bytes: int, report: IngestReport, on_error: Callable[[str], None]
) -> Iterator[Article]:
    for path, problem in discover(inputs):
        if problem:
            _fail(report, on_error, f"{path}: {problem}")
            continue
        try:
            if path == STDIN:
                items: Iterable[Article | InputError] = read_stream(
                    sys.stdin.buffer, "<stdin>", max_bytes
                )
            else:
                items = read_path(path, max_bytes)
            for item in items:
                if isinstance(item, InputError):
                    _fail(report, on_error, str(item))
                else:
                    yield item
        except InputError as exc:
            _fail(report, on_error, str(exc))


def _fail(report: IngestReport, on_error: Callable[[str], None], message: str) -> None:
    report.failed += 1
    report.errors.append(message)
    on_error(message)


_worker_extractor: Any = None


def _init_worker(model: str | None) -> None:
    global _worker_extractor
    from newstrail.pipeline import Extractor

    _worker_extractor = Extractor(model)


def _extract_in_worker(article: Article) -> Extraction | str:
    try:
        extraction: Extraction = _worker_extractor.extract(article)
        return extraction
    except Exception as exc:  # noqa: BLE001 — one bad article must not stop the batch
        return f"{article.source_key or 'article'}: extraction failed ({type(exc).__name__}: {exc})"


def ingest(
    inputs: list[str],
    store: Store,
    *,
    model: str | None = None,
    workers: int = 1,
    max_bytes: int = 5_000_000,
    on_error: Callable[[str], None] = lambda message: None,
    progress: Callable[[int], Any] | None = None,
    extractor: Any = None,
) -> IngestReport:
    """Ingest files/directories/globs/``-`` into ``store``. ``progress(total)`` returns a tqdm-like
    bar (``update``/``close``); ``extractor`` may be injected to reuse a loaded pipeline."""
    report = IngestReport()
    pending: list[Article] = []
    seen: set[str] = set()
    for article in read_inputs(inputs, max_bytes, report, on_error):
        digest = content_hash(article.text)
        if digest in seen or store.has_text(article.text):
            report.skipped += 1
            continue
        seen.add(digest)
        pending.append(article)
    if not pending:
        return report

    bar = progress(len(pending)) if progress else None
    workers = max(1, min(workers, len(pending) // _MIN_ARTICLES_PER_WORKER))
    try:
        for article, result in zip(
            pending, _extract_all(pending, model, workers, extractor), strict=True
        ):
            if isinstance(result, str):
                _fail(report, on_error, result)
            else:
                try:
                    article_id, outcome = store.add(article, result)
                except NewstrailError as exc:
                    _fail(report, on_error, f"{article.source_key}: {exc}")
                else:
                    if outcome == "duplicate":
                        report.skipped += 1
                    else:
                        report.ingested += 1
                        report.new_versions += outcome == "new_version"
                        report.article_ids.append(article_id)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return report


def _extract_all(
    articles: list[Article], model: str | None, workers: int, extractor: Any
) -> Iterator[Extraction | str]:
    if workers <= 1:
        if extractor is None:
            _init_worker(model)
        else:
            global _worker_extractor
            _worker_extractor = extractor
        for article in articles:
            yield _extract_in_worker(article)
        return
    context = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    pool = context.Pool(workers, initializer=_init_worker, initargs=(model,))
    try:
        yield from pool.imap(_extract_in_worker, articles, chunksize=1)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
