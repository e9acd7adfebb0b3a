"""The Python API against the command line: convert, validate, export, and
the exceptions bad input raises."""

import json
import pathlib
import shutil
import threading
import time

import pytest

import teikit
from conftest import run

SAMPLE = "tests/fixtures/barsegov-555-570.txt"


def json_lines(text: str) -> list:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_convert_sample_matches_the_cli_and_is_valid_tei(root, teikit_bin, jing, tmp_path):
    sample = root / SAMPLE
    result = teikit.convert(sample)
    out = tmp_path / "cli.xml"
    cli = run(teikit_bin, "convert", str(sample), "-o", str(out), "--diagnostics", "json")
    assert cli.returncode == 0, cli.stderr
    assert result.tei == out.read_text(encoding="utf-8")
    assert result.diagnostics == json_lines(cli.stderr)
    assert len(result.diagnostics) == 10
    assert result.documents == 15
    for d in result.diagnostics:
        assert set(d) >= {"code", "severity", "message", "help", "line", "column", "end_line", "end_column"}
    mine = tmp_path / "py.xml"
    mine.write_text(result.tei, encoding="utf-8")
    checked = run(jing, str(root / "schemas" / "tei_all.rng"), str(mine))
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_convert_text_bytes_and_path_agree(root):
    sample = root / SAMPLE
    text = sample.read_text(encoding="utf-8")
    from_path = teikit.convert(sample)
    from_text = teikit.convert(text, name=str(sample))
    from_bytes = teikit.convert(sample.read_bytes(), name=str(sample))
    assert from_text == from_path == from_bytes
    # The name is the file each diagnostic points into.
    other = teikit.convert(text, name="other.txt")
    assert {d["file"] for d in other.diagnostics} == {"other.txt"}


def test_convert_with_a_config_as_the_cli(root, teikit_bin, tmp_path):
    config = tmp_path / "variants.toml"
    config.write_text(
        '[editor]\ninitials = ["Y.B.", "Yu.B."]\nxml_id = "YB"\n'
        '[conventions]\nnumber_lines = ["No. {n}", "№ {n}", "№{n}", "{n}. {title}"]\n'
        'note_anchors = ["asterisk", "digit"]\n',
        encoding="utf-8",
    )
    source = root / "tests/fixtures/variants.txt"
    out = tmp_path / "cli.xml"
    cli = run(teikit_bin, "convert", str(source), "--config", str(config), "-o", str(out))
    assert cli.returncode == 0, cli.stderr
    by_path = teikit.convert(source, config=config)
    by_text = teikit.convert(source, config=config.read_text(encoding="utf-8"))
    assert by_path.tei == by_text.tei == out.read_text(encoding="utf-8")
    assert teikit.convert(source, xml_model=False).tei != by_path.tei


def test_convert_reads_edition_toml_beside_a_path(root, teikit_bin, tmp_path):
    shutil.copy(root / "tei/source.txt", tmp_path / "source.txt")
    shutil.copy(root / "tei/edition.toml", tmp_path / "edition.toml")
    out = tmp_path / "cli.xml"
    cli = run(teikit_bin, "convert", str(tmp_path / "source.txt"), "-o", str(out))
    assert cli.returncode == 0, cli.stderr
    assert teikit.convert(tmp_path / "source.txt").tei == out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "source, code",
    [("   \n", "teikit::input::empty"), (b"No. 1\n\xe9t\xe9\n", "teikit::input::not-utf8")],
)
def test_bad_sources_raise_input_error_with_the_diagnostic(source, code):
    with pytest.raises(teikit.InputError) as caught:
        teikit.convert(source)
    e = caught.value
    assert isinstance(e, ValueError) and isinstance(e, teikit.TeikitError)
    assert e.diagnostic["code"] == code
    assert e.diagnostic["severity"] == "error"
    assert e.diagnostic["line"] >= 1


def test_bad_configs_and_presets_raise_config_error():
    with pytest.raises(teikit.ConfigError) as caught:
        teikit.convert("No. 1\n", config="[editor]\nname = 3\n")
    d = caught.value.diagnostic
    assert d["code"] == "teikit::config::invalid"
    assert (d["line"], d["file"]) == (2, "<config>")
    with pytest.raises(teikit.ConfigError, match="unknown preset `nowhere`"):
        teikit.convert("No. 1\n", preset="nowhere")
    with pytest.raises(teikit.ConfigError, match="not both"):
        teikit.convert("No. 1\n", config="", preset="any")
    with pytest.raises(TypeError):
        teikit.convert(42)
    with pytest.raises(FileNotFoundError):
        teikit.convert(pathlib.Path("/nonexistent/source.txt"))


