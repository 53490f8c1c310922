"""The evidence of newstrail_entities: what each mention of a name says about its label.

Titles and honorifics, role appositions, verbs, type words ("X district"), organisation words,
the gazetteer's vote (weights in :data:`VOTES`), acronyms and roles; word lists come from the
language layer (``lexicon/people.json``, ``names.json``, ``speech.json``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from newstrail.nlp.lexicon import lexicon as language
from newstrail.nlp.lexicon import words
from newstrail.nlp.quotation import DOUBLE_MARKS
from newstrail.nlp.text import trim_tokens

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PERSON, ORG, GPE, LOC, FAC, NORP = "PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"


@dataclass(frozen=True)
class Lexicon:
    name_labels: frozenset[str]
    honorifics: frozenset[str]
    male_honorifics: frozenset[str]
    female_honorifics: frozenset[str]
    titles: frozenset[str]
    title_modifiers: frozenset[str]
    role_words: frozenset[str]
    person_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    org_words: frozenset[str]
    state_words: frozenset[str]
    place_types: dict[str, str]  # type word -> label
    locative_preps: frozenset[str]
    demonym_suffixes: tuple[str, ...]
    norp_words: frozenset[str]
    media_tlds: frozenset[str]
    agency_verbs: frozenset[str]
    person_titles: frozenset[str]
    place_prefixes: frozenset[str]
    stop_name_words: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The words entity correction reads, from the language layer."""
    names = language("names")
    place_types = {w: label for label, listed in names["place_types"].items() for w in listed}
    people = "honorifics male_honorifics female_honorifics titles title_modifiers role_words"
    people += " person_verbs person_titles"
    own = "name_labels org_words state_words locative_preps norp_words media_tlds place_prefixes"
    own += " stop_name_words"
    return Lexicon(
        place_types=place_types,
        demonym_suffixes=tuple(sorted(set(names["demonym_suffixes"]), key=len, reverse=True)),
        speech_verbs=words("speech", "speech_verbs") | words("speech", "agency_verbs"),
        agency_verbs=words("speech", "agency_verbs"),
        **{key: words("people", key) for key in people.split()},
        **{key: words("names", key) for key in own.split()},
    )


# Evidence weights: each mention of a name votes for labels, the name takes the best total.
VOTES = {
    "model": 1.0,  # the backbone's label for this mention
    "norp_as_noun_penalty": 0.8,  # NORP on a noun that is no demonym ("from Naftalan") ...
    "norp_as_noun_place": 0.6,  # ... is rather a place
    "acronym_org": 1.0,  # an all-caps name the model calls LAW/PRODUCT/WORK_OF_ART
    "title": 4.0,  # "Mr.", "President" before the name
    "role_apposition": 3.0,  # ", Assistant to the President ..." after the name
    "speech_verb": 1.0,  # subject of "said", "noted"
    "agency_verb": 1.5,  # subject of "informs", "reports" (news agencies) -> ORG
    "person_verb": 2.0,  # subject of "reminded", "visited"
    "type_word_in_name": 4.0,  # "Omar Pass", "Sarsang Reservoir"
    "type_word_after": 3.0,  # "Kalbajar district"
    "org_word": 3.0,  # "... Center", "... Forum", "Department of ..."
    "place_prefix": 3.0,  # "West Bank", "Greater Noida"
    "state_word": 3.0,  # "Republic of ..."
    "locative_preposition": 0.3,  # "in/from/through X"
}

PlaceVote = Callable[[str], float]  # name -> weight of the gazetteer's vote for a place

# Gazetteer vote weights: any known place name (people's names are villages somewhere), and
# a prominent one (a country, or a main name with a large population: "Baku", "Paris").
GAZETTEER_WEIGHT = 0.6
PROMINENT_WEIGHT = 2.5
PROMINENT_POPULATION = 500_000


