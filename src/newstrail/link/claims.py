"""The claim trail: the same statement across articles and outlets, and who carried it first.

A **statement** is either a quote (direct, indirect or mixed, with its speaker) or a sentence in
which the article itself asserts a countable or datable fact ("Seven people were killed on
Tuesday."); a sentence that carries a quote is the speaker's, never the outlet's. Statements that
say the same thing are grouped into a **claim**:

- ``verbatim``: the same words, modulo quote marks, case and punctuation;
- ``partial``: one is a contiguous fragment (at least :data:`MIN_PARTIAL_WORDS` words) of the other;
- ``paraphrase``: the sentence embeddings (``link/embeddings.py``) are at least
  :data:`PARAPHRASE_THRESHOLD` apart in cosine, blended with word overlap (:func:`similarity`), and
  the two agree on their numbers and on negation (different figures are a disagreement, not the
  same claim).

Candidates are retrieved cheaply first: only statements of the same story (or of the same speaker
identity across stories) that share rare content words are compared, so the cost grows about
linearly with the number of statements. Merging is constrained: a claim never holds two statements
of one article (two things one speaker said in one story stay two claims), never mixes two known
speakers, and never mixes a speaker's statement with an outlet's own assertion.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from newstrail.link.claim_matching import (
    MIN_PARTIAL_WORDS,
    DiffOp,
    MatchType,
    _negated,
    clean_statement,
    content_words,
    lexical_overlap,
    match_type,
    normalise_words,
    numbers_in,
    similarity,
    similarity_matrix,
    word_diff,
)
from newstrail.models import Place, record_from, record_kind
from newstrail.nlp.lexicon import words

__all__ = [
    "COMPONENT",
    "MIN_PARTIAL_WORDS",
    "PARAPHRASE_THRESHOLD",
    "Appearance",
    "Claim",
    "ClaimArticle",
    "ClaimIndex",
    "DiffOp",
    "QuantityInput",
    "QuoteInput",
    "Statement",
    "TimeInput",
    "articles_from_store",
    "claim_article",
    "claim_articles",
    "claim_of_quotes",
    "claim_records",
    "clean_statement",
    "find_claims",
    "keep_claim_ids",
    "link_claims",
    "match_type",
    "normalise_words",
    "similarity",
    "similarity_matrix",
    "statements_of",
    "word_diff",
]

COMPONENT = "claims@1.1.0"  # 1.1: a quotation nested in another is not a repeat of it

StatementKind = Literal["direct", "indirect", "mixed", "assertion"]

# Decision threshold on similarity(); tuned on CheckThat! 2020 train (see eval/claims.py).
PARAPHRASE_THRESHOLD = 0.50
# A content word in more statements than this (in one pool) is too common to retrieve by.
_POSTING_CAP = 64
# Merging two groups checks their cross pairs only up to this many (the cost stays linear).
_LINKAGE_CHECK_LIMIT = 10_000


# --- inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuoteInput:
    """A quote as the extraction found it (``models.Quote`` reduced to what claims need)."""

    text: str
    start: int
    end: int
    kind: Literal["direct", "indirect", "mixed"]
    speaker: str | None  # resolved name, None when the source is unknown
    identity: str | None = None  # cross-article speaker identity (link stage), when known
    cue: tuple[int, int] | None = None  # the attribution verb/phrase, kept out of assertions


@dataclass(frozen=True, slots=True)
class QuantityInput:
    """A ``numbers`` record: "Around 80 diplomats" → value 80, mod APPROX, counts "diplomats"."""

    text: str
    start: int
    end: int
    value: float | None
    unit: str | None = None
    mod: str | None = None
    counts: str | None = None
    # Upper end of a range ("between 40 and 50"), when the record gives one.
    value_max: float | None = None


@dataclass(frozen=True, slots=True)
class TimeInput:
    """A normalised time expression (``models.TimeExpr``): value is a TIMEX3 value."""

    text: str
    start: int
    end: int
    type: str
    value: str
    mod: str | None = None  # TIMEX3 mod: BEFORE, AFTER, APPROX, ...


@dataclass(slots=True)
class ClaimArticle:
    id: str
    text: str
    outlet: str | None = None
    published: str | None = None  # ISO 8601; None never counts as first
    story: str | None = None
    duplicate_of: str | None = None  # the original this article copies (link stage)
    quotes: Sequence[QuoteInput] = ()
    numbers: Sequence[QuantityInput] = ()
    times: Sequence[TimeInput] = ()
    places: Sequence[Place] = ()  # resolved place mentions
    sentences: Sequence[tuple[int, int]] | None = None  # from the parser; split here if None


@dataclass(frozen=True, slots=True)
class Statement:
    article: str
    start: int
    end: int
    text: str
    kind: StatementKind
    speaker: str | None  # None: the outlet's own assertion, or a quote of unknown source
    identity: str | None = None
    quote_index: int | None = None  # position in the article's quotes, for quote.claim


# --- outputs ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Appearance:
    article: str
    outlet: str | None
    published: str | None
    start: int
    end: int
    text: str
    kind: StatementKind
    match: MatchType
    score: float  # similarity to the first wording (1.0 for verbatim)
    copy_of: str | None = None  # the article is a copy (duplicate_of) of this one
    quote_index: int | None = None
    diff: list[DiffOp] = field(default_factory=list)


@dataclass(slots=True)
class Claim:
    id: str
    text: str  # the earliest wording
    speaker: str | None  # None: asserted by the outlets themselves
    identity: str | None
    story: str | None
    first: Appearance | None  # None when no appearance has a publication time
    appearances: list[Appearance]

    @property
    def asserted_by_outlet(self) -> bool:
        return self.appearances[0].kind == "assertion"

    @property
    def outlets(self) -> list[str]:
        return sorted({a.outlet for a in self.appearances if a.outlet})


@dataclass(slots=True)
class ClaimIndex:
    claims: list[Claim]
    # (article id, start, end) of a statement -> claim id
    by_statement: dict[tuple[str, int, int], str]
    component: str = COMPONENT

    def claim_of_quote(self, article: str, quote: QuoteInput) -> str | None:
        return self.by_statement.get((article, quote.start, quote.end))


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[A-Z0-9])")


def _figures_agree(a: _Node, b: _Node) -> bool:
    """Different figures make different claims. A quote that gives none (a fragment) conflicts
    with none; an outlet's assertion is about its figures, so theirs must be the same."""
    if a.statement.kind == "assertion":
        return a.numbers == b.numbers
    return not a.numbers or not b.numbers or a.numbers == b.numbers


