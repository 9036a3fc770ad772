import json

from typer.testing import CliRunner

from factcheck.cli import app

from .conftest import SEEDS

runner = CliRunner()
FAST = ["--model", "hashing", "--relation-model", "none", "--no-progress"]


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_verify_json_and_md(tmp_path, monkeypatch):
    a = write(tmp_path, "a.txt", "The council approved the budget on Monday.")
    b = write(tmp_path, "b.txt", "The council approved the budget on Tuesday.")
    res = runner.invoke(app, ["verify", str(a), str(b), "--format", "json", "--model", "hashing", "--relation-model", "none"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert {c["label"] for c in d["claims"]} == {"conflicting"}
    out = tmp_path / "r.md"
    res = runner.invoke(app, ["verify", str(a), str(b), "-f", "md", "-o", str(out), "--model", "hashing", "--relation-model", "none"])
    assert res.exit_code == 0 and "## Conflicts (1)" in out.read_text()  # one row per pair


def test_verify_text_table(tmp_path):
    a = write(tmp_path, "a.txt", "The council approved the budget on Monday.")
    b = write(tmp_path, "b.txt", "The council approved the budget on Monday, officials said.")
    res = runner.invoke(app, ["verify", str(a), str(b), "--model", "hashing", "--relation-model", "none"])
    assert res.exit_code == 0 and "agreeing" in res.stdout


def test_unknown_format_is_usage_error(tmp_path):
    res = runner.invoke(app, ["verify", *map(str, SEEDS), "--format", "pdf", "--model", "hashing", "--relation-model", "none"])
    assert res.exit_code == 2 and "pdf" in res.output


def test_single_article_and_empty_file_errors(tmp_path):
    a = write(tmp_path, "a.txt", "Rain fell on Monday.")
    empty = write(tmp_path, "empty.txt", "  \n ")
    res = runner.invoke(app, ["verify", str(a), "--model", "hashing", "--relation-model", "none"])
    assert res.exit_code == 1 and "at least two" in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["verify", str(a), str(empty), "--model", "hashing", "--relation-model", "none"])
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
    res = runner.invoke(app, ["batch", str(src), "-o", str(out), "--model", "hashing", "--relation-model", "none", "--no-progress"])
    assert res.exit_code == 1
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["s1", "line-2", "s3", "s4"]
    assert "error" in rows[1] and rows[2]["error"]["type"] == "InputError"
    assert rows[0]["schema"] == "factcheck.report/1"
    assert "4 sets: 2 ok, 2 failed" in res.output


def _sets_file(tmp_path, n=6):
    lines = []
    for k in range(n):
        arts = [
            {"id": "a", "text": f"Rain fell on Monday in town {k}."},
            {"id": "b", "text": f"Rain fell on Tuesday in town {k}."},
        ]
        lines.append(json.dumps({"id": f"s{k}", "articles": arts}))
    lines.insert(2, "{broken")
    return write(tmp_path, "in.jsonl", "\n".join(lines) + "\n")


def test_resume_after_a_kill_gives_the_same_file(tmp_path):
    src = _sets_file(tmp_path)
    full, part = tmp_path / "full.jsonl", tmp_path / "part.jsonl"
    args = ["--model", "hashing", "--relation-model", "none", "--no-progress"]
    runner.invoke(app, ["batch", str(src), "-o", str(full), *args])
    done = full.read_text().splitlines(keepends=True)
    part.write_text("".join(done[:3]) + done[3][: len(done[3]) // 2])  # killed mid-line
    res = runner.invoke(app, ["batch", str(src), "-o", str(part), "--resume", *args])
    assert "resumed: 3 sets" in res.output
    assert part.read_bytes() == full.read_bytes()


def test_timeout_records_an_error_and_goes_on(tmp_path):
    src = _sets_file(tmp_path, n=2)
    out = tmp_path / "out.jsonl"
    res = runner.invoke(
        app,
        ["batch", str(src), "-o", str(out), "--model", "hashing", "--relation-model", "none", "--no-progress", "--timeout", "0.000001"],
    )
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(rows) == 3 and res.exit_code == 1
    assert {r["error"]["type"] for r in rows} <= {"Timeout", "InputError"}
    assert any(r["error"]["type"] == "Timeout" and r["id"] == "s0" for r in rows)
    res = runner.invoke(
        app, ["batch", str(src), "-o", str(out), "--model", "hashing", "--relation-model", "none", "--no-progress", "--timeout", "60"]
    )
    assert sum("error" in json.loads(x) for x in out.read_text().splitlines()) == 1  # only the broken line


def test_max_chars_option(tmp_path):
    a = write(tmp_path, "a.txt", "The council approved the budget on Monday. " * 20)
    b = write(tmp_path, "b.txt", "The council approved the budget on Tuesday.")
    res = runner.invoke(app, ["verify", str(a), str(b), "--model", "hashing", "--relation-model", "none", "--max-chars", "100"])
    assert res.exit_code == 1 and "E109" in res.output and "--max-chars" in res.output


def test_verify_from_stdin():
    data = json.dumps(
        [{"id": "a", "text": "Rain fell on Monday."}, {"id": "b", "text": "Rain fell on Tuesday."}]
    )
    res = runner.invoke(app, ["verify", "--stdin", "-f", "json", "--model", "hashing", "--relation-model", "none"], input=data)
    assert res.exit_code == 0, res.output
    assert {c["label"] for c in json.loads(res.stdout)["claims"]} == {"conflicting"}


def test_batch_html_pages_and_index(tmp_path):
    src = _sets_file(tmp_path, n=3)
    out, pages = tmp_path / "out.jsonl", tmp_path / "html"
    res = runner.invoke(
        app,
        ["batch", str(src), "-o", str(out), "--model", "hashing", "--relation-model", "none", "--no-progress", "--html-dir", str(pages)],
    )
    assert res.exit_code == 1  # the broken line
    index = (pages / "index.html").read_text()
    assert index.count('href="c-s') == 3 and "error:" in index
    page = (pages / "c-s0.html").read_text()
    assert page.count('class="claim l-') == 2 and "weekday mismatch" in page


def test_set_without_id_is_named_by_its_line(tmp_path):
    arts = [{"id": "a", "text": "Rain fell on Monday."}, {"id": "b", "text": "Rain fell on Monday."}]
    src = write(tmp_path, "in.jsonl", json.dumps({"articles": arts}) + "\n")
    out = tmp_path / "out.jsonl"
    runner.invoke(app, ["batch", str(src), "-o", str(out), "--model", "hashing", "--relation-model", "none", "--no-progress"])
    assert json.loads(out.read_text())["id"] == "line-1"


def test_batch_reads_a_folder_of_sets(tmp_path):
    root = tmp_path / "sets"
    for k in range(2):
        d = root / f"set{k}"
        d.mkdir(parents=True)
        (d / "wire.txt").write_text(f"Rain fell on Monday in town {k}.")
        (d / "local.md").write_text(f"Rain fell on Tuesday in town {k}.")
    (root / "lonely").mkdir()
    (root / "lonely" / "only.txt").write_text("Just one article here.")
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["batch", str(root), "-o", str(out), "--model", "hashing", "--relation-model", "none", "--no-progress"])
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["lonely", "set0", "set1"]
    assert "error" in rows[0] and rows[1]["sources"][0]["id"] == "local"
    assert res.exit_code == 1


def test_batch_help_shows_the_ray_extra():
    res = CliRunner().invoke(app, ["batch", "--help"], env={"COLUMNS": "200"})
    assert "factcheck[ray]" in res.output


def test_version():
    from factcheck import __version__

    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.stdout == f"factcheck {__version__}\n"
    assert __version__ and __version__[0].isdigit()


def test_python_dash_m_runs_the_same_command_line():
    import subprocess
    import sys

    from factcheck import __version__

    proc = subprocess.run([sys.executable, "-m", "factcheck", "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout == f"factcheck {__version__}\n"


def _widths(tmp_path, env):
    a = write(tmp_path, "a.txt", "The council approved the budget of $3 million on Monday after a long debate. " * 3)
    b = write(tmp_path, "b.txt", "The council approved the budget of $4 million on Tuesday after a long debate. " * 3)
    res = runner.invoke(app, ["verify", str(a), str(b), *FAST], env=env)
    assert res.exit_code == 0, res.output
    return {len(line) for line in res.stdout.splitlines()}


def test_text_table_follows_columns(tmp_path):
    assert max(_widths(tmp_path, {"COLUMNS": "80"})) == 80  # an 80-column terminal: nothing wraps
    assert max(_widths(tmp_path, {"COLUMNS": "132"})) == 132
    assert max(_widths(tmp_path, {"COLUMNS": None})) == 100  # a pipe or a file: a sane width


def test_help_fits_80_columns_without_cutting_words():
    for command in ([], ["verify"], ["check"], ["batch"], ["bench"]):
        res = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "80"})
        assert res.exit_code == 0 and "…" not in res.output, res.output
    res = runner.invoke(app, ["--help"], env={"COLUMNS": "80"})
    check = res.output[res.output.index("check") :].split("batch")[0]
    assert "claim by claim" in check and "each of its claims" not in check  # no break mid-line
    res = runner.invoke(app, ["batch", "--help"], env={"COLUMNS": "80"})
    assert "~/.cache/factcheck/embeddings.sqlite" in res.output  # the cache's default, whole


def test_docs_name_every_cli_option():
    from pathlib import Path

    import typer.main

    root = Path(__file__).resolve().parents[1]
    cli_md, readme = (root / "docs" / "cli.md").read_text(), (root / "README.md").read_text()
    assert "--max-articles" in readme
    for name, command in typer.main.get_command(app).commands.items():
        for param in command.params:
            for opt in [*param.opts, *param.secondary_opts]:
                if opt.startswith("--") and opt != "--help":
                    assert opt in cli_md, f"{name} {opt} is not in docs/cli.md"
