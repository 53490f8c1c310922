"""newstrail_entities: named entities with one label per name, canonical names and roles.

The statistical NER of the backbone is the starting point; its labels are then corrected with
evidence the article itself gives (weights in :data:`VOTES`, word lists in the language layer:
``lexicon/people.json``, ``names.json``, ``speech.json``):

* titles and honorifics before a name ("Mr.", "President"), an apposition headed by a role noun
  ("Hikmat Hajiyev, Assistant to the President ...") and verbs only people take ("reminded")
  vote PERSON; subjects of "informs"/"reports" vote ORG ("..., Report informs");
* "X region/district" (GPE), "X Reservoir/Pass/River" (LOC), "X tunnel/road" (FAC),
  organisation head words ("... Center", "... Forum") and "Republic of ..." vote for their label;
* an acronym in parentheses after its long form ("... Youth Forum (ICYF-ERC)") joins both names;
* the place gazetteer, when installed (``newstrail.gazetteer.default_gazetteer().is_place``),
  votes GPE: weakly for any known name, strongly for countries and large cities;
* every mention of a name votes, and the whole document then takes one label per name.

Mentions the model missed are added: later repeats of a known name, a surname alone after the
full name, names after an honorific, and untagged subjects of speech verbs. Canonical names: the
longest form of a person's name without honorifics or titles ("Hajiyev" → "Hikmat Hajiyev",
"Mr. Vusal Gurbanov" → "Vusal Gurbanov"), the long form of an acronym. Roles come from
appositions (", Acting Director General of ..."), reverse appositions ("The head of the agency,
Fuad Naghiyev") and pre-modifying titles ("President Ilham Aliyev", "US Secretary of State
Antony Blinken") and are shared by all mentions of the name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

import newstrail.nlp  # noqa: F401  (declares the Doc extensions)
from newstrail.models import Entity
from newstrail.nlp import PARSE, component_id, doc_text
from newstrail.nlp.entities_evidence import (
    GPE,
    NORP,
    ORG,
    PERSON,
    PLACE_LABELS,
    Lexicon,
    Mention,
    PlaceVote,
    _appos_role,
    _gazetteer_lookup,
    _is_acronym,
    _is_speech_subject,
    _norm,
    _part_of_title,
    _premodifier_role,
    _reverse_appos_role,
    _title_span,
    _votes,
    acronym_matches,
    is_common_plural,
    lexicon,
    trim_name,
)

NAME = "newstrail_entities"
VERSION = "1.0.0"
COMPONENT = component_id(NAME, VERSION)

# --------------------------------------------------------------------------------------------
# Grouping mentions into names


@dataclass
class NameGroup:
    key: str
    mentions: list[Mention]
    label: str = ""
    name: str = ""
    role: str | None = None
    role_span: tuple[int, int] | None = None  # char offsets of the role text
    gender: str | None = None
    acronym: str | None = None
    forced: str | None = None  # label fixed by a merge (surnames joining a full name)


def _media_extension(doc: Doc, end: int) -> int:
    """ "Bizim" + ".Media" → include the domain part of an outlet name written as a domain."""
    lex = lexicon()
    if end + 1 < len(doc) and doc[end].text == "." and not doc[end - 1].whitespace_:
        nxt = doc[end + 1]
        if nxt.lower_ in lex.media_tlds and not doc[end].whitespace_:
            return end + 2
    return end


def _collect(doc: Doc) -> list[Mention]:
    lex = lexicon()
    mentions: list[Mention] = []
    taken: set[int] = set()
    for ent in doc.ents:
        if ent.label_ not in lex.name_labels:
            continue
        if ent.text.islower() and ent.root.tag_ == "NNS":  # "mosques": a common noun
            continue
        if (
            len(ent) == 1
            and ent.label_ in (ORG, PERSON)
            and ent[0].is_sent_start
            and is_common_plural(ent[0])
        ):
            continue  # "Farmers in Murang'a have complained": capitalised only by position
        if ent.label_ == ORG and _part_of_title(doc, ent.start, ent.end, lex):
            continue  # "Minister for Transport", "State" of "State Secretary": a role, not an org
        start, end = trim_name(doc, ent.start, ent.end)
        if start >= end:
            continue
        label: str = ent.label_
        # "Emperor Norton", "Mr. Smith": the title stays outside the name (it is a role)
        while (
            end - start > 1
            and (doc[start].lower_ in lex.person_titles or doc[start].lower_ in lex.honorifics)
            and doc[start].text[:1].isupper()
            and doc[start + 1].pos_ == "PROPN"
        ):
            start += 1
        ext = _media_extension(doc, end)
        if ext != end:
            end, label = ext, ORG
        # "Aghdara region": keep the name, the lower-case type word becomes evidence
        last = doc[end - 1]
        if (
            end - start > 1
            and last.is_lower
            and lex.place_types.get(last.lower_) == GPE
            and not doc[start : end - 1].text.islower()
        ):
            end -= 1
        mentions.append(Mention(start, end, label))
        taken.update(range(start, end))
    # Names the model missed entirely but which are the subject of a speech verb
    # ("..., Report informs.", "Brel said"): the verb is the evidence, weighed in _votes.
    for tok in doc:
        agency = tok.head.lemma_.lower() in lex.agency_verbs
        if (
            tok.i in taken
            or (tok.pos_ != "PROPN" and not (agency and tok.pos_ == "NOUN"))
            or not tok.text[:1].isupper()
            or not _is_speech_subject(tok, lex.speech_verbs)
            or tok.is_sent_start
        ):
            continue
        start = tok.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound":
            start -= 1
        if any(i in taken for i in range(start, tok.i + 1)):
            continue
        mentions.append(Mention(start, tok.i + 1, None))
        taken.update(range(start, tok.i + 1))
    # Names the model missed entirely but which follow a title or honorific ("Mr. Smith").
    for tok in doc:
        if tok.i in taken or not tok.text[:1].isupper() or tok.pos_ != "PROPN":
            continue
        if tok.i > 0 and doc[tok.i - 1].lower_ in lex.honorifics and tok.i - 1 not in taken:
            end = tok.i + 1
            while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
                end += 1
            if any(i in taken for i in range(tok.i, end)):
                continue
            mentions.append(Mention(tok.i, end, None))
            taken.update(range(tok.i, end))
    mentions.sort(key=lambda m: m.start)
    return mentions


def _propagate(doc: Doc, groups: list[NameGroup], taken: set[int]) -> list[Mention]:
    """Further mentions of known names the model did not tag: exact repeats and, for people,
    the surname alone ("Hajiyev")."""
    forms: dict[tuple[str, ...], NameGroup] = {}
    for g in groups:
        for m in g.mentions:
            forms.setdefault(tuple(t.text for t in doc[m.start : m.end]), g)
        if g.label == PERSON:
            longest = max(g.mentions, key=lambda m: m.end - m.start)
            if longest.end - longest.start > 1:
                forms.setdefault((doc[longest.end - 1].text,), g)
    added: list[Mention] = []
    if not forms:
        return added
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for form in forms:
        by_first[form[0]].append(form)
    for tok in doc:
        if tok.i in taken or not tok.text[:1].isupper():
            continue
        for form in sorted(by_first.get(tok.text, []), key=len, reverse=True):
            end = tok.i + len(form)
            if len(form) == 1 and tok.pos_ != "PROPN" and not _surname_as_noun(tok):
                continue  # "Please" at a sentence start is not the name seen elsewhere
            if end > len(doc) or tuple(t.text for t in doc[tok.i : end]) != form:
                continue
            if any(i in taken for i in range(tok.i, end)):
                continue
            if end < len(doc) and doc[end].text[:1].isupper() and doc[end].pos_ == "PROPN":
                continue  # part of a longer, different name
            m = Mention(tok.i, end, None, key=forms[form].key)
            forms[form].mentions.append(m)
            added.append(m)
            taken.update(range(tok.i, end))
            break
    return added


def _surname_as_noun(tok: Token) -> bool:
    """A known surname the tagger took for a common noun at a sentence start, in a noun's
    place ("Trump has also commented ...", after "Donald Trump" earlier)."""
    return bool(tok.is_sent_start) and tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass")


def _strip_titles(doc: Doc, m: Mention) -> tuple[int, int]:
    lex = lexicon()
    start = m.start
    while start < m.end - 1 and (
        doc[start].lower_ in lex.honorifics or doc[start].lower_ in lex.titles
    ):
        start += 1
    return start, m.end


def _group(doc: Doc, mentions: list[Mention], is_place: PlaceVote | None) -> list[NameGroup]:
    lex = lexicon()
    by_key: dict[str, NameGroup] = {}
    for m in mentions:
        s, e = _strip_titles(doc, m)
        m.key = _norm(doc[s:e].text)
        m.votes = _votes(doc, m, is_place)
        by_key.setdefault(m.key, NameGroup(m.key, [])).mentions.append(m)

    # acronym in parentheses after its long form joins the two groups
    alias: dict[str, str] = {}
    for m in mentions:
        span_text = doc[m.start : m.end].text
        if _is_acronym(span_text):
            continue
        j = m.end
        if j < len(doc) and doc[j].text == "(":
            k = j + 1
            while k < len(doc) and doc[k].text != ")" and k - j < 8:
                k += 1
            if k < len(doc) and doc[k].text == ")":
                acr = doc[j + 1 : k].text
                if _is_acronym(acr) and acronym_matches(acr, span_text):
                    acr_key = _norm(acr)
                    alias[acr_key] = m.key
                    group = by_key[m.key]
                    group.acronym = acr
                    if acr_key not in by_key:
                        new = Mention(j + 1, k, None, key=acr_key)
                        new.votes[ORG] = 1.0
                        by_key[acr_key] = NameGroup(acr_key, [new])
    # unparenthesised acronyms matching a long form elsewhere in the document
    for key, group in list(by_key.items()):
        form = doc[group.mentions[0].start : group.mentions[0].end].text
        if key in alias or not _is_acronym(form):
            continue
        for other_key, other in by_key.items():
            if other_key == key or other_key in alias:
                continue
            o = other.mentions[0]
            if o.end - o.start >= 2 and acronym_matches(form, doc[o.start : o.end].text):
                alias[key] = other_key
                other.acronym = other.acronym or form
                break
    for acr_key, long_key in alias.items():
        if acr_key in by_key and long_key in by_key and acr_key != long_key:
            by_key[long_key].mentions.extend(by_key.pop(acr_key).mentions)

    groups = list(by_key.values())
    for g in groups:
        _decide(doc, g)

    # surnames and first names alone join the person whose full name contains them
    persons = [g for g in groups if g.label == PERSON]
    merged: set[str] = set()
    for g in groups:
        words = g.key.split()
        if len(words) != 1 or g.key in merged:
            continue
        owners = [
            p
            for p in persons
            if p is not g and len(p.key.split()) > 1 and words[0] in p.key.split()
        ]
        place_votes = sum(m.votes.get(k, 0.0) for m in g.mentions for k in PLACE_LABELS)
        owners = [p for p in owners if p.key not in merged]
        if not owners:
            continue
        longest = max(owners, key=lambda p: (len(p.key.split()), p.key))
        # "Joshua Norton" and "Joshua Abraham Norton" are one person: all owners' words must
        # fit in the longest name, else the short name is ambiguous and stays apart
        if not all(set(p.key.split()) <= set(longest.key.split()) for p in owners):
            continue
        person_votes = sum(m.votes.get(PERSON, 0.0) for m in g.mentions)
        if g.label == PERSON or (
            g.label in (ORG, NORP, "") and place_votes < max(1.0, person_votes)
        ):
            longest.forced = PERSON
            for p in owners:
                if p is not longest:
                    longest.mentions.extend(p.mentions)
                    merged.add(p.key)
            longest.mentions.extend(g.mentions)
            merged.add(g.key)
    groups = [g for g in groups if g.key not in merged]
    taken = {i for g in groups for m in g.mentions for i in range(m.start, m.end)}
    _propagate(doc, groups, taken)
    for g in groups:
        g.mentions.sort(key=lambda m: m.start)
        _decide(doc, g)
        _name_and_role(doc, g, lex)
    return groups


def _decide(doc: Doc, g: NameGroup) -> None:
    if g.forced:
        g.label = g.forced
        return
    total: defaultdict[str, float] = defaultdict(float)
    for m in g.mentions:
        for label, weight in m.votes.items():
            total[label] += weight
    if not total:
        g.label = g.label or ORG
        return
    best = max(sorted(total), key=lambda label: total[label])
    g.label = best


def _name_form_rank(
    doc: Doc, form: tuple[int, int], label: str | None, lex: Lexicon, body_last_words: set[str]
) -> tuple[bool, bool, int, int]:
    """Which written form names the group: not a headline form ending in a word no form in
    the body ends with (title case runs words into names: "Hillary Clinton Speaks"); for a
    person, one without function words ("the Trump of the Republican primaries"); then the
    longest, the first."""
    start, end = form
    trusted = doc[start].idx > _headline_end(doc) or not body_last_words
    trusted = trusted or doc[end - 1].lower_ in body_last_words
    plain = label != PERSON or not any(
        t.lower_ in lex.stop_name_words and t.is_lower for t in doc[start:end]
    )
    return (trusted, plain, end - start, -start)


def _headline_end(doc: Doc) -> int:
    text = doc_text(doc)  # doc.text is rebuilt from every token on each access
    end = text.find("\n")
    return len(text) if end < 0 else end


def _name_and_role(doc: Doc, g: NameGroup, lex: Lexicon) -> None:
    forms: list[tuple[int, int]] = [_strip_titles(doc, m) for m in g.mentions]
    if g.acronym:
        candidates = [f for f in forms if not _is_acronym(doc[f[0] : f[1]].text)]
        forms = candidates or forms
    body_last_words = {doc[f[1] - 1].lower_ for f in forms if doc[f[0]].idx > _headline_end(doc)}
    best = max(forms, key=lambda f: _name_form_rank(doc, f, g.label, lex, body_last_words))
    g.name = doc[best[0] : best[1]].text
    if g.label != PERSON:
        for m in g.mentions:
            _, _, gender = _title_span(doc, m.start)
            g.gender = g.gender or gender
        return
    for m in g.mentions:
        _, _, gender = _title_span(doc, m.start)
        g.gender = g.gender or gender
        if g.role is not None:
            continue
        found = _appos_role(doc, m.end) or _reverse_appos_role(doc, m) or _premodifier_role(doc, m)
        if found is not None:
            start, end = found
            while end > start and doc[end - 1].is_punct and doc[end - 1].text not in ")]":
                end -= 1  # "a negotiator for the FNV." ends the sentence, not the role
            span = doc[start:end]
            g.role = m.role = span.text
            g.role_span = (span.start_char, span.end_char)


def find_entities(
    doc: Doc, is_place: PlaceVote | None = None
) -> tuple[list[Entity], dict[str, dict[str, Any]]]:
    """The corrected, named and role-carrying entity mentions of ``doc`` in text order, and per
    canonical name the hints coreference uses (gender, role char span, acronym)."""
    groups = _group(doc, _collect(doc), is_place)
    entities: list[Entity] = []
    info: dict[str, dict[str, Any]] = {}
    for g in groups:
        info[g.name] = {"gender": g.gender, "role_span": g.role_span, "acronym": g.acronym}
        for m in g.mentions:
            span = doc[m.start : m.end]
            entities.append(
                Entity(
                    text=span.text,
                    start=span.start_char,
                    end=span.end_char,
                    label=g.label,
                    name=g.name,
                    role=g.role,
                    component=COMPONENT,
                )
            )
    entities.sort(key=lambda e: (e.start, e.end))
    return entities, info


def name_info(doc: Doc) -> dict[str, dict[str, Any]]:
    """What :func:`find_entities` recorded per canonical name (gender, role span, acronym):
    ``doc._.entity_names``."""
    info: dict[str, dict[str, Any]] = doc._.entity_names or {}
    return info


# The contract (spaCy's requires/assigns): what this component reads and writes; the table in
# newstrail.nlp lists every component's.
REQUIRES = ["doc.ents", *PARSE]
ASSIGNS = ["doc._.entities", "doc._.entity_names"]


@Language.factory(NAME, default_config={"use_gazetteer": True}, requires=REQUIRES, assigns=ASSIGNS)
def make_component(nlp: Language, name: str, use_gazetteer: bool) -> Component:
    return Component(use_gazetteer=use_gazetteer)


class Component:
    """Writes ``doc._.entities``: labels fixed by document evidence, canonical names, roles."""

    def __init__(self, use_gazetteer: bool = True) -> None:
        self.use_gazetteer = use_gazetteer
        self._is_place: PlaceVote | None = None
        self._looked_up = False

    def is_place(self) -> PlaceVote | None:
        if not self.use_gazetteer:
            return None
        if not self._looked_up:
            self._is_place = _gazetteer_lookup()
            self._looked_up = True
        return self._is_place

    def __call__(self, doc: Doc) -> Doc:
        entities, info = find_entities(doc, self.is_place())
        doc._.entities = entities
        doc._.entity_names = info
        return doc


__all__ = [
    "ASSIGNS",
    "COMPONENT",
    "REQUIRES",
    "is_common_plural",
    "NAME",
    "PLACE_LABELS",
    "VERSION",
    "Component",
    "acronym_matches",
    "find_entities",
    "lexicon",
    "name_info",
]
