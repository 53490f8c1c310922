"""Extraction components, one module each, registered with spaCy under versioned names.

Every component declares what it reads and writes with spaCy's ``requires``/``assigns`` (the
``REQUIRES``/``ASSIGNS`` of its module); Doc extension attributes declared here are the only
channel between components, so the order of the pipeline (see
:data:`newstrail.pipeline.COMPONENTS`) is the only coupling between them. ``doc._.published`` is
the one input the caller sets. ``nlp.analyze_pipes()`` checks the contracts;
``tests/nlp/test_contracts.py`` checks this table against them.

==================  =========================================  =================================
component           requires                                   assigns
==================  =========================================  =================================
newstrail_entities  doc.ents, PARSE                            doc._.entities,
                                                               doc._.entity_names
newstrail_places    doc._.entities, doc.ents                   doc._.places
newstrail_times     doc._.published, doc._.entities, PARSE     doc._.times
newstrail_coref     doc._.entities, doc._.entity_names, PARSE  doc._.coref_clusters
newstrail_quotes    doc._.entities, doc._.coref_clusters,      doc._.quotes
                    doc.ents, PARSE
newstrail_numbers   doc._.times, doc._.entities, doc.ents,     doc._.numbers
                    PARSE
newstrail_events    doc._.entities, doc._.places, doc._.times, doc._.events
                    doc._.coref_clusters, doc._.quotes,
                    doc._.numbers, doc.ents, PARSE
==================  =========================================  =================================

``PARSE`` is what the backbone's tagger, parser and lemmatizer assign (:data:`PARSE`: token.dep,
token.tag, token.lemma, doc.sents). ``doc._.entity_names`` maps each canonical name to the hints
coreference uses (gender, role character span, acronym); coreference also sets ``Entity.cluster``
on ``doc._.entities``.
Word lists, patterns and marks live in the language layer, :mod:`newstrail.nlp.lexicon`.
"""

from __future__ import annotations

from spacy.tokens import Doc

_EXTENSIONS: dict[str, object] = {
    "published": None,  # ISO 8601 publication time with offset, or None; set by the caller
    "entities": None,
    "entity_names": None,  # canonical name -> {"gender", "role_span", "acronym"}
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


# What the backbone's tagger, parser and lemmatizer assign: every component that reads the parse
# requires all of it.
PARSE = ["token.dep", "token.tag", "token.lemma", "doc.sents"]

# The names every component module exports (in its ``__all__``) besides its own: its factory
# ``NAME``, ``VERSION`` and ``COMPONENT`` (``name@version``), and its ``REQUIRES``/``ASSIGNS``.
CONTRACT = ("ASSIGNS", "COMPONENT", "NAME", "REQUIRES", "VERSION")


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc: spaCy rebuilds it from every token on each access."""
    text: str | None = doc.user_data.get("newstrail.text")
    if text is None:
        text = doc.user_data["newstrail.text"] = doc.text
    return text


def component_id(name: str, version: str) -> str:
    """How a component is recorded with every row it produced: ``name@version``."""
    return f"{name}@{version}"
