import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck import GoldError
from factcheck.bench import compare, load_gold_set
from factcheck.bench.metrics import score
from factcheck.cli import app

ROOT = Path(__file__).resolve().parents[2]


def make_set(tmp_path, claims):
    d = tmp_path / "set1"
    d.mkdir()
    (d / "a.txt").write_text(
        "The council approved the budget on Monday. The mayor opened a bridge in the north."
    )
    (d / "b.txt").write_text("The council approved the budget on Tuesday. Heavy rain flooded the old market.")
    (d / "gold.json").write_text(json.dumps({"schema": "factcheck.gold/1", "id": "set1", "claims": claims}))
    return d


def test_gold_validation_names_the_problem(tmp_path):
    d = make_set(tmp_path, [{"source": "a", "text": "not in the text", "label": "unique"}])
    with pytest.raises(GoldError, match=r"E202.*not in the text"):
        load_gold_set(d)
    (d / "gold.json").write_text(
        json.dumps(
            {
                "schema": "factcheck.gold/1",
                "claims": [{"source": "a", "text": "The council", "label": "maybe"}],
            }
        )
    )
    with pytest.raises(GoldError, match=r"E203.*maybe"):
        load_gold_set(d)
    (d / "gold.json").write_text(
        json.dumps(
            {
                "schema": "factcheck.gold/1",
                "claims": [{"source": "a", "start": 5, "end": 999, "label": "unique"}],
            }
        )
    )
    with pytest.raises(GoldError, match="E204"):
        load_gold_set(d)


def test_all_committed_gold_loads():
    from factcheck.bench import load_corpus

    sets = load_corpus(ROOT / "benchmarks" / "corpus")
    assert len(sets) >= 40
    assert sum(len(s.claims) for s in sets) > 1500
    load_gold_set(ROOT / "seeds")


