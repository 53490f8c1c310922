"""newstrail_places: find place names and resolve each to a gazetteer entry with coordinates.

Recognition: the model's place entities (``doc._.entities`` labelled GPE/LOC/FAC, else
``doc.ents``), names the model labelled otherwise but the gazetteer and the article agree are
places (document consistency, the article's countries), capitalised token sequences found in the
gazetteer, and "X Reservoir / X Pass / X County"-style feature names. Resolution: population,
feature type, the article's country context (countries, demonyms, other places), admin1 context
and proximity to the other places; the softmax share of the winning candidate is the confidence.
Word lists live in the language layer (``lexicon/places.json``).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

import newstrail.nlp  # noqa: F401  (declares the Doc extensions)
from newstrail.gazetteer import Candidate, Gazetteer, default_gazetteer, fold
from newstrail.models import Place
from newstrail.nlp import component_id, doc_text
from newstrail.nlp.lexicon import lexicon
from newstrail.nlp.text import haversine_km, trim_name_chars

NAME = "newstrail_places"
VERSION = "1.0.0"
COMPONENT = component_id(NAME, VERSION)

_WORDS: dict[str, Any] = lexicon("places")
PLACE_LABELS: frozenset[str] = frozenset(_WORDS["ner_place_labels"])
OTHER_LABELS: frozenset[str] = frozenset(_WORDS["ner_other_labels"])
ADMIN_WORDS: frozenset[str] = frozenset(_WORDS["admin_words"])
FEATURE_WORDS: dict[str, str] = dict(_WORDS["feature_words"])
CONNECTORS: frozenset[str] = frozenset(_WORDS["connectors"])
NOT_PLACES: frozenset[str] = frozenset(fold(w) for w in _WORDS["not_places"])
GROUP_DEMONYMS: dict[str, str] = {fold(k): v for k, v in _WORDS["group_demonyms"].items()}
DIRECTIONS: frozenset[str] = frozenset(_WORDS["directions"])
MAX_TOKENS = 5
LOCATIVES: frozenset[str] = frozenset(_WORDS["locatives"])
LOCATIVE_PERSONS = True
EMBEDDED_CITY_POPULATION = 100_000  # a city named inside an organisation's name
PARTIAL_MARK = "\x00"  # in a query list: the queries after it are parts of the name
# A one-word name the model calls a place but no gazetteer knows is more often a misread
# person or brand than a place (on the geoparsing dev sets); load a GeoNames dump for coverage.
KEEP_UNKNOWN_SINGLE_WORDS = False


@dataclass
class Mention:
    start: int
    end: int
    text: str
    queries: list[str]  # names to look up, best first
    source: str  # "ner", "override", "gazetteer", "feature", "gold"
    fclass_hint: str | None = None
    admin_hint: bool = False
    candidates: tuple[Candidate, ...] = ()
    query: str = ""
    choice: Candidate | None = None
    confidence: float = 0.0
    scores: list[float] = field(default_factory=list)


# The contract (spaCy's requires/assigns): what this component reads and writes; the table in
# newstrail.nlp lists every component's.
REQUIRES = ["doc._.entities", "doc.ents"]
ASSIGNS = ["doc._.places"]


@Language.factory(
    NAME,
    default_config={"gazetteer_path": "", "demonyms": True},
    requires=REQUIRES,
    assigns=ASSIGNS,
)
def make_component(nlp: Language, name: str, gazetteer_path: str, demonyms: bool) -> Component:
    return Component(gazetteer_path or None, demonyms=demonyms)


class Component:
    """Demonyms ("Azerbaijani") are reported as places resolved to their country, as the
    geoparsing corpora annotate them; ``demonyms=False`` keeps them as context only."""

    def __init__(self, gazetteer_path: str | None = None, demonyms: bool = True):
        self._path = Path(gazetteer_path) if gazetteer_path else None
        self._gaz: Gazetteer | None = None
        self.demonyms = demonyms

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = default_gazetteer(self._path)
        return self._gaz

    def __call__(self, doc: Doc) -> Doc:
        mentions = find_mentions(doc, self.gazetteer, demonyms=self.demonyms)
        resolve(doc, mentions, self.gazetteer)
        doc._.places = [to_place(m) for m in mentions]
        return doc

    def resolve_spans(self, doc: Doc, spans: Sequence[tuple[int, int]]) -> list[Place]:
        """Resolve given character spans (e.g. gold toponyms) in the context of ``doc``."""
        return resolve_spans(doc, spans, self.gazetteer)


# ---------------------------------------------------------------- recognition


def _ents(doc: Doc) -> list[tuple[int, int, str]]:
    """(start char, end char, label) of the entities: newstrail's when present, else the model's."""
    entities = doc._.entities
    if entities:
        return [(e.start, e.end, e.label) for e in entities]
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A place name's character range without a leading "the" or a trailing possessive."""
    return trim_name_chars(doc_text(doc), start, end, _WORDS["drop_leading"])