def _gazetteer_lookup() -> PlaceVote | None:
    """A place vote from the places gazetteer, or None while it is not installed/built.

    Uses ``default_gazetteer().is_place(name)``; when the gazetteer also offers ``lookup``
    (candidates with population), prominent places get a stronger vote."""
    try:
        from newstrail.gazetteer import default_gazetteer

        gaz = default_gazetteer()
        is_place: Callable[[str], bool] = gaz.is_place
        lookup: Callable[[str], Any] | None = getattr(gaz, "lookup", None)
    except (ImportError, AttributeError):
        return None
    except Exception:  # a missing or unbuilt gazetteer must not stop entity extraction
        return None

    @lru_cache(maxsize=4096)
    def vote(name: str) -> float:
        try:
            if not is_place(name):
                return 0.0
            if lookup is not None:
                for cand in lookup(name) or []:
                    main = getattr(cand, "kind", 1) == 0
                    big = getattr(cand, "population", 0) >= PROMINENT_POPULATION
                    if getattr(cand, "is_country", False) or (main and big):
                        return PROMINENT_WEIGHT
        except Exception:  # the gazetteer is advisory
            return 0.0
        return GAZETTEER_WEIGHT

    return vote


# --------------------------------------------------------------------------------------------
# Mentions and their evidence


@dataclass
class Mention:
    start: int  # token indices, end exclusive
    end: int
    model_label: str | None  # None for mentions found by propagation
    key: str = ""
    votes: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    role: str | None = None
    gender: str | None = None


def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


def trim_name(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A name's token range: no leading article, trailing possessive or edge punctuation."""
    return trim_tokens(doc, start, end, articles=True, possessive=True, all_punctuation=True)


def _is_acronym(text: str) -> bool:
    core = text.replace("-", "").replace(".", "").replace("&", "")
    return 2 <= len(core) <= 12 and core.isalpha() and core.isupper()


def _initials(words: Iterable[str], stop: frozenset[str]) -> str:
    return "".join(w[0].upper() for w in words if w and w.lower() not in stop and w[0].isalpha())


def acronym_matches(acronym: str, long_form: str) -> bool:
    """True when the letters of ``acronym`` are the initials of ``long_form``'s content words,
    in order or in hyphen-separated blocks ("ICYF-ERC" ↔ "Eurasian Regional Center of the
    Islamic Cooperation Youth Forum")."""
    stop = lexicon().stop_name_words
    initials = _initials(re.split(r"[\s\-]+", long_form), stop)
    letters = re.sub(r"[^A-Za-z]", "", acronym).upper()
    if not letters or not initials:
        return False
    if letters == initials:
        return True
    blocks = [b for b in re.split(r"[-/]", acronym.upper()) if b]
    if len(blocks) > 1 and all(b in initials for b in blocks):
        return sorted(letters) == sorted(initials)
    return False


def _demonym_like(word: str) -> bool:
    lex = lexicon()
    low = word.lower()
    return low in lex.norp_words or low.endswith(tuple(s for s in lex.demonym_suffixes if s != "s"))


def _title_span(doc: Doc, start: int) -> tuple[int, bool, str | None]:
    """Walk left from a name over titles/honorifics: (new start of the title run, has a title,
    gender from an honorific)."""
    lex = lexicon()
    i = start - 1
    first_title = start
    has_title = False
    gender: str | None = None
    while i >= 0:
        tok = doc[i]
        low = tok.lower_
        if low in lex.honorifics and tok.text[0].isupper():
            if low in lex.male_honorifics:
                gender = "m"
            elif low in lex.female_honorifics:
                gender = "f"
            i -= 1
            continue
        if tok.text[:1].isupper() and (low in lex.titles or low.rstrip(".") in lex.titles):
            has_title = True
            first_title = i
            i -= 1
            continue
        if has_title and tok.text[:1].isupper() and low in lex.title_modifiers:
            first_title = i
            i -= 1
            continue
        break
    return first_title, has_title, gender


def _appos_role(doc: Doc, end: int) -> tuple[int, int] | None:
    """Token range of an appositive role right after a name: ", Assistant to the President of
    Azerbaijan - Head of ...,"."""
    lex = lexicon()
    if end >= len(doc) or doc[end].text != ",":
        return None
    j = end + 1
    depth = 0
    while j < len(doc):
        tok = doc[j]
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth -= 1
            if depth < 0:
                break
        elif depth == 0 and (
            tok.text in (",", ";", ":")
            or tok.text in DOUBLE_MARKS
            or "\n" in tok.text
            or tok.lower_ in ("who", "which", "that", "whose", "whom")
            or (tok.is_sent_start and j > end + 1)
        ):
            break
        j += 1
    start = end + 1
    while start < j and doc[start].lower_ in ("a", "an", "the"):
        start += 1
    if start >= j or j - start > 45:
        return None
    head_words = [t.lower_ for t in doc[start : min(j, start + 5)]]
    if not any(w in lex.role_words for w in head_words):
        return None
    # A role is a noun phrase: no finite verb inside it.
    if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in doc[start:j]):
        return None
    return start, j


