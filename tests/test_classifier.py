import numpy as np
import pytest

from factcheck import ModelError, Verifier
from factcheck.relations.classifier import (
    MODEL_PATH,
    RelationModel,
    default_model,
    pair_features,
    rule_features,
)


def test_shipped_model_loads_small_and_safe():
    assert MODEL_PATH.stat().st_size < 5 * 1024 * 1024
    m = default_model()
    assert m is not None and m.embedder == "all-MiniLM-L6-v2"
    with np.load(MODEL_PATH, allow_pickle=False) as z:  # plain arrays only
        assert "format" in z


def test_features_are_symmetric_and_probabilities_sum_to_one():
    rng = np.random.default_rng(0)
    u, v = rng.normal(size=(3, 384)), rng.normal(size=(3, 384))
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    a = ["Trade rose 3% in May.", "The court approved it.", "Rain fell."]
    b = ["Trade fell 3% in May.", "The court did not approve it.", "Snow fell on Monday."]
    fab, fba = pair_features(u, v, a, b), pair_features(v, u, b, a)
    assert np.allclose(fab, fba)
    p = default_model().predict_proba(fab)
    assert np.allclose(p.sum(axis=1), 1.0)
    assert rule_features(a[0], b[0])[5] == 1.0  # antonym clash


def test_model_round_trips(tmp_path):
    m = default_model()
    m.save(tmp_path / "m.npz")
    back = RelationModel.load(tmp_path / "m.npz")
    x = np.zeros((1, m.mean.shape[0]), np.float32)
    assert np.allclose(back.predict_proba(x), m.predict_proba(x))


def test_model_only_with_its_embedder():
    v = Verifier(embedder="hashing", relation_model="default")
    assert v.relation_model_ is None  # trained on MiniLM vectors: not applicable to hashing vectors


def test_bad_model_path_is_a_model_error(tmp_path):
    bad = tmp_path / "x.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError, match=r"x\.npz"):
        Verifier(embedder="hashing", relation_model=str(bad)).relation_model_  # noqa: B018


@pytest.mark.model
def test_model_enabled_verifier_runs(real_verifier):
    v = Verifier(relation_model="default")
    r = v.verify(
        [
            "The council approved the budget on Monday.",
            "The council approved the budget on Monday, officials said.",
        ]
    )
    assert {c.label.value for c in r.claims} == {"agreeing"}
