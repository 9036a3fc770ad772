"""Faults of the machine and the environment, done for real: every input set is accounted for.

A damaged, locked, read-only or foreign cache; HTML page names that could collide; SIGINT and
SIGTERM sent to a real ``factcheck batch``; a full disk (a file-size limit, ``/dev/full``); a
Ray actor killed mid-job; inputs built to be expensive.
"""

from __future__ import annotations

import io
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck import Verifier
from factcheck.articles import read_jsonl_sets
from factcheck.batch import BatchSummary, StopOnSignals, done_ids, run_batch
from factcheck.cache import SCHEMA_VERSION, Cache, CacheWarning
from factcheck.cli import app
from factcheck.errors import OutputError
from factcheck.report.pages import page_name

FACTCHECK = Path(sys.executable).with_name("factcheck")
FAST = ["--model", "hashing", "--relation-model", "none", "--no-progress"]
A = "The council approved the budget on Monday. The mayor opened a new bridge in the north of the city."
B = "The council approved the budget on Tuesday. Heavy rain flooded the old market square overnight."

runner = CliRunner()


def _sets(path: Path, n: int, *, ids=None) -> Path:
    ids = ids or [f"s{k}" for k in range(n)]
    with path.open("w", encoding="utf-8") as fh:
        for k, sid in enumerate(ids):
            arts = [
                {"id": "x", "text": f"{A} It rained {k} mm."},
                {"id": "y", "text": f"{B} It cost ${k} million."},
            ]
            fh.write(json.dumps({"id": sid, "articles": arts}) + "\n")
    return path


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def _batch(*args: str | Path) -> tuple[int, str]:
    res = runner.invoke(app, ["batch", *map(str, args), *FAST])
    return res.exit_code, res.stderr


@pytest.fixture(scope="module")
def sets20(tmp_path_factory):
    root = tmp_path_factory.mktemp("faults")
    src = _sets(root / "in.jsonl", 20)
    clean = root / "clean.jsonl"
    code, err = _batch(src, "-o", clean, "--no-cache")
    assert code == 0, err
    return src, clean.read_bytes()


# -- the cache -------------------------------------------------------------------------------


def test_a_file_that_is_not_a_database_is_moved_aside_once_and_rebuilt(tmp_path, sets20):
    src, clean = sets20
    cache = tmp_path / "cache.sqlite"
    cache.write_bytes(b"not a database, what a crash can leave behind " * 200)
    out = tmp_path / "out.jsonl"
    code, err = _batch(src, "-o", out, "--cache", cache)
    assert code == 0 and out.read_bytes() == clean
    assert err.count("warning:") == 1 and "[E501]" in err and "corrupt-" in err
    (moved,) = tmp_path.glob("cache.sqlite.corrupt-*")
    assert moved.read_bytes().startswith(b"not a database")
    with sqlite3.connect(cache) as db:  # the new cache is real and full
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("SELECT count(*) FROM vectors").fetchone()[0] > 0
    code, err = _batch(src, "-o", out, "--cache", cache)  # warm, no warning
    assert code == 0 and out.read_bytes() == clean and "warning" not in err


def test_a_cache_damaged_inside_is_given_up_with_one_warning(tmp_path, sets20):
    src, clean = sets20
    cache = tmp_path / "cache.sqlite"
    assert _batch(src, "-o", tmp_path / "warm.jsonl", "--cache", cache)[0] == 0
    with sqlite3.connect(cache) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(cache.read_bytes())
    page = 4096
    data[page:] = b"\xff" * (len(data) - page)  # every page but the header is garbage
    cache.write_bytes(bytes(data))
    out = tmp_path / "out.jsonl"
    code, err = _batch(src, "-o", out, "--cache", cache)
    assert code == 0 and out.read_bytes() == clean
    assert err.count("warning:") == 1 and ("[E501]" in err or "[E502]" in err)


