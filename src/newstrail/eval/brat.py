"""Reading PolNeAR-layout folders: article texts plus brat standoff attribution annotations.

Layout (see ``../shared/data/polnear/SOURCE.md``)::

    DIR/text/<name>.txt
    DIR/attributions/<name>_<annotator>.ann
    DIR/metadata.tsv            (optional; not needed to read the folder)

One ``E`` (event) line is one attribution; its ``Source``/``Cue``/``Content`` roles point to ``T``
lines, whose offsets may list several ``START END`` fragments separated by ``;``. For articles
annotated by several people, the canonical annotation is the lexicographically smallest annotator
id. ``Discard``/``Discuss`` spans and ``#`` note lines are ignored, as is any stray line whose first
field is not ``T<n>``, ``E<n>`` or ``#<n>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from newstrail.errors import EvaluationError

Span = tuple[int, int]

_ID = re.compile(r"^([TE#])\d+$")
_ROLES = ("Source", "Cue", "Content")


@dataclass(slots=True)
class GoldAttribution:
    """One annotated attribution: character spans per role, each list sorted by start."""

    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)
    content: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class BratDocument:
    name: str
    text: str
    attributions: list[GoldAttribution]
    annotator: str = ""


def parse_ann(ann: str) -> list[GoldAttribution]:
    """Attributions of one ``.ann`` file's content (one per ``E`` line)."""
    spans: dict[str, tuple[str, list[Span]]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in ann.splitlines():
        if not line.strip():
            continue
        fields = line.split("\t")
        match = _ID.match(fields[0])
        if match is None:
            continue  # stray continuation line
        kind = match.group(1)
        if kind == "T" and len(fields) >= 2:
            label, _, offsets = fields[1].partition(" ")
            frags: list[Span] = []
            try:
                for part in offsets.split(";"):
                    start, end = part.split()
                    frags.append((int(start), int(end)))
            except ValueError:
                continue
            spans[fields[0]] = (label, frags)
        elif kind == "E" and len(fields) >= 2:
            pairs = []
            for item in fields[1].split():
                role, _, tid = item.partition(":")
                pairs.append((role.rstrip("0123456789"), tid))
            events.append(pairs)
    result: list[GoldAttribution] = []
    for pairs in events:
        attribution = GoldAttribution()
        for role, tid in pairs[1:]:
            if role not in _ROLES or tid not in spans:
                continue
            target = getattr(attribution, role.lower())
            target.extend(spans[tid][1])
        for role in _ROLES:
            getattr(attribution, role.lower()).sort()
        result.append(attribution)
    return result


def _canonical_ann(attributions: Path, name: str) -> Path | None:
    candidates = sorted(attributions.glob(f"{glob_escape(name)}_*.ann"))
    # the annotator id is the last "_"-separated field and 4 hex digits long
    candidates = [p for p in candidates if re.fullmatch(r"[0-9a-f]{4}", p.stem.rsplit("_", 1)[-1])]
    return min(candidates, key=lambda p: p.stem.rsplit("_", 1)[-1]) if candidates else None


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def read_polnear(path: Path, limit: int | None = None) -> list[BratDocument]:
    """Documents of a PolNeAR-layout folder, sorted by name, with their canonical annotation."""
    path = Path(path)
    text_dir, ann_dir = path / "text", path / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise EvaluationError(
            f"{path} is not a PolNeAR-layout folder: it needs text/ and attributions/ "
            "subfolders (for example ../shared/data/polnear/dev)."
        )
    docs: list[BratDocument] = []
    for txt in sorted(text_dir.glob("*.txt")):
        ann = _canonical_ann(ann_dir, txt.stem)
        if ann is None:
            continue
        text = txt.read_text("utf-8")
        docs.append(
            BratDocument(
                name=txt.stem,
                text=text,
                attributions=parse_ann(ann.read_text("utf-8")),
                annotator=ann.stem.rsplit("_", 1)[-1],
            )
        )
        if limit is not None and len(docs) >= limit:
            break
    if not docs:
        raise EvaluationError(
            f"{path}: no article in text/ has an annotation file in attributions/ "
            "(expected <name>_<annotator>.ann beside each <name>.txt)."
        )
    return docs
