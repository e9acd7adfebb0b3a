//! `teikit._native`: the Rust side of the Python package. Each function takes
//! bytes and plain values, releases the GIL while teikit works, and returns a
//! dict of plain values (diagnostics as the JSON the command line prints);
//! the Python layer (`teikit/__init__.py`) turns failures into exceptions.

// A `Failure` is rare and carries its diagnostic by value; boxing it would
// only add noise to every call site.
#![allow(clippy::result_large_err)]

use std::path::{Path, PathBuf};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use teikit::api::{self, ExportFormat};
use teikit::config::Config;
use teikit::diagnostic::Diagnostic;
use teikit::pipeline::Failure;
use teikit::source::codes;
use teikit::summary::Summary;
use teikit::tei::write::TeiOptions;

/// Diagnostics as the JSON list `--diagnostics json` prints, one object each.
fn diagnostics_json(diagnostics: &[Diagnostic], file: &str, text: &str) -> String {
    serde_json::to_string(&api::rendered(diagnostics, file, text)).unwrap_or_default()
}

/// The diagnostics printed in `format`, or a `ValueError` for an unknown format.
fn printed(
    diagnostics: &[Diagnostic],
    file: &str,
    text: &str,
    format: Option<&str>,
) -> PyResult<Option<String>> {
    format
        .map(|f| {
            api::render_printed(diagnostics, file, text, f).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "unknown diagnostics format `{f}` (human, json or short)"
                ))
            })
        })
        .transpose()
}

/// The config a conversion or export runs with.
fn config_of(
    config_toml: Option<&str>,
    config_file: &str,
    preset: Option<&str>,
) -> Result<Config, Failure> {
    match (preset, config_toml) {
        (Some(name), _) => api::preset_config(name),
        (None, Some(text)) => api::parse_config(text, config_file),
        (None, None) => Ok(Config::builtin()),
    }
}

/// What the Rust side of one call gave, before it becomes a dict.
struct Outcome {
    output: Option<String>,
    diagnostics: String,
    documents: usize,
    exit_code: u8,
    failure: Option<&'static str>,
    printed: Option<String>,
    summary: String,
}

impl Outcome {
    fn into_dict<'py>(self, py: Python<'py>, output_key: &str) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item(output_key, self.output)?;
        dict.set_item("diagnostics", self.diagnostics)?;
        dict.set_item("documents", self.documents)?;
        dict.set_item("exit_code", self.exit_code)?;
        dict.set_item("failure", self.failure)?;
        dict.set_item("printed", self.printed)?;
        dict.set_item("summary", self.summary)?;
        Ok(dict)
    }
}

/// A failure before the input could be read (bad bytes, bad config).
fn failed(
    command: &str,
    file: &str,
    f: Failure,
    format: Option<&str>,
    kind: &'static str,
) -> PyResult<Outcome> {
    let diagnostics = std::slice::from_ref(&f.diagnostic);
    let mut summary = Summary::new(command);
    summary.add(file, f.exit_code(), 0, diagnostics);
    Ok(Outcome {
        output: None,
        diagnostics: diagnostics_json(diagnostics, &f.file, &f.text),
        documents: 0,
        exit_code: f.exit_code(),
        failure: Some(kind),
        printed: printed(diagnostics, &f.file, &f.text, format)?,
        summary: summary.to_json(),
    })
}

