import json

from typer.testing import CliRunner

from factcheck.cli import app

from .conftest import SEEDS

runner = CliRunner()


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_verify_json_and_md(tmp_path, monkeypatch):
    a = write(tmp_path, "a.txt", "The council approved the budget on Monday.")
    b = write(tmp_path, "b.txt", "The council approved the budget on Tuesday.")
    res = runner.invoke(app, ["verify", str(a), str(b), "--format", "json", "--model", "hashing"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert {c["label"] for c in d["claims"]} == {"conflicting"}
    out = tmp_path / "r.md"
    res = runner.invoke(app, ["verify", str(a), str(b), "-f", "md", "-o", str(out), "--model", "hashing"])
    assert res.exit_code == 0 and "## Conflicts (2)" in out.read_text()


def test_verify_text_table(tmp_path):
    a = write(tmp_path, "a.txt", "The council approved the budget on Monday.")
    b = write(tmp_path, "b.txt", "The council approved the budget on Monday, officials said.")
    res = runner.invoke(app, ["verify", str(a), str(b), "--model", "hashing"])
    assert res.exit_code == 0 and "agreeing" in res.stdout


def test_unknown_format_is_usage_error(tmp_path):
    res = runner.invoke(app, ["verify", *map(str, SEEDS), "--format", "pdf", "--model", "hashing"])
    assert res.exit_code == 2 and "pdf" in res.output


def test_single_article_and_empty_file_errors(tmp_path):
    a = write(tmp_path, "a.txt", "Rain fell on Monday.")
    empty = write(tmp_path, "empty.txt", "  \n ")
    res = runner.invoke(app, ["verify", str(a), "--model", "hashing"])
    assert res.exit_code == 1 and "at least two" in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["verify", str(a), str(empty), "--model", "hashing"])
    assert res.exit_code == 1 and "'empty'" in res.output


def test_batch_keeps_going_past_broken_lines(tmp_path):
    good = {
        "id": "s1",
        "articles": [
            {"id": "a", "text": "Rain fell on Monday."},
            {"id": "b", "text": "Rain fell on Tuesday."},
        ],
    }
    lines = [
        json.dumps(good),
        "{broken",
        json.dumps({"id": "s3", "articles": [{"id": "a", "text": "Only one."}]}),
        json.dumps({**good, "id": "s4"}),
    ]
    src = write(tmp_path, "in.jsonl", "\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["batch", str(src), "-o", str(out), "--model", "hashing", "--no-progress"])
    assert res.exit_code == 1
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["s1", "line-2", "s3", "s4"]
    assert "error" in rows[1] and rows[2]["error"]["type"] == "InputError"
    assert rows[0]["schema"] == "factcheck.report/1"
    assert "4 sets: 2 ok, 2 failed" in res.output
