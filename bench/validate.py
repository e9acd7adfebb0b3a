#!/usr/bin/env python3
"""Validation side by side: teikit, teixml (tei-rs), jing and xmllint on the
same synthetic editions (bench/generate.py, converted by teikit), tei_all:
RELAX NG only, then teikit and teixml with the Schematron tei_all embeds.
Median wall time of N runs and peak RSS (/usr/bin/time -v, "Maximum resident
set size") per tool and size; prints a Markdown table.

Usage: bench/validate.py [--sizes 1M,10M,100M] [--runs 3] [--teikit BIN]
                         [--teixml BIN] [--no-xmllint-relaxng-above 10M]

teixml: `cargo install teixml` (command tei-rs); pass --teixml or put it on
PATH. A missing tool's rows are printed as skipped. The inputs are made (and
kept) under bench/data/ as run.sh makes them.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
SCHEMA = ROOT / "schemas" / "tei_all.rng"


def ensure_input(size: str, teikit: str) -> Path:
    tei = DATA / f"{size}.xml"
    if tei.exists():
        return tei
    DATA.mkdir(parents=True, exist_ok=True)
    txt = DATA / f"{size}.txt"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--size", size, "-o", str(txt)], check=True)
    subprocess.run([teikit, "convert", str(txt), "-o", str(tei), "-q", "--diagnostics", "short"], check=True,
                   stderr=subprocess.DEVNULL)
    return tei


def timed(command):
    """(wall seconds, peak RSS KiB, exit code) of one run."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", *command], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    rss = 0
    for line in done.stderr.splitlines():
        if "Maximum resident set size" in line:
            rss = int(line.split(":")[1])
    return wall, rss, done.returncode


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1M,10M,100M")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--teikit", default=str(ROOT / "target" / "release" / "teikit"))
    parser.add_argument("--teixml", default=shutil.which("tei-rs") or "")
    parser.add_argument("--no-xmllint-relaxng-above", default="10M",
                        help="xmllint --relaxng builds the whole tree and takes minutes beyond this size")
    args = parser.parse_args()
    sizes = args.sizes.split(",")
    limit = sizes.index(args.no_xmllint_relaxng_above) if args.no_xmllint_relaxng_above in sizes else len(sizes)
    print(f"machine: {os.cpu_count()} cpus; load average {open('/proc/loadavg').read().split()[:3]}")
    rows = []
    for index, size in enumerate(sizes):
        tei = ensure_input(size, args.teikit)
        mb = tei.stat().st_size / 1e6
        tools = [
            ("teikit validate --schema tei_all.rng --no-schematron",
             [args.teikit, "validate", "-q", "--schema", str(SCHEMA), "--no-schematron", str(tei)]),
            ("teixml tei-rs validate --no-schematron", [args.teixml, "validate", "--schema", str(SCHEMA),
                                                         "--no-schematron", str(tei)] if args.teixml else None),
            ("teikit validate --schema tei_all.rng (with Schematron)",
             [args.teikit, "validate", "-q", "--schema", str(SCHEMA), str(tei)]),
            ("teixml tei-rs validate (with Schematron)", [args.teixml, "validate", "--schema", str(SCHEMA), str(tei)]
             if args.teixml else None),
            ("jing tei_all.rng", ["jing", str(SCHEMA), str(tei)] if shutil.which("jing") else None),
            ("xmllint --relaxng tei_all.rng", ["xmllint", "--noout", "--relaxng", str(SCHEMA), str(tei)]
             if shutil.which("xmllint") and index <= limit else None),
            ("xmllint --noout --stream (well-formedness only)", ["xmllint", "--noout", "--stream", str(tei)]
             if shutil.which("xmllint") else None),
        ]
        teikit_median = None
        for name, command in tools:
            if command is None:
                rows.append((size, mb, name, None, None, None, "skipped"))
                continue
            timed(command)  # warm-up: file cache, JIT-free start for all
            runs = [timed(command) for _ in range(args.runs)]
            median = statistics.median(r[0] for r in runs)
            rss = max(r[1] for r in runs)
            code = runs[0][2]
            if teikit_median is None:
                teikit_median = median
            rows.append((size, mb, name, median, rss, code, f"{median / teikit_median:.1f}×"))
            print(f"{size} {name}: {median:.2f} s, {rss / 1024:.0f} MiB, exit {code}", flush=True)
    print()
    print("| size | tool | input | median wall | peak RSS | exit | vs teikit |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for size, mb, name, median, rss, code, ratio in rows:
        if median is None:
            print(f"| {size} | {name} | {mb:.1f} MB | – | – | – | {ratio} |")
        else:
            print(f"| {size} | {name} | {mb:.1f} MB | {median:.2f} s | {rss / 1024:.0f} MiB | {code} | {ratio} |")


if __name__ == "__main__":
    main()
