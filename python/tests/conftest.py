"""Shared fixtures of the Python package's tests: the repository, the
`teikit` binary the results are compared with, and the external tools.

A test that needs a tool or data that is missing fails when the environment
variable CI is set, and is skipped (SKIPPED, with the reason) otherwise.
"""

import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def missing(what: str) -> None:
    """Fails under CI, skips elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing, but CI is set")
    pytest.skip(f"SKIPPED: {what} is missing")


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    return ROOT


@pytest.fixture(scope="session")
def teikit_bin() -> str:
    """The command line to compare with: $TEIKIT_BIN, else the newest build in target/."""
    if os.environ.get("TEIKIT_BIN"):
        return os.environ["TEIKIT_BIN"]
    builds = [ROOT / "target" / profile / "teikit" for profile in ("release", "debug")]
    builds = [b for b in builds if os.access(b, os.X_OK)]
    if builds:
        return str(max(builds, key=lambda b: b.stat().st_mtime))
    missing("the teikit binary (cargo build, or set TEIKIT_BIN)")
    return ""


@pytest.fixture(scope="session")
def jing() -> str:
    path = shutil.which("jing")
    if path is None:
        missing("jing")
    return path or ""


@pytest.fixture(scope="session")
def corpus() -> pathlib.Path:
    """A corpus of real sources: the directory $TEIKIT_CORPUS."""
    path = os.environ.get("TEIKIT_CORPUS")
    if not path or not pathlib.Path(path).is_dir():
        missing("the corpus directory (set TEIKIT_CORPUS)")
    return pathlib.Path(path or ".")


def run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        list(args), capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, **kw
    )
