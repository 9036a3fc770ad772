import json
import subprocess
import sys

import pytest

import factcheck
from factcheck import Article, ConfigError, InputError, Label, Relation, Report, SetError, Verifier

A = "The council approved the budget on Monday. The mayor opened a new bridge in the north of the city."
B = "The council approved the budget on Tuesday. Heavy rain flooded the old market square overnight."
C = "The council approved the budget on Monday, officials said."


def test_conflict_is_symmetric_with_reason(tiny_verifier):
    r = tiny_verifier.verify([A, B])
    conflicting = r.by_label("conflicting")
    assert {c.source for c in conflicting} == {"a1", "a2"}
    for c in conflicting:
        ev = c.evidence[0]
        assert ev.relation is Relation.CONFLICTS
        assert "Monday" in ev.reason and "Tuesday" in ev.reason
    assert {c.label for c in r.claims if "bridge" in c.text or "flooded" in c.text} == {Label.UNIQUE}


def test_agreeing_and_confidence_range(tiny_verifier):
    r = tiny_verifier.verify([A, C])
    budget = [c for c in r.claims if "budget" in c.text]
    assert {c.label for c in budget} == {Label.AGREEING}
    assert all(0.0 <= c.confidence <= 1.0 for c in r.claims)


def test_report_json_round_trip(tiny_verifier):
    r = tiny_verifier.verify([A, B], id="set-1")
    d = json.loads(r.to_json())
    assert d["schema"] == "factcheck.report/1" and d["id"] == "set-1"
    for key in ("id", "source", "text", "start", "end", "attribution", "label", "confidence", "evidence"):
        assert key in d["claims"][0]
    assert Report.from_dict(d).to_json() == r.to_json()


def test_same_input_same_bytes(tiny_verifier):
    assert tiny_verifier.verify([A, B]).to_json() == tiny_verifier.verify([A, B]).to_json()


@pytest.mark.parametrize(
    ("articles", "code"),
    [([A, "   "], "E101"), ([A], "E102"), ([], "E102")],
)
def test_bad_sets_raise_clear_errors(tiny_verifier, articles, code):
    with pytest.raises(InputError, match=code):
        tiny_verifier.verify(articles)


def test_verify_many_streams_in_order_and_returns_errors(tiny_verifier):
    sets = [("one", [A, B]), ("two", [A]), ("three", [A, C])]
    out = list(tiny_verifier.verify_many(sets, on_error="return", chunk_size=2))
    assert [type(x) for x in out] == [Report, SetError, Report]
    assert [x.id for x in out] == ["one", "two", "three"]


@pytest.mark.parametrize(
    ("opts", "match"),
    [
        ({"match_threshold": 1.5}, "match_threshold.*float in \\[0, 1\\].*1.5"),
        ({"top_k": 0}, "top_k.*int >= 1"),
        ({"related_threshold": 0.9, "match_threshold": 0.7}, "related_threshold"),
    ],
)
def test_bad_options_name_value_and_allowed(opts, match):
    with pytest.raises(ConfigError, match=match):
        Verifier(embedder="hashing", relation_model=None, **opts).verify([A, B])


def test_module_level_verify(tiny_verifier):
    r = factcheck.verify([A, B], embedder="hashing", relation_model=None, id="x")
    assert r.id == "x" and r.claims


def test_import_is_light():
    code = "import sys, factcheck; print(any(m in sys.modules for m in ('torch', 'spacy', 'sentence_transformers')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_exports_complete():
    public = {n for n in dir(factcheck) if not n.startswith("_") and n[0].isupper()}
    assert public <= set(factcheck.__all__)
    assert len(set(factcheck.__all__)) == len(factcheck.__all__)
    for name in factcheck.__all__:
        assert hasattr(factcheck, name)


def test_match_margin_marks_clear_mutual_best_matches():
    import numpy as np

    from factcheck.match import find_matches

    v = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.9, 0.1, 0], [0, 0.6, 0.55], [0, 0.55, 0.6]], np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    m = find_matches(v, [0, 0, 0, 1, 1, 1], top_k=3, min_similarity=0.5)
    by_pair = {(c.i, c.j): c.margin for c in m.candidates}
    assert by_pair[(0, 3)] > 0.5  # each other's best, far above the runner-up
    assert by_pair[(1, 4)] > 0 and by_pair[(2, 5)] > 0
    assert by_pair.get((1, 5), 0.0) == 0.0  # not each other's best
    small = find_matches(v[[0, 3]], [0, 1], top_k=3, min_similarity=0.5)
    assert small.candidates[0].margin == 0.0  # no runner-up to compare with


