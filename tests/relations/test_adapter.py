"""Pair-model adapters: tensors that replace base weights, and int8 or low-rank deltas added to them (round trips)."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from factcheck.relations.pair_model import (  # noqa: E402
    DELTA,
    LOW_U,
    LOW_U_SCALE,
    LOW_V,
    LOW_V_SCALE,
    SCALE,
    apply_adapter,
    int8_delta,
    lowrank_delta,
)  # fmt: skip


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


def test_a_low_rank_delta_adds_back_what_its_rank_holds():
    model = _base()
    weight = model[0].weight.detach().clone()
    delta = (torch.randn(4, 2) @ torch.randn(2, 8)) * 0.01  # a change of rank 2
    u, us, v, vs = lowrank_delta(weight + delta, weight, rank=2)
    assert u.shape == (4, 2) and v.shape == (2, 8) and u.dtype == v.dtype == torch.int8
    apply_adapter(model, {"0.weight" + LOW_U: u, "0.weight" + LOW_U_SCALE: us, "0.weight" + LOW_V: v, "0.weight" + LOW_V_SCALE: vs})
    err = (model[0].weight - (weight + delta)).abs().max()
    assert err < 0.02 * delta.abs().max()  # only the int8 rounding of the factors
    cut = _base()
    u, us, v, vs = lowrank_delta(weight + delta, weight, rank=1)
    apply_adapter(cut, {"0.weight" + LOW_U: u, "0.weight" + LOW_U_SCALE: us, "0.weight" + LOW_V: v, "0.weight" + LOW_V_SCALE: vs})
    assert (cut[0].weight - (weight + delta)).abs().max() > 5 * err  # rank 1 drops the second direction


def test_a_tensor_the_base_lacks_is_refused():
    with pytest.raises(ValueError, match=r"lacks: \['2.weight'\]"):
        apply_adapter(_base(), {"2.weight": torch.zeros(1)})


def test_keep_layers_cuts_the_encoder_and_a_dropped_layer_takes_no_tensors():
    from transformers import BertConfig, BertForSequenceClassification

    from factcheck.relations.pair_model import keep_layers

    cfg = BertConfig(vocab_size=50, hidden_size=16, num_hidden_layers=4, num_attention_heads=2, intermediate_size=32, num_labels=3)
    model = BertForSequenceClassification(cfg).eval()
    keep_layers(model, 2)
    assert len(model.bert.encoder.layer) == 2 and model.config.num_hidden_layers == 2
    assert model(input_ids=torch.tensor([[1, 2, 3]])).logits.shape == (1, 3)
    apply_adapter(model, {"bert.encoder.layer.1.output.dense.bias": torch.zeros(16)})  # a kept layer
    with pytest.raises(ValueError, match="lacks"):
        apply_adapter(model, {"bert.encoder.layer.3.output.dense.bias": torch.zeros(16)})  # a dropped one
    with pytest.raises(ValueError, match="between 1 and 2"):
        keep_layers(model, 3)
