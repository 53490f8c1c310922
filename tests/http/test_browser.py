"""The web UI in Debian's headless Chromium (never a downloaded browser), fully offline.

Drives search → article → person → map → place → timeline → side by side, and the hostile
article; asserts that no request leaves localhost, no page error, no dialog, no injected script
runs. Screenshots go to ``screenshots/`` (gitignored). Skips when Chromium or playwright is absent.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from newstrail.http.app import create_app
from newstrail.store import Store

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _skip_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is absent: install Debian's chromium (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install playwright)"
    return None


@contextmanager
def serving(store: Store) -> Iterator[str]:
    """The app over ``store`` on a free loopback port, in a thread; yields its base URL."""
    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(sample_store: tuple[Store, list[str]]) -> Iterator[str]:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    with serving(sample_store[0]) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


class Watch:
    """Every request, page error and dialog of a page; requests off localhost are aborted."""

    def __init__(self, page: Any):
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.route("**/*", self._route)
        page.on("request", self._request)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", self._console)
        page.on("dialog", self._dialog)

    @staticmethod
    def _local(url: str) -> bool:
        parsed = urlparse(url)
        return parsed.scheme in ("data", "about", "blob") or parsed.hostname in (
            "127.0.0.1",
            "localhost",
        )

    def _route(self, route: Any) -> None:
        if self._local(route.request.url):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def _request(self, request: Any) -> None:
        if not self._local(request.url):
            self.outside.append(request.url)

    def _console(self, message: Any) -> None:
        if message.type == "error":  # failed loads, CSP violations
            self.errors.append(f"console: {message.text}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def _shot(page: Any, name: str, full: bool = True) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full)


def test_browser_journey_search_article_person_map_timeline_compare(
    browser: Any, base_url: str, ids: list[str]
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = Watch(page)
    page.set_default_timeout(15_000)

    # Search with facets; the state is in the URL.
    page.goto(base_url + "/")
    page.fill("form.search input[name=q]", "Kalbajar")
    page.click("form.search button")
    page.wait_for_url("**/?q=Kalbajar*")
    assert page.locator("article.hit").count() == 2
    assert page.locator("article.hit mark").first.inner_text() == "Kalbajar"
    page.click("section.facet[data-facet=outlet] a:text-is('Report')")
    page.wait_for_url("**outlet=Report*")
    assert page.locator("article.hit").count() == 1
    _shot(page, "01-search")

    # Article: items highlighted by offsets, each clickable.
    page.click("article.hit h2 a")
    page.wait_for_selector("#article-text .hl-quote")
    assert page.locator("#article-text .hl-place").count() >= 2
    assert page.locator("#article-text .hl-time").count() >= 3
    _shot(page, "02-article")

    # Person: from the speaker highlighted in the text.
    page.click("#article-text .hl-speaker a")
    page.wait_for_url("**/entity/Hikmat%20Hajiyev")
    assert "assistant to the President of Azerbaijan" in page.inner_text("section.roles")
    assert "Report: 1 quote" in page.inner_text("section.quoted-by")
    assert page.locator("svg.timeline rect").count() >= 1
    _shot(page, "03-person")

    # Map: countries from world-atlas and one circle per located place, no tiles.
    page.click("header nav a:text-is('Map')")
    page.wait_for_url("**/map")
    page.locator("path.leaflet-interactive").nth(5).wait_for()  # six places
    page.locator(".leaflet-overlay-pane path").nth(100).wait_for()  # country boundaries
    _shot(page, "04-map", full=False)
    page.click("#place-table a:text-is('Geneva')")
    page.wait_for_url("**/place/Geneva")
    page.locator("path.leaflet-interactive").first.wait_for()
    _shot(page, "05-place")

    # Timeline of event times (1993 comes from the text, not from any publication date).
    page.click("header nav a:text-is('Timeline')")
    page.wait_for_url("**/timeline")
    assert page.locator("svg.timeline rect").count() == 7
    assert page.locator("#y1993").count() == 1
    _shot(page, "06-timeline")

    # Side by side: pick two articles.
    page.click("header nav a:text-is('Side by side')")
    page.select_option("select[name=a]", ids[0])
    page.select_option("select[name=b]", ids[1])
    page.click("form.search button")
    page.wait_for_url("**/compare?a=*&b=*")
    shared = page.locator("table.side tr.shared .mid").all_inner_texts()
    assert {"Hikmat Hajiyev", "Baku", "Kalbajar", "2022-05-31"} <= set(shared)
    assert page.locator("tr.all-quotes .quote").count() == 3
    _shot(page, "07-compare")

    assert watch.outside == []
    assert watch.errors == []
    assert watch.dialogs == []
    context.close()


def test_browser_hostile_article_runs_nothing(browser: Any, base_url: str, ids: list[str]) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = Watch(page)
    hostile = ids[3]
    for url in (
        f"/article/{hostile}",
        "/?q=Mallory",
        "/entity/Mallory%20Payload",
        f"/compare?a={ids[0]}&b={hostile}",
        "/timeline",
        "/map",
    ):
        page.goto(base_url + url)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof window.__pwned") == "undefined", url
        assert page.title().endswith(" · newstrail"), url  # the payload sets it to "pwned"
        assert page.locator("main iframe, main img, main textarea").count() == 0, url
        assert page.locator("footer").count() == 1, url  # the page did not break
    page.goto(base_url + f"/article/{hostile}")
    assert "<script>window.__pwned=1</script>" in page.inner_text("h1")
    assert "{{ 7*7 }}" in page.inner_text("#article-text")
    _shot(page, "08-hostile")
    assert watch.outside == [] and watch.errors == [] and watch.dialogs == []
    context.close()


@pytest.mark.model
def test_browser_pages_on_the_real_pipeline_corpus(browser: Any, corpus_store: Store) -> None:
    """Every kind of page over the demo corpus and seeds as ingested by the real pipeline."""
    with serving(corpus_store) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        watch = Watch(page)
        page.goto(base + "/api/articles?limit=100")
        articles = json.loads(page.inner_text("body"))["items"]
        page.goto(base + "/api/entities?label=PERSON&limit=3")
        people = json.loads(page.inner_text("body"))["items"]
        seeds = [a["id"] for a in articles if "seeds" in (a["path"] or "")]
        urls = ["/", "/?q=said", "/map", "/timeline", "/entities"]
        urls += [f"/article/{a['id']}" for a in articles]
        urls += [p["links"]["web"] for p in people]
        if len(seeds) == 2:
            urls.append(f"/compare?a={seeds[0]}&b={seeds[1]}")
        for url in urls:
            page.goto(base + url)
            page.wait_for_load_state("networkidle")
            assert page.locator("footer").count() == 1, url
            assert page.evaluate("typeof window.__pwned") == "undefined", url
        page.goto(base + "/map")
        page.locator(".leaflet-overlay-pane path").nth(100).wait_for()
        _shot(page, "10-corpus-map", full=False)
        if len(seeds) == 2:
            page.goto(base + f"/compare?a={seeds[0]}&b={seeds[1]}")
            _shot(page, "11-seeds-side-by-side")
        assert watch.outside == [] and watch.errors == [] and watch.dialogs == []
        context.close()
