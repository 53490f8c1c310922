"""``newstrail serve``: the read-only JSON API and web UI over a knowledge base."""

from __future__ import annotations

import click

from newstrail.cli.main import db_option, open_store


@click.command()
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to listen on (loopback by default; nothing is written either way).",
)
@click.option("--port", type=int, default=8000, show_default=True)
def serve(db: str | None, host: str, port: int) -> None:
    """Browse the knowledge base: web UI at / and the JSON API at /api (OpenAPI at /docs).

    Read-only: there is no ingest endpoint. Works offline; every asset is served locally.
    """
    import uvicorn

    from newstrail.api.app import create_app

    store = open_store(db)
    app = create_app(store)
    click.echo(
        f"Serving {store.engine.url.database or store.engine.url} read-only: "
        f"open http://{host}:{port}/  (API docs: http://{host}:{port}/docs)",
        err=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")
