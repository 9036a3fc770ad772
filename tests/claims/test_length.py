"""factcheck/claims/length.py: claims are capped in length."""

def test_a_run_with_no_sentence_end_is_capped_and_warns(tiny_verifier):
    import random
    import warnings

    from factcheck.claims import MAX_CLAIM_CHARS

    words = ["the", "council", "approved", "new", "budget", "for", "schools", "roads", "and", "parks", "while", "residents", "asked"]
    rng = random.Random(1)
    text = " ".join(rng.choice(words) for _ in range(2000)) + ", then taxes rose"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = tiny_verifier.verify([text, "The council approved the budget on Monday."])
    assert any(str(w.message).startswith("[W103] Article 'a1' has") for w in caught)
    assert [(w.code, w.source) for w in report.warnings] == [("W103", "a1")]
    mine = report.for_source("a1")
    assert len(mine) > 20 and max(len(c.text) for c in mine) <= MAX_CLAIM_CHARS
    assert all(text[c.start : c.end] == c.text for c in mine)
    assert all(not text[c.end].isalpha() for c in mine if c.end < len(text))  # cut between words
    assert [c.id for c in mine] == [f"a1:{k + 1}" for k in range(len(mine))]
