"""Bounds on what one request may cost: the server is open to anyone on its network.

* Every query-string value and the path are bounded in length (:data:`MAX_PARAM_CHARS`,
  :data:`MAX_PATH_CHARS`): a longer one is a 422 in the one error shape, before any route runs
  (SQLite refuses LIKE patterns over 50,000 bytes, and long inputs cost time everywhere).
* Every SQLite statement run for a request is interrupted once the request has run
  :data:`QUERY_SECONDS`, or as soon as its client disconnects (a progress handler on each
  connection checks both), so no query keeps pinning a core for a client that has gone, and a
  shutdown never waits long. An interrupted request is answered 503 in the one error shape.
"""

from __future__ import annotations

import asyncio
import threading
import time
from contextvars import ContextVar
from typing import Any
from urllib.parse import parse_qsl

from sqlalchemy import Engine, event
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "MAX_PARAM_CHARS",
    "MAX_PATH_CHARS",
    "QUERY_SECONDS",
    "RequestLimits",
    "bound_queries",
    "too_long",
    "was_stopped",
]

MAX_PARAM_CHARS = 1_000
MAX_PATH_CHARS = 2_000
QUERY_SECONDS = 10.0
_PROGRESS_STEPS = 10_000  # SQLite virtual-machine steps between two checks (~1 ms)

_deadline: ContextVar[float | None] = ContextVar("newstrail_query_deadline", default=None)
_gone: ContextVar[threading.Event | None] = ContextVar("newstrail_client_gone", default=None)
_stopped: ContextVar[threading.Event | None] = ContextVar("newstrail_stopped", default=None)


def _stop_query() -> int:
    """SQLite's progress handler: non-zero interrupts the statement (SQLite then reports
    "interrupted", or a failure of whatever it was doing, such as an FTS constructor)."""
    deadline, gone = _deadline.get(), _gone.get()
    if (deadline is not None and time.monotonic() > deadline) or (
        gone is not None and gone.is_set()
    ):
        stopped = _stopped.get()
        if stopped is not None:
            stopped.set()
        return 1
    return 0


def was_stopped() -> bool:
    """Whether the current request's database work was stopped by its bound."""
    stopped = _stopped.get()
    return stopped is not None and stopped.is_set()


def bound_queries(engine: Engine) -> None:
    """Give every SQLite connection ``engine`` hands out the request's time and disconnect bound
    (the handler reads the bound of whichever request the calling thread serves)."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "checkout")
    def _install(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        dbapi_connection.set_progress_handler(_stop_query, _PROGRESS_STEPS)


def too_long(scope: Scope) -> list[dict[str, Any]]:
    """The 422 ``detail`` for each over-long query value (or the path) of a request, and for a NUL
    character in either (no name or text holds one, and PostgreSQL refuses it in a string)."""
    problems = []
    path = scope.get("path", "")
    if "\x00" in path:
        problems.append(
            {"loc": ["path"], "message": "The path holds a NUL character.", "type": "nul"}
        )
    if len(path) > MAX_PATH_CHARS:
        problems.append(
            {
                "loc": ["path"],
                "message": f"The path is {len(path):,} characters long; at most "
                f"{MAX_PATH_CHARS:,} are read.",
                "type": "string_too_long",
            }
        )
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            problems.append(
                {"loc": ["query", name[:100]], "message": "A NUL character.", "type": "nul"}
            )
        if len(value) > MAX_PARAM_CHARS:
            problems.append(
                {
                    "loc": ["query", name[:100]],
                    "message": f"{len(value):,} characters; at most {MAX_PARAM_CHARS:,}.",
                    "type": "string_too_long",
                }
            )
    return problems


class RequestLimits:
    """ASGI middleware: length bounds, then the query time budget and disconnect watch."""

    def __init__(self, app: ASGIApp, refuse: Any, seconds: float = QUERY_SECONDS):
        self.app = app
        self.refuse = refuse  # (scope, receive, send, detail) -> awaitable 422 answer
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problems = too_long(scope)
        if problems:
            await self.refuse(scope, receive, send, problems)
            return
        gone = threading.Event()
        inbox: asyncio.Queue[Message] = asyncio.Queue()

        async def watch() -> None:
            while True:
                message = await receive()
                await inbox.put(message)
                if message["type"] == "http.disconnect":
                    gone.set()
                    return

        watcher = asyncio.ensure_future(watch())
        tokens = (
            _deadline.set(time.monotonic() + self.seconds),
            _gone.set(gone),
            _stopped.set(threading.Event()),
        )
        try:
            await self.app(scope, inbox.get, send)
        finally:
            for variable, token in zip((_deadline, _gone, _stopped), tokens, strict=True):
                variable.reset(token)  # type: ignore[attr-defined]
            watcher.cancel()
