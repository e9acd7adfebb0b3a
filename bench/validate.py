#!/usr/bin/env python3
"""Validation side by side: teikit, teixml (tei-rs), jing and xmllint on the
same synthetic editions (bench/generate.py, converted by teikit), tei_all:
RELAX NG only, then teikit and teixml with the Schematron tei_all embeds.
Median wall time of N runs and peak RSS (/usr/bin/time -v, "Maximum resident
set size") per tool and size; prints a Markdown table.

Usage: bench/validate.py [--sizes 1M,10M,100M] [--runs 3] [--teikit BIN]
                         [--teixml BIN] [--no-xmllint-relaxng-above 10M]
                         [--only-teikit | --only-schematron | --relaxng-only]
                         [--data DIR]

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


def size_bytes(size: str) -> int:
    units = {"K": 1000, "M": 1000**2, "G": 1000**3}
    return int(float(size[:-1]) * units[size[-1]]) if size[-1] in units else int(size)


def ensure_input(size: str, teikit: str, data: Path) -> Path:
    tei = data / f"{size}.xml"
    if tei.exists():
        return tei
    data.mkdir(parents=True, exist_ok=True)
    txt = data / f"{size}.txt"
    if not txt.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--size", size, "-o", str(txt)],
                       check=True)
    subprocess.run([teikit, "convert", str(txt), "-o", str(tei), "-q", "--diagnostics", "short"], check=True,
                   stderr=subprocess.DEVNULL)
    return tei


def timed(command, env=None):
    """(wall seconds, peak RSS KiB, exit code, CPU seconds) of one run. CPU
    time (user + system) is what a loaded machine changes least."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", *command], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, env=env)
    wall = time.perf_counter() - start
    rss = 0
    cpu = 0.0
    for line in done.stderr.splitlines():
        if "Maximum resident set size" in line:
            rss = int(line.split(":")[1])
        if "User time (seconds)" in line or "System time (seconds)" in line:
            cpu += float(line.split(":")[1])
    return wall, rss, done.returncode, cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1M,10M,100M")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--teikit", default=str(ROOT / "target" / "release" / "teikit"))
    parser.add_argument("--teixml", default=shutil.which("tei-rs") or "")
    parser.add_argument("--no-xmllint-relaxng-above", default="10M",
                        help="xmllint --relaxng builds the whole tree and takes minutes beyond this size")
    parser.add_argument("--relaxng-only", action="store_true",
                        help="RELAX NG rows alone: teikit, teixml and jing with --no-schematron (no Schematron "
                             "rows, no xmllint --relaxng), so a 1G run ends in minutes")
    parser.add_argument("--only-teikit", action="store_true",
                        help="teikit's rows alone (to compare two builds of teikit)")
    parser.add_argument("--only-schematron", action="store_true",
                        help="the two rows with Schematron on (teikit's and teixml's) alone")
    parser.add_argument("--data", default=str(DATA),
                        help="where the inputs are made and kept (a 1G run needs ≈2.6 GB there)")
    args = parser.parse_args()
    sizes = args.sizes.split(",")
    data = Path(args.data)
    limit = size_bytes(args.no_xmllint_relaxng_above)
    print(f"machine: {os.cpu_count()} cpus; load average {open('/proc/loadavg').read().split()[:3]}")
    rows = []
    for size in sizes:
        tei = ensure_input(size, args.teikit, data)
        mb = tei.stat().st_size / 1e6
        teikit_command = [args.teikit, "validate", "-q", "--schema", str(SCHEMA), "--no-schematron", str(tei)]
        tools = [
            # The warm-up run leaves tei_all in teikit's compiled-schema cache
            # (as any earlier run on the machine does); the second row turns
            # the cache off, so the schema is read and compiled on every run.
            ("teikit validate --schema tei_all.rng --no-schematron", teikit_command),
            ("teikit validate, schema cache off", (teikit_command, {**os.environ, "TEIKIT_CACHE_DIR": ""})),
            ("teixml tei-rs validate --no-schematron", [args.teixml, "validate", "--schema", str(SCHEMA),
                                                         "--no-schematron", str(tei)] if args.teixml else None),
            ("teikit validate --schema tei_all.rng (with Schematron)",
             [args.teikit, "validate", "-q", "--schema", str(SCHEMA), str(tei)]),
            ("teixml tei-rs validate (with Schematron)", [args.teixml, "validate", "--schema", str(SCHEMA), str(tei)]
             if args.teixml else None),
            ("jing tei_all.rng", ["jing", str(SCHEMA), str(tei)] if shutil.which("jing") else None),
            ("xmllint --relaxng tei_all.rng", ["xmllint", "--noout", "--relaxng", str(SCHEMA), str(tei)]
             if shutil.which("xmllint") and size_bytes(size) <= limit else None),
            ("xmllint --noout --stream (well-formedness only)", ["xmllint", "--noout", "--stream", str(tei)]
             if shutil.which("xmllint") else None),
        ]
        if args.only_teikit:
            tools = tools[:2]
        elif args.only_schematron:
            tools = [tool for tool in tools if "with Schematron" in tool[0]]
        elif args.relaxng_only:
            tools = [tool for tool in tools if "Schematron" not in tool[0] and "--relaxng" not in tool[0]]
        teikit_median = teikit_cpu = None
        for name, command in tools:
            if command is None:
                rows.append((size, mb, name, None, None, None, "skipped", None, "skipped"))
                continue
            command, env = command if isinstance(command, tuple) else (command, None)
            timed(command, env)  # warm-up: file cache, JIT-free start for all
            runs = [timed(command, env) for _ in range(args.runs)]
            median = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[3] for r in runs)
            rss = max(r[1] for r in runs)
            code = runs[0][2]
            if teikit_median is None:
                teikit_median, teikit_cpu = median, cpu
            rows.append((size, mb, name, median, rss, code, f"{median / teikit_median:.1f}×", cpu,
                         f"{cpu / teikit_cpu:.1f}×" if teikit_cpu else "–"))
            print(f"{size} {name}: {median:.2f} s, CPU {cpu:.2f} s, {rss / 1024:.0f} MiB, exit {code}", flush=True)
    print(f"load average at the end {open('/proc/loadavg').read().split()[:3]}")
    print()
    print("| size | tool | input | median wall | CPU (user+sys) | peak RSS | exit | vs teikit, wall | vs teikit, CPU |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for size, mb, name, median, rss, code, ratio, cpu, cpu_ratio in rows:
        if median is None:
            print(f"| {size} | {name} | {mb:.1f} MB | – | – | – | – | {ratio} | {cpu_ratio} |")
        else:
            print(f"| {size} | {name} | {mb:.1f} MB | {median:.2f} s | {cpu:.2f} s | {rss / 1024:.0f} MiB | {code} "
                  f"| {ratio} | {cpu_ratio} |")


if __name__ == "__main__":
    main()
