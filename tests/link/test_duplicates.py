"""Near-duplicates: syndication edits match their original; distinct reports do not."""

from __future__ import annotations

import random

import pytest

from newstrail.eval.duplicates import EDITS
from newstrail.link.duplicates import DuplicateIndex

ORIGINAL = "\n".join(
    [
        "River barges stranded as the Danube falls to a record low",
        "Cargo traffic on the Danube stopped near Vidin on Tuesday after the water level fell below two metres, the port authority said.",
        "Dozens of barges loaded with grain and fertiliser waited at anchor while dredgers worked on the shallowest stretch of the river.",
        "Shipping companies said each idle day costs them thousands of euros, and some have moved cargo to trucks and rail.",
        "Forecasters expect little rain before the end of the month, and the authority said restrictions could last for weeks.",
        "Farmers upstream said the low water had also made it harder to irrigate fields during the hottest weeks of the summer.",
    ]
)
OTHER_REPORT = "\n".join(
    [
        "Drought halts Danube shipping",
        "A drought has left the Danube too shallow for loaded barges at Vidin, where vessels queued on Tuesday.",
        "Port officials said the water stood under two metres and that dredging was under way.",
        "Grain exporters warned of delays and said they were looking at rail as an alternative.",
        "Meteorologists said no significant rain was expected this month.",
    ]
)


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_duplicates_syndication_edit_matches_original(edit: str) -> None:
    index = DuplicateIndex()
    assert index.add("original", ORIGINAL) is None
    match = index.add("copy", EDITS[edit](ORIGINAL, random.Random(0)))
    assert match is not None
    assert match.original == "original"
    assert 0.5 <= match.similarity <= 1.0


def test_duplicates_distinct_report_of_the_same_event_is_not_a_copy() -> None:
    index = DuplicateIndex()
    index.add("original", ORIGINAL)
    assert index.add("other", OTHER_REPORT) is None


def test_duplicates_copy_of_a_copy_points_at_the_original() -> None:
    index = DuplicateIndex()
    index.add("original", ORIGINAL)
    index.add("copy", ORIGINAL + "\nFollow us for more.")
    match = index.add("copy2", ORIGINAL + "\nFollow us for more.\nAll rights reserved.")
    assert match is not None and match.original == "original"


def test_duplicates_stored_signature_gives_the_same_answer() -> None:
    index = DuplicateIndex()
    signature = index.signature(ORIGINAL)
    index.add("original", signature=index.from_hashvalues(signature.hashvalues))
    assert index.add("copy", ORIGINAL + "\nSubscribe.") is not None