def test_embedding_cache_reuses_vectors_across_verifiers(tmp_path):
    path = tmp_path / "cache.sqlite"
    first = Verifier(embedder="hashing", relation_model=None, cache=path)
    r1 = first.verify([A, B])
    assert first.embedder_.misses > 0 and first.embedder_.hits == 0
    second = Verifier(embedder="hashing", relation_model=None, cache=path)
    r2 = second.verify([A, B])
    assert second.embedder_.misses == 0 and second.embedder_.hits == first.embedder_.misses
    assert second.models._splitter is None or second.models._splitter.nlp is None  # claims came from the cache: no parse
    assert r1.to_json() == r2.to_json()


def _fill(path, offset):
    from factcheck.embed import CachedEmbedder, HashingEmbedder

    emb = CachedEmbedder(HashingEmbedder(dim=16), path)
    for k in range(20):
        emb.encode([f"sentence {offset + k + j}" for j in range(10)])
    return emb.misses


def test_embedding_cache_with_concurrent_writers(tmp_path):
    from concurrent.futures import ProcessPoolExecutor

    from factcheck.embed import CachedEmbedder, HashingEmbedder

    path = tmp_path / "shared.sqlite"
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_fill, [path, path], [0, 5]))  # overlapping texts, written at once
    emb = CachedEmbedder(HashingEmbedder(dim=16), path)
    texts = [f"sentence {k}" for k in range(34)]
    assert emb.encode(texts).shape == (34, 16) and emb.misses == 0


@pytest.mark.slow  # a process pool
def test_parsing_workers_give_the_same_reports_in_order(tiny_verifier):
    bodies = [A, B, C, A + " " + C, B + " " + C]
    sets = [(f"s{k}", [bodies[k % 5], bodies[(k + 1) % 5]]) for k in range(7)] + [("bad", [A])]
    want = [x.to_dict() for x in tiny_verifier.verify_many(sets, on_error="return", chunk_size=3)]
    with Verifier(embedder="hashing", relation_model=None, workers=2) as v:
        got = [x.to_dict() for x in v.verify_many(sets, on_error="return", chunk_size=3)]
        assert v._pool is not None  # the workers really parsed
    assert v._pool is None  # closed on leaving the block
    assert got == want


@pytest.mark.slow  # a process pool
def test_parsing_workers_raise_errors_in_input_order():
    sets = [("ok", [A, B])] * 1 + [("bad", [A])]
    with Verifier(embedder="hashing", relation_model=None, workers=1) as v:
        it = v.verify_many(sets, chunk_size=1)
        assert next(it).id == "ok"
        with pytest.raises(InputError, match="E102"):
            next(it)


def test_workers_option_is_checked():
    with pytest.raises(ConfigError, match=r"workers.*int >= 0.*-1"):
        Verifier(embedder="hashing", relation_model=None, workers=-1).verify([A, B])


def _list_and_one(list_text: str, one_text: str, **options) -> Report:
    """A source that lists things against one that names a single item, with the tiny embedder."""
    arts = [Article(id="list", text=list_text), Article(id="one", text=one_text)]
    return Verifier(embedder="hashing", relation_model=None, **options).verify(arts)


def test_a_source_naming_one_item_agrees_with_the_list():
    texts = (
        "The envoys discussed tariffs, fishing quotas, visas, pipelines and satellites.",
        "The envoys talked about fishing quotas.",
    )
    on = _list_and_one(*texts)
    off = _list_and_one(*texts, match_items=False)
    assert [c.label for c in off.claims] == [Label.UNIQUE, Label.UNIQUE]
    assert [c.label for c in on.claims] == [Label.AGREEING, Label.AGREEING]
    (ev,) = on.for_source("one")[0].evidence
    assert 'one item of a list: "The envoys discussed fishing quotas"' in ev.reason
    assert on.claims[0].items[1] == "The envoys discussed fishing quotas"
    assert on.options["match_items"] is True
    back = Report.from_dict(json.loads(on.to_json()))
    assert back.claims[0].items == on.claims[0].items and back.to_json() == on.to_json()


def test_match_items_must_be_a_bool():
    with pytest.raises(ConfigError, match=r"match_items.*True or False.*'yes'"):
        Verifier(embedder="hashing", relation_model=None, match_items="yes").verify([A, B])