# --- statements ------------------------------------------------------------------------------


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence offsets by punctuation, used when the parser's sentences are not given."""
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in _SENTENCE_END.finditer(text):
        spans.append((start, boundary.start() + len(boundary.group(0).rstrip())))
        start = boundary.end()
    if start < len(text):
        spans.append((start, len(text)))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def statements_of(article: ClaimArticle) -> list[Statement]:
    """Every quote of the article, plus each sentence in which the article itself asserts a
    figure or a date. A sentence that overlaps a quote or its cue belongs to the speaker."""
    found: list[Statement] = []
    quoted: list[tuple[int, int]] = []
    for index, quote in enumerate(article.quotes):
        found.append(
            Statement(
                article.id,
                quote.start,
                quote.end,
                quote.text,
                quote.kind,
                quote.speaker,
                quote.identity,
                index,
            )
        )
        quoted.append((quote.start, quote.end))
        if quote.cue:
            quoted.append(quote.cue)
    anchors = [(n.start, n.end) for n in article.numbers] + [
        (t.start, t.end) for t in article.times if t.type == "DATE"
    ]
    if not anchors:
        return found
    sentences = (
        article.sentences if article.sentences is not None else split_sentences(article.text)
    )
    for start, end in sentences:
        if not _overlaps(start, end, anchors) or _overlaps(start, end, quoted):
            continue
        found.append(
            Statement(article.id, start, end, article.text[start:end], "assertion", None, None)
        )
    return found


# --- linking ---------------------------------------------------------------------------------


def _name_tokens(name: str | None) -> frozenset[str]:
    if not name:
        return frozenset()
    titles = words("claims", "speaker_titles")
    return frozenset(t for t in normalise_words(name) if t not in titles)


@dataclass(slots=True)
class _Node:
    statement: Statement
    words: list[str]
    content: set[str]
    numbers: frozenset[float]
    negated: bool
    names: frozenset[str]
    story: str | None
    published: str | None
    outlet: str | None
    copy_of: str | None


@dataclass(slots=True)
class _Group:
    """What a growing claim holds, to refuse merges that would break attribution."""

    statements: dict[str, list[int]]  # article -> its statements (node indices) in the claim
    members: list[int]
    assertion: bool
    identities: set[str]
    names: list[frozenset[str]]


