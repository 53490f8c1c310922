"""newstrail_events: who did what to whom, where and when — PLOVER events with their participants.

Writes ``doc._.events: list[Event]`` in text order. For each sentence, from the parse:

1. **Triggers**: verbs, phrasal verbs, verb + object pairs ("lift a curfew" CONCEDE, "impose a
   curfew" COERCE) and event nouns ("visit", "attack", "earthquake") of the lexicon
   (``nlp/lexicon/events.json``). Weak nouns ("talks", "aid") need a governing verb ("held talks").
   Reporting verbs ("said", "reminded") are never events: they give the event's ``asserted_by``.
2. **Coding rules** of the PLOVER manual: an action embedded under another trigger is absorbed by
   it ("threatened to ban voting" is one THREATEN, mode restrict; "refused to deploy" one REJECT);
   future cooperation (CONSULT, SUPPORT, COOPERATE, AID) is AGREE, an announced retreat is CONCEDE,
   a future conflict action is THREATEN; "X said Y must ..." is REQUEST; a negated acceptance is
   REJECT and any other negated event keeps its type with ``negated: true``; the visitor is the
   actor and the host the recipient ("X hosted Y" → actor Y, recipient X, mode visit).
3. **Participants**: the subject (with its conjuncts: compound actors; the agent of a passive;
   inherited through "try to", participles and conjoined verbs; a pronoun takes its reporting
   verb's subject or its coreference chain) and the recipients (object, dative, prepositional
   objects that name an actor, owners of a rejected "proposal"), each with the canonical name the
   entity and coreference components give.
4. **Where / when / how many**: the resolved places (``doc._.places``) attached to the event's
   words with a role from their preposition (``from`` origin, ``through`` via, ``to`` destination,
   ``in``/``at``/``near`` location); the time expression (``doc._.times``) attached to the event,
   never one attached to the reporting verb and never the publication date; the quantities
   (``doc._.numbers``) attached to the event or its participants.
5. **Across sentences**: a journey continues ("..., departing from Naftalan. ... through Aghdara
   region. On the way, we will visit the Sarsang Reservoir" → origin, via, stop of one visit), and a
   definite mention of the same kind of event ("took part in the visit to Kalbajar region") adds
   its places, counts and participants to the event it refers to (same source, no other time).

``asserted_by`` is the speaker of the innermost quote or attribution holding the trigger
(``doc._.quotes``), else the subject of a reporting verb governing it, else the outlet
(``kind: outlet``; the outlet's name is the article's, filled by the export).

DISASTER (floods, earthquakes, fires) and ACCIDENT (crashes, explosions without an attacker) are
newstrail's extension of PLOVER: events no actor does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

import newstrail.nlp  # noqa: F401  (declares the Doc extensions)
from newstrail.models import TextSpan
from newstrail.nlp import PARSE, component_id, doc_text
from newstrail.nlp.lexicon import lexicon, words
from newstrail.records.events import (
    Assertion,
    Event,
    EventCount,
    EventMention,
    EventPlace,
    EventTime,
    Participant,
)

NAME = "newstrail_events"
VERSION = "1.0.0"
COMPONENT = component_id(NAME, VERSION)

__all__ = [
    "ASSIGNS",
    "COMPONENT",
    "NAME",
    "REQUIRES",
    "VERSION",
    "Component",
    "Event",
    "EventCount",
    "EventPlace",
    "EventTime",
    "Participant",
    "find_events",
    "main_event",
]

COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
# Dependency relations (see events.json): an action under another trigger along ABSORBING is part
# of it; places, times and numbers climb ATTACHING relations to reach the event's words.
_ABSORBING = words("events", "absorbing_deps")
_ATTACHING = words("events", "attaching_deps")
_SUBJECTS = frozenset({"nsubj", "csubj", "expl"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "LAW", "PRODUCT", "FAC", "EVENT"})


# ---------------------------------------------------------------------------- records


@dataclass(slots=True)
class _Ev(Event):
    """An event being built: the record plus what the builder needs (not stored)."""

    # token indices of the words the event is told by (trigger, absorbed words, governing verb)
    anchors: set[int] = field(default_factory=set)
    depth: int = 0
    lemma: str = ""

    def record(self) -> Event:
        return Event(**{f.name: getattr(self, f.name) for f in fields(Event)})


# ---------------------------------------------------------------------------- lexicon


class _Lex:
    """The events lexicon, read once per process."""

    _instance: _Lex | None = None

    def __init__(self) -> None:
        raw = lexicon("events")
        self.raw = raw
        self.verbs: dict[str, list[Any]] = raw["verbs"]
        self.phrasal: dict[str, list[Any]] = raw["phrasal_verbs"]
        self.nouns: dict[str, list[Any]] = raw["nouns"]
        self.object_types: dict[str, dict[str, Any]] = raw["object_types"]
        self.governors: dict[str, str | None] = raw["governors"]
        self.mode_words: dict[str, dict[str, str]] = raw["mode_words"]
        self.future_rules: dict[str, str] = raw["future_rules"]
        self.negation_rules: dict[str, str] = raw["negation_rules"]
        self.threat_modes: dict[str, str] = raw["threat_modes"]
        self.threat_mode_words: dict[str, str] = raw["threat_mode_words"]
        self.route_preps: dict[str, str] = raw["route_preps"]
        self.window = int(raw["journey_window"])
        sets = (
            "light_verbs", "participation_verbs", "reporting_verbs", "future_aux",
            "obligation_aux", "negation_words", "location_preps", "movement_verbs",
            "movement_nouns", "origin_objects", "destination_objects", "origin_words",
            "companion_preps", "recipient_preps", "actor_nouns", "content_nouns", "determiners",
            "coreferent_determiners", "pronouns", "weak_nouns", "occurrence_verbs",
            "future_modifiers", "subject_is_recipient_preps",
        )  # fmt: skip
        self.sets: dict[str, frozenset[str]] = {k: words("events", k) for k in sets}
        self.stop_markers: list[str] = list(raw["stop_markers"])

    @classmethod
    def get(cls) -> _Lex:
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def __getitem__(self, key: str) -> frozenset[str]:
        found = self.sets.get(key)
        if found is None:
            found = self.sets[key] = words("events", key)
        return found


# ---------------------------------------------------------------------------- triggers


@dataclass
class _Cand:
    tok: Token
    type: str | None  # None: a governor without its own type ("try to", "plan to")
    mode: str | None
    kind: str  # verb | noun | governor | obligation
    governor: str | None = None  # the governor rule when the word governs an action
    obj: Token | None = None  # the object that decided the type ("lift a curfew")
    absorbed: list[_Cand] = field(default_factory=list)
    parent: _Cand | None = None


def _lemma(tok: Token) -> str:
    fixes: dict[str, str] = lexicon("events")["lemma_fixes"]
    return fixes.get(tok.lower_) or tok.lemma_.lower()


def _noun_key(tok: Token, table: dict[str, Any]) -> str | None:
    """The lexicon key of a noun: two-word compounds first ("hunger strike"), then the word."""
    doc = tok.doc
    if tok.i > 0:
        prev = doc[tok.i - 1]
        for key in (f"{prev.lower_} {tok.lower_}", f"{prev.lower_} {_lemma(tok)}"):
            if key in table:
                return key
    if tok.i > 1 and doc[tok.i - 1].lower_ == "of":
        key = f"{doc[tok.i - 2].lower_} of {tok.lower_}"
        if key in table:
            return key
    for key in (tok.lower_, _lemma(tok)):
        if key in table:
            return key
    return None


def _name_tokens(doc: Doc, names: list[tuple[int, int]]) -> set[int]:
    """Indices of the tokens inside names ("Ceasefire Violations Committee")."""
    out: set[int] = set()
    for start, end in names:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            out.update(range(span.start, span.end))
    return out


def _objects(verb: Token) -> list[Token]:
    objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("on", "to", "for"):  # "impose a ban on", "resort to"
            objs.extend(g for g in c.children if g.dep_ == "pobj")
        if c.dep_ == "xcomp" and c.pos_ in ("NOUN",):
            objs.append(c)
    # "imposed a night curfew", "suspended part of a military aid program"
    more: list[Token] = []
    for o in objs:
        for c in o.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                more.extend(g for g in c.children if g.dep_ == "pobj")
            if c.dep_ == "compound":
                more.append(c)
    return objs + more


def _verb_candidate(tok: Token, lex: _Lex) -> _Cand | None:
    lemma = _lemma(tok)
    prt = next((c for c in tok.children if c.dep_ == "prt"), None)
    if prt is not None and f"{lemma} {prt.lower_}" in lex.phrasal:
        type_, mode = lex.phrasal[f"{lemma} {prt.lower_}"]
        return _Cand(tok, type_, mode, "verb")
    for c in tok.children:
        if c.dep_ == "prep" and f"{lemma} {c.lower_}" in lex.phrasal:
            type_, mode = lex.phrasal[f"{lemma} {c.lower_}"]
            return _Cand(tok, type_, mode, "verb")
    table = lex.object_types.get(lemma)
    if table is not None:
        for obj in _objects(tok):
            for key in (_lemma(obj), obj.lower_):
                if key in table:
                    entry = table[key]
                    if entry is None:
                        return None
                    return _Cand(tok, entry[0], entry[1], "verb", obj=obj)
        if "@actor" in table and any(_is_actor_like(o, lex, {}) for o in _objects(tok)):
            entry = table["@actor"]
            return _Cand(tok, entry[0], entry[1], "verb")
        if "*" in table and table["*"] is not None and _objects(tok):
            entry = table["*"]
            return _Cand(tok, entry[0], entry[1], "verb")
        if "*" in table and lemma not in lex.verbs:
            return None
    if lemma in lex.governors and any(
        c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX") for c in tok.children
    ):
        gov = lex.governors[lemma]
        own = lex.verbs.get(lemma)
        return _Cand(tok, own[0] if own else None, own[1] if own else None, "governor", gov)
    if lemma in lex.verbs and lemma not in lex["reporting_verbs"]:
        type_, mode = lex.verbs[lemma]
        return _Cand(tok, type_, mode, "verb")
    return None


def _noun_candidate(tok: Token, lex: _Lex) -> _Cand | None:
    if tok.dep_ in ("compound", "amod") and tok.head.pos_ in ("NOUN", "PROPN"):
        if tok.head.i == tok.i + 1 and _noun_key(tok.head, lex.nouns):
            return None  # "hunger" in "hunger strike": the head carries the phrase
        if tok.head.lower_ not in ("program", "programme", "effort", "operation"):
            return None
    key = _noun_key(tok, lex.nouns)
    if key is None:
        return None
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    # "the anti-terror operation"
    if (
        prev is not None
        and prev.lower_ in ("anti", "counter", "-")
        and tok.i > 1
        and (prev.lower_ != "-" or tok.doc[tok.i - 2].lower_ in ("anti", "counter"))
    ):
        return None
    type_, mode = lex.nouns[key]
    base = key.split()[-1]
    if base in lex["weak_nouns"] or key in lex["weak_nouns"]:
        gov = _governing_verb(tok)
        if gov is None:
            return None
        glemma = _lemma(gov)
        if not (
            glemma in lex["light_verbs"]
            or glemma in lex["participation_verbs"]
            or glemma in lex["occurrence_verbs"]
            or glemma in lex.object_types
        ):
            return None
    return _Cand(tok, type_, mode, "noun")


def _governing_verb(tok: Token) -> Token | None:
    """The verb a noun is the object, subject or prepositional object of ("held talks", "took
    part in the visit", "the occupation ... occurred")."""
    cur = tok
    hopped = False
    for _ in range(4):
        if cur.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "oprd", "xcomp", "appos"):
            head = cur.head
        elif cur.dep_ == "pobj" and cur.head.dep_ == "prep":
            head = cur.head.head
        elif cur.dep_ == "conj":
            cur = cur.head
            continue
        else:
            return None
        if head.pos_ in ("VERB", "AUX"):
            if hopped and _lemma(head) not in _Lex.get()["participation_verbs"]:
                return None
            return head
        if head.pos_ == "NOUN" and head.dep_ in ("dobj", "attr") and not hopped:
            cur = head  # "took part in the visit"
            hopped = True
            continue
        return None
    return None