def test_validate_valid_and_invalid_files_as_the_cli(root, teikit_bin):
    fixtures = root / "tests/fixtures/validate"
    for name, valid in [
        ("minimal-valid.xml", True),
        ("edition-valid.xml", True),
        ("schema-invalid.xml", False),
        ("malformed.xml", False),
        ("rules/duplicate-id-fail.xml", False),
    ]:
        path = fixtures / name
        report = teikit.validate(path)
        assert report.valid is valid, (name, report.diagnostics)
        cli = run(teikit_bin, "validate", str(path), "--format", "json", "--quiet")
        assert cli.returncode == (0 if valid else 1), cli.stderr
        assert report.diagnostics == json_lines(cli.stdout), name
        if not valid:
            assert report.errors
        # Text and bytes validate as the file does.
        text = path.read_text(encoding="utf-8")
        assert teikit.validate(text, name=str(path)) == report
        assert teikit.validate(path.read_bytes(), name=str(path)) == report


def test_validate_with_a_schema_and_without_rules(root, teikit_bin):
    path = root / "tests/fixtures/validate/rules/duplicate-id-fail.xml"
    schema = root / "schemas/tei_all.rng"
    cli = run(teikit_bin, "validate", str(path), "--schema", str(schema), "--format", "json", "-q")
    report = teikit.validate(path, schema=schema, schematron=False)
    assert report.diagnostics == json_lines(cli.stdout)
    with_rules = teikit.validate(path, schema=schema)
    assert len(with_rules.diagnostics) >= len(report.diagnostics)
    assert any(d["code"].startswith("teikit::rules::") for d in with_rules.diagnostics)
    with pytest.raises(teikit.ConfigError, match="does not load"):
        teikit.validate(path, schema="/nonexistent/schema.rng")
    with pytest.raises(teikit.InputError):
        teikit.validate(b"<TEI>\xff</TEI>")


@pytest.mark.parametrize("to", ["html", "text", "markdown", "json"])
def test_export_matches_the_cli(root, teikit_bin, tmp_path, to):
    tei = root / "tei/edition.xml"
    out = tmp_path / f"out.{to}"
    extra = ["--single-file"] if to == "html" else []
    cli = run(teikit_bin, "export", str(tei), "--to", to, "-o", str(out), *extra)
    assert cli.returncode == 0, cli.stderr
    exported = teikit.export(tei, to=to, config=root / "tei/edition.toml")
    assert exported == out.read_text(encoding="utf-8")
    if to == "html":
        assert exported.lstrip().lower().startswith("<!doctype html") and "<style" in exported
    if to == "json":
        assert json.loads(exported)["documents"]


def test_export_refuses_bad_tei_and_unknown_formats(root):
    with pytest.raises(teikit.InputError) as caught:
        teikit.export("<TEI><unclosed></TEI>", to="text")
    assert caught.value.diagnostic["severity"] == "error"
    assert caught.value.diagnostic["line"] == 1
    with pytest.raises(ValueError, match="cannot export to `pdf`"):
        teikit.export(root / "tei/edition.xml", to="pdf")


def test_the_gil_is_released_while_rust_works(root, tmp_path):
    # A schema at a new path is compiled on first use (a few hundred ms of
    # Rust); the main thread must keep running Python meanwhile.
    schema = tmp_path / "copy.rng"
    shutil.copy(root / "schemas/tei_all.rng", schema)
    path = root / "tests/fixtures/validate/minimal-valid.xml"
    spans = []

    def work():
        t = time.perf_counter()
        teikit.validate(path, schema=schema)
        spans.append(time.perf_counter() - t)

    thread = threading.Thread(target=work)
    ticks = [time.perf_counter()]
    thread.start()
    while thread.is_alive():
        ticks.append(time.perf_counter())
    thread.join()
    gap = max(b - a for a, b in zip(ticks, ticks[1:]))
    assert spans[0] > 0.05, "the call was too short to tell"
    assert gap < spans[0] / 2, f"main thread stalled {gap:.3f}s of a {spans[0]:.3f}s call"
