#!/usr/bin/env python3
"""Times one benchmark row for bench/run.sh and records it as JSON.

A row is one command on one input. The command first runs once (a warm-up
that also checks its exit status and measures its peak memory, the
figure `/usr/bin/time -f %M` prints, GNU time being package `time`); then
it runs --runs times, timed by hyperfine when --hyperfine is given, else here
(wall clock, median of the runs). A failing or skipped row is recorded with
its reason, so the report says what was not measured.

    measure.py --out R.json --size 1M --group validate --label jing \
        --input FILE --runs 5 [--hyperfine] [--baseline] -- jing schema.rng FILE
    measure.py --out R.json --size 1M --group validate --label jing --skip "jing not installed"

Standard library only.
"""

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time


GNU_TIME = "/usr/bin/time"


def run_measuring_memory(cmd, timeout):
    """run_once under GNU time, whose %M is the command's own peak RSS.

    Without it, wait4's figure for a child of this Python process starts at
    Python's own resident size (Linux carries the high-water mark across
    exec), which hides the size of small commands.
    """
    if not os.path.exists(GNU_TIME):
        return run_once(cmd, timeout)
    with tempfile.NamedTemporaryFile(mode="r", suffix=".time") as t:
        code, elapsed, _, tail = run_once([GNU_TIME, "-f", "%M", "-o", t.name, *cmd], timeout)
        lines = t.read().strip().splitlines()
    rss = int(lines[-1]) if lines and lines[-1].isdigit() else None
    return code, elapsed, rss, tail


def run_once(cmd, timeout):
    """Runs cmd with output discarded; returns (status, seconds, max_rss_kb, stderr tail)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                return None, timeout, None, f"timed out after {timeout:.0f} s"
            time.sleep(0.002)
        elapsed = time.perf_counter() - start
        err.seek(0)
        tail = err.read()[-600:].decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    return code, elapsed, usage.ru_maxrss, tail


def hyperfine_times(cmd, runs):
    """Wall times of `runs` runs by hyperfine (no shell, output discarded)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
        subprocess.run(
            ["hyperfine", "--shell=none", "--runs", str(runs), "--style", "none",
             "--export-json", tmp.name, shlex.join(cmd)],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        with open(tmp.name, encoding="utf-8") as f:
            return json.load(f)["results"][0]["times"]


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", required=True)
    ap.add_argument("--group", required=True)
    ap.add_argument("--label", required=True)
    ap.add_argument("--input")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--slow", type=float, default=60, help="a first run longer than this is the only run")
    ap.add_argument("--hyperfine", action="store_true")
    ap.add_argument("--baseline", action="store_true", help="the teikit row of its group")
    ap.add_argument("--floor", action="store_true", help="the well-formedness parse of its size")
    ap.add_argument("--skip", help="record the row as not measured, with this reason")
    ap.add_argument("--note", default="")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    args = ap.parse_args(argv)
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd

    row = {
        "size": args.size, "group": args.group, "label": args.label,
        "baseline": args.baseline, "floor": args.floor, "note": args.note,
        "command": shlex.join(cmd) if cmd else "",
        "input": args.input,
        "input_bytes": os.path.getsize(args.input) if args.input and os.path.exists(args.input) else None,
        "status": "ok", "times": [], "median": None, "max_rss_kb": None,
    }
    if args.skip:
        row["status"] = "skipped"
        row["note"] = args.skip
    else:
        code, first, rss, tail = run_measuring_memory(cmd, args.timeout)
        row["max_rss_kb"] = rss
        if code is None:
            row["status"] = "timeout"
            row["note"] = tail
        elif code != 0:
            row["status"] = f"failed (exit {code})"
            row["note"] = tail.strip().splitlines()[-1] if tail.strip() else ""
        elif args.runs <= 1:
            row["times"] = [first]
        elif first > args.slow:
            # A row this slow is timed by its first run alone: several runs
            # would take the machine for long and change no conclusion.
            row["times"] = [first]
            row["note"] = f"timed once (first run > {args.slow:.0f} s)"
        elif args.hyperfine:
            row["times"] = hyperfine_times(cmd, args.runs)
            row["timer"] = "hyperfine"
        else:
            row["times"] = [run_once(cmd, args.timeout)[1] for _ in range(args.runs)]
        if row["times"]:
            row["median"] = statistics.median(row["times"])
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(row, f, indent=1)
    shown = f"{row['median']:.3f} s" if row["median"] is not None else row["status"]
    mem = f", {row['max_rss_kb'] / 1024:.0f} MB" if row["max_rss_kb"] else ""
    print(f"  {args.size:>5} {args.group:<9} {args.label:<48} {shown}{mem}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
