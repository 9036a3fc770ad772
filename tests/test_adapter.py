"""Pair-model adapters: tensors that replace base weights, and int8 deltas added to them (a round trip)."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from factcheck.relations.pair_model import DELTA, SCALE, apply_adapter, int8_delta  # noqa: E402


def _base() -> torch.nn.Module:
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(8, 4), torch.nn.LayerNorm(4))


def test_plain_tensors_replace_and_int8_deltas_add_to_the_base():
    model = _base()
    weight = model[0].weight.detach().clone()
    delta = torch.randn(4, 8) * 0.01
    delta[2] = 0  # a row training left alone
    q, scale = int8_delta(weight + delta, weight)
    assert q.dtype == torch.int8 and scale.dtype == torch.float16 and scale[2] == 1 and (q[2] == 0).all()
    apply_adapter(model, {"0.weight" + DELTA: q, "0.weight" + SCALE: scale, "1.bias": torch.ones(4, dtype=torch.float16)})
    assert torch.allclose(model[0].weight, weight + delta, atol=float(scale.max()))  # within one int8 step
    assert not torch.allclose(model[0].weight, weight)
    assert (model[1].bias == 1).all()


def test_a_tensor_the_base_lacks_is_refused():
    with pytest.raises(ValueError, match=r"lacks: \['2.weight'\]"):
        apply_adapter(_base(), {"2.weight": torch.zeros(1)})
