"""Where an event happens for ``newstrail_events``: the words an event is told by, climbing the
parse from a place or time to them, place roles along a route (see :mod:`newstrail.nlp.events`)."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Token

from newstrail.models import record_from
from newstrail.nlp.events_lexicon import _ATTACHING, _lemma, _Lex
from newstrail.nlp.events_triggers import _Cand, _governing_verb
from newstrail.records.events import EventPlace

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
    return record_from(EventPlace, place, role=role, identity=f"geonames:{gid}" if gid else None)


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
