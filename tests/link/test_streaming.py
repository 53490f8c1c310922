"""The link stage as a stream: new articles join open stories or open new ones, nothing linked is
recomputed, ids stay stable, runs resume, and ``rebuild`` gives what a single pass gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text, update

from newstrail import link
from newstrail.link import crossref, run_links
from newstrail.models import Article, Entity, Extraction, Place, Quote, Speaker, record_kind
from newstrail.store import Store
from newstrail.store import schema as s

DANUBE = (
    "Barges stranded as the Danube falls to a record low\n"
    "Cargo traffic on the Danube stopped near Vidin on Tuesday after the water level fell below two "
    "metres, port director Ivan Petrov said. Dozens of barges loaded with grain and fertiliser "
    "waited at anchor while dredgers worked on the shallowest stretch of the river. Shipping "
    "companies said each idle day costs them thousands of euros."
)
DANUBE_FOLLOW_UP = (
    "Danube shipping still halted at Vidin as dredgers struggle\n"
    "Barges loaded with grain remained stranded on the Danube near Vidin on Wednesday, port "
    "director Ivan Petrov said, as dredgers kept working on the shallow stretch of the river where "
    "the water level fell below two metres. Shipping companies counted the cost of idle days."
)
RATES = (
    "Central bank raises rates\nThe central bank raised its main interest rate by half a point on "
    "Thursday to fight inflation, governor Maria Lopez said after the board meeting in Sofia. "
    "Analysts had expected the increase after prices rose for a ninth month."
)
MINES = (
    "Miners strike over unpaid wages\nHundreds of coal miners walked out in Pernik on Friday over "
    "three months of unpaid wages, union leader Georgi Dimov said, and blocked the road to the "
    "pit. The mine's owner said payments would resume next week."
)

PEOPLE = {
    DANUBE: ("Ivan Petrov", "port director", "Vidin", 725712),
    DANUBE_FOLLOW_UP: ("Ivan Petrov", "port director", "Vidin", 725712),
    RATES: ("Maria Lopez", "governor", "Sofia", 727011),
    MINES: ("Georgi Dimov", "union leader", "Pernik", 728203),
}


def extraction_of(body: str) -> Extraction:
    found = Extraction()
    for person, role, place, geonameid in dict.fromkeys(PEOPLE.values()):
        if person not in body:
            continue
        start, at = body.index(person), body.index(place)
        found.entities.append(
            Entity(person, start, start + len(person), "PERSON", person, role=role)
        )
        found.places.append(Place(place, at, at + len(place), place, 43.9, 22.8, "BG", geonameid))
        found.quotes.append(
            Quote("x", 0, 1, "indirect", None, Speaker(person, label="PERSON", role=role))
        )
    return found


def add(store: Store, body: str, day: int, outlet: str = "Wire") -> str:
    published = f"2024-08-{day:02d}T09:00:00+00:00"
    article_id, _ = store.add(
        Article(body, published=published, outlet=outlet, title=body.split("\n", 1)[0]),
        extraction_of(body),
    )
    return article_id


def snapshot(store: Store) -> dict[str, Any]:
    kinds = ("stories", "article_links", "identities", "identity_links")
    return {name: store.link_records(record_kind(name)) for name in kinds}


def stories_of(store: Store) -> dict[str, list[str]]:
    return {r["id"]: r["articles"] for r in store.link_records(record_kind("stories"))}


ALL = [
    (DANUBE, 6, "Wire"),
    (DANUBE + "\nFollow us for more news.", 6, "Daily"),  # a syndicated copy
    (RATES, 7, "Daily"),
    (DANUBE_FOLLOW_UP, 7, "Herald"),
    (MINES, 9, "Wire"),
]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    count = iter(range(100))

    def make() -> Store:
        if request.param == "sqlite":
            return Store(str(tmp_path / f"kb{next(count)}.db"))
        return Store(request.getfixturevalue("pg_database")())

    return make


def only_crossref(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the issue-11 linkers (the claim linkers have their own tests)."""
    monkeypatch.setattr(
        link, "_LINKERS", {"stories": crossref.STORIES, "identities": crossref.IDENTITIES}
    )