def _candidates(sent: Span, lex: _Lex, names: set[int]) -> list[_Cand]:
    out: list[_Cand] = []
    used: set[int] = set()
    if sent.text.rstrip().rstrip("\"'”’ ").endswith("?"):
        return out  # a question asserts no event
    for tok in sent:
        if tok.i in used or tok.i in names:
            continue
        cand: _Cand | None = None
        if (tok.dep_ in ("amod", "compound") and tok.tag_ != "VBD") or (
            tok.dep_ == "advcl" and tok.i == sent.start
        ):
            pass  # "an endorsed slate card", "best-funded campaigns", "Granted, ..."
        elif tok.pos_ == "VERB" or (tok.pos_ == "AUX" and _lemma(tok) not in ("be", "have", "do")):
            cand = _verb_candidate(tok, lex)
        elif tok.pos_ == "ADJ" and tok.lower_ in lex.governors:
            if any(c.dep_ == "xcomp" for c in tok.children):
                cand = _Cand(tok, None, None, "governor", lex.governors[tok.lower_])
        elif tok.pos_ in ("NOUN", "PROPN"):
            cand = _noun_candidate(tok, lex)
        # "X said Y must ...": a duty laid on someone else is a request, whatever the action
        if tok.pos_ in ("VERB", "AUX") and _obligation(tok, lex):
            cand = _Cand(tok, "REQUEST", None, "obligation")
        if cand is not None:
            out.append(cand)
            if cand.obj is not None:
                used.add(cand.obj.i)
    # "a train crash killed nine people", "a bomb attack killed 12": the verb tells what the
    # event noun did, it is not a second event
    nouns = {c.tok.i for c in out if c.kind == "noun"}
    return [
        c
        for c in out
        if not (
            c.kind == "verb"
            and _lemma(c.tok) in lex["occurrence_verbs"]
            and any(s.i in nouns for s in _subject(c.tok)[0])
        )
    ]


