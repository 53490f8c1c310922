"""Reading CoNLL-U (CorefUD ``Entity=`` brackets) for the coreference and entity scorers.

:func:`read_conllu` rebuilds each document as plain text from its tokens (``SpaceAfter=No``
honoured, one line per sentence, a blank line at ``# newpar``) and keeps, per token, its
character offsets, MISC column, XPOS tag and absolute head. :func:`entity_mentions` reads the
entity brackets once for both scorers; :func:`load_documents` picks a split by ``splits.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from newstrail.errors import EvaluationError

__all__ = [
    "ConlluDoc",
    "EntityMention",
    "Mention",
    "entity_mentions",
    "load_documents",
    "read_conllu",
    "split_names",
]

Mention = tuple[int, int]  # gold token span, end exclusive

_BRACKET_RE = re.compile(r"\([^()]+\)|\([^()]+|[^()]+\)")


class EntityMention(NamedTuple):
    """One bracketed mention: token span ``[start, end)``, entity id and entity type."""

    start: int
    end: int
    entity: str
    type: str


@dataclass(slots=True)
class ConlluDoc:
    """One document: tokens with char offsets into ``text`` (the rebuilt plain text)."""

    name: str
    text: str
    tokens: list[str]
    starts: list[int]
    ends: list[int]
    misc: list[dict[str, str]]
    sentences: list[tuple[int, int]] = field(default_factory=list)  # token ranges
    xpos: list[str] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)  # absolute token index, -1 for a root

    def clusters(self) -> dict[str, list[Mention]]:
        """Gold coreference chains from ``Entity=`` (id → mentions as token spans)."""
        chains: dict[str, list[Mention]] = {}
        for m in entity_mentions(self, strict=True):
            chains.setdefault(m.entity, []).append((m.start, m.end))
        return chains

    def char_to_token(self) -> list[int]:
        """For every char of ``text``, the index of the token covering it (or the next one)."""
        index = [0] * (len(self.text) + 1)
        t = 0
        for c in range(len(self.text) + 1):
            while t < len(self.ends) - 1 and c >= self.ends[t]:
                t += 1
            index[c] = t
        return index


def entity_mentions(doc: ConlluDoc, strict: bool = False) -> list[EntityMention]:
    """The ``Entity=`` mentions of ``doc`` in the order they close. ``strict``: a bracket that
    closes without opening is an error (else it is skipped)."""
    found: list[EntityMention] = []
    open_: dict[str, list[tuple[int, str]]] = {}
    for i, misc in enumerate(doc.misc):
        value = misc.get("Entity")
        if not value:
            continue
        for part in _BRACKET_RE.findall(value):
            fields = part.strip("()").split("-")
            etype = fields[1] if len(fields) > 1 else ""
            if part.startswith("(") and part.endswith(")"):
                found.append(EntityMention(i, i + 1, fields[0], etype))
            elif part.startswith("("):
                open_.setdefault(fields[0], []).append((i, etype))
            else:
                stack = open_.get(fields[0])
                if stack:
                    start, etype = stack.pop()
                    found.append(EntityMention(start, i + 1, fields[0], etype))
                elif strict:
                    raise EvaluationError(
                        f"{doc.name}: entity {fields[0]} closes at token {i + 1} without "
                        "opening; the file is not valid CorefUD bracket notation."
                    )
    return found


def _misc(raw: str) -> dict[str, str]:
    if raw == "_":
        return {}
    result: dict[str, str] = {}
    for item in raw.split("|"):
        key, _, value = item.partition("=")
        result[key] = value
    return result


def read_conllu(path: Path) -> list[ConlluDoc]:
    """The documents of one CoNLL-U file (split at ``# newdoc``)."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"{path}: cannot be read as UTF-8 CoNLL-U ({exc}).") from None
    docs: list[ConlluDoc] = []
    doc: ConlluDoc | None = None
    parts: list[str] = []
    pos = 0
    sent_start = 0
    newpar = False

    def finish() -> None:
        if doc is not None and doc.tokens:
            doc.text = "".join(parts)
            docs.append(doc)

    for line in lines:
        if line.startswith("# newdoc"):
            finish()
            name = line.split("=", 1)[1].strip() if "=" in line else path.stem
            doc = ConlluDoc(name, "", [], [], [], [])
            parts, pos, newpar, sent_start = [], 0, False, 0
            continue
        if line.startswith("# newpar"):
            newpar = True
            continue
        if line.startswith("#"):
            continue
        if doc is None:
            doc = ConlluDoc(path.stem, "", [], [], [], [])
        if not line.strip():
            if len(doc.tokens) > sent_start:
                doc.sentences.append((sent_start, len(doc.tokens)))
            sent_start = len(doc.tokens)
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            raise EvaluationError(f"{path}: a token line has {len(cols)} columns, expected 10.")
        if "-" in cols[0] or "." in cols[0]:
            continue
        if len(doc.tokens) == sent_start and doc.tokens:
            sep = "\n\n" if newpar else "\n"
            parts.append(sep)
            pos += len(sep)
        newpar = False
        misc = _misc(cols[9])
        form = cols[1]
        head = int(cols[6]) if cols[6].isdigit() else 0
        doc.heads.append(sent_start + head - 1 if head else -1)
        doc.xpos.append(cols[4])
        doc.starts.append(pos)
        parts.append(form)
        pos += len(form)
        doc.ends.append(pos)
        doc.tokens.append(form)
        doc.misc.append(misc)
        if misc.get("SpaceAfter") != "No":
            parts.append(" ")
            pos += 1
    if doc is not None and len(doc.tokens) > sent_start:
        doc.sentences.append((sent_start, len(doc.tokens)))
    finish()
    return docs


def split_names(folder: Path, split: str) -> set[str] | None:
    """Document names of ``split`` from a ``splits.md`` in ``folder`` or its parent."""
    for candidate in (folder / "splits.md", folder.parent / "splits.md"):
        if candidate.is_file():
            names: set[str] = set()
            current = None
            for line in candidate.read_text("utf-8").splitlines():
                if line.startswith("## "):
                    current = line[3:].strip()
                elif current == split and line.strip().startswith("*"):
                    names.add(line.strip().lstrip("*").strip())
            if not names:
                raise EvaluationError(f"{candidate} lists no documents for split {split!r}.")
            return names
    return None


def conllu_files(path: Path, split: str = "dev") -> list[Path]:
    """The ``.conllu`` files of ``path`` (a file, or a folder narrowed to ``split``)."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise EvaluationError(f"{path}: no such file or folder.")
    files = sorted(path.glob("*.conllu"))
    if not files:
        raise EvaluationError(f"{path}: no .conllu files; pass an OntoGUM conllu folder.")
    wanted = split_names(path, split)
    return [f for f in files if f.stem in wanted] if wanted is not None else files


def load_documents(path: Path, split: str = "dev", limit: int | None = None) -> list[ConlluDoc]:
    """The documents of ``split`` under ``path`` (at most ``limit``)."""
    docs = [d for f in conllu_files(path, split) for d in read_conllu(f)]
    return docs[:limit] if limit is not None else docs
