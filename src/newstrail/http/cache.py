"""An answer cache for the read-only server: a repeated GET is answered from memory.

``serve`` never writes, so an answer can change only when the database does. Answers are keyed
on the request (method, path, query string) and kept while :meth:`Store.change_stamp
<newstrail.store.db.Store.change_stamp>` is unchanged (for a SQLite file: until anything is
committed to it, by any process), at most ``NEWSTRAIL_API_CACHE_TTL`` seconds (``0`` turns the
cache off). Only complete ``200`` answers of at most :data:`MAX_ANSWER_BYTES` are kept, the least
recently used dropped first beyond :data:`MAX_ENTRIES` answers or :data:`MAX_BYTES` in all.

It is plain ASGI middleware, outermost, so a hit costs no routing, validation or query. Every
answer it passes says ``X-Answer-Cache: hit`` or ``miss`` (benchmarks count the hits).
"""

from __future__ import annotations

import os
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

__all__ = [
    "HEADER",
    "MAX_ANSWER_BYTES",
    "MAX_BYTES",
    "MAX_ENTRIES",
    "AnswerCache",
    "cache_ttl",
]

MAX_ENTRIES = 4096
MAX_BYTES = 64 * 1024 * 1024
MAX_ANSWER_BYTES = 2 * 1024 * 1024
HEADER = b"x-answer-cache"
_HIT = (HEADER, b"hit")
_MISS = (HEADER, b"miss")

Scope = dict[str, Any]
Message = dict[str, Any]
ASGIApp = Callable[..., Any]


def cache_ttl(*, watched: bool = False) -> float:
    """Seconds an answer is kept at most (``NEWSTRAIL_API_CACHE_TTL``; 0: off). Default 60, or
    an hour when the stamp sees every commit (``watched``: a SQLite file), where an answer goes
    as soon as the data changes and a slow aggregate should not be recomputed every minute."""
    default = 3600.0 if watched else 60.0
    try:
        return float(os.environ.get("NEWSTRAIL_API_CACHE_TTL", default))
    except ValueError:
        return default


class AnswerCache:
    """ASGI middleware answering repeated GET requests from memory while ``stamp()`` holds."""

    def __init__(
        self,
        app: ASGIApp,
        stamp: Callable[[], Hashable],
        ttl: float | None = None,
        *,
        watched: bool = False,
    ):
        self.app = app
        self.stamp = stamp
        self.ttl = cache_ttl(watched=watched) if ttl is None else ttl
        self.answers: OrderedDict[tuple[str, bytes], tuple[float, int, list[Any], bytes]] = (
            OrderedDict()
        )
        self.bytes = 0
        self.current: Hashable = None
        self.hits = 0
        self.misses = 0

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if self.ttl <= 0 or scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""))
        stamp = self.stamp()
        if stamp != self.current:  # the database changed: every kept answer may be stale
            self.answers.clear()
            self.bytes = 0
            self.current = stamp
        now = time.monotonic()
        kept = self.answers.get(key)
        if kept is not None and now - kept[0] < self.ttl:
            self.answers.move_to_end(key)
            self.hits += 1
            _, status, headers, body = kept
            await send(
                {"type": "http.response.start", "status": status, "headers": [*headers, _HIT]}
            )
            await send({"type": "http.response.body", "body": body})
            return
        self.misses += 1
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        keep = True

        async def capture(message: Message) -> None:
            nonlocal start, size, keep
            if message["type"] == "http.response.start":
                start = message
                keep = message["status"] == 200
                message = {**message, "headers": [*message.get("headers", []), _MISS]}
            elif message["type"] == "http.response.body" and keep:
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > MAX_ANSWER_BYTES:
                    keep = False
                    chunks.clear()
                else:
                    chunks.append(chunk)
                done = not message.get("more_body", False)
                if done and keep and start is not None and self.current == stamp:
                    self._keep(key, now, start, b"".join(chunks))
            await send(message)

        await self.app(scope, receive, capture)

    def _keep(self, key: tuple[str, bytes], now: float, start: Message, body: bytes) -> None:
        old = self.answers.pop(key, None)
        if old is not None:
            self.bytes -= len(old[3])
        self.answers[key] = (now, start["status"], list(start.get("headers", [])), body)
        self.bytes += len(body)
        while self.answers and (len(self.answers) > MAX_ENTRIES or self.bytes > MAX_BYTES):
            _, dropped = self.answers.popitem(last=False)
            self.bytes -= len(dropped[3])
