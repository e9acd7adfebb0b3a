"""A teikit batch on a Dask cluster: one task per file, the results gathered
into the summary and exit code of the command line.

    python -m teikit.dask convert SRC_DIR --out-dir OUT [--scheduler ADDRESS]
    python -m teikit.dask validate DIR... [--scheduler ADDRESS]

Without ``--scheduler`` a local cluster of worker processes is started. The
client reads each input (and its edition config) and sends the bytes with the
task; the workers need teikit installed, not the files; the client writes the
outputs. The TEI files are byte for byte those of ``teikit convert SRC_DIR
--out-dir OUT``. From Python: :func:`convert_batch` and :func:`validate_batch`
with a ``dask.distributed.Client``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from .. import _native

__all__ = ["convert_batch", "validate_batch", "main"]

# Tasks in flight per worker thread: enough to keep workers busy while the
# client reads inputs and writes outputs, few enough to bound the memory.
_IN_FLIGHT_PER_THREAD = 4


def _convert_task(
    file: str,
    data: bytes,
    config_toml: Optional[str],
    config_file: str,
    xml_model: bool,
    diagnostics: str,
) -> Dict[str, Any]:
    """Runs on a worker: converts one source."""
    from teikit import _native as native

    r = native.convert(
        data,
        file,
        config_toml=config_toml,
        config_file=config_file,
        xml_model=xml_model,
        printed=diagnostics,
    )
    return {k: r[k] for k in ("tei", "printed", "summary", "exit_code")}


def _validate_task(
    file: str, data: bytes, schema: Optional[str], rules: bool, fmt: str
) -> Dict[str, Any]:
    """Runs on a worker: validates one file."""
    from teikit import _native as native

    r = native.validate(data, file, schema=schema, rules=rules, printed=fmt)
    return {k: r[k] for k in ("printed", "summary", "exit_code", "valid")}


def _read_bytes(path: str) -> Tuple[Optional[bytes], Optional[str]]:
    try:
        with open(path, "rb") as f:
            return f.read(), None
    except OSError as e:
        return None, str(e.strerror or e)


def _write_atomic(path: str, data: bytes) -> None:
    """Writes ``data`` to ``path`` through a temporary file renamed into place,
    as the command line does: a failure leaves no half-written file."""
    directory = os.path.dirname(path) or "."
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        mode = 0o644
    fd, temp = tempfile.mkstemp(prefix=".teikit-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def _failed_summary(command: str, path: str, code: str, exit_code: int) -> str:
    """The one-file summary of an input the client could not read or write."""
    return json.dumps(
        {
            "format": "teikit-summary/1",
            "command": command,
            "inputs": 1,
            "failed": 1,
            "documents": 0,
            "errors": 1,
            "warnings": 0,
            "advice": 0,
            "exit_code": exit_code,
            "codes": {code: 1},
            "files": [
                {
                    "path": path,
                    "status": "failed",
                    "exit_code": exit_code,
                    "documents": 0,
                    "errors": 1,
                    "warnings": 0,
                    "advice": 0,
                }
            ],
        }
    )


def _run(
    client: Any,
    inputs: Sequence[str],
    submit: Callable[[int, str], Any],
    collect: Callable[[int, Dict[str, Any]], None],
) -> None:
    """Submits one task per input, keeping a bounded number in flight, and
    hands each result to ``collect`` as it completes."""
    from distributed import as_completed

    threads = sum(client.nthreads().values()) or 1
    window = max(1, threads * _IN_FLIGHT_PER_THREAD)
    pending: Iterator[Tuple[int, str]] = iter(enumerate(inputs))
    index_of: Dict[Any, int] = {}
    running = as_completed()
    for i, path in pending:
        future = submit(i, path)
        if future is not None:
            index_of[future] = i
            running.add(future)
            if len(index_of) >= window:
                break
    for future in running:
        i = index_of.pop(future)
        collect(i, future.result())
        future.release()
        for j, path in pending:
            nxt = submit(j, path)
            if nxt is not None:
                index_of[nxt] = j
                running.add(nxt)
                break


def convert_batch(
    client: Any,
    sources: Sequence[str],
    out_dir: str,
    config: Optional[str] = None,
    diagnostics: str = "human",
    xml_model: bool = True,
    deny_warnings: bool = False,
) -> Tuple[Dict[str, Any], List[str]]:
    """Converts every ``*.txt`` under ``sources`` into ``out_dir`` on the
    cluster of ``client``, as ``teikit convert SOURCES --out-dir OUT_DIR``.

    Returns the batch summary (a dict, format ``teikit-summary/1``) and the
    printed diagnostics of each source, in input order.
    """
    inputs = _native.expand_inputs(list(sources), ["txt"])
    if not inputs:
        raise ValueError("no source found: the directories hold no *.txt file")
    os.makedirs(out_dir, exist_ok=True)
    printed: List[str] = [""] * len(inputs)
    summaries: List[Optional[str]] = [None] * len(inputs)
    configs: Dict[str, Tuple[Optional[str], Optional[str]]] = {}

    def config_for(path: str) -> Tuple[Optional[str], str, Optional[str]]:
        """The config text, its name and why it cannot be read (each config read once)."""
        found = _native.config_path_for(config, path)
        if found is None:
            return None, "edition.toml", None
        if found not in configs:
            configs[found] = _read_text(found)
        text, error = configs[found]
        return text, found, error

    def submit(i: int, path: str) -> Any:
        data, error = _read_bytes(path)
        toml, config_file, config_error = config_for(path)
        if data is None or config_error is not None:
            which, why = (path, error) if data is None else (config_file, config_error)
            printed[i] = f"error: cannot read {which}: {why}\n"
            summaries[i] = _failed_summary("convert", path, "teikit::io::read-failed", 2)
            return None
        return client.submit(
            _convert_task, path, data, toml, config_file, xml_model, diagnostics, pure=False
        )

    def collect(i: int, r: Dict[str, Any]) -> None:
        path = inputs[i]
        printed[i] = r["printed"] or ""
        summaries[i] = r["summary"]
        if r["tei"] is None:
            return
        target = _native.out_dir_target(out_dir, path)
        try:
            _write_atomic(target, r["tei"].encode("utf-8"))
        except OSError as e:
            printed[i] += f"error: cannot write {target}: {e.strerror or e}\n"
            summaries[i] = _failed_summary("convert", path, _native.write_failed_code(), 2)

    _run(client, inputs, submit, collect)
    summary = json.loads(_native.merge_summaries("convert", [s for s in summaries if s]))
    if deny_warnings:
        _deny_warnings(summary)
    return summary, printed


def _deny_warnings(summary: Dict[str, Any]) -> None:
    """Files with warnings fail, as with ``--deny-warnings``."""
    for f in summary["files"]:
        if f["warnings"] and f["exit_code"] == 0:
            f["exit_code"], f["status"] = 1, "invalid"
            summary["failed"] += 1
    summary["exit_code"] = max([f["exit_code"] for f in summary["files"]] + [0])


def _read_text(path: str) -> Tuple[Optional[str], Optional[str]]:
    data, error = _read_bytes(path)
    if data is None:
        return None, error
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        return None, str(e)


def validate_batch(
    client: Any,
    files: Sequence[str],
    schema: Optional[str] = None,
    rules: bool = True,
    fmt: str = "human",
) -> Tuple[Dict[str, Any], List[str]]:
    """Validates every ``*.xml`` under ``files`` on the cluster of ``client``,
    as ``teikit validate FILES``. A ``schema`` path must be readable on every
    worker. Returns the batch summary and each file's printed report."""
    inputs = _native.expand_inputs(list(files), ["xml", "XML"])
    if not inputs:
        raise ValueError("no XML file found")
    printed: List[str] = [""] * len(inputs)
    summaries: List[Optional[str]] = [None] * len(inputs)

    def submit(i: int, path: str) -> Any:
        data, error = _read_bytes(path)
        if data is None:
            printed[i] = f"error: cannot read {path}: {error}\n"
            summaries[i] = _failed_summary("validate", path, "teikit::validate::io", 2)
            return None
        return client.submit(_validate_task, path, data, schema, rules, fmt, pure=False)

    def collect(i: int, r: Dict[str, Any]) -> None:
        printed[i] = r["printed"] or ""
        summaries[i] = r["summary"]

    _run(client, inputs, submit, collect)
    summary = json.loads(_native.merge_summaries("validate", [s for s in summaries if s]))
    return summary, printed