def _queries(text: str) -> tuple[list[str], str | None, bool]:
    """Names to look up for a mention text, with the feature-class and admin hints it gives."""
    words = text.split()
    queries = [text]
    fclass: str | None = None
    admin = False
    if len(words) >= 2:
        last = fold(words[-1])
        first = fold(words[0])
        if last in FEATURE_WORDS:
            fclass = FEATURE_WORDS[last]
        if last in ADMIN_WORDS:
            admin = True
            queries.append(" ".join(words[:-1]))
        for prefix in _WORDS["feature_prefixes"]:
            if fold(" ".join(words[: len(prefix.split())])) == prefix:
                fclass = fclass or ("H" if prefix in ("lake", "river") else "T")
        if first == "republic" and "of" in words:
            queries.append(" ".join(words[words.index("of") + 1 :]))
        if " of " in text and fold(words[0]) in ADMIN_WORDS:
            queries.append(text.split(" of ", 1)[1])
            admin = True
        if first in DIRECTIONS:  # "Eastern Ghouta", "West Surrey", "Southern California"
            queries.append(" ".join(words[1:]))
        queries.append(PARTIAL_MARK)
        # last resort: the longest capitalised part that is a place ("Dubai World Cup"); not for
        # named natural features: "Omar Pass" is not the town of Omar
        for size in range(len(words) - 1 if fclass not in ("H", "T") else 0, 0, -1):
            for i in range(len(words) - size + 1):
                part = words[i : i + size]
                if all(_is_cap(w) for w in part) and not (
                    size == 1 and (fold(part[0]) in FEATURE_WORDS or fold(part[0]) in DIRECTIONS)
                ):
                    queries.append(" ".join(part))
    return queries, fclass, admin


def _lookup(gaz: Gazetteer, queries: Iterable[str]) -> tuple[str, tuple[Candidate, ...]]:
    for q in queries:
        if q == PARTIAL_MARK:
            continue
        if fold(q) in NOT_PLACES and not q.endswith("."):  # "Mass." is Massachusetts
            continue
        cands = gaz.lookup(q)
        if cands:
            return q, cands
    return "", ()


def demonym_candidates(gaz: Gazetteer, text: str) -> tuple[Candidate, ...]:
    """The country (or continent/region) a demonym names: "Azerbaijani" -> Azerbaijan."""
    for word in (text, text[:-1] if text.endswith("s") else ""):
        if not word:
            continue
        group = GROUP_DEMONYMS.get(fold(word))
        if group:
            cands = gaz.lookup(group)
            if cands:
                return cands[:1]
        cc = gaz.demonym(word)
        country = gaz.country(cc) if cc else None
        if country is not None:
            return (country,)
    return ()


def _is_cap(tok_text: str) -> bool:
    return tok_text[:1].isupper() or (tok_text.isupper() and len(tok_text) > 1)


@dataclass
class _DocInfo:
    place_texts: set[str]
    other_token_keys: set[str]  # tokens inside multi-token non-place entities
    lower_words: set[str]  # words seen in lower case in the text
    countries: dict[str, float]


