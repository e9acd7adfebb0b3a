//! The TEI reader: builds the model back from TEI, keeping unknown markup.
//!
//! It reads TEI as teikit writes it (docs/encoding.md §2.2–2.4, §5.1, §7.2–7.3) and
//! hand-edited TEI of the same kind, so that TEI → model → TEI gives the same
//! bytes. Reading has two steps: the events of teikit's one XML layer
//! ([`crate::xml`]: its depth limit, entity policy and well-formedness, the
//! same as `validate`'s) build a small element tree with byte spans, then the
//! tree is mapped to the model. Markup teikit has no model for is kept as
//! [`InlineKind::Element`](crate::model::InlineKind::Element) /
//! [`BlockKind::Other`](crate::model::BlockKind::Other) with a warning.

mod frame;
mod header;
mod inline;
mod text;
mod xml;

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::model::{Document, Edition, FrameElement, FrameNode, HeaderPart, Span};
use xml::{XmlElement, XmlNode, is_blank, parse_tree_with};

/// Deepest element nesting accepted (the XML layer's limit); teikit's own
/// TEI is about 12 deep.
pub const MAX_DEPTH: usize = crate::xml::MAX_DEPTH;

pub const UNKNOWN_ELEMENT: &str = "teikit::tei::unknown-element";
pub const NO_DOCUMENTS: &str = "teikit::tei::no-documents";
pub const STRAY_TEXT: &str = "teikit::tei::stray-text";

/// Builds the model from TEI. A file that cannot be read as XML (a
/// `teikit::xml::*` code: not well-formed, an entity refused, nesting deeper
/// than [`MAX_DEPTH`]) gives an empty edition and an error diagnostic.
pub fn read_tei(xml: &str) -> (Edition, Vec<Diagnostic>) {
    let mut mapper = Mapper::default();
    // Document divs are mapped as soon as they are read, so the element tree
    // never holds more than one document at a time.
    let tree = parse_tree_with(xml, &mut |ancestors, element| {
        mapper.place(ancestors, element)
    });
    match tree {
        Ok(root) => {
            let edition = mapper.edition(&root);
            (edition, mapper.diagnostics)
        }
        Err(diagnostic) => (Edition::default(), vec![*diagnostic]),
    }
}

// ---------------------------------------------------------------------------
// Step 2: element tree → model (header.rs, text.rs, inline.rs)

/// Markup of one name teikit has no model for: how often, where first, and
/// what became of it. One warning per name, however many there are.
struct UnknownKind {
    name: String,
    count: usize,
    first: Span,
    context: String,
    help: &'static str,
}

#[derive(Default)]
struct Mapper {
    diagnostics: Vec<Diagnostic>,
    /// Unknown markup by (name, help), counted; warned about once each at the end.
    unknown: BTreeMap<(String, &'static str), UnknownKind>,
    /// `@resp` the writer gives the compiler's marks (`#` + the editor's id,
    /// once the header is read): a mark with another is kept as it is.
    resp: Option<String>,
    /// Reading the content of a `div type="document"` (teikit's own form).
    in_document: bool,
    /// The edition's header has been read (its editor gives `resp`).
    header_seen: bool,
    /// Documents mapped while the tree was read, taken by `body`.
    streamed: Vec<Option<Document>>,
}

const KEPT: &str = "kept as it is, with its attributes and content";
const UNKEPT: &str =
    "kept as it is in the header; teikit's exports show the fields of docs/encoding.md §2.3";

impl Mapper {
    /// What the tree holds in place of an element just read: a document
    /// `div` of a `text/body` is mapped at once (the edition's header, the
    /// first, is read by then and names the editor its marks point to).
    fn place(&mut self, ancestors: &[XmlElement], element: XmlElement) -> XmlNode {
        if element.local == "teiHeader" && !self.header_seen {
            self.header_seen = true;
            self.resp = header::editor_id(&element).map(|id| format!("#{id}"));
        }
        let in_body = match ancestors {
            [.., text, body] => body.local == "body" && text.local == "text",
            _ => false,
        };
        if in_body && text::is_document_div(&element) {
            let document = self.document(&element);
            self.streamed.push(Some(document));
            return XmlNode::Mapped(self.streamed.len() - 1);
        }
        XmlNode::Element(element)
    }

    fn unknown(&mut self, element: &XmlElement, context: &str) {
        self.count_unknown(element, context, KEPT);
    }

    fn unkept(&mut self, element: &XmlElement, context: &str) {
        self.count_unknown(element, context, UNKEPT);
    }

    fn count_unknown(&mut self, element: &XmlElement, context: &str, help: &'static str) {
        self.unknown
            .entry((element.name.clone(), help))
            .or_insert_with(|| UnknownKind {
                name: element.name.clone(),
                count: 0,
                first: element.span,
                context: context.to_string(),
                help,
            })
            .count += 1;
    }

