"""Direct quotations of newstrail_quotes: a quotation with its cue and source next to it.

Cue and source before, after or in the middle of the quotation ("“A,” he said, “B.”"), an
introducing clause ending in a colon (possibly in the previous paragraph), a signed quotation
("“...” ― Name"), a paragraph continuing the previous one's quotation; then duplicates and nested
attributions are sorted out.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from newstrail.nlp import doc_text
from newstrail.nlp.quotation import (
    DOUBLE_OPEN,
    STRAIGHT_DOUBLE,
    QSpan,
)
from newstrail.nlp.quotes_parse import (
    Frag,
    ParseAttributions,
    _Attr,
    _continuations,
    _same_line,
    _tok_frag,
    _words,
)

# Shorter unattributed quotations are mostly scare quotes and titles, not speech.
UNATTRIBUTED_MIN_WORDS = 6


class DirectQuotes(ParseAttributions):
    """Quotations attributed by their surroundings (the second pass), and the clean-up."""

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
