"""The web pages render on a real database; untrusted text never becomes markup."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

from tests.sample import INJECTION_TITLE

HTML = {"accept": "text/html"}


class _Scripts(HTMLParser):
    """Collects every element that could run code or load something."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.handlers: list[tuple[str, str]] = []
        self.risky: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
        if tag in ("iframe", "img", "svg", "textarea", "object", "embed", "b", "i"):
            self.risky.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name == "href" and (value or "").strip().lower().startswith("javascript:"):
                self.handlers.append((tag, "javascript-href"))


def _get(client: Any, url: str) -> str:
    response = client.get(url, headers=HTML)
    assert response.status_code == 200, (url, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    return str(response.text)


def test_views_every_page_renders(client: Any, ids: list[str]) -> None:
    pages = [
        "/",
        "/?q=Kalbajar",
        "/?q=Kalbajar&outlet=Report&year=2022",
        "/?speaker=Hikmat%20Hajiyev",
        "/?place=Baku&page=1",
        f"/article/{ids[0]}",
        f"/article/{ids[0][:8]}",
        "/entities",
        "/entities?label=ORG&q=min",
        "/entity/Hikmat%20Hajiyev",
        "/entity/Foreign%20Ministry",
        "/place/Kalbajar",
        "/place/Lima",
        "/map",
        "/timeline",
        "/timeline?events_since=2022-01-01&events_until=2023-01-01&entity=Hikmat%20Hajiyev",
        "/compare",
        f"/compare?a={ids[0]}",
        f"/compare?a={ids[0]}&b={ids[2]}",
        "/docs",
    ]
    for url in pages:
        _get(client, url)


def test_views_search_keeps_state_in_the_url(client: Any) -> None:
    page = _get(client, "/?q=Kalbajar&outlet=Report")
    assert "1 article matching" in page
    # The facet links keep the query and toggle their own value.
    assert 'href="/?q=Kalbajar"' in page  # switching Report off
    assert "/?q=Kalbajar&amp;outlet=Report&amp;year=2022" in page
    assert "<mark>Kalbajar</mark>" in page


def test_views_article_highlights_items_by_offset(client: Any, ids: list[str]) -> None:
    page = _get(client, f"/article/{ids[0]}")
    assert 'href="/entity/Hikmat%20Hajiyev"' in page
    assert 'href="/place/Kalbajar"' in page
    assert "hl-quote" in page and "hl-time" in page and "hl-speaker" in page
    assert 'id="o26-40"' in page  # "Hikmat Hajiyev": the target of /article/<id>#o26-40
    assert "Hikmat Hajiyev</a>" in page and "said" in page  # attributed, never asserted


def test_views_person_page_has_roles_quotes_sources_and_timeline(client: Any) -> None:
    page = _get(client, "/entity/Vusal%20Gurbanov")
    assert "acting director general" in page
    assert "Our first impression of Kalbajar" in page
    assert "Azernews: 1 quote in 1 article" in page  # who quotes them
    assert '<svg class="timeline"' in page


def test_views_map_and_timeline_use_local_assets_only(client: Any) -> None:
    page = _get(client, "/map")
    for asset in (
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet/leaflet.css",
        "/static/vendor/topojson-client/topojson-client.min.js",
        "/static/map.js",
    ):
        assert asset in page
        assert client.get(asset).status_code == 200
    assert client.get("/static/vendor/world-atlas/countries-110m.json").json()["type"] == "Topology"
    assert "http://" not in page.replace("http://www.w3.org", "")
    assert "https://" not in page
    timeline = _get(client, "/timeline")
    assert "1993-01-01" in timeline and "2030-01-01" in timeline


def test_views_hostile_article_is_escaped_everywhere(client: Any, ids: list[str]) -> None:
    hostile = ids[3]
    urls = [
        f"/article/{hostile}",
        "/?q=Mallory",
        "/?q=pwned",
        "/entity/Mallory%20Payload",
        "/place/Oslo",
        "/timeline",
        f"/compare?a={ids[0]}&b={hostile}",
        "/entities",
        "/?outlet=" + quote('<svg onload="window.__pwned=4">'),
    ]
    for url in urls:
        page = _get(client, url)
        parser = _Scripts()
        parser.feed(page)
        assert all((s.get("src") or "").startswith("/static/") for s in parser.scripts), url
        assert parser.handlers == [], url
        assert parser.risky == [] or set(parser.risky) <= {"svg"}, (url, parser.risky)
        assert "<script>window.__pwned" not in page and "<img src=x" not in page
    article = _get(client, f"/article/{hostile}")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in article
    assert "{{ 7*7 }}" in article  # not evaluated as a template
    assert INJECTION_TITLE not in article
