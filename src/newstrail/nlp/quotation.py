"""The one quotation scanner: where quotations are in a text, for every component that asks.

:func:`find_quote_spans` pairs the marks of ``lexicon/marks.json`` (any quote style, straight marks
paired by context, nested single quotes, a quotation running over several paragraphs);
:func:`quote_mask` says per character whether it lies inside a double-quoted quotation.
``newstrail_quotes`` attributes the spans, ``newstrail_coref`` uses the mask to tell the
reporter's narrative from quoted speech.
"""

from __future__ import annotations

from dataclasses import dataclass

from newstrail.nlp.lexicon import lexicon

__all__ = [
    "ALL_MARKS",
    "DOUBLE_CLOSE",
    "DOUBLE_MARKS",
    "DOUBLE_OPEN",
    "GUILLEMETS",
    "SINGLE_CLOSE",
    "SINGLE_OPEN",
    "STRAIGHT_DOUBLE",
    "STRAIGHT_SINGLE",
    "QSpan",
    "find_quote_spans",
    "quote_mask",
]

_MARKS: dict[str, str] = lexicon("marks")
DOUBLE_OPEN: str = _MARKS["double_open"]
DOUBLE_CLOSE: str = _MARKS["double_close"]
SINGLE_OPEN: str = _MARKS["single_open"]
SINGLE_CLOSE: str = _MARKS["single_close"]
STRAIGHT_DOUBLE: str = _MARKS["straight_double"]
STRAIGHT_SINGLE: str = _MARKS["straight_single"]
ALL_MARKS: str = _MARKS["all"]
GUILLEMETS: str = _MARKS["guillemets"]
# Every double quotation mark, opening, closing or straight.
DOUBLE_MARKS: str = DOUBLE_OPEN + DOUBLE_CLOSE + STRAIGHT_DOUBLE


@dataclass(slots=True)
class QSpan:
    """A quotation, marks included: ``text[start:end]``; ``depth`` 0 = top level; ``double``
    when it opened with a double mark."""

    start: int
    end: int
    depth: int
    closed: bool = True
    double: bool = True


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def find_quote_spans(text: str) -> list[QSpan]:
    """Quotations in ``text``, outermost and nested, sorted by start.

    Double quotes (“ ” „ « » ") open the top level; single quotes (‘ ’ ‹ › ') nest inside them,
    or stand alone where no double quote is open. A straight ``"`` closes the open double quote
    and opens one otherwise. An apostrophe between letters ("Armenia’s") is never a mark. A
    quotation still open at the end of a paragraph continues when the next paragraph opens with a
    quotation mark (news convention), and is closed at the paragraph's end otherwise.
    """
    spans: list[QSpan] = []
    stack: list[tuple[str, int]] = []  # ("d"|"s", start)
    n = len(text)
    i = 0
    para_start = True

    def close_all(at: int) -> None:
        end = at
        while end > 0 and text[end - 1].isspace():
            end -= 1
        while stack:
            kind, start = stack.pop()
            if end > start + 1:
                spans.append(QSpan(start, end, len(stack), closed=False, double=kind == "d"))

    while i < n:
        ch = text[i]
        if ch == "\n":
            # end of paragraph: continue the quote if the next paragraph opens with a mark
            j = i
            while j < n and text[j].isspace():
                j += 1
            if stack:
                nxt = text[j] if j < n else ""
                doubled = text[j : j + 2] == STRAIGHT_SINGLE * 2
                if (
                    stack[0][0] == "d"
                    and (nxt in DOUBLE_OPEN + STRAIGHT_DOUBLE or doubled)
                    and j < n
                ):
                    del stack[1:]  # inner single quotes do not cross paragraphs
                    i = j + (2 if doubled else 1)
                    para_start = False
                    continue
                close_all(i)
            i = j
            para_start = True
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < n else " "
        if ch == STRAIGHT_SINGLE and nxt == STRAIGHT_SINGLE:
            # '' is a double quotation mark (wire and archive texts: ''It's anti-reform,'')
            if any(k == "d" for k, _ in stack) and not (para_start and not stack):
                _close(stack, spans, "d", i + 1)
            else:
                stack.append(("d", i))
            para_start = False
            i += 2
            continue
        if ch in DOUBLE_OPEN:
            stack.append(("d", i))
        elif ch in DOUBLE_CLOSE:
            _close(stack, spans, "d", i)
        elif ch == STRAIGHT_DOUBLE:
            if any(k == "d" for k, _ in stack) and not (para_start and not stack):
                _close(stack, spans, "d", i)
            else:
                stack.append(("d", i))
        elif ch in SINGLE_OPEN or (ch == STRAIGHT_SINGLE and not _is_word(prev) and _is_word(nxt)):
            if not _is_word(prev) or ch in GUILLEMETS:
                stack.append(("s", i))
        elif ch in SINGLE_CLOSE or ch == STRAIGHT_SINGLE:
            if _is_word(prev) and _is_word(nxt):
                pass  # apostrophe
            elif stack and stack[-1][0] == "s" and not prev.isspace():
                _close(stack, spans, "s", i)
        para_start = False
        i += 1
    close_all(n)
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans


def _close(stack: list[tuple[str, int]], spans: list[QSpan], kind: str, at: int) -> None:
    for k in range(len(stack) - 1, -1, -1):
        if stack[k][0] == kind:
            # anything opened after it is unbalanced: drop it
            start = stack[k][1]
            del stack[k:]
            spans.append(QSpan(start, at + 1, len(stack), double=kind == "d"))
            return


def quote_mask(text: str) -> list[bool]:
    """Per character, whether it lies inside a double-quoted quotation (marks included)."""
    mask = [False] * len(text)
    for span in find_quote_spans(text):
        if span.double and span.depth == 0:
            mask[span.start : span.end] = [True] * (span.end - span.start)
    return mask
