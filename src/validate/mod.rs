//! Validation of TEI files: RELAX NG schemas, the Schematron they embed, and
//! edition rules.
//!
//! A [`Schema`] is loaded once and shared (it is `Sync`) across files that
//! are validated in parallel; [`validate_file`] reads one file, checks it
//! against the schema (and, when asked, the edition rules in [`rules`]) and
//! returns a [`FileReport`] of diagnostics with spans into the file's text.

mod batches;
pub mod codes;
pub mod datatypes;
pub mod rng;
pub mod rules;
pub mod schema;
pub mod schematron;
pub mod xml;
pub mod xsd;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use schema::{Schema, SchemaLoadError};

use crate::diagnostic::{Diagnostic, LineIndex, Rendered};
use crate::model::Span;
use crate::xml::mapped::FileText;
use crate::xml::{EventRef, XmlEvent, XmlReader};

/// What to check a file against.
pub struct ValidateOptions<'s> {
    /// The schema for files that do not declare the edition profile.
    pub schema: &'s Schema,
    /// The edition profile, used for files whose `xml-model` names it
    /// (only when no schema was chosen explicitly).
    pub profile: Option<&'s Schema>,
    /// Run the edition rules ([`rules::REGISTRY`]).
    pub rules: bool,
}

/// The outcome for one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: PathBuf,
    /// The file's text (empty when it could not be read).
    pub text: Arc<str>,
    pub diagnostics: Vec<Diagnostic>,
    /// The file could not be read at all (an I/O error, not a verdict).
    pub io_error: bool,
}

impl FileReport {
    pub fn is_valid(&self) -> bool {
        !self.io_error && !self.diagnostics.iter().any(Diagnostic::is_error)
    }
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
    /// Diagnostics resolved to lines and columns.
    pub fn rendered(&self) -> Vec<Rendered> {
        let index = LineIndex::new(&self.text);
        let file = self.path.display().to_string();
        self.diagnostics
            .iter()
            .map(|d| Rendered::new(d, &file, &index))
            .collect()
    }
}

/// Reads and validates one file.
pub fn validate_file(path: &Path, options: &ValidateOptions<'_>) -> FileReport {
    match FileText::open(path) {
        Ok(file) => {
            let diagnostics = validate_text_with(file.as_str(), options, Some(&file));
            // The text is kept only to show snippets of diagnostics; a clean
            // file's text is not copied.
            let text = if diagnostics.is_empty() {
                Arc::from("")
            } else {
                Arc::from(file.as_str())
            };
            FileReport {
                path: path.to_path_buf(),
                text,
                diagnostics,
                io_error: false,
            }
        }
        Err(error) => FileReport {
            path: path.to_path_buf(),
            text: Arc::from(""),
            diagnostics: vec![Diagnostic::error(
                "teikit::validate::io",
                Span::default(),
                format!("cannot read {}: {error}", path.display()),
            )],
            io_error: true,
        },
    }
}

/// Validates XML text; the diagnostics are sorted by position.
///
/// RELAX NG validation reads the text as a stream (no tree); the schema's
/// Schematron, when it has some, reads a tree built from the same events;
/// the edition rules, when asked for, read a tree built in a second pass.
pub fn validate_text(text: &str, options: &ValidateOptions<'_>) -> Vec<Diagnostic> {
    validate_text_with(text, options, None)
}

/// As [`validate_text`]; `file`, whose text `text` is, is told how far the
/// stream has read (see [`FileText::release_before`]) and knows the text's
/// first character outside XML's `Char` ([`FileText::first_forbidden`]).
fn validate_text_with(
    text: &str,
    options: &ValidateOptions<'_>,
    file: Option<&FileText>,
) -> Vec<Diagnostic> {
    let release = |position: usize| {
        if let Some(file) = file {
            file.release_before(position);
        }
    };
    let mut reader = match file {
        Some(file) => {
            XmlReader::with_release(text, &release).with_first_forbidden(file.first_forbidden())
        }
        None => XmlReader::new(text),
    };
    let mut declares = false;
    // The processing instructions before the root go into the Schematron
    // tree, once the schema (which depends on them) is known.
    let mut prolog = Vec::new();
    let first = loop {
        match reader.next_event() {
            Some(Ok(XmlEvent::Pi {
                target,
                content,
                span,
                before_root,
            })) => {
                declares |= target == "xml-model" && content.contains(PROFILE_FILE);
                prolog.push(XmlEvent::Pi {
                    target,
                    content,
                    span,
                    before_root,
                });
            }
            Some(Ok(event)) => break Some(event),
            Some(Err(diagnostic)) => return vec![*diagnostic],
            None => break None,
        }
    };
    let schema = match options.profile {
        Some(profile) if declares => profile,
        _ => options.schema,
    };
    let schematron = schema.schematron();
    // With Schematron, its tree is built from the events of the RELAX NG
    // pass (the file is read once), alongside it for a large file.
    let (mut diagnostics, tree) = match schematron {
        Some(_) => {
            let prolog: Vec<EventRef<'_>> = prolog.into_iter().map(EventRef::from).collect();
            let threaded = text.len() >= schematron::TREE_THREAD_BYTES;
            let (diagnostics, tree) = schematron::build_alongside(threaded, &prolog, |observer| {
                schema.validate_stream_observed(&mut reader, first, observer)
            });
            (diagnostics, Some(tree))
        }
        None => (schema.validate_stream(&mut reader, first), None),
    };
    if diagnostics
        .iter()
        .any(|d| d.code.starts_with("teikit::xml::"))
    {
        return diagnostics;
    }
    if options.rules {
        let tree = match xml::parse(text) {
            Ok(tree) => tree,
            Err(diagnostic) => return vec![diagnostic],
        };
        let found = rules::check_all(&tree);
        // A rule that restates a schema finding (duplicate IDs, bad dates)
        // replaces it: the rule's diagnostic carries the documented fix.
        diagnostics.retain(|d| !found.iter().any(|r| r.span == d.span));
        diagnostics.extend(found);
    }
    if let (Some(schematron), Some(tree)) = (schematron, tree) {
        diagnostics.extend(schematron.check_tree(tree.finish()));
    }
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    diagnostics
}

/// The profile's file name, as an `xml-model` processing instruction names it.
pub const PROFILE_FILE: &str = "teikit-edition.rng";

/// Whether the file's prolog declares the teikit edition profile.
pub fn declares_profile(tree: &xml::Tree) -> bool {
    tree.prolog
        .iter()
        .any(|pi| pi.target == "xml-model" && pi.content.contains(PROFILE_FILE))
}
