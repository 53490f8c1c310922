"""The HTTP layer: a read-only JSON/CSV API and the web UI in one FastAPI app.

:func:`newstrail.api.app.create_app` builds it over a :class:`~newstrail.store.Store`;
``newstrail serve`` runs it with uvicorn. Routes are in :mod:`newstrail.api.routes` (API) and
:mod:`newstrail.web.views` (pages); the queries behind both in :mod:`newstrail.store.queries`.
"""
