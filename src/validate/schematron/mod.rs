//! ISO Schematron embedded in a RELAX NG schema (`sch:pattern` in tei_all
//! and in ODD-generated schemas), run after RELAX NG on a tree that is
//! built only when the schema has rules; RELAX NG itself stays streaming.
//!
//! [`extract`] reads the rules from the schema when it loads, [`tree`]
//! builds the document for XPath, `eval` runs the rules with the xee XPath
//! 3.1 engine (docs/validator-decision.md says why), and [`codes`] holds the
//! diagnostic codes.

pub mod codes;
mod eval;
pub mod extract;
pub mod tree;

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// The Schematron rules of one schema (plain text: shared across threads;
/// the XPath is compiled per document, as xee's compiled programs are not
/// `Send`).
#[derive(Debug, Clone, PartialEq)]
pub struct Schematron {
    extracted: extract::Extracted,
}

impl Schematron {
    /// The Schematron of the schema `text` at `base` (and its includes), or
    /// `None` when it has none.
    pub fn from_schema(text: &str, base: &Path) -> Option<Schematron> {
        let extracted = extract::extract(text, base);
        if extracted.patterns.is_empty() && extracted.unsupported.is_empty() {
            return None;
        }
        Some(Schematron { extracted })
    }

    /// What was read.
    pub fn extracted(&self) -> &extract::Extracted {
        &self.extracted
    }

    /// How many rules there are.
    pub fn rule_count(&self) -> usize {
        self.extracted.patterns.iter().map(|p| p.rules.len()).sum()
    }

    /// Runs every rule on a well-formed document; diagnostics point into
    /// `text`.
    pub fn check(&self, text: &str) -> Vec<Diagnostic> {
        match tree::build(text) {
            Ok(mut document) => eval::run(&self.extracted, &mut document),
            Err(diagnostic) => vec![diagnostic],
        }
    }
}
