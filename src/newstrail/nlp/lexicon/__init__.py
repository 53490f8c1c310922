"""The language layer: every English word list, pattern and mark the components use, as data.

Each list lives in exactly one JSON file beside this module (``<name>.json``) and is read through
:func:`lexicon`; no ``nlp/`` module defines a word list in its logic. A file holds one JSON object
whose keys name its lists; lists of words are read as frozensets by :func:`words`.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["lexicon", "words"]

_HERE = Path(__file__).parent


@cache
def lexicon(name: str) -> dict[str, Any]:
    """The parsed ``<name>.json`` of the language layer (read once per process)."""
    data: dict[str, Any] = json.loads((_HERE / f"{name}.json").read_text("utf-8"))
    return data


@cache
def words(name: str, key: str) -> frozenset[str]:
    """The list ``key`` of ``<name>.json`` as a frozenset of strings."""
    return frozenset(lexicon(name)[key])
