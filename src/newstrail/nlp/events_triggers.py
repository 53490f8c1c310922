"""Event triggers of ``newstrail_events``: trigger candidates and the PLOVER coding rules that
absorb, retype and negate them (see :mod:`newstrail.nlp.events`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from newstrail.nlp.events_lexicon import _ABSORBING, COOPERATIVE, _lemma, _Lex, _noun_key
from newstrail.nlp.events_participants import _is_actor_like, _subject

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
