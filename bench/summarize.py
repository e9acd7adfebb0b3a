#!/usr/bin/env python3
"""Prints the results of bench/run.sh: per-size tables, ratios, targets, and a
Markdown table to paste into BENCHMARKS.md.

    summarize.py bench/data/results

Ratios are (other tool's median wall time) / (teikit's median wall time) on the
same edition: how many times faster teikit is. For conversion the edition is
the same but the inputs differ (plain text for teikit, its Markdown form for
pandoc), so the time ratio is the throughput ratio in documents per second.
Standard library only.
"""

import glob
import json
import os
import sys

SIZE_ORDER = {"50K": 0, "1M": 1, "10M": 2, "100M": 3}
GROUP_ORDER = {"validate": 0, "convert": 1, "export": 2, "floor": 3}
GROUP_TITLE = {
    "validate": "validation against tei_all.rng",
    "convert": "conversion to TEI",
    "export": "TEI → HTML",
    "floor": "floor (same TEI file)",
}


def load(directory):
    rows = []
    for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        with open(path, encoding="utf-8") as f:
            rows.append(json.load(f))
    rows.sort(key=lambda r: (SIZE_ORDER.get(r["size"], 9), GROUP_ORDER.get(r["group"], 9), not r["baseline"], r["label"]))
    return rows


def fmt_time(t):
    if t is None:
        return "–"
    return f"{t * 1000:.1f} ms" if t < 1 else f"{t:.2f} s"


def fmt_mb(b):
    return f"{b / 1e6:.2f} MB" if b is not None else "–"


def throughput(r):
    if r["median"] and r["input_bytes"]:
        return r["input_bytes"] / 1e6 / r["median"]
    return None


def index(rows):
    base, floor = {}, {}
    for r in rows:
        if r["baseline"] and r["median"]:
            base[(r["size"], r["group"])] = r
        if r["floor"] and r["median"]:
            floor[r["size"]] = r
    return base, floor


def ratio_text(r, base, floor):
    """'×N' against teikit for other tools; '×N of floor' for teikit rows."""
    if r["median"] is None:
        return ""
    if r["baseline"]:
        f = floor.get(r["size"])
        return f"{r['median'] / f['median']:.1f}× floor" if f else ""
    b = base.get((r["size"], r["group"]))
    if b and r["group"] != "floor":
        return f"{r['median'] / b['median']:.1f}×"
    return ""


def markdown_table(rows, base, floor):
    out = [
        "| size | task | tool | input | median wall | MB/s | peak RSS | other / teikit (teikit: / floor) | runs |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        tp = throughput(r)
        if r["median"] is None:
            wall = r["status"] + (f": {r['note']}" if r["note"] else "")
        else:
            wall = fmt_time(r["median"])
        mem = f"{r['max_rss_kb'] / 1024:.0f} MB" if r["max_rss_kb"] and r["median"] else "–"
        label = f"**{r['label']}**" if r["baseline"] else r["label"]
        out.append(
            f"| {r['size']} | {r['group']} | {label} | {fmt_mb(r['input_bytes'])} | {wall} | "
            f"{f'{tp:.1f}' if tp else '–'} | {mem} | {ratio_text(r, base, floor)} | {len(r['times']) or '–'} |"
        )
    return "\n".join(out)


def target_lines(rows, base, floor):
    """The issue's targets, judged on what was measured."""
    lines = []

    def other(size, group, prefix):
        for r in rows:
            if r["size"] == size and r["group"] == group and r["label"].startswith(prefix) and r["median"]:
                return r
        return None

    def judge(name, size, group, prefix, need):
        b, o = base.get((size, group)), other(size, group, prefix)
        if not b or not o:
            lines.append(f"- {name} ({size}): not measured")
            return
        x = o["median"] / b["median"]
        lines.append(f"- {name} ({size}): {x:.1f}× (target ≥{need}×) — {'MET' if x >= need else 'NOT MET'}")

    judge("validation vs jing", "1M", "validate", "jing", 5)
    judge("validation vs jing", "100M", "validate", "jing", 2)
    for size in SIZE_ORDER:
        if any(r["size"] == size for r in rows):
            judge("conversion vs pandoc", size, "convert", "pandoc", 20)
    for size in SIZE_ORDER:
        if any(r["size"] == size for r in rows):
            judge("HTML export vs Saxon + TEI html.xsl", size, "export", "Saxon", 20)
    for r in rows:
        if r["baseline"] and r["median"] and r["size"] in floor:
            x = r["median"] / floor[r["size"]]["median"]
            lines.append(
                f"- {r['label']} ({r['size']}) within 3× of the well-formedness parse: "
                f"{x:.1f}× — {'MET' if x <= 3 else 'NOT MET'}"
            )
    return "\n".join(lines)


def main(argv):
    directory = argv[0] if argv else "bench/data/results"
    rows = load(directory)
    if not rows:
        print(f"no results in {directory}", file=sys.stderr)
        return 1
    base, floor = index(rows)
    for size in sorted({r["size"] for r in rows}, key=lambda s: SIZE_ORDER.get(s, 9)):
        print(f"\n== {size} ==")
        for r in rows:
            if r["size"] != size:
                continue
            tp = throughput(r)
            shown = fmt_time(r["median"]) if r["median"] is not None else f"{r['status']} {r['note']}"
            mem = f"{r['max_rss_kb'] / 1024:7.0f} MB" if r["max_rss_kb"] and r["median"] else "        –"
            print(
                f"  {GROUP_TITLE.get(r['group'], r['group']):<32} {r['label']:<50} "
                f"{shown:>12} {f'{tp:8.1f} MB/s' if tp else '':>13} {mem} {ratio_text(r, base, floor)}"
            )
    print("\n== targets ==")
    print(target_lines(rows, base, floor))
    print("\n== Markdown ==\n")
    print(markdown_table(rows, base, floor))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