def _client(scheduler: Optional[str], workers: Optional[int]) -> Any:
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler)
    cluster = LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
    )
    return Client(cluster)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m teikit.dask",
        description="Run a teikit batch on a Dask cluster (one task per file).",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a running Dask scheduler (tcp://HOST:8786); default: a local cluster",
    )
    common.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="worker processes of the local cluster (default: one per core)",
    )
    common.add_argument(
        "--summary", choices=["json"], help="print the batch summary as JSON on stdout"
    )
    common.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("convert", parents=[common], help="convert plain-text sources to TEI")
    c.add_argument("sources", nargs="+", metavar="SOURCE")
    c.add_argument("--out-dir", required=True, metavar="DIR")
    c.add_argument("--config", help="the edition config; default: edition.toml beside each source")
    c.add_argument("--no-xml-model", action="store_true")
    c.add_argument("--diagnostics", choices=["human", "json", "short"], default="human")
    c.add_argument("--deny-warnings", action="store_true")
    v = sub.add_parser("validate", parents=[common], help="validate TEI files")
    v.add_argument("files", nargs="+", metavar="FILE")
    v.add_argument("--schema", help="a RELAX NG schema readable on every worker")
    v.add_argument("--rules", action="store_true", help="run the edition rules with --schema")
    v.add_argument("--format", choices=["human", "json", "github"], default="human")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """The command line of ``python -m teikit.dask``; returns the exit code."""
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    # An empty batch is a usage error, found before a cluster is started.
    if args.command == "convert" and not _native.expand_inputs(args.sources, ["txt"]):
        print("error: no source found: the directories hold no *.txt file", file=sys.stderr)
        return 2
    try:
        client = _client(args.scheduler, args.workers)
    except (OSError, ValueError) as e:
        print(f"error: cannot reach the Dask scheduler: {e}", file=sys.stderr)
        return 2
    try:
        if args.command == "convert":
            summary, printed = convert_batch(
                client,
                args.sources,
                args.out_dir,
                config=args.config,
                diagnostics=args.diagnostics,
                xml_model=not args.no_xml_model,
                deny_warnings=args.deny_warnings,
            )
            sys.stderr.write("".join(printed))
            line = (
                f"{summary['inputs']} files ({summary['failed']} failed), "
                f"{summary['documents']} documents, {summary['errors']} errors, "
                f"{summary['warnings']} warnings in {(time.perf_counter() - started) * 1000:.1f} ms"
            )
        else:
            rules = args.rules or args.schema is None
            summary, printed = validate_batch(
                client, args.files, schema=args.schema, rules=rules, fmt=args.format
            )
            out = sys.stderr if args.summary else sys.stdout
            out.write("".join(printed))
            valid = summary["inputs"] - summary["failed"]
            line = (
                f"{summary['inputs']} files, {valid} valid, {summary['failed']} invalid, "
                f"{summary['errors']} errors, {time.perf_counter() - started:.2f}s"
            )
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None:
            cluster.close()
    if args.summary:
        print(json.dumps(summary, separators=(",", ":"), ensure_ascii=False))
    if not args.quiet:
        print(line, file=sys.stderr)
    return int(summary["exit_code"])
