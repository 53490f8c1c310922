"""The extraction pipeline: the English backbone plus newstrail's components, loaded once.

:class:`Extractor` is what every caller uses (CLI, workers, evaluation, API): it turns an
:class:`~newstrail.models.Article` into an :class:`~newstrail.models.Extraction`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newstrail.ingest.language import skips_extraction
from newstrail.models import Article, Extraction, article_kinds
from newstrail.nlp.backbone import load_backbone, model_info

# (module under newstrail.nlp, factory name), in pipeline order; see newstrail.nlp for contracts.
COMPONENTS: list[tuple[str, str]] = [
    ("entities", "newstrail_entities"),
    ("places", "newstrail_places"),
    ("times", "newstrail_times"),
    ("coref", "newstrail_coref"),
    ("quotes", "newstrail_quotes"),
]

__all__ = ["COMPONENTS", "Extractor", "build_nlp"]

# Each article record kind is a Doc extension its component fills (declared by the kind).
for _kind in article_kinds():
    if not Doc.has_extension(_kind.name):
        Doc.set_extension(_kind.name, default=None)


def build_nlp(
    model: str | None = None,
    components: Iterable[str] | None = None,
    config: dict[str, dict[str, Any]] | None = None,
) -> Language:
    """The backbone with newstrail's components appended (all of them unless ``components``)."""
    nlp = load_backbone(model)
    wanted = set(components) if components is not None else None
    for module, factory in COMPONENTS:
        if wanted is not None and module not in wanted:
            continue
        importlib.import_module(f"newstrail.nlp.{module}")
        nlp.add_pipe(factory, config=(config or {}).get(module, {}))
    return nlp


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
        return self.nlp(self.make_doc(article))

    def extract(self, article: Article) -> Extraction:
        """What the pipeline finds; nothing for an article known to be in another language,
        which the English components would only mis-extract."""
        if skips_extraction(article.language):
            # The versions are recorded: this pipeline decided, and `extract --stale` agrees.
            return Extraction(components=dict(self.versions))
        return self.to_extraction(self.run(article))

    def to_extraction(self, doc: Doc) -> Extraction:
        """Every article record kind's list from its ``Doc`` extension, with the versions."""
        return Extraction(
            components=dict(self.versions),
            **{kind.name: list(getattr(doc._, kind.name) or []) for kind in article_kinds()},
        )
