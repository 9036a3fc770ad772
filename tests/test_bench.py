import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck import GoldError
from factcheck.bench import compare, load_gold_set
from factcheck.bench.metrics import score
from factcheck.cli import app

ROOT = Path(__file__).resolve().parents[1]


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
