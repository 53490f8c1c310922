"""Store stage: the knowledge base (SQLite by default, PostgreSQL for shared deployments)."""

from newstrail.store.db import Store, content_hash

__all__ = ["Store", "content_hash"]
