"""One huge article through ``factcheck verify``: wall time, peak RSS, and whether progress shows.

Run:  python benchmarks/huge_article.py [--mb 3.5] [--seed seeds/000_e13862f1c11c3b5e.txt]
                                        [--model hashing] [--relation-model none] [--timeout 900]
                                        [--vary] [--json out.json]

The article is the seed article repeated (paragraphs joined by a blank line) to ``--mb``
megabytes; ``--vary`` appends a paragraph number to each copy, so that no two copies are the same
text. It is checked against the seed itself, with ``--max-chars`` raised to fit, by the installed
``factcheck`` command under ``/usr/bin/time -v`` (a fresh process: the peak RSS is the run's own).
What the command wrote to stderr besides the timing is kept, to tell whether any progress showed.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = next(iter(sorted((ROOT / "seeds").glob("000_*.txt"))), None)


def build(seed: Path, megabytes: float, out: Path, *, vary: bool) -> int:
    """Write the seed repeated to ``megabytes`` (10**6 bytes) into ``out``; its size in characters."""
    text = seed.read_text(encoding="utf-8").strip()
    target = int(megabytes * 1_000_000)
    parts: list[str] = []
    size = k = 0
    while size < target:
        part = f"{text} (Copy {k}.)" if vary else text
        parts.append(part)
        size += len(part.encode("utf-8")) + 2
        k += 1
    body = "\n\n".join(parts) + "\n"
    out.write_text(body, encoding="utf-8")
    return len(body)


def _time_v(stderr: str) -> tuple[float | None, int | None, str]:
    """(wall seconds, peak RSS in KiB, the rest of stderr) from ``/usr/bin/time -v``'s output."""
    wall = rss = None
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", stderr)
    if m:
        wall = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    if m:
        rss = int(m.group(1))
    head = stderr.split("\tCommand being timed:")[0]
    return wall, rss, head.strip()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=3.5, help="Size of the huge article, in MB.")
    ap.add_argument("--seed", type=Path, default=SEED, help="The article to repeat (and to check against).")
    ap.add_argument("--model", default="hashing", help="--model for factcheck verify.")
    ap.add_argument("--relation-model", default="none", help="--relation-model for factcheck verify.")
    ap.add_argument("--timeout", type=float, default=900, help="Give up after this many seconds.")
    ap.add_argument("--vary", action="store_true", help="Make every copy of the seed a different text.")
    ap.add_argument("--json", type=Path, help="Also write the numbers here.")
    args = ap.parse_args(argv)
    if args.seed is None or not args.seed.is_file():
        ap.error("no seed article: give --seed FILE")
    exe = shutil.which("factcheck") or str(Path(sys.executable).with_name("factcheck"))
    timer = "/usr/bin/time"
    if not Path(timer).exists():
        ap.error("needs GNU time (/usr/bin/time)")
    with tempfile.TemporaryDirectory(prefix="factcheck-huge-") as tmp:
        big = Path(tmp) / "big.txt"
        chars = build(args.seed, args.mb, big, vary=args.vary)
        size = big.stat().st_size
        out = Path(tmp) / "report.json"
        cmd = [
            timer, "-v", exe, "verify", str(big), str(args.seed), "--format", "json", "-o", str(out),
            "--max-chars", str(chars + 1), "--model", args.model, "--relation-model", args.relation_model,
        ]  # fmt: skip
        start = time.perf_counter()
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
            timed_out = False
        except subprocess.TimeoutExpired as exc:
            proc = None
            timed_out = True
            err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        elapsed = time.perf_counter() - start
        if proc is not None:
            err = proc.stderr
        wall, rss, rest = _time_v(err)
        claims = None
        if out.is_file():
            claims = len(json.loads(out.read_text(encoding="utf-8"))["claims"])
    result = {
        "megabytes": round(size / 1_000_000, 2),
        "characters": chars,
        "model": args.model,
        "relation_model": args.relation_model,
        "vary": args.vary,
        "exit_code": None if proc is None else proc.returncode,
        "timed_out": timed_out,
        "wall_s": round(wall if wall is not None else elapsed, 1),
        "peak_rss_mb": None if rss is None else round(rss / 1024),
        "claims": claims,
        "stderr": rest[-2000:],
    }
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0 if result["exit_code"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
