"""newstrail_quotes: who said (or thinks, plans, announced) what, with cue, speaker and extent.

Writes ``doc._.quotes: list[Quote]``, sorted by start. Three passes over the parsed doc:

1. **Quotation spans** from the raw text, by the one quotation scanner
   (:func:`newstrail.nlp.quotation.find_quote_spans`).
2. **Attributions from the parse**: a cue verb from the language layer (``lexicon/speech.json``)
   with a clausal content (``ccomp``/``xcomp``: "X reminded that ...", "she plans to ..."), a direct
   object or prepositional content ("X stressed Kalbajar's potential"), "according to X, ...",
   and "..., X said" parentheticals. Source = the subject (with appositives), cue = the verb group
   (auxiliaries, negation, adverbs, particle). A content that reaches into a quotation is widened to
   the whole quotation ("A. B," he said → both sentences). A cue in the future or hypothetical
   ("Budapest will propose a new formula") whose content names an act, not reported words, has
   said nothing yet and is dropped (``Component._unrealised_act``).
3. **Direct quotes** not yet attributed: cue and source next to the quotation (before, after or in
   the middle: "“A,” he said, “B.”"), or an introducing clause ending in a colon, possibly in the
   previous paragraph ("X shared his impressions with Y:" → next paragraph).

Quotes inside a quote are kept as nested quotes (single-quoted passages, or reported speech of a
third party inside the quote); the speaker's own "we believe" stays part of the outer quote.

Speakers: the mention is the in-text source; its canonical entity comes from the coreference
component (:func:`newstrail.nlp.coref.entity_for`). Otherwise a proper-name mention names itself,
"the post" takes the author of the post introduced earlier, and groups, organisations behind a
description, party descriptions and relative pronouns are resolved by
:mod:`newstrail.nlp.quotes_speakers`, each only from what the text says; a pronoun coreference did
not resolve, and anything else, is left unresolved (``name=None``): never guessed.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Token

import newstrail.nlp  # noqa: F401  (declares the Doc extensions)
from newstrail.models import Quote, QuoteKind, Speaker, TextSpan
from newstrail.nlp import PARSE, component_id, doc_text
from newstrail.nlp.coref import entity_for
from newstrail.nlp.entities import is_common_plural
from newstrail.nlp.quotation import (
    ALL_MARKS,
    DOUBLE_MARKS,
    SINGLE_CLOSE,
    SINGLE_OPEN,
    STRAIGHT_SINGLE,
    find_quote_spans,
)
from newstrail.nlp.quotes_capitals import Capitals
from newstrail.nlp.quotes_direct import DirectQuotes
from newstrail.nlp.quotes_parse import (
    Frag,
    Lexicon,
    _Attr,
    _subtree_range,
    _trim,
    _words,
)
from newstrail.nlp.quotes_speakers import GROUP, SpeakerResolver, SpeakerWords
from newstrail.nlp.text import joined_fragments

# Contents of a cue verb that name an act rather than report words ("will propose to ...",
# "should vote for ...", "will be heard by ..."): see Component._unrealised_act.
UNREALISED_ACT_CONTENTS = ("prep", "xcomp", "passive")

# Labels of places; a place as speaker is its government ("Moscow warned").
PLACE_LABELS = ("GPE", "LOC")

NAME = "newstrail_quotes"
VERSION = "1.1.0"  # 1.1: group, organisation, description and capital speakers; no attribution of an unrealised act; content without its own cue
COMPONENT = component_id(NAME, VERSION)


class Component(DirectQuotes):
    """Writes ``doc._.quotes``: attributions from the parse, then direct quotations, then each
    attribution's speaker."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lex = lexicon or Lexicon.load()
        self.speaker_words = SpeakerWords.load()
        self.capitals = Capitals()
        self._top = []

    # -- entry point ----------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        qspans = find_quote_spans(text)
        top = [q for q in qspans if q.depth == 0 and _words(text[q.start : q.end]) >= 1]
        self._top = top
        attrs = self._parse_attrs(doc)
        for a in attrs:
            self._widen_to_quotes(doc, a, top)
        attrs = [a for a in attrs if a.content and not self._reduced_relative(a)]
        attrs = [a for a in attrs if not self._unrealised_act(a, attrs)]
        attrs.extend(self._direct_quotes(doc, top, attrs))
        attrs = self._dedupe(attrs)
        attrs = self._nesting(doc, attrs, top, qspans)
        doc._.quotes = sorted(
            (self._to_quote(doc, a, attrs) for a in attrs), key=lambda q: (q.start, q.end)
        )
        return doc

    def _reduced_relative(self, a: _Attr) -> bool:
        """ "X said the quotas agreed in 2019 no longer reflected ...": the parser read the
        participle as a verb of saying inside the reported clause, with a thing as its subject
        and the rest of the clause as its content. Not an attribution."""
        verb, subj = a.cue_token, a.source_token
        if verb is None or subj is None or a.via != "ccomp" or verb.dep_ != "ccomp":
            return False
        if verb.head.lemma_.lower() not in self.lex.speech_verbs:
            return False
        content = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if content is None or any(c.dep_ == "mark" for c in content.children):
            return False
        return subj.pos_ == "NOUN" and subj.lemma_.lower() not in self.lex.speaking_nouns

    def _unrealised_act(self, a: _Attr, attrs: list[_Attr]) -> bool:
        """ "Budapest will propose a new formula", "civil rights leaders will seek to engage":
        a cue verb in the future or the hypothetical whose content names an act, not a reported
        clause, has said nothing yet. Not an attribution. A direct object counts as such only
        inside another attribution's content ("According to Mr. Halász, Budapest will propose
        ..."), where the outer speaker reports the plan; alone, a hypothetical report ("the
        moderators will demand more details") is an attribution to readers and to PolNeAR."""
        if a.cue_token is None or a.cue is None or not self._unrealised(a.cue_token):
            return False
        if a.via in UNREALISED_ACT_CONTENTS:
            return True
        return a.via == "dobj" and any(
            b is not a and any(f0 <= a.cue[0] < f1 for f0, f1 in b.content) for b in attrs
        )

    def _unrealised(self, verb: Token) -> bool:
        """The verb (or the verb it is coordinated with) takes a future or hypothetical
        auxiliary ("will", "would", "may" ...), or follows "going to"."""
        while True:
            auxiliaries = [c for c in verb.children if c.dep_ == "aux"]
            if any(c.lower_ in self.lex.unrealised_auxiliaries for c in auxiliaries):
                return True
            head = verb.head
            if (
                verb.dep_ == "xcomp"
                and head.lower_ in self.lex.future_periphrasis
                and any(c.lower_ == "to" for c in auxiliaries)
                and any(c.dep_ == "aux" for c in head.children)
            ):
                return True  # "is going to propose"
            # "will propose a formula and present it"; not "would order ... and warned"
            if verb.dep_ != "conj" or auxiliaries or verb.tag_ != "VB" or head.i == verb.i:
                return False
            verb = head

    # -- speakers ---------------------------------------------------------------------------

    def _to_quote(self, doc: Doc, a: _Attr, attrs: list[_Attr]) -> Quote:
        text = doc_text(doc)
        frags = _without_attribution(text, sorted(a.content), [a.cue, a.source])
        start, end = frags[0][0], frags[-1][1]
        kind = _kind(text, frags)
        cue = TextSpan(text[a.cue[0] : a.cue[1]], *a.cue) if a.cue is not None else None
        speaker = self._speaker(doc, a, attrs)
        return Quote(
            # the quoted words, fragment by fragment: not the attribution between them
            text=joined_fragments(text, frags),
            start=start,
            end=end,
            kind=kind,
            cue=cue,
            speaker=speaker,
            fragments=[TextSpan(text[f0:f1], f0, f1) for f0, f1 in frags],
            component=COMPONENT,
        )

    def _speaker(self, doc: Doc, a: _Attr, attrs: list[_Attr]) -> Speaker:
        text = doc_text(doc)
        mention = TextSpan(text[a.source[0] : a.source[1]], *a.source) if a.source else None
        if a.author_of is not None:
            author = self._document_author(doc, a.author_of)
            if author is not None:
                name, label, role = self._resolve(doc, author, None)
                return Speaker(name=name, mention=None, label=label, role=role)
            return Speaker(name=None, mention=None)
        if a.source is None or a.source_token is None:
            return Speaker(name=None, mention=mention)
        name, label, role = self._resolve(doc, a.source_token, a.source)
        if name is not None and self._named_in_quotation(doc, a, name):
            # "“Obama had will.i.am,” he said": "he" is not the man his own quotation names
            return Speaker(name=None, mention=mention)
        return Speaker(name=name, mention=mention, label=label, role=role)

    def _named_in_quotation(self, doc: Doc, a: _Attr, name: str) -> bool:
        head = a.source_token
        if head is None or head.lower_ not in self.lex.person_pronouns:
            return False
        text = doc_text(doc)
        quoted = [(f0, f1) for f0, f1 in a.content if text[f0] in ALL_MARKS]
        return any(
            ent.name == name and any(f0 <= ent.start < f1 for f0, f1 in quoted)
            for ent in doc._.entities or []
        )

    def _document_author(self, doc: Doc, noun: Token) -> Token | None:
        """ "the post" → the subject of an earlier "made a post"."""
        lemma = noun.lemma_.lower()
        for t in reversed(doc[: noun.i]):
            if t.lemma_.lower() == lemma and t.dep_ in ("dobj", "pobj"):
                verb = t.head
                if verb.lemma_.lower() in self.lex.authoring_verbs:
                    subj = self._subject(verb)
                    while subj is None and verb.dep_ == "conj" and verb.head.i != verb.i:
                        verb = verb.head
                        subj = self._subject(verb)
                    if subj is not None:
                        return subj
        return None

    def _resolve(
        self, doc: Doc, head: Token, frag: Frag | None
    ) -> tuple[str | None, str | None, str | None]:
        """Canonical (name, label, role) of a source mention, or names None when unresolved.
        A place that speaks ("Baku said") is its government: an organisation (metonymy); a
        capital as the subject of the cue is named as its country's ("Government of
        Azerbaijan"), the mention staying "Baku"."""
        name, label, role = self._resolve_mention(doc, head, frag)
        if name is not None and label == "NORP" and head.tag_ in ("NNS", "NNPS"):
            return name, GROUP, role  # "many Democrats": people spoken of together
        if name is not None and label in PLACE_LABELS:
            if head.dep_ == "nsubj" and head.head.pos_ in ("VERB", "AUX"):
                government = self.capitals.government(doc, head.idx, head.idx + len(head), name)
                if government is not None:
                    return government, "ORG", self.lex.place_speaker_role
            return name, "ORG", role or self.lex.place_speaker_role
        return name, label, role

    def _resolve_mention(
        self, doc: Doc, head: Token, frag: Frag | None, depth: int = 0
    ) -> tuple[str | None, str | None, str | None]:
        resolver = SpeakerResolver(
            self.speaker_words, lambda tok: self._resolve_mention(doc, tok, None, depth + 1)
        )
        voiced = resolver.voiced_organisation(head) or resolver.resumed_outlet(doc, head)
        if voiced is not None:
            return voiced  # "officials at Homeland Security Investigations", "the newspaper"
        if head.lower_ in self.lex.person_pronouns and depth == 0:
            gender = self.lex.pronoun_gender.get(head.lower_)
            subject = resolver.clause_subject(doc, head, gender)
            if subject is not None:
                return self._resolve_mention(doc, subject, None, depth + 1)
        name, label, role = self._resolve_named(doc, head, frag)
        if name is not None and resolver.is_party_word(name) and head.tag_ not in ("NNS", "NNPS"):
            # "The Republican said": a person described by a party, not a person called that
            name = None
        if name is not None and not resolver.description_fits(doc, head, name, role):
            name = None  # "The Indiana governor" is nobody the text calls "Indiana"
        if name is not None or depth > 2:
            return name, label, role
        # groups, organisations behind a description, relative pronouns (quotes_speakers)
        fallback = resolver.resolve(doc, head)
        if fallback is not None and fallback[0] is not None:
            return fallback
        return None, None, None

    def _resolve_named(
        self, doc: Doc, head: Token, frag: Frag | None
    ) -> tuple[str | None, str | None, str | None]:
        candidates: list[Frag] = []
        name_span = self._name_part(doc, head)
        if name_span is not None:
            candidates.append(name_span)
        candidates.append((head.idx, head.idx + len(head.text)))
        if frag is not None:
            candidates.append(frag)
        for c0, c1 in candidates:
            ent = entity_for(doc, c0, c1)
            if ent is not None and ent.name:
                return ent.name, ent.label, ent.role or self._appositive_role(doc, head)
        if head.pos_ == "PRON" or head.lower_ in self.lex.person_pronouns:
            return None, None, None  # a pronoun coreference did not resolve: never guessed
        # a proper-name mention names itself ("Farmers" at a sentence start is not a name)
        if name_span is not None and not (head.is_sent_start and is_common_plural(head)):
            name = self._clean_name(doc_text(doc)[name_span[0] : name_span[1]])
            label = self._label_at(doc, name_span)
            if head.ent_type_ == "NORP" and head.tag_ in ("NNS", "NNPS"):
                label = GROUP  # "Republicans said": people spoken of together
            return name, label, self._appositive_role(doc, head)
        return None, None, None

    def _name_part(self, doc: Doc, head: Token) -> Frag | None:
        for ent in doc.ents:
            if ent.start <= head.i < ent.end and ent.label_ in ("PERSON", "ORG", "NORP", "GPE"):
                return (ent.start_char, ent.end_char)
        if head.pos_ == "PROPN" and not head.is_lower:  # "the president" tagged PROPN: no name
            toks = [
                t
                for t in head.subtree
                if t.pos_ == "PROPN" and t.dep_ in ("compound", "flat") or t is head
            ]
            toks = [t for t in toks if head.i - 4 <= t.i <= head.i]
            return (min(t.idx for t in toks), head.idx + len(head.text))
        return None

    def _label_at(self, doc: Doc, frag: Frag) -> str | None:
        for ent in doc.ents:
            if ent.start_char <= frag[0] < ent.end_char:
                if ent.label_ == "PERSON":
                    return "PERSON"
                if ent.label_ in ("ORG", "NORP", "GPE"):
                    return "ORG"
        return None

    def _clean_name(self, name: str) -> str:
        words = name.split()
        while words and words[0].lower() in self.lex.honorifics:
            words = words[1:]
        cleaned = " ".join(words)
        cleaned = re.sub(r"[’']s$", "", cleaned)
        return cleaned or name

    def _appositive_role(self, doc: Doc, head: Token) -> str | None:
        for c in head.children:
            if c.dep_ == "appos" and c.i > head.i:
                excl = [g for g in c.children if g.dep_ in ("relcl",)]
                s0, s1 = _subtree_range(c, excl)
                r = _trim(doc, s0, s1)
                if r is not None:
                    return doc[r[0] : r[1]].text
        return None


