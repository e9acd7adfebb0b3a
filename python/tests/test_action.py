"""The GitHub Action's script and the pre-commit hook, run locally on a
fixture repository with the teikit binary."""

import os
import pathlib
import shutil
import subprocess
import sys

import yaml

from conftest import run


def fixture_repo(root: pathlib.Path, tmp: pathlib.Path, bad: bool) -> pathlib.Path:
    repo = tmp / "repo"
    (repo / "tei" / "more").mkdir(parents=True)
    shutil.copy(root / "tei/edition.xml", repo / "tei/edition.xml")
    shutil.copy(root / "tests/fixtures/validate/minimal-valid.xml", repo / "tei/more/minimal.xml")
    if bad:
        shutil.copy(root / "tests/fixtures/validate/schema-invalid.xml", repo / "tei/more/bad.xml")
    (repo / "README.md").write_text("not TEI\n")
    return repo


def action(root, repo, teikit_bin, files="tei", **env):
    summary = repo.parent / "summary.md"
    output = repo.parent / "output.txt"
    environ = {
        **os.environ,
        "TEIKIT": teikit_bin,
        "INPUT_FILES": files,
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        **env,
    }
    done = subprocess.run(
        [sys.executable, str(root / "action/validate.py")],
        cwd=repo, env=environ, capture_output=True, text=True,
    )
    text = summary.read_text(encoding="utf-8") if summary.exists() else ""
    return done, text, output.read_text() if output.exists() else ""


def test_action_annotates_and_summarises_an_invalid_repository(root, teikit_bin, tmp_path):
    repo = fixture_repo(root, tmp_path, bad=True)
    done, summary, output = action(root, repo, teikit_bin)
    assert done.returncode == 1, done.stdout + done.stderr
    annotations = [l for l in done.stdout.splitlines() if l.startswith("::error ")]
    assert annotations and all("file=tei/more/bad.xml" in l for l in annotations)
    assert "exit-code=1" in output
    assert "## teikit validate" in summary
    assert "**2 of 3 files valid**" in summary
    row = next(l for l in summary.splitlines() if "bad.xml" in l)
    assert "❌ invalid" in row and f"| {len(annotations)} |" in row
    assert "| diagnostic code | count |" in summary


def test_action_passes_a_valid_repository(root, teikit_bin, tmp_path):
    repo = fixture_repo(root, tmp_path, bad=False)
    done, summary, output = action(root, repo, teikit_bin, files="tei/edition.xml\ntei/more")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "::error" not in done.stdout
    assert "**2 of 2 files valid**" in summary and "exit-code=0" in output


def test_action_reports_a_usage_error(root, teikit_bin, tmp_path):
    repo = fixture_repo(root, tmp_path, bad=False)
    done, summary, _ = action(root, repo, teikit_bin, files="nowhere.xml")
    assert done.returncode == 2
    assert "::error" in done.stdout


def test_action_yml_runs_the_script(root):
    spec = yaml.safe_load((root / "action.yml").read_text())
    assert spec["runs"]["using"] == "composite"
    steps = spec["runs"]["steps"]
    assert any("action/validate.py" in s.get("run", "") for s in steps)
    assert any("cargo install --locked --path" in s.get("run", "") for s in steps)
    assert set(spec["inputs"]) == {"files", "schema", "rules"}


def test_pre_commit_hook_entry_validates_the_files_given(root, teikit_bin, tmp_path):
    hooks = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "teikit-validate")
    assert hook["language"] == "rust" and hook["types"] == ["xml"]
    entry = hook["entry"].split()
    assert entry[0] == "teikit"
    repo = fixture_repo(root, tmp_path, bad=True)
    # pre-commit appends the staged files' names to the entry.
    good = run(teikit_bin, *entry[1:], "tei/edition.xml", "tei/more/minimal.xml", cwd=repo)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = run(teikit_bin, *entry[1:], "tei/more/bad.xml", cwd=repo)
    assert bad.returncode == 1 and "bad.xml" in bad.stdout
