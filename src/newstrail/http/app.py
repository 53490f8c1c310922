"""The web application: the JSON API under ``/api``, the web UI at ``/``, OpenAPI at ``/docs``.

Read-only: no route writes to the store. Every error under ``/api`` (and any non-HTML request)
is answered in one JSON shape::

    {"error": {"status": 404, "type": "not_found", "message": "...", "path": "/api/...",
               "detail": null}}

``type`` is ``not_found``, ``validation_error`` (422, ``detail`` lists the bad parameters: also
impossible dates, offsets past 64 bits and over-long strings), ``method_not_allowed``,
``query_timeout`` (503: the query ran past its time bound, see :mod:`newstrail.http.limits`),
``http_error`` or ``internal_error`` (500, no internals leaked). Web pages get the same
information as an HTML page.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import create_engine
from sqlalchemy.exc import DatabaseError
from sqlalchemy.pool import QueuePool
from starlette.exceptions import HTTPException as StarletteHTTPException

from newstrail import __version__
from newstrail.config import database_url
from newstrail.errors import StoreError
from newstrail.http.api import router as api_router
from newstrail.http.cache import AnswerCache
from newstrail.http.claims import api_router as claims_api_router
from newstrail.http.claims import web_router as claims_web_router
from newstrail.http.events_web import router as events_router
from newstrail.http.limits import QUERY_SECONDS, RequestLimits, bound_queries, was_stopped
from newstrail.http.web import render_error
from newstrail.http.web import router as web_router
from newstrail.store.db import MMAP_BYTES, Store
from newstrail.store.postgres import make_read_only

__all__ = [
    "CSP",
    "DB_ENV",
    "STATIC",
    "app_from_env",
    "create_app",
    "error_body",
    "error_response",
    "open_read_only",
    "read_only_store",
]

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"

# Pages load nothing but this server's own files, and run no inline script: even if some text
# escaped escaping, the browser would refuse to run it or to send anything elsewhere.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-src 'none'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

_TYPES = {
    404: "not_found",
    405: "method_not_allowed",
    422: "validation_error",
    500: "internal_error",
    503: "query_timeout",
}


def error_body(status: int, message: str, path: str, detail: Any = None) -> dict[str, Any]:
    return {
        "error": {
            "status": status,
            "type": _TYPES.get(status, "http_error"),
            "message": message,
            "path": path,
            "detail": detail,
        }
    }


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/api", "/openapi", "/static")):
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(
    request: Request,
    status: int,
    message: str,
    detail: Any = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if _wants_html(request):
        return render_error(request, status, message, detail)
    return JSONResponse(
        jsonable_encoder(error_body(status, message, request.url.path, detail)),
        status_code=status,
        headers=headers,
    )


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Queries run in worker threads; a thread holding the interpreter lock yields it after 1 ms
    # (not 5), so the event loop gets its turn to answer cache hits and read requests while
    # queries run. (Limiting the query threads to 4 instead of Starlette's 40 made cache hits
    # faster but the p95 under 50 clients worse: uncached requests then wait in one queue;
    # benchmarks/api_latency.py.)
    sys.setswitchinterval(0.001)
    yield


def create_app(store: Store, *, query_seconds: float = QUERY_SECONDS) -> FastAPI:
    """The application over ``store`` (opened by the caller; only read). Each request's SQLite
    statements stop after ``query_seconds`` or when its client goes (:mod:`.limits`)."""
    app = FastAPI(
        lifespan=_lifespan,
        title="newstrail",
        version=__version__,
        description="Who said what, about what happened, where and when — according to whom. "
        "Read-only API over a newstrail knowledge base; every item links to its article "
        "and character offsets. Lists take `format=csv` (or a `.csv` route) with the same "
        "filters.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    bound_queries(store.engine)

    async def refuse(scope: Any, receive: Any, send: Any, detail: list[dict[str, Any]]) -> None:
        request = Request(scope, receive)
        where = ", ".join(".".join(str(p) for p in d["loc"]) for d in detail)
        response = error_response(request, 422, f"Invalid request: {where} too long.", detail)
        await response(scope, receive, send)

    app.add_middleware(RequestLimits, refuse=refuse, seconds=query_seconds)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"Nothing at {request.url.path}."
        return error_response(
            request, exc.status_code, message, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        detail = [
            {
                "loc": list(err.get("loc", ())),
                "message": err.get("msg", ""),
                "type": err.get("type", ""),
            }
            for err in exc.errors()
        ]
        where = ", ".join(".".join(str(p) for p in d["loc"]) for d in detail)
        return error_response(request, 422, f"Invalid request: {where}.", detail)

    @app.exception_handler(DatabaseError)
    async def database_error(request: Request, exc: DatabaseError) -> Response:
        if was_stopped():
            return error_response(
                request,
                503,
                f"The query ran past its {query_seconds:g} s bound, or its client left, and was "
                "stopped: narrow it (fewer or rarer words, a filter) and ask again.",
            )
        log.error("database error on %s: %s", request.url.path, exc.orig)
        return error_response(request, 500, "Internal error: the request could not be answered.")

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return error_response(request, 500, "Internal error: the request could not be answered.")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.url.path != "/docs":  # Swagger UI starts itself with an inline script
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="newstrail API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters={"validatorUrl": None},
        )

    app.include_router(api_router)
    app.include_router(claims_api_router)
    app.include_router(web_router)
    app.include_router(events_router)
    app.include_router(claims_web_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # Outermost: a repeated request is answered before any routing (serve is read-only).
    app.add_middleware(AnswerCache, stamp=store.change_stamp, watched=store.file is not None)
    return app


DB_ENV = "NEWSTRAIL_SERVE_DB"


def app_from_env() -> FastAPI:
    """The application over the database named by ``$NEWSTRAIL_SERVE_DB`` (for uvicorn workers),
    opened read-only."""
    db = os.environ.get(DB_ENV)
    if not db:
        raise RuntimeError(f"{DB_ENV} is not set")
    return create_app(open_read_only(db))


def open_read_only(db: str, *, immutable: bool | None = None) -> Store:
    """A knowledge base opened strictly read-only: nothing is created, upgraded or written.

    A SQLite file is opened as ``file:...?mode=ro`` (SQLite itself refuses every write, and the
    file never switches journal mode); a file that is not a newstrail database of this version is
    refused with a :class:`StoreError` saying so. On read-only media (a directory this process
    cannot write, where SQLite could not keep its shared-memory index) the file is opened
    ``immutable`` — ``immutable=None`` decides that from the directory. Other databases are
    opened with read-only transactions (give the server a read-only role there, too).
    """
    if "://" in db and not db.startswith("sqlite:"):
        engine = make_read_only(Store._make_engine(database_url(db)))
        return Store(db, engine=engine, read_only=True)
    path = Path(db.removeprefix("sqlite:///")).resolve()
    if not path.is_file():
        raise StoreError(f"No database at {db}: run `newstrail ingest PATH --db {db}` first.")
    if immutable is None:
        immutable = not os.access(path.parent, os.W_OK)
    uri = "file:" + quote(str(path), safe="/") + "?mode=ro" + ("&immutable=1" if immutable else "")

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.execute("PRAGMA query_only=ON")
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")  # reads without a system call per page
        return conn

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)
    store = Store(str(path), engine=engine, read_only=True)
    if not immutable:  # the answer cache watches the file for commits (Store.change_stamp)
        store.file = str(path)
    return store


def read_only_store(store: Store) -> Store:
    """The same SQLite file as ``store``, opened with :func:`open_read_only`; on PostgreSQL
    every session is read-only, so the server refuses every write (a shared deployment should
    also give ``serve`` a role with SELECT rights only)."""
    url = store.engine.url
    if url.get_backend_name() == "postgresql":
        make_read_only(store.engine)
        return store
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return store
    if url.database.startswith("file:"):
        return store
    store.engine.dispose()
    return open_read_only(url.database)