def _obligation(verb: Token, lex: _Lex) -> bool:
    """ "X said Y must ...": a duty laid on someone else under a reporting verb is a request."""
    if not any(c.dep_ == "aux" and c.lower_ in lex["obligation_aux"] for c in verb.children):
        return False
    head = verb.head
    return verb.dep_ == "ccomp" and _lemma(head) in lex["reporting_verbs"]


# ---------------------------------------------------------------------------- structure


def _absorb(cands: list[_Cand]) -> list[_Cand]:
    """Attach each candidate under the nearest candidate above it along absorbing relations;
    return the top ones."""
    by_tok = {c.tok.i: c for c in cands}
    tops: list[_Cand] = []
    for cand in cands:
        cur = cand.tok
        parent: _Cand | None = None
        for _ in range(6):
            if cur.dep_ not in _ABSORBING and not (cur.dep_ == "conj" and cur.pos_ == "NOUN"):
                break
            if cur.head.i == cur.i:
                break
            cur = cur.head
            if cur.i in by_tok and cur.i != cand.tok.i:
                parent = by_tok[cur.i]
                break
        if parent is not None and parent.type is None and parent.governor is None:
            parent = None
        if parent is None:
            tops.append(cand)
        else:
            cand.parent = parent
            parent.absorbed.append(cand)
    return tops


def _future(tok: Token, lex: _Lex) -> bool:
    if any(c.dep_ == "aux" and c.lower_ in lex["future_aux"] for c in tok.children):
        return True
    if tok.pos_ == "NOUN":
        if any(c.lower_ in lex["future_modifiers"] for c in tok.children if c.dep_ == "amod"):
            return True
        gov = _governing_verb(tok)
        return gov is not None and _future(gov, lex)
    if tok.dep_ in ("xcomp",) and _lemma(tok.head) in ("go",) and tok.head.tag_ == "VBG":
        return True  # "is going to visit"
    # "said they would meet": the auxiliary of a conjoined or controlling verb
    if tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX"):
        return _future(tok.head, lex)
    return False


def _negated(tok: Token, lex: _Lex) -> bool:
    negs = lex["negation_words"]
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in tok.children):
        return True
    if tok.dep_ == "pcomp" and tok.head.lower_ in negs:
        return True  # "without firing a single shot"
    if tok.pos_ == "NOUN":
        gov = _governing_verb(tok)
        if gov is not None and any(c.dep_ == "neg" for c in gov.children):
            return True
    return False


def _resolve_type(cand: _Cand, lex: _Lex) -> tuple[str | None, str | None, bool, bool]:
    """(type, mode, negated, future) of a top candidate after the coding rules."""
    type_, mode = cand.type, cand.mode
    inner = cand.absorbed[0] if cand.absorbed else None
    # "try to assassinate", "continued to send arms": transparent governors
    if type_ is None and cand.governor in (None, "FUTURE") and inner is not None:
        sub_type, sub_mode, neg, fut = _resolve_type(inner, lex)
        return sub_type, sub_mode, neg, fut or cand.governor == "FUTURE"
    if cand.governor is not None and inner is not None:
        gov = cand.governor
        if gov == "THREATEN":
            type_ = "THREATEN"
            mode = _threat_mode(inner, lex)
        elif gov == "AGREE":
            sub = inner.type or "AGREE"
            type_ = "THREATEN" if sub in ("ASSAULT", "COERCE", "SANCTION", "MOBILIZE") else "AGREE"
            mode = _threat_mode(inner, lex) if type_ == "THREATEN" else None
        elif gov == "MOBILIZE":
            sub = inner.type or ""
            if sub in ("ASSAULT", "MOBILIZE", "COERCE"):
                type_ = "MOBILIZE"
                mode = "weapons" if sub == "ASSAULT" else "troops"
            else:
                type_ = "AGREE" if sub in COOPERATIVE else (inner.type or "MOBILIZE")
                mode = None
        elif gov in ("REJECT", "REQUEST"):
            type_, mode = gov, None
    elif type_ is None:
        return None, None, False, False
    negated = _negated(cand.tok, lex)
    future = _future(cand.tok, lex) and cand.governor is None
    if type_ == "THREATEN" and mode is None and cand.absorbed:
        mode = _threat_mode(cand.absorbed[0], lex)
    if future and type_ in lex.future_rules:
        new = lex.future_rules[type_]
        if new == "THREATEN":
            mode = lex.threat_modes.get(type_, mode)
        elif new != type_:
            mode = None
        type_ = new
    if negated and type_ in lex.negation_rules:
        type_, mode, negated = lex.negation_rules[type_], None, False
    return type_, mode, negated, future


