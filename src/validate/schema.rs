//! A RELAX NG schema loaded once and shared across files, validated by
//! teikit's own engine ([`super::rng`]).

use std::path::{Path, PathBuf};

use super::rng::{Grammar, read::Loader};
use super::schematron::Schematron;
use crate::diagnostic::Diagnostic;
use crate::xml::{XmlEvent, XmlReader};

/// A compiled schema and where it came from.
pub struct Schema {
    grammar: Grammar,
    location: PathBuf,
    /// The ISO Schematron embedded in the schema, run after RELAX NG.
    schematron: Option<Schematron>,
}

/// Why a schema could not be loaded; names the schema's location.
#[derive(Debug, thiserror::Error)]
#[error("schema {location} does not load: {reason}")]
pub struct SchemaLoadError {
    pub location: String,
    pub reason: String,
}

/// The schemas teikit ships, compiled into the binary so that validation
/// works wherever the binary runs.
pub const TEI_ALL: &str = include_str!("../../schemas/tei_all.rng");
pub const PROFILE: &str = include_str!("../../schemas/teikit-edition.rng");

/// Text of a shipped schema by file name.
fn shipped(name: &str) -> Option<&'static str> {
    match name {
        "tei_all.rng" => Some(TEI_ALL),
        "teikit-edition.rng" => Some(PROFILE),
        _ => None,
    }
}

/// Reads a schema file; a missing file named like a shipped schema is
/// served from the binary, so the profile's `include` of tei_all always works.
pub(crate) fn read_schema_text(path: &Path) -> std::io::Result<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(error) => path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(shipped)
            .map(str::to_string)
            .ok_or(error),
    }
}

/// Reads `include`/`externalRef` targets from files (or the shipped ones).
struct FileLoader;

impl Loader for FileLoader {
    fn load(&self, path: &Path) -> Result<String, String> {
        if path.extension().is_some_and(|e| e == "rnc") {
            return Err(format!(
                "{}: the compact syntax is not supported; convert it with trang",
                path.display()
            ));
        }
        read_schema_text(path).map_err(|e| format!("{}: {e}", path.display()))
    }
}

impl Schema {
    /// Loads and compiles a schema file (XML syntax).
    pub fn load(path: &Path) -> Result<Schema, SchemaLoadError> {
        let fail = |reason: String| SchemaLoadError {
            location: path.display().to_string(),
            reason,
        };
        let text = FileLoader.load(path).map_err(fail)?;
        let base = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        Self::compile(&text, &base, path)
    }

    /// tei_all, as shipped in the binary.
    pub fn tei_all() -> Result<Schema, SchemaLoadError> {
        Self::compile(
            TEI_ALL,
            Path::new("schemas/tei_all.rng"),
            Path::new("tei_all.rng"),
        )
    }

    /// The teikit edition profile, as shipped in the binary.
    pub fn profile() -> Result<Schema, SchemaLoadError> {
        Self::compile(
            PROFILE,
            Path::new("schemas/teikit-edition.rng"),
            Path::new("teikit-edition.rng"),
        )
    }

    fn compile(text: &str, base: &Path, shown: &Path) -> Result<Schema, SchemaLoadError> {
        let grammar =
            Grammar::compile(text, base, &FileLoader).map_err(|reason| SchemaLoadError {
                location: shown.display().to_string(),
                reason,
            })?;
        Ok(Schema {
            grammar,
            location: shown.to_path_buf(),
            schematron: Schematron::from_schema(text, base),
        })
    }

    /// The schema's embedded Schematron rules, if it has any.
    pub fn schematron(&self) -> Option<&Schematron> {
        self.schematron.as_ref()
    }

    /// The same schema with its Schematron left out: RELAX NG alone, whose
    /// verdict is jing's (`teikit validate --no-schematron`).
    pub fn without_schematron(mut self) -> Schema {
        self.schematron = None;
        self
    }

    pub fn location(&self) -> &Path {
        &self.location
    }

    /// Validates the rest of a document's event stream (`first` is an event
    /// already read from it); diagnostics point into its text.
    pub fn validate_stream<'a>(
        &self,
        reader: &mut XmlReader<'a>,
        first: Option<XmlEvent<'a>>,
    ) -> Vec<Diagnostic> {
        self.grammar
            .with_engine(|engine| super::rng::stream::validate(engine, reader, first))
    }

    /// As [`Schema::validate_stream`]; `observer` is given every event as
    /// the validator takes it.
    pub fn validate_stream_observed<'a>(
        &self,
        reader: &mut XmlReader<'a>,
        first: Option<XmlEvent<'a>>,
        observer: &mut dyn FnMut(&crate::xml::EventRef<'a>),
    ) -> Vec<Diagnostic> {
        self.grammar.with_engine(|engine| {
            super::rng::stream::validate_observed(engine, reader, first, observer)
        })
    }

    /// Validates a whole text.
    pub fn validate_str(&self, text: &str) -> Vec<Diagnostic> {
        let mut reader = XmlReader::new(text);
        self.validate_stream(&mut reader, None)
    }
}