def _is_speech_subject(tok: Token, verbs: frozenset[str]) -> bool:
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in verbs


def _votes(doc: Doc, m: Mention, is_place: PlaceVote | None) -> defaultdict[str, float]:
    lex = lexicon()
    votes: defaultdict[str, float] = defaultdict(float)
    span = doc[m.start : m.end]
    root = span.root
    words = [t.lower_ for t in span]
    last = words[-1]
    if m.model_label:
        votes[m.model_label] += VOTES["model"]
        nominal = root.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass")
        plural = root.tag_ in ("NNS", "NNPS") and root.text.endswith("s")
        if m.model_label == NORP and nominal and not plural and not _demonym_like(span[-1].text):
            votes[NORP] -= VOTES["norp_as_noun_penalty"]
            votes[GPE] += VOTES["norp_as_noun_place"]
        if m.model_label in ("LAW", "PRODUCT", "WORK_OF_ART") and _is_acronym(span.text):
            votes[ORG] += VOTES["acronym_org"]
    # titles / honorifics before the name
    t_start, has_title, gender = _title_span(doc, m.start)
    if gender or has_title:
        votes[PERSON] += VOTES["title"]
    # apposition headed by a role noun
    if _appos_role(doc, m.end) is not None:
        votes[PERSON] += VOTES["role_apposition"]
    # verbs
    if _is_speech_subject(root, lex.speech_verbs):
        if root.head.lemma_.lower() in lex.agency_verbs:
            votes[ORG] += VOTES["agency_verb"]  # "Report informs": a news agency
        else:
            votes[PERSON] += VOTES["speech_verb"]
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.text.lower() in lex.person_verbs:
        votes[PERSON] += VOTES["person_verb"]
    # "X district", "the X Reservoir", "X Pass"
    has_org_word = len(words) > 1 and any(w in lex.org_words for w in words)
    if (
        len(words) > 1
        and last in lex.place_types
        and span[-1].text[:1].isupper()
        and not has_org_word
    ):
        votes[lex.place_types[last]] += VOTES["type_word_in_name"]
    adjectival = m.model_label == NORP and _demonym_like(span[-1].text)  # "Israeli town"
    if m.end < len(doc) and not adjectival:
        nxt = doc[m.end]
        if nxt.lower_ in lex.place_types and nxt.text.islower():
            votes[lex.place_types[nxt.lower_]] += VOTES["type_word_after"]
    # organisation / state head words inside the name
    if has_org_word:
        votes[ORG] += VOTES["org_word"]
    if len(words) > 1 and words[0] in lex.place_prefixes and span[0].text[:1].isupper():
        votes[GPE] += VOTES["place_prefix"]
    if words[0] in lex.state_words and len(words) > 2:
        votes[GPE] += VOTES["state_word"]
    # locative prepositions: "from Naftalan", "in Kalbajar"
    if root.dep_ == "pobj" and root.head.lower_ in lex.locative_preps:
        votes[GPE] += VOTES["locative_preposition"]
    # The gazetteer knows very many names (people's names are villages somewhere): it is a
    # small vote, for names with no person evidence and not written as a nationality.
    demonym = m.model_label == NORP and _demonym_like(span[-1].text)
    usable = not (has_title or gender or demonym or _is_acronym(span.text))
    if is_place is not None and usable:
        try:
            weight = is_place(span.text)
        except Exception:  # the gazetteer is advisory
            weight = 0.0
        votes[GPE] += GAZETTEER_WEIGHT if weight is True else float(weight)
    return votes


