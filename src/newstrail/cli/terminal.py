"""Text from articles made safe to print on a terminal.

Titles, texts and file names come from anywhere; an escape sequence in them (``ESC]0;...BEL`` sets
the window title, ``ESC[31m`` colours, others rewrite the screen or the clipboard) must be shown,
not obeyed. Every CLI printer passes stored text through :func:`printable` (or a whole record
through :func:`printable_record`).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["printable", "printable_record"]

# C0 controls except tab and newline, DEL, C1 controls (U+009B is a one-character CSI), and the
# bidirectional overrides and isolates that reorder what is shown ("Trojan source").
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character written as a visible escape (``\\x1b``)."""
    return _UNSAFE.sub(_escape, text)


def printable_record(value: Any) -> Any:
    """A copy of a JSON-like record (dicts, lists, strings) with every string :func:`printable`."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {key: printable_record(item) for key, item in value.items()}
    if isinstance(value, list):
        return [printable_record(item) for item in value]
    return value
