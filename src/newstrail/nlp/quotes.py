"""newstrail_quotes: who said (or thinks, plans, announced) what, with cue, speaker and extent.

Writes ``doc._.quotes: list[Quote]``, sorted by start. Three passes over the parsed doc:

1. **Quotation spans** from the raw text, by the one quotation scanner
   (:func:`newstrail.nlp.quotation.find_quote_spans`).
2. **Attributions from the parse**: a cue verb from the language layer (``lexicon/speech.json``)
   with a clausal content (``ccomp``/``xcomp``: "X reminded that ...", "she plans to ..."), a direct
   object or prepositional content ("X stressed Kalbajar's potential"), "according to X, ...",
   and "..., X said" parentheticals. Source = the subject (with appositives), cue = the verb group
   (auxiliaries, negation, adverbs, particle). A content that reaches into a quotation is widened to
   the whole quotation ("A. B," he said → both sentences).
3. **Direct quotes** not yet attributed: cue and source next to the quotation (before, after or in
   the middle: "“A,” he said, “B.”"), or an introducing clause ending in a colon, possibly in the
   previous paragraph ("X shared his impressions with Y:" → next paragraph).

Quotes inside a quote are kept as nested quotes (single-quoted passages, or reported speech of a
third party inside the quote); the speaker's own "we believe" stays part of the outer quote.

Speakers: the mention is the in-text source; its canonical entity comes from the coreference
component (:func:`newstrail.nlp.coref.entity_for`), the only speaker resolver. Otherwise a
proper-name mention names itself and "the post" takes the author of the post introduced earlier;
a pronoun coreference did not resolve, and anything else, is left unresolved (``name=None``):
never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

import newstrail.nlp  # noqa: F401  (declares the Doc extensions)
from newstrail.models import Quote, QuoteKind, Speaker, TextSpan
from newstrail.nlp import component_id, doc_text
from newstrail.nlp.coref import entity_for
from newstrail.nlp.entities import is_common_plural
from newstrail.nlp.lexicon import lexicon, words
from newstrail.nlp.quotation import (
    ALL_MARKS,
    DOUBLE_MARKS,
    DOUBLE_OPEN,
    SINGLE_CLOSE,
    SINGLE_OPEN,
    STRAIGHT_DOUBLE,
    STRAIGHT_SINGLE,
    QSpan,
    find_quote_spans,
)

NAME = "newstrail_quotes"
VERSION = "1.0.0"
COMPONENT = component_id(NAME, VERSION)
# The contract (spaCy's requires/assigns): what this component reads and writes.
REQUIRES = [
    "doc._.entities",
    "doc._.coref_clusters",
    "doc.ents",
    "token.dep",
    "token.lemma",
    "doc.sents",
]
ASSIGNS = ["doc._.quotes"]


@dataclass(frozen=True)
class Lexicon:
    """The words newstrail_quotes reads, from the language layer (``nlp/lexicon/*.json``)."""

    clause_verbs: frozenset[str]
    weak_clause_verbs: frozenset[str]
    object_verbs: frozenset[str]
    weak_object_verbs: frozenset[str]
    prep_verbs: dict[str, frozenset[str]]
    speech_verbs: frozenset[str]  # verbs of saying, and verbs that introduce a quotation
    colon_intro_verbs: frozenset[str]
    document_nouns: frozenset[str]
    authoring_verbs: frozenset[str]
    honorifics: frozenset[str]
    first_second_person: frozenset[str]
    person_pronouns: frozenset[str]  # he, him, she, her ...
    headline_colon_max_tokens: int
    cue_weekdays: frozenset[str]
    cue_statement_nouns: frozenset[str]
    colon_label_words: frozenset[str]

    @classmethod
    def load(cls) -> Lexicon:
        speech = lexicon("speech")
        pronouns: dict[str, list[Any]] = lexicon("pronouns")["pronouns"]
        return cls(
            clause_verbs=words("speech", "clause_verbs"),
            weak_clause_verbs=words("speech", "weak_clause_verbs"),
            object_verbs=words("speech", "object_verbs"),
            weak_object_verbs=words("speech", "weak_object_verbs"),
            prep_verbs={k: frozenset(v) for k, v in speech["prep_verbs"].items()},
            speech_verbs=words("speech", "speech_verbs") | words("speech", "quotation_verbs"),
            colon_intro_verbs=words("speech", "colon_intro_verbs"),
            document_nouns=words("speech", "document_nouns"),
            authoring_verbs=words("speech", "authoring_verbs"),
            honorifics=words("people", "honorifics"),
            first_second_person=frozenset(w for w, v in pronouns.items() if v[3] in (1, 2)),
            person_pronouns=frozenset(
                w for w, v in pronouns.items() if v[0] == "PERSON" and v[3] == 3
            ),
            headline_colon_max_tokens=int(speech["headline_colon_max_tokens"]),
            cue_weekdays=words("speech", "cue_weekdays"),
            cue_statement_nouns=words("speech", "cue_statement_nouns"),
            colon_label_words=words("speech", "colon_label_words"),
        )


# ---------------------------------------------------------------------------------------------
# 2./3. attributions

Frag = tuple[int, int]


@dataclass(slots=True)
class _Attr:
    cue: Frag | None
    source: Frag | None
    content: list[Frag]
    cue_token: Token | None = None
    source_token: Token | None = None  # head of the source mention
    author_of: Token | None = None  # document noun ("the post") whose author is the speaker
    nested: bool = False
    via: str = ""
    extras: dict[str, Any] = field(default_factory=dict)


# Shorter unattributed quotations are mostly scare quotes and titles, not speech.
UNATTRIBUTED_MIN_WORDS = 6

_PUNCT_TRIM = set(".,;:!?—–-()[]") | {"--"}


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Token range without leading/trailing punctuation (a quotation mark stays only when its
    partner is inside), whitespace, and leading conjunctions."""
    while start < end and (
        doc[start].is_space
        or doc[start].text in _PUNCT_TRIM
        or (doc[start].is_quote and not _has_partner(doc, start, end, forward=True))
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_space
        or (
            doc[end - 1].text in _PUNCT_TRIM
            and not (doc[end - 1].text in ")]" and any(t.text in "([" for t in doc[start:end]))
        )
        or (doc[end - 1].is_quote and not _has_partner(doc, start, end - 1, forward=False))
    ):
        end -= 1
    return (start, end) if end > start else None


def _has_partner(doc: Doc, start: int, at: int, forward: bool) -> bool:
    if forward:
        return any(doc[k].is_quote for k in range(at + 1, at + 200) if k < len(doc) and k >= start)
    return any(doc[k].is_quote for k in range(start, at))


def _tok_frag(doc: Doc, start: int, end: int) -> Frag:
    return (doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))


def _subtree_range(tok: Token, exclude: Iterable[Token] = ()) -> tuple[int, int]:
    excluded: set[int] = set()
    for ex in exclude:
        excluded.update(t.i for t in ex.subtree)
    idx = [t.i for t in tok.subtree if t.i not in excluded]
    return min(idx), max(idx) + 1


class Component:
    def __init__(self, lexicon: Lexicon | None = None):
        self.lex = lexicon or Lexicon.load()
        self._top: list[QSpan] = []  # top-level quotations of the doc being processed

    # -- entry point ----------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        qspans = find_quote_spans(text)
        top = [q for q in qspans if q.depth == 0 and _words(text[q.start : q.end]) >= 1]
        self._top = top
        attrs = self._parse_attrs(doc)
        for a in attrs:
            self._widen_to_quotes(doc, a, top)
        attrs = [a for a in attrs if a.content]
        attrs.extend(self._direct_quotes(doc, top, attrs))
        attrs = self._dedupe(attrs)
        attrs = self._nesting(doc, attrs, top, qspans)
        doc._.quotes = sorted(
            (self._to_quote(doc, a, attrs) for a in attrs), key=lambda q: (q.start, q.end)
        )
        return doc

    # -- parse-based attributions ---------------------------------------------------------------

    def _parse_attrs(self, doc: Doc) -> list[_Attr]:
        out: list[_Attr] = []
        for tok in doc:
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                a = self._according_to(doc, tok)
                if a is not None:
                    out.append(a)
                continue
            if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBZ", "VBP", "VBG"):
                continue
            a = self._verb_attr(doc, tok)
            if a is not None:
                out.append(a)
        out.extend(self._name_colon(doc))
        return out

    def _name_colon(self, doc: Doc) -> list[_Attr]:
        """Headline style "Kasich: We will go all the way": a short name, a colon, the words."""
        out: list[_Attr] = []
        text = doc_text(doc)
        next_start = 0
        for line in text.split("\n"):
            start, next_start = next_start, next_start + len(line) + 1
            m = re.match(r"^\s*([^:\n]{2,60}?)\s*:\s+(\S.*)$", line)
            if m is not None:
                s0, s1 = start + m.start(1), start + m.end(1)
                c0, c1 = start + m.start(2), start + m.end(2)
                src = doc.char_span(s0, s1, alignment_mode="expand")
                if (
                    src is not None
                    and 0 < len(src) <= self.lex.headline_colon_max_tokens
                    and any(t.pos_ == "PROPN" for t in src)
                    and not src[0].like_num
                    and not any(t.lower_ in self.lex.colon_label_words for t in src)
                    and any(
                        e.label_ in ("PERSON", "ORG", "NORP", "GPE")
                        and e.start_char < s1
                        and s0 < e.end_char
                        for e in doc.ents
                    )
                    and not any(t.pos_ in ("VERB", "AUX") for t in src)
                    and _words(text[c0:c1]) >= 3
                ):
                    while c1 > c0 and text[c1 - 1] in " .!?":
                        c1 -= 1
                    colon = text.index(":", s1)
                    colon_span = doc.char_span(colon, colon + 1, alignment_mode="expand")
                    if colon_span is None:
                        continue
                    out.append(
                        _Attr(
                            cue=(colon, colon + 1),
                            source=(s0, s1),
                            content=[(c0, c1)],
                            cue_token=colon_span[0],
                            source_token=src.root,
                            via="name-colon",
                        )
                    )
        return out

    def _according_to(self, doc: Doc, tok: Token) -> _Attr | None:
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None
        s0, s1 = _subtree_range(pobj, [c for c in pobj.children if c.dep_ == "relcl"])
        src = _trim(doc, s0, s1)
        head = tok.head
        while head.dep_ not in ("ROOT", "ccomp", "conj", "parataxis") and head.head.i != head.i:
            if head.pos_ in ("VERB", "AUX"):
                break
            head = head.head
        if head.i == tok.i or head in tok.subtree:
            return None
        sent = tok.sent
        c0, c1 = _subtree_range(head, [tok])
        c0, c1 = max(c0, sent.start), min(c1, sent.end)
        frags = self._frags_excluding(doc, c0, c1, set(range(tok.i, s1)))
        frags = _clip_paragraph(doc_text(doc), frags, tok.idx)
        if not frags or src is None:
            return None
        return _Attr(
            cue=_tok_frag(doc, tok.i, tok.i + 2),
            source=_tok_frag(doc, *src),
            content=frags,
            cue_token=tok,
            source_token=pobj,
            via="according",
        )

    def _frags_excluding(self, doc: Doc, start: int, end: int, excluded: set[int]) -> list[Frag]:
        frags: list[Frag] = []
        run_start: int | None = None
        for k in range(start, end + 1):
            inside = k < end and k not in excluded
            if inside and run_start is None:
                run_start = k
            elif not inside and run_start is not None:
                r = _trim(doc, run_start, k)
                if r is not None and _words(doc[r[0] : r[1]].text) >= 1:
                    frags.append(_tok_frag(doc, *r))
                run_start = None
        return frags

    def _verb_attr(self, doc: Doc, tok: Token) -> _Attr | None:
        lex = self.lex
        lemma = tok.lemma_.lower()
        children = list(tok.children)
        content_tok: Token | None = None
        obj_end: int | None = None
        obj_start: int | None = None
        cue_extra: list[Token] = []
        via = ""
        if lemma in lex.clause_verbs:
            content_tok = next((c for c in children if c.dep_ == "ccomp"), None)
            if content_tok is not None:
                via = "ccomp"
            else:
                x = next((c for c in children if c.dep_ == "xcomp"), None)
                if x is not None and any(c.dep_ == "aux" and c.lower_ == "to" for c in x.children):
                    content_tok, via = x, "xcomp"
                    # "urged Republicans to join ...": the object opens the content
                    dobj = next(
                        (c for c in children if c.dep_ == "dobj" and tok.i < c.i < x.i), None
                    )
                    if dobj is not None:
                        obj_start = _subtree_range(dobj)[0]
        if content_tok is None and lemma in ("ask", "wonder", "question", "inquire"):
            content_tok = next(
                (
                    c
                    for c in children
                    if c.dep_ in ("advcl", "ccomp")
                    and c.i > tok.i
                    and any(g.dep_ == "mark" and g.lower_ in ("if", "whether") for g in c.children)
                ),
                None,
            )
            if content_tok is not None:
                via = "ccomp"
        if content_tok is None and lemma in lex.prep_verbs:
            preps = lex.prep_verbs[lemma]
            for c in children:
                if c.dep_ in ("prep", "prt") and c.lower_ in preps:
                    pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
                    if pobj is not None and c.i > tok.i:
                        content_tok, via = pobj, "prep"
                        cue_extra.append(c)
                        break
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in lex.clause_verbs:
            return None  # "declined to say ...": the governing verb is the cue
        if content_tok is None and lemma in lex.object_verbs:
            dobj = next((c for c in children if c.dep_ == "dobj"), None)
            oprd = next((c for c in children if c.dep_ in ("oprd", "xcomp", "ccomp")), None)
            # "called the frontrunner “ISIS’ best recruiter.”": a quotation right after the object
            quoted_end: int | None = None
            if dobj is not None:
                d_end = doc[_subtree_range(dobj)[1] - 1]
                d_char = d_end.idx + len(d_end.text)
                q = next((q for q in self._top if 0 <= q.start - d_char <= 1), None)
                if q is not None:
                    span = doc.char_span(q.start, q.end, alignment_mode="expand")
                    quoted_end = span.end if span is not None else None
            if lemma == "call" and oprd is None and quoted_end is None:
                dobj = None
            pron_ok = (
                oprd is not None
                or quoted_end is not None
                or (dobj is not None and dobj.lower_ in self.lex.person_pronouns)
            )
            if dobj is not None and dobj.i > tok.i and (dobj.pos_ != "PRON" or pron_ok):
                content_tok, via = dobj, "dobj"
                if oprd is not None and oprd.i > dobj.i:
                    obj_end = _subtree_range(oprd)[1]
                if quoted_end is not None:
                    obj_end = max(obj_end or 0, quoted_end)
                # "slamming Kaine for his work ...": the reason belongs to the content
                why = next(
                    (
                        c
                        for c in children
                        if c.dep_ == "prep" and c.lower_ == "for" and c.i > dobj.i
                    ),
                    None,
                )
                if why is not None:
                    obj_end = max(obj_end or 0, _subtree_range(why)[1])
        parataxis = False
        if (
            content_tok is None
            and lemma in lex.speech_verbs
            and tok.dep_ == "parataxis"
            and any(c.dep_ == "nsubj" for c in children)
        ):
            # "..., he said." / "The plan, she said, is bad": content is the governing clause
            parataxis = True
            via = "parataxis"
        if (
            content_tok is None
            and not parataxis
            and tok.dep_ == "advcl"
            and (lemma in lex.speech_verbs or lemma in lex.clause_verbs)
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in children)
            and any(c.dep_ == "nsubj" for c in children)
        ):
            # "As Politico reported, ...": the main clause is the content
            parataxis = True
            via = "as"
        # passive: "was first reported by MSNBC" (the agent is the source), "it was revealed that"
        passive_subj = next((c for c in children if c.dep_ == "nsubjpass"), None)
        agent = next((c for c in children if c.dep_ == "agent"), None)
        agent_obj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent else None
        if (
            content_tok is None
            and not parataxis
            and passive_subj is not None
            and agent_obj is not None
            and (lemma in lex.clause_verbs or lemma in lex.object_verbs)
            and passive_subj.pos_ != "PRON"
        ):
            content_tok, via = passive_subj, "passive"
        if content_tok is None and not parataxis:
            return None
        # weak verbs (think, want, ...) only with an explicit non-pronoun-it subject
        subj = self._subject(tok)
        if agent_obj is not None and agent is not None and subj is None:
            subj = agent_obj
            cue_extra.append(agent)
        if subj is None and tok.dep_ in ("advcl", "conj", "xcomp") and via != "parataxis":
            subj = self._subject(tok.head) if tok.head.pos_ in ("VERB", "AUX") else None
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children)
        weak = (via in ("ccomp", "xcomp") and lemma in lex.weak_clause_verbs) or (
            via == "dobj" and lemma in lex.weak_object_verbs
        )
        if weak and (subj is None or subj.lower_ in ("it", "this", "that", "there")):
            return None
        if subj is not None and subj.lower_ in ("it", "there") and via != "prep":
            return None
        it_that = via == "ccomp" and passive_subj is not None and passive_subj.lower_ == "it"
        if (
            passive
            and agent_obj is None
            and not it_that
            and lemma not in ("expect", "ask", "quote")
        ):
            return None
        if via in ("dobj", "prep") and tok.tag_ in ("VBN",) and subj is None:
            return None
        if subj is None and agent_obj is None and not it_that and not parataxis:
            # "too early to tell whether ...", "it goes without saying": no one attributes
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in children):
                return None
            if tok.dep_ == "pcomp" and tok.head.lower_ in ("without", "by", "in"):
                return None
        # content
        sent = tok.sent
        if parataxis:
            head = tok.head
            c0, c1 = _subtree_range(head, [tok])
            c0, c1 = max(c0, sent.start), min(c1, sent.end)
            excluded = {t.i for t in tok.subtree}
            content = self._frags_excluding(doc, c0, c1, excluded)
        else:
            assert content_tok is not None
            c0, c1 = _subtree_range(content_tok)
            if obj_end is not None:
                c1 = max(c1, obj_end)
            if obj_start is not None:
                c0 = min(c0, obj_start)
            r = _trim(doc, c0, c1)
            content = [_tok_frag(doc, *r)] if r is not None else []
        content = _clip_paragraph(doc_text(doc), content, tok.idx)
        if not content:
            return None
        # cue: the verb group
        cue_toks = [tok, *cue_extra]
        for c in children:
            if (
                c.dep_ in ("aux", "auxpass", "neg")
                and c.i < tok.i
                and c.lower_ != "to"
                or c.dep_ == "advmod"
                and c.i < tok.i
                and c.i >= tok.i - 3
                and c.pos_ == "ADV"
                or c.dep_ == "prt"
                and c.i > tok.i
            ):
                cue_toks.append(c)
        cue_toks.extend(self._cue_tail(doc, tok))
        lo = min(t.i for t in cue_toks)
        hi = max(t.i for t in cue_toks) + 1
        if subj is not None and lo <= subj.i < hi:
            lo = tok.i
        cue = _tok_frag(doc, lo, hi)
        source = None
        if subj is not None:
            source = self._mention_range(doc, subj)
        return _Attr(
            cue=cue,
            source=source,
            content=content,
            cue_token=tok,
            source_token=subj,
            via=via,
        )

    def _cue_tail(self, doc: Doc, verb: Token) -> list[Token]:
        """Words news style glues to the cue: "said in a statement", "said Tuesday"."""
        k = verb.i + 1
        if k >= len(doc):
            return []
        nxt = doc[k]
        if nxt.head.i == verb.i and nxt.lower_ in self.lex.cue_weekdays:
            return [nxt]
        if nxt.head.i == verb.i and nxt.dep_ == "prep" and nxt.lower_ == "in":
            pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() in self.lex.cue_statement_nouns:
                return list(nxt.subtree)
        return []

    def _subject(self, tok: Token) -> Token | None:
        """The verb's subject; with several (a bad parse of a quotation), the one on the same
        side of the quotation marks as the verb."""
        subjects = [c for c in tok.children if c.dep_ == "nsubj"]
        if len(subjects) > 1:

            def quoted(t: Token) -> bool:
                return any(q.start <= t.idx < q.end for q in self._top)

            same = [c for c in subjects if quoted(c) == quoted(tok)]
            return same[0] if same else subjects[0]
        return subjects[0] if subjects else None

    def _mention_range(self, doc: Doc, head: Token) -> Frag | None:
        # PolNeAR convention: identifying modifiers, appositives and relative clauses included
        s0, s1 = _subtree_range(head)
        r = _trim(doc, s0, s1)
        if r is None:
            return None
        frags = _clip_paragraph(doc_text(doc), [_tok_frag(doc, *r)], head.idx)
        if not frags:
            return None
        f0, f1 = frags[0]
        text = doc_text(doc)
        # "Michael Tanner, an analyst at Cato, said": the closing comma of the apposition too
        if (
            "," in text[f0:f1]
            and text[f1 : f1 + 1] == ","
            and r[1] < len(doc)
            and doc[r[1]].text == ","
        ):
            k = r[1] + 1
            if k < len(doc) and doc[k].head.i != head.i and doc[k].i > head.i:
                f1 += 1
        return (f0, f1)

    # -- quotation handling -----------------------------------------------------------------

    def _widen_to_quotes(self, doc: Doc, a: _Attr, top: list[QSpan]) -> None:
        if not a.content or a.cue is None:
            return
        cue_start, cue_end = a.cue
        new: list[Frag] = []
        for f0, f1 in a.content:
            for q in top:
                if q.end <= f0 or q.start >= f1:
                    continue
                cue_inside = q.start <= cue_start < q.end
                if cue_inside:
                    continue
                # the content starts inside the quotation or at its mark: take the whole quote
                if q.start <= f0 and q.start < f1:
                    f0 = min(f0, q.start)
                    f1 = max(f1, q.end) if f1 <= q.end + 2 or f0 >= q.start else f1
                elif f0 < q.start < f1 and q.end > f1:
                    f1 = q.end  # mixed quote whose closing mark was left outside
            new.append((f0, f1))
        # a cue in the middle of a quotation: "“A,” he said, “B.” “C.”"
        if len(new) == 1:
            f0, f1 = new[0]
            if f1 <= cue_start and any(q.start <= f0 and f1 <= q.end for q in top):
                after = max(cue_end, a.source[1] if a.source and a.source[0] >= cue_end else 0)
                new.extend(_continuations(doc_text(doc), after, top))
        a.content = new

    def _direct_quotes(self, doc: Doc, top: list[QSpan], attrs: list[_Attr]) -> list[_Attr]:
        text = doc_text(doc)
        covered = [(f, a.cue) for a in attrs for f in a.content]
        out: list[_Attr] = []
        for q in top:
            if any(
                f0 < q.end and q.start < f1 and not (cue and q.start <= cue[0] < q.end)
                for (f0, f1), cue in covered
            ):
                continue
            if _words(text[q.start : q.end]) < 3:
                continue
            a = self._attr_colon(doc, q, attrs + out)
            a = a or self._attr_after(doc, q, attrs) or self._attr_before(doc, q, attrs)
            a = a or self._attr_dash(doc, q)
            if a is not None:
                out.append(a)
                covered.extend((f, a.cue) for f in a.content)
            elif self._continues_previous(text, q, attrs + out):
                covered.append(((q.start, q.end), None))
            elif _words(text[q.start : q.end]) >= UNATTRIBUTED_MIN_WORDS:
                # a quotation nobody is named for is still kept, with its speaker unknown
                out.append(_Attr(cue=None, source=None, content=[(q.start, q.end)], via="direct"))
        return out

    def _continues_previous(self, text: str, q: QSpan, attrs: list[_Attr]) -> bool:
        """A paragraph that is only a quotation, right after a paragraph with an attributed
        quotation, continues it (news convention): its content gains the paragraph."""
        line_start = text.rfind("\n", 0, q.start) + 1
        line_end = text.find("\n", q.end)
        line_end = len(text) if line_end < 0 else line_end
        if line_start == 0 or text[line_start : q.start].strip() or text[q.end : line_end].strip():
            return False
        prev_end = len(text[:line_start].rstrip())
        prev_start = text.rfind("\n", 0, prev_end) + 1
        previous = [
            a
            for a in attrs
            if a.source is not None
            and a.cue is not None
            and not a.nested
            and any(prev_start <= f0 < prev_end for f0, _ in a.content)
            and any(text[f0] in DOUBLE_OPEN + STRAIGHT_DOUBLE for f0, _ in a.content)
        ]
        if not previous:
            return False
        max(previous, key=lambda a: max(f1 for _, f1 in a.content)).content.append((q.start, q.end))
        return True

    def _attr_dash(self, doc: Doc, q: QSpan) -> _Attr | None:
        """“...” ― Jacklyn Ashley: a signed quotation (the dash is the cue)."""
        text = doc_text(doc)
        m = re.match(
            r"[ \t\u00a0]*([―—])[ \t\u00a0]*([^\n]{2,60}?)[ \t\u00a0.]*(?:\n|$)", text[q.end :]
        )
        if m is None:
            return None
        s0, s1 = q.end + m.start(2), q.end + m.end(2)
        name = doc.char_span(s0, s1, alignment_mode="expand")
        if name is None or not any(t.pos_ == "PROPN" for t in name) or len(name) > 8:
            return None
        dash = q.end + m.start(1)
        return _Attr(
            cue=(dash, dash + 1),
            source=(s0, s1),
            content=[(q.start, q.end)],
            cue_token=doc.char_span(dash, dash + 1, alignment_mode="expand")[0],  # type: ignore[index]
            source_token=name.root,
            via="direct-dash",
        )

    def _span_tokens(self, doc: Doc, start: int, end: int) -> Span | None:
        return doc.char_span(start, end, alignment_mode="expand")

    def _attr_after(self, doc: Doc, q: QSpan, attrs: list[_Attr]) -> _Attr | None:
        """“...,” the official said / said Trump / he noted."""
        span = self._span_tokens(doc, q.start, q.end)
        if span is None:
            return None
        k = span.end
        limit = min(len(doc), k + 10)
        # the attribution must come right after the quote, before the sentence ends
        j = k
        while j < limit and (
            doc[j].text in ",—–-" or (doc[j].is_space and "\n" not in doc[j].text)
        ):
            j += 1
        if j < limit and doc[j].text in ".!?" and not doc[j - 1].text.endswith(","):
            return None
        for t in doc[j:limit]:
            if t.text in ".!?;\n" or t.is_space and "\n" in t.text:
                break
            if t.is_quote:
                break
            if t.lemma_.lower() in self.lex.speech_verbs and t.pos_ in ("VERB", "AUX"):
                return self._attr_for_quote(doc, q, t, attrs, after=True)
        return None

    def _attr_before(self, doc: Doc, q: QSpan, attrs: list[_Attr]) -> _Attr | None:
        """He said, “...” / She told reporters: “...”"""
        span = self._span_tokens(doc, q.start, q.end)
        if span is None:
            return None
        k = span.start - 1
        if k < 0 or doc[k].text not in (",", ":"):
            return None
        if not _same_line(doc_text(doc), doc[k].idx, q.start):
            return None
        for t in reversed(doc[max(0, k - 8) : k]):
            if t.is_quote or t.text in ".!?" or "\n" in t.text:
                break
            if t.lemma_.lower() in self.lex.speech_verbs and t.pos_ in ("VERB", "AUX"):
                a = self._attr_for_quote(doc, q, t, attrs, after=False)
                if a is not None and doc[k].text == ":" and a.cue is not None:
                    pass
                return a
        return None

    def _attr_for_quote(
        self, doc: Doc, q: QSpan, verb: Token, attrs: list[_Attr], after: bool
    ) -> _Attr | None:
        existing = next(
            (a for a in attrs if a.cue_token is not None and a.cue_token.i == verb.i), None
        )

        def outside(t: Token) -> bool:
            return not (q.start <= t.idx < q.end)

        subj = next((c for c in verb.children if c.dep_ == "nsubj" and outside(c)), None)
        if subj is None:
            # "said Trump": the first noun after the verb
            for t in doc[verb.i + 1 : verb.i + 5]:
                if t.pos_ in ("PROPN", "NOUN", "PRON") and t.dep_ in (
                    "nsubj",
                    "dobj",
                    "npadvmod",
                    "attr",
                    "appos",
                    "dative",
                ):
                    subj = t
                    break
        cue_toks = [verb] + [
            c
            for c in verb.children
            if (c.dep_ in ("aux", "neg") or (c.dep_ == "advmod" and c.i < verb.i))
            and outside(c)
            and abs(c.i - verb.i) <= 3
        ]
        lo = min(t.i for t in cue_toks)
        hi = max(t.i for t in [verb, *self._cue_tail(doc, verb)]) + 1
        if subj is not None and lo <= subj.i < hi:
            lo = verb.i
        if hi < len(doc) and doc[hi].text == ":" and not after:
            hi += 1  # "Lombardi said: “...”": the colon belongs to the cue
        # "reads the post": the document is part of the cue, its author is the speaker
        author_of = None
        if (
            verb.lemma_.lower() == "read"
            and subj is not None
            and subj.i > verb.i
            and subj.lemma_.lower() in self.lex.document_nouns
        ):
            hi = max(t.i for t in subj.subtree) + 1
            author_of, subj = subj, None
        if existing is not None:
            attrs.remove(existing)
        content = [(q.start, q.end)]
        if after:
            end = max(_tok_frag(doc, lo, hi)[1], self._mention_end(doc, subj))
            content.extend(
                _continuations(doc_text(doc), end, [t for t in self._top if t.start > q.end])
            )
        return _Attr(
            cue=_tok_frag(doc, lo, hi),
            source=self._mention_range(doc, subj) if subj is not None else None,
            content=content,
            cue_token=verb,
            source_token=subj,
            author_of=author_of,
            via="direct-after" if after else "direct-before",
        )

    def _mention_end(self, doc: Doc, subj: Token | None) -> int:
        if subj is None:
            return 0
        frag = self._mention_range(doc, subj)
        return frag[1] if frag is not None else 0

    def _attr_colon(self, doc: Doc, q: QSpan, attrs: list[_Attr]) -> _Attr | None:
        """An introducing clause ending with a colon, in this or the previous paragraph."""
        text = doc_text(doc)
        j = q.start - 1
        while j >= 0 and text[j].isspace():
            j -= 1
        if j < 0 or text[j] != ":":
            return None
        colon = doc.char_span(j, j + 1, alignment_mode="expand")
        if colon is None:
            return None
        colon_tok = colon[0]
        para_start = text.rfind("\n", 0, j) + 1
        # an attribution already made in the introducing clause lends its source
        prior = [
            a for a in attrs if a.cue is not None and para_start <= a.cue[0] < j and not a.nested
        ]
        if prior:
            p = prior[-1]
            return _Attr(
                cue=(j, j + 1),
                source=p.source,
                content=[(q.start, q.end)],
                cue_token=colon_tok,
                source_token=p.source_token,
                author_of=p.author_of,
                via="colon-prior",
                extras={"speaker_of": p},
            )
        root = colon_tok.head
        while root.pos_ not in ("VERB", "AUX") and root.head.i != root.i:
            root = root.head
        if root.idx < para_start:
            root = colon_tok
        subj = self._subject(root)
        lemma = root.lemma_.lower()
        if root.pos_ in ("VERB", "AUX") and (
            lemma in self.lex.colon_intro_verbs or lemma in self.lex.speech_verbs
        ):
            cue_toks = [root] + [
                c
                for c in root.children
                if c.dep_ in ("aux", "neg") or (c.dep_ == "advmod" and c.i < root.i)
            ]
            lo = min(t.i for t in cue_toks)
            hi = root.i + 1
            dobj = next((c for c in root.children if c.dep_ == "dobj" and c.i > root.i), None)
            if dobj is not None and lemma not in self.lex.speech_verbs - {
                "share",
                "give",
                "offer",
                "express",
            }:
                hi = dobj.i + 1
            if subj is not None and lo <= subj.i:
                lo = root.i
            return _Attr(
                cue=_tok_frag(doc, lo, hi),
                source=self._mention_range(doc, subj) if subj is not None else None,
                content=[(q.start, q.end)],
                cue_token=root,
                source_token=subj,
                via="colon",
            )
        # "Trump: “...”" (a name and a colon) or any clause: the colon is the cue
        subj_tok = subj if subj is not None and subj.idx >= para_start else None
        if subj_tok is None:
            first = doc.char_span(para_start, j, alignment_mode="expand")
            before = first if first is not None else doc[colon_tok.i : colon_tok.i]
            if 0 < len(before) <= 6 and any(t.pos_ == "PROPN" for t in before):
                subj_tok = before.root
        return _Attr(
            cue=(j, j + 1),
            source=self._mention_range(doc, subj_tok) if subj_tok is not None else None,
            content=[(q.start, q.end)],
            cue_token=colon_tok,
            source_token=subj_tok,
            via="colon-bare",
        )

    # -- clean-up ---------------------------------------------------------------------------

    def _dedupe(self, attrs: list[_Attr]) -> list[_Attr]:
        out: list[_Attr] = []
        seen_cues: set[Frag] = set()
        for a in sorted(attrs, key=lambda a: 0 if a.via.startswith(("direct", "colon")) else 1):
            if a.cue is not None and a.cue in seen_cues:
                continue
            if a.cue is not None:
                seen_cues.add(a.cue)
            out.append(a)
        # a content that contains another attribution's cue and content: keep both (nesting)
        return out

    def _nesting(
        self, doc: Doc, attrs: list[_Attr], top: list[QSpan], qspans: list[QSpan]
    ) -> list[_Attr]:
        """Attributions whose cue lies inside a quotation are nested: kept only when a third
        party speaks ("They also stressed ..."), not the quoted speaker's own "we believe"."""
        out: list[_Attr] = []
        direct_contents = [
            f for a in attrs if a.via.startswith(("direct", "colon")) for f in a.content
        ]
        for a in attrs:
            if a.cue is None:
                out.append(a)
                continue
            inside = [q for q in top if q.start < a.cue[0] < q.end]
            if not inside:
                out.append(a)
                continue
            a.nested = True
            subj = a.source_token
            if subj is None or subj.lower_ in self.lex.first_second_person:
                continue
            if subj.pos_ == "PRON" and subj.lower_ not in ("they", "he", "she"):
                continue
            if subj.pos_ not in ("PROPN", "NOUN", "PRON"):
                continue  # "One of the painful moments was seeing how ...": nobody speaks
            q = inside[0]
            content = []
            for f0, f1 in a.content:
                f0, f1 = max(f0, q.start + 1), min(f1, q.end - 1)
                inner = next((s for s in qspans if s.depth > 0 and abs(s.start - f0) <= 1), None)
                content.append((inner.start, inner.end) if inner is not None else (f0, f1))
            a.content = content
            out.append(a)
        nested_contents = [f for a in out if a.nested for f in a.content]
        # single-quoted passages inside a direct quote: nested quotes without a speaker
        for q in qspans:
            if q.depth == 0 or _words(doc_text(doc)[q.start : q.end]) < 3:
                continue
            if (q.start, q.end) in nested_contents:
                continue
            if any(f0 <= q.start and q.end <= f1 for f0, f1 in direct_contents):
                out.append(
                    _Attr(
                        cue=None, source=None, content=[(q.start, q.end)], nested=True, via="nested"
                    )
                )
        return out

    # -- speakers ---------------------------------------------------------------------------

    def _to_quote(self, doc: Doc, a: _Attr, attrs: list[_Attr]) -> Quote:
        text = doc_text(doc)
        frags = sorted(a.content)
        start, end = frags[0][0], frags[-1][1]
        kind = _kind(text, frags)
        cue = TextSpan(text[a.cue[0] : a.cue[1]], *a.cue) if a.cue is not None else None
        speaker = self._speaker(doc, a, attrs)
        return Quote(
            text=text[start:end],
            start=start,
            end=end,
            kind=kind,
            cue=cue,
            speaker=speaker,
            fragments=[TextSpan(text[f0:f1], f0, f1) for f0, f1 in frags],
            component=COMPONENT,
        )

    def _speaker(self, doc: Doc, a: _Attr, attrs: list[_Attr]) -> Speaker:
        text = doc_text(doc)
        mention = TextSpan(text[a.source[0] : a.source[1]], *a.source) if a.source else None
        if a.author_of is not None:
            author = self._document_author(doc, a.author_of)
            if author is not None:
                name, label, role = self._resolve(doc, author, None)
                return Speaker(name=name, mention=None, label=label, role=role)
            return Speaker(name=None, mention=None)
        if a.source is None or a.source_token is None:
            return Speaker(name=None, mention=mention)
        name, label, role = self._resolve(doc, a.source_token, a.source)
        return Speaker(name=name, mention=mention, label=label, role=role)

    def _document_author(self, doc: Doc, noun: Token) -> Token | None:
        """ "the post" → the subject of an earlier "made a post"."""
        lemma = noun.lemma_.lower()
        for t in reversed(doc[: noun.i]):
            if t.lemma_.lower() == lemma and t.dep_ in ("dobj", "pobj"):
                verb = t.head
                if verb.lemma_.lower() in self.lex.authoring_verbs:
                    subj = self._subject(verb)
                    while subj is None and verb.dep_ == "conj" and verb.head.i != verb.i:
                        verb = verb.head
                        subj = self._subject(verb)
                    if subj is not None:
                        return subj
        return None

    def _resolve(
        self, doc: Doc, head: Token, frag: Frag | None
    ) -> tuple[str | None, str | None, str | None]:
        """Canonical (name, label, role) of a source mention, or names None when unresolved."""
        candidates: list[Frag] = []
        name_span = self._name_part(doc, head)
        if name_span is not None:
            candidates.append(name_span)
        candidates.append((head.idx, head.idx + len(head.text)))
        if frag is not None:
            candidates.append(frag)
        for c0, c1 in candidates:
            ent = entity_for(doc, c0, c1)
            if ent is not None and ent.name:
                return ent.name, ent.label, ent.role or self._appositive_role(doc, head)
        if head.pos_ == "PRON" or head.lower_ in self.lex.person_pronouns:
            return None, None, None  # a pronoun coreference did not resolve: never guessed
        # a proper-name mention names itself ("Farmers" at a sentence start is not a name)
        if name_span is not None and not (head.is_sent_start and is_common_plural(head)):
            name = self._clean_name(doc_text(doc)[name_span[0] : name_span[1]])
            label = self._label_at(doc, name_span)
            return name, label, self._appositive_role(doc, head)
        return None, None, None

    def _name_part(self, doc: Doc, head: Token) -> Frag | None:
        for ent in doc.ents:
            if ent.start <= head.i < ent.end and ent.label_ in ("PERSON", "ORG", "NORP", "GPE"):
                return (ent.start_char, ent.end_char)
        if head.pos_ == "PROPN":
            toks = [
                t
                for t in head.subtree
                if t.pos_ == "PROPN" and t.dep_ in ("compound", "flat") or t is head
            ]
            toks = [t for t in toks if head.i - 4 <= t.i <= head.i]
            return (min(t.idx for t in toks), head.idx + len(head.text))
        return None

    def _label_at(self, doc: Doc, frag: Frag) -> str | None:
        for ent in doc.ents:
            if ent.start_char <= frag[0] < ent.end_char:
                if ent.label_ == "PERSON":
                    return "PERSON"
                if ent.label_ in ("ORG", "NORP", "GPE"):
                    return "ORG"
        return None

    def _clean_name(self, name: str) -> str:
        words = name.split()
        while words and words[0].lower() in self.lex.honorifics:
            words = words[1:]
        cleaned = " ".join(words)
        cleaned = re.sub(r"[’']s$", "", cleaned)
        return cleaned or name

    def _appositive_role(self, doc: Doc, head: Token) -> str | None:
        for c in head.children:
            if c.dep_ == "appos" and c.i > head.i:
                excl = [g for g in c.children if g.dep_ in ("relcl",)]
                s0, s1 = _subtree_range(c, excl)
                r = _trim(doc, s0, s1)
                if r is not None:
                    return doc[r[0] : r[1]].text
        return None


def _continuations(text: str, after: int, top: list[QSpan]) -> list[Frag]:
    """Quotations that carry on after the attribution in the same paragraph ("“A,” he said,
    “B.” “C.”"): each separated from the previous one by punctuation and spaces only."""
    out: list[Frag] = []
    pos = after
    for q in sorted(top, key=lambda q: q.start):
        if q.start < pos:
            continue
        gap = text[pos : q.start]
        if "\n" in gap or gap.strip(" \t,.;:—–-") or len(gap) > 6:
            break
        out.append((q.start, q.end))
        pos = q.end
    return out


def _clip_paragraph(text: str, frags: list[Frag], anchor: int) -> list[Frag]:
    """Fragments cut to the paragraph holding ``anchor`` (the cue), trailing ``:;,`` removed."""
    p0 = text.rfind("\n", 0, anchor) + 1
    p1 = text.find("\n", anchor)
    p1 = len(text) if p1 < 0 else p1
    out: list[Frag] = []
    for f0, f1 in frags:
        f0, f1 = max(f0, p0), min(f1, p1)
        while f1 > f0 and text[f1 - 1] in " \t\r:;,—–":
            f1 -= 1
        while f0 < f1 and text[f0] in " \t\r:;,—–":
            f0 += 1
        if f1 > f0 and _words(text[f0:f1]):
            out.append((f0, f1))
    return out


def _same_line(text: str, a: int, b: int) -> bool:
    return "\n" not in text[min(a, b) : max(a, b)]


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


_OPENING_SINGLE = re.escape(SINGLE_OPEN + STRAIGHT_SINGLE)
_CLOSING_SINGLE = re.escape(SINGLE_CLOSE + STRAIGHT_SINGLE)
# A single-quoted passage inside a content makes it mixed: "called it ‘a disgrace’".
_SINGLE_QUOTED = re.compile(
    rf"(^|\W)[{_OPENING_SINGLE}][^{_CLOSING_SINGLE}]+[{_CLOSING_SINGLE}](\W|$)"
)


def _kind(text: str, frags: list[Frag]) -> QuoteKind:
    quoted = [text[f0:f1] for f0, f1 in frags]
    if all(q and q[0] in ALL_MARKS and q.rstrip(".,;:!?")[-1:] in ALL_MARKS for q in quoted):
        return "direct"
    if any(ch in DOUBLE_MARKS for q in quoted for ch in q) or any(
        _SINGLE_QUOTED.search(q) for q in quoted
    ):
        return "mixed"
    return "indirect"


@Language.factory(NAME, requires=REQUIRES, assigns=ASSIGNS)
def make_component(nlp: Language, name: str) -> Component:
    return Component()