def _doc_info(doc: Doc, ents: list[tuple[int, int, str]], gaz: Gazetteer) -> _DocInfo:
    place_texts: set[str] = set()
    other: set[str] = set()
    countries: dict[str, float] = defaultdict(float)
    for start, end, label in ents:
        s, e = _trim(doc, start, end)
        text = doc_text(doc)[s:e]
        if label in PLACE_LABELS:
            place_texts.add(fold(text))
        elif label in ("PERSON", "ORG") and len(text.split()) >= 2:
            other.update(fold(w) for w in text.split())
        if label == "NORP" or label in PLACE_LABELS:
            cc = gaz.demonym(text)
            if cc:
                countries[cc] += 1.0
    lower = {t.lower_ for t in doc if t.is_lower}
    return _DocInfo(place_texts, other - place_texts, lower, countries)


def _contribution(m: Mention) -> dict[str, float]:
    """What one mention says about the article's countries (a country name counts double)."""
    if not m.candidates:
        return {}
    top = m.candidates[0]
    if top.is_country and top.kind <= 1:
        return {top.country or "": 2.0}
    seen: dict[str, float] = {}
    priors = [_prior(m, c) for c in m.candidates[:20]]
    best = max(priors)
    for c, p in zip(m.candidates[:20], priors, strict=False):
        if c.country and best - p < 1.0:
            seen[c.country] = max(seen.get(c.country, 0.0), 1.0 if p == best else 0.5)
    total = sum(seen.values()) or 1.0
    return {cc: w / total for cc, w in seen.items()}


def _normalise(weights: dict[str, float]) -> dict[str, float]:
    weights = {cc: w for cc, w in weights.items() if cc and w > 1e-9}
    total = sum(weights.values())
    return {cc: w / total for cc, w in weights.items()} if total else {}


def _country_context(mentions: Sequence[Mention], base: dict[str, float]) -> dict[str, float]:
    """Share of the article's attention per country: demonyms, country names, likely places."""
    weights: dict[str, float] = defaultdict(float, base)
    for m in mentions:
        for cc, w in _contribution(m).items():
            weights[cc] += w
    return _normalise(weights)


# "Rio Grande" + "do Sul": a name the model cut short at a lower-case connector.
_NAME_TAIL = re.compile(
    r" (?:do|da|dos|das|de|del|della|di|du|des|la|el|al) [^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*)?"
)


def _extend_split_names(
    text: str, ents: list[tuple[int, int, str]], gaz: Gazetteer
) -> list[tuple[int, int, str]]:
    extended: list[tuple[int, int, str]] = []
    for start, end, label in ents:
        if extended and start < extended[-1][1]:
            continue  # swallowed by the name before it
        tail = _NAME_TAIL.match(text, end) if label in PLACE_LABELS else None
        if tail is not None:
            words = tail.group().split()
            for n in range(len(words), 1, -1):  # longest first
                candidate_end = end + len(" " + " ".join(words[:n]))
                candidate = text[start:candidate_end]
                if words[n - 1][0].isupper() and gaz.lookup(candidate):
                    end = candidate_end
                    break
        extended.append((start, end, label))
    return extended


