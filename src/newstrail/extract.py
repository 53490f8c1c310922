"""The extract stage: run the NLP components over articles, and re-run the stale ones.

Outputs are keyed by article id and ``component@version``: every row carries the component that
made it, and the store records, per article, which version of each component (and of the model)
ran on it. :func:`extract_articles` extracts new articles for the ingest chain (all cores);
:func:`extract_stored` re-extracts stored articles — all of them, or with ``stale=True`` only the
record kinds whose component (or a component they depend on, or the model) has another version
now than when the article was extracted, on exactly the articles where that is so. Re-running it
finds nothing stale: it is idempotent.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from newstrail.errors import NewstrailError
from newstrail.models import Article, Extraction, RecordKind, article_kinds
from newstrail.store import Store

__all__ = ["ExtractReport", "StaleWork", "extract_articles", "extract_stored", "stale_work"]

# In-process extraction below this many articles: starting workers costs a model load each.
_MIN_ARTICLES_PER_WORKER = 4

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


def extract_articles(
    articles: list[Article],
    model: str | None = None,
    workers: int = 1,
    extractor: Any = None,
    *,
    ray: str | None = None,
) -> Iterator[Extraction | str]:
    """The extraction of each article in order, or an error message for one that failed.

    With one worker, ``extractor`` (a loaded :class:`~newstrail.pipeline.Extractor`) is reused
    in-process; otherwise up to ``workers`` processes share it (loaded here when not given) by
    forking, or, where processes cannot fork, each load the pipeline. With ``ray``
    (``"local"``: a local Ray instance of ``workers`` workers; else a cluster address) the
    extraction runs on Ray actors instead (:mod:`newstrail.scale.ray_cluster`).
    """
    global _worker_extractor
    if ray is not None:
        from newstrail.scale.ray_cluster import extract_on_ray

        local = ray == "local"
        yield from extract_on_ray(
            articles,
            model=model,
            address=None if local else ray,
            workers=max(1, min(workers, len(articles))) if local else None,
        )
        return
    workers = max(1, min(workers, len(articles) // _MIN_ARTICLES_PER_WORKER))
    forks = "fork" in mp.get_all_start_methods()
    if workers <= 1 or forks:
        # In this process, or loaded once here and inherited by every forked worker
        # (copy-on-write): no worker spends seconds of CPU loading its own copy.
        if extractor is None:
            _init_worker(model)
        else:
            _worker_extractor = extractor
    if workers <= 1:
        for article in articles:
            yield _extract_in_worker(article)
        return
    if forks:
        pool = mp.get_context("fork").Pool(workers)
    else:
        pool = mp.get_context("spawn").Pool(workers, initializer=_init_worker, initargs=(model,))
    try:
        yield from pool.imap(_extract_in_worker, articles, chunksize=1)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


@dataclass(slots=True)
class StaleWork:
    """What to redo for one stored article: its stale components and the kinds they shape."""

    article_id: str
    components: dict[str, str]  # component → the version to record (the current one)
    kinds: list[RecordKind]


def stale_work(
    store: Store, versions: dict[str, str], *, everything: bool = False
) -> list[StaleWork]:
    """The stored articles whose records were made by other component versions than
    ``versions`` (component → current version, ``"model"`` included), with what to redo.

    A component with no recorded version on an article (added to the pipeline since) is stale
    there. A kind is redone when its component or one it depends on is stale, and only when its
    component is in ``versions`` (in the pipeline). ``everything`` redoes every article.
    """
    work: list[StaleWork] = []
    for article_id, recorded in sorted(store.component_versions().items()):
        stale = {
            name: version
            for name, version in versions.items()
            if everything or recorded.get(name) != version
        }
        if not stale:
            continue
        kinds = [
            kind
            for kind in article_kinds()
            if kind.component in versions and set(kind.components) & set(stale)
        ]
        work.append(StaleWork(article_id, stale, kinds))
    return work


@dataclass(slots=True)
class ExtractReport:
    extracted: int = 0  # articles re-extracted
    failed: int = 0
    components: Counter[str] = field(default_factory=Counter)  # stale component → articles
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.extracted and not self.failed:
            return "nothing to extract: every stored article is up to date"
        parts = ", ".join(f"{name} ×{n}" for name, n in sorted(self.components.items()))
        return f"{self.extracted} articles re-extracted ({parts}), {self.failed} failed"


def extract_stored(
    store: Store,
    *,
    stale: bool = True,
    model: str | None = None,
    workers: int = 1,
    extractor: Any = None,
    on_error: Callable[[str], None] = lambda message: None,
    progress: Callable[[int], Any] | None = None,
) -> ExtractReport:
    """Re-extract stored articles (only what is stale, unless ``stale=False``) and replace
    their affected rows, one transaction per article; other rows are left untouched."""
    if extractor is None:
        from newstrail.pipeline import Extractor

        extractor = Extractor(model)
    report = ExtractReport()
    work = stale_work(store, dict(extractor.versions), everything=not stale)
    if not work:
        return report
    articles = [store.load_article(item.article_id) for item in work]
    bar = progress(len(work)) if progress else None
    try:
        for item, result in zip(
            work, extract_articles(articles, model, workers, extractor), strict=True
        ):
            if isinstance(result, str):
                report.failed += 1
                report.errors.append(result)
                on_error(result)
            else:
                redo = Extraction(
                    components=item.components,
                    **{kind.name: result.records[kind.name] for kind in item.kinds},
                )
                try:
                    store.replace_records(item.article_id, redo, item.kinds)
                except NewstrailError as exc:
                    report.failed += 1
                    report.errors.append(str(exc))
                    on_error(str(exc))
                else:
                    report.extracted += 1
                    report.components.update(list(item.components))
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return report
