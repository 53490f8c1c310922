"""A whole ingest run, the stages chained: ingest (discover, read, normalise, skip what is
stored) → extract (all cores) → store → link.

Each article is stored in its own transaction as soon as it is extracted, so an interrupted run
keeps what it finished and a re-run completes the rest (stored texts are skipped before extraction).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from newstrail.errors import InputError, NewstrailError
from newstrail.extract import extract_articles
from newstrail.ingest.discover import STDIN, discover
from newstrail.ingest.language import skips_extraction
from newstrail.ingest.readers import read_path, read_stream
from newstrail.ingest.sources import read_source
from newstrail.models import Article, Extraction
from newstrail.store import Store, content_hash

__all__ = ["IngestReport", "ingest", "new_articles", "read_inputs"]


@dataclass(slots=True)
class IngestReport:
    ingested: int = 0
    new_versions: int = 0
    skipped: int = 0  # already stored, or the same text twice in this run
    failed: int = 0
    not_extracted: int = 0  # stored, but in a language the English extractors do not read
    errors: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    skip_reasons: Counter[str] = field(default_factory=Counter)  # feed entries, WARC records

    def summary(self) -> str:
        line = (
            f"{self.ingested} ingested ({self.new_versions} new versions), "
            f"{self.skipped} skipped (already stored), {self.failed} failed"
        )
        if self.not_extracted:
            line += f"; {self.not_extracted} not English (stored, not extracted)"
        if self.skip_reasons:
            line += "; not articles: " + ", ".join(
                f"{count} {reason}" for reason, count in self.skip_reasons.most_common()
            )
        return line


def read_inputs(
    inputs: list[str],
    max_bytes: int,
    report: IngestReport,
    on_error: Callable[[str], None],
    known_url: Callable[[str], bool] = lambda url: False,
) -> Iterator[Article]:
    def skipped(reason: str) -> None:
        if reason.startswith("already stored"):
            report.skipped += 1
        else:
            report.skip_reasons[reason] += 1

    for path, problem in discover(inputs):
        if problem:
            _fail(report, on_error, f"{path}: {problem}")
            continue
        try:
            items: Iterable[Article | InputError] | None = read_source(
                path, max_bytes=max_bytes, known_url=known_url, on_skip=skipped
            )
            if items is not None:
                pass  # a feed or a WARC archive
            elif path == STDIN:
                items = read_stream(sys.stdin.buffer, "<stdin>", max_bytes)
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


def new_articles(
    inputs: list[str],
    store: Store,
    report: IngestReport,
    *,
    max_bytes: int = 5_000_000,
    on_error: Callable[[str], None] = lambda message: None,
) -> list[Article]:
    """The ingest stage: read and normalise the inputs, drop texts already stored or seen twice
    in this run (content hash); counts skips and read failures in ``report``."""
    pending: list[Article] = []
    seen: set[str] = set()
    for article in read_inputs(inputs, max_bytes, report, on_error, store.has_url):
        digest = content_hash(article.text)
        if digest in seen or store.has_text(article.text):
            report.skipped += 1
            continue
        seen.add(digest)
        pending.append(article)
    return pending


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
    extract: bool = True,
    link: bool = True,
    ray: str | None = None,
) -> IngestReport:
    """Ingest files/directories/globs/``-`` into ``store``: the stages chained.

    ingest (:func:`new_articles`) → extract (:func:`newstrail.extract.extract_articles`) → store
    (:meth:`Store.add`, one transaction per article with all its rows) → link
    (:func:`newstrail.link.run_links`: the articles not linked yet, when anything was added).
    ``extract=False`` stores the articles alone (``newstrail extract --stale`` extracts them later).
    ``progress(total)`` returns a tqdm-like bar (``update``/``close``); ``extractor`` may be
    injected to reuse a loaded pipeline. ``ray``: extract on Ray (``"local"`` or a cluster
    address; see :mod:`newstrail.scale.ray_cluster`).
    """
    report = IngestReport()
    pending = new_articles(inputs, store, report, max_bytes=max_bytes, on_error=on_error)
    if not pending:
        return report

    results: Iterable[Extraction | str | None] = (
        extract_articles(pending, model, workers, extractor, ray=ray)
        if extract
        else [None] * len(pending)
    )
    bar = progress(len(pending)) if progress else None
    try:
        for article, result in zip(pending, results, strict=True):
            if isinstance(result, str):
                _fail(report, on_error, result)
            else:
                _store(store, article, result, report, on_error)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    if link and report.ingested:
        from newstrail.link import run_links

        run_links(store)
    return report


def _store(
    store: Store,
    article: Article,
    extraction: Extraction | None,
    report: IngestReport,
    on_error: Callable[[str], None],
) -> None:
    """The store stage for one article: written with all its rows in one transaction."""
    try:
        article_id, outcome = store.add(article, extraction)
    except NewstrailError as exc:
        _fail(report, on_error, f"{article.source_key}: {exc}")
        return
    if outcome == "duplicate":
        report.skipped += 1
    else:
        report.ingested += 1
        report.not_extracted += extraction is not None and skips_extraction(article.language)
        report.new_versions += outcome == "new_version"
        report.article_ids.append(article_id)
