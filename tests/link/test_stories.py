"""Story clustering in a stream: same event joins, another event of the same kind does not."""

from __future__ import annotations

from datetime import date

import pytest

from newstrail.eval.stories import adjusted_rand, score_clustering
from newstrail.link.stories import StoryFeatures, StoryIndex, content_terms


def features(
    article_id: str, text: str, people: set[str], when: date, places: set[str]
) -> StoryFeatures:
    return StoryFeatures(
        article_id=article_id,
        terms=content_terms(text),
        people=frozenset(people),
        surnames=frozenset(p.split()[-1] for p in people),
        main_people=frozenset(people),
        places=frozenset(places),
        when=when,
        year=when.year,
    )


QUAKE = "A strong earthquake struck the coastal province, collapsing houses and killing at least twelve people, rescuers said."
QUAKE_2 = "Rescuers searched collapsed houses after the strong earthquake in the coastal province killed twelve people."


def test_stories_same_event_joins_and_a_later_one_opens_a_new_story() -> None:
    index = StoryIndex()
    first = index.add(features("a", QUAKE, {"maria lopez"}, date(2024, 3, 1), {"g1"}))
    second = index.add(features("b", QUAKE_2, {"maria lopez"}, date(2024, 3, 2), {"g1"}))
    later = index.add(features("c", QUAKE, {"maria lopez"}, date(2024, 6, 1), {"g1"}))
    assert first.opened and not second.opened
    assert second.story == first.story
    assert later.story != first.story


def test_stories_unrelated_article_opens_its_own_story() -> None:
    index = StoryIndex()
    a = index.add(features("a", QUAKE, {"maria lopez"}, date(2024, 3, 1), {"g1"}))
    b = index.add(
        features(
            "b",
            "The central bank raised interest rates by half a point to fight inflation.",
            {"john smith"},
            date(2024, 3, 1),
            {"g2"},
        )
    )
    assert a.story != b.story


@pytest.mark.parametrize(
    ("gold", "predicted", "ari"),
    [([1, 1, 2, 2], [5, 5, 6, 6], 1.0), ([1, 1, 2, 2], [1, 2, 1, 2], -0.5)],
)
def test_stories_adjusted_rand(gold: list[int], predicted: list[int], ari: float) -> None:
    assert adjusted_rand(gold, predicted) == pytest.approx(ari)


def test_stories_b_cubed_perfect() -> None:
    assert score_clustering(["x", "x", "y"], [1, 1, 2])["b3"]["f1"] == 100.0