def find_mentions(doc: Doc, gaz: Gazetteer, demonyms: bool = True) -> list[Mention]:
    text = doc_text(doc)
    ents = _extend_split_names(text, _ents(doc), gaz)
    info = _doc_info(doc, ents, gaz)
    mentions: list[Mention] = []
    taken = [False] * (len(text) + 1)

    def add(start: int, end: int, source: str) -> Mention | None:
        if start >= end or any(taken[start:end]):
            return None
        queries, fclass, admin = _queries(text[start:end])
        query, cands = _lookup(gaz, queries)
        m = Mention(start, end, text[start:end], queries, source, fclass, admin, cands, query)
        mentions.append(m)
        for i in range(start, end):
            taken[i] = True
        return m

    # 1. the model's place entities
    for start, end, label in ents:
        if label in PLACE_LABELS:
            s, e = _trim(doc, start, end)
            if "." in text[s:e] and text[e : e + 1] == "." and text[s:e].isascii():
                e += 1  # "W.Va" + "." is the abbreviation "W.Va."
            span_text = text[s:e]
            if not span_text or (fold(span_text) in NOT_PLACES and not span_text.endswith(".")):
                continue
            if label == "FAC" and not _is_cap(span_text):
                continue
            if not gaz.lookup(span_text) and gaz.demonym(span_text):
                dem = demonym_candidates(gaz, span_text) if demonyms else ()
                if dem and not any(taken[s:e]):
                    mentions.append(
                        Mention(
                            s, e, span_text, [span_text], "demonym", None, False, dem, span_text
                        )
                    )
                    for x in range(s, e):
                        taken[x] = True
                continue
            words = span_text.split()
            if (
                len(words) > 1
                and fold(words[0]) in DIRECTIONS
                and not gaz.lookup(span_text)
                and gaz.lookup(" ".join(words[1:]))
            ):  # "North Texas": the place is Texas
                s = s + len(span_text) - len(" ".join(words[1:]))
                span_text = text[s:e]
            if ", " in span_text:  # "Athens, Ga." is two places
                offset = s
                for part in span_text.split(", "):
                    ps, pe = _trim(doc, offset, offset + len(part))
                    if pe > ps and _is_cap(text[ps:pe]):
                        add(ps, pe, "ner")
                    offset += len(part) + 2
                continue
            if KEEP_UNKNOWN_SINGLE_WORDS or len(span_text.split()) > 1 or gaz.lookup(span_text):
                add(s, e, "ner")
    context = _country_context(mentions, info.countries)

    # 2. entities the model labelled otherwise that are places after all
    for start, end, label in ents:
        if label in PLACE_LABELS:
            continue
        s, e = _trim(doc, start, end)
        span_text = text[s:e]
        if not span_text or any(taken[s:e]):
            continue
        if demonyms and label in ("NORP", "LANGUAGE"):
            dem = demonym_candidates(gaz, span_text)
            if dem:
                m = Mention(s, e, span_text, [span_text], "demonym", None, False, dem, span_text)
                mentions.append(m)
                for k in range(s, e):
                    taken[k] = True
                continue
        queries, fclass, admin = _queries(span_text)
        words = span_text.split()
        if fclass in ("H", "T") and len(words) <= 4 and all(_is_cap(w) for w in words):
            add(s, e, "feature")
            continue
        query, cands = _lookup(gaz, [span_text])
        locative = _after_locative(doc, s)
        if cands and _accept(span_text, cands, info, context, gaz, label, locative=locative):
            add(s, e, "override")

    # 3. capitalised token sequences the gazetteer knows; inside the name of an organisation,
    # facility or event ("the Texas Department of Health", "American Farm Bureau") only
    # unmistakable places (countries, first-level divisions, cities) and demonyms
    ent_spans = sorted((s, e, label) for s, e, label in ents)
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if not _is_cap(tok.text) or taken[tok.idx] or tok.is_punct:
            i += 1
            continue
        j = i
        while (
            j < n
            and j - i < MAX_TOKENS
            and (_is_cap(doc[j].text) or (j > i and doc[j].text in CONNECTORS))
        ):
            j += 1
        matched = False
        for k in range(j, i, -1):
            span = doc[i:k]
            if span[-1].text in CONNECTORS:
                continue
            s, e = span.start_char, span.end_char
            if any(taken[s:e]):
                continue
            host = _host_entity(s, e, ent_spans)
            span_text = span.text
            if host is not None:
                if host == "PERSON":
                    continue
                if demonyms and k - i <= 2:
                    dem = demonym_candidates(gaz, span_text)
                    if dem and fold(span_text) not in NOT_PLACES:
                        mentions.append(
                            Mention(
                                s, e, span_text, [span_text], "demonym", None, False, dem, span_text
                            )
                        )
                        for x in range(s, e):
                            taken[x] = True
                        matched = True
                        i = k
                        break
                cands = gaz.lookup(span_text)
                if cands and _unmistakable(span_text, cands, info):
                    add(s, e, "embedded")
                    matched = True
                    i = k
                    break
                continue
            cands = gaz.lookup(span_text)
            if not cands:
                continue
            if _accept(span_text, cands, info, context, gaz, None, span=span):
                add(s, e, "gazetteer")
                matched = True
                i = k
                break
        if not matched:
            i += 1
    mentions.sort(key=lambda m: m.start)
    return mentions


