"""Attributions of newstrail_quotes found in the parse: a cue verb with its content and source.

A cue verb from the language layer (``lexicon/speech.json``) with a clausal content
(``ccomp``/``xcomp``: "X reminded that ...", "she plans to ..."), a direct object or prepositional
content ("X stressed Kalbajar's potential"), "according to X, ...", "..., X said" parentheticals
and headline "Name: words". Also the token and character helpers the quotation module shares.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token

from newstrail.nlp import doc_text
from newstrail.nlp.lexicon import lexicon, words
from newstrail.nlp.quotation import (
    DOUBLE_MARKS,
    QSpan,
)
from newstrail.nlp.text import trim_tokens, word_count


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
    pronoun_gender: dict[str, str]  # he → m, she → f
    headline_colon_max_tokens: int
    cue_weekdays: frozenset[str]
    cue_statement_nouns: frozenset[str]
    colon_label_words: frozenset[str]
    speaking_nouns: frozenset[str]  # common nouns that can speak: people, organisations
    place_speaker_role: str  # "Baku said": the government speaks

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
            pronoun_gender={w: str(v[1]) for w, v in pronouns.items() if v[1] in ("m", "f")},
            headline_colon_max_tokens=int(speech["headline_colon_max_tokens"]),
            cue_weekdays=words("speech", "cue_weekdays"),
            cue_statement_nouns=words("speech", "cue_statement_nouns"),
            colon_label_words=words("speech", "colon_label_words"),
            place_speaker_role=str(speech["place_speaker_role"]),
            speaking_nouns=words("people", "person_nouns")
            | words("people", "person_descriptors")
            | words("people", "org_descriptors"),
        )


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


# How much of the attribution's sentence may follow its cue before a quoted sentence that
# continues the quotation ("“A,” she said at a briefing on Monday. “B.”").
CONTINUATION_GAP_CHARS = 120
# Shorter unattributed quotations are mostly scare quotes and titles, not speech.
UNATTRIBUTED_MIN_WORDS = 6


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """A content's or source's token range trimmed (:func:`newstrail.nlp.text.trim_tokens`:
    a quotation mark stays only when its partner is inside), or None when nothing is left."""
    start, end = trim_tokens(doc, start, end)
    return (start, end) if end > start else None


def _tok_frag(doc: Doc, start: int, end: int) -> Frag:
    return (doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))


def _subtree_range(tok: Token, exclude: Iterable[Token] = ()) -> tuple[int, int]:
    excluded: set[int] = set()
    for ex in exclude:
        excluded.update(t.i for t in ex.subtree)
    idx = [t.i for t in tok.subtree if t.i not in excluded]
    return min(idx), max(idx) + 1


def _continuations(text: str, after: int, top: list[QSpan]) -> list[Frag]:
    """Quotations that carry on after the attribution in the same paragraph ("“A,” he said,
    “B.” “C.”"): each separated from the previous one by punctuation and spaces only."""
    out: list[Frag] = []
    pos = after
    for q in sorted(top, key=lambda q: q.start):
        if q.start < pos:
            continue
        gap = text[pos : q.start]
        if "\n" in gap:
            break
        # "“A,” she said, clapping. “B.”": a quoted sentence after the attribution's sentence
        # carries on the same speaker's words, when it is a whole sentence (a quotation ending
        # in a comma has an attribution of its own: "“B,” he replied.")
        beyond_punctuation = gap.strip(" \t,.;:—–-") or len(gap) > 6
        if (beyond_punctuation or gap.rstrip().endswith((".", "!", "?"))) and (
            out or not _sentence_continuation(text, gap, q)
        ):
            break
        out.append((q.start, q.end))
        pos = q.end
    return out


def _sentence_continuation(text: str, gap: str, q: QSpan) -> bool:
    """The gap ends the attribution's sentence without quoting anyone else, and ``q`` is a
    whole quoted sentence that starts the next one."""
    if not gap.rstrip().endswith((".", "!", "?")) or len(gap) > CONTINUATION_GAP_CHARS:
        return False
    if any(ch in DOUBLE_MARKS for ch in gap):
        return False
    inner = text[q.start : q.end].rstrip(" \t")[:-1].rstrip()
    return inner.endswith((".", "!", "?", "…"))


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


_words = word_count


class ParseAttributions:
    """Attributions from the dependency parse (the first pass of the component)."""

    lex: Lexicon
    _top: list[QSpan]  # top-level quotations of the doc being processed

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
        # dependents the parser hung on the verb from another paragraph are not its roles
        children = [c for c in tok.children if _same_line(doc_text(doc), c.idx, tok.idx)]
        content_tok: Token | None = None
        obj_end: int | None = None
        obj_start: int | None = None
        cue_extra: list[Token] = []
        via = ""
        if lemma in lex.clause_verbs:
            # a clause the parser hung on the verb from another paragraph is not its content
            content_tok = next(
                (
                    c
                    for c in children
                    if c.dep_ == "ccomp" and _same_line(doc_text(doc), c.idx, tok.idx)
                ),
                None,
            )
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
        text = doc_text(tok.doc)
        subjects = [
            c for c in tok.children if c.dep_ == "nsubj" and _same_line(text, c.idx, tok.idx)
        ]
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
