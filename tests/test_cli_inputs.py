"""What a fact-checker trips over (issue 16), through the command line and the library:
--only, --fail-on, --id, folders as sources, binary files, no files, -o into a new folder,
{"id", "articles"} dicts, brackets in the text report, and batch progress that moves per set."""

import json
import math

import pytest
from typer.testing import CliRunner

import factcheck
from factcheck.cli import app

from .conftest import SEEDS

runner = CliRunner()
FAST = ["--model", "hashing", "--relation-model", "none"]

# One claim agrees, one conflicts (weekday) and one is unique on each side.
A = (
    "The council approved the budget on Monday.\n\n"
    "Officials said the new bridge will open in the north of the city.\n\n"
    "Heavy rain flooded the old market."
)
B = (
    "The council approved the budget on Tuesday.\n\n"
    "Officials said the new bridge will open in the north of the city.\n\n"
    "The mayor thanked the volunteers at the stadium."
)
SAME = "The council approved the budget on Monday.\n\nHeavy rain flooded the old market."


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def pair(tmp_path):
    return write(tmp_path / "a.txt", A), write(tmp_path / "b.txt", B)


def _json(res):
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


# -- --only -------------------------------------------------------------------------------------


def test_only_keeps_the_labels_asked_for(pair):
    full = _json(runner.invoke(app, ["verify", *map(str, pair), "-f", "json", *FAST]))
    labels = [c["label"] for c in full["claims"]]
    assert {"agreeing", "unique", "conflicting"} <= set(labels)  # the input has all three
    shown = _json(
        runner.invoke(app, ["verify", *map(str, pair), "-f", "json", "--only", "conflicting,unique", *FAST])
    )
    assert [c["text"] for c in shown["claims"]] == [
        c["text"] for c in full["claims"] if c["label"] in ("conflicting", "unique")
    ]
    # The sources still count all their claims.
    assert [s["claims"] for s in shown["sources"]] == [s["claims"] for s in full["sources"]]


def test_only_applies_to_the_text_report(pair):
    res = runner.invoke(app, ["verify", *map(str, pair), "--only", "agreeing", *FAST])
    assert res.exit_code == 0, res.output
    assert "bridge will open" in res.stdout
    assert "Heavy rain" not in res.stdout and "weekday mismatch" not in res.stdout


@pytest.mark.parametrize("flag", ["--only", "--fail-on"])
def test_a_bad_label_is_a_usage_error_naming_the_allowed_ones(pair, flag):
    res = runner.invoke(app, ["verify", *map(str, pair), flag, "conflicting,bogus", *FAST])
    assert res.exit_code == 2
    assert "'bogus'" in res.output
    for label in ("agreeing", "unique", "conflicting"):
        assert label in res.output
    assert "Traceback" not in res.output


# -- --fail-on ----------------------------------------------------------------------------------


def test_fail_on_conflicting_exits_1_with_a_conflict_and_0_without(tmp_path, pair):
    res = runner.invoke(app, ["verify", *map(str, pair), "-f", "json", "--fail-on", "conflicting", *FAST])
    assert res.exit_code == 1
    report = json.loads(res.stdout)  # the report is still written in full
    n = sum(c["label"] == "conflicting" for c in report["claims"])
    assert n >= 2 and f"--fail-on: {n} claim(s) labelled conflicting" in res.output
    a = write(tmp_path / "x" / "a.txt", SAME)
    b = write(tmp_path / "x" / "b.txt", SAME.replace("Heavy rain", "Heavy rain, officials said,"))
    res = runner.invoke(app, ["verify", str(a), str(b), "-f", "json", "--fail-on", "conflicting", *FAST])
    assert res.exit_code == 0, res.output
    assert "conflicting" not in {c["label"] for c in json.loads(res.stdout)["claims"]}
    assert "--fail-on" not in res.output


def test_fail_on_counts_claims_that_only_hides(pair):
    """--only decides what is shown, --fail-on what fails: a hidden conflict still fails."""
    res = runner.invoke(
        app,
        ["verify", *map(str, pair), "-f", "json", "--only", "agreeing", "--fail-on", "conflicting", *FAST],
    )
    assert res.exit_code == 1
    assert {c["label"] for c in json.loads(res.stdout)["claims"]} == {"agreeing"}


# -- --id and folders -----------------------------------------------------------------------------


def test_id_names_the_articles_in_order(pair):
    d = _json(
        runner.invoke(app, ["verify", *map(str, pair), "--id", "wire", "--id", "local", "-f", "json", *FAST])
    )
    assert [s["id"] for s in d["sources"]] == ["wire", "local"]
    assert {c["source"] for c in d["claims"]} == {"wire", "local"}