def _host_entity(start: int, end: int, ent_spans: list[tuple[int, int, str]]) -> str | None:
    """Label of a larger entity the span lies inside ("the X" counts as X itself), or None."""
    for s, e, label in ent_spans:
        if s <= start and end <= e and (s, e) != (start, end):
            if e == end and start - s <= 4:  # "the X"
                return None
            return label
        if s > end:
            break
    return None


def _unmistakable(text: str, cands: Sequence[Candidate], info: _DocInfo) -> bool:
    """A name inside another name that is a place beyond doubt: a country, a first-level
    division, a big city, or a name the article labels a place elsewhere."""
    key = fold(text)
    if key in NOT_PLACES or len(key) < 2 or (len(key) < 4 and not text.isupper()):
        return False
    if key in DIRECTIONS or key in FEATURE_WORDS or key in ADMIN_WORDS:
        return False
    if key in info.place_texts:
        return True
    top = cands[0]
    if top.kind > 1:
        return False
    if top.is_country or top.fcode == "CONT":
        return True
    if top.fcode == "ADM2" and len(text.split()) > 1:  # "Laurel County Sheriff's Office"
        return True
    return top.population >= (500_000 if top.fcode == "ADM1" else EMBEDDED_CITY_POPULATION)


def _after_locative(doc: Doc, start: int) -> bool:
    """Whether the token before character ``start`` is a locative preposition ("in X")."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return span is not None and span.start > 0 and doc[span.start - 1].lower_ in LOCATIVES


def _accept(
    text: str,
    cands: Sequence[Candidate],
    info: _DocInfo,
    context: dict[str, float],
    gaz: Gazetteer,
    label: str | None,
    span: Span | None = None,
    locative: bool = False,
) -> bool:
    """Whether a name the model did not label as a place should count as one."""
    key = fold(text)
    if key in NOT_PLACES or gaz.demonym(text):
        return False
    if len(key) < 3 and not text.isupper():
        return False
    if len(text) > 2 and text.endswith("s") and text[:-1].isupper():
        return False  # "MPs": a plural acronym
    if key in info.place_texts:
        return True
    if key in info.other_token_keys or key in info.lower_words:
        return False
    if (
        span is not None
        and len(span) == 1
        and (span[0].is_stop or span[0].is_sent_start)
        and not any(c.is_country for c in cands)
    ):
        return False
    top = cands[0]
    if top.is_country and top.kind <= 1:
        return True
    if top.fclass == "L" and top.kind <= 1 and top.population >= 1_000_000:
        return True  # "EU", "Middle East": curated regions
    if label == "PERSON":
        # a place only where the article also labels the name a place, or "in X" where X is a
        # one-word name of a place in a country the article is about
        if not (locative and LOCATIVE_PERSONS and len(text.split()) == 1):
            return False
        return any(
            context.get(c.country or "", 0.0) >= 0.3 and c.kind <= 1 and c.population >= 1000
            for c in cands[:20]
        )
    for c in cands[:20]:
        share = context.get(c.country or "", 0.0)
        if share >= 0.2 and (c.population >= 500 or c.fclass != "P") and c.kind <= 1:
            return True
    if label is None and top.fcode == "ADM1" and top.kind == 0:
        return True
    return label is None and top.population >= 200_000 and top.kind == 0


# ---------------------------------------------------------------- resolution

# Resolution weights (tuned on the geoparsing dev sets; see the report).
WEIGHTS: dict[str, float] = {
    "population": 0.4,  # per decade of population
    "name_kind": 0.6,  # main or official name rather than an alternate
    "feature_hint": 2.0,  # "X River" -> a stream
    "admin_hint": 1.5,  # "X County/region" -> a division
    "iso_only_division": -1.0,  # ISO subdivision without a GeoNames entry
    "division_named_after_town": -1.5,
    "country_context": 4.0,  # times the share of the article's other places in that country
    "admin1_context": 2.0,  # the division is named in the article
    "near_100km": 1.0,
    "near_300km": 0.5,
    "coherence": 1.0,  # per other name (at most 2) with a candidate within 60 km
}

_FEATURE_BONUS = {
    "PCLI": 3.0,
    "PCLD": 2.0,
    "PCLS": 2.0,
    "PCLF": 2.0,
    "PCL": 2.5,
    "CONT": 3.0,
    "ADM1": 2.0,
    "ADM2": 1.0,
    "PPLC": 2.5,
    "PPLA": 0.6,
    "PPLA2": 0.3,
}


def _prior(m: Mention, c: Candidate) -> float:
    s = _FEATURE_BONUS.get(c.fcode or "", 0.0)
    s += WEIGHTS["population"] * math.log10(c.population + 1)
    s += WEIGHTS["name_kind"] if c.kind <= 1 else 0.0
    if m.fclass_hint and c.fclass == m.fclass_hint:
        s += WEIGHTS["feature_hint"]
    if m.admin_hint and c.fclass == "A":
        s += WEIGHTS["admin_hint"]
    elif c.geonameid is None and c.fclass == "A":
        s += WEIGHTS[
            "iso_only_division"
        ]  # ISO subdivisions without a GeoNames entry: a namesake town is likelier meant
    return s


def resolve(doc: Doc, mentions: Sequence[Mention], gaz: Gazetteer) -> None:
    """Choose a candidate for every mention (in place), using the article's context."""
    base = _doc_info(doc, _ents(doc), gaz).countries
    total: dict[str, float] = defaultdict(float, base)
    by_key: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for m in mentions:
        for cc, w in _contribution(m).items():
            total[cc] += w
            by_key[fold(m.query or m.text)][cc] += w
    contexts = {  # each name judged by the rest of the article (leave its own mentions out)
        key: _normalise({cc: w - own.get(cc, 0.0) for cc, w in total.items()})
        for key, own in by_key.items()
    }
    admin1: set[tuple[str, str]] = set()
    for m in mentions:
        if m.candidates and m.candidates[0].fcode == "ADM1" and m.candidates[0].admin1:
            admin1.add((m.candidates[0].country or "", m.candidates[0].admin1 or ""))
    grid = _candidate_grid(mentions)
    chosen: dict[str, Candidate] = {}
    for round_ in range(2):
        anchors = [c for c in chosen.values() if c.lat is not None and not c.is_country]
        for m in mentions:
            if not m.candidates:
                continue
            own_key = fold(m.query or m.text)
            context = contexts.get(own_key, {})
            towns = {c.country for c in m.candidates if c.fclass == "P"}
            scores = []
            for c in m.candidates[:50]:
                s = _prior(m, c) + WEIGHTS["country_context"] * context.get(c.country or "", 0.0)
                if c.geonameid is None and c.fclass == "A" and not m.admin_hint:
                    # a division named after its town: the town (a GeoNames entry) is meant
                    s += WEIGHTS["division_named_after_town"] if c.country in towns else 0.0
                if c.fclass != "A" and (c.country or "", c.admin1 or "") in admin1:
                    s += WEIGHTS["admin1_context"]
                if c.lat is not None and c.lon is not None and not c.is_country and c.kind <= 1:
                    s += WEIGHTS["coherence"] * min(2, _neighbours(c, own_key, grid))
                if round_ and c.lat is not None and c.lon is not None and not c.is_country:
                    near = min(
                        (
                            haversine_km(c.lat, c.lon, a.lat, a.lon)  # type: ignore[arg-type]
                            for a in anchors
                            if a.id != c.id
                        ),
                        default=1e9,
                    )
                    s += (
                        WEIGHTS["near_100km"]
                        if near < 100
                        else WEIGHTS["near_300km"]
                        if near < 300
                        else 0.0
                    )
                scores.append(s)
            best = max(range(len(scores)), key=scores.__getitem__)
            m.choice = m.candidates[best]
            top = scores[best]
            m.confidence = 1.0 / sum(math.exp(x - top) for x in scores)
            m.scores = scores
            chosen[fold(m.query or m.text)] = m.choice
    # one sense per article: the same name resolves the same way throughout
    best_by_key: dict[str, Mention] = {}
    for m in mentions:
        if m.choice is None:
            continue
        key = fold(m.query)
        if key not in best_by_key or m.confidence > best_by_key[key].confidence:
            best_by_key[key] = m
    for m in mentions:
        if m.choice is not None:
            ref = best_by_key[fold(m.query)]
            m.choice, m.confidence = ref.choice, ref.confidence
        if (
            m.choice is not None
            and _is_partial(m)
            and not (m.choice.is_country or m.choice.is_admin)
        ):
            # a place found in part of a name must sit in a country the article is about
            share = contexts.get(fold(m.query), {}).get(m.choice.country or "", 0.0)
            if share < 0.2:
                m.choice, m.confidence = None, 0.0


