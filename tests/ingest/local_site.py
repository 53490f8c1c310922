"""A tiny web site on 127.0.0.1 (a thread with http.server) serving pages the tests write.

Records every request (path, User-Agent) and the most requests it served at once, so tests can see
what was fetched and how politely; never touches the internet.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200


@dataclass
class LocalSite:
    pages: dict[str, Page] = field(default_factory=dict)
    delay: float = 0.0  # seconds each answer takes (to observe concurrency)
    requests: list[tuple[str, str]] = field(default_factory=list)
    most_at_once: int = 0
    _in_flight: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: str | bytes, **kwargs: Any) -> str:
        self.pages[path] = Page(body.encode() if isinstance(body, str) else body, **kwargs)
        return self.url(path)

    def requested(self, path: str) -> int:
        return sum(1 for requested, _ in self.requests if requested == path)

    def start(self) -> LocalSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 — http.server's naming
                with site._lock:
                    site.requests.append((self.path, self.headers.get("User-Agent", "")))
                    site._in_flight += 1
                    site.most_at_once = max(site.most_at_once, site._in_flight)
                try:
                    time.sleep(site.delay)
                    page = site.pages.get(self.path) or Page(b"not found", "text/plain", 404)
                    self.send_response(page.status)
                    self.send_header("Content-Type", page.content_type)
                    self.send_header("Content-Length", str(len(page.body)))
                    self.end_headers()
                    self.wfile.write(page.body)
                finally:
                    with site._lock:
                        site._in_flight -= 1

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def article_page(title: str, body: str, published: str | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f"<!doctype html><html><head><title>{title}</title>{meta}</head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Copyright</footer></body></html>"
    )


def rss(items: list[dict[str, str]], title: str = "Harbour Wire") -> str:
    entries = "".join(
        "<item>" + "".join(f"<{key}>{value}</{key}>" for key, value in item.items()) + "</item>"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://example.invalid/</link>{entries}</channel></rss>"
    )
