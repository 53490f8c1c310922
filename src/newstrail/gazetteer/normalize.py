"""Name keys: how a place name is folded before lookup, so spelling variants meet.

``fold("Kəlbəcər") == "kalbacar"``, ``fold("Ağdərə") == "agdara"``, ``fold("St. John's") ==
"st johns"``. The same function folds gazetteer names at build time and text at lookup time.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["fold", "is_latin_key"]

# Letters NFKD does not decompose into ASCII: mapped by hand (data, not logic).
_SPECIAL: dict[int, str] = {
    ord(k): v
    for k, v in {
        "ə": "a",
        "Ə": "a",
        "ı": "i",
        "ß": "ss",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ħ": "h",
        "ŧ": "t",
        "ŋ": "n",
        "ʻ": "",
        "ʼ": "",
        "’": "",
        "'": "",
        "`": "",
        "‘": "",
        "ǝ": "a",
        "Ǝ": "a",
    }.items()
}


@lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    """Lower-case ASCII key of ``name``: diacritics dropped, punctuation to spaces, collapsed."""
    s = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    out: list[str] = []
    for ch in s:
        if unicodedata.combining(ch):
            continue
        if ch.isalnum():
            out.append(ch.lower())
        elif ch == ".":
            continue  # "U.S." -> "us", "St. Louis" -> "st louis"
        else:
            out.append(" ")
    return " ".join("".join(out).split())


def is_latin_key(key: str) -> bool:
    """Whether a folded key is plain ASCII (names in other scripts are not stored)."""
    return key.isascii() and bool(key)