def test_rows_that_do_not_decode_are_computed_again(tmp_path):
    path = tmp_path / "c.sqlite"
    v = Verifier(embedder="hashing", relation_model=None, cache=path)
    want = v.verify([A, B]).to_dict()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE vectors SET vec = x'00'")  # a vector cut short
        db.execute("UPDATE claims SET claims = '[{\"broken'")
    fresh = Verifier(embedder="hashing", relation_model=None, cache=path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning: bad rows are not a broken cache
        assert fresh.verify([A, B]).to_dict() == want
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM vectors WHERE length(vec) = 4 * dim").fetchone()[0] > 0


def test_a_locked_cache_degrades_to_no_cache(tmp_path, monkeypatch):
    import factcheck.cache as cache_mod

    monkeypatch.setattr(cache_mod, "BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "c.sqlite"
    maker = Cache(path)
    maker.put_claims("t", b"k", [])  # make the file
    maker.connection().close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")  # another process holds the file
    try:
        want = Verifier(embedder="hashing", relation_model=None).verify([A, B]).to_dict()
        v = Verifier(embedder="hashing", relation_model=None, cache=path)
        t0 = time.perf_counter()
        with pytest.warns(CacheWarning, match=r"\[E502\].*locked") as caught:
            got = v.verify([A, B]).to_dict()
            got2 = v.verify([B, A]).to_dict()  # given up: no second wait, no second warning
        assert got == want and got2["claims"]
        assert len(caught) == 1 and time.perf_counter() - t0 < 5
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_cache_of_another_version_is_left_alone_and_not_read(tmp_path, sets20):
    src, clean = sets20
    cache = tmp_path / "cache.sqlite"
    with sqlite3.connect(cache) as db:
        db.execute("CREATE TABLE vectors (model TEXT, key BLOB, vec BLOB)")  # another layout
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    before = cache.read_bytes()
    out = tmp_path / "out.jsonl"
    code, err = _batch(src, "-o", out, "--cache", cache)
    assert code == 0 and out.read_bytes() == clean
    assert err.count("warning:") == 1 and "[E503]" in err
    assert cache.read_bytes() == before


def test_a_cache_made_before_versions_is_adopted(tmp_path):
    path = tmp_path / "c.sqlite"
    with sqlite3.connect(path) as db:  # the layout of factcheck before user_version was kept
        db.execute(
            "CREATE TABLE vectors (model TEXT, key BLOB, dim INTEGER, vec BLOB, PRIMARY KEY (model, key))"
        )
        db.execute("CREATE TABLE claims (splitter TEXT, key BLOB, claims TEXT, PRIMARY KEY (splitter, key))")
        db.execute("INSERT INTO claims VALUES ('t', x'01', '[]')")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert Cache(path).get_claims("t", b"\x01") == []
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def _as_nobody():
    os.setgid(65534)
    os.setuid(65534)


def test_a_read_only_cache_folder_degrades_to_no_cache(tmp_path, sets20):
    """A folder the user may not write (run as nobody when the tests run as root)."""
    src, clean = sets20
    ro = tmp_path / "ro"
    ro.mkdir()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    root = os.geteuid() == 0
    if root:
        for p in (tmp_path, out_dir):
            p.chmod(0o777)
        os.chown(ro, 0, 0)
        src.parent.chmod(0o755)
    ro.chmod(0o555)
    out = out_dir / "out.jsonl"
    cmd = [str(FACTCHECK), "batch", str(src), "-o", str(out), *FAST, "--cache", str(ro / "sub" / "c.sqlite")]
    env = {**os.environ, "HOME": str(out_dir), "XDG_CACHE_HOME": str(out_dir)}
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=120, env=env, preexec_fn=_as_nobody if root else None
        )
    except PermissionError:
        pytest.skip("cannot drop to the nobody user here")
    if root and "Permission denied" in proc.stderr and "python" in proc.stderr.lower():
        pytest.skip("the nobody user cannot run the venv here")
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == clean
    assert proc.stderr.count("warning:") == 1 and "[E502]" in proc.stderr


def test_a_cache_path_that_cannot_be_made_degrades_to_no_cache(tmp_path, sets20):
    """Its folder would sit under a plain file: no user, root included, can make it."""
    src, clean = sets20
    (tmp_path / "plain").write_text("a file, not a folder", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, err = _batch(src, "-o", out, "--cache", tmp_path / "plain" / "sub" / "c.sqlite")
    assert code == 0 and out.read_bytes() == clean
    assert err.count("warning:") == 1 and "[E502]" in err and "without a cache" in err


_WRITER = """
import sys
from factcheck.articles import read_jsonl_sets
from factcheck.batch import run_batch
from factcheck import Verifier
with open(sys.argv[2], "w", encoding="utf-8") as out:
    run_batch(read_jsonl_sets(sys.argv[1]), out, verifier=Verifier(embedder="hashing", relation_model=None, cache=sys.argv[3]))
"""


def test_two_processes_writing_one_cache_do_not_corrupt_it(tmp_path, sets20):
    src, clean = sets20
    cache = tmp_path / "shared.sqlite"
    outs = [tmp_path / f"out{k}.jsonl" for k in range(2)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(src), str(o), str(cache)], stderr=subprocess.PIPE, text=True
        )
        for o in outs
    ]
    errs = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    assert not any("Warning" in e for e in errs), errs
    assert all(o.read_bytes() == clean for o in outs)
    with sqlite3.connect(cache) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        keys = db.execute("SELECT count(*), count(DISTINCT key) FROM vectors").fetchone()
        assert keys[0] == keys[1] > 0  # every vector once