/// Converts the bytes of a plain-text source as `teikit convert` does.
///
/// `file` names the source in diagnostics (its last component in the TEI
/// header); the config is `preset`, else the TOML `config_toml` (named
/// `config_file` in diagnostics), else the defaults. `printed` asks for the
/// diagnostics as `--diagnostics FORMAT` prints them. Returns a dict: `tei`,
/// `diagnostics` (JSON), `documents`, `exit_code`, `failure` (None,
/// "config" or "input"), `printed`, `summary` (JSON).
#[pyfunction]
#[pyo3(signature = (source, file, config_toml=None, config_file="edition.toml", preset=None, xml_model=true, printed=None))]
#[allow(clippy::too_many_arguments)]
fn convert<'py>(
    py: Python<'py>,
    source: &[u8],
    file: &str,
    config_toml: Option<&str>,
    config_file: &str,
    preset: Option<&str>,
    xml_model: bool,
    printed: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let outcome = py.detach(|| -> PyResult<Outcome> {
        let mut config = match config_of(config_toml, config_file, preset) {
            Ok(c) => c,
            Err(f) => return failed("convert", file, f, printed, "config"),
        };
        // No config and no preset: `--preset auto`, as the command line reads it.
        let mut advice = None;
        if config_toml.is_none() && preset.is_none() {
            let text = teikit::source::decode(source).unwrap_or_default();
            let (chosen, said) = teikit::source::preset::auto(&text);
            if let Ok(c) = teikit::source::preset::merged(chosen, None) {
                config = c;
                advice = said;
            }
        }
        let options = if xml_model {
            TeiOptions::edition()
        } else {
            TeiOptions::default()
        };
        let mut c = match api::convert_bytes(source, file, &config, &options) {
            Ok(c) => c,
            Err(f) => return failed("convert", file, f, printed, "input"),
        };
        if let Some(d) = advice {
            c.diagnostics.insert(0, d);
        }
        let exit_code = u8::from(c.tei.is_none());
        let mut summary = Summary::new("convert");
        summary.add(file, exit_code, c.documents, &c.diagnostics);
        Ok(Outcome {
            output: c.tei,
            diagnostics: diagnostics_json(&c.diagnostics, file, &c.text),
            documents: c.documents,
            exit_code,
            failure: None,
            printed: self::printed(&c.diagnostics, file, &c.text, printed)?,
            summary: summary.to_json(),
        })
    })?;
    outcome.into_dict(py, "tei")
}

/// Validates the bytes of a TEI file as `teikit validate` does.
///
/// `schema` is a RELAX NG file (compiled once per process); without it,
/// tei_all or the edition profile the file declares. `rules` runs the
/// edition rules. `printed` asks for the report as `--format FORMAT`
/// (human, json, github) prints it. Returns a dict: `valid`, `io_error`,
/// `diagnostics` (JSON), `exit_code`, `printed`, `summary` (JSON); a schema
/// that does not load raises `ValueError`.
#[pyfunction]
#[pyo3(signature = (source, file, schema=None, rules=true, printed=None))]
fn validate<'py>(
    py: Python<'py>,
    source: &[u8],
    file: &str,
    schema: Option<PathBuf>,
    rules: bool,
    printed: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (report, shown) = py.detach(|| -> PyResult<_> {
        let report = api::validate_bytes(source, file, schema.as_deref(), rules)
            .map_err(PyValueError::new_err)?;
        let shown = printed
            .map(|f| {
                api::printed_report(&report, f).ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "unknown report format `{f}` (human, json or github)"
                    ))
                })
            })
            .transpose()?;
        Ok((report, shown))
    })?;
    let exit_code = if report.io_error {
        2
    } else {
        u8::from(!report.is_valid())
    };
    let mut summary = Summary::new("validate");
    summary.add(file, exit_code, 0, &report.diagnostics);
    let dict = PyDict::new(py);
    dict.set_item("valid", report.is_valid())?;
    dict.set_item("io_error", report.io_error)?;
    dict.set_item(
        "diagnostics",
        diagnostics_json(&report.diagnostics, file, &report.text),
    )?;
    dict.set_item("exit_code", exit_code)?;
    dict.set_item("printed", shown)?;
    dict.set_item("summary", summary.to_json())?;
    Ok(dict)
}