    /// One warning per kind of unknown markup, in the order of first occurrence.
    fn warn_unknown(&mut self) {
        let mut kinds: Vec<UnknownKind> = std::mem::take(&mut self.unknown).into_values().collect();
        kinds.sort_by_key(|k| (k.first.start, k.first.end));
        for kind in kinds {
            let message = if kind.count == 1 {
                format!(
                    "<{}> {} is markup teikit has no model for",
                    kind.name, kind.context
                )
            } else {
                format!(
                    "kept {} <{}> elements: markup teikit has no model for (the first {})",
                    thousands(kind.count),
                    kind.name,
                    kind.context
                )
            };
            self.diagnostics.push(
                Diagnostic::warning(UNKNOWN_ELEMENT, kind.first, message).with_help(kind.help),
            );
        }
    }

    fn stray_text(&mut self, span: Span, context: &str) {
        self.diagnostics.push(
            Diagnostic::warning(STRAY_TEXT, span, format!("text directly in {context}"))
                .with_help("kept as a paragraph; put it in a <p>"),
        );
    }

    fn edition(&mut self, root: &XmlElement) -> Edition {
        let mut edition = Edition::default();
        let mut documents = Vec::new();
        let frame = match root.local.as_str() {
            "TEI" | "TEI.2" => self.tei(root, &mut edition, &mut documents, true),
            "teiCorpus" | "teiCorpus.2" => self.corpus(root, &mut edition, &mut documents, true),
            // A div-rooted file or a fragment: its content is one document.
            _ => self.part(root, "as the root element (not <TEI>)", &mut documents),
        };
        edition.documents = documents;
        edition.header.language = root.attr("xml:lang").unwrap_or_default().to_string();
        if edition.documents.is_empty() {
            self.diagnostics.push(
                Diagnostic::warning(NO_DOCUMENTS, root.span, "the TEI has no <text><body>")
                    .with_help("an edition holds its documents in text/body"),
            );
        }
        if frame != frame::own_frame(&edition).root {
            edition.header.frame = Some(crate::model::Frame { root: frame });
        }
        self.warn_unknown();
        edition
    }

    /// A `<TEI>`: its header (the edition's when `first`, else kept as it
    /// is), its text's documents, and whatever else it holds (`sourceDoc`,
    /// `facsimile`) each as a document of its own.
    fn tei(
        &mut self,
        tei: &XmlElement,
        edition: &mut Edition,
        documents: &mut Vec<Document>,
        first: bool,
    ) -> FrameElement {
        let mut frame = frame::shell(tei);
        for child in &tei.children {
            let child = match child {
                XmlNode::Element(e) => e,
                XmlNode::Text { text, .. } if !is_blank(text) => {
                    frame.children.push(FrameNode::Text(text.clone()));
                    continue;
                }
                XmlNode::Text { .. } | XmlNode::Mapped(_) => continue,
            };
            let node = match child.local.as_str() {
                "teiHeader" if first => {
                    self.header(child, &mut edition.header);
                    self.resp = edition.header.editor_id().map(|id| format!("#{id}"));
                    self.header_frame(child, &edition.header)
                }
                "teiHeader" => {
                    self.unkept(child, "of a <TEI> in a <teiCorpus>");
                    FrameNode::Element(frame::verbatim(child))
                }
                "standOff" => {
                    self.stand_off(child, &mut edition.header);
                    frame::header_part(child, &edition.header, HeaderPart::StandOff)
                }
                "text" => FrameNode::Element(self.text(child, documents)),
                _ => FrameNode::Element(self.part(child, "in <TEI>", documents)),
            };
            frame.children.push(node);
        }
        frame
    }

    /// A `<teiCorpus>`: its header, then each `<TEI>` (or corpus) in it as a part.
    fn corpus(
        &mut self,
        corpus: &XmlElement,
        edition: &mut Edition,
        documents: &mut Vec<Document>,
        first: bool,
    ) -> FrameElement {
        let mut frame = frame::shell(corpus);
        let mut header_read = !first;
        for child in &corpus.children {
            let child = match child {
                XmlNode::Element(e) => e,
                XmlNode::Text { text, .. } if !is_blank(text) => {
                    frame.children.push(FrameNode::Text(text.clone()));
                    continue;
                }
                XmlNode::Text { .. } | XmlNode::Mapped(_) => continue,
            };
            let node = match child.local.as_str() {
                "teiHeader" if !header_read => {
                    header_read = true;
                    self.header(child, &mut edition.header);
                    self.resp = edition.header.editor_id().map(|id| format!("#{id}"));
                    self.header_frame(child, &edition.header)
                }
                "TEI" | "TEI.2" => {
                    let node = self.tei(child, edition, documents, !header_read);
                    header_read = true;
                    FrameNode::Element(node)
                }
                "teiCorpus" | "teiCorpus.2" => {
                    let node = self.corpus(child, edition, documents, !header_read);
                    header_read = true;
                    FrameNode::Element(node)
                }
                _ => FrameNode::Element(self.part(child, "in <teiCorpus>", documents)),
            };
            frame.children.push(node);
        }
        frame
    }
}

/// 69042 → "69,042".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_separators() {
        for (n, expect) in [
            (1, "1"),
            (999, "999"),
            (1000, "1,000"),
            (69042, "69,042"),
            (1234567, "1,234,567"),
        ] {
            assert_eq!(thousands(n), expect);
        }
    }
}