# -- HTML page names ---------------------------------------------------------------------------


def test_page_names_never_collide_and_never_leave_the_folder(tmp_path):
    ids = ["a/b", "a-b", "a_b", "a b", "A/B", "S0", "s0", "../up", "index", "x" * 200, "x" * 201, "é", "e"]
    src = _sets(tmp_path / "in.jsonl", len(ids), ids=ids)
    out, pages = tmp_path / "out.jsonl", tmp_path / "html"
    code, err = _batch(src, "-o", out, "--no-cache", "--html-dir", pages)
    assert code == 0, err
    names = [page_name(i) for i in ids]
    assert len({n.lower() for n in names}) == len(ids)  # distinct, also where case is ignored
    assert all(len(n) < 100 and "/" not in n and n != "index.html" for n in names)
    files = sorted(p.name for p in pages.iterdir())
    assert len(files) == len(ids) + 1 and "index.html" in files
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html", "in.jsonl", "out.jsonl"]
    index = (pages / "index.html").read_text(encoding="utf-8")
    assert sorted(n for n in files if n != "index.html") == sorted(names)
    assert all(index.count(f'href="{n}"') == 1 for n in names)


def test_a_resumed_batch_keeps_every_set_in_the_html_index(tmp_path, sets20):
    src, clean = sets20
    out, pages = tmp_path / "out.jsonl", tmp_path / "html"
    out.write_bytes(b"".join(clean.splitlines(keepends=True)[:7]))
    code, err = _batch(src, "-o", out, "--no-cache", "--resume", "--html-dir", pages)
    assert code == 0, err
    assert out.read_bytes() == clean
    index = (pages / "index.html").read_text(encoding="utf-8")
    assert all(index.count(f'href="{page_name(f"s{k}")}"') == 1 for k in range(20))


def test_a_resumed_batch_keeps_the_pages_the_first_run_wrote(tmp_path, sets20):
    """Pages of the earlier run show the article text; a resume must not rewrite them without."""
    src, clean = sets20
    out, pages = tmp_path / "out.jsonl", tmp_path / "html"
    assert _batch(src, "-o", out, "--no-cache", "--html-dir", pages)[0] == 0
    before = {p.name: p.read_bytes() for p in pages.iterdir() if p.name != "index.html"}
    assert b"north of the city" in before[page_name("s0")]
    out.write_bytes(b"".join(clean.splitlines(keepends=True)[:7]))
    code, err = _batch(src, "-o", out, "--no-cache", "--resume", "--html-dir", pages)
    assert code == 0, err
    assert out.read_bytes() == clean
    assert {p.name: p.read_bytes() for p in pages.iterdir() if p.name != "index.html"} == before


def test_an_html_dir_that_cannot_be_made_stops_before_any_work(tmp_path, sets20):
    src, _ = sets20
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, err = _batch(src, "-o", out, "--no-cache", "--html-dir", tmp_path / "plain")
    assert code == 2 and "--html-dir" in err and "a file has that name" in err
    assert not out.exists()


