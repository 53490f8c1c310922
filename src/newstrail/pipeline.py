"""The extraction pipeline: the English backbone plus newstrail's components, loaded once.

:class:`Extractor` is what every caller uses (CLI, workers, evaluation, API): it turns an
:class:`~newstrail.models.Article` into an :class:`~newstrail.models.Extraction`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import fields, is_dataclass, replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newstrail.ingest.language import skips_extraction
from newstrail.models import Article, Extraction, article_kinds
from newstrail.nlp.backbone import load_backbone, model_info
from newstrail.nlp.morphology import use_fast_morphology

# (module under newstrail.nlp, factory name), in pipeline order; see newstrail.nlp for contracts.
COMPONENTS: list[tuple[str, str]] = [
    ("entities", "newstrail_entities"),
    ("places", "newstrail_places"),
    ("times", "newstrail_times"),
    ("coref", "newstrail_coref"),
    ("quotes", "newstrail_quotes"),
    ("numbers", "newstrail_numbers"),
    ("events", "newstrail_events"),
]

__all__ = ["COMPONENTS", "PIECE_CHARS", "Extractor", "build_nlp", "split_pieces"]

# Each article record kind is a Doc extension its component fills (declared by the kind).
for _kind in article_kinds():
    if not Doc.has_extension(_kind.name):
        Doc.set_extension(_kind.name, default=None)


def build_nlp(
    model: str | None = None,
    components: Iterable[str] | None = None,
    config: dict[str, dict[str, Any]] | None = None,
) -> Language:
    """The backbone with newstrail's components appended (all of them unless ``components``);
    its attribute ruler and lemmatizer are swapped for their memoised twins (same output,
    :mod:`newstrail.nlp.morphology`)."""
    nlp = load_backbone(model)
    use_fast_morphology(nlp)
    wanted = set(components) if components is not None else None
    for module, factory in COMPONENTS:
        if wanted is not None and module not in wanted:
            continue
        importlib.import_module(f"newstrail.nlp.{module}")
        nlp.add_pipe(factory, config=(config or {}).get(module, {}))
    return nlp


# Longer texts are processed in pieces of at most this many characters, cut at paragraph breaks
# (spaCy refuses 1,000,000 characters at once; its memory grows ~4 MB per 1,000 characters).
PIECE_CHARS = 100_000


def split_pieces(text: str, size: int) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``size`` characters that join back to it
    exactly, each ending at a paragraph break, else a line break, else a space where possible."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = -1
        for boundary in ("\n\n", "\n", " "):
            cut = window.rfind(boundary, size // 2)
            if cut >= 0:
                cut += len(boundary)
                break
        end = start + (cut if cut > 0 else size)
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def _shifted(value: Any, offset: int, cluster_base: int) -> Any:
    """Records of one piece moved into the whole text: every ``start``/``end`` field (at any
    depth) moved by ``offset``, every in-document ``cluster`` id by ``cluster_base``."""
    if isinstance(value, list):
        return [_shifted(item, offset, cluster_base) for item in value]
    if not is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    for item in fields(value):
        current = getattr(value, item.name)
        if item.name in ("start", "end") and isinstance(current, int):
            changes[item.name] = current + offset
        elif item.name == "cluster" and isinstance(current, int):
            changes[item.name] = current + cluster_base
        elif isinstance(current, list) or is_dataclass(current):
            changes[item.name] = _shifted(current, offset, cluster_base)
    return replace(value, **changes)


class Extractor:
    """Loads the pipeline once (per process) and extracts articles with it."""

    def __init__(self, model: str | None = None, components: Iterable[str] | None = None):
        self.nlp = build_nlp(model, components)
        self.model = model_info(self.nlp)
        self.versions = self._versions()

    def _versions(self) -> dict[str, str]:
        versions = {"model": self.model.label}
        for module, factory in COMPONENTS:
            if factory in self.nlp.pipe_names:
                mod = importlib.import_module(f"newstrail.nlp.{module}")
                versions[factory] = str(getattr(mod, "VERSION", "0"))
        return versions

    def make_doc(self, article: Article) -> Doc:
        doc = self.nlp.make_doc(article.text)
        doc._.published = article.published
        return doc

    def run(self, article: Article) -> Doc:
        if len(article.text) <= PIECE_CHARS:
            return self.nlp(self.make_doc(article))
        return self._run_in_pieces(article)

    def _run_in_pieces(self, article: Article) -> Doc:
        """A long article (up to NEWSTRAIL_MAX_BYTES, past spaCy's 1,000,000-character limit):
        the backbone parses it piece by piece (its memory grows ~4 MB per 1,000 characters, see
        benchmarks/long_article.py), then newstrail's components run on the joined Doc, so every
        offset is into the whole text."""
        ours = {factory for _, factory in COMPONENTS}
        pieces = []
        for piece in split_pieces(article.text, PIECE_CHARS):
            doc = self.nlp.make_doc(piece)
            for name, component in self.nlp.pipeline:
                if name not in ours:
                    doc = component(doc)
            pieces.append(doc)
        doc = Doc.from_docs(  # type: ignore[call-arg]  # the stub lacks `exclude`
            pieces, ensure_whitespace=False, exclude=["tensor", "user_data"]
        )
        doc._.published = article.published
        for name, component in self.nlp.pipeline:
            if name in ours:
                doc = component(doc)
        return doc

    def extract(self, article: Article) -> Extraction:
        """What the pipeline finds; nothing for an article known to be in another language,
        which the English components would only mis-extract."""
        if skips_extraction(article.language):
            # The versions are recorded: this pipeline decided, and `extract --stale` agrees.
            return Extraction(components=dict(self.versions))
        if len(article.text) <= PIECE_CHARS:
            return self.to_extraction(self.run(article))
        # A long article is extracted piece by piece: memory stays that of one piece, and
        # components whose cost grows faster than the text (quote attribution) stay linear.
        extraction = Extraction(components=dict(self.versions))
        offset = 0
        for piece in split_pieces(article.text, PIECE_CHARS):
            part = self.to_extraction(self.run(replace(article, text=piece)))
            clusters = 1 + max(
                (e.cluster for e in extraction.entities if e.cluster is not None), default=-1
            )
            for kind, found in part.records.items():
                extraction.records[kind].extend(_shifted(found, offset, clusters))
            offset += len(piece)
        return extraction

    def to_extraction(self, doc: Doc) -> Extraction:
        """Every article record kind's list from its ``Doc`` extension, with the versions."""
        return Extraction(
            components=dict(self.versions),
            **{kind.name: list(getattr(doc._, kind.name) or []) for kind in article_kinds()},
        )