def _is_role_word(tok: Token) -> bool:
    lex = lexicon()
    low = tok.lower_.rstrip(".")
    return low in lex.titles or low in lex.role_words or tok.lemma_.lower() in lex.role_words


def _premodifier_role(doc: Doc, m: Mention) -> tuple[int, int] | None:
    """Title words right before the name, with what modifies them: "President Ilham Aliyev",
    "French President Emmanuel Macron", "Azerbaijan's Foreign Minister Jeyhun Bayramov",
    "Russian Foreign Ministry spokeswoman Maria Zakharova"."""
    lex = lexicon()
    root = doc[m.start : m.end].root
    subtree = {t.i for t in root.subtree}
    i = m.start - 1
    while i >= 0 and doc[i].lower_ in lex.honorifics:
        i -= 1
    end = i + 1
    if i < 0:
        return None
    if not _is_role_word(doc[i]):
        # "Secretary of State Antony Blinken": a title with its "of" complement
        back = [j for j in range(i - 1, max(i - 4, -1), -1) if doc[j].lower_ == "of"]
        if not back or back[0] < 1 or not _is_role_word(doc[back[0] - 1]):
            return None
        if not all(
            doc[k].i in subtree and doc[k].text[:1].isupper() for k in range(back[0] + 1, end)
        ):
            return None
        i = back[0] - 1
    start = i
    while start - 1 >= 0:
        tok = doc[start - 1]
        if (
            tok.i not in subtree
            or tok.dep_ in ("det", "punct", "cc", "prep")
            and tok.lower_ != "of"
        ):
            break
        if tok.is_space or "\n" in tok.whitespace_:
            break
        start -= 1
    while start < end and (
        doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct or doc[start].tag_ == "PRP$"
    ):
        start += 1
    return (start, end) if start < end else None


def _reverse_appos_role(doc: Doc, m: Mention) -> tuple[int, int] | None:
    """The role phrase a name is in apposition to: "The head of the State Tourism Agency,
    Fuad Naghiyev, said"."""
    root = doc[m.start : m.end].root
    head = root.head
    if root.dep_ != "appos" or head.i >= m.start or not _is_role_word(head):
        return None
    start = head.left_edge.i
    end = m.start
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while start < end and (
        doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct or doc[start].tag_ == "PRP$"
    ):
        start += 1
    if start >= end or end - start > 30:
        return None
    if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in doc[start:end]):
        return None
    return start, end


def _part_of_title(doc: Doc, start: int, end: int, lex: Lexicon) -> bool:
    """An office the model took for an organisation: a title word followed by a preposition
    ("Minister for Transport"), or a word leading into a title ("State Secretary")."""
    first = doc[start]
    if first.lower_ in lex.person_titles and end - start > 1 and doc[start + 1].pos_ == "ADP":
        return True
    following = doc[end] if end < len(doc) else None
    return (
        end - start == 1
        and following is not None
        and following.lower_ in lex.person_titles
        and following.text[:1].isupper()
    )


def is_common_plural(tok: Token) -> bool:
    """A plural common noun ("Floodwaters", "Farmers", "Critics") the model took for a name."""
    low = tok.lower_
    if tok.tag_ == "NNS":
        return True
    return low.endswith("s") and low[:-1] in words("people", "person_nouns")
