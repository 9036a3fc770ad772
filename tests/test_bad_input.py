"""Bad input: each case gets a clear message naming the article, set or file; batches go on."""

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from factcheck import Article, InputError, Verifier
from factcheck.articles import iter_sets, read_article
from factcheck.cli import app

GOOD = "The council approved the budget on Monday. The mayor opened a new bridge in the north of the city."
OTHER = "The council approved the budget on Tuesday, officials said. Heavy rain flooded the old market."


def test_oversized_article_names_article_and_option(tiny_verifier):
    with pytest.raises(InputError, match=r"E109.*'big'.*max_chars"):
        Verifier(embedder="hashing", relation_model=None, max_chars=1000).verify([Article(id="big", text=GOOD * 50), OTHER])


def test_five_megabyte_article_is_refused_clearly_by_default(tiny_verifier):
    huge = (GOOD + "\n\n") * (5_000_000 // len(GOOD))
    with pytest.raises(InputError, match="E109"):
        tiny_verifier.verify([Article(id="huge", text=huge), OTHER])


@pytest.mark.parametrize(
    "text",
    [
        "no punctuation at all just words running on " * 10,
        " ".join(["and the council voted"] * 750) + ".",  # one 3,000-word sentence
        "The council\x00 approved the budget on Monday.\x00",
        "<p>The council <b>approved</b> the budget on Monday.</p>\n\n**Heavy rain** flooded the market.",
    ],
)
def test_odd_text_still_runs(tiny_verifier, text):
    from factcheck.articles import longest_run
    from factcheck.errors import FactcheckWarning

    if longest_run(text) > 400:  # a run with no sentence end: its claims are capped, with W103
        with pytest.warns(FactcheckWarning, match=r"\[W103\] Article 'odd'"):
            r = tiny_verifier.verify([Article(id="odd", text=text), OTHER])
    else:
        r = tiny_verifier.verify([Article(id="odd", text=text), OTHER])
    assert r.for_source("odd"), "odd text gave no claim"
    for c in r.claims:
        src = text if c.source == "odd" else OTHER
        assert src[c.start : c.end] == c.text


def test_other_language_warns_and_runs(tiny_verifier):
    de = (
        "Der Stadtrat hat am Montag den Haushalt beschlossen. " * 5
        + "Der Bürgermeister eröffnete eine neue Brücke."
    )
    with pytest.warns(UserWarning, match="does not look like English"):
        r = tiny_verifier.verify([Article(id="de", text=de), OTHER])
    assert r.sources[0].id == "de"


def test_binary_file_is_read_with_a_warning(tmp_path):
    p = tmp_path / "bin.txt"
    p.write_bytes(bytes(range(256)) * 4 + GOOD.encode())
    q = tmp_path / "ok.txt"
    q.write_text(OTHER)
    res = CliRunner().invoke(app, ["verify", str(p), str(q), "--model", "hashing", "--relation-model", "none", "-f", "json"])
    assert res.exit_code == 0, res.output
    assert "not valid UTF-8" in res.output


def test_batch_accounts_for_every_line(tmp_path):
    rnd = random.Random(7)
    lines, expected = [], []
    for k in range(60):
        good = {"id": f"s{k}", "articles": [{"id": "a", "text": GOOD}, {"id": "b", "text": OTHER}]}
        kind = rnd.random()
        if kind < 0.04:
            lines.append(f'{{"id": "s{k}", "articles": [')  # truncated JSON
        elif kind < 0.07:
            lines.append(
                json.dumps({"id": f"s{k}", "articles": [{"id": "a", "text": 5}, {"id": "b", "text": OTHER}]})
            )
        elif kind < 0.10:
            lines.append(json.dumps({"id": f"s{k}", "articles": [{"id": "a", "text": GOOD}]}))
        else:
            lines.append(json.dumps(good))
            expected.append(f"s{k}")
    lines.append(
        json.dumps({"id": "s0", "articles": [{"id": "a", "text": GOOD}, {"id": "b", "text": OTHER}]})
    )  # duplicate id
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(app, ["batch", str(src), "-o", str(out), "--model", "hashing", "--relation-model", "none", "--no-progress"])
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(rows) == len(lines)  # one output line per input line, in order
    assert [r["id"] for r in rows if "error" not in r] == expected
    failed = len(lines) - len(expected)
    assert sum("error" in r for r in rows) == failed
    assert rows[-1]["error"]["message"].startswith("[E110]")
    assert f"{len(lines)} sets: {len(expected)} ok, {failed} failed" in res.output
    assert res.exit_code == 1


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(max_size=300) | st.binary(max_size=200).map(lambda b: b.decode("latin-1")), max_size=6)
)
def test_fuzz_jsonl_never_raises_and_accounts_for_every_line(lines):
    lines = [x.replace("\n", " ").replace("\r", " ") for x in lines]
    items = list(iter_sets(iter(lines)))
    assert len(items) == sum(1 for x in lines if x.strip())
    assert all(isinstance(x, InputError) or x.id for x in items)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_fuzz_read_article_on_arbitrary_bytes(tmp_path_factory, data):
    import warnings

    p = tmp_path_factory.mktemp("fz") / "x.txt"
    p.write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            a = read_article(p)
        except InputError as exc:  # binary data is refused with its own code, nothing else
            assert exc.code == "E114"
            return
    assert "\x00" not in a.text
