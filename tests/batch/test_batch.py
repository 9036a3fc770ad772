"""factcheck/batch: set lines, the output folder, resuming and retrying failed sets."""

import json

from typer.testing import CliRunner

from factcheck.cli import app

runner = CliRunner()
TINY = ["--model", "hashing", "--relation-model", "none"]
FAST = [*TINY, "--no-progress"]


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_batch_accepts_plain_string_articles(tmp_path):
    line = {"id": "s1", "articles": ["Rain fell on Monday in Lima.", {"id": "b", "text": "Rain fell on Tuesday in Lima."}]}
    src = write(tmp_path, "in.jsonl", json.dumps(line) + "\n")
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["batch", str(src), "-o", str(out), *FAST])
    assert res.exit_code == 0, res.output
    (row,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert [s["id"] for s in row["sources"]] == ["a1", "b"]
    bad = write(tmp_path, "bad.jsonl", json.dumps({"id": "s2", "articles": ["Rain fell.", 3]}) + "\n")
    res = runner.invoke(app, ["batch", str(bad), "-o", str(out), *FAST])
    assert res.exit_code == 1 and "article 2 is not a text or an object" in out.read_text()


def test_batch_makes_the_output_folder(tmp_path):
    line = {"id": "s1", "articles": [{"id": "a", "text": "Rain fell on Monday."}, {"id": "b", "text": "Rain fell on Tuesday."}]}
    src = write(tmp_path, "in.jsonl", json.dumps(line) + "\n")
    out = tmp_path / "out" / "deeper" / "reports.jsonl"
    res = runner.invoke(app, ["batch", str(src), "-o", str(out), *FAST])
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text())["id"] == "s1"


def _day(tmp_path, broken: bool):
    lines = []
    for k in range(5):
        arts = [
            {"id": "a", "text": f"Rain fell on Monday in town {k}."},
            {"id": "b", "text": f"Rain fell on Tuesday in town {k}."},
        ]
        if k == 1 and broken:
            arts = arts[:1]  # one article: an error record (E102)
        lines.append(json.dumps({"id": f"s{k}", "articles": arts}))
    return write(tmp_path, "in.jsonl", "\n".join(lines) + "\n")


def test_resume_retry_failed_verifies_failed_sets_again_in_input_order(tmp_path):
    full, part = tmp_path / "full.jsonl", tmp_path / "part.jsonl"
    src = _day(tmp_path, broken=False)
    assert runner.invoke(app, ["batch", str(src), "-o", str(full), *FAST]).exit_code == 0
    src = _day(tmp_path, broken=True)  # the first run sees s1 broken ...
    res = runner.invoke(app, ["batch", str(src), "-o", str(part), *FAST])
    assert res.exit_code == 1
    lines = part.read_text().splitlines(keepends=True)
    part.write_text("".join(lines[:4]) + lines[4][:10])  # ... and is killed in its last line
    res = runner.invoke(app, ["batch", str(src), "-o", str(part), "--resume", *FAST])
    assert "(1 of them errors, kept; --retry-failed verifies them again)" in res.output
    assert sum("error" in json.loads(x) for x in part.read_text().splitlines()) == 1  # --resume keeps it
    src = _day(tmp_path, broken=False)  # the line is fixed
    res = runner.invoke(app, ["batch", str(src), "-o", str(part), "--retry-failed", *FAST])
    assert res.exit_code == 0, res.output
    assert "resumed: 1 sets were already in" in res.output
    assert "retried 1 that had failed and redid the 3 after the first of them" in res.output
    assert "4 sets: 4 ok, 0 failed" in res.output
    assert part.read_bytes() == full.read_bytes()  # input order, byte for byte
