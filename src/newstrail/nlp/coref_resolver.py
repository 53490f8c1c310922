"""The resolver of newstrail_coref: mentions, chains and the scores that attach each pronoun or
description to an earlier chain (weights in :data:`WEIGHTS`, windows in :data:`WINDOWS`). See
:mod:`newstrail.nlp.coref` for the rules; word lists live in the language layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from newstrail.nlp import doc_text
from newstrail.nlp.lexicon import lexicon as language
from newstrail.nlp.lexicon import words
from newstrail.nlp.quotation import quote_mask


@dataclass(frozen=True)
class Lexicon:
    pronouns: dict[str, tuple[str, str | None, str, int]]
    thing_labels: frozenset[str]
    plural_labels: frozenset[str]
    person_descriptors: frozenset[str]
    generic_person_descriptors: frozenset[str]
    descriptor_roles: dict[str, tuple[str, ...]]
    org_descriptors: frozenset[str]
    place_descriptors: frozenset[str]
    determiners: frozenset[str]
    speech_verbs: frozenset[str]
    person_nouns: frozenset[str]
    female_nouns: frozenset[str]
    male_nouns: frozenset[str]
    stop_heads: frozenset[str]
    female_first_names: frozenset[str]
    male_first_names: frozenset[str]

    def first_name_gender(self, name: str) -> str | None:
        """'f' or 'm' for a common first name ("Hillary Clinton" → 'f'), else None."""
        first = name.split()[0].lower().rstrip(".") if name.split() else ""
        if first in self.female_first_names:
            return "f"
        if first in self.male_first_names:
            return "m"
        return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The words coreference reads, from the language layer."""
    pronouns: dict[str, list[Any]] = language("pronouns")["pronouns"]
    people = "person_descriptors generic_person_descriptors org_descriptors place_descriptors"
    people += " person_nouns female_nouns male_nouns female_first_names male_first_names"
    own = "thing_labels plural_labels determiners stop_heads"
    return Lexicon(
        pronouns={k: (v[0], v[1], v[2], int(v[3])) for k, v in pronouns.items()},
        descriptor_roles={k: tuple(v) for k, v in language("people")["descriptor_roles"].items()},
        speech_verbs=words("speech", "speech_verbs") | words("speech", "agency_verbs"),
        **{key: words("people", key) for key in people.split()},
        **{key: words("coref", key) for key in own.split()},
    )


# --------------------------------------------------------------------------------------------
# Mentions and chains


@dataclass
class _Mention:
    start: int  # token span, end exclusive
    end: int
    head: int
    kind: str  # "name" | "pronoun" | "nominal" | "common"
    sent: int
    in_quote: bool
    subject: bool
    speech_subject: bool


@dataclass
class _Chain:
    id: int
    name: str | None
    label: str | None  # entity label for named chains; None otherwise
    kind: str = "named"  # "named" | "common" | "pronoun" | "first" (first/second person)
    role: str | None = None
    role_span: tuple[int, int] | None = None
    acronym: str | None = None
    gender: str | None = None
    animate: bool | None = None  # True: a person; False: a thing; None: unknown
    plural: bool = False
    head_lemma: str | None = None
    key: str | None = None
    speaker: bool = False
    mentions: list[_Mention] = field(default_factory=list)
    type_words: set[str] = field(default_factory=set)  # "district" after "Kalbajar district"

    @property
    def named(self) -> bool:
        return self.kind == "named"

    def last(self, outside_quotes: bool) -> _Mention | None:
        for m in reversed(self.mentions):
            if not outside_quotes or not m.in_quote:
                return m
        return None


def _sent_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = n
    return index


def _is_speech_subject(tok: Token, verbs: frozenset[str]) -> bool:
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in verbs


_ARTICLES = words("coref", "articles")
# Antecedent scoring (see _Resolver._recency and resolve_pronoun).
WEIGHTS = {
    "per_sentence": 0.8,
    "beyond_horizon": 0.1,
    "salience": 0.3,
    "salience_cap": 5,
    "subject": 2.0,
    "thing_object": 1.0,
    "thing_common": 0.0,
    "threshold": 0.5,
    "same_sentence": 1.0,
    "reporter": 3.0,
    "speaking_group": 2.0,
}

# How far back (in sentences) an antecedent may lie, by kind of anaphor and antecedent.
WINDOWS = {"person_named": 10, "person_other": 3, "thing": 1, "plural": 1, "head_match": 6}

