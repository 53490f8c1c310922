"""newstrail_numbers: quantities with what they count, their unit and their modifier.

"Around 80 diplomats" → 80, counts "diplomats", mod APPROX; "more than 50 countries" → 50,
MORE_THAN; "seven people were killed" → 7 "people", about "killed"; "1,200 families"; "a death
toll of nine" → 9 "death toll"; "6 percent" → unit percent; "between 10 and 20" → 10, high 20,
mod RANGE; "thousands of people" → 1000, MORE_THAN. Modifiers use the TimeML ``mod`` vocabulary
the time component uses (APPROX, MORE_THAN, LESS_THAN, EQUAL_OR_MORE, EQUAL_OR_LESS) plus NEARLY
("nearly 25,000": just under, compatible with 25,000) and RANGE.

Not quantities: numbers inside time expressions (``doc._.times``: "May 31, 2020", "in 1993",
"four months"), inside names ("UN Security Council Resolution 822"), identifiers ("Flight 17"),
ordinals and clock times, and the pronoun "one" ("One of the painful moments").

Writes ``doc._.numbers: list[Quantity]`` in text order; ``text == doc.text[start:end]`` covers the
modifier, the number, its unit and range (not the counted noun, whose offsets are in
``counts_start``/``counts_end``). Word lists live in ``nlp/lexicon/numbers.json``.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

import newstrail.nlp  # noqa: F401  (declares the Doc extensions)
from newstrail.nlp import CONTRACT, PARSE, component_id, doc_text
from newstrail.nlp.lexicon import lexicon, words
from newstrail.records.numbers import Quantity

NAME = "newstrail_numbers"
VERSION = "1.0.0"
COMPONENT = component_id(NAME, VERSION)

__all__ = [
    *CONTRACT,
    "Component",
    "Quantity",
    "find_numbers",
]

_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# Entity labels whose names may hold digits without counting anything.
_NAME_LABELS = frozenset(
    {"ORG", "PERSON", "FAC", "PRODUCT", "LAW", "WORK_OF_ART", "EVENT", "GPE", "LOC", "NORP"}
)


def _lex() -> dict[str, Any]:
    return lexicon("numbers")


def _number(value: float) -> float:
    """Integral values as ints (80, not 80.0), for export and comparison."""
    return int(value) if float(value).is_integer() else value


class _Reader:
    """Reads the number starting at a token: digits, number words, scales, "a dozen"."""

    def __init__(self) -> None:
        lex = _lex()
        self.units: dict[str, int] = lex["units"]
        self.tens: dict[str, int] = lex["tens"]
        self.scales: dict[str, int] = lex["scales"]
        self.vague: dict[str, int] = lex["vague_plurals"]
        self.articles = words("numbers", "article_words")
        self.ones = words("numbers", "one_words")

    def is_word(self, low: str) -> bool:
        return low in self.units or low in self.tens

    def read(self, doc: Doc, i: int, limit: int) -> tuple[float, int, bool] | None:
        """(value, end token exclusive, vague) for the number starting at token ``i``."""
        tok = doc[i]
        low = tok.lower_
        if _DIGITS.fullmatch(tok.text):
            value = float(tok.text.replace(",", ""))
            j = i + 1
            if j < limit and doc[j].lower_ in self.scales:
                value *= self.scales[doc[j].lower_]
                j += 1
            return value, j, False
        if low in self.vague:
            # "tens of thousands", "hundreds of thousands"
            value = float(self.vague[low])
            j = i + 1
            if j + 1 < limit and doc[j].lower_ == "of" and doc[j + 1].lower_ in self.vague:
                value *= self.vague[doc[j + 1].lower_]
                j += 2
            return value, j, True
        if low in self.articles and i + 1 < limit:
            nxt = doc[i + 1].lower_
            if nxt in self.scales or nxt == "dozen":
                value = float(self.scales.get(nxt, 12))
                return value, i + 2, False
            return None
        if not self.is_word(low) and low not in self.scales:
            return None
        total, current, j, seen = 0.0, 0.0, i, False
        while j < limit:
            w = doc[j].lower_
            if w in self.units:
                current += self.units[w]
            elif w in self.tens:
                current += self.tens[w]
            elif w in self.scales and (seen or w in ("hundred", "thousand", "million")):
                scale = self.scales[w]
                if scale == 100:
                    current = (current or 1) * 100
                else:
                    total += (current or 1) * scale
                    current = 0.0
            elif w in ("-", "and") and seen and j + 1 < limit and self.is_word(doc[j + 1].lower_):
                pass  # "twenty-five", "two hundred and fifty"
            else:
                break
            seen = True
            j += 1
        if j == i:
            return None
        return total + current, j, False


def _in_spans(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _match_before(doc: Doc, i: int, phrases: dict[str, str], floor: int) -> tuple[str, int] | None:
    """The longest phrase of ``phrases`` ending right before token ``i``: (value, first token)."""
    for n in (3, 2, 1):
        if i - n < floor:
            continue
        key = " ".join(t.lower_ for t in doc[i - n : i])
        if key in phrases:
            return phrases[key], i - n
    return None


def _match_after(doc: Doc, j: int, phrases: dict[str, str], limit: int) -> tuple[str, int] | None:
    for n in (2, 1):
        if j + n > limit:
            continue
        key = " ".join(t.lower_ for t in doc[j : j + n])
        if key in phrases:
            return phrases[key], j + n
    return None


def _counted(doc: Doc, first: int, last: int, limit: int) -> tuple[int, int] | None:
    """Token range [a, b) of the noun phrase a number (tokens first..last-1) counts."""
    max_tokens = int(_lex()["max_counts_tokens"])
    of_words = words("numbers", "of_words")
    # "$50,000 worth of goods"
    if last + 1 < limit and doc[last].lower_ in words("numbers", "worth_words"):
        last += 1
    # "thousands of people", "700 kg of medicine"
    if last + 1 < limit and doc[last].lower_ in of_words:
        noun = doc[last + 1]
        head = noun
        # the head of the noun phrase right after "of"
        for tok in doc[last + 1 : min(limit, last + 1 + max_tokens)]:
            if tok.pos_ in ("NOUN", "PROPN") and tok.head.i == last:
                head = tok
                break
        else:
            head = next(
                (
                    t
                    for t in doc[last + 1 : min(limit, last + 1 + max_tokens)]
                    if t.pos_ in ("NOUN", "PROPN")
                ),
                noun,
            )
        if head.pos_ in ("NOUN", "PROPN"):
            return last + 1, head.i + 1
    numeral = doc[last - 1]
    for tok in doc[first:last]:
        if tok.dep_ == "nummod" and tok.head.i >= last:
            numeral = tok
            break
    head = numeral.head
    if (
        numeral.dep_ in ("nummod", "quantmod", "compound")
        and last <= head.i < limit
        and head.pos_ in ("NOUN", "PROPN")
        and head.i - last < max_tokens
    ):
        end = head.i + 1
        # "80 diplomats and military attachés": conjuncts without their own number
        for conj in head.conjuncts:
            if (
                head.i < conj.i < limit
                and conj.i - last < max_tokens + 3
                and conj.pos_ in ("NOUN", "PROPN")
                and not any(c.dep_ == "nummod" for c in conj.children)
            ):
                end = conj.i + 1
        return last, end
    # "a death toll of nine": the number is the object of "of" after the counted noun
    if numeral.dep_ == "pobj" and numeral.head.lower_ in of_words:
        noun = numeral.head.head
        if noun.pos_ in ("NOUN", "PROPN") and noun.i < first:
            start = noun.i
            while (
                start - 1 >= 0
                and doc[start - 1].dep_ in ("compound", "amod")
                and (doc[start - 1].head.i == noun.i)
            ):
                start -= 1
            return start, noun.i + 1
    # "seven killed": a participle right after the number
    if last < limit and doc[last].tag_ in ("VBN", "JJ") and doc[last].lower_ in _outcomes():
        return last, last + 1
    return None


def _outcomes() -> dict[str, str]:
    out: dict[str, str] = _lex()["outcomes"]
    return out


def _about(doc: Doc, counted: tuple[int, int] | None, first: int) -> str | None:
    """What a count is of, from the counted words, their modifiers and the governing verb."""
    outcomes = _outcomes()
    cands: list[Token] = []
    if counted is not None:
        a, b = counted
        noun = doc[b - 1]
        cands.extend(doc[a:b])
        cands.extend(c for c in noun.children if c.dep_ in ("amod", "acl", "relcl"))
        if noun.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "attr"):
            gov = noun.head.head if noun.dep_ == "pobj" else noun.head
            cands.append(gov)
    else:
        cands.append(doc[first].head)
    for tok in cands:
        for key in (tok.lower_, tok.lemma_.lower()):
            if key in outcomes:
                return outcomes[key]
    return None


def find_numbers(doc: Doc) -> list[Quantity]:
    lex = _lex()
    text = doc_text(doc)
    reader = _Reader()
    modifiers: dict[str, str] = lex["modifiers"]
    percent = {w: "percent" for w in lex["percent_words"]}
    currency_words: dict[str, str] = lex["currency_words"]
    currency_symbols: dict[str, str] = lex["currency_symbols"]
    measures: dict[str, str] = lex["measure_words"]
    identifier_before = words("numbers", "identifier_before")
    range_words = words("numbers", "range_words")
    openers: dict[str, str] = lex["range_openers"]

    blocked = [(t.start, t.end) for t in doc._.times or []]
    blocked += [(e.start, e.end) for e in doc._.entities or [] if e.label in _NAME_LABELS]
    blocked += [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _NAME_LABELS]

    out: list[Quantity] = []
    for sent in doc.sents:
        i, limit = sent.start, sent.end
        while i < limit:
            tok = doc[i]
            got = reader.read(doc, i, limit)
            if got is None:
                i += 1
                continue
            value, j, vague = got
            first = i
            span_start, span_end = tok.idx, doc[j - 1].idx + len(doc[j - 1])
            if _in_spans(span_start, span_end, blocked) or tok.ent_type_ == "ORDINAL":
                i = j
                continue
            nxt = doc[j] if j < limit else None
            prev = doc[i - 1] if i > sent.start else None
            # clock times, ratios, scores glued by ':' or '/', and identifiers ("Flight 17")
            if nxt is not None and nxt.text in (":", "/") and not nxt.whitespace_:
                i = j
                continue
            if prev is not None and prev.lower_ in identifier_before:
                i = j
                continue
            if (
                prev is not None
                and _DIGITS.fullmatch(tok.text)
                and prev.is_title
                and prev.pos_ == "PROPN"
                and not prev.is_sent_start
            ):
                i = j
                continue
            # "One of the painful moments": the pronoun, not a count
            if tok.lower_ in reader.ones and j == i + 1 and tok.dep_ != "nummod":
                i = j
                continue
            mod: str | None = lex["vague_mod"] if vague else None
            high: float | None = None
            unit: str | None = None
            # currency symbol before: "$50,000", "US$ 5 million"
            if prev is not None and prev.lower_ in currency_symbols:
                unit = currency_symbols[prev.lower_]
                first = i - 1
            found = _match_before(doc, first, modifiers, sent.start)
            # "handed over 700 kg": a verb particle, not a modifier
            if found is not None and doc[first - 1].dep_ != "prt":
                mod, first = found[0], found[1]
            # ranges: "between 10 and 20", "10 to 20", "10-20", "two or three"
            if j + 1 < limit and doc[j].lower_ in range_words:
                other = reader.read(doc, j + 1, limit)
                opener = doc[first - 1].lower_ if first > sent.start else ""
                ok = doc[j].lower_ in ("-", "–", "—", "or", "to") or (
                    opener in openers and openers[opener] == doc[j].lower_
                )
                if other is not None and ok and other[0] > value:
                    high, j = other[0], other[1]
                    # "between 10 and 20 million": the scale of the high end applies to both
                    scale = doc[j - 1].lower_
                    if scale in reader.scales and doc[i + 1].lower_ not in reader.scales:
                        value *= reader.scales[scale]
                    mod = "RANGE"
                    if opener in openers:
                        first -= 1
            # unit after: "6 percent", "580 million shillings", "700 kg"
            unit_after = _match_after(doc, j, percent, limit)
            if unit_after is None and j < limit:
                low = doc[j].lower_
                if low in currency_words:
                    unit_after = (currency_words[low], j + 1)
                elif low in measures:
                    unit_after = (measures[low], j + 1)
                else:
                    two = " ".join(t.lower_ for t in doc[j : j + 2])
                    if two in measures:
                        unit_after = (measures[two], j + 2)
            if unit_after is not None and unit is None:
                unit, j = unit_after
            counted = _counted(doc, i, j, limit)
            start, end = doc[first].idx, doc[j - 1].idx + len(doc[j - 1])
            q = Quantity(
                text=text[start:end],
                start=start,
                end=end,
                value=_number(value),
                unit=unit,
                mod=mod,
                high=_number(high) if high is not None else None,
                component=COMPONENT,
            )
            if counted is not None:
                a, b = counted
                q.counts_start, q.counts_end = doc[a].idx, doc[b - 1].idx + len(doc[b - 1])
                q.counts = text[q.counts_start : q.counts_end]
            q.about = _about(doc, counted, i)
            out.append(q)
            i = j
    return out


class Component:
    """Writes ``doc._.numbers`` (list of :class:`Quantity`)."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.numbers = find_numbers(doc)
        return doc


REQUIRES = ["doc._.times", "doc._.entities", "doc.ents", *PARSE]
ASSIGNS = ["doc._.numbers"]
Language.factory(NAME, requires=REQUIRES, assigns=ASSIGNS, func=lambda nlp, name: Component())
