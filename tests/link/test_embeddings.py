"""The sentence embedding model: tokeniser, checks at load, vectors (link/embeddings.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newstrail.errors import EmbeddingModelError, ModelError
from newstrail.link.embeddings import WordPiece, load_encoder, read_vocab


@pytest.fixture(scope="module")
def tokenizer() -> WordPiece:
    return WordPiece(read_vocab())


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("Hello world", [101, 7592, 2088, 102]),
        ("HELLO, world!", [101, 7592, 1010, 2088, 999, 102]),
        ("unaffable", [101, 14477, 20961, 3468, 102]),
        ("", [101, 102]),
    ],
)
def test_embeddings_wordpiece_matches_bert_uncased(
    tokenizer: WordPiece, text: str, ids: list[int]
) -> None:
    assert tokenizer.encode(text) == ids


def test_embeddings_wordpiece_strips_accents_and_truncates(tokenizer: WordPiece) -> None:
    assert tokenizer.encode("café") == tokenizer.encode("cafe")
    assert len(tokenizer.encode("word " * 1000)) == 256


def test_embeddings_altered_model_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "model.onnx"
    fake.write_bytes(b"not a model")
    with pytest.raises(EmbeddingModelError, match="sha256"):
        load_encoder(fake)
    assert issubclass(EmbeddingModelError, ModelError)


def test_embeddings_missing_model_file_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingModelError, match="make install"):
        load_encoder(tmp_path / "absent.onnx")


def test_embeddings_paraphrase_is_closer_than_other_statement() -> None:
    encoder = load_encoder()
    vectors = encoder.encode(
        [
            "The diplomats saw with their own eyes the scale of the destruction",
            "Kerem said the envoys had witnessed the destruction first-hand",
            "The road to the town will reopen in May",
        ]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > 0.5 > similarity[0, 2]
