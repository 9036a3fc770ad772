"""factcheck/options.py: one Options dataclass behind Verifier(...), its checks, get_params and the CLI."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from typer.testing import CliRunner

import factcheck
from factcheck import ConfigError, Options, Verifier
from factcheck.cli import app
from factcheck.options import DEFAULTS, OPTION_NAMES

A = "The council approved the budget on Monday. The mayor opened a new bridge in the north of the city."
B = "The council approved the budget on Tuesday. Heavy rain flooded the old market square overnight."

#: One value that is not allowed for every option, and the words the error must use for what is.
BAD = {
    "embedder": (3, "None, a model name or path, or an Embedder"),
    "spacy_model": (7, "None or a spaCy pipeline name or path"),
    "relation_model": (3, '"default", None, a pair-model folder, or a PairScorer'),
    "nli_model": (["x"], "None or a CrossEncoder name or path"),
    "nli_labels": (("yes", "no", "maybe"), "a permutation of ('contradiction', 'entailment', 'neutral')"),
    "match_threshold": (1.5, "a float in [0, 1]"),
    "related_threshold": (-0.1, "a float in [0, 1]"),
    "top_k": (0, "an int >= 1"),
    "max_evidence": (2.0, "an int >= 1"),
    "batch_size": (True, "an int >= 1"),
    "max_chars": (0, "an int >= 1"),
    "max_articles": (0, "an int >= 1"),
    "match_margin": (1.5, "None or a float in [0, 1]"),
    "workers": (-1, "an int >= 0"),
    "match_items": ("yes", "True or False"),
    "merge_copies": ("no", "True or False"),
    "cache": (3, "True, False or a path to the cache file"),
}


def test_every_option_has_a_bad_value_here():
    assert set(BAD) == set(OPTION_NAMES)


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_value_is_e001_naming_the_value_and_what_is_allowed(name):
    value, allowed = BAD[name]
    want = f"[E001] The {name!r} parameter of Verifier must be {allowed}. Got {value!r} instead."
    with pytest.raises(ConfigError, match=re.escape(want)) as info:
        Options(**{name: value}).validate()
    assert info.value.code == "E001"
    verifier = Verifier(**{"embedder": "hashing", "relation_model": None, name: value})  # not checked yet ...
    with pytest.raises(ConfigError, match=re.escape(want)):
        verifier.verify([A, B])  # ... but on first use


def test_the_defaults_are_valid_and_related_threshold_may_not_exceed_match_threshold():
    Options().validate()
    Options(match_threshold=0.5, related_threshold=0.5).validate()
    want = "[E001] The 'related_threshold' parameter of Verifier must be <= match_threshold (0.5). Got 0.62 instead."
    with pytest.raises(ConfigError, match=re.escape(want)):
        Options(match_threshold=0.5).validate()


def test_good_values_of_every_kind_pass():
    from factcheck.embed import HashingEmbedder

    Options(
        embedder=HashingEmbedder(dim=8),
        spacy_model="en_core_web_sm",
        relation_model="some/folder",
        nli_model="some/cross-encoder",
        nli_labels=("entailment", "neutral", "contradiction"),
        match_threshold=1,
        related_threshold=0,
        match_margin=0.1,
        workers=2,
        match_items=False,
        cache="c.sqlite",
    ).validate()


@pytest.mark.parametrize("make", [Verifier, lambda **kw: factcheck.verify([A, B], **kw)])
def test_an_unknown_keyword_is_e002_with_a_close_match_hint(make):
    with pytest.raises(ConfigError, match=r"\[E002\] Unknown option 'match_treshold' for ") as info:
        make(match_treshold=0.5)
    assert info.value.code == "E002"
    msg = str(info.value)
    assert "Valid options: 'match_threshold' (did you mean it?), embedder, spacy_model," in msg
    assert msg.endswith(", ".join(OPTION_NAMES) + ".")


def test_an_unknown_keyword_without_a_close_match_lists_the_options():
    with pytest.raises(ConfigError, match=r"\[E002\] Unknown option 'zzz' for Verifier\. Valid options: embedder,"):
        Verifier(zzz=1)


def test_options_to_dict_is_what_get_params_returns():
    assert Options().to_dict() == Verifier().get_params()
    assert list(Options().to_dict()) == list(Verifier().get_params())
    json.dumps(Options().to_dict())  # JSON-friendly


def test_objects_show_by_name_in_to_dict():
    from factcheck.embed import HashingEmbedder

    class Judge:
        name = "my-judge"

        def score(self, pairs):
            return []

        def p_same(self, similarity):
            return similarity

    class Nameless:
        pass

    d = Options(embedder=HashingEmbedder(dim=8), relation_model=Judge()).to_dict()
    assert (d["embedder"], d["relation_model"]) == ("hashing-8", "my-judge")
    assert Options(relation_model=Nameless()).to_dict()["relation_model"] == "Nameless"  # type: ignore[arg-type]


def test_verifier_from_options_equals_keyword_construction():
    opts = Options(embedder="hashing", relation_model=None, top_k=2, match_items=False)
    by_options = Verifier(options=opts)
    by_keywords = Verifier(embedder="hashing", relation_model=None, top_k=2, match_items=False)
    assert by_options.options == by_keywords.options
    assert by_options.get_params() == by_keywords.get_params()
    assert by_options.verify([A, B]).to_json() == by_keywords.verify([A, B]).to_json()
    assert Verifier(options=opts, top_k=4).top_k == 4  # keywords go over the options


def test_options_read_through_and_cannot_be_set():
    v = Verifier(match_threshold=0.8, workers=1)
    assert (v.match_threshold, v.workers, v.relation_model, v.cache) == (0.8, 1, "default", False)
    with pytest.raises(AttributeError):
        v.top_k = 5
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.options.top_k = 5  # type: ignore[misc]


def test_defaults_is_a_read_only_view_of_the_fields():
    assert DEFAULTS["match_threshold"] == 0.72 and DEFAULTS["related_threshold"] == 0.62
    assert dict(DEFAULTS) == {f.name: f.default for f in dataclasses.fields(Options)}
    with pytest.raises(TypeError):
        DEFAULTS["top_k"] = 5  # type: ignore[index]


def test_cli_match_threshold_takes_the_related_floor_down(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(A)
    b.write_text(B)
    args = ["verify", "--match-threshold", "0.5", str(a), str(b), "--model", "hashing", "--relation-model", "none"]
    res = CliRunner().invoke(app, [*args, "-f", "json"])
    assert res.exit_code == 0, res.output
    options = json.loads(res.stdout)["options"]
    assert (options["match_threshold"], options["related_threshold"]) == (0.5, 0.5)
    assert options["relation_model"] == "rules" and options["max_chars"] == DEFAULTS["max_chars"]


def test_cli_bad_threshold_is_the_catalogued_error(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(A)
    b.write_text(B)
    res = CliRunner().invoke(app, ["verify", str(a), str(b), "--model", "hashing", "--match-threshold", "1.5"])
    assert res.exit_code == 1
    assert "[E001] The 'match_threshold' parameter of Verifier must be a float in [0, 1]. Got 1.5" in res.output


def test_the_docs_table_of_options_is_the_one_the_options_make():
    from pathlib import Path

    from factcheck.options import options_table

    doc = (Path(__file__).resolve().parents[1] / "docs" / "concepts.md").read_text(encoding="utf-8")
    start, end = "<!-- options-table: python -m factcheck.options -->\n", "<!-- /options-table -->"
    assert doc[doc.index(start) + len(start) : doc.index(end)] == options_table()


def test_every_option_is_described_in_the_options_docstring():
    for name in OPTION_NAMES:
        assert f"        {name}: " in (Options.__doc__ or "")
