"""newstrail_coref: in-document coreference from rules and features, no trained weights.

Chains start from the named entities of ``newstrail_entities`` (one chain per canonical name,
short names and acronyms already joined). Then, in text order, each pronoun and each nominal
description ("the official", "our respondent", "ICYF-ERC official") is attached to the best
earlier chain, scored with (weights in :data:`WEIGHTS`, windows in :data:`WINDOWS`):

* agreement: person/thing, gender (from honorifics and earlier pronouns), number;
* recency in sentences, counted only over mentions outside quotations when the pronoun is itself
  outside one (so "he noted" after a quote skips the names the quote mentions);
* syntactic role: earlier subjects are preferred; subjects of speech verbs prefer chains that
  were speakers or carry a role; in "Mirzoyan said he hoped", "he" prefers the reporter;
  binding keeps an object pronoun off its own clause's subject;
* descriptions matching the role: "the diplomat" ↔ a foreign-policy title, "ICYF-ERC official"
  ↔ a role that names ICYF-ERC, "the minister" ↔ "Minister ...", "the Azerbaijani official" ↔
  a role naming Azerbaijan.

Noun phrases repeated verbatim ("the reservoir" ... "the reservoir") or resumed by "the <head>",
unresolved third-person pronouns and first/second person pronouns (the author outside
quotations) form unnamed chains; "I/me/my" inside a quotation join its speaker, the subject of a
speech verb in the same paragraph; pleonastic "it" is skipped. Tuned on
OntoGUM train only. :func:`entity_for` answers, for any mention span, which canonical entity it
refers to. Word lists live in the language layer (``lexicon/people.json``, ``pronouns.json``,
``speech.json``, ``coref.json``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

import newstrail.nlp  # noqa: F401  (declares the Doc extensions)
from newstrail.models import Entity, TextSpan
from newstrail.nlp import PARSE, component_id, doc_text
from newstrail.nlp.coref_resolver import Lexicon, _Resolver, lexicon
from newstrail.nlp.quotation import quote_mask

NAME = "newstrail_coref"
VERSION = "1.0.0"
COMPONENT = component_id(NAME, VERSION)


@dataclass(slots=True)
class Cluster:
    """One coreference chain: its canonical name/label/role (from its best named mention, None
    when it has none) and the char spans of all its mentions in text order."""

    id: int
    name: str | None
    label: str | None
    role: str | None
    mentions: list[TextSpan] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)  # token index of each mention's head


def resolve(doc: Doc, general: bool = True) -> list[Cluster]:
    """Coreference chains of ``doc`` (needs ``doc._.entities``): every named chain, and unnamed
    chains with at least two mentions. Also sets ``Entity.cluster`` on ``doc._.entities``.
    ``general=False`` keeps to names, third-person pronouns and descriptions of named entities
    (no chains of common noun phrases)."""
    chains = _Resolver(doc, general=general).run()
    clusters: list[Cluster] = []
    by_name: dict[tuple[str | None, str | None], int] = {}
    for chain in chains:
        if not chain.mentions or (not chain.named and len(chain.mentions) < 2):
            continue
        mentions = sorted(chain.mentions, key=lambda m: m.start)
        cid = len(clusters)
        label = chain.label if chain.named else None
        clusters.append(
            Cluster(
                id=cid,
                name=chain.name,
                label=label,
                role=chain.role,
                mentions=[
                    TextSpan(
                        doc[m.start : m.end].text, doc[m.start].idx, doc[m.start : m.end].end_char
                    )
                    for m in mentions
                ],
                heads=[m.head for m in mentions],
            )
        )
        if chain.named:
            by_name[(chain.name, chain.label)] = cid
    for ent in doc._.entities or []:
        ent.cluster = by_name.get((ent.name, ent.label))
    return clusters


def entity_for(doc: Doc, start_char: int, end_char: int) -> Entity | None:
    """The canonical entity a mention span refers to (pronoun, description or name), or None.

    The span may be the mention itself or overlap it ("official" inside "the official"). The
    Entity returned carries the mention's own text/offsets and its chain's canonical name,
    label, role and cluster id."""
    clusters: list[Cluster] = doc._.coref_clusters or []
    heads = _head_offsets(doc, start_char, end_char)
    best: tuple[tuple[int, int, int], Cluster, TextSpan] | None = None
    for cluster in clusters:
        if cluster.name is None:
            continue
        for span in cluster.mentions:
            if span.end <= start_char or span.start >= end_char:
                continue
            # Exact span first, then the mention holding the asked span's syntactic head
            # ("Gurbanov" in "Mr. Vusal Gurbanov, Acting Director General of ..."). A mention
            # that only sits inside the span ("Murang'a" in "County officials in Murang'a") is
            # not what the span refers to.
            exact = int(span.start == start_char and span.end == end_char)
            has_head = int(any(span.start <= head < span.end for head in heads))
            if not (exact or has_head):
                continue
            overlap = min(span.end, end_char) - max(span.start, start_char)
            rank = (exact, has_head, overlap - abs(span.end - span.start - overlap))
            if best is None or rank > best[0]:
                best = (rank, cluster, span)
    if best is not None:
        _, cluster, _ = best
        return Entity(
            text=doc_text(doc)[start_char:end_char],
            start=start_char,
            end=end_char,
            label=cluster.label or "",
            name=cluster.name or "",
            role=cluster.role,
            cluster=cluster.id,
            component=COMPONENT,
        )
    for ent in doc._.entities or []:
        exact = ent.start == start_char and ent.end == end_char
        if exact or any(ent.start <= head < ent.end for head in heads):
            return ent
    return None


def _head_offsets(doc: Doc, start_char: int, end_char: int) -> list[int]:
    """Character offsets of the span's syntactic head and of the head's appositions
    ("Its chairwoman, Sanne Visser")."""
    asked = doc.char_span(start_char, end_char, alignment_mode="expand")
    if asked is None or not len(asked):
        return []
    root = asked.root
    return [root.idx] + [c.idx for c in root.children if c.dep_ == "appos" and c in asked]


class Component:
    """Writes ``doc._.coref_clusters`` (list of :class:`Cluster`) and ``Entity.cluster``."""

    def __call__(self, doc: Doc) -> Doc:
        if doc._.entities is None:
            doc._.coref_clusters = []
            return doc
        doc._.coref_clusters = resolve(doc)
        return doc


# The contract (spaCy's requires/assigns): what this component reads and writes; the table in
# newstrail.nlp lists every component's.
REQUIRES = ["doc._.entities", "doc._.entity_names", *PARSE]
ASSIGNS = ["doc._.coref_clusters"]
Language.factory(NAME, requires=REQUIRES, assigns=ASSIGNS, func=lambda nlp, name: Component())


__all__ = [
    "ASSIGNS",
    "COMPONENT",
    "NAME",
    "REQUIRES",
    "VERSION",
    "Cluster",
    "Component",
    "Lexicon",
    "entity_for",
    "lexicon",
    "quote_mask",
    "resolve",
]
