"""The claim trail and the disagreements of a story: two link record kinds (``link/claims.py``,
``link/disagreements.py`` produce them; see the README, "Claims and disagreements")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newstrail.models import RecordKind, column_meta, register

__all__ = ["ClaimFirst", "ClaimRecord", "ClaimSpeaker", "DisagreementRecord"]


@dataclass(slots=True)
class ClaimSpeaker:
    """Who made a claim: the speaker's canonical name, and the cross-article identity when the
    link stage found one."""

    name: str | None = field(default=None, metadata=column_meta(index=True))
    identity: str | None = None


@dataclass(slots=True)
class ClaimFirst:
    """The earliest dated appearance (articles without a publication time are never first)."""

    article: str
    published: str
    outlet: str | None = None


@dataclass(slots=True)
class ClaimRecord:
    """One statement across articles: the earliest wording, who made it (``speaker`` is null
    for the outlets' own assertions), where it appeared first and every appearance (article,
    offsets, kind, match type ``first``/``verbatim``/``partial``/``paraphrase``, ``copy_of``,
    and ``diff``: the word diff from the first wording)."""

    id: str
    text: str
    speaker: ClaimSpeaker
    story: str | None = field(default=None, metadata=column_meta(index=True))
    first: ClaimFirst | None = None
    appearances: list[dict[str, Any]] = field(default_factory=list)
    appearance_count: int = field(default=0, metadata=column_meta(index=True))
    outlets: list[str] = field(default_factory=list)
    component: str = ""


@dataclass(slots=True)
class DisagreementRecord:
    """Incompatible values for the same thing within a story, each with its article, offsets,
    outlet, publication time and ``asserted_by`` ({kind: outlet|speaker, name}). Reported, never
    adjudicated."""

    id: str
    story: str | None = field(default=None, metadata=column_meta(index=True))
    kind: str = "count"  # count, date or place
    about: str = ""
    values: list[dict[str, Any]] = field(default_factory=list)
    component: str = ""


register(
    RecordKind("claims", ClaimRecord, item="claim", component="claims", scope="link", order=80)
)
register(
    RecordKind(
        "disagreements",
        DisagreementRecord,
        item="disagreement",
        component="disagreements",
        scope="link",
        order=81,
    )
)
