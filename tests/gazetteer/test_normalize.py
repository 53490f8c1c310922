from __future__ import annotations

import pytest

from newstrail.gazetteer.normalize import fold


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Kəlbəcər", "kalbacar"),
        ("Ağdərə", "agdara"),
        ("Kelbajar", "kelbajar"),
        ("St. John's", "st johns"),
        ("U.S.", "us"),
        ("  São   Paulo ", "sao paulo"),
        ("Xocalı", "xocali"),
        ("Winston-Salem", "winston salem"),
    ],
)
def test_normalize_fold(name: str, key: str) -> None:
    assert fold(name) == key
