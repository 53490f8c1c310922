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

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

import newstrail.nlp  # noqa: F401  (declares the Doc extensions)
from newstrail.models import TextSpan, record_from
from newstrail.nlp import CONTRACT, PARSE, component_id
from newstrail.nlp.events_lexicon import _lemma, _Lex, _noun_key
from newstrail.nlp.events_participants import (
    _content_owner,
    _Ctx,
    _dedupe,
    _is_actor_like,
    _passive_subject,
    _pronoun_antecedent,
    _subject,
    _with_conjuncts,
)
from newstrail.nlp.events_places import (
    _action_token,
    _anchor_tokens,
    _climb,
    _movement,
    _passable,
    _place,
    _place_role,
    _precision,
    _through_movement,
)
from newstrail.nlp.events_triggers import (
    _absorb,
    _Cand,
    _candidates,
    _mode_from_words,
    _resolve_type,
)
from newstrail.records.events import (
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
    *CONTRACT,
    "Component",
    "Event",
    "EventCount",
    "EventPlace",
    "EventTime",
    "Participant",
    "find_events",
    "main_event",
]


# ---------------------------------------------------------------------------- records


@dataclass(slots=True)
class _Ev(Event):
    """An event being built: the record plus what the builder needs (not stored)."""

    # token indices of the words the event is told by (trigger, absorbed words, governing verb)
    anchors: set[int] = field(default_factory=set)
    depth: int = 0
    lemma: str = ""

    def record(self) -> Event:
        return record_from(Event, self)


# ---------------------------------------------------------------------------- building


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
            chosen.counts.append(record_from(EventCount, q, what=q.about or q.counts))


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
