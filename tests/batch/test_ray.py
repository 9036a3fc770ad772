"""The Ray engine on a local Ray instance: the same bytes as the local engine."""

import io
import json
import sys

import pytest
from typer.testing import CliRunner

from factcheck import ModelError, Verifier
from factcheck.articles import read_jsonl_sets
from factcheck.batch import run_batch
from factcheck.cli import app

from ..conftest import SEEDS

ray = pytest.importorskip("ray", reason="the Ray engine needs: pip install 'factcheck[ray]'")
from factcheck.batch.ray_engine import run_batch_ray  # noqa: E402

pytestmark = pytest.mark.slow  # a local Ray instance per module

A = "The council approved the budget on Monday. The mayor opened a new bridge in the north of the city."
B = "The council approved the budget on Tuesday. Heavy rain flooded the old market square overnight."


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    yield
    ray.shutdown()


def _awkward_jsonl(path):
    """Sets plus every awkward line: bad JSON, ids used twice (str and int), no id, blanks."""
    lines = [
        json.dumps(
            {
                "id": f"s{k}",
                "articles": [{"id": "x", "text": A}, {"id": "y", "text": f"{B} It cost ${k} million."}],
            }
        )
        for k in range(7)
    ]
    lines[2:2] = ["{not json", ""]
    lines.insert(5, json.dumps({"id": "s1", "articles": [{"text": A}, {"text": B}]}))
    lines.insert(6, json.dumps({"articles": [{"text": A}, {"text": B}]}))
    lines.insert(7, json.dumps({"id": 7, "articles": [{"text": A}, {"text": B}]}))
    lines.insert(8, json.dumps({"id": 7, "articles": [{"text": A}]}))
    lines.append(json.dumps({"id": "one", "articles": [{"text": A}]}))
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    return path


def _local(path, **kw):
    out = io.StringIO()
    summary = run_batch(read_jsonl_sets(path), out, verifier=Verifier(embedder="hashing", relation_model=None), **kw)
    return out.getvalue(), summary


def test_same_bytes_and_counts_as_the_local_engine(local_ray, tmp_path):
    src = _awkward_jsonl(tmp_path / "in.jsonl")
    want, want_summary = _local(src)
    out = io.StringIO()
    summary = run_batch_ray(src, out, options={"embedder": "hashing", "relation_model": None}, workers=2, sets_per_call=3)
    assert out.getvalue() == want
    assert summary == want_summary
    ids = [json.loads(x)["id"] for x in want.splitlines()]
    assert "line-9" in ids and ids.count("s1") == 2 and summary.failed == 4  # the awkward lines are there


def test_resume_skips_the_same_sets(local_ray, tmp_path):
    src = _awkward_jsonl(tmp_path / "in.jsonl")
    skip = {"s0", "s1", "7", "line-3"}
    want, _ = _local(src, skip=skip)
    out = io.StringIO()
    run_batch_ray(src, out, options={"embedder": "hashing", "relation_model": None}, workers=1, skip=skip)
    assert out.getvalue() == want
    assert '"id": "s0"' not in want and '"id": "s2"' in want


@pytest.mark.model
def test_cli_ray_engine_matches_local_with_the_real_model(local_ray, tmp_path):
    seeds = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in SEEDS]
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "seeds", "articles": seeds})
        + "\n"
        + json.dumps({"id": "council", "articles": [{"text": A}, {"text": B}]})
        + "\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    outs = {}
    for engine in ("local", "ray"):
        outs[engine] = tmp_path / f"{engine}.jsonl"
        res = runner.invoke(
            app,
            ["batch", str(src), "-o", str(outs[engine]), "--no-cache", "--no-progress", "--engine", engine],
        )
        assert res.exit_code == 0, res.output
    assert outs["ray"].read_bytes() == outs["local"].read_bytes()
    report = json.loads(outs["ray"].read_text().splitlines()[0])
    assert report["id"] == "seeds" and len(report["claims"]) > 40


def test_cli_refuses_what_the_ray_engine_cannot_do(tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["batch", str(tmp_path), "-o", str(tmp_path / "o.jsonl"), "--engine", "ray"])
    assert res.exit_code == 2 and "JSON Lines" in res.output
    src = _awkward_jsonl(tmp_path / "in.jsonl")
    res = runner.invoke(
        app, ["batch", str(src), "-o", str(tmp_path / "o.jsonl"), "--engine", "ray", "--timeout", "5"]
    )
    assert res.exit_code == 2 and "--timeout" in res.output
    res = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "o.jsonl"), "--engine", "spark"])
    assert res.exit_code == 2 and "local, ray" in res.output


def test_missing_ray_is_a_model_error(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(ModelError, match=r"E303.*factcheck\[ray\]"):
        run_batch_ray(tmp_path / "in.jsonl", io.StringIO())


@pytest.mark.parametrize(
    ("opts", "match"),
    [({"workers": 0}, "workers.*None or an int >= 1"), ({"sets_per_call": 0}, "sets_per_call.*int >= 1")],
)
def test_bad_options_are_config_errors(tmp_path, opts, match):
    from factcheck import ConfigError

    with pytest.raises(ConfigError, match=match):
        run_batch_ray(tmp_path / "in.jsonl", io.StringIO(), **opts)