def _threat_mode(inner: _Cand, lex: _Lex) -> str | None:
    for tok in [inner.tok, *(c.tok for c in inner.absorbed), *inner.tok.subtree]:
        key = _lemma(tok)
        if key in lex.threat_mode_words:
            return lex.threat_mode_words[key]
    if inner.type is not None:
        return lex.threat_modes.get(inner.type)
    return None


def _mode_from_words(type_: str, mode: str | None, sent: Span, lex: _Lex) -> str | None:
    if mode is not None or type_ not in lex.mode_words:
        return mode
    table = lex.mode_words[type_]
    for tok in sent:
        for key in (tok.lower_, _lemma(tok)):
            if key in table:
                return table[key]
    return mode


# ---------------------------------------------------------------------------- participants


def _subject(verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """(subject heads, passive) of a verb; a passive's agent is returned as the subject."""
    subj = [c for c in verb.children if c.dep_ in _SUBJECTS and c.dep_ != "expl"]
    if subj:
        return subj, False
    passive = [c for c in verb.children if c.dep_ in ("nsubjpass", "csubjpass")]
    if passive:
        agent = [
            g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
        ]
        return agent, True
    if depth < 3:
        if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp") and verb.head.pos_ in (
            "VERB",
            "AUX",
            "ADJ",
        ):
            return _subject(verb.head, depth + 1)
        if verb.dep_ == "pcomp" and verb.head.head.pos_ in ("VERB", "AUX"):
            return _subject(verb.head.head, depth + 1)
        if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return [verb.head], False
        if verb.dep_ == "acomp":
            return _subject(verb.head, depth + 1)
    return [], False


def _passive_subject(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("nsubjpass",)]


def _with_conjuncts(heads: Iterable[Token]) -> list[Token]:
    out: list[Token] = []
    for h in heads:
        if h.i not in {t.i for t in out}:
            out.append(h)
        for c in h.conjuncts:
            if c.i > h.i and c.pos_ in ("NOUN", "PROPN", "PRON") and c.i not in {t.i for t in out}:
                out.append(c)
    return out


_CUT = words("events", "mention_cut_deps")


def _mention_tokens(head: Token) -> tuple[int, int]:
    """Token range of a participant's noun phrase: the head's subtree without relative clauses,
    participles, appositions and conjuncts, without a leading determiner."""
    keep = [head]
    stack = [head]
    while stack:
        cur = stack.pop()
        for c in cur.children:
            if c.dep_ in _CUT:
                continue
            if c.dep_ == "prep" and c.lower_ not in ("of", "in", "from") and cur is head:
                continue
            keep.append(c)
            stack.append(c)
    idx = sorted(t.i for t in keep)
    # keep a contiguous run around the head
    lo = hi = head.i
    s = set(idx)
    while lo - 1 in s:
        lo -= 1
    while hi + 1 in s:
        hi += 1
    doc = head.doc
    while lo < hi and (doc[lo].dep_ == "det" and doc[lo].lower_ in ("the", "a", "an", "some")):
        lo += 1
    while lo < hi and (
        doc[lo].is_punct
        or doc[lo].like_num
        or (doc[lo].dep_ in ("nummod", "quantmod") and doc[lo].head.i != lo)
        or (
            doc[lo].lower_ in _Lex.get()["quantity_words"]
            and doc[lo].dep_ != "ROOT"
            and lo + 1 <= hi
            and (
                doc[lo + 1].like_num
                or doc[lo + 1].dep_ in ("quantmod", "nummod")
                or doc[lo + 1].lower_ in _Lex.get()["quantity_words"]
            )
        )
    ):
        lo += 1
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    while lo < hi and (
        (doc[lo].dep_ == "poss" and doc[lo].pos_ == "PRON")  # "its European Community partners"
        or (
            head.pos_ == "PROPN"
            and doc[lo].dep_ in ("amod", "compound")
            and doc[lo].is_lower
            and doc[lo].head.i > lo
        )  # "war-torn Mozambique", "former president Carlos Menem"
    ):
        lo += 1
        while lo < hi and doc[lo].is_punct:
            lo += 1
    if doc[hi].lower_ in ("'s", "’s") and hi > lo:  # "Israel 's" as an owner: the name only
        hi -= 1
    return lo, hi + 1


def _is_actor_like(tok: Token, lex: _Lex, places: dict[int, Any]) -> bool:
    if tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"):
        return False
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "LOC"):
        return True
    if tok.pos_ == "PRON":
        return tok.lower_ in lex["pronouns"]
    if tok.i in places:
        return True
    low, lemma = tok.lower_, _lemma(tok)
    if low in lex["actor_nouns"] or lemma in lex["actor_nouns"]:
        return True
    return any(
        c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON")
        for c in tok.children
        if c.dep_ in ("amod", "compound", "poss")
    )


def _content_owner(tok: Token, lex: _Lex) -> list[Token]:
    """The owner of a proposal/appeal: "an Indian proposal", "calls by Belarus's rulers"."""
    owners = [
        c
        for c in tok.children
        if (c.dep_ == "poss" and c.pos_ != "PRON")
        or (
            c.dep_ in ("amod", "compound")
            and (c.ent_type_ in ("NORP", "GPE", "ORG") or c.pos_ == "PROPN")
        )
    ]
    # "calls by Belarus's rulers"; "demanded the removal of President X"
    preps = (
        ("by", "from", "of")
        if _noun_key(tok, lex.nouns) or tok.lemma_ in lex["of_owner_nouns"]
        else ("by", "from")
    )
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            owners.extend(g for g in c.children if g.dep_ == "pobj" and _is_actor_like(g, lex, {}))
    return owners


