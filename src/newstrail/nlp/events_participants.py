"""Participants of ``newstrail_events``: subjects, recipients, mentions and their names, and who
asserts an event (see :mod:`newstrail.nlp.events`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.tokens import Doc, Token

from newstrail.nlp import doc_text
from newstrail.nlp.events_lexicon import (
    _NAME_LABELS,
    _SUBJECTS,
    _lemma,
    _Lex,
    _name_tokens,
    _noun_key,
)
from newstrail.nlp.lexicon import words
from newstrail.records.events import Assertion, Participant

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