@pytest.fixture(autouse=True)
def _crossref_only(monkeypatch: pytest.MonkeyPatch) -> None:
    link.linkers()  # register everything first, then keep the two
    only_crossref(monkeypatch)


def test_streaming_new_article_joins_open_story_or_opens_one(make_store: Any) -> None:
    store = make_store()
    wire = add(store, DANUBE, 6)
    rates = add(store, RATES, 7)
    run_links(store)
    before = stories_of(store)
    assert len(before) == 2
    follow_up = add(store, DANUBE_FOLLOW_UP, 7, "Herald")
    mines = add(store, MINES, 9)
    report = run_links(store)
    assert report.articles == {"stories": 2, "identities": 2}
    after = stories_of(store)
    story_of = {a: sid for sid, articles in after.items() for a in articles}
    assert story_of[follow_up] == story_of[wire] != story_of[rates]
    assert story_of[mines] not in (story_of[wire], story_of[rates])
    for story_id, articles in before.items():  # ids never change because of a later batch
        assert set(articles) <= set(after[story_id])
    record = next(r for r in store.link_records(record_kind("stories")) if wire in r["articles"])
    assert record["outlets"] == ["Herald", "Wire"] and record["independent_articles"] == 2
    petrov = [
        i for i in store.link_records(record_kind("identities")) if i["name"] == "Ivan Petrov"
    ]
    assert len(petrov) == 1 and sorted(petrov[0]["articles"]) == sorted([wire, follow_up])


def test_streaming_link_twice_changes_nothing(make_store: Any) -> None:
    store = make_store()
    for body, day, outlet in ALL:
        add(store, body, day, outlet)
    run_links(store)
    first = snapshot(store)
    again = run_links(store)
    assert again.summary() == "nothing new to link" and again.records == {}
    assert snapshot(store) == first


def test_streaming_in_batches_equals_rebuild(make_store: Any) -> None:
    store = make_store()
    for body, day, outlet in ALL:  # one article per run, in publication order
        add(store, body, day, outlet)
        run_links(store)
    streamed = snapshot(store)
    run_links(store, rebuild=True)
    assert snapshot(store) == streamed
    single = make_store()  # and a single pass over all of them
    for body, day, outlet in ALL:
        add(single, body, day, outlet)
    run_links(single)
    assert snapshot(single) == streamed


def test_streaming_copies_are_marked_across_batches(make_store: Any) -> None:
    store = make_store()
    original = add(store, DANUBE, 6)
    run_links(store)
    copy = add(store, "Danube barges stuck\n" + DANUBE.split("\n", 1)[1] + "\nSubscribe!", 6)
    run_links(store)
    links = {r["article_id"]: r for r in store.link_records(record_kind("article_links"))}
    assert links[copy]["duplicate_of"] == original and links[copy]["similarity"] >= 0.5
    assert links[copy]["story"] == links[original]["story"]
    (story,) = store.link_records(record_kind("stories"))
    assert story["independent_articles"] == 1 and story["articles"] == [original, copy]


def test_streaming_older_article_joins_in_arrival_order(make_store: Any) -> None:
    store = make_store()
    later = add(store, DANUBE_FOLLOW_UP, 10)
    run_links(store)
    earlier = add(store, DANUBE, 6)  # arrives after, published before
    run_links(store)
    (story,) = store.link_records(record_kind("stories"))
    assert story["articles"] == [earlier, later]  # publication order in the record
    assert story["first_published"].startswith("2024-08-06")