class _Ctx:
    """What the event builder needs from the doc, indexed once per doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.lex = _Lex.get()
        self.entities = list(doc._.entities or [])
        self.names = [(e.start, e.end) for e in self.entities if e.label in _NAME_LABELS]
        self.names += [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _NAME_LABELS]
        self.name_tokens = _name_tokens(doc, self.names)
        self.sentences = list(doc.sents)
        # token index -> (sentence number, sentence start char)
        self.sent_of: list[tuple[int, int]] = [(0, 0)] * len(doc)
        for n, sent in enumerate(self.sentences):
            for i in range(sent.start, sent.end):
                self.sent_of[i] = (n, sent.start_char)
        self.places: dict[int, Any] = {}  # token index of a place's head -> Place
        for place in doc._.places or []:
            if getattr(place, "demonym", False):
                continue
            span = doc.char_span(place.start, place.end, alignment_mode="expand")
            if span is not None and len(span):
                self.places[span.root.i] = place
        self.times: list[tuple[Token, Any]] = []
        for t in doc._.times or []:
            if t.type not in ("DATE", "TIME") or not t.value[:1].isdigit():
                continue
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is not None and len(span):
                self.times.append((span.root, t))
        self.numbers: list[tuple[Token, Any]] = []
        for q in doc._.numbers or []:
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is not None and len(span):
                self.numbers.append((span[-1], q))
        self.quotes = sorted(doc._.quotes or [], key=lambda q: q.end - q.start)

    # ------------------------------------------------------------------ names

    def participant(self, head: Token, asserted: Assertion | None = None) -> Participant:
        # "Thousands of Nigerians", "one third of ethnic Albanian guerrillas": who, not how many
        if head.lower_ in self.lex["quantity_heads"] or head.like_num:
            of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            obj = next((g for g in of.children if g.dep_ == "pobj"), None) if of else None
            if obj is not None:
                head = obj
        lo, hi = _mention_tokens(head)
        doc = self.doc
        start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
        name = self._name(head, start, end, asserted)
        return Participant(self.text[start:end], start, end, name)

    def _name(self, head: Token, start: int, end: int, asserted: Assertion | None) -> str | None:
        if head.lower_ in ("we", "i", "us") and asserted and asserted.kind == "speaker":
            return asserted.name
        try:
            from newstrail.nlp.coref import entity_for

            ent = entity_for(self.doc, start, end)
        except Exception:  # noqa: BLE001  (coref absent or failing: fall back to entities)
            ent = None
        if ent is not None and ent.name:
            return str(ent.name)
        for e in self.entities:
            if e.start <= head.idx < e.end:
                return str(e.name)
        return None

    # ------------------------------------------------------------------ attribution

    def asserted_by(self, tok: Token) -> Assertion:
        for q in self.quotes:
            if q.start <= tok.idx < q.end:
                mention = q.speaker.mention
                if mention is None:
                    return Assertion("speaker", q.speaker.name)
                return Assertion(
                    "speaker", q.speaker.name, mention.text, mention.start, mention.end
                )
        cur = tok
        for _ in range(8):
            if cur.head.i == cur.i:
                break
            if cur.dep_ in ("ccomp", "xcomp") and _lemma(cur.head) in self.lex["reporting_verbs"]:
                subj, _ = _subject(cur.head)
                if subj:
                    p = self.participant(subj[0])
                    return Assertion("speaker", p.name, p.text, p.start, p.end)
            cur = cur.head
        return Assertion("outlet")


# ---------------------------------------------------------------------------- building


def _anchor_tokens(cand: _Cand, lex: _Lex) -> set[int]:
    out = {cand.tok.i}
    stack = list(cand.absorbed)
    while stack:
        c = stack.pop()
        out.add(c.tok.i)
        stack.extend(c.absorbed)
    if cand.kind == "noun":
        out.update(
            child.i
            for child in cand.tok.children
            if child.dep_ in ("acl", "relcl") and _lemma(child) in lex["occurrence_verbs"]
        )
        gov = _noun_action(cand.tok, lex)
        if gov is not None and _lemma(gov) not in lex["reporting_verbs"]:
            out.add(gov.i)
            # "took part in": the object noun between the verb and the event noun
            out.update(
                child.i for child in gov.children if child.dep_ == "dobj" and child.i < cand.tok.i
            )
    if cand.obj is not None:
        out.add(cand.obj.i)
    return out


def _action_token(cand: _Cand, lex: _Lex) -> Token:
    """The verb whose subject is the event's actor."""
    if cand.kind == "noun":
        gov = _noun_action(cand.tok, lex)
        if gov is not None:
            return gov
    return cand.tok


def _noun_action(noun: Token, lex: _Lex) -> Token | None:
    """The verb whose subject does what an event noun names: a light verb ("paid a visit",
    "held talks"), a participation verb ("took part in the visit") or an occurrence verb with
    the noun as subject ("the occupation occurred"); not a verb the noun only modifies ("were
    under blockade for a year before the occupation")."""
    gov = _governing_verb(noun)
    if gov is None:
        return None
    lemma = _lemma(gov)
    if noun.dep_ == "pobj" and noun.head.head.i == gov.i:
        if noun.head.lower_ in lex["subject_is_recipient_preps"]:
            return gov
        if lemma not in lex["participation_verbs"] and lemma not in lex["light_verbs"]:
            return None
        if lemma == "be" and noun.head.lower_ != "on":  # "we are on a visit"
            return None
    return gov


def _climb(tok: Token, anchors: set[int], limit: int = 7) -> list[Token] | None:
    """The path of heads from ``tok`` up to an anchor, through attaching relations only."""
    path = [tok]
    cur = tok
    for _ in range(limit):
        if cur.i in anchors:
            return path
        if cur.head.i == cur.i:
            return None
        if cur.dep_ not in _ATTACHING:
            return None
        cur = cur.head
        path.append(cur)
    return path if cur.i in anchors else None


