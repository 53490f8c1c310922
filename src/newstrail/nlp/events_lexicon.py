"""The events lexicon of ``newstrail_events`` (``nlp/lexicon/events.json``) and the word-level
lookups every part of the builder shares (see :mod:`newstrail.nlp.events`)."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Token

from newstrail.nlp.lexicon import lexicon, words

COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
# Dependency relations (see events.json): an action under another trigger along ABSORBING is part
# of it; places, times and numbers climb ATTACHING relations to reach the event's words.
_ABSORBING = words("events", "absorbing_deps")
_ATTACHING = words("events", "attaching_deps")
_SUBJECTS = frozenset({"nsubj", "csubj", "expl"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "LAW", "PRODUCT", "FAC", "EVENT"})


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
