"""factcheck/pipeline.py: every entry point runs the same stages, so they apply the same checks
and give the same report for the same set."""

from __future__ import annotations

import warnings

import pytest

from factcheck import InputError, Verifier
from factcheck.articles import ArticleSet, to_articles
from factcheck.types import SetError

A = "The council approved the budget on Monday. The mayor opened a new bridge."
B = "The council approved the budget on Tuesday. Heavy rain flooded the market."
C = "The council approved the budget on Monday, officials said. The bridge cost $4 million."


def test_verify_and_verify_many_give_byte_identical_reports():
    v = Verifier(embedder="hashing", relation_model=None)
    one = v.verify([A, B, C], id="s1")
    (many,) = v.verify_many([ArticleSet(id="s1", articles=to_articles([A, B, C]))])
    assert one.to_json() == many.to_json()


@pytest.mark.parametrize(
    ("options", "set_id", "code"),
    [({"max_articles": 2}, "s1", "E113"), ({}, "x" * 300, "E112"), ({}, "bad\x00id", "E112")],
)
def test_verify_applies_the_set_checks_verify_many_and_check_apply(options, set_id, code):
    v = Verifier(embedder="hashing", relation_model=None, **options)
    with pytest.raises(InputError, match=rf"\[{code}\]"):
        v.verify([A, B, C], id=set_id)
    with pytest.raises(InputError, match=rf"\[{code}\]"):
        list(v.verify_many([ArticleSet(id=set_id, articles=to_articles([A, B, C]))]))
    (err,) = v.verify_many([ArticleSet(id=set_id, articles=to_articles([A, B, C]))], on_error="return")
    assert isinstance(err, SetError) and err.message.startswith(f"[{code}]")
    with pytest.raises(InputError, match=rf"\[{code}\]"):
        v.check(A, [B, C], id=set_id)


def test_a_warning_names_the_callers_line_on_every_route():
    v = Verifier(embedder="hashing", relation_model=None)
    spanish = " ".join(["el terremoto dejó muchos muertos en la ciudad"] * 5) + "."
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        v.verify([A, spanish])
        list(v.verify_many([[A, spanish]]))
    assert len(caught) == 2
    assert {w.filename for w in caught} == {__file__}
