//! The TEI reader: builds the model back from TEI, keeping unknown markup.
//!
//! It reads TEI as teikit writes it (ENCODING.md §2.2–2.4, §5.1, §7.2–7.3) and
//! hand-edited TEI of the same kind, so that TEI → model → TEI gives the same
//! bytes. Reading has two steps: quick-xml's streaming reader builds a small
//! element tree with byte spans (bounded in depth, entities never expanded),
//! then the tree is mapped to the model. Markup teikit has no model for is kept
//! as [`InlineKind::Element`] / [`BlockKind::Other`] with a warning.

mod header;
mod inline;
mod text;
mod xml;

use crate::diagnostic::Diagnostic;
use crate::model::{Edition, Span};
use xml::{XmlElement, parse_tree};

/// Deepest element nesting accepted; teikit's own TEI is about 12 deep.
pub const MAX_DEPTH: usize = 256;

pub const MALFORMED: &str = "teikit::tei::malformed";
pub const ENTITY_DECLARATION: &str = "teikit::tei::entity-declaration";
pub const TOO_DEEP: &str = "teikit::tei::too-deep";
pub const UNKNOWN_ELEMENT: &str = "teikit::tei::unknown-element";
pub const NO_DOCUMENTS: &str = "teikit::tei::no-documents";
pub const STRAY_TEXT: &str = "teikit::tei::stray-text";

/// Builds the model from TEI. A file that cannot be read as XML (not
/// well-formed, entity declarations, nesting deeper than [`MAX_DEPTH`]) gives
/// an empty edition and an error diagnostic.
pub fn read_tei(xml: &str) -> (Edition, Vec<Diagnostic>) {
    match parse_tree(xml) {
        Ok(root) => {
            let mut mapper = Mapper::default();
            let edition = mapper.edition(&root);
            (edition, mapper.diagnostics)
        }
        Err(diagnostic) => (Edition::default(), vec![*diagnostic]),
    }
}

// ---------------------------------------------------------------------------
// Step 2: element tree → model (header.rs, text.rs, inline.rs)

#[derive(Default)]
struct Mapper {
    diagnostics: Vec<Diagnostic>,
    /// Inside kept unknown markup: its content raises no further warnings.
    inside_unknown: usize,
}

impl Mapper {
    fn unknown(&mut self, element: &XmlElement, context: &str) {
        if self.inside_unknown > 0 {
            return;
        }
        self.warn_unknown(
            element,
            context,
            "kept as it is, with its attributes and content",
        );
    }

    fn unkept(&mut self, element: &XmlElement, context: &str) {
        self.warn_unknown(
            element,
            context,
            "not kept: the header has a fixed shape (ENCODING.md §2.3)",
        );
    }

    /// The warning for markup teikit has no model for; `help` says what became of it.
    fn warn_unknown(&mut self, element: &XmlElement, context: &str, help: &str) {
        let message = format!(
            "<{}> {context} is markup teikit has no model for",
            element.name
        );
        self.diagnostics
            .push(Diagnostic::warning(UNKNOWN_ELEMENT, element.span, message).with_help(help));
    }

    fn stray_text(&mut self, span: Span, context: &str) {
        self.diagnostics.push(
            Diagnostic::warning(STRAY_TEXT, span, format!("text directly in {context}"))
                .with_help("kept as a paragraph; put it in a <p>"),
        );
    }

    fn edition(&mut self, root: &XmlElement) -> Edition {
        let mut edition = Edition::default();
        if root.local != "TEI" {
            self.unknown(root, "as the root element (not <TEI>)");
        }
        let mut found_body = false;
        for child in root.elements() {
            match child.local.as_str() {
                "teiHeader" => self.header(child, &mut edition.header),
                "standOff" => self.stand_off(child, &mut edition.header),
                "text" => {
                    if let Some(body) = child.child("body") {
                        found_body = true;
                        edition.documents = self.body(body);
                    }
                }
                _ => self.unkept(child, "in <TEI>"),
            }
        }
        edition.header.language = root.attr("xml:lang").unwrap_or_default().to_string();
        if !found_body {
            self.diagnostics.push(
                Diagnostic::warning(NO_DOCUMENTS, root.span, "the TEI has no <text><body>")
                    .with_help("an edition holds its documents in text/body"),
            );
        }
        edition
    }
}