def test_an_item_match_keeps_the_conflict_of_the_whole_statements():
    r = _list_and_one(
        "The agency did not inspect the dams, the bridges and the tunnels last year.",
        "The agency inspected the bridges.",
    )
    assert r.claims[0].items  # the item "did not inspect the bridges" matches best ...
    for c in r.claims:  # ... but the pair is judged on the statements: still a negation conflict
        assert c.label is Label.CONFLICTING
        assert c.evidence[0].reason.startswith("negation") and "one item" not in c.evidence[0].reason


def test_an_item_match_does_not_hide_a_year_conflict_behind_a_long_list():
    r = _list_and_one(
        "In 2019, the company sold apples, pears, plums, figs and dates.", "In 2023, the company sold apples."
    )
    assert r.claims[0].items[0] == "the company sold apples"  # fronted framing is not in items
    for c, mine, theirs in zip(r.claims, ("2019", "2023"), ("2023", "2019"), strict=True):
        # the item brings the pair together; the statements' year rule decides (told from each side)
        assert c.label is Label.CONFLICTING
        other = c.evidence[0].source
        assert c.evidence[0].reason.startswith(f"year mismatch: this {mine}, {other} {theirs}; on one item of a list")


def test_module_verify_reuses_one_verifier_per_option_set():
    import factcheck
    from factcheck import verifier as vmod

    vmod._VERIFIERS.clear()
    for _ in range(3):
        factcheck.verify(["Trade rose 3%.", "Trade rose 3%."], embedder="hashing", relation_model=None,
                         nli_labels=("contradiction", "entailment", "neutral"))  # fmt: skip
    assert len(vmod._VERIFIERS) == 1
    for k in range(6):
        factcheck.verify(["Trade rose 3%.", "Trade rose 3%."], embedder="hashing", relation_model=None, top_k=k + 1)
    assert len(vmod._VERIFIERS) == vmod._MAX_VERIFIERS


def test_verify_many_yields_good_reports_before_raising_at_the_bad_set(tiny_verifier):
    from factcheck.errors import InputError

    good = ["Trade rose 3% in May.", "Trade rose 3% in May, officials said."]
    it = tiny_verifier.verify_many([good, good, ["only one article"]], on_error="raise")
    assert next(it).claims and next(it).claims
    with pytest.raises(InputError, match="E102"):
        next(it)


def test_verify_of_one_set_is_the_first_report_of_verify_many(tiny_verifier):
    for articles in ([A, B], [A, C], [Article(id="x", text=A), Article(id="y", text=B + " " + C)]):
        one = tiny_verifier.verify(articles, id="s")
        streamed = next(tiny_verifier.verify_many([("s", articles)]))
        assert one.to_json() == streamed.to_json()


def test_verify_raises_what_verify_many_raises(tiny_verifier):
    for articles in ([A], [A, "  "], ("named", [A])):
        with pytest.raises(InputError) as direct:
            tiny_verifier.verify(articles)
        with pytest.raises(InputError) as streamed:
            next(tiny_verifier.verify_many([articles]))
        assert (str(direct.value), direct.value.set_id) == (str(streamed.value), streamed.value.set_id)


def test_small_sets_are_yielded_as_their_parse_group_is_done():
    """Progress moves per spaCy stream, whatever the sets' size: sets too small to fill an encode
    batch are encoded and yielded before the next articles are parsed, not at the chunk's end."""
    from factcheck.embed import HashingEmbedder
    from factcheck.pipeline import PARSE_ARTICLES

    calls: list[int] = []

    class Counting(HashingEmbedder):
        def encode(self, texts):
            calls.append(len(texts))
            return super().encode(texts)

    sets = [(f"s{k}", [f"Trade rose {k}% in May.", f"Rain fell on day {k}."]) for k in range(24)]
    v = Verifier(embedder=Counting(dim=64), relation_model=None)  # 48 texts: one batch of 64 would hold all
    seen = [len(calls) for _ in v.verify_many(sets)]
    per_group = PARSE_ARTICLES // 2
    assert len(calls) == 24 // per_group
    assert seen == [1 + k // per_group for k in range(24)]


def test_verify_reports_parsing_progress_in_characters(tiny_verifier):
    """A long article shows it is moving: progress(done, total) after each parsed block."""
    from factcheck import Verifier

    seen: list[tuple[int, int]] = []
    text = "\n\n".join(f"Trade rose {k}% in May, officials said on Monday." for k in range(30))
    Verifier(embedder="hashing", relation_model=None).verify([text, "Trade rose 3% in May."], progress=lambda d, t: seen.append((d, t)))
    assert len(seen) >= 30  # one call per block at least
    done = [d for d, _ in seen]
    assert done == sorted(done) and seen[-1][0] == seen[-1][1] > 0
    assert len({t for _, t in seen}) == 1