def _movement(ev_type: str, mode: str | None, cand: _Cand, lex: _Lex) -> bool:
    if ev_type == "CONSULT" and mode == "visit":
        return True
    lemma = _lemma(cand.tok)
    return (
        lemma in lex["movement_verbs"]
        or lemma in lex["movement_nouns"]
        or lemma in lex["transfer_verbs"]
    )


def _place_role(path: list[Token], movement: bool, lex: _Lex) -> str | None:
    place = path[0]
    for node in path[1:]:
        if node.dep_ == "prep" or node.pos_ == "ADP":
            prep = node.lower_
            role = lex.route_preps.get(prep)
            if role == "origin" or role == "via":
                return role
            if role == "destination":
                return "destination" if movement else None
            if prep in lex["location_preps"] or prep == "of":
                return "location"
            return None
        if node.pos_ == "VERB":
            lemma = _lemma(node)
            if lemma in lex["origin_objects"]:
                return "origin"
            if lemma in lex["destination_objects"] and movement:
                return "destination"
            break
    if place.dep_ in ("dobj",) and movement:
        return "destination"
    if place.dep_ in ("compound", "amod", "nmod", "poss"):
        return "location"
    return "location" if not movement else None


def _precision(value: str) -> str | None:
    if "T" in value:
        return "time"
    if len(value) == 4:
        return "year"
    if len(value) == 7:
        return "month" if value[5:6].isdigit() else "season"
    if len(value) == 10:
        return "day"
    if "W" in value:
        return "week"
    return None


def _place(place: Any, role: str) -> EventPlace:
    gid = getattr(place, "geonameid", None)
    return EventPlace(
        role=role,
        text=place.text,
        start=place.start,
        end=place.end,
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        identity=f"geonames:{gid}" if gid else None,
    )


def _build(cand: _Cand, sent: Span, ctx: _Ctx) -> _Ev | None:
    lex = ctx.lex
    type_, mode, negated, future = _resolve_type(cand, lex)
    if type_ is None:
        return None
    mode = _mode_from_words(type_, mode, sent, lex) if type_ != "THREATEN" else mode
    doc = ctx.doc
    trig = cand.tok
    if cand.kind == "governor" and cand.absorbed and cand.type is None:
        trig = cand.absorbed[0].tok
    t_start, t_end = trig.idx, trig.idx + len(trig)
    if cand.obj is not None and trig.i < cand.obj.i <= trig.i + 4:  # "paid a visit"
        t_end = cand.obj.idx + len(cand.obj)
    trigger = TextSpan(ctx.text[t_start:t_end], t_start, t_end)
    lemma_key = _lemma(cand.obj) if cand.obj is not None else _lemma(cand.tok)
    asserted = ctx.asserted_by(trig)
    ev = _Ev(
        type=type_,
        mode=mode if type_ not in ("AGREE",) else None,
        text=sent.text,
        start=sent.start_char,
        end=sent.end_char,
        trigger=trigger,
        asserted_by=asserted,
        negated=negated,
        future=future,
        component=COMPONENT,
        anchors=_anchor_tokens(cand, lex),
        depth=sum(1 for _ in cand.tok.ancestors),
        lemma=lemma_key,
    )
    action = _action_token(cand, lex)
    inner_actions = [c.tok for c in cand.absorbed]
    if cand.governor is not None:  # "demanded that the US cancel ...": the one asked to act
        inner_actions += [
            c
            for c in cand.tok.children
            if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX") and c not in inner_actions
        ]

    # ---- actors
    subj, passive = _subject(action)
    # "the occupation ... occurred in 1993": the event noun is the subject, not an actor
    subj = [
        s
        for s in subj
        if s.i != cand.tok.i and not (_noun_key(s, lex.nouns) and not _is_actor_like(s, lex, {}))
    ]
    if cand.kind == "noun" and not subj:
        subj = [
            c
            for c in cand.tok.children
            if c.dep_ == "poss"
            or (c.dep_ == "amod" and c.ent_type_ in ("NORP", "GPE"))
            or (
                c.dep_ == "compound"
                and c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON")
                and c.i not in ctx.places  # "the Khojaly genocide": where, not who
            )
        ]
        for c in cand.tok.children:
            if c.dep_ == "prep" and c.lower_ == "by":
                subj.extend(g for g in c.children if g.dep_ == "pobj")
    recipients: list[Token] = []
    if cand.kind == "obligation":  # the reporter asks, the one who must act is asked
        recipients.extend(subj)
        subj, _ = _subject(cand.tok.head)
    if passive:
        recipients.extend(_passive_subject(action))
    # "were under blockade": the subject undergoes the event
    if (
        cand.kind == "noun"
        and cand.tok.dep_ == "pobj"
        and cand.tok.head.lower_ in lex["subject_is_recipient_preps"]
    ):
        recipients.extend(subj)
        subj = []
    subj = [_pronoun_antecedent(s, ctx) for s in subj]
    actors = _with_conjuncts(s for s in subj if s is not None)
    # ---- recipients: objects and prepositional objects naming someone
    scan = [action, trig, *inner_actions] + ([cand.obj] if cand.obj is not None else [])
    for verb in scan:
        for c in verb.children:
            if (
                c.dep_ in ("dobj", "dative")
                and c.i not in ev.anchors
                or (c.dep_ in ("dobj", "dative") and verb is action and cand.kind == "verb")
            ):
                if _lemma(c) in lex["content_nouns"] or _noun_key(c, lex.nouns):
                    recipients.extend(_content_owner(c, lex))
                elif _is_actor_like(c, lex, ctx.places):
                    recipients.append(c)
            elif c.dep_ == "prep" and c.lower_ in lex["recipient_preps"]:
                for g in c.children:
                    if g.dep_ == "pobj" and _is_actor_like(g, lex, ctx.places):
                        if (
                            c.lower_ in lex["companion_preps"]
                            and ev.type in ("CONSULT", "AGREE")
                            and (_lemma(cand.tok) in ("visit", "tour", "trip") or mode == "visit")
                        ):
                            actors.append(g)  # "visited Kalbajar with the diplomatic corps"
                            continue
                        if c.lower_ in ("in", "at", "by", "of") and g.i in ctx.places:
                            continue
                        if c.lower_ == "by" and passive:
                            continue
                        recipients.append(g)
        # the subject of an embedded action: "demanded that the US cancel"
        if verb in inner_actions:
            inner_subj, _ = _subject(verb)
            for s in inner_subj:
                if s not in subj and s.lower_ not in lex["pronouns"]:
                    recipients.append(s)
    recipients = _with_conjuncts(r for r in recipients if r is not None)
    actor_ids = {a.i for a in actors}
    recipients = [r for r in recipients if r.i not in actor_ids]
    # "X hosted Y": the visitor is the actor, the host the recipient
    if _lemma(cand.tok) in ("host", "receive") and type_ in ("CONSULT", "AGREE") and not passive:
        actors, recipients = recipients, actors
    ev.actors = _dedupe([ctx.participant(a, asserted) for a in actors])
    ev.recipients = _dedupe([ctx.participant(r, asserted) for r in recipients])
    # a place inside an actor's description ("officials in Guinea") is not where it happened;
    # one inside the recipient's is ("the Red Crescent in Bam", "the town of Gorazde")
    taken = [(p.start, p.end) for p in ev.actors]
    participant_heads = {t.i for t in actors}

    # ---- places
    movement = _movement(type_, ev.mode or mode, cand, lex)
    for head, place in ctx.places.items():
        if not (sent.start <= head < sent.end):
            continue
        path = _climb(doc[head], ev.anchors | set(_passable(doc, ev.anchors, lex)))
        if path is None:
            continue
        # a place describing a participant ("officials in Guinea") is not where it happened,
        # unless it names the participant itself ("the Kalbajar district")
        blocked = [t for t in path[1:] if t.i in participant_heads]
        if blocked and not (path[0].dep_ == "compound" and blocked == [path[1]]):
            continue
        inside = any(s <= place.start < e for s, e in taken)
        role = _place_role(path, movement or _through_movement(path, lex), lex)
        if role is None:
            continue
        if inside and role == "location":
            continue
        ev.places.append(_place(place, role))
    # a visit of a country: the country is also the host
    # ---- time
    for time_head, t in ctx.times:
        if sent.start <= time_head.i < sent.end and _climb(time_head, ev.anchors) is not None:
            ev.time = EventTime(t.text, t.value, t.start, t.end, _precision(t.value))
            break
    return ev


