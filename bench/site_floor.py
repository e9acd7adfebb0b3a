#!/usr/bin/env python3
"""Times the HTML site export against the well-formedness floor in one run.

Issue 14 asks the site export (a page per document) to stay within 3x of
`xmllint --noout` on the same TEI. This runs the rows interleaved (floor,
then each teikit binary, round after round) so that a load change on a
shared machine hits all rows alike, and prints a Markdown table of medians.

    bench/site_floor.py bench/data/10M.xml --runs 5 \
        --teikit after=target/release/teikit [--teikit before=/tmp/teikit-old] \
        [--out-dir /dev/shm]

The sites go beside the TEI (the disk it is on) unless --out-dir names
another folder, such as a tmpfs, to time the export without the disk.

Each teikit run writes a new output folder (`-o OUT`, no --force); the
folders are removed at the end, not between runs: on an ext4 file system
without a journal, creating files right after deleting thousands costs the
kernel a scan for recently deleted inodes (`recently_deleted`), which would
time the benchmark's own clean-up rather than the export. That scan also
slows whatever creates files in the next minutes (the next benchmark: an
export then takes three times as long); `--keep` leaves the sites in place
and prints their folder, to be removed when no measurement follows.
Standard library only.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def timed(cmd):
    """Wall time and CPU time (user + sys of the child) of one run: on a
    shared machine the CPU time says what the tool costs, the wall time
    also what the other programs took from it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tei")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--teikit", action="append", required=True, help="LABEL=PATH")
    ap.add_argument("--out-dir", help="where the sites are written (default: beside the TEI)")
    ap.add_argument("--read-row", action="store_true",
                    help="also time `export --to json` with the last binary: reading the "
                         "TEI and writing the model, what every export pays before its own work")
    ap.add_argument("--keep", action="store_true",
                    help="leave the sites in place (removing tens of thousands of files slows "
                         "file creation for minutes on ext4 without a journal)")
    args = ap.parse_args()
    out_dir = args.out_dir or os.path.dirname(os.path.abspath(args.tei))
    print(f"load average before: {open('/proc/loadavg').read().split()[:3]}", file=sys.stderr)
    work = tempfile.mkdtemp(prefix="site-floor-", dir=out_dir)
    rows = {"xmllint --noout": ["xmllint", "--noout", args.tei]}
    for spec in args.teikit:
        label, path = spec.split("=", 1)
        rows[f"teikit export --to html ({label})"] = [
            path, "export", args.tei, "--to", "html", "-o", None, "-q"]
    if args.read_row:
        rows[f"teikit export --to json ({label}: read the TEI)"] = [
            path, "export", args.tei, "--to", "json", "-o", None, "-q"]
    times = {label: [] for label in rows}
    sites = iter(range(10**6))

    def fresh(cmd):
        return [os.path.join(work, f"site-{next(sites)}") if a is None else a for a in cmd]

    try:
        for label, cmd in rows.items():  # warm-up, exit status checked
            timed(fresh(cmd))
        for _ in range(args.runs):
            for label, cmd in rows.items():
                times[label].append(timed(fresh(cmd)))
        report(args.tei, times)
    finally:
        if args.keep:
            print(f"sites kept in {work}", file=sys.stderr)
        else:
            # Slow on a loaded disk (tens of thousands of files): after the report.
            shutil.rmtree(work, ignore_errors=True)


def report(tei, times):
    floor = statistics.median(w for w, _ in times["xmllint --noout"])
    floor_cpu = statistics.median(c for _, c in times["xmllint --noout"])
    size = os.path.getsize(tei) / 1e6
    print(f"load average after: {open('/proc/loadavg').read().split()[:3]}", file=sys.stderr)
    print("| tool | input | median wall | min | / floor | median CPU | CPU / floor | runs |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, ts in times.items():
        walls = [w for w, _ in ts]
        med = statistics.median(walls)
        cpu = statistics.median(c for _, c in ts)
        print(f"| {label} | {size:.2f} MB | {med*1000:.0f} ms | {min(walls)*1000:.0f} ms | "
              f"{med/floor:.1f}x | {cpu*1000:.0f} ms | {cpu/floor_cpu:.1f}x | {len(ts)} |",
              flush=True)


if __name__ == "__main__":
    main()
