"""Identities across articles: one id per real-world person, organisation and place.

:class:`IdentityResolver` takes the extraction of one article at a time
(:meth:`IdentityResolver.add_article`) and gives every PERSON/ORG entity mention, every place and
every quote speaker an identity id, creating identities as needed. Inside an article the
extraction already joined the forms of one name ("Mr. Hajiyev" → "Hikmat Hajiyev"); across
articles a mention joins an identity only on evidence, and the evidence is kept
(:attr:`Identity.evidence`) so that a user can see why and a later version can undo it:

* ``gazetteer``: a place with the same gazetteer (GeoNames) id;
* ``same_name``: the same full name (two or more words, compared without accents, case or
  honorifics) and the same kind; an organisation's acronym with its long form (``acronym``);
* ``transliteration``: a full name with the same normalised phonetic key (Mammadli / Mamedli /
  Mamedly, Hajiyev / Hajiev / Gadzhiev: rules in ``nlp/lexicon/identities.json``) *and* an
  agreeing role ("spokesman of the Foreign Ministry") or shared context (two or more other
  identities in common);
* ``short_name``: a surname or first name alone joins the one identity whose full name carries
  it, only with an agreeing role or shared context, and only when no other identity of that name
  fits; otherwise it stays an identity of its own. Two people sharing only a surname or only a
  first name are never merged.

Look-ups go through dictionaries keyed by name, phonetic key and gazetteer id, so the cost per
article does not grow with the number of identities. The dictionaries are
:class:`~newstrail.link.state.StateTable` s: in memory (evaluation), or in the database
(``IdentityResolver(source=engine)``), where an article reads the rows of its own names' keys and
of the identities they point to, and :meth:`IdentityResolver.flush` writes what changed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy.engine import Engine

from newstrail.link.state import StateIndex, StateTable
from newstrail.models import Extraction
from newstrail.nlp.lexicon import lexicon

__all__ = [
    "ArticleIdentities",
    "Evidence",
    "Identity",
    "IdentityResolver",
    "normalise",
    "phonetic_key",
]


PERSON = "PERSON"
ORG = "ORG"
PLACE = "PLACE"
GROUP = "GROUP"  # a group speaker ("OIC ambassadors"): joined by its exact name only
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_CONTEXT_NEEDED = 2  # other identities two articles must share to count as the same context


@cache
def _data() -> dict[str, Any]:
    return lexicon("identities")


@cache
def honorifics() -> frozenset[str]:
    """Honorifics ("mr", "dr.") from the language layer's ``people.json``."""
    return frozenset(w.rstrip(".") for w in lexicon("people")["honorifics"])


def normalise(name: str) -> str:
    """A name as compared: no accents, lower case, no honorifics or punctuation."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    tokens = re.sub(r"[^\w\s-]", " ", folded.replace("’", "'").replace("'s ", " ")).split()
    while tokens and tokens[0].rstrip(".") in honorifics():
        tokens = tokens[1:]
    return " ".join(tokens)


def _token_key(token: str) -> str:
    data = _data()
    for source, target in data["transliteration_initial"]:
        if token.startswith(source):
            token = target + token[len(source) :]
    for source, target in data["transliteration_anywhere"]:
        token = token.replace(source, target)
    if not token:
        return ""
    head, tail = token[0], re.sub(r"[aeiou]", "", token[1:])
    collapsed = re.sub(r"(.)\1+", r"\1", head + tail)
    return collapsed


def phonetic_key(name: str) -> str:
    """A transliteration-tolerant key of a (normalised) name: consonant skeleton per word."""
    particles = set(_data()["name_particles"])
    words = [w for w in normalise(name).replace("-", " ").split() if w not in particles]
    return " ".join(_token_key(w) for w in words)


def _role_words(role: str | None) -> frozenset[str]:
    if not role:
        return frozenset()
    stop = set(_data()["role_stop_words"])
    return frozenset(w for w in normalise(role).replace("-", " ").split() if w not in stop)


def _acronym(name: str) -> str:
    skip = set(_data()["acronym_skip_words"])
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in skip]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else ""


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a mention of an article joined an identity."""

    article_id: str
    kind: str  # gazetteer | same_name | acronym | transliteration | short_name | new
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"article": self.article_id, "kind": self.kind, "detail": self.detail}


