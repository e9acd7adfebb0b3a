#!/usr/bin/env python3
"""The GitHub Action's step (action.yml): runs `teikit validate --format
github --summary json`, passes the annotations on to the runner, writes a
job summary table to $GITHUB_STEP_SUMMARY and exits with teikit's code.

Inputs come from the environment: INPUT_FILES (paths separated by spaces or
new lines), INPUT_SCHEMA, INPUT_RULES ("true"/"false"); TEIKIT names the
binary (default: `teikit` on PATH). Standard library only.
"""

import json
import os
import subprocess
import sys

# A job summary is capped at 1 MiB: list at most this many files.
MAX_ROWS = 500

MARK = {"ok": "✅ valid", "invalid": "❌ invalid", "failed": "⚠️ not read"}


def command() -> list:
    files = os.environ.get("INPUT_FILES", ".").split() or ["."]
    args = [os.environ.get("TEIKIT", "teikit"), "validate", *files]
    args += ["--format", "github", "--summary", "json", "--quiet"]
    schema = os.environ.get("INPUT_SCHEMA", "").strip()
    if schema:
        args += ["--schema", schema]
        if os.environ.get("INPUT_RULES", "false").strip().lower() == "true":
            args.append("--rules")
    return args


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(summary: dict) -> str:
    """The job summary: totals, the files with problems, the codes."""
    n, failed = summary["inputs"], summary["failed"]
    lines = [
        "## teikit validate",
        "",
        f"**{n - failed} of {n} files valid** — {summary['errors']} errors, "
        f"{summary['warnings']} warnings, {summary['advice']} advice.",
        "",
    ]
    shown = [f for f in summary["files"] if f["status"] != "ok" or f["warnings"]]
    if shown:
        lines += ["| file | status | errors | warnings |", "|---|---|---:|---:|"]
        for f in shown[:MAX_ROWS]:
            lines.append(
                f"| `{cell(f['path'])}` | {MARK.get(f['status'], f['status'])} "
                f"| {f['errors']} | {f['warnings']} |"
            )
        if len(shown) > MAX_ROWS:
            lines.append(f"| … and {len(shown) - MAX_ROWS} more | | | |")
        lines.append("")
    if summary["codes"]:
        lines += ["| diagnostic code | count |", "|---|---:|"]
        for code, count in sorted(summary["codes"].items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"| `{cell(code)}` | {count} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def main() -> int:
    args = command()
    try:
        # Standard error carries the annotations: pass them to standard
        # output, where the runner reads workflow commands.
        run = subprocess.run(args, stdout=subprocess.PIPE, stderr=sys.stdout, text=True)
    except OSError as e:
        print(f"::error title=teikit::{args[0]} cannot run: {e}")
        return 2
    sys.stdout.flush()
    summary = None
    if run.stdout.strip():
        try:
            summary = json.loads(run.stdout)
        except ValueError:
            print(run.stdout)
    if summary is None:
        print(f"::error title=teikit::teikit validate failed with exit code {run.returncode}")
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target and summary is not None:
        with open(target, "a", encoding="utf-8") as f:
            f.write(table(summary))
    output = os.environ.get("GITHUB_OUTPUT")
    if output:
        with open(output, "a", encoding="utf-8") as f:
            f.write(f"exit-code={run.returncode}\n")
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
