"""``newstrail serve``: the read-only JSON API and web UI over a knowledge base."""

from __future__ import annotations

import os

import click

from newstrail.cli.main import db_option
from newstrail.config import Settings
from newstrail.store.postgres import mask_url

__all__ = ["serve"]


@click.command()
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to listen on (loopback by default; nothing is written either way).",
)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes (each with its own connections; more use more cores).",
)
def serve(db: str | None, host: str, port: int, workers: int) -> None:
    """Browse the knowledge base: web UI at / and the JSON API at /api (OpenAPI at /docs).

    Read-only: there is no ingest endpoint. Works offline; every asset is served locally.
    """
    import uvicorn

    from newstrail.http.app import DB_ENV, create_app, open_read_only

    target = db or Settings().db
    store = open_read_only(target)  # never creates, upgrades or writes the database
    where = mask_url(target)  # never the password
    click.echo(
        f"Serving {where} read-only: open http://{host}:{port}/  "
        f"(API docs: http://{host}:{port}/docs)",
        err=True,
    )
    if workers == 1:
        uvicorn.run(create_app(store), host=host, port=port, log_level="warning")
        return
    # Each worker process opens its own store from the environment.
    store.engine.dispose()
    os.environ[DB_ENV] = target
    uvicorn.run(
        "newstrail.http.app:app_from_env",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
    )