def _is_partial(m: Mention) -> bool:
    if PARTIAL_MARK not in m.queries or m.query not in m.queries:
        return False
    return m.queries.index(m.query) > m.queries.index(PARTIAL_MARK)


_Grid = dict[tuple[int, int], list[tuple[str, Candidate]]]


def _candidate_grid(mentions: Sequence[Mention], per_name: int = 10) -> _Grid:
    """The likeliest candidates of every name, bucketed by whole degrees of latitude/longitude."""
    grid: _Grid = defaultdict(list)
    seen: set[str] = set()
    for m in mentions:
        key = fold(m.query or m.text)
        if key in seen or not m.candidates:
            continue
        seen.add(key)
        ranked = sorted(m.candidates[:50], key=lambda c: -_prior(m, c))[:per_name]
        for c in ranked:
            if c.lat is not None and c.lon is not None and not c.is_country:
                grid[(math.floor(c.lat), math.floor(c.lon))].append((key, c))
    return grid


def _neighbours(c: Candidate, own_key: str, grid: _Grid, km: float = 60.0) -> int:
    """How many other names in the article could denote a place within ``km`` of ``c``
    ("Paris" and "Henry County" together point at Paris, Tennessee)."""
    assert c.lat is not None and c.lon is not None
    keys: set[str] = set()
    la, lo = math.floor(c.lat), math.floor(c.lon)
    for dla in (-1, 0, 1):
        for dlo in (-1, 0, 1):
            for key, o in grid.get((la + dla, lo + dlo), ()):
                if key == own_key or key in keys or o.id == c.id:
                    continue
                if haversine_km(c.lat, c.lon, o.lat, o.lon) < km:  # type: ignore[arg-type]
                    keys.add(key)
    return len(keys)


