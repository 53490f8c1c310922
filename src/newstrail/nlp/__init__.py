"""Extraction components, one module each, registered with spaCy under versioned names.

Every component reads and writes ``Doc`` extension attributes declared here, so the order of the
pipeline (see :data:`newstrail.pipeline.COMPONENTS`) is the only coupling between them:

=====================  =============================  ==========================================
component              reads                          writes
=====================  =============================  ==========================================
newstrail_entities     doc.ents, parse                doc._.entities (labels fixed, names, roles)
newstrail_places       doc._.entities                 doc._.places
newstrail_times        doc._.published                doc._.times
newstrail_coref        doc._.entities, parse          doc._.coref_clusters, Entity.cluster
newstrail_quotes       doc._.entities, coref          doc._.quotes
newstrail_numbers      doc._.times, doc._.entities    doc._.numbers
newstrail_events       entities, places, times,       doc._.events
                       numbers, quotes, coref
=====================  =============================  ==========================================
"""

from __future__ import annotations

from spacy.tokens import Doc

_EXTENSIONS: dict[str, object] = {
    "published": None,  # ISO 8601 publication time with offset, or None; set by the caller
    "entities": None,
    "places": None,
    "times": None,
    "coref_clusters": None,
    "quotes": None,
    "numbers": None,
    "events": None,
}

for _name, _default in _EXTENSIONS.items():
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc: spaCy rebuilds it from every token on each access."""
    text: str | None = doc.user_data.get("newstrail.text")
    if text is None:
        text = doc.user_data["newstrail.text"] = doc.text
    return text


def component_id(name: str, version: str) -> str:
    """How a component is recorded with every row it produced: ``name@version``."""
    return f"{name}@{version}"