def _names_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or a <= b or b <= a


def _compatible(
    x: _Group, y: _Group, edges: set[tuple[int, int]], repeats: set[tuple[int, int]]
) -> bool:
    """Never two known speakers, never a speaker with the outlet, and two statements of one
    article only when one repeats the other (verbatim or partial): different things said,
    however alike, stay apart."""
    if x.assertion != y.assertion:
        return False
    if x.identities and y.identities and x.identities != y.identities:
        return False
    if not all(_names_compatible(a, b) for a in x.names for b in y.names):
        return False
    for article in x.statements.keys() & y.statements.keys():
        for a in x.statements[article]:
            for b in y.statements[article]:
                if (min(a, b), max(a, b)) not in repeats:
                    return False
    return _mostly_linked(x.members, y.members, edges)


def _mostly_linked(x: list[int], y: list[int], edges: set[tuple[int, int]]) -> bool:
    """At least half of the pairs across two groups match directly (average linkage): one long
    quote that contains two statements must not chain their claims together."""
    pairs = len(x) * len(y)
    if pairs > _LINKAGE_CHECK_LIMIT:
        return True  # huge repeated claims: their members already match one wording
    linked = sum((min(a, b), max(a, b)) in edges for a in x for b in y)
    return 2 * linked >= pairs


