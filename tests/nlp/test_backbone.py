"""Loading the backbone: the vendored model's meta checks and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrail.errors import ModelError
from newstrail.nlp.backbone import (
    check_default_meta,
    load_backbone,
    model_info,
    read_meta,
    resolve_model,
)

GOOD = {
    "lang": "en",
    "name": "core_web_md",
    "version": "3.8.0",
    "spacy_version": ">=3.8.0,<3.9.0",
    "pipeline": ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"],
}


def test_backbone_meta_accepts_pinned_model(tmp_path: Path) -> None:
    check_default_meta(dict(GOOD), tmp_path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": "3.7.1"}, "not en_core_web_md 3.8.0"),
        ({"name": "core_web_sm"}, "not en_core_web_md 3.8.0"),
        ({"lang": "de"}, "not en_core_web_md 3.8.0"),
        ({"spacy_version": ">=3.7.2,<3.8.0"}, "expected >=3.8"),
        ({"pipeline": ["tok2vec", "tagger", "parser"]}, "lacks the pipeline components"),
    ],
)
def test_backbone_meta_refuses_altered_model(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    with pytest.raises(ModelError, match=message):
        check_default_meta({**GOOD, **change}, tmp_path)


def test_backbone_read_meta_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot be read"):
        read_meta(tmp_path)
    (tmp_path / "meta.json").write_text("{not json", "utf-8")
    with pytest.raises(ModelError, match="reinstall"):
        read_meta(tmp_path)
    (tmp_path / "meta.json").write_text(json.dumps(GOOD), "utf-8")
    assert read_meta(tmp_path)["version"] == "3.8.0"
    assert read_meta("en_core_web_md") == {}


def test_backbone_resolve_model_directory_without_meta(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no meta.json"):
        resolve_model(str(tmp_path))


def test_backbone_unknown_package_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="Cannot load spaCy pipeline"):
        load_backbone("newstrail_no_such_model_pkg")


@pytest.mark.model
def test_backbone_default_model_info(nlp) -> None:  # type: ignore[no-untyped-def]
    info = model_info(nlp)
    assert info.label == "en_core_web_md-3.8.0"
    for pipe in ("parser", "ner", "tagger"):
        assert pipe in nlp.pipe_names
