//! Entry points for programs that embed teikit (the Python package, a Dask
//! worker): convert, validate and export texts held in memory, with the same
//! results as the command line gives for the same file.

// A `Failure` is rare and carries its diagnostic by value; boxing it would
// only add noise to every call site.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, LineIndex, Rendered, Severity};
use crate::export::html::{HtmlOptions, export_html};
use crate::export::json::export_json;
use crate::export::markdown::export_markdown;
use crate::export::text::{TextOptions, export_text};
use crate::model::Span;
// One home for reading configs: the command line and the embedding API share it.
use crate::pipeline::Failure;
pub use crate::pipeline::{config_path_for, parse_config};
use crate::source::{codes, decode, read_source};
use crate::tei::read::read_tei;
use crate::tei::write::{TeiOptions, write_tei};
use crate::validate::{self, FileReport, Schema, ValidateOptions};

/// What converting one source gave.
#[derive(Debug)]
pub struct Conversion {
    /// The TEI document, or `None` when the source has errors.
    pub tei: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// The decoded source text, which the diagnostics' spans point into.
    pub text: String,
    pub documents: usize,
}

/// The config of the preset `name`; an unknown name is a config error.
pub fn preset_config(name: &str) -> Result<Config, Failure> {
    use crate::source::preset;
    let failure = |message: String| Failure {
        diagnostic: Diagnostic::error(codes::CONFIG_INVALID, Span::default(), message)
            .with_help("pass an edition config instead"),
        file: String::new(),
        text: String::new(),
    };
    let Some(chosen) = preset::preset(name) else {
        return Err(failure(format!(
            "unknown preset `{name}` (known: {})",
            preset::names().join(", ")
        )));
    };
    preset::merged(chosen, None).map_err(|e| failure(format!("preset `{name}`: {e}")))
}

/// Where `teikit convert SOURCE… --out-dir DIR` writes the TEI of `source`.
pub fn out_dir_target(dir: &Path, source: &Path) -> PathBuf {
    let stem = source
        .file_stem()
        .map_or_else(|| "source".into(), |x| x.to_os_string());
    dir.join(stem).with_extension("xml")
}

/// Converts the bytes of a plain-text source as `teikit convert` does.
/// `file` names the source in diagnostics; its last component names it in
/// the TEI header. `options` are those of the written TEI.
pub fn convert_bytes(
    bytes: &[u8],
    file: &str,
    config: &Config,
    options: &TeiOptions,
) -> Result<Conversion, Failure> {
    let text = decode(bytes).map_err(|diagnostic| Failure {
        diagnostic,
        file: file.to_string(),
        text: String::from_utf8_lossy(bytes).into_owned(),
    })?;
    let name = Path::new(file)
        .file_name()
        .map_or_else(|| file.to_string(), |n| n.to_string_lossy().into_owned());
    let (edition, diagnostics) = read_source(&text, &name, config);
    let tei = (!diagnostics.iter().any(Diagnostic::is_error)).then(|| write_tei(&edition, options));
    Ok(Conversion {
        tei,
        diagnostics,
        text: text.into_owned(),
        documents: edition.documents.len(),
    })
}