def test_a_page_the_disk_cannot_take_is_e504_and_leaves_nothing_half_written(tmp_path, monkeypatch):
    from factcheck.report.pages import HtmlPages

    report = Verifier(embedder="hashing", relation_model=None).verify([A, B])
    pages = HtmlPages(tmp_path / "html")
    real = Path.write_text

    def full_disk(self, data, *args, **kwargs):
        real(self, data[: len(data) // 2], *args, **kwargs)  # half the page reaches the disk
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full_disk)
    with pytest.raises(OutputError, match=r"\[E504\].*No space left on device"):
        pages.add(report)
    assert list((tmp_path / "html").iterdir()) == []  # no page, no part file


# -- stopping: signals, a full disk ----------------------------------------------------------


N_SIGNAL = 200


@pytest.fixture(scope="module")
def sets300(tmp_path_factory):
    """Enough sets that a run lasts a few seconds after its first lines (and what it writes)."""
    root = tmp_path_factory.mktemp("signals")
    src = _sets(root / "in.jsonl", N_SIGNAL)
    out = io.StringIO()
    run_batch(read_jsonl_sets(src), out, verifier=Verifier(embedder="hashing", relation_model=None))
    return src, out.getvalue().encode()


@pytest.mark.parametrize(
    ("sig", "code"), [(signal.SIGINT, 130), pytest.param(signal.SIGTERM, 143, marks=pytest.mark.slow)]
)
def test_a_signal_stops_the_batch_between_lines_and_resume_finishes_it(tmp_path, sets300, sig, code):
    src, clean = sets300
    out = tmp_path / "out.jsonl"
    cmd = [str(FACTCHECK), "batch", str(src), "-o", str(out), *FAST, "--no-cache"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while (not out.exists() or out.read_bytes().count(b"\n") < 10) and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(sig)
    err = proc.communicate(timeout=60)[1]
    assert proc.returncode == code, err
    data = out.read_bytes()
    lines = data.count(b"\n")
    assert data.endswith(b"\n") and 10 <= lines < N_SIGNAL  # complete lines only, stopped early
    assert clean.startswith(data)  # each line as an uninterrupted run writes it
    assert f"{lines} sets: {lines} ok" in err and signal.Signals(sig).name in err and "Traceback" not in err
    again = subprocess.run([*cmd, "--resume"], capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert f"resumed: {lines} sets" in again.stderr
    assert out.read_bytes() == clean  # byte-identical to the uninterrupted run


@pytest.mark.parametrize("delay", [0.25, 0.4, 0.8])
def test_ctrl_c_while_starting_exits_130_without_a_traceback(tmp_path, sets20, delay):
    """Also while the command line is still importing its modules (factcheck._signals, through factcheck._entry).

    The guard is in place about 0.08 s after the process starts (Python itself and the
    package's import come first), so the earliest delay keeps a margin for a loaded machine.
    """
    src, _ = sets20
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [str(FACTCHECK), "batch", str(src), "-o", str(out), *FAST, "--no-cache"],
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    err = proc.communicate(timeout=60)[1]
    assert proc.returncode in (0, 130), err  # 0: it was already done
    assert "Traceback" not in err


@pytest.mark.slow
def test_a_full_disk_keeps_complete_lines_and_resume_finishes(tmp_path, sets300):
    """A file-size limit (RLIMIT_FSIZE): writes past it fail as on a full disk."""
    src, clean = sets300
    out = tmp_path / "out.jsonl"
    cmd = [str(FACTCHECK), "batch", str(src), "-o", str(out), *FAST, "--no-cache"]
    limit = len(clean) // 3 + 17  # in the middle of a line

    def small_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, preexec_fn=small_disk)
    assert proc.returncode == 3, proc.stderr
    assert "[E504]" in proc.stderr and str(out) in proc.stderr and "Traceback" not in proc.stderr
    data = out.read_bytes()
    assert data.endswith(b"\n") and clean.startswith(data) and 0 < len(data) <= limit
    kept = data.count(b"\n")
    assert f"{kept} sets are complete" in proc.stderr
    again = subprocess.run([*cmd, "--resume"], capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert out.read_bytes() == clean


def test_dev_full_is_a_clear_error(tmp_path, sets20):
    src, _ = sets20
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    code, err = _batch(src, "-o", "/dev/full", "--no-cache")
    assert code == 3 and "[E504] Cannot write '/dev/full': No space left on device" in err


class _FailingWriter(io.StringIO):
    """Writes ``room`` characters, then fails as a full disk does."""

    name = "full.jsonl"

    def __init__(self, room: int) -> None:
        super().__init__()
        self.room = room

    def write(self, s: str) -> int:
        if self.tell() + len(s) > self.room:
            super().write(s[: self.room - self.tell()])
            raise OSError(28, "No space left on device")
        return super().write(s)


def test_run_batch_reports_a_failing_writer_by_name(sets20):
    src, clean = sets20
    out = _FailingWriter(len(clean) // 2)
    with pytest.raises(OutputError, match=r"\[E504\] Cannot write 'full.jsonl': No space left on device"):
        run_batch(read_jsonl_sets(src), out, verifier=Verifier(embedder="hashing", relation_model=None))


def test_done_ids_drops_a_cut_off_last_line(tmp_path, sets20):
    _, clean = sets20
    out = tmp_path / "out.jsonl"
    out.write_bytes(clean[: len(clean) // 2])
    ids = done_ids(out)
    assert out.read_bytes().endswith(b"\n") and len(ids) == out.read_bytes().count(b"\n") > 0
    assert done_ids(Path("/dev/null")) == set()


def test_stop_on_signals_lets_the_line_being_written_finish(sets20):
    src, _ = sets20
    written: list[str] = []

    class Out(io.StringIO):
        def write(self, s: str) -> int:
            if not written:
                os.kill(os.getpid(), signal.SIGINT)  # arrives mid-write
            written.append(s)
            return super().write(s)

    out = Out()
    with StopOnSignals(notice=False):
        summary = run_batch(
            read_jsonl_sets(src), out, verifier=Verifier(embedder="hashing", relation_model=None)
        )
    assert summary == BatchSummary(total=1, ok=1, failed=0, claims=summary.claims, interrupted=signal.SIGINT)
    assert out.getvalue().count("\n") == 1 and out.getvalue().endswith("\n")
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back


def test_a_signal_inside_a_del_still_stops_the_batch_after_its_next_line(sets20):
    """Where a handler's exception would be swallowed by Python (a ``__del__``, a weakref
    callback) the signal still stops the batch, and nothing is reported."""
    src, _ = sets20
    reported: list[object] = []

    class Dropped:
        def __del__(self) -> None:
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(10_000):  # the handler runs here, inside __del__
                pass

    def items():
        for k, item in enumerate(read_jsonl_sets(src)):
            if k == 2:
                Dropped()
            yield item

    old_hook, sys.unraisablehook = sys.unraisablehook, reported.append
    try:
        with StopOnSignals(notice=False):
            summary = run_batch(items(), io.StringIO(), verifier=Verifier(embedder="hashing", relation_model=None))
    finally:
        sys.unraisablehook = old_hook
    assert summary.interrupted == signal.SIGTERM and 0 < summary.total < 20  # (sets are read ahead)
    assert reported == []


_TWICE = """
import os, signal
from factcheck.batch import StopOnSignals
with StopOnSignals() as stop:
    os.kill(os.getpid(), signal.SIGINT)
    for _ in range(10_000):
        pass
    print("first noted", stop.signum == signal.SIGINT, flush=True)
    os.kill(os.getpid(), signal.SIGINT)
    for _ in range(10_000):
        pass
    print("went on")
"""


def test_a_second_signal_stops_at_once():
    proc = subprocess.run([sys.executable, "-c", _TWICE], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 130 and proc.stdout == "first noted True\n"
    assert proc.stderr.splitlines() == [
        "SIGINT: stopping after the next line; again to stop at once",
        "stopped by a second SIGINT: the lines written are complete; --resume finishes",
    ]


_START = """
import os, signal, time
from factcheck import _signals
_signals.guard_start()
if {working}:
    _signals.work_begins()
class Dropped:
    def __del__(self):
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(10_000):
            pass
try:
    Dropped()
    time.sleep(2)
    print("went on")
except KeyboardInterrupt:
    print("KeyboardInterrupt")
"""


def test_the_start_guard_exits_130_even_where_python_would_swallow_the_signal():
    proc = subprocess.run([sys.executable, "-c", _START.format(working=False)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 130 and proc.stdout == ""
    assert proc.stderr == "stopped by SIGINT while starting: nothing was done\n"


def test_after_work_begins_ctrl_c_is_a_keyboard_interrupt_again():
    proc = subprocess.run([sys.executable, "-c", _START.format(working=True)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "KeyboardInterrupt" in proc.stderr  # swallowed, as Python does
    assert proc.stdout == "went on\n"


# -- limits ----------------------------------------------------------------------------------


def test_inputs_built_to_be_expensive_get_coded_errors(tmp_path):
    many = [{"id": f"a{k}", "text": f"{A} It rained {k} mm."} for k in range(101)]
    lines = [
        "[" * 100_000 + "]" * 100_000,  # deeper than the JSON decoder goes
        json.dumps({"id": "x" * 10_000, "articles": [{"text": A}, {"text": B}]}),
        json.dumps({"id": "bad\x1b[31m\n", "articles": [{"text": A}, {"text": B}]}),
        json.dumps({"id": "many", "articles": many}),
        json.dumps({"id": "fine", "articles": [{"text": A}, {"text": B}]}),
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    t0 = time.perf_counter()
    code, err = _batch(src, "-o", out, "--no-cache")
    assert time.perf_counter() - t0 < 30 and code == 1 and "Traceback" not in err
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["line-1", "x" * 10_000, "bad\x1b[31m\n", "many", "fine"]
    msgs = [r.get("error", {}).get("message", "") for r in rows]
    assert msgs[0].startswith("[E106]") and "nested too deeply" in msgs[0]
    assert msgs[1].startswith("[E112]") and "10,000 characters" in msgs[1] and len(msgs[1]) < 300
    assert msgs[2].startswith("[E112]") and "control characters" in msgs[2]
    assert msgs[3].startswith("[E113]") and "101 articles" in msgs[3] and "--max-articles" in msgs[3]
    assert "claims" in rows[4]
    code, _ = _batch(src, "-o", out, "--no-cache", "--max-articles", "101")  # the option raises it
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[3])["id"] == "many"
    assert "claims" in json.loads(out.read_text(encoding="utf-8").splitlines()[3])


def test_html_articles_built_to_be_expensive_get_coded_errors(tmp_path):
    pytest.importorskip("trafilatura")
    root = tmp_path / "sets"
    for name, markup in {
        "deep": "<html><body>" + "<div>" * 50_000 + A + "</div>" * 50_000 + "</body></html>",
        "huge": "<html><body>" + f"<p>{A}</p>" * 3_000 + "</body></html>",
    }.items():
        (root / name).mkdir(parents=True)
        (root / name / "page.html").write_text(markup, encoding="utf-8")
        (root / name / "wire.txt").write_text(B, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, err = _batch(root, "-o", out, "--no-cache", "--max-chars", "100000")
    assert code == 1 and "Traceback" not in err
    rows = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert rows["deep"]["error"]["message"].startswith("[E103]")
    assert rows["huge"]["error"]["message"].startswith("[E109]")


# -- progress ----------------------------------------------------------------------------------


def test_reports_come_one_set_at_a_time(sets20):
    """The batch progress moves per set: a report is yielded before the next set is encoded."""
    from factcheck.embed import HashingEmbedder

    calls: list[int] = []

    class Counting(HashingEmbedder):
        def encode(self, texts):
            calls.append(len(texts))
            return super().encode(texts)

    src, _ = sets20
    v = Verifier(embedder=Counting(dim=256), relation_model=None, batch_size=1)
    seen = [len(calls) for _ in v.verify_many(read_jsonl_sets(src), on_error="return")]
    assert seen == list(range(1, 21))  # each report right after its own encode call
    calls.clear()
    v = Verifier(embedder=Counting(dim=256), relation_model=None, batch_size=24)
    seen = [len(calls) for _ in v.verify_many(read_jsonl_sets(src), on_error="return")]
    assert seen[0] == 1 and len(calls) > 1 and sorted(seen) == seen  # sets share a call up to a batch
    assert all(c >= 24 for c in calls[:-1])


# -- Ray -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_killed_ray_actor_is_retried_and_every_set_is_written(tmp_path, sets300):
    ray = pytest.importorskip("ray", reason="the Ray engine needs: pip install 'factcheck[ray]'")
    from factcheck.batch.ray_engine import run_batch_ray

    src, clean = sets300
    killed: list[int] = []

    def kill_one(result):
        if killed:
            return
        for pid in _actor_pids():  # found by process title: the state API needs the dashboard
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
            return

    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    try:
        out = io.StringIO()
        summary = run_batch_ray(
            src,
            out,
            options={"embedder": "hashing", "relation_model": None},
            workers=2,
            sets_per_call=8,
            on_result=kill_one,
        )
    finally:
        ray.shutdown()
    assert killed, "no actor was found to kill"
    assert summary.total == N_SIGNAL
    assert _ids_of(out.getvalue()) == [f"s{k}" for k in range(N_SIGNAL)]
    assert out.getvalue().encode() == clean


def _actor_pids() -> list[int]:
    """Ray actor processes of the verify actor: Ray titles them ``ray::MapWorker(...)``."""
    pids = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/cmdline", "rb") as f:
                    cmd = f.read().decode(errors="replace")
            except OSError:
                continue
            if cmd.startswith("ray::") and ("MapWorker" in cmd or "_VerifyActor" in cmd):
                pids.append(int(d))
    return sorted(pids)


def _ids_of(text: str) -> list[str]:
    return [json.loads(line)["id"] for line in text.splitlines()]
