from __future__ import annotations

import pytest

from newstrail.cli.terminal import printable, printable_record


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]0;pwned\x07Title", "\\x1b]0;pwned\\x07Title"),
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("csi \x9b31m", "csi \\x9b31m"),
        ("back\rspace\x08", "back\\x0dspace\\x08"),
        ("bidi \u202eevil", "bidi \\u202eevil"),
        ("lines\nand\ttabs, café, 東京", "lines\nand\ttabs, café, 東京"),
    ],
)
def test_terminal_printable_shows_controls_as_escapes(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_terminal_printable_record_every_string_at_any_depth() -> None:
    record = {"title": "\x1b[2J", "quotes": [{"speaker": {"name": "\x07x"}, "start": 3}], "n": None}
    assert printable_record(record) == {
        "title": "\\x1b[2J",
        "quotes": [{"speaker": {"name": "\\x07x"}, "start": 3}],
        "n": None,
    }
