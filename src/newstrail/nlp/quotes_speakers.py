"""Speakers that are not one named person: groups, organisations behind a description, people
behind a party or office description, and relative pronouns.

:class:`newstrail.nlp.quotes.Component` asks these only when coreference found no named entity for
a source mention, and each answers ``None`` unless the text itself names the referent:

* a relative pronoun ("Bill Clinton, who activated ...") is its antecedent;
* a group ("Clinton supporters", "a number of OIC ambassadors", "many Democrats") is named by its
  description without determiners and quantifiers, and only when the description holds a name
  ("top black lawmakers" stays unnamed); "they" is the nearest earlier group when the nearest
  plural noun before it is one;
* an organisation behind a description: "officials at X" → X, "the city of Phoenix" → Phoenix
  (its government), "the Clinton campaign" → "Clinton campaign", and "the commission" / "the
  campaign" / "the newspaper" resume an organisation named in the sentences just before;
* "the Republican nominee" / "the Democratic presidential nominee" → the one person introduced
  with that party ("Republican Donald Trump"), when exactly one was.

Word lists: ``lexicon/people.json`` (group_nouns, group_quantifiers, org_voice_nouns,
resumed_org_nouns, outlet_nouns, outlet_name_words, party_aliases).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from spacy.tokens import Doc, Token

from newstrail.nlp.lexicon import lexicon, words

GROUP = "GROUP"
ORG = "ORG"
PERSON = "PERSON"
NAME_ENTITY_TYPES = ("PERSON", "ORG", "GPE", "NORP")
# How far back "they", "the commission" and party descriptions look, in sentences.
GROUP_WINDOW_SENTENCES = 2
RESUME_WINDOW_SENTENCES = 6
PREMODIFIER_TOKENS = 7

Resolved = tuple[str | None, str | None, str | None]
_WORD_PARTS = re.compile(r"[^\w]+")  # "icyf-erc" also counts as "icyf" and "erc"


@dataclass(frozen=True, slots=True)
class SpeakerWords:
    """The word lists of ``lexicon/people.json``, each under its own name, and the few entries
    built from more than one list (see :meth:`load`)."""

    group_nouns: frozenset[str]
    group_quantifiers: frozenset[str]
    org_voice_nouns: frozenset[str]
    resumed_org_nouns: frozenset[str]
    outlet_nouns: frozenset[str]
    outlet_name_words: frozenset[str]
    office_changing_modifiers: frozenset[str]
    place_descriptors: frozenset[str]
    relative_pronouns: frozenset[str]
    group_prepositions: frozenset[str]
    candidate_nouns: frozenset[str]
    female_first_names: frozenset[str]
    male_first_names: frozenset[str]
    state_side_nouns: frozenset[str]
    person_descriptors: frozenset[str]  # with the titles
    party_aliases: dict[str, str]
    government_role: str  # the role of a place speaking for its government (speech.json)

    @classmethod
    def load(cls) -> SpeakerWords:
        people = lexicon("people")
        built: dict[str, Any] = {
            "person_descriptors": words("people", "person_descriptors") | words("people", "titles"),
            "party_aliases": dict(people["party_aliases"]),
            "government_role": str(lexicon("speech")["place_speaker_role"]),
        }
        values: dict[str, Any] = {
            f.name: built[f.name] if f.name in built else words("people", f.name)
            for f in fields(cls)
        }
        return cls(**values)


def relative_antecedent(head: Token, pronouns: frozenset[str]) -> Token | None:
    """ "Bill Clinton, who activated ...": the noun the relative pronoun stands for."""
    if head.lower_ not in pronouns or head.dep_ not in ("nsubj", "nsubjpass"):
        return None
    verb = head.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ != "relcl" or verb.head.pos_ not in ("NOUN", "PROPN"):
        return None
    return verb.head


class SpeakerResolver:
    """The fallbacks above, for one document."""

    def __init__(self, sw: SpeakerWords, resolve_token: Callable[[Token], Resolved]):
        self.sw = sw
        self.resolve_token = resolve_token  # the quotes component's resolution of a mention head

    # -- entry point --------------------------------------------------------------------------

    def is_party_word(self, name: str) -> bool:
        """ "Republican", "GOP": a party word is no person's name."""
        return name.lower() in self.sw.party_aliases

    def resolve(self, doc: Doc, head: Token) -> Resolved | None:
        antecedent = relative_antecedent(head, self.sw.relative_pronouns)
        if antecedent is not None:
            return self.resolve_token(antecedent)
        if head.lower_ in ("they", "them"):
            group = self._they(doc, head)
            if group is None:
                return None
            return self.resolve_token(group)
        found = self._organisation(doc, head)
        if found is not None:
            return found
        group_head = self._group_head(head)
        if group_head is not None:
            name = self._group_name(doc, group_head)
            return (name, GROUP, None) if name else None
        person = self._described_person(doc, head)
        if person is not None:
            return person
        return None

    # -- groups -------------------------------------------------------------------------------

    def _is_plural(self, tok: Token) -> bool:
        return tok.tag_ in ("NNS", "NNPS") or "Plur" in tok.morph.get("Number", [])

    def _group_head(self, head: Token) -> Token | None:
        """The plural person noun a mention is about ("a number of OIC ambassadors" →
        ambassadors), or None."""
        tok = head
        if tok.lower_ in self.sw.group_quantifiers:
            of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"]
            objs = [c for p in of for c in p.children if c.dep_ == "pobj"]
            if not objs:
                return None
            tok = objs[0]
        if not self._is_plural(tok):
            return None
        if tok.lower_ in self.sw.group_nouns or tok.lemma_.lower() in self.sw.group_nouns:
            return tok
        if tok.ent_type_ == "NORP":
            return tok
        return None

    def _group_name(self, doc: Doc, head: Token) -> str | None:
        """The group's description without determiners and quantifiers, when it holds a name
        ("Clinton supporters", "former RT journalists", "advisers to Mr. Obama"); else None."""
        lefts = [t for t in head.subtree if t.i < head.i]
        kept: list[Token] = []
        for t in lefts:
            if t.dep_ in ("det", "predet", "nummod", "punct", "cc", "case") and t.tag_ != "POS":
                continue
            if t.lower_ in self.sw.group_quantifiers or t.like_num:
                continue
            kept.append(t)
        start = kept[0].i if kept else head.i
        # only a contiguous stretch before the head ("a number of" already dropped)
        while start < head.i and doc[start] not in kept:
            start += 1
        end = head.i + 1
        for prep in head.rights:
            if prep.dep_ == "prep" and prep.lower_ in self.sw.group_prepositions:
                sub = list(prep.subtree)
                if any(t.pos_ == "PROPN" for t in sub):
                    end = sub[-1].i + 1
                break
        toks = [t for t in doc[start:end] if not (t.is_punct and t.i == end - 1)]
        if not any(
            t.pos_ == "PROPN" or t.ent_type_ in NAME_ENTITY_TYPES or t.text[:1].isupper()
            for t in toks
            if not t.is_sent_start or t.ent_type_
        ):
            return None
        text = doc[toks[0].i : toks[-1].i + 1].text if toks else ""
        return text.replace("’s", "'s") or None

    def _they(self, doc: Doc, pron: Token) -> Token | None:
        """ "We met a number of OIC ambassadors ... They also stressed ...": the nearest plural
        noun before "they", when it is a group of people (a thing in between: no answer)."""
        sent_starts = [s.start for s in doc.sents if s.start <= pron.i]
        first = (
            sent_starts[-1 - GROUP_WINDOW_SENTENCES]
            if len(sent_starts) > GROUP_WINDOW_SENTENCES
            else 0
        )
        for tok in reversed(doc[first : pron.i]):
            if tok.pos_ not in ("NOUN", "PROPN") or not self._is_plural(tok):
                continue
            if tok.dep_ == "compound":
                continue
            return tok if self._group_head(tok) is not None else None
        return None

    # -- organisations --------------------------------------------------------------------------

    def _organisation(self, doc: Doc, head: Token) -> Resolved | None:
        lemma = head.lemma_.lower()
        if head.lower_ in self.sw.org_voice_nouns and self.voiced_organisation(head):
            return self.voiced_organisation(head)
        state = self._state_side(doc, head)
        if state is not None:
            return state
        if head.lower_ in self.sw.org_voice_nouns:
            return None
        if lemma in self.sw.place_descriptors and lemma not in self.sw.resumed_org_nouns:
            for prep in head.rights:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for obj in prep.children:
                        if obj.dep_ == "pobj" and obj.ent_type_ in ("GPE", "LOC"):
                            return self.resolve_token(obj)
            return None
        if lemma not in self.sw.resumed_org_nouns and lemma not in self.sw.outlet_nouns:
            return None
        named = self._named_org_phrase(doc, head)
        if named is not None:
            return named, ORG, None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            return None
        return self._resumed_org(doc, head)

    def _state_side(self, doc: Doc, head: Token) -> Resolved | None:
        """ "the Azerbaijani side", "Russian authorities": a country's government speaks (an
        organisation, named by the description, since the demonym is not the country's name)."""
        if head.lemma_.lower() not in self.sw.state_side_nouns and (
            head.lower_ not in self.sw.state_side_nouns
        ):
            return None
        nationals = [
            c
            for c in head.lefts
            if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE")
        ]
        if not nationals:
            return None
        name = doc[nationals[0].i : head.i + 1].text
        return name, ORG, self.sw.government_role

    def resumed_outlet(self, doc: Doc, head: Token) -> Resolved | None:
        """ "The newspaper" right after "reported by The Washington Post": the outlet, before
        any other organisation coreference might prefer."""
        if head.lemma_.lower() not in self.sw.outlet_nouns:
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            return None
        return self._resumed_org(doc, head)

    def voiced_organisation(self, head: Token) -> Resolved | None:
        """ "officials at X", "a spokesman for X": X speaks, when X is an organisation."""
        if head.lower_ not in self.sw.org_voice_nouns:
            return None
        for prep in head.rights:
            if prep.dep_ == "prep" and prep.lower_ in self.sw.group_prepositions:
                for obj in prep.children:
                    named_org = obj.ent_type_ == ORG or (
                        obj.pos_ == "PROPN" and obj.ent_type_ not in (PERSON, "GPE", "NORP")
                    )
                    if obj.dep_ == "pobj" and named_org:
                        name, _, role = self.resolve_token(obj)
                        if name is not None:
                            return name, ORG, role
        return None

    def _named_org_phrase(self, doc: Doc, head: Token) -> str | None:
        """ "the Clinton campaign" → "Clinton campaign"; "Donald Trump's presidential campaign"
        → "Donald Trump's campaign": the names before an organisation noun, and the noun."""
        mods = [
            c
            for c in head.lefts
            if c.dep_ in ("compound", "poss") and (c.pos_ == "PROPN" or c.ent_type_)
        ]
        if not mods:
            return None
        parts = []
        for mod in mods:
            sub = [t for t in mod.subtree if t.dep_ not in ("det",)]
            parts.append(doc[sub[0].i : sub[-1].i + 1].text.replace("’s", "'s"))
        return " ".join([*parts, head.text.lower() if head.is_lower else head.text])

    def _resumed_org(self, doc: Doc, head: Token) -> Resolved | None:
        """ "the commission" after "the Commission on Presidential Debates"; "the newspaper"
        after "The Washington Post"; "the campaign" after "Donald Trump's campaign"."""
        lemma = head.lemma_.lower()
        sent_starts = [s.start for s in doc.sents if s.start <= head.i]
        window = RESUME_WINDOW_SENTENCES
        first = sent_starts[-1 - window] if len(sent_starts) > window else 0
        first_char = doc[first].idx
        outlet = lemma in self.sw.outlet_nouns
        for ent in reversed([e for e in doc.ents if first_char <= e.start_char < head.idx]):
            if ent.label_ != ORG:
                continue
            ent_words = {w.lower() for w in ent.text.split()}
            if (outlet and ent_words & self.sw.outlet_name_words) or (
                not outlet and lemma in ent_words
            ):
                name, _, role = self.resolve_token(ent.root)
                if name is not None:
                    return name, ORG, role
        for tok in reversed(doc[first : head.i]):
            if tok.lemma_.lower() == lemma and tok.i != head.i:
                named = self._named_org_phrase(doc, tok)
                if named is not None:
                    return named, ORG, None
        return None

    # -- people behind a party description -----------------------------------------------------

    def _described_person(self, doc: Doc, head: Token) -> Resolved | None:
        """ "the Republican nominee" → the one person introduced as "Republican ..."."""
        aliases = self.sw.party_aliases
        is_norp_person = head.ent_type_ == "NORP" and not self._is_plural(head)
        describes_person = (
            head.lower_ in self.sw.person_descriptors
            or head.lemma_.lower() in self.sw.candidate_nouns
            or is_norp_person
        )
        if not describes_person:
            return None
        if self._is_plural(head):
            return None
        mods = [t for t in head.lefts if t.dep_ in ("amod", "compound", "nmod")]
        parties = {aliases[t.lower_] for t in [*mods, head] if t.lower_ in aliases}
        if len(parties) != 1:
            return None
        asked_offices = {t.lower_ for t in mods if t.lower_ in self.sw.office_changing_modifiers}
        party = next(iter(parties))
        found: dict[bool, dict[str, Resolved]] = {}
        for ent in doc._.entities or []:
            if ent.label != PERSON or not ent.name or ent.start >= head.idx:
                continue
            span = doc.char_span(ent.start, ent.end, alignment_mode="expand")
            if span is None:
                continue
            described = [t.lower_ for t in self._premodifiers(doc, span.start)] + (
                ent.role or ""
            ).lower().split()
            if party not in {aliases.get(w) for w in described}:
                continue
            if {w for w in described if w in self.sw.office_changing_modifiers} - asked_offices:
                continue  # "Democratic vice presidential nominee Tim Kaine" is not "the nominee"
            same_noun = head.lemma_.lower() in described or head.lower_ in described
            found.setdefault(same_noun, {})[ent.name] = (ent.name, PERSON, ent.role)
        # "the Republican nominee": one introduced as "Republican ... nominee" first, else the
        # one introduced as "Republican"; two different people: no answer
        best = found.get(True) or found.get(False) or {}
        if len(best) != 1:
            return None
        return next(iter(best.values()))

    def description_fits(self, doc: Doc, head: Token, name: str, role: str | None) -> bool:
        """ "The Indiana governor" may be a person only if the text describes that person with
        "Indiana" somewhere (name, role or the words before one of the name's mentions); a
        description whose proper-noun modifiers the person never carries is someone else."""
        if head.pos_ != "NOUN" or self._is_plural(head):
            return True
        if any(t.ent_type_ == PERSON for t in head.subtree):
            return True  # "Another RT America host, Abby Martin": the mention names her
        modifiers = [
            t for t in head.subtree if t.i < head.i and t.pos_ == "PROPN" and t.ent_type_ != PERSON
        ]
        if not modifiers:
            return True
        aliases = self.sw.party_aliases
        evidence = {w.strip("(),.").lower() for w in [*name.split(), *(role or "").split()]}
        for ent in doc._.entities or []:
            if ent.name != name:
                continue
            evidence.update(w.strip("(),.").lower() for w in (ent.role or "").split())
            span = doc.char_span(ent.start, ent.end, alignment_mode="expand")
            if span is not None:
                evidence.update(t.lower_ for t in self._premodifiers(doc, span.start))
        evidence |= {part for w in evidence for part in _WORD_PARTS.split(w) if part}
        evidence |= {aliases[w] for w in evidence if w in aliases}
        return all(t.lower_ in evidence or aliases.get(t.lower_, "") in evidence for t in modifiers)

    def clause_subject(self, doc: Doc, pron: Token, gender: str | None) -> Token | None:
        """ "McAuliffe has said ..., but he refuses": a subject pronoun of a clause joined to an
        earlier clause of the same sentence is that clause's named subject, when no other person
        is named in between and the gender does not contradict."""
        if pron.dep_ not in ("nsubj", "nsubjpass"):
            return None
        verb = pron.head
        if verb.dep_ not in ("conj", "advcl") or verb.head.i >= verb.i:
            return None
        first = verb.head
        subj = next((c for c in first.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.i > pron.i:
            return None
        # a surname alone is sometimes read as something else ("McAuliffe has said": PRODUCT)
        surname = subj.pos_ == "PROPN" and subj.ent_iob_ == "B"
        surname = surname and subj.ent_type_ not in ("GPE", "LOC", "NORP", "FAC")
        surname = surname and not (subj.i + 1 < len(doc) and doc[subj.i + 1].ent_iob_ == "I")
        if subj.ent_type_ != PERSON and not surname:
            return None
        between = [t for t in doc[subj.i + 1 : pron.i] if t.ent_type_ == PERSON]
        if any(t.ent_iob_ == "B" for t in between):
            return None
        if gender is not None and self.gender_of(subj) not in (None, gender):
            return None
        return subj

    def gender_of(self, name_token: Token) -> str | None:
        """'f' / 'm' from the first name of the entity the token is in, else None."""
        ent = next((e for e in name_token.doc.ents if e.start <= name_token.i < e.end), None)
        first = (ent.text.split() or [""])[0].lower() if ent is not None else ""
        if first in self.sw.female_first_names:
            return "f"
        if first in self.sw.male_first_names:
            return "m"
        return None

    def _premodifiers(self, doc: Doc, start: int) -> list[Token]:
        """The words right before a name that describe it ("Republican presidential nominee"
        Donald Trump), up to a conjunction, punctuation or another name."""
        out: list[Token] = []
        i = start - 1
        while i >= 0 and len(out) < PREMODIFIER_TOKENS:
            tok = doc[i]
            if tok.is_punct or tok.pos_ not in ("ADJ", "NOUN", "PROPN") or tok.ent_type_ == PERSON:
                break
            out.append(tok)
            i -= 1
        return out