@dataclass(slots=True)
class Identity:
    """One person, organisation or place across articles."""

    id: int
    label: str  # PERSON, ORG, GROUP or PLACE
    name: str  # the most complete form seen
    aliases: Counter[str] = field(default_factory=Counter)  # every form, with its mentions
    roles: dict[str, list[str]] = field(default_factory=dict)  # role -> articles giving it
    articles: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    geonameid: int | None = None
    context: Counter[int] = field(default_factory=Counter)  # identities met in its articles
    gazetteer_named: bool = False  # named as the gazetteer names it (a place)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "label": self.label,
            "aliases": sorted(self.aliases, key=lambda a: (-self.aliases[a], a)),
            "roles": [{"role": r, "articles": a} for r, a in self.roles.items()],
            "articles": list(self.articles),
            "evidence": [e.as_dict() for e in self.evidence],
        }


def identity_to_json(identity: Identity) -> dict[str, Any]:
    return {
        "id": identity.id,
        "label": identity.label,
        "name": identity.name,
        "aliases": dict(identity.aliases),
        "roles": identity.roles,
        "articles": identity.articles,
        "evidence": [[e.article_id, e.kind, e.detail] for e in identity.evidence],
        "geonameid": identity.geonameid,
        "context": {str(k): v for k, v in identity.context.items()},
        "gazetteer_named": identity.gazetteer_named,
    }


def identity_from_json(data: dict[str, Any]) -> Identity:
    return Identity(
        id=int(data["id"]),
        label=data["label"],
        name=data["name"],
        aliases=Counter(data["aliases"]),
        roles=data["roles"],
        articles=data["articles"],
        evidence=[Evidence(*e) for e in data["evidence"]],
        geonameid=data["geonameid"],
        context=Counter({int(k): v for k, v in data["context"].items()}),
        gazetteer_named=data["gazetteer_named"],
    )


def _pair_key(key: tuple[str, str]) -> str:
    return f"{key[0]}\t{key[1]}"


def _parse_pair(text: str) -> tuple[str, str]:
    label, _, name = text.partition("\t")
    return label, name


@dataclass(slots=True)
class ArticleIdentities:
    """Identity ids for an article's records, parallel to the extraction's lists."""

    entities: list[int | None] = field(default_factory=list)
    places: list[int | None] = field(default_factory=list)
    speakers: list[int | None] = field(default_factory=list)  # one per quote


@dataclass(slots=True)
class _Local:
    """One name of one article: all its mentions' forms and roles."""

    label: str
    name: str  # the article's canonical form
    forms: Counter[str] = field(default_factory=Counter)
    roles: set[str] = field(default_factory=set)
    geonameid: int | None = None
    gazetteer_name: bool = False  # the name is the gazetteer's (a place record), not a mention's


def _overlapping_place(entity: Any, extraction: Extraction) -> int | None:
    """The gazetteer id of a resolved place inside the entity's span ("Republic of Azerbaijan")."""
    for place in extraction.places:
        if place.geonameid and place.start < entity.end and entity.start < place.end:
            return place.geonameid
    return None


def _completeness(name: str) -> tuple[int, int]:
    return (len(name.split()), len(name))