def test_streaming_interrupted_run_resumes(
    make_store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = make_store()
    for body, day, outlet in ALL:
        add(reference, body, day, outlet)
    run_links(reference)
    store = make_store()
    for body, day, outlet in ALL:
        add(store, body, day, outlet)
    monkeypatch.setattr(crossref, "BATCH", 2)
    calls = {"n": 0}
    original = crossref.StoryIndex.add

    def failing(self: Any, features: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 4:  # in the second batch
            raise KeyboardInterrupt
        return original(self, features)

    monkeypatch.setattr(crossref.StoryIndex, "add", failing)
    with pytest.raises(KeyboardInterrupt):
        run_links(store)
    done = s.link_done
    with store.engine.connect() as conn:
        marked = conn.execute(text("SELECT count(*) FROM link_done WHERE linker = 'stories'"))
        assert marked.scalar() == 2  # the first batch, committed with its records
        assert done is not None
    monkeypatch.setattr(crossref.StoryIndex, "add", original)
    report = run_links(store)
    assert report.articles == {"stories": 3, "identities": 5}
    assert snapshot(store) == snapshot(reference)


def test_streaming_merge_keeps_older_id_and_repoints(
    make_store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two stories of the Danube, apart until a report shows they are one (a low merge bar makes
    # the bridging article merge what it fits).
    monkeypatch.setattr(crossref, "StoryIndex", _index_with(merge_threshold=-100.0, threshold=0.0))
    store = make_store()
    first = add(store, DANUBE, 6)
    other = add(store, RATES, 6)
    run_links(store)
    stories = stories_of(store)
    assert len(stories) == 2
    older = min(stories, key=int)
    bridge = add(store, DANUBE + "\n" + RATES, 7)
    run_links(store)
    after = stories_of(store)
    assert list(after) == [older]  # the older id survives
    assert sorted(after[older]) == sorted([first, other, bridge])
    links = {r["article_id"]: r["story"] for r in store.link_records(record_kind("article_links"))}
    assert set(links.values()) == {older}  # re-pointed


def _index_with(**config: Any) -> Any:
    from newstrail.link.stories import StoryConfig, StoryIndex

    class Configured(StoryIndex):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(StoryConfig(**config), *args[1:], **kwargs)

    return Configured


def test_streaming_new_linker_version_rebuilds(make_store: Any) -> None:
    store = make_store()
    for body, day, outlet in ALL:
        add(store, body, day, outlet)
    run_links(store)
    first = snapshot(store)
    with store.engine.begin() as conn:
        conn.execute(
            update(s.link_state)
            .where(s.link_state.c.space == "stage.version", s.link_state.c.key == "stories")
            .values(value="0.9")
        )
    report = run_links(store)
    # the linkers after it recompute too (they may read story ids)
    assert report.articles == {"stories": 5, "identities": 5}
    assert snapshot(store) == first


def test_streaming_older_database_is_linked_from_scratch(tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    store = Store(db)
    for body, day, outlet in ALL:
        add(store, body, day, outlet)
    with store.engine.begin() as conn:  # as schema 4 left it: no link state tables
        for name in (
            "link_state",
            "link_done",
            "link_pending",
            "link_minhash_bands",
            "link_minhash",
        ):
            conn.execute(text(f"DROP TABLE {name}"))
        conn.execute(text("UPDATE newstrail_meta SET value = '4' WHERE key = 'schema_version'"))
    store.engine.dispose()
    reopened = Store(db)
    report = run_links(reopened)
    assert report.articles == {"stories": 5, "identities": 5}
    assert len(stories_of(reopened)) == 3


def in_memory_pass(store: Store) -> dict[str, Any]:
    """Every stored article through the in-memory indexes in publication order, as the link stage
    did before it was incremental (one pass over the store)."""
    from newstrail.link.duplicates import DuplicateIndex
    from newstrail.link.identities import IdentityResolver
    from newstrail.link.stories import StoryIndex, story_features

    a = s.articles
    with store.engine.connect() as conn:
        ids = list(
            conn.execute(
                a.select()
                .with_only_columns(a.c.id)
                .order_by(a.c.published_utc.is_(None), a.c.published_utc, a.c.id)
            ).scalars()
        )
    duplicates, stories, resolver = DuplicateIndex(), StoryIndex(), IdentityResolver()
    links, members, identity_links = {}, {}, set()
    for record in store.records_for_linking(ids):
        copy = duplicates.add(record["id"], record["text"])
        extraction = crossref.to_extraction(record)
        story = stories.add(story_features(record["id"], crossref.to_article(record), extraction))
        links[record["id"]] = (story.story, copy.original if copy else None)
        found = resolver.add_article(record["id"], extraction)
        for kind, resolved in (("entities", found.entities), ("places", found.places)):
            identity_links |= {
                (record["id"], kind, i, str(x)) for i, x in enumerate(resolved) if x is not None
            }
    for article_id, (story_id, _) in links.items():
        members.setdefault(str(stories.resolve(story_id)), []).append(article_id)
    return {
        "stories": members,
        "copies": {k: v[1] for k, v in links.items()},
        "identity_links": identity_links,
        "identities": {str(i): x.name for i, x in resolver.identities.cached()},
    }


def test_streaming_rebuild_gives_the_single_pass_records(make_store: Any) -> None:
    store = make_store()
    for body, day, outlet in reversed(ALL):  # stored out of publication order
        add(store, body, day, outlet)
        run_links(store)
    run_links(store, rebuild=True)
    expected = in_memory_pass(store)
    assert stories_of(store) == expected["stories"]
    links = store.link_records(record_kind("article_links"))
    assert {r["article_id"]: r["duplicate_of"] for r in links} == expected["copies"]
    stored = {
        (r["article_id"], r["kind"], r["position"], r["identity"])
        for r in store.link_records(record_kind("identity_links"))
        if r["kind"] != "quotes"
    }
    assert stored == expected["identity_links"]
    names = {r["id"]: r["name"] for r in store.link_records(record_kind("identities"))}
    assert names == expected["identities"]


def test_streaming_cli_links_new_then_nothing_then_rebuilds(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newstrail.cli.main import cli

    db = str(tmp_path / "kb.db")
    store = Store(db)
    for body, day, outlet in ALL[:3]:
        add(store, body, day, outlet)
    runner = CliRunner()
    first = runner.invoke(cli, ["link", "--db", db, "--quiet"])
    assert first.exit_code == 0, first.output
    assert "stories: stories" in first.output
    again = runner.invoke(cli, ["link", "--db", db, "--quiet"])
    assert again.exit_code == 0 and "nothing new to link" in again.output
    rebuilt = runner.invoke(cli, ["link", "--db", db, "--rebuild", "--quiet"])
    assert rebuilt.exit_code == 0 and "stories: article_links" in rebuilt.output


def test_streaming_later_linkers_get_what_changed(
    make_store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[link.LinkScope] = []

    def watch(store: Store, scope: link.LinkScope) -> link.LinkChanges:
        seen.append(scope)
        return link.LinkChanges(linked=list(scope.articles))

    watcher = link.Linker("watcher", "1", watch, streaming=True)
    monkeypatch.setitem(link._LINKERS, "watcher", watcher)
    store = make_store()
    wire = add(store, DANUBE, 6)
    run_links(store)
    assert seen[-1].full and seen[-1].articles == (wire,)
    follow_up = add(store, DANUBE_FOLLOW_UP, 7)
    run_links(store, ["stories", "identities"])  # the watcher does not run: its scope waits
    run_links(store)
    scope = seen[-1]
    story = {r["article_id"]: r["story"] for r in store.link_records(record_kind("article_links"))}
    assert not scope.full and scope.articles == (follow_up,)
    assert scope.stories == {story[follow_up]} and story[follow_up] == story[wire]
    petrov = next(
        r["id"] for r in store.link_records(record_kind("identities")) if r["name"] == "Ivan Petrov"
    )
    assert petrov in scope.identities
    count = len(seen)
    run_links(store)
    assert len(seen) == count  # nothing new: not called


def test_streaming_looks_past_what_is_linked(
    make_store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(link, "WATERMARK_MARGIN", 1)
    store = make_store()
    for body, day, outlet in ALL:
        add(store, body, day, outlet)
    run_links(store)
    with store.engine.connect() as conn:
        watermark = conn.execute(
            text("SELECT value FROM link_state WHERE space = 'stage.watermark' AND key = 'stories'")
        ).scalar()
        highest = conn.execute(text("SELECT max(seq) FROM articles")).scalar()
    assert int(watermark) == highest - 1  # the next run reads the newest article and on only
