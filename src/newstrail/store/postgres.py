"""PostgreSQL for shared deployments: engine set-up, read-only sessions, secrets kept out of output.

``--db postgresql+psycopg://user:password@host/db`` (psycopg 3, ``pip install
'newstrail[postgres]'``). Everything else (schema, queries, search) goes through the same
SQLAlchemy Core code as SQLite; what differs per back end lives here and in
:mod:`newstrail.store.fulltext`.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

__all__ = ["mask_secrets", "mask_url", "make_read_only", "missing_driver_hint"]

_URL_PASSWORD = re.compile(r"([a-z][a-z0-9+.\-]*://[^:/@\s]*):[^@\s]*@", re.I)
_CONNINFO_PASSWORD = re.compile(r"(password\s*=\s*)('[^']*'|\S+)", re.I)


def mask_url(url: str) -> str:
    """A database URL fit to print: the password replaced by ``***``."""
    if "://" not in url:
        return url
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return mask_secrets(url)


def mask_secrets(message: str) -> str:
    """Any URL password or ``password=...`` in a message (a driver's error) replaced by ``***``."""
    return _CONNINFO_PASSWORD.sub(r"\1***", _URL_PASSWORD.sub(r"\1:***@", message))


def missing_driver_hint(url: str, exc: BaseException) -> str | None:
    """The install command for a database driver that is not installed, else ``None``."""
    if isinstance(exc, ImportError) and url.startswith("postgresql"):
        return "the PostgreSQL driver is not installed: pip install 'newstrail[postgres]'"
    return None


def make_read_only(engine: Engine) -> Engine:
    """Every session of ``engine`` read-only: PostgreSQL itself refuses any write.

    Defence in depth for ``serve``; a shared deployment should also give the server a database
    role with SELECT rights only.
    """

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_conn: Any, _record: Any) -> None:
        autocommit = getattr(dbapi_conn, "autocommit", None)
        cursor = dbapi_conn.cursor()
        cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        cursor.close()
        if autocommit is False:
            dbapi_conn.commit()

    engine.dispose()  # connections made before now were not read-only
    return engine
