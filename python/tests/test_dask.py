"""teikit.dask on a local cluster of two worker processes: the same files,
byte for byte, and the same summary as the command line."""

import json
import os
import pathlib
import sys

import pytest

distributed = pytest.importorskip("distributed") if not os.environ.get("CI") else __import__("distributed")

import teikit.dask as tdask
from conftest import run


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    with distributed.Client(cluster) as c:
        assert len(c.scheduler_info()["workers"]) == 2
        yield c
    cluster.close()


def tree(directory: pathlib.Path) -> dict:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def cli_convert(teikit_bin, sources, out):
    cli = run(teikit_bin, "convert", *map(str, sources), "--out-dir", str(out),
              "--summary", "json", "--diagnostics", "json", "--quiet")
    assert cli.returncode in (0, 1), cli.stderr
    return cli, json.loads(cli.stdout)


def check_convert(client, teikit_bin, sources, tmp_path):
    cli, cli_summary = cli_convert(teikit_bin, sources, tmp_path / "cli")
    summary, printed = tdask.convert_batch(
        client, [str(s) for s in sources], str(tmp_path / "dask"), diagnostics="json"
    )
    cli_tree, dask_tree = tree(tmp_path / "cli"), tree(tmp_path / "dask")
    assert cli_tree and sorted(cli_tree) == sorted(dask_tree)
    for name in cli_tree:
        assert dask_tree[name] == cli_tree[name], name
    assert summary == cli_summary
    assert "".join(printed) == cli.stderr
    return summary


def test_convert_fixtures_byte_for_byte(client, root, teikit_bin, tmp_path):
    summary = check_convert(client, teikit_bin, [root / "tests/fixtures"], tmp_path)
    assert summary["inputs"] >= 2


def test_convert_corpus_byte_for_byte(client, corpus, teikit_bin, tmp_path):
    summary = check_convert(client, teikit_bin, [corpus], tmp_path)
    assert summary["inputs"] >= 20 and summary["documents"] > 0


def test_validate_as_the_cli(client, root, teikit_bin):
    directory = root / "tests/fixtures/validate"
    cli = run(teikit_bin, "validate", str(directory), "--format", "github", "--summary", "json", "-q")
    summary, printed = tdask.validate_batch(client, [str(directory)], fmt="github")
    assert summary == json.loads(cli.stdout)
    assert "".join(printed) == cli.stderr
    assert summary["exit_code"] == cli.returncode == 1


def test_module_command_line_on_two_workers(root, teikit_bin, tmp_path):
    sources = root / "tests/fixtures"
    cli, cli_summary = cli_convert(teikit_bin, [sources], tmp_path / "cli")
    out = run(sys.executable, "-m", "teikit.dask", "convert", str(sources),
              "--out-dir", str(tmp_path / "dask"), "--workers", "2",
              "--summary", "json", "--diagnostics", "json")
    assert out.returncode == cli.returncode, out.stderr
    assert json.loads(out.stdout) == cli_summary
    assert tree(tmp_path / "dask") == tree(tmp_path / "cli")
    last = out.stderr.rstrip("\n").rsplit("\n", 1)[-1]
    assert last.startswith(f"{cli_summary['inputs']} files ({cli_summary['failed']} failed)")
    (tmp_path / "empty").mkdir()
    bad = run(sys.executable, "-m", "teikit.dask", "convert", str(tmp_path / "empty"),
              "--out-dir", str(tmp_path / "x"), "--workers", "1")
    assert bad.returncode == 2 and "no source found" in bad.stderr


def test_module_validate_as_the_cli(root, teikit_bin):
    directory = root / "tests/fixtures/validate"
    cli = run(teikit_bin, "validate", str(directory), "--format", "json", "-q")
    out = run(sys.executable, "-m", "teikit.dask", "validate", str(directory),
              "--format", "json", "--workers", "2", "-q")
    assert out.returncode == cli.returncode == 1, out.stderr
    assert out.stdout == cli.stdout
    with_summary = run(sys.executable, "-m", "teikit.dask", "validate", str(directory),
                       "--format", "json", "--workers", "1", "-q", "--summary", "json")
    summary = json.loads(with_summary.stdout)
    assert summary["command"] == "validate" and summary["failed"] >= 1
    assert with_summary.stderr.count("teikit::") >= summary["errors"]