# A subject pronoun continues the last subject person up to this many sentences back.
SUBJECT_CONTINUITY = 3

HEAD_MATCH_MAX_TOKENS = 3  # "the (modifier) head" resumes an earlier phrase with that head

_AREA_WORDS = words("coref", "area_words")
_DEFINITE = words("coref", "definite")
_PLEONASTIC_VERBS = words("coref", "pleonastic_verbs")


def _pleonastic(tok: Token) -> bool:
    """Non-referential "it": "it is clear that ...", "it seems ...", "it rains"."""
    if tok.lower_ != "it":
        return False
    if tok.dep_ == "expl":
        return True
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    head = tok.head
    if head.lemma_ in _PLEONASTIC_VERBS:
        return True
    clause = any(c.dep_ in ("ccomp", "xcomp", "csubj") and c.i > tok.i for c in head.children)
    predicative = any(c.dep_ in ("acomp", "attr") for c in head.children)
    return head.lemma_ == "be" and predicative and clause


class _Resolver:
    def __init__(self, doc: Doc, general: bool = True) -> None:
        self.doc = doc
        self.lex = lexicon()
        self.general = general
        self.sent = _sent_index(doc)
        self.mask = quote_mask(doc_text(doc))
        self.chains: list[_Chain] = []
        self.token_chain: dict[int, _Chain] = {}  # tokens of named mentions -> chain
        self.by_key: dict[str, _Chain] = {}

    def mention(self, start: int, end: int, kind: str, head: int | None = None) -> _Mention:
        doc = self.doc
        tok = doc[head] if head is not None else doc[start:end].root
        # An apposition takes its head's role: "Its head, State Secretary Ioana Petrescu, told".
        role_tok = tok.head if tok.dep_ == "appos" else tok
        return _Mention(
            start=start,
            end=end,
            head=tok.i,
            kind=kind,
            sent=self.sent[tok.i],
            in_quote=self.mask[tok.idx] if tok.idx < len(self.mask) else False,
            subject=role_tok.dep_ in ("nsubj", "nsubjpass"),
            speech_subject=_is_speech_subject(role_tok, self.lex.speech_verbs),
        )

    def new_chain(self, **kwargs: Any) -> _Chain:
        chain = _Chain(id=len(self.chains), **kwargs)
        self.chains.append(chain)
        return chain

    # -- named chains ---------------------------------------------------------------------
    def seed_named(self) -> list[_Mention]:
        doc = self.doc
        groups: dict[str, dict[str, Any]] = doc._.entity_names or {}
        by_name: dict[tuple[str, str], _Chain] = {}
        named: list[_Mention] = []
        for ent in doc._.entities or []:
            span = doc.char_span(ent.start, ent.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            key = (ent.name, ent.label)
            chain = by_name.get(key)
            if chain is None:
                info = groups.get(ent.name, {})
                role_span = info.get("role_span")
                chain = self.new_chain(
                    name=ent.name,
                    label=ent.label,
                    role=ent.role,
                    role_span=tuple(role_span) if role_span else None,
                    acronym=info.get("acronym"),
                    gender=info.get("gender")
                    or (self.lex.first_name_gender(ent.name) if ent.label == "PERSON" else None),
                    animate=ent.label == "PERSON",
                )
                by_name[key] = chain
            m = self.mention(span.start, span.end, "name")
            if doc[m.head].tag_ in ("NNS", "NNPS"):
                chain.plural = True
            if span.end < len(doc) and doc[span.end].is_lower:
                chain.type_words.add(doc[span.end].lemma_.lower())
            named.append(m)
            for i in range(span.start, span.end):
                self.token_chain[i] = chain
        return named

    # -- candidate pronouns, descriptions and common noun phrases -----------------------------
    def in_role(self, char: int) -> bool:
        return any(
            c.role_span is not None and c.role_span[0] <= char < c.role_span[1] for c in self.chains
        )

    def others(self) -> list[_Mention]:
        doc = self.doc
        found: list[_Mention] = []
        nominal_heads: set[int] = set()
        for tok in doc:
            if tok.i in self.token_chain:
                continue
            low = tok.lower_
            if tok.tag_ in ("PRP", "PRP$") and low in self.lex.pronouns:
                if not _pleonastic(tok):
                    found.append(self.mention(tok.i, tok.i + 1, "pronoun"))
                continue
            # a lower-case word tagged as a proper noun ("the president added") is a noun
            common_noun = tok.pos_ == "NOUN" and tok.tag_ == "NN"
            if not (common_noun or (tok.tag_ == "NNP" and tok.is_lower)) or self.in_role(tok.idx):
                continue
            lemma = tok.lemma_.lower()
            descriptors = self.lex.person_descriptors | self.lex.org_descriptors
            if lemma not in descriptors and lemma not in self.lex.place_descriptors:
                continue
            left = list(tok.lefts)
            dets = self.lex.determiners
            det = [c for c in left if c.dep_ in ("det", "poss") and c.lower_ in dets]
            org_mod = [
                c for c in left if c.dep_ in ("compound", "nmod") and c.i in self.token_chain
            ]
            if not det and not org_mod:
                continue
            start = min(c.left_edge.i for c in det + org_mod)
            found.append(self.mention(start, tok.i + 1, "nominal"))
            nominal_heads.add(tok.i)
        if self.general:
            for chunk in doc.noun_chunks:
                root = chunk.root
                if root.pos_ not in ("NOUN", "PROPN") or root.i in nominal_heads:
                    continue
                if root.i in self.token_chain:
                    continue
                if root.lower_ in self.lex.stop_heads or not root.is_alpha:
                    continue
                found.append(self.mention(chunk.start, chunk.end, "common", head=root.i))
        return found

    # -- scoring ------------------------------------------------------------------------------
    def _recency(self, m: _Mention, chain: _Chain) -> tuple[float, int] | None:
        last = chain.last(outside_quotes=not m.in_quote)
        quote_penalty = 0.0
        if last is None:
            last = chain.last(outside_quotes=False)
            quote_penalty = 4.0
        if last is None or last.start >= m.start:
            return None
        dist = m.sent - last.sent
        # A speaker ("he said") may be far from his last mention when a long quotation sits
        # in between: recency then counts at most 3 sentences.
        horizon = 3 if m.speech_subject and chain.named else 8
        score = 4.0 - WEIGHTS["per_sentence"] * min(dist, horizon) - quote_penalty
        # Beyond the horizon the nearer candidate still wins a tie.
        score -= WEIGHTS["beyond_horizon"] * max(0, dist - horizon)
        score += WEIGHTS["salience"] * min(len(chain.mentions), int(WEIGHTS["salience_cap"]))
        if last.subject:
            score += WEIGHTS["subject"]
        return score, dist

    def _role_match(self, descriptor: str, chain: _Chain) -> float:
        if not chain.role:
            return 0.0
        role = chain.role.lower()
        head = role.split(" of ")[0].split(" to ")[0]
        if descriptor in head:
            return 5.0
        cues = self.lex.descriptor_roles.get(descriptor, ())
        if any(cue in role for cue in cues):
            return 3.0
        return 1.0

    def _nationality_match(self, stems: list[str], chain: _Chain) -> float:
        """+4 when the chain's role names the nationality ("Armenian counterpart",
        "President of Azerbaijan" for "Azerbaijani"), -3 when it names another one."""
        role = (chain.role or "").lower()
        if any(stem in role for stem in stems):
            return 4.0
        if chain.role_span is not None:
            lo, hi = chain.role_span
            for other in self.chains:
                if other.label in ("NORP", "GPE") and any(
                    lo <= self.doc[om.start].idx < hi for om in other.mentions
                ):
                    return -3.0
        return 0.0

    def _org_in_role(self, chain: _Chain, org: _Chain) -> bool:
        if chain.role is None:
            return False
        if chain.role_span is not None:
            lo, hi = chain.role_span
            for om in org.mentions:
                if lo <= self.doc[om.start].idx < hi:
                    return True
        texts = [t for t in (org.name, org.acronym) if t]
        return any(t in chain.role for t in texts)

    def _referential(self, chain: _Chain, m: _Mention) -> bool:
        """The chain's latest mention before ``m`` is a noun phrase of its own, not a modifier
        ("OIC ambassadors", "Armenian forces" do not introduce OIC or Armenians)."""
        for cm in reversed(chain.mentions):
            if cm.start < m.start:
                return self.doc[cm.head].dep_ not in ("compound", "amod", "nmod", "poss")
        return False

    def _agrees(self, cat: str, gender: str | None, number: str, chain: _Chain) -> bool:
        if chain.kind == "first":
            return False
        if cat == "PERSON":
            if chain.animate is not True or chain.plural:
                return False
            return not (gender and chain.gender and gender != chain.gender)
        if cat == "THING":
            if chain.animate is True or chain.plural:
                return False
            return not (chain.named and chain.label not in self.lex.thing_labels)
        # "they": plural things or groups
        if chain.named:
            return chain.label in self.lex.plural_labels and (chain.plural or chain.label == "ORG")
        return chain.plural

    def resolve_pronoun(self, m: _Mention) -> _Chain | None:
        low = self.doc[m.head].lower_
        cat, gender, number, person = self.lex.pronouns[low]
        if person != 3:
            return None
        if cat == "PERSON" and not m.in_quote:
            nearest = self._nearest_named_person(m, gender, number)
            if nearest is not None:
                return nearest
        best: tuple[float, _Chain] | None = None
        for chain in self.chains:
            if not chain.mentions or not self._agrees(cat, gender, number, chain):
                continue
            if not self._referential(chain, m):
                continue
            rec = self._recency(m, chain)
            if rec is None:
                continue
            score, dist = rec
            if cat == "PERSON":
                limit = WINDOWS["person_named"] if chain.named else WINDOWS["person_other"]
            else:
                limit = WINDOWS["thing"] if cat == "THING" else WINDOWS["plural"]
            if dist > limit:
                continue
            if self._bound(m, chain):
                continue
            if chain.named:
                score += 1.0
            if dist == 0:
                score += WEIGHTS["same_sentence"]
            if self._reporting_subject(m, chain):
                score += WEIGHTS["reporter"]
            if chain.named and cat == "ANY" and chain.label == "ORG" and dist > 0:
                continue
            if m.speech_subject and (chain.speaker or chain.role):
                score += 2.0
            if m.speech_subject and cat == "ANY" and not chain.named:
                if chain.animate is not True:
                    continue  # "They also stressed": things do not speak, people do
                score += WEIGHTS["speaking_group"]
            if cat == "PERSON" and chain.role:
                score += 0.5
            if cat != "PERSON" and not (m.subject or low in ("its", "their")):
                score -= WEIGHTS["thing_object"]
            if cat == "THING" and not chain.named:
                score -= WEIGHTS["thing_common"]
            if best is None or score > best[0]:
                best = (score, chain)
        if best is None or best[0] <= WEIGHTS["threshold"]:
            return None
        return best[1]

    def _nearest_named_person(self, m: _Mention, gender: str | None, number: str) -> _Chain | None:
        """he/she in the narrative: the agreeing person named last before it outside quotations.

        On news (PolNeAR dev speakers) this plain recency rule beats the weighted scoring below
        (67.9% vs 45.5% of he/she sources resolved right) and also raises OntoGUM CoNLL F1
        (47.96 vs 46.84): reporters re-name a person before switching to another one.

        A subject pronoun ("He said ...") continues the last person who was a *subject* within
        :data:`SUBJECT_CONTINUITY` sentences, not a person named since in an object, a
        prepositional phrase or an apposition ("Trump said praise from Russian President
        Vladimir Putin would not matter. He said ..." → Trump)."""
        best: tuple[int, _Chain] | None = None
        best_subject: tuple[int, _Chain] | None = None
        for chain in self.chains:
            if not chain.named or chain.label != "PERSON" or not chain.mentions:
                continue
            if not self._agrees("PERSON", gender, number, chain):
                continue
            last = chain.last(outside_quotes=True)
            if last is None or last.start >= m.start:
                continue
            if m.sent - last.sent > WINDOWS["person_named"] or self._bound(m, chain):
                continue
            if best is None or last.start > best[0]:
                best = (last.start, chain)
            subject = next(
                (
                    cm
                    for cm in reversed(chain.mentions)
                    if cm.start < m.start and cm.subject and not cm.in_quote
                ),
                None,
            )
            if subject is None or m.sent - subject.sent > SUBJECT_CONTINUITY:
                continue
            if best_subject is None or subject.start > best_subject[0]:
                best_subject = (subject.start, chain)
        if m.subject and best_subject is not None:
            return best_subject[1]
        return best[1] if best else None

    def _reporting_subject(self, m: _Mention, chain: _Chain) -> bool:
        """ "Mirzoyan said he hoped ...": the pronoun sits in the clause reported by a speech
        verb whose subject is the candidate."""
        tok = self.doc[m.head]
        clause = tok.head
        while clause.dep_ not in ("ccomp", "ROOT") and clause.head is not clause:
            clause = clause.head
        if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in self.lex.speech_verbs:
            return False
        verb = clause.head
        return any(
            self.doc[cm.head].head.i == verb.i and self.doc[cm.head].dep_ == "nsubj"
            for cm in chain.mentions
        )

    def _bound(self, m: _Mention, chain: _Chain) -> bool:
        """Binding: a non-reflexive object pronoun is not its own clause's subject."""
        tok = self.doc[m.head]
        if tok.lower_.endswith(("self", "selves")) or tok.dep_ in ("nsubj", "nsubjpass", "poss"):
            return False
        for cm in chain.mentions:
            head = self.doc[cm.head]
            if head.dep_ in ("nsubj", "nsubjpass") and head.head.i == tok.head.i:
                return True
        return False

    def resolve_nominal(self, m: _Mention) -> _Chain | None:
        doc = self.doc
        head = doc[m.head]
        lemma = head.lemma_.lower()
        org_mod = [
            self.token_chain[c.i]
            for c in head.lefts
            if c.i in self.token_chain and c.dep_ in ("compound", "nmod")
        ]
        if lemma in self.lex.person_descriptors:
            orgs = [c for c in org_mod if c.label == "ORG"]
            # "the Armenian minister", "the Azerbaijani official": a nationality to match
            nationality = [
                c.text.lower()[:5]
                for c in head.lefts
                if c.i in self.token_chain
                and c.dep_ in ("amod", "compound")
                and self.token_chain[c.i].label in ("NORP", "GPE")
            ]
            best: tuple[float, _Chain] | None = None
            for chain in self.chains:
                if chain.label != "PERSON" or not chain.named:
                    continue
                rec = self._recency(m, chain)
                if rec is None:
                    continue
                score, dist = rec
                match = self._role_match(lemma, chain)
                if orgs:
                    if any(self._org_in_role(chain, org) for org in orgs):
                        score += 8.0
                    else:
                        continue
                if nationality:
                    score += self._nationality_match(nationality, chain)
                if match == 0.0 and lemma not in self.lex.generic_person_descriptors:
                    continue
                score += match
                if m.speech_subject and (chain.speaker or chain.role):
                    score += 2.0
                if best is None or score > best[0]:
                    best = (score, chain)
            return best[1] if best is not None and best[0] > 1.0 else None
        if org_mod:  # "the Kalbajar district", "the ICYF-ERC organisation": the name itself
            return org_mod[0] if org_mod[0].label != "PERSON" else None
        labels = {"ORG"} if lemma in self.lex.org_descriptors else {"GPE", "LOC", "FAC"}
        best_named: tuple[float, _Chain] | None = None
        for chain in self.chains:
            if not chain.named or chain.label not in labels:
                continue
            rec = self._recency(m, chain)
            if rec is None or rec[1] > 3:
                continue
            name_words = (chain.name or "").lower().split()
            score = rec[0] + (3.0 if lemma in name_words else 0.0)
            if lemma in chain.type_words or (
                lemma in _AREA_WORDS and chain.type_words & _AREA_WORDS
            ):
                score += 3.0
            if best_named is None or score > best_named[0]:
                best_named = (score, chain)
        return best_named[1] if best_named is not None and best_named[0] > 3.5 else None

    def _key(self, m: _Mention) -> str:
        words = [t.lower_ for t in self.doc[m.start : m.end]]
        while words and words[0] in _ARTICLES:
            words = words[1:]
        return " ".join(words)

    def resolve_common(self, m: _Mention) -> _Chain:
        """Noun phrases: the same words again, or "the <head>" after a phrase with that head."""
        doc = self.doc
        head = doc[m.head]
        key = self._key(m)
        chain = self.by_key.get(key)
        first = doc[m.start].lower_
        if chain is None and first in _DEFINITE and m.end - m.start <= HEAD_MATCH_MAX_TOKENS:
            # "the study" / "the new study" after "a new study of iodine": same head, and the
            # later phrase's modifiers all appear in the earlier one
            lemma = head.lemma_.lower()
            mods = {t.lower_ for t in doc[m.start + 1 : m.end] if t.i != head.i}
            for other in reversed(self.chains):
                if other.kind == "common" and other.head_lemma == lemma:
                    last = other.last(outside_quotes=False)
                    if last is None or m.sent - last.sent > WINDOWS["head_match"]:
                        continue
                    words = {t.lower_ for om in other.mentions for t in doc[om.start : om.end]}
                    if mods <= words:
                        chain = other
                        break
        if chain is None:
            lemma = head.lemma_.lower()
            gender = (
                "f"
                if lemma in self.lex.female_nouns
                else "m"
                if lemma in self.lex.male_nouns
                else None
            )
            chain = self.new_chain(
                name=None,
                label=None,
                kind="common",
                animate=lemma in self.lex.person_nouns,
                plural=head.tag_ == "NNS",
                head_lemma=lemma,
                gender=gender,
            )
        self.by_key.setdefault(key, chain)
        return chain

    def run(self) -> list[_Chain]:
        named = self.seed_named()
        chain_of = {id(m): self.token_chain[m.start] for m in named}
        pending = sorted(named + self.others(), key=lambda m: m.start)
        for m in pending:
            if m.kind == "name":
                chain = chain_of[id(m)]
            elif m.kind == "pronoun":
                found = self.resolve_pronoun(m)
                if found is None:
                    self._unresolved(m)
                    continue
                chain = found
                low = self.doc[m.head].lower_
                gender = self.lex.pronouns[low][1]
                if gender and not chain.gender:
                    chain.gender = gender
            elif m.kind == "nominal":
                found = self.resolve_nominal(m)
                if found is None:
                    if not self.general:
                        continue
                    found = self.resolve_common(m)
                chain = found
            else:
                chain = self.resolve_common(m)
            chain.mentions.append(m)
            if m.speech_subject:
                chain.speaker = True
        self._quoted_speakers()
        return self.chains

    def _quoted_speakers(self) -> None:
        """ "I"/"me"/"my" inside a quotation are its speaker: the subject of a speech verb in
        the same paragraph, outside the quotation ('"I am glad," the minister said')."""
        doc = self.doc
        by_head: dict[int, _Chain] = {}
        for chain in self.chains:
            if chain.kind != "first":
                for cm in chain.mentions:
                    by_head[cm.head] = chain
        for chain in list(self.chains):
            if chain.kind != "first" or not chain.key or not chain.key.startswith("p1sg@"):
                continue
            para_start = int(chain.key.split("@")[1]) + 1
            if para_start <= 0:
                continue  # outside quotations: the author
            para_end = doc_text(doc).find("\n", para_start)
            para_end = len(doc_text(doc)) if para_end < 0 else para_end
            first = chain.mentions[0]
            best: tuple[int, _Chain] | None = None
            for tok in doc:
                if not para_start <= tok.idx < para_end or self.mask[tok.idx]:
                    continue
                if tok.dep_ not in ("nsubj", "nsubjpass") or tok.i not in by_head:
                    continue
                if tok.head.lemma_.lower() not in self.lex.speech_verbs:
                    continue
                speaker = by_head[tok.i]
                if speaker.kind == "first" or (speaker.named and speaker.label != "PERSON"):
                    continue
                distance = abs(tok.i - first.head)
                if best is None or distance < best[0]:
                    best = (distance, speaker)
            if best is not None:
                best[1].mentions.extend(chain.mentions)
                best[1].mentions.sort(key=lambda x: x.start)
                chain.mentions = []

    def _unresolved(self, m: _Mention) -> None:
        """A pronoun without antecedent starts a chain. First/second person outside quotations:
        one chain per person/number (the author, the reader); inside a quotation one chain per
        quotation paragraph."""
        low = self.doc[m.head].lower_
        cat, gender, number, person = self.lex.pronouns[low]
        if person == 3:
            if not self.general:
                return
            chain = self.new_chain(
                name=None,
                label=None,
                kind="pronoun",
                animate=True if cat == "PERSON" else (False if cat == "THING" else None),
                plural=number == "pl",
                gender=gender,
            )
            chain.mentions.append(m)
            return
        para = doc_text(self.doc).rfind("\n", 0, self.doc[m.head].idx) if m.in_quote else -2
        key = f"p{person}{number}@{para}"
        for chain in self.chains:
            if chain.kind == "first" and chain.key == key:
                chain.mentions.append(m)
                return
        chain = self.new_chain(name=None, label=None, kind="first", key=key)
        chain.mentions.append(m)