def test_score_macro_and_accuracy():
    s = score(["agreeing", "unique", "conflicting"], ["agreeing", "unique", "unique"])
    assert s["accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert s["conflicting"]["recall"] == 0.0
    # where each gold label went: the conflict came out unique; no "missed" column without misses
    assert s["confusion"]["conflicting"] == {"agreeing": 0, "unique": 1, "conflicting": 0}
    assert s["confusion"]["agreeing"]["agreeing"] == 1
    assert score(["unique"], ["missed"])["confusion"] == {"unique": {"agreeing": 0, "unique": 0, "conflicting": 0, "missed": 1}}


def test_compare_reports_drop_beyond_tolerance():
    assert compare({"s": {"accuracy": 0.845}}, {"s": {"accuracy": 0.85}}, tolerance=0.01) == []
    (msg,) = compare({"s": {"accuracy": 0.80}}, {"s": {"accuracy": 0.85}}, tolerance=0.01)
    assert "s: accuracy" in msg and "0.8500" in msg and "0.8000" in msg


def test_bench_gate_fails_on_a_bad_threshold(tmp_path):
    claims = [
        {"source": "a", "text": "The council approved the budget on Monday", "label": "conflicting"},
        {"source": "a", "text": "The mayor opened a bridge in the north", "label": "unique"},
        {"source": "b", "text": "The council approved the budget on Tuesday", "label": "conflicting"},
        {"source": "b", "text": "Heavy rain flooded the old market", "label": "unique"},
    ]
    corpus = make_set(tmp_path, claims).parent
    base = tmp_path / "baseline.json"
    runner = CliRunner()

    def bench(*extra: str):
        args = ["bench", "--corpus", str(corpus), "--model", "hashing", "--relation-model", "none", "--baseline", str(base), *extra]
        return runner.invoke(app, args)

    ok = bench("--update-baseline")
    assert ok.exit_code == 0, ok.output
    assert json.loads(base.read_text())["suites"]["corpus"]["accuracy"] == 1.0
    good = bench()
    assert good.exit_code == 0, good.output
    # a threshold so low that everything "matches" breaks unique claims: the gate must fail
    bad = bench("--match-threshold", "0.0")
    assert bad.exit_code == 1
    assert "REGRESSION corpus: accuracy fell from 1.0000 (baseline)" in bad.output


TINY = ["--model", "hashing", "--relation-model", "none"]
CLAIMS = [  # conflicting and unique gold, no agreeing gold
    {"source": "a", "text": "The council approved the budget on Monday", "label": "conflicting"},
    {"source": "a", "text": "The mayor opened a bridge in the north", "label": "unique"},
    {"source": "b", "text": "The council approved the budget on Tuesday", "label": "conflicting"},
    {"source": "b", "text": "Heavy rain flooded the old market", "label": "unique"},
]


def test_score_leaves_a_label_without_gold_undefined():
    s = score(["agreeing", "unique"], ["agreeing", "conflicting"])
    assert s["conflicting"] == {"precision": 0.0, "recall": None, "f1": None, "support": 0}
    assert s["unique"]["f1"] == 0.0 and s["unique"]["recall"] == 0.0  # gold, never found: a real 0
    assert score(["agreeing"], ["agreeing"])["unique"]["precision"] is None  # neither gold nor predicted
    assert score([], [])["accuracy"] is None


def test_bench_shows_dash_and_null_for_a_label_without_gold_and_progress_on_stderr(tmp_path):
    corpus = make_set(tmp_path, CLAIMS).parent
    out = tmp_path / "r.json"
    res = CliRunner().invoke(app, ["bench", "--corpus", str(corpus), "--json", str(out), *TINY])
    assert res.exit_code == 0, res.output
    m = json.loads(out.read_text())["suites"]["corpus"]["metrics"]
    assert m["agreeing"]["f1"] is None and m["agreeing"]["recall"] is None
    assert isinstance(m["unique"]["f1"], float)
    (row,) = [line for line in res.stdout.splitlines() if "corpus" in line]
    cells = [c.strip() for c in row.strip("│ ").split("│")]
    assert cells[0] == "corpus" and cells[1] == "4"
    assert cells[4] == "-"  # agreeing F1
    assert re.fullmatch(r"\d\.\d{3}", cells[5]) and re.fullmatch(r"\d\.\d{3}", cells[6])
    assert "corpus ━" in res.stderr and "1/1" in res.stderr and "1/1" not in res.stdout  # bar: stderr only
    quiet = CliRunner().invoke(app, ["bench", "--corpus", str(corpus), "--no-progress", *TINY])
    assert quiet.exit_code == 0 and "1/1" not in quiet.stderr


def test_a_suite_asked_for_without_its_data_is_an_error(tmp_path):
    args = ["bench", "--suite", "mrpc", "--data", str(tmp_path / "none"), *TINY]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 1
    assert "[E401] Suite 'mrpc' was asked for but did not run" in res.stderr
    assert "factcheck bench" not in res.stdout  # no empty table
    ok = CliRunner().invoke(app, [*args, "--allow-skip"])
    assert ok.exit_code == 0, ok.output
    assert "skipped mrpc" in ok.stderr and "no suite ran" in ok.stderr and ok.stdout == ""


@pytest.fixture
def two_suites(tmp_path, monkeypatch):
    """Default suites: seeds (a tiny set, under a fake project root) and mrpc (needs data)."""
    import factcheck.bench
    import factcheck.bench.suites

    root = tmp_path / "root"
    (root / "seeds").mkdir(parents=True)
    make_set(root / "seeds", CLAIMS)
    monkeypatch.setattr(factcheck.bench.suites, "ROOT", root)
    monkeypatch.setattr(factcheck.bench, "DEFAULT_SUITES", ("seeds", "mrpc"))
    base = tmp_path / "baseline.json"
    base.write_text(json.dumps({"suites": {"seeds": {"accuracy": 0.0}, "mrpc": {"accuracy": 0.5}}}))
    return root, ["bench", "--baseline", str(base), "--data", str(tmp_path / "none"), *TINY]


def test_gate_fails_when_a_baseline_suite_did_not_run(two_suites):
    _root, args = two_suites
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 1
    assert "[E402] The gate cannot pass: 1 baseline suite(s) did not run: mrpc (" in res.stderr
    assert "gate passed" not in res.output
    ok = CliRunner().invoke(app, [*args, "--allow-skip"])
    assert ok.exit_code == 0, ok.output
    assert "gate: 1 baseline suite(s) skipped (--allow-skip): mrpc" in ok.stderr
    assert "1 of 2 baseline suites checked" in ok.stderr


def test_allow_skip_does_not_cover_a_suite_that_ships_with_the_repository(two_suites):
    root, args = two_suites
    (root / "seeds" / "set1" / "gold.json").unlink()  # seeds cannot run now
    res = CliRunner().invoke(app, [*args, "--allow-skip"])
    assert res.exit_code == 1
    assert "did not run: seeds (no gold.json under" in res.stderr
    assert "seeds must always run" in res.stderr and "mrpc" not in res.stderr.split("[E402]")[1]


def test_check_coverage():
    from factcheck import InputError
    from factcheck.bench import check_coverage

    base = {"seeds": {}, "mrpc": {}, "old": {}}
    known = ["seeds", "mrpc"]
    # not asked for (no --suite mrpc): neither run nor gated; a baseline suite that is no suite any more fails
    with pytest.raises(InputError, match=r"E402.*: old \(not a suite any more\)"):
        check_coverage(base, ["seeds"], {}, known=known)
    assert check_coverage({"seeds": {}, "mrpc": {}}, ["seeds"], {}, known=known) == {}
    with pytest.raises(InputError, match="E403"):  # nothing of the baseline ran, even with --allow-skip
        check_coverage({"mrpc": {}}, [], {"mrpc": "no data"}, known=known, allow_skip=True, waivable=["mrpc"])


def test_write_baseline_merges_and_keeps_suites_that_did_not_run(tmp_path):
    from factcheck.bench import write_baseline

    target = tmp_path / "sub" / "baseline.json"
    write_baseline(target, {"seeds": {"accuracy": 0.9}, "mrpc": {"accuracy": 0.7}})
    write_baseline(target, {"seeds": {"accuracy": 0.95}})
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc == {"schema": "factcheck.baseline/1", "suites": {"mrpc": {"accuracy": 0.7}, "seeds": {"accuracy": 0.95}}}


def test_a_binary_score_counts_one_label_without_a_warning():
    import warnings

    from factcheck.bench.metrics import score

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = score(["agreeing", "unique", "agreeing"], ["agreeing", "agreeing", "unique"], labels=("agreeing",))
    assert s["confusion"] == {"agreeing": {"agreeing": 1}}
    assert (s["agreeing"]["precision"], s["agreeing"]["recall"]) == (0.5, 0.5)