class _Union:
    def __init__(
        self, groups: list[_Group], edges: set[tuple[int, int]], repeats: set[tuple[int, int]]
    ):
        self.parent = list(range(len(groups)))
        self.groups = groups
        self.edges = edges
        self.repeats = repeats

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def merge(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return True
        gi, gj = self.groups[ri], self.groups[rj]
        if not _compatible(gi, gj, self.edges, self.repeats):
            return False
        self.parent[rj] = ri
        for article, statements in gj.statements.items():
            gi.statements.setdefault(article, []).extend(statements)
        gi.members.extend(gj.members)
        gi.identities |= gj.identities
        gi.names.extend(n for n in gj.names if n not in gi.names)
        return True


def _pools(nodes: list[_Node]) -> dict[tuple[str, str], list[int]]:
    """Where to look for repeats: the same story (quotes and assertions apart), and for quotes
    also the same speaker identity across stories."""
    pools: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, node in enumerate(nodes):
        kind = "assertion" if node.statement.kind == "assertion" else "quote"
        pools[(kind, f"story:{node.story or ''}")].append(i)
        if kind == "quote" and node.statement.identity:
            pools[(kind, f"identity:{node.statement.identity}")].append(i)
    return pools


def _candidates(nodes: list[_Node], members: list[int]) -> set[tuple[int, int]]:
    """Pairs in one pool that share enough rare content words (inverted index, capped)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i in members:
        for word in nodes[i].content:
            postings[word].append(i)
    pairs: set[tuple[int, int]] = set()
    for i in members:
        shared: Counter[int] = Counter()
        for word in nodes[i].content:
            posting = postings[word]
            if len(posting) > _POSTING_CAP:
                continue
            for j in posting:
                if j > i:
                    shared[j] += 1
        size_i = len(nodes[i].content)
        for j, count in shared.items():
            smaller = min(size_i, len(nodes[j].content))
            if count >= 2 or (smaller <= 3 and count >= 1):
                pairs.add((i, j))
    return pairs


def _cosine(vectors: dict[int, np.ndarray], i: int, j: int) -> float:
    return float(np.dot(vectors[i], vectors[j]))


def link_claims(
    articles: Sequence[ClaimArticle],
    encode: Callable[[Sequence[str]], np.ndarray] | None = None,
    threshold: float = PARAPHRASE_THRESHOLD,
) -> ClaimIndex:
    """Group every statement of ``articles`` into claims. ``encode`` maps texts to unit vectors
    (default: the pinned all-MiniLM-L6-v2, loaded on first need); pass ``None``-returning
    stand-ins in tests to match on words only."""
    by_id = {a.id: a for a in articles}
    nodes: list[_Node] = []
    for article in articles:
        for statement in statements_of(article):
            tokens = normalise_words(clean_statement(statement.text))
            nodes.append(
                _Node(
                    statement,
                    tokens,
                    content_words(tokens),
                    numbers_in(tokens),
                    _negated(tokens),
                    _name_tokens(statement.speaker),
                    article.story,
                    article.published,
                    article.outlet,
                    article.duplicate_of,
                )
            )

    pairs: set[tuple[int, int]] = set()
    for members in _pools(nodes).values():
        if len(members) > 1:
            pairs |= _candidates(nodes, members)

    scored: list[tuple[int, float, int, int]] = []  # (rank of match type, -score, i, j)
    to_embed: list[tuple[int, int]] = []
    for i, j in sorted(pairs):
        a, b = nodes[i], nodes[j]
        x, y = a.statement, b.statement
        if x.article == y.article and _overlaps(x.start, x.end, [(y.start, y.end)]):
            continue  # a quotation inside another: the same words once, not a repeat
        kind = match_type(a.words, b.words)
        if kind == "verbatim":
            scored.append((0, -1.0, i, j))
        elif kind == "partial" and a.negated == b.negated:
            scored.append((1, -1.0, i, j))
        elif _figures_agree(a, b) and a.negated == b.negated:
            # Unknown speakers join only by their words; paraphrase needs a known one or none.
            if a.statement.kind != "assertion" and not (a.names and b.names):
                continue
            to_embed.append((i, j))

    if to_embed:
        needed = sorted({k for pair in to_embed for k in pair})
        if encode is None:
            from newstrail.link.embeddings import load_encoder

            encode = load_encoder().encode
        # Repeated wordings are common (copies, wire stories): embed each text once.
        cleaned = {k: clean_statement(nodes[k].statement.text) for k in needed}
        texts = sorted(set(cleaned.values()))
        matrix = encode(texts)
        row_of = {text: row for row, text in enumerate(texts)}
        vectors = {k: matrix[row_of[cleaned[k]]] for k in needed}
        for i, j in to_embed:
            score = similarity(
                _cosine(vectors, i, j), lexical_overlap(nodes[i].content, nodes[j].content)
            )
            if score >= threshold:
                scored.append((2, -score, i, j))

    groups = [
        _Group(
            {n.statement.article: [index]},
            [index],
            n.statement.kind == "assertion",
            {n.statement.identity} if n.statement.identity else set(),
            [n.names] if n.names else [],
        )
        for index, n in enumerate(nodes)
    ]
    union = _Union(
        groups,
        {(i, j) for _, _, i, j in scored},
        {(i, j) for rank, _, i, j in scored if rank <= 1},
    )
    for _rank, _score, i, j in sorted(scored):
        union.merge(i, j)

    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        clusters[union.find(i)].append(i)

    claims: list[Claim] = []
    by_statement: dict[tuple[str, int, int], str] = {}
    for members in clusters.values():
        claim = _build_claim([nodes[i] for i in members], by_id)
        claims.append(claim)
        for appearance in claim.appearances:
            by_statement[(appearance.article, appearance.start, appearance.end)] = claim.id
    claims.sort(key=lambda c: (c.first is None, c.first.published if c.first else "", c.id))
    return ClaimIndex(claims, by_statement)


def _order_key(node: _Node) -> tuple[bool, str, bool, str, int]:
    return (
        node.published is None,
        node.published or "",
        node.copy_of is not None,
        node.statement.article,
        node.statement.start,
    )


def _build_claim(members: list[_Node], by_id: dict[str, ClaimArticle]) -> Claim:
    members.sort(key=_order_key)
    head = members[0]
    speaker_node = max(members, key=lambda n: (n.statement.identity is not None, len(n.names)))
    digest = hashlib.sha1(
        f"{head.statement.article}\0{head.statement.start}\0{head.statement.end}".encode()
    ).hexdigest()
    appearances = []
    for node in members:
        s = node.statement
        if node is head:
            match: MatchType = "first"
            score = 1.0
        else:
            match = match_type(head.words, node.words) or "paraphrase"
            score = (
                1.0
                if match == "verbatim"
                else round(
                    difflib.SequenceMatcher(a=head.words, b=node.words, autojunk=False).ratio(), 3
                )
            )
        appearances.append(  # where, what and which quote: the statement's own
            record_from(
                Appearance,
                s,
                outlet=node.outlet,
                published=node.published,
                match=match,
                score=score,
                copy_of=node.copy_of,
                diff=[] if node is head else word_diff(head.statement.text, s.text),
            )
        )
    first = appearances[0] if head.published is not None else None
    stories = Counter(n.story for n in members)
    return Claim(
        id=f"claim-{digest[:12]}",
        text=head.statement.text,
        speaker=speaker_node.statement.speaker,
        identity=speaker_node.statement.identity,
        story=stories.most_common(1)[0][0],
        first=first,
        appearances=appearances,
    )


# --- the link stage ----------------------------------------------------------------------------

VERSION = COMPONENT.split("@", 1)[1]


def claim_article(record: dict[str, Any]) -> ClaimArticle:
    """A stored article (export shape, with the link stage's ``story``, ``duplicate_of`` and
    speaker ``identity``) as claim input."""
    article_id = record["id"]
    quotes = []
    for q in record.get("quotes", []):
        speaker = q.get("speaker") or {}
        cue = q.get("cue")
        quotes.append(
            QuoteInput(
                q["text"],
                q["start"],
                q["end"],
                q["kind"],
                speaker.get("name"),
                speaker.get("identity"),  # the identities linker's field on the speaker
                (cue["start"], cue["end"]) if cue else None,
            )
        )
    numbers = [
        QuantityInput(
            n["text"],
            n["start"],
            n["end"],
            n.get("value"),
            n.get("unit"),
            n.get("mod"),
            n.get("counts"),
            n.get("high"),  # the upper end of a range (newstrail_numbers)
        )
        for n in record.get("numbers", [])
    ]
    times = [
        TimeInput(t["text"], t["start"], t["end"], t["type"], t["value"], t.get("mod"))
        for t in record.get("times", [])
    ]
    place_kind = record_kind("places")
    places = [place_kind.to_record(p) for p in record.get("places", []) if not p.get("demonym")]
    return ClaimArticle(
        id=article_id,
        text=record["text"],
        outlet=(record.get("source") or {}).get("outlet"),
        published=record.get("published"),
        story=record.get("story"),
        duplicate_of=(record.get("duplicate_of") or {}).get("id"),
        quotes=quotes,
        numbers=numbers,
        times=times,
        places=places,
    )


def articles_from_store(store: Any) -> list[ClaimArticle]:
    """Every stored article as claim input: quotes, numbers, times, places, and — when the
    link stage's other linkers made them — its story, the original it copies and its speakers'
    identities."""
    return [claim_article(record) for record in store.iter_records()]


def claim_articles(store: Any, ids: Iterable[str]) -> list[ClaimArticle]:
    """The stored articles ``ids`` as claim input (each read by its id)."""
    from newstrail.link.touched import records_where

    wanted = list(dict.fromkeys(ids))
    records = store.records_for_linking(wanted, kinds=("quotes", "numbers", "times", "places"))
    links = {
        str(r["article_id"]): r for r in records_where(store, "article_links", "article_id", wanted)
    }
    speakers = {
        (str(r["article_id"]), int(r["position"])): str(r["identity"])
        for r in records_where(store, "identity_links", "article_id", wanted)
        if r["kind"] == "quotes"
    }
    for record in records:
        link = links.get(record["id"]) or {}
        record["story"] = link.get("story")
        record["duplicate_of"] = {"id": link["duplicate_of"]} if link.get("duplicate_of") else None
        for position, quote in enumerate(record["quotes"]):
            quote["speaker"]["identity"] = speakers.get((record["id"], position))
    return [claim_article(record) for record in records]


def claim_records(index: ClaimIndex) -> list[Any]:
    """The claims as stored records (``newstrail.records.claims.ClaimRecord``)."""
    from newstrail.records.claims import ClaimFirst, ClaimRecord, ClaimSpeaker

    records = []
    for claim in index.claims:
        first = claim.first
        records.append(
            ClaimRecord(
                id=claim.id,
                text=claim.text,
                speaker=ClaimSpeaker(claim.speaker, claim.identity),
                story=claim.story,
                first=ClaimFirst(first.article, first.published or "", first.outlet)
                if first
                else None,
                appearances=[appearance_dict(a) for a in claim.appearances],
                appearance_count=len(claim.appearances),
                outlets=claim.outlets,
                component=COMPONENT,
            )
        )
    return records


def appearance_dict(appearance: Appearance) -> dict[str, Any]:
    return {
        "article": appearance.article,
        "start": appearance.start,
        "end": appearance.end,
        "text": appearance.text,
        "kind": appearance.kind,
        "match": appearance.match,
        "score": appearance.score,
        "published": appearance.published,
        "outlet": appearance.outlet,
        "copy_of": appearance.copy_of,
        "diff": [{"op": op.op, "text": op.text} for op in appearance.diff],
    }


# link_state spaces of the claims linker (cleared when it recomputes everything):
# article id → ids of the claims its statements belong to, and cleaned text → its vector.
_ARTICLE_CLAIMS = "claims.article"
_VECTORS = "claims.vector"


# Vectors are kept as float16 (half the space; cosines move by about 1e-3), and used as stored
# also in the run that embeds them, so a batch decides exactly as a rebuild does.
def _encode_vector(vector: np.ndarray) -> str:
    return base64.b64encode(np.asarray(vector, dtype=np.float16).tobytes()).decode("ascii")


def _decode_vector(value: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(value), dtype=np.float16).astype(np.float32)


class _StoredVectors:
    """An ``encode`` that keeps each text's vector in the link state, so a statement is embedded
    once, not again in every batch that recomputes its story. Keyed by the model's label and the
    text: vectors of another model are never mixed in."""

    def __init__(self, store: Any, encode: Callable[[Sequence[str]], np.ndarray] | None):
        from newstrail.link.state import StateTable

        self.table: Any = StateTable(
            _VECTORS, store.engine, encode=_encode_vector, decode=_decode_vector
        )
        self.encode = encode
        self.label = "custom" if encode is not None else None

    def _key(self, text: str) -> str:
        digest = hashlib.sha256(f"{self.label}\0{text}".encode("utf-8", "replace"))
        return digest.hexdigest()[:32]

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        if self.encode is None:
            from newstrail.link.embeddings import load_encoder

            encoder = load_encoder()
            self.encode = encoder.encode
            self.label = getattr(getattr(encoder, "info", None), "label", "custom")
        keys = [self._key(text) for text in texts]
        self.table.load(keys)
        missing = sorted({t for t, k in zip(texts, keys, strict=True) if k not in self.table})
        if missing:
            for text, vector in zip(missing, self.encode(missing), strict=True):
                self.table[self._key(text)] = np.asarray(vector, dtype=np.float16).astype(
                    np.float32
                )
        return np.stack([self.table[key] for key in keys])


def _appearance_key(appearance: dict[str, Any]) -> tuple[bool, str, bool, str, int]:
    """The order of :func:`_order_key` for a stored appearance: the head of a claim first."""
    return (
        appearance.get("published") is None,
        appearance.get("published") or "",
        appearance.get("copy_of") is not None,
        str(appearance["article"]),
        int(appearance["start"]),
    )


def keep_claim_ids(index: ClaimIndex, old: dict[str, dict[str, Any]]) -> None:
    """Give the recomputed claims of ``index`` the ids of the stored claims ``old`` they
    continue: a claim that gained appearances keeps its id; when claims merged, the older one's
    (earliest first appearance) survives; a claim split in two keeps its id where most of its
    statements went. Claims with nothing stored keep their own (the head's hash)."""
    old_claim_of: dict[tuple[str, int, int], str] = {}
    old_head: dict[str, tuple[bool, str, bool, str, int]] = {}
    for claim_id, record in old.items():
        appearances = record.get("appearances") or []
        for appearance in appearances:
            key = (str(appearance["article"]), int(appearance["start"]), int(appearance["end"]))
            old_claim_of[key] = claim_id
        if appearances:
            old_head[claim_id] = min(_appearance_key(a) for a in appearances)
    votes: dict[str, Counter[int]] = defaultdict(Counter)
    for position, claim in enumerate(index.claims):
        for appearance in claim.appearances:
            found = old_claim_of.get((appearance.article, appearance.start, appearance.end))
            if found is not None:
                votes[found][position] += 1
    heirs: dict[int, list[str]] = defaultdict(list)
    for claim_id, counts in votes.items():
        position = min(counts, key=lambda p: (-counts[p], p))
        heirs[position].append(claim_id)
    kept = {
        position: min(ids, key=lambda i: (old_head.get(i, (True, "", True, "", 0)), i))
        for position, ids in heirs.items()
    }
    taken = set(kept.values())
    renamed: dict[str, str] = {}
    for position, claim in enumerate(index.claims):
        if position in kept:
            new_id = kept[position]
        else:
            new_id, attempt = claim.id, 0
            while new_id in taken:
                attempt += 1
                digest = hashlib.sha1(f"{claim.id}\0{attempt}".encode()).hexdigest()
                new_id = f"claim-{digest[:12]}"
        taken.add(new_id)
        renamed[claim.id] = new_id
        claim.id = new_id
    for statement, claim_id in index.by_statement.items():
        index.by_statement[statement] = renamed.get(claim_id, claim_id)


def _claims_of_articles(index: ClaimIndex) -> dict[str, list[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for (article, _start, _end), claim_id in index.by_statement.items():
        found[article].add(claim_id)
    return {article: sorted(ids) for article, ids in found.items()}


def find_claims(
    store: Any, scope: Any, encode: Callable[[Sequence[str]], np.ndarray] | None = None
) -> Any:
    """The ``claims`` linker, streaming. A full run groups every statement of the store. Else
    only the pools the new articles touch are grouped again: the stories they joined (and those
    an earlier linker changed), the speaker identities of their quotes, and every article of a
    stored claim that holds one of those statements (so no claim is cut in two). The recomputed
    claims keep the ids of the stored ones they continue (:func:`keep_claim_ids`); only the
    claims that changed are written, and the ones merged away deleted."""
    from newstrail.link import LinkChanges
    from newstrail.link.state import StateTable
    from newstrail.link.touched import (
        articles_of_stories,
        articles_without_story,
        records_where,
        stories_of,
    )
    from newstrail.models import record_kind

    vectors = _StoredVectors(store, encode)
    claims_of: Any = StateTable(_ARTICLE_CLAIMS, store.engine, complete=scope.full)
    if scope.full:
        index = link_claims(articles_from_store(store), encode=vectors)
        for article, ids in _claims_of_articles(index).items():
            claims_of[article] = ids
        return LinkChanges(
            upserts={"claims": claim_records(index)},
            replace=True,
            linked=list(scope.articles),
            write=[vectors.table.flush, claims_of.flush],
        )

    new = list(scope.articles)
    story_of = stories_of(store, new)
    stories = set(story_of.values()) | set(scope.stories)
    wanted = set(new) | set(articles_of_stories(store, stories))
    if any(article not in story_of for article in new):
        wanted |= set(articles_without_story(store))  # one pool, as in a full run
    speakers = {
        str(r["identity"])
        for r in records_where(store, "identity_links", "article_id", new)
        if r["kind"] == "quotes"
    }
    wanted |= {
        str(r["article_id"])
        for r in records_where(store, "identity_links", "identity", speakers)
        if r["kind"] == "quotes"
    }
    old: dict[str, dict[str, Any]] = {}
    frontier = set(wanted)
    while frontier:
        claims_of.load(frontier)
        reached = {i for article in frontier for i in claims_of.get(article, [])} - old.keys()
        frontier = set()
        for record in records_where(store, "claims", "id", reached):
            old[record["id"]] = record
            for appearance in record.get("appearances") or []:
                if appearance["article"] not in wanted:
                    wanted.add(appearance["article"])
                    frontier.add(appearance["article"])

    index = link_claims(claim_articles(store, sorted(wanted)), encode=vectors)
    keep_claim_ids(index, old)
    changes = LinkChanges(linked=new, write=[vectors.table.flush, claims_of.flush])
    records = claim_records(index)
    kind = record_kind("claims")
    for record in records:
        shaped = kind.from_row(kind.to_row(record))
        before = old.get(record.id)
        if before is None or any(before.get(k) != v for k, v in shaped.items()):
            changes.upsert("claims", record)
    kept = {record.id for record in records}
    changes.delete("claims", *((claim_id,) for claim_id in sorted(old.keys() - kept)))
    now = _claims_of_articles(index)
    for article in wanted:
        if article in now:
            if claims_of.get(article) != now[article]:
                claims_of[article] = now[article]
        elif article in claims_of:
            del claims_of[article]
    return changes


def claim_of_quotes(store: Any) -> dict[tuple[str, int, int], str]:
    """(article, start, end) of every stored statement → its claim id (for ``quote.claim``)."""
    from newstrail.models import record_kind

    try:
        kind = record_kind("claims")
    except (KeyError, ValueError):
        return {}
    found: dict[tuple[str, int, int], str] = {}
    for claim in store.link_records(kind):
        for appearance in claim["appearances"]:
            found[(appearance["article"], appearance["start"], appearance["end"])] = claim["id"]
    return found


def _register() -> None:
    from newstrail.link import Linker, register_linker

    register_linker(Linker("claims", VERSION, find_claims, kinds=("claims",), streaming=True))


_register()
