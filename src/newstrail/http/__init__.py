"""The HTTP layer: a read-only JSON/CSV API and the web UI in one FastAPI app.

:func:`newstrail.http.app.create_app` builds it over a :class:`~newstrail.store.Store`;
``newstrail serve`` runs it with uvicorn. One routing layer: :mod:`newstrail.http.api` (``/api``)
and :mod:`newstrail.http.web` (pages) are routers included by :mod:`newstrail.http.app`; what
they share is in :mod:`newstrail.http.deps` (neither imports the other); the queries behind both
are in :mod:`newstrail.store.queries`. Templates and vendored assets are in ``templates/`` and
``static/`` (Leaflet, world-atlas, topojson-client, Swagger UI; see ``static/vendor/VENDOR.txt``),
served by the app itself so nothing is fetched from elsewhere at run time.
"""