def test_id_once_per_article_or_an_error(pair):
    res = runner.invoke(app, ["verify", *map(str, pair), "--id", "wire", *FAST])
    assert res.exit_code == 1
    assert "E107" in res.output and "1 --id values for 2 articles" in res.output
    assert "Traceback" not in res.output


def test_a_folder_per_source_is_named_after_its_folder(tmp_path):
    a = write(tmp_path / "d1" / "article.txt", A)
    write(tmp_path / "d2" / "article.txt", B)
    d = _json(runner.invoke(app, ["verify", str(tmp_path / "d1"), str(tmp_path / "d2"), "-f", "json", *FAST]))
    assert [s["id"] for s in d["sources"]] == ["d1", "d2"]
    # The same two files named directly: their stems clash, so their folders name them.
    d = _json(
        runner.invoke(app, ["verify", str(a), str(tmp_path / "d2" / "article.txt"), "-f", "json", *FAST])
    )
    assert [s["id"] for s in d["sources"]] == ["d1", "d2"]


def test_a_folder_of_several_files_gives_one_source_per_file(tmp_path):
    write(tmp_path / "set" / "wire.txt", A)
    write(tmp_path / "set" / "local.md", B)
    write(tmp_path / "set" / "gold.json", "{}")  # a gold file is not an article
    d = _json(runner.invoke(app, ["verify", str(tmp_path / "set"), "-f", "json", *FAST]))
    assert [s["id"] for s in d["sources"]] == ["local", "wire"]


def test_a_folder_without_articles_is_named(tmp_path):
    (tmp_path / "empty").mkdir()
    a = write(tmp_path / "a.txt", A)
    res = runner.invoke(app, ["verify", str(a), str(tmp_path / "empty"), *FAST])
    assert res.exit_code == 1 and "E103" in res.output and "empty" in res.output
    assert "Traceback" not in res.output


# -- files that are not articles, no files ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "a PNG image"),
        (bytes(range(32)) * 64, "binary data"),
    ],
)
def test_a_binary_file_is_refused_with_E114(tmp_path, data, kind):
    p = tmp_path / "scan.txt"
    p.write_bytes(data)
    b = write(tmp_path / "b.txt", B)
    res = runner.invoke(app, ["verify", str(p), str(b), "-f", "json", *FAST])
    assert res.exit_code == 1
    assert "E114" in res.output and kind in res.output and "scan.txt" in res.output
    assert res.stdout == "" and "Traceback" not in res.output  # no report of garbage claims


def test_verify_with_no_files_is_a_usage_error():
    res = runner.invoke(app, ["verify", *FAST])
    assert res.exit_code == 2
    assert "two or more" in res.output and "Traceback" not in res.output


# -- -o ------------------------------------------------------------------------------------------


def test_output_into_a_missing_folder_makes_it(tmp_path, pair):
    out = tmp_path / "new" / "deeper" / "report.json"
    res = runner.invoke(app, ["verify", *map(str, pair), "-f", "json", "-o", str(out), *FAST])
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "factcheck.report/1"
    assert res.stdout == ""  # the report went to the file


def test_an_output_that_cannot_be_written_fails_before_the_run(tmp_path, pair, monkeypatch):
    from factcheck.verifier import Verifier

    def no_run(self, *args, **kwargs):
        raise AssertionError("verified before -o was checked")

    monkeypatch.setattr(Verifier, "verify", no_run)
    blocker = write(tmp_path / "file", "not a folder")
    res = runner.invoke(app, ["verify", *map(str, pair), "-o", str(blocker / "report.json"), *FAST])
    assert res.exit_code == 2 and "-o" in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["verify", *map(str, pair), "-o", str(tmp_path), *FAST])
    assert res.exit_code == 2 and "is a folder" in res.output


# -- the library ---------------------------------------------------------------------------------


def test_library_verify_accepts_a_batch_line_dict():
    line = {"id": "s1", "articles": [{"id": "wire", "text": A}, {"id": "local", "text": B}]}
    r = factcheck.verify(line, embedder="hashing", relation_model=None)
    assert r.id == "s1"
    assert [s.id for s in r.sources] == ["wire", "local"]
    assert r.by_label("conflicting")
    assert factcheck.verify(line, embedder="hashing", relation_model=None, id="other").id == "other"


# -- brackets in the text report ------------------------------------------------------------------


