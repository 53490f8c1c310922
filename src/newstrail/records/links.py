"""Link kinds of issue 11: stories, identities, and where each article and name belongs.

* ``stories``: articles about the same seminal event (``link/stories.py``);
* ``identities``: one person, organisation or place across articles (``link/identities.py``);
* ``article_links``: per article, its story and the original it copies (``duplicate_of``);
* ``identity_links``: per entity, place and quote speaker of an article, its identity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newstrail.models import RecordKind, column_meta, register

__all__ = ["ArticleLink", "IdentityLink", "IdentityRecord", "StoryRecord"]


@dataclass(slots=True)
class StoryRecord:
    """Articles about the same seminal event (kind ``stories``), in publication order, with
    their outlets and how many of them are not copies of another."""

    id: str
    title: str
    articles: list[str]  # ids in publication order
    first_published: str | None
    outlets: list[str]
    independent_articles: int  # copies excluded
    component: str = ""


@dataclass(slots=True)
class IdentityRecord:
    """One person, organisation or place across articles (kind ``identities``): its name,
    aliases, roles, articles and the evidence on which each article joined it."""

    id: str
    name: str = field(metadata=column_meta(index=True))
    label: str = ""
    aliases: list[str] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)  # {role, articles}
    articles: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)  # why each article joined
    component: str = ""


@dataclass(slots=True)
class ArticleLink:
    """Where one article belongs (kind ``article_links``): its ``story``, and the original it
    copies (``duplicate_of``, at the estimated ``similarity``) when it is a copy."""

    article_id: str
    story: str | None = field(default=None, metadata=column_meta(index=True))
    duplicate_of: str | None = None
    similarity: float | None = None
    component: str = ""


@dataclass(slots=True)
class IdentityLink:
    """Whom one name of an article refers to (kind ``identity_links``): the ``position``-th item
    of the article's ``kind`` list is ``identity``."""

    article_id: str
    kind: str  # entities | places | quotes (the speaker)
    position: int  # index in the article's list of that kind, in export order
    identity: str = field(metadata=column_meta(index=True))
    component: str = ""


register(RecordKind("stories", StoryRecord, item="story", component="stories", scope="link"))
register(
    RecordKind("identities", IdentityRecord, item="identity", component="identities", scope="link")
)
register(
    RecordKind(
        "article_links",
        ArticleLink,
        item="article_link",
        component="stories",
        scope="link",
        key=("article_id",),
    )
)
register(
    RecordKind(
        "identity_links",
        IdentityLink,
        item="identity_link",
        component="identities",
        scope="link",
        key=("article_id", "kind", "position"),
    )
)