def _passable(doc: Doc, anchors: set[int], lex: _Lex) -> list[int]:
    """Movement verbs hanging off the event's words ("departing from Naftalan", "before
    reaching Kalbajar") carry route places to the event."""
    out = []
    for i in list(anchors):
        tok = doc[i]
        # "left Ganja and travelled through ...": the movement verb it is conjoined with
        if tok.dep_ == "conj" and _lemma(tok.head) in lex["movement_verbs"]:
            out.append(tok.head.i)
        for t in doc[i].subtree:
            if (
                t.dep_ in ("acl", "advcl", "conj", "xcomp", "pcomp")
                and t.pos_ == "VERB"
                and (_lemma(t) in lex["origin_words"] or t.lower_ in lex["origin_words"])
            ):
                out.append(t.i)
        for c in doc[i].children:
            if c.dep_ in ("advcl", "acl", "conj", "xcomp", "pcomp", "prep") and (
                _lemma(c) in lex["movement_verbs"] or c.lower_ in lex["origin_words"]
            ):
                out.append(c.i)
            if c.dep_ == "prep":  # "before reaching"
                out.extend(
                    g.i
                    for g in c.children
                    if g.dep_ == "pcomp" and _lemma(g) in lex["movement_verbs"]
                )
    return out


def _through_movement(path: list[Token], lex: _Lex) -> bool:
    return any(_lemma(t) in lex["movement_verbs"] and t.pos_ == "VERB" for t in path[1:])


def _pronoun_antecedent(tok: Token, ctx: _Ctx) -> Token:
    """ "Syria says it will ...": a pronoun subject under a reporting verb is that verb's
    subject."""
    if tok.lower_ in ctx.lex["relative_pronouns"] and tok.head.dep_ == "relcl":
        return tok.head.head
    if tok.pos_ != "PRON" or tok.lower_ in ("we", "i"):
        return tok
    cur = tok.head
    for _ in range(4):
        if _lemma(cur) in ctx.lex["reporting_verbs"]:
            subj, _ = _subject(cur)
            if subj and subj[0].pos_ != "PRON":
                return subj[0]
            break
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return tok


def _dedupe(items: list[Participant]) -> list[Participant]:
    seen: set[tuple[int, int]] = set()
    out = []
    for p in sorted(items, key=lambda p: p.start):
        if (p.start, p.end) in seen or any(s <= p.start and p.end <= e for s, e in seen):
            continue
        seen.add((p.start, p.end))
        out.append(p)
    return out


# ---------------------------------------------------------------------------- document level


def _attach_counts(events: list[_Ev], ctx: _Ctx) -> None:
    by_sentence: dict[int, list[_Ev]] = {}
    for ev in events:
        by_sentence.setdefault(ev.start, []).append(ev)
    for tok, q in ctx.numbers:
        sent_start = ctx.sent_of[tok.i][1]
        candidates = by_sentence.get(sent_start, [])
        chosen = None
        for ev in candidates:
            path = _climb(tok, ev.anchors, limit=9)
            if path is not None:
                chosen = ev
                break
        if chosen is None:
            for ev in candidates:
                spans = [(p.start, p.end) for p in ev.actors + ev.recipients]
                if any(s <= q.start < e for s, e in spans):
                    chosen = ev
                    break
        if chosen is None and len(candidates) == 1 and q.about:
            chosen = candidates[0]
        if chosen is not None:
            chosen.counts.append(
                EventCount(
                    q.about or q.counts, q.value, q.mod, q.text, q.start, q.end, q.unit, q.high
                )
            )


_ROUTE_ORDER = {"origin": 0, "via": 1, "stop": 1, "location": 2, "destination": 3}


def _sort_places(ev: Event) -> None:
    ev.places.sort(key=lambda p: (_ROUTE_ORDER.get(p.role, 2), p.start))