/// The schemas shipped in the binary, compiled once per process.
fn shipped_schemas() -> Result<&'static (Schema, Schema), String> {
    static SHIPPED: OnceLock<Result<(Schema, Schema), String>> = OnceLock::new();
    SHIPPED
        .get_or_init(|| {
            let (tei_all, profile) = rayon::join(Schema::tei_all, Schema::profile);
            Ok((
                tei_all.map_err(|e| e.to_string())?,
                profile.map_err(|e| e.to_string())?,
            ))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// A schema file, compiled once per process and path.
fn schema_file(path: &Path) -> Result<Arc<Schema>, String> {
    static LOADED: OnceLock<Mutex<HashMap<PathBuf, Arc<Schema>>>> = OnceLock::new();
    let loaded = LOADED.get_or_init(Default::default);
    if let Some(schema) = loaded.lock().ok().and_then(|m| m.get(path).cloned()) {
        return Ok(schema);
    }
    let schema = Arc::new(Schema::load(path).map_err(|e| e.to_string())?);
    if let Ok(mut map) = loaded.lock() {
        map.insert(path.to_path_buf(), schema.clone());
    }
    Ok(schema)
}

/// Validates the bytes of a file as `teikit validate FILE` does: against
/// `schema` when given, else against tei_all or the edition profile the file
/// declares; with the edition rules when `rules`. `file` names it in the
/// report. Bytes that are not UTF-8 make an unreadable file, as on the
/// command line. A schema that does not load is an `Err` naming it.
pub fn validate_bytes(
    bytes: &[u8],
    file: &str,
    schema: Option<&Path>,
    rules: bool,
) -> Result<FileReport, String> {
    let custom;
    let options = match schema {
        Some(path) => {
            custom = schema_file(path)?;
            ValidateOptions {
                schema: &custom,
                profile: None,
                rules,
            }
        }
        None => {
            let (tei_all, profile) = shipped_schemas()?;
            ValidateOptions {
                schema: tei_all,
                profile: Some(profile),
                rules,
            }
        }
    };
    Ok(match std::str::from_utf8(bytes) {
        Ok(text) => FileReport {
            path: PathBuf::from(file),
            text: Arc::from(text),
            diagnostics: validate::validate_text(text, &options),
            io_error: false,
        },
        Err(_) => FileReport {
            path: PathBuf::from(file),
            text: Arc::from(""),
            diagnostics: vec![Diagnostic::error(
                "teikit::validate::io",
                Span::default(),
                format!("cannot read {file}: stream did not contain valid UTF-8"),
            )],
            io_error: true,
        },
    })
}

/// A validation report printed as `teikit validate --format FORMAT` prints it
/// (`human`, `json`, `short` or `github`); `None` for another format name.
pub fn printed_report(report: &FileReport, format: &str) -> Option<String> {
    let file = report.path.display().to_string();
    render_printed(&report.diagnostics, &file, &report.text, format)
}

/// Diagnostics printed as `--diagnostics FORMAT` prints them (`human`,
/// `json`, `short` or `github`); `None` for another format name.
pub fn render_printed(
    diagnostics: &[Diagnostic],
    file: &str,
    text: &str,
    format: &str,
) -> Option<String> {
    let format = <crate::cli::DiagnosticFormat as clap::ValueEnum>::from_str(format, false).ok()?;
    Some(crate::cli::report::render(diagnostics, file, text, format))
}

/// The formats a TEI text exports to as one string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One self-contained HTML page (style sheet inlined).
    Html,
    Text,
    Markdown,
    Json,
}

impl ExportFormat {
    pub fn from_name(name: &str) -> Option<ExportFormat> {
        match name {
            "html" => Some(ExportFormat::Html),
            "text" => Some(ExportFormat::Text),
            "markdown" => Some(ExportFormat::Markdown),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }
}

/// What exporting a TEI text gave: the output, or the reader's errors.
#[derive(Debug)]
pub struct Export {
    /// The exported text, or `None` when the TEI has errors.
    pub output: Option<String>,
    /// The TEI reader's diagnostics (spans into the TEI text).
    pub diagnostics: Vec<Diagnostic>,
}

/// Exports a TEI text to `format`, as `teikit export --to FORMAT` does with
/// one output file (HTML as `--single-file`).
pub fn export_tei(tei: &str, format: ExportFormat, config: &Config) -> Export {
    let (edition, diagnostics) = read_tei(tei);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Export {
            output: None,
            diagnostics,
        };
    }
    let options = TextOptions { config };
    let output = match format {
        ExportFormat::Html => export_html(
            &edition,
            &HtmlOptions {
                single_file: true,
                ..Default::default()
            },
        )
        .into_iter()
        .next()
        .map(|(_, page)| page)
        .unwrap_or_default(),
        ExportFormat::Text => export_text(&edition, &options),
        ExportFormat::Markdown => export_markdown(&edition, &options),
        ExportFormat::Json => export_json(&edition),
    };
    Export {
        output: Some(output),
        diagnostics,
    }
}

/// Diagnostics resolved to lines and columns, as `--diagnostics json` prints them.
pub fn rendered(diagnostics: &[Diagnostic], file: &str, text: &str) -> Vec<Rendered> {
    let index = LineIndex::new(text);
    diagnostics
        .iter()
        .map(|d| Rendered::new(d, file, &index))
        .collect()
}

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_convert(source: &str, expect_tei: bool, expect_codes: &[&str]) {
        let c = convert_bytes(
            source.as_bytes(),
            "dir/s.txt",
            &Config::builtin(),
            &TeiOptions::edition(),
        )
        .unwrap();
        assert_eq!(c.tei.is_some(), expect_tei, "{:?}", c.diagnostics);
        let codes: Vec<&str> = c.diagnostics.iter().map(|d| d.code).collect();
        for code in expect_codes {
            assert!(codes.contains(code), "{code} not in {codes:?}");
        }
    }

    #[test]
    fn converts_like_the_command_line() {
        check_convert(
            "No. 1\nLetter from A to B, Baku, 5 November 1920\nText.\nRGASPI, f. 1, op. 1, d. 1, p. 1. Copy.\n",
            true,
            &[],
        );
        check_convert("   \n", false, &[codes::EMPTY]);
    }

    #[test]
    fn bad_bytes_and_configs_fail_with_their_code() {
        // Not UTF-8 and not UTF-16 either (a lone 0xFF inside ASCII text).
        let e = convert_bytes(
            b"Text \xff more text.\n",
            "s.txt",
            &Config::builtin(),
            &TeiOptions::edition(),
        )
        .unwrap_err();
        assert_eq!(e.diagnostic.code, codes::NOT_UTF8);
        let e = parse_config("[nope]\n", "c.toml").unwrap_err();
        assert_eq!(
            (e.diagnostic.code, e.file.as_str()),
            (codes::CONFIG_INVALID, "c.toml")
        );
        let e = preset_config("nowhere").unwrap_err();
        assert!(e.diagnostic.message.contains("nowhere"));
        assert!(
            e.diagnostic.message.contains("frus"),
            "lists the known presets"
        );
        for name in crate::source::preset::names() {
            assert!(preset_config(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn out_dir_target_matches_convert() {
        let check = |source: &str, expect: &str| {
            assert_eq!(
                out_dir_target(Path::new("out"), Path::new(source)),
                PathBuf::from(expect)
            );
        };
        check("a/b/x.txt", "out/x.xml");
        check("x", "out/x.xml");
    }

    #[test]
    fn validates_bytes_like_the_command_line() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate");
        let check = |name: &str, valid: bool| {
            let bytes = std::fs::read(root.join(name)).unwrap();
            let report = validate_bytes(&bytes, name, None, true).unwrap();
            assert_eq!(report.is_valid(), valid, "{name}: {:?}", report.diagnostics);
            let printed = printed_report(&report, "github").unwrap();
            assert_eq!(printed.lines().count(), report.diagnostics.len());
        };
        check("minimal-valid.xml", true);
        check("schema-invalid.xml", false);
        let report = validate_bytes(b"<TEI>\xff</TEI>", "x.xml", None, true).unwrap();
        assert!(report.io_error);
        assert!(validate_bytes(b"", "x.xml", Some(Path::new("/nonexistent.rng")), true).is_err());
        assert!(printed_report(&report, "yaml").is_none());
    }

    #[test]
    fn export_refuses_what_is_not_tei() {
        let e = export_tei("not xml at all", ExportFormat::Text, &Config::builtin());
        assert!(e.output.is_none());
        assert!(has_errors(&e.diagnostics));
        assert_eq!(ExportFormat::from_name("pdf"), None);
    }
}
