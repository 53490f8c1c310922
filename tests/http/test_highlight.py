"""Highlighting by offsets builds HTML from escaped pieces; overlaps split into segments."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from newstrail.http.highlight import Item, highlight


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Collect:
    parser = _Collect()
    parser.feed(html)
    parser.close()
    return parser


def test_highlight_escapes_every_piece_and_keeps_the_text() -> None:
    text = 'Eve <script>alert(1)</script> said "<b>hi</b>" & left <img src=x onerror=alert(2)>'
    items = [
        Item(0, 3, "entity", "entity-0", '/entity/Eve"><script>', "PERSON: <Eve>"),
        Item(4, 29, "quote", "quote-0", "#quote-0", "quote"),
        Item(12, 20, "place", "place-0", "/place/x", "Place"),
    ]
    html = str(highlight(text, items))
    parsed = _parse(html)
    assert set(parsed.tags) <= {"span", "a"}  # only our own elements
    assert "".join(parsed.text) == text  # nothing lost, nothing added
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert 'href="/entity/Eve&#34;&gt;&lt;script&gt;"' in html


def test_highlight_splits_overlaps_and_anchors_each_item() -> None:
    text = "Ann said Paris was fine in May."
    items = [
        Item(9, 30, "quote", "quote-0", "#quote-0", "q"),
        Item(9, 14, "place", "place-0", "/place/Paris", "p"),
        Item(27, 30, "time", "time-0", "/timeline", "t"),
        Item(0, 3, "speaker", "quote-0", "/entity/Ann", "s"),
    ]
    html = str(highlight(text, items))
    for start, end in ((9, 30), (9, 14), (27, 30), (0, 3)):
        assert f'id="o{start}-{end}"' in html
    paris = re.search(
        r'<span class="hl ([^"]+)" data-s="9" data-e="14"[^>]*><a href="([^"]+)"', html
    )
    assert paris and paris.group(1) == "hl-place hl-quote" and paris.group(2) == "/place/Paris"
    assert 'data-s="14" data-e="27"' in html  # the rest of the quote, linked to the quote
    assert "".join(_parse(html).text) == text


def test_highlight_ignores_items_outside_the_text() -> None:
    html = str(
        highlight(
            "short", [Item(3, 99, "entity", "e", "/x", "x"), Item(-1, 2, "entity", "e", "/x", "x")]
        )
    )
    assert html == "short"