_OPENING_SINGLE = re.escape(SINGLE_OPEN + STRAIGHT_SINGLE)
_CLOSING_SINGLE = re.escape(SINGLE_CLOSE + STRAIGHT_SINGLE)
# A single-quoted passage inside a content makes it mixed: "called it ‘a disgrace’".
_SINGLE_QUOTED = re.compile(
    rf"(^|\W)[{_OPENING_SINGLE}][^{_CLOSING_SINGLE}]+[{_CLOSING_SINGLE}](\W|$)"
)


def _without_attribution(text: str, frags: list[Frag], cut: list[Frag | None]) -> list[Frag]:
    """The content's fragments with the attribution's own cue and source cut out ("the quotas,
    which traders say has cost ..." → "which" … "has cost ..."): a quote never holds the words
    that attribute it. Pieces without a word are dropped; nothing left keeps the fragments."""
    out = list(frags)
    for span in cut:
        if span is None:
            continue
        c0, c1 = span
        pieces: list[Frag] = []
        for f0, f1 in out:
            if c1 <= f0 or f1 <= c0:
                pieces.append((f0, f1))
                continue
            pieces.extend(p for p in ((f0, c0), (c1, f1)) if p[1] > p[0])
        out = pieces
    trimmed = []
    for f0, f1 in out:
        while f0 < f1 and text[f0] in " \t\n,":
            f0 += 1
        while f1 > f0 and text[f1 - 1] in " \t\n,":
            f1 -= 1
        if f1 > f0 and _words(text[f0:f1]):
            trimmed.append((f0, f1))
    return trimmed or frags


def _kind(text: str, frags: list[Frag]) -> QuoteKind:
    quoted = [text[f0:f1] for f0, f1 in frags]
    if all(q and q[0] in ALL_MARKS and q.rstrip(".,;:!?")[-1:] in ALL_MARKS for q in quoted):
        return "direct"
    if any(ch in DOUBLE_MARKS for q in quoted for ch in q) or any(
        _SINGLE_QUOTED.search(q) for q in quoted
    ):
        return "mixed"
    return "indirect"


# The contract (spaCy's requires/assigns): what this component reads and writes; the table in
# newstrail.nlp lists every component's.
REQUIRES = ["doc._.entities", "doc._.coref_clusters", "doc.ents", *PARSE]
ASSIGNS = ["doc._.quotes"]
Language.factory(NAME, requires=REQUIRES, assigns=ASSIGNS, func=lambda nlp, name: Component())