class IdentityResolver(StateIndex):
    """Streaming identity resolution: :meth:`add_article` once per article.

    ``source``: keep the state in that database (``link_state``, spaces ``identities.*``);
    ``complete``: the database held none when this resolver was made (nothing to read).
    """

    def __init__(
        self, source: Engine | None = None, *, complete: bool = False, space: str = "identities"
    ) -> None:
        super().__init__(source, complete=complete, space=space)
        table = self.table
        self.identities: StateTable[int, Identity] = table(
            "identity", parse_key=int, encode=identity_to_json, decode=identity_from_json
        )
        self._by_gazetteer: StateTable[int, int] = table("gazetteer", parse_key=int)
        pairs: dict[str, Any] = {"key": _pair_key, "parse_key": _parse_pair}
        # (label, normalised name) -> ids
        self._by_name: StateTable[tuple[str, str], list[int]] = table("name", **pairs)
        # (label, phonetic key) -> ids
        self._by_key: StateTable[tuple[str, str], list[int]] = table("phonetic", **pairs)
        # (label, name word) -> ids
        self._by_token: StateTable[tuple[str, str], list[int]] = table("token", **pairs)
        self._by_acronym: StateTable[str, list[int]] = table("acronym")
        self._scalars: StateTable[str, Any] = table("scalar")
        self._next_id: int = self._scalars.get("next_id", 1)

    def _tables(self) -> list[StateTable[Any, Any]]:
        return [
            self.identities,
            self._by_gazetteer,
            self._by_name,
            self._by_key,
            self._by_token,
            self._by_acronym,
            self._scalars,
        ]

    def _remember(self) -> None:
        self._scalars["next_id"] = self._next_id

    def _prefetch(self, found: dict[tuple[str, str], _Local]) -> None:
        """Read, in a few queries, the index rows an article's names will look up and the
        identities they point to."""
        if self.identities.complete:
            return
        particles = set(_data()["name_particles"])
        names: list[tuple[str, str]] = []
        phonetic: list[tuple[str, str]] = []
        tokens: list[tuple[str, str]] = []
        acronyms: list[str] = []
        places: list[int] = []
        for (label, name), local in found.items():
            names.append((label, name))
            if local.geonameid is not None:
                places.append(local.geonameid)
            if label == ORG:
                long_form = _acronym(local.name)
                acronyms += [local.name, long_form]
                names.append((ORG, long_form.lower()))
            if label == PERSON:
                phonetic.append((PERSON, phonetic_key(name)))
                words = [w for w in name.replace("-", " ").split() if w not in particles]
                tokens += [(PERSON, _token_key(w)) for w in {name, *words[:1], *words[-1:]}]
        self._by_name.load(names)
        self._by_key.load(phonetic)
        self._by_token.load(tokens)
        self._by_acronym.load(acronyms)
        self._by_gazetteer.load(places)
        ids: set[int] = {self._by_gazetteer[p] for p in places if p in self._by_gazetteer}
        for key in names:
            ids.update(self._by_name.get(key) or ())
        for key in phonetic:
            ids.update(self._by_key.get(key) or ())
        for key in tokens:
            ids.update(self._by_token.get(key) or ())
        for acronym in acronyms:
            ids.update(self._by_acronym.get(acronym) or ())
        self.identities.load(ids)

    # -- the article's names -------------------------------------------------------------------

    def _locals(self, extraction: Extraction) -> tuple[dict[tuple[str, str], _Local], list]:
        found: dict[tuple[str, str], _Local] = {}
        entity_keys: list[tuple[str, str] | None] = []
        place_ids = {normalise(p.name): p.geonameid for p in extraction.places if p.geonameid}
        for entity in extraction.entities:
            if entity.label in (PERSON, ORG):
                label = entity.label
            elif entity.label in _PLACE_LABELS:
                label = PLACE
            else:
                entity_keys.append(None)
                continue
            name = normalise(entity.name or entity.text)
            if not name:
                entity_keys.append(None)
                continue
            key = (label, name)
            local = found.setdefault(key, _Local(label, entity.name or entity.text))
            local.forms[entity.text] += 1
            if entity.role:
                local.roles.add(entity.role)
            if label == PLACE and local.geonameid is None:
                local.geonameid = place_ids.get(name) or _overlapping_place(entity, extraction)
            entity_keys.append(key)
        place_keys: list[tuple[str, str] | None] = []
        for place in extraction.places:
            name = normalise(place.name)
            key = (PLACE, name)
            local = found.setdefault(key, _Local(PLACE, place.name))
            local.gazetteer_name = True
            local.forms[place.text] += 1
            if place.geonameid and local.geonameid is None:
                local.geonameid = place.geonameid
            place_keys.append(key if name else None)
        speaker_keys: list[tuple[str, str] | None] = []
        for quote in extraction.quotes:
            speaker = quote.speaker
            if not speaker.name:
                speaker_keys.append(None)
                continue
            label = speaker.label if speaker.label in (PERSON, ORG, GROUP) else PERSON
            key = (label, normalise(speaker.name))
            local = found.setdefault(key, _Local(label, speaker.name))
            if speaker.mention is not None:
                local.forms[speaker.mention.text] += 1
            if speaker.role:
                local.roles.add(speaker.role)
            speaker_keys.append(key)
        return found, [entity_keys, place_keys, speaker_keys]

    # -- matching ------------------------------------------------------------------------------

    def _roles_agree(self, local: _Local, identity: Identity) -> str | None:
        for role in local.roles:
            mine = _role_words(role)
            for theirs_role in identity.roles:
                theirs = _role_words(theirs_role)
                shared = mine & theirs
                if mine and theirs and (len(shared) >= 2 or shared in (mine, theirs)):
                    return f"role '{role}' ~ '{theirs_role}'"
        return None

    def _context_agrees(self, context: set[int], identity: Identity) -> str | None:
        shared = [i for i in context if i in identity.context and i != identity.id]
        if len(shared) >= _CONTEXT_NEEDED:
            names = ", ".join(sorted(self.identities[i].name for i in shared[:3]))
            return f"shared context: {names}"
        return None

    def _match(
        self, local: _Local, context: set[int], article_id: str
    ) -> tuple[int | None, Evidence]:
        label = local.label
        name = normalise(local.name)
        if label == PLACE and local.geonameid is not None:
            found = self._by_gazetteer.get(local.geonameid)
            if found is not None:
                return found, Evidence(article_id, "gazetteer", f"geonameid {local.geonameid}")
            return None, Evidence(article_id, "new", f"geonameid {local.geonameid}")
        words = name.split()
        same = self._by_name.get((label, name), [])
        if (label != PERSON or len(words) >= 2) and len(same) == 1:
            return same[0], Evidence(article_id, "same_name", local.name)
        if label == ORG:
            acronym = local.name if local.name.isupper() and len(local.name) <= 8 else ""
            if acronym:
                ids = self._by_acronym.get(acronym, [])
                if len(ids) == 1:
                    return ids[0], Evidence(
                        article_id, "acronym", f"{acronym} = {self.identities[ids[0]].name}"
                    )
            long_form = _acronym(local.name)
            if long_form:
                ids = self._by_name.get((ORG, long_form.lower()), [])
                if len(ids) == 1:
                    return ids[0], Evidence(article_id, "acronym", f"{local.name} = {long_form}")
        if label != PERSON:
            return None, Evidence(article_id, "new", local.name)
        if len(words) >= 2:
            for identity_id in self._by_key.get((PERSON, phonetic_key(name)), []):
                identity = self.identities[identity_id]
                why = self._roles_agree(local, identity) or self._context_agrees(context, identity)
                if why:
                    return identity_id, Evidence(
                        article_id, "transliteration", f"{local.name} ~ {identity.name}; {why}"
                    )
            return None, Evidence(article_id, "new", local.name)
        # A single name (surname or first name): only with more evidence, and only if one fits.
        fitting = []
        for identity_id in self._by_token.get((PERSON, _token_key(name)), []):
            identity = self.identities[identity_id]
            if len(identity.name.split()) < 2:
                continue
            why = self._roles_agree(local, identity) or self._context_agrees(context, identity)
            if why:
                fitting.append((identity_id, why))
        if len(fitting) == 1:
            identity_id, why = fitting[0]
            return identity_id, Evidence(
                article_id,
                "short_name",
                f"{local.name} in {self.identities[identity_id].name}; {why}",
            )
        if len(same) == 1 and len(self.identities[same[0]].name.split()) == 1:
            # The same lone name again, with nothing better: keep it with its own kind only if
            # the context agrees too.
            why = self._context_agrees(context, self.identities[same[0]])
            if why:
                return same[0], Evidence(article_id, "short_name", f"{local.name}; {why}")
        return None, Evidence(article_id, "new", local.name)

    # -- bookkeeping ---------------------------------------------------------------------------

    def _new(self, local: _Local) -> Identity:
        identity = Identity(id=self._next_id, label=local.label, name=local.name)
        identity.geonameid = local.geonameid if local.label == PLACE else None
        self.identities[identity.id] = identity
        self._next_id += 1
        if identity.geonameid is not None:
            self._by_gazetteer[identity.geonameid] = identity.id
        return identity

    def _index_name(self, identity: Identity, name: str) -> None:
        normalised = normalise(name)
        if not normalised:
            return
        self._add(self._by_name, (identity.label, normalised), identity.id)
        if identity.label == PERSON:
            self._add(self._by_key, (PERSON, phonetic_key(normalised)), identity.id)
            words = [
                w
                for w in normalised.replace("-", " ").split()
                if w not in set(_data()["name_particles"])
            ]
            if len(words) >= 2:
                for word in (words[0], words[-1]):
                    self._add(self._by_token, (PERSON, _token_key(word)), identity.id)
        if identity.label == ORG:
            acronym = _acronym(name)
            if acronym:
                self._add(self._by_acronym, acronym, identity.id)

    @staticmethod
    def _add(index: StateTable[Any, list[int]], key: Any, identity_id: int) -> None:
        ids = index.get(key)
        if ids is None:
            index[key] = [identity_id]
        elif identity_id not in ids:
            ids.append(identity_id)
            index.mark(key)

    def _absorb(
        self, identity: Identity, local: _Local, article_id: str, evidence: Evidence
    ) -> None:
        if identity.label == PLACE:
            # A place is named as the gazetteer names it ("Azerbaijan", not "Republic of ...").
            if local.gazetteer_name and not identity.gazetteer_named:
                identity.name = local.name
                identity.gazetteer_named = True
        elif _completeness(local.name) > _completeness(identity.name):
            identity.name = local.name
        identity.aliases[local.name] += 0
        for form, count in local.forms.items():
            identity.aliases[form] += count
        for role in sorted(local.roles):
            articles = identity.roles.setdefault(role, [])
            if article_id not in articles:
                articles.append(article_id)
        if article_id not in identity.articles:
            identity.articles.append(article_id)
        identity.evidence.append(evidence)
        self.identities.mark(identity.id)
        self._index_name(identity, local.name)

    # -- the stream ----------------------------------------------------------------------------

    def add_article(self, article_id: str, extraction: Extraction) -> ArticleIdentities:
        """Resolve one article's names to identities (creating new ones) and say which is which."""
        found, (entity_keys, place_keys, speaker_keys) = self._locals(extraction)
        self._prefetch(found)
        resolved: dict[tuple[str, str], int] = {}
        # Places and full names first: they give the context the short names are judged by.
        order = sorted(
            found.items(),
            key=lambda item: (
                item[1].label != PLACE,
                -len(normalise(item[1].name).split()),
                item[0],
            ),
        )
        for key, local in order:
            context = set(resolved.values())
            identity_id, evidence = self._match(local, context, article_id)
            # Within one article a lone surname is the full name the extraction already joined.
            if (
                identity_id is None
                and local.label == PERSON
                and len(normalise(local.name).split()) == 1
            ):
                same_article = [
                    other
                    for (label, name), other in resolved.items()
                    if label == PERSON
                    and len(name.split()) >= 2
                    and normalise(local.name) in name.split()
                ]
                if len(set(same_article)) == 1:
                    identity_id = same_article[0]
                    evidence = Evidence(
                        article_id, "short_name", f"{local.name} in the same article"
                    )
            identity = self._new(local) if identity_id is None else self.identities[identity_id]
            self._absorb(identity, local, article_id, evidence)
            resolved[key] = identity.id
        ids = set(resolved.values())
        for identity_id in ids:
            self.identities[identity_id].context.update(ids - {identity_id})
            self.identities.mark(identity_id)
        return ArticleIdentities(
            entities=[resolved.get(k) if k else None for k in entity_keys],
            places=[resolved.get(k) if k else None for k in place_keys],
            speakers=[resolved.get(k) if k else None for k in speaker_keys],
        )

    def identities_of(self, label: str | None = None) -> Iterable[Identity]:
        return (i for _, i in self.identities.cached() if label is None or i.label == label)
