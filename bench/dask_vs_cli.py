#!/usr/bin/env python3
"""Times one conversion batch three ways and checks they write the same bytes:
the command line (`teikit convert SRC --out-dir OUT`, rayon on every core),
`python -m teikit.dask convert` (a local cluster started and stopped by the
run), and `teikit.dask.convert_batch` on a cluster already running.

    python3 bench/dask_vs_cli.py SRC_DIR [--workers 2] [--runs 3] [--teikit target/release/teikit]

Needs the teikit package with dask (`pip install './python[dask]'`).
"""

import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def tree(directory: pathlib.Path) -> dict:
    return {p.name: p.read_bytes() for p in directory.iterdir() if p.is_file()}


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("src")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--teikit", default="target/release/teikit")
    args = parser.parse_args()
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="teikit-bench-"))
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def fresh(name: str) -> pathlib.Path:
        out = scratch / name
        shutil.rmtree(out, ignore_errors=True)
        return out

    rows = {}
    cli = [
        timed(lambda: subprocess.run(
            [args.teikit, "convert", args.src, "--out-dir", str(fresh("cli")), "-q"], **quiet))
        for _ in range(args.runs)
    ]
    rows["teikit convert (CLI, rayon)"] = cli
    rows[f"python -m teikit.dask convert (local cluster of {args.workers}, started by the run)"] = [
        timed(lambda: subprocess.run(
            [sys.executable, "-m", "teikit.dask", "convert", args.src, "--out-dir",
             str(fresh("dask")), "--workers", str(args.workers), "-q"], **quiet))
        for _ in range(args.runs)
    ]
    from distributed import Client, LocalCluster
    import teikit.dask

    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        client.wait_for_workers(args.workers)
        rows[f"teikit.dask.convert_batch (cluster of {args.workers} already running)"] = [
            timed(lambda: teikit.dask.convert_batch(client, [args.src], str(fresh("warm"))))
            for _ in range(args.runs)
        ]
    same = tree(scratch / "cli") == tree(scratch / "dask") == tree(scratch / "warm")
    files = len(list((scratch / "cli").iterdir()))
    print(f"{files} TEI files written; byte-identical across the three: {same}")
    print("| run | wall, median (runs) |")
    print("|---|---:|")
    for name, times in rows.items():
        runs = ", ".join(f"{t:.2f}" for t in times)
        print(f"| {name} | {statistics.median(times):.2f} s ({runs}) |")
    shutil.rmtree(scratch)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