def test_text_report_keeps_sic_and_survives_a_closing_tag(tmp_path):
    a = write(tmp_path / "a.txt", "Trade rose 3% [sic] in May [/sic].")
    b = write(tmp_path / "b.txt", "Trade fell 3% [sic] in May [/sic].")
    res = runner.invoke(app, ["verify", str(a), str(b), *FAST], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "[sic]" in res.stdout and "[/sic]" in res.stdout
    assert "[opposite predicates: this rose, b" in res.stdout and "[opposite predicates: this fell, a" in res.stdout


# -- batch progress -------------------------------------------------------------------------------


def test_batch_progress_advances_as_sets_are_parsed(tmp_path, monkeypatch):
    """The bar of ``factcheck batch`` moves while the batch runs, not in one 32-set jump: when the
    k-th set ticks, no article past the parse group holding set k has been parsed.

    (Sets of news-article size, each filling an encode batch; tiny sets are encoded together.)
    """
    from rich.progress import Progress

    from factcheck.claims.clauses import ClaimSplitter
    from factcheck.pipeline import PARSE_ARTICLES

    parsed = [0]
    split_many = ClaimSplitter.split_many

    def counting(self, articles, **kwargs):
        for claims in split_many(self, articles, **kwargs):
            parsed[0] += 1
            yield claims

    ticks: list[int] = []
    update = Progress.update

    def record(self, task, **kwargs):
        if kwargs.get("advance"):
            ticks.append(parsed[0])
        return update(self, task, **kwargs)

    monkeypatch.setattr(ClaimSplitter, "split_many", counting)
    monkeypatch.setattr(Progress, "update", record)
    texts = [p.read_text(encoding="utf-8") for p in SEEDS[:2]]
    n = 3 * PARSE_ARTICLES // 2  # 3 parse groups of 2-article sets
    lines = [
        json.dumps(
            {
                "id": f"s{k}",
                "articles": [{"id": f"a{j}", "text": f"{t}\n\nTown {k}."} for j, t in enumerate(texts)],
            }
        )
        for k in range(n)
    ]
    src = write(tmp_path / "in.jsonl", "\n".join(lines) + "\n")
    res = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "out.jsonl"), "--no-cache", *FAST])
    assert res.exit_code == 0, res.output
    assert parsed[0] == 2 * n and len(ticks) == n
    for k, seen in enumerate(ticks, start=1):
        assert seen <= PARSE_ARTICLES * math.ceil(2 * k / PARSE_ARTICLES), (k, ticks)
    assert ticks[0] < parsed[0]  # the first set ticked long before the last was parsed


def test_verify_progress_flag_is_accepted_and_leaves_stdout_alone(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Trade rose 3% in May.", encoding="utf-8")
    b.write_text("Trade rose 3% in May.", encoding="utf-8")
    for flag in ("--progress", "--no-progress"):
        res = runner.invoke(app, ["verify", str(a), str(b), "-f", "json", flag, "--model", "hashing", "--relation-model", "none"])
        assert res.exit_code == 0, res.output
        assert json.loads(res.stdout)["schema"] == "factcheck.report/1"  # the bar is on stderr only


def test_the_same_file_twice_names_the_file_typed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "bad" / "a.txt", A)
    res = runner.invoke(app, ["verify", "bad/a.txt", "bad/a.txt", *FAST])
    assert res.exit_code == 1 and "[E116] 'bad/a.txt' and 'bad/a.txt' are the same file" in res.output
    assert "'bad'" not in res.output  # not the folder's name (issue 39)


def test_trafilatura_is_a_default_dependency_and_the_html_extra_still_exists():
    import tomllib
    from pathlib import Path

    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())["project"]
    names = {d.split(">")[0].split("=")[0].split("[")[0].strip().lower() for d in project["dependencies"]}
    assert {"trafilatura", "lxml_html_clean"} <= names
    assert "html" in project["optional-dependencies"]  # pip install 'factcheck[html]' still works


def test_verify_reads_a_saved_page(tmp_path):
    a = write(tmp_path / "a.txt", "The council approved the budget on Monday.")
    page = write(tmp_path / "page.html",
        "<html><head><title>Budget</title></head><body><article><p>The council approved the budget on "
        "Tuesday after a long debate in the chamber of the city hall.</p></article></body></html>",
    )
    res = runner.invoke(app, ["verify", str(a), str(page), "-f", "json", *FAST])
    assert res.exit_code == 0, res.output
    assert [s["id"] for s in json.loads(res.stdout)["sources"]] == ["a", "page"]


def test_a_url_says_it_is_not_fetched(tmp_path):
    a = write(tmp_path / "a.txt", "The council approved the budget on Monday.")
    for args in (["verify", str(a), "https://example.com/a"], ["check", "https://example.com/a", "-a", str(a)]):
        res = runner.invoke(app, [*args, *FAST])
        assert res.exit_code == 1
        assert "Cannot read 'https://example.com/a'" in res.output  # the URL as typed: no slash dropped
        assert "does not fetch web pages" in res.output and "Save Page As" in res.output
