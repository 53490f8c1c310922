"""The events the seed articles tell, as issue 13 lists them."""

from __future__ import annotations

from typing import Any

import pytest

from newstrail.nlp.events import Event


def _events(extractor: Any, article: Any) -> list[Event]:
    doc = extractor.run(article)
    for ev in doc._.events:
        for part in [ev, *ev.actors, *ev.recipients, *ev.places, *ev.counts]:
            assert article.text[part.start : part.end] == part.text
    return list(doc._.events)


@pytest.mark.model
def test_events_seed_000_visit_route(extractor: Any, seed_articles: Any) -> None:
    events = _events(extractor, seed_articles["000"])
    visits = [e for e in events if e.type == "CONSULT" and e.mode == "visit"]
    route = next(e for e in visits if any(p.role == "origin" for p in e.places))
    roles = [(p.role, p.name) for p in route.places]
    assert roles == [
        ("origin", "Naftalan"),
        ("via", "Aghdara"),
        ("stop", "Sarsang Reservoir"),
        ("destination", "Kalbajar"),
    ]
    assert route.asserted_by.name == "Hikmat Hajiyev"
    actor_names = {a.name or a.text for e in visits for a in e.actors}
    assert "Hikmat Hajiyev" in actor_names
    assert any("diplomatic corps" in a.text for e in visits for a in e.actors)
    # the first sentence: Hajiyev visited the Kalbajar district
    assert any(p.role == "destination" and p.name == "Kalbajar" for p in visits[0].places)


@pytest.mark.model
def test_events_seed_000_occupation_asserted_by_hajiyev(extractor: Any, seed_articles: Any) -> None:
    events = _events(extractor, seed_articles["000"])
    occupation = [
        e
        for e in events
        if e.time is not None
        and e.time.value == "1993"
        and "occupation" in [e.trigger.text, *(m.text for m in e.mentions)]
    ]
    assert occupation, [(e.type, e.trigger, e.time) for e in events]
    assert occupation[0].asserted_by.name == "Hikmat Hajiyev"
    assert any(p.name == "Kalbajar" for p in occupation[0].places)


@pytest.mark.model
def test_events_seed_002_visit_time_and_counts(extractor: Any, seed_articles: Any) -> None:
    events = _events(extractor, seed_articles["002"])
    visit = next(e for e in events if e.type == "CONSULT" and e.mode == "visit")
    assert visit.time is not None and visit.time.value == "2020-05-31"
    assert visit.time.precision == "day"
    assert any("diplomatic corps" in a.text for a in visit.actors)
    assert any(p.role == "destination" and p.name == "Kalbajar" for p in visit.places)
    counts = {(c.text, c.value, c.mod) for c in visit.counts}
    assert ("Around 80", 80, "APPROX") in counts
    assert ("more than 50", 50, "MORE_THAN") in counts
    assert ("10", 10, None) in counts
    whats = {c.what for c in visit.counts}
    assert {"diplomats and military attachés", "countries", "international organizations"} <= whats
    assert visit.asserted_by.kind == "outlet"
    assert len(visit.mentions) >= 1  # "took part in the visit to Kalbajar region"
