"""The shipped pair model: present, small, safe to load, symmetric, and right on clear pairs."""

from __future__ import annotations

import json

import pytest

from factcheck.relations.pair_model import CLASSES, FORMAT, MODEL_DIR, PairModel

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def model() -> PairModel:
    return PairModel.load()


def test_the_shipped_files_are_small_safetensors_with_a_card():
    card = json.loads((MODEL_DIR / "model.json").read_text())
    assert card["format"] == FORMAT and tuple(card["classes"]) == CLASSES
    weights = MODEL_DIR / "adapter.safetensors"
    assert weights.stat().st_size <= 5_000_000  # small enough to track in git
    assert 0.5 < card["temperature"] < 3.0
    assert sorted(p.name for p in MODEL_DIR.iterdir()) == ["adapter.safetensors", "model.json"]


def test_probabilities_are_symmetric_and_sum_to_one(model):
    a = ["The mine is 340 metres deep.", "The council approved the budget on Monday."]
    b = ["The mine is 430 metres deep.", "On Monday the council approved the budget."]
    ab, ba = model.predict_proba(a, b), model.predict_proba(b, a)
    assert (ab == ba).all()
    assert abs(ab.sum(axis=1) - 1).max() < 1e-5


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("The ferry carried 120 passengers when it sank.", "The ferry carried 80 passengers when it sank.", "conflicts"),
        ("The court approved the merger on Friday.", "The court did not approve the merger on Friday.", "conflicts"),
        ("The council approved the budget on Monday.", "On Monday, the council approved the budget.", "agrees"),
        ("The council approved the budget on Monday.", "Heavy rain flooded the old market.", "unrelated"),
    ],
)
def test_clear_pairs(model, a, b, expected):
    assert CLASSES[int(model.predict_proba([a], [b])[0].argmax())] == expected


def test_a_model_conflict_names_the_figures():
    from factcheck import Verifier

    r = Verifier().verify(["The mine is 340 metres deep, officials said.", "The mine is 430 metres deep."])
    (ev,) = r.claims[0].evidence
    assert ev.relation.value == "conflicts" and "340" in ev.reason and "430" in ev.reason
    assert r.options["relation_model"].startswith("model:")
