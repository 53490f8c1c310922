"""The offline place gazetteer: built from registry packages, extended with GeoNames dumps.

``default_gazetteer().is_place("Kalbajar")`` answers whether a string is a known place name;
``default_gazetteer().lookup(name)`` gives its candidates.
"""

from newstrail.gazetteer.build import build, default_path, fingerprint, is_current
from newstrail.gazetteer.core import (
    Candidate,
    Gazetteer,
    default_gazetteer,
    ensure_built,
    reset_default,
)
from newstrail.gazetteer.normalize import fold

__all__ = [
    "Candidate",
    "Gazetteer",
    "build",
    "default_gazetteer",
    "default_path",
    "ensure_built",
    "fingerprint",
    "fold",
    "is_current",
    "reset_default",
]