def to_place(m: Mention) -> Place:
    """A mention's record: resolved to its chosen gazetteer entry, or (unresolved) its name as
    written with no coordinates, country or GeoNames id."""
    place = Place(m.text, m.start, m.end, m.text, None, None, None, None, confidence=0.0)
    c = m.choice
    if c is not None:
        place.name, place.lat, place.lon = c.name, c.lat, c.lon
        place.country, place.geonameid, place.feature = c.country or None, c.geonameid, c.feature
        place.confidence, place.demonym = round(m.confidence, 3), m.source == "demonym"
    place.component = COMPONENT
    return place


def resolve_spans(
    doc: Doc, spans: Sequence[tuple[int, int]], gaz: Gazetteer | None = None
) -> list[Place]:
    """Resolve given character spans (gold toponyms) in the context of ``doc``, in order."""
    gaz = gaz or default_gazetteer()
    mentions: list[Mention] = []
    for start, end in spans:
        s, e = _trim(doc, start, end)
        if s >= e:
            s, e = start, end
        queries, fclass, admin = _queries(doc_text(doc)[s:e])
        cands = demonym_candidates(gaz, doc_text(doc)[s:e])
        query = doc_text(doc)[s:e]
        if not cands:
            query, cands = _lookup(gaz, queries)
        mentions.append(
            Mention(
                start, end, doc_text(doc)[start:end], queries, "gold", fclass, admin, cands, query
            )
        )
    resolve(doc, mentions, gaz)
    return [to_place(m) for m in mentions]