def _same_source(a: Event, b: Event) -> bool:
    return (a.asserted_by.kind, a.asserted_by.name) == (b.asserted_by.kind, b.asserted_by.name)


def _link_document(events: list[_Ev], ctx: _Ctx, cands: dict[int, _Cand]) -> list[_Ev]:
    """Journeys across sentences and definite mentions of an earlier event."""
    lex = ctx.lex
    doc = ctx.doc
    sent_index = {s.start_char: n for n, s in enumerate(ctx.sentences)}
    kept: list[_Ev] = []
    for ev in events:
        trig = doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
        tok = trig.root if trig is not None else None
        n = sent_index.get(ev.start, 0)
        journey = _journey(kept, ev, n, sent_index, lex)
        clause = ctx.text[ev.start : ev.trigger.end].lower()
        if journey is not None and tok is not None and any(m in clause for m in lex.stop_markers):
            # "On the way, we will visit the Sarsang Reservoir": a stop of the trip under way
            for p in ev.places:
                if p.role in ("destination", "location"):
                    journey.places.append(_replace_role(p, "stop"))
            journey.mentions.append(
                EventMention(ev.trigger.text, ev.trigger.start, ev.trigger.end, "stop")
            )
            continue
        if tok is not None and tok.pos_ == "NOUN" and _definite(tok, lex):
            earlier = next(
                (
                    k
                    for k in reversed(kept)
                    if k.type == ev.type
                    and k.lemma == ev.lemma
                    and _same_source(k, ev)
                    and (ev.time is None or k.time is None or k.time.value == ev.time.value)
                    and k.start < ev.start
                ),
                None,
            )
            if earlier is not None:
                _merge(earlier, ev)
                continue
        kept.append(ev)
    # via places in the sentences after a journey's start ("... improved through Aghdara region")
    for ev in kept:
        if not _is_journey(ev):
            continue
        n = sent_index.get(ev.start, 0)
        for head, place in ctx.places.items():
            m = ctx.sent_of[head][0]
            if not (n < m <= n + lex.window) or any(p.start == place.start for p in ev.places):
                continue
            if any(p.start == place.start for k in kept for p in k.places):
                continue
            if not _same_quote(ctx, ev.trigger.start, place.start):
                continue
            tok = doc[head]
            while tok.dep_ in ("compound", "amod") and tok.head.i != tok.i:
                tok = tok.head  # "Aghdara region"
            prep = tok.head if tok.dep_ == "pobj" else None
            if prep is not None and lex.route_preps.get(prep.lower_) == "via":
                ev.places.append(_place(place, "via"))
    for ev in kept:
        _sort_places(ev)
    return kept


def _replace_role(p: EventPlace, role: str) -> EventPlace:
    return EventPlace(role, p.text, p.start, p.end, p.name, p.lat, p.lon, p.identity)


def _is_journey(ev: Event) -> bool:
    return (ev.mode == "visit" or ev.type in ("CONSULT", "AGREE")) and any(
        p.role in ("destination", "origin") for p in ev.places
    )


def _journey(kept: list[_Ev], ev: _Ev, n: int, sent_index: dict[int, int], lex: _Lex) -> _Ev | None:
    for k in reversed(kept):
        m = sent_index.get(k.start, 0)
        if n - m > lex.window:
            return None
        if _is_journey(k) and _same_source(k, ev):
            return k
    return None


def _same_quote(ctx: _Ctx, a: int, b: int) -> bool:
    for q in ctx.quotes:
        if q.start <= a < q.end:
            return q.start <= b < q.end
    return not any(q.start <= b < q.end for q in ctx.quotes)


def _definite(tok: Token, lex: _Lex) -> bool:
    return any(
        c.dep_ in ("det", "poss") and c.lower_ in lex["coreferent_determiners"]
        for c in tok.children
    )


def _merge(earlier: Event, later: Event) -> None:
    earlier.mentions.append(
        EventMention(
            later.trigger.text,
            later.trigger.start,
            later.trigger.end,
            None,
            later.start,
            later.end,
        )
    )
    known = {(a.start, a.end) for a in earlier.actors}
    earlier.actors.extend(a for a in later.actors if (a.start, a.end) not in known)
    known = {(r.start, r.end) for r in earlier.recipients}
    earlier.recipients.extend(r for r in later.recipients if (r.start, r.end) not in known)
    starts = {p.start for p in earlier.places}
    earlier.places.extend(p for p in later.places if p.start not in starts)
    earlier.counts.extend(later.counts)
    if earlier.time is None and later.time is not None:
        earlier.time = later.time


def find_events(doc: Doc) -> list[Event]:
    ctx = _Ctx(doc)
    events: list[_Ev] = []
    cands_by_start: dict[int, _Cand] = {}
    for sent in ctx.sentences:
        cands = _candidates(sent, ctx.lex, ctx.name_tokens)
        for cand in _absorb(cands):
            ev = _build(cand, sent, ctx)
            if ev is not None:
                events.append(ev)
                cands_by_start[ev.trigger.start] = cand
    _attach_counts(events, ctx)
    return [ev.record() for ev in _link_document(events, ctx, cands_by_start)]


def main_event(doc: Doc, events: list[Event], start: int, end: int) -> Event | None:
    """The event a sentence is mainly about: the one whose trigger is highest in the parse."""
    inside = [e for e in events if start <= e.trigger.start < end]
    if not inside:
        return None

    def depth(event: Event) -> int:
        span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
        return sum(1 for _ in span[0].ancestors) if span is not None and len(span) else 99

    return min(inside, key=lambda e: (depth(e), e.trigger.start))


class Component:
    """Writes ``doc._.events`` (list of :class:`Event`)."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = find_events(doc)
        return doc


REQUIRES = [
    "doc._.entities",
    "doc._.places",
    "doc._.times",
    "doc._.coref_clusters",
    "doc._.quotes",
    "doc._.numbers",
    "doc.ents",
    *PARSE,
]
ASSIGNS = ["doc._.events"]
Language.factory(NAME, requires=REQUIRES, assigns=ASSIGNS, func=lambda nlp, name: Component())
