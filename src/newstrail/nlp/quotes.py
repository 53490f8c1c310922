"""newstrail_quotes: placeholder until the component is built (see its issue)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

import newstrail.nlp  # noqa: F401  (declares the Doc extensions)

NAME = "newstrail_quotes"
VERSION = "0.0.1"


@Language.factory(NAME)
def make_component(nlp: Language, name: str) -> "Component":
    return Component()


class Component:
    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = []
        return doc