/// Exports the bytes of a TEI file to `to` (html, text, markdown, json), as
/// `teikit export --to FORMAT` writes one file (HTML as one self-contained
/// page). Returns a dict: `output`, `diagnostics` (JSON), `failure` (None,
/// "config" or "input"), and the keys of `convert`'s dict.
#[pyfunction]
#[pyo3(signature = (tei, file, to, config_toml=None, config_file="edition.toml"))]
fn export<'py>(
    py: Python<'py>,
    tei: &[u8],
    file: &str,
    to: &str,
    config_toml: Option<&str>,
    config_file: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let format = ExportFormat::from_name(to).ok_or_else(|| {
        PyValueError::new_err(format!(
            "cannot export to `{to}`: html, text, markdown or json"
        ))
    })?;
    let outcome = py.detach(|| -> PyResult<Outcome> {
        let config = match config_of(config_toml, config_file, None) {
            Ok(c) => c,
            Err(f) => return failed("export", file, f, None, "config"),
        };
        let text = match teikit::source::decode(tei) {
            Ok(text) => text,
            Err(diagnostic) => {
                let f = Failure {
                    diagnostic,
                    file: file.to_string(),
                    text: String::from_utf8_lossy(tei).into_owned(),
                };
                return failed("export", file, f, None, "input");
            }
        };
        let e = api::export_tei(&text, format, &config);
        let failure = e.output.is_none().then_some("input");
        let exit_code = u8::from(failure.is_some());
        let mut summary = Summary::new("export");
        summary.add(file, exit_code, 0, &e.diagnostics);
        Ok(Outcome {
            output: e.output,
            diagnostics: diagnostics_json(&e.diagnostics, file, &text),
            documents: 0,
            exit_code,
            failure,
            printed: None,
            summary: summary.to_json(),
        })
    })?;
    outcome.into_dict(py, "output")
}

/// The inputs `teikit` reads for `paths`: directories expanded to their files
/// with one of `extensions`, recursively and sorted.
#[pyfunction]
fn expand_inputs(paths: Vec<PathBuf>, extensions: Vec<String>) -> PyResult<Vec<String>> {
    let extensions: Vec<&str> = extensions.iter().map(String::as_str).collect();
    // A folder that cannot be read is an error, never skipped.
    let found = teikit::pipeline::expand_inputs(&paths, &extensions)
        .map_err(|f| pyo3::exceptions::PyOSError::new_err(f.diagnostic.message))?;
    Ok(found.iter().map(|p| p.display().to_string()).collect())
}

/// The config file `teikit convert` reads for `input`: `explicit`, else
/// `edition.toml` beside the input, else None.
#[pyfunction]
#[pyo3(signature = (explicit, input))]
fn config_path_for(explicit: Option<PathBuf>, input: PathBuf) -> Option<String> {
    api::config_path_for(explicit.as_deref(), &input).map(|p| p.display().to_string())
}

/// Where `teikit convert SOURCE… --out-dir DIR` writes the TEI of `source`.
#[pyfunction]
fn out_dir_target(dir: PathBuf, source: PathBuf) -> String {
    api::out_dir_target(&dir, Path::new(&source))
        .display()
        .to_string()
}

/// Merges `summaries` (JSON, one per shard or file) of `command` into one.
#[pyfunction]
fn merge_summaries(command: &str, summaries: Vec<String>) -> PyResult<String> {
    let mut merged = Summary::new(command);
    for text in summaries {
        let part = Summary::from_json(&text).map_err(PyValueError::new_err)?;
        merged.merge(part).map_err(PyValueError::new_err)?;
    }
    Ok(merged.to_json())
}

/// The code of a failure to write an output file.
#[pyfunction]
fn write_failed_code() -> &'static str {
    codes::WRITE_FAILED
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("PRESETS", teikit::source::preset::names())?;
    m.add_function(wrap_pyfunction!(convert, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(export, m)?)?;
    m.add_function(wrap_pyfunction!(expand_inputs, m)?)?;
    m.add_function(wrap_pyfunction!(config_path_for, m)?)?;
    m.add_function(wrap_pyfunction!(out_dir_target, m)?)?;
    m.add_function(wrap_pyfunction!(merge_summaries, m)?)?;
    m.add_function(wrap_pyfunction!(write_failed_code, m)?)?;
    Ok(())
}
