//! The TEI reader: builds the model back from TEI, keeping unknown markup.
//!
//! It reads TEI as teikit writes it (docs/encoding.md §2.2–2.4, §5.1, §7.2–7.3) and
//! hand-edited TEI of the same kind, so that TEI → model → TEI gives the same
//! bytes. The events of teikit's one XML layer ([`crate::xml`]: its depth
//! limit, entity policy and well-formedness, the same as `validate`'s) build
//! a small element tree with byte spans, and each element held by the
//! markup around the documents is mapped to the model as soon as it is read
//! (`containers.rs`), so documents are handed on one at a time
//! ([`read_tei_with`]) and the tree never holds more than one. Markup teikit has no model for is kept as
//! [`InlineKind::Element`](crate::model::InlineKind::Element) /
//! [`BlockKind::Other`](crate::model::BlockKind::Other) with a warning.

mod containers;
mod frame;
mod header;
mod inline;
mod text;
mod xml;

use std::collections::BTreeMap;
use std::io;

use crate::diagnostic::Diagnostic;
use crate::model::{Document, Edition, Header, Span};
use xml::{XmlElement, parse_tree_with};

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
    let mut documents = Vec::new();
    let read = read_tei_with(xml, &mut |_, document, _| {
        documents.push(document);
        Ok(())
    });
    match read {
        Ok(read) if !read.diagnostics.iter().any(Diagnostic::is_error) => {
            let edition = Edition {
                header: read.header,
                documents,
            };
            (edition, read.diagnostics)
        }
        Ok(read) => (Edition::default(), read.diagnostics),
        // Collecting into a Vec cannot fail.
        Err(_) => (Edition::default(), Vec::new()),
    }
}

/// Where a document stands in the TEI it was read from, for a writer that
/// writes it there before the markup around it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// How many elements enclose it (its indentation).
    pub depth: usize,
    /// Read from an element other than a document `div` (`front`, `back`, a
    /// div-rooted file): only its blocks stand there, without a `div`.
    pub blocks_only: bool,
}

impl Placement {
    fn document(depth: usize) -> Self {
        Placement {
            depth,
            blocks_only: false,
        }
    }

    fn blocks(depth: usize) -> Self {
        Placement {
            depth,
            blocks_only: true,
        }
    }
}

/// What [`read_tei_with`] gives besides the documents.
#[derive(Debug)]
pub struct TeiRead {
    /// The edition's header, its [`Frame`](crate::model::Frame) included.
    pub header: Header,
    /// How many documents were handed on.
    pub documents: usize,
    /// The reader's diagnostics; with an error among them the documents
    /// handed on are not the edition (the file is not well-formed).
    pub diagnostics: Vec<Diagnostic>,
}

/// [`read_tei`] a document at a time: each document is handed to `each` in
/// the edition's order as soon as it is final (when the next one is read),
/// with the header as read by then (for a TEI whose header comes first, the
/// edition's) and its [`Placement`]. The element tree holds at most the
/// document being read, so memory is bounded by the largest document, not
/// the file. An error of `each` stops the handing on and is returned.
pub fn read_tei_with(
    xml: &str,
    each: &mut dyn FnMut(&Header, Document, Placement) -> io::Result<()>,
) -> io::Result<TeiRead> {
    let mut mapper = Mapper::new(each);
    let tree = parse_tree_with(xml, &mut |ancestors, element| {
        mapper.place(ancestors, element)
    });
    let diagnostics = match tree {
        Ok(root) => {
            mapper.finish(root);
            std::mem::take(&mut mapper.diagnostics)
        }
        Err(diagnostic) => vec![*diagnostic],
    };
    if let Some(error) = mapper.failed.take() {
        return Err(error);
    }
    Ok(TeiRead {
        header: std::mem::take(&mut mapper.header),
        documents: mapper.documents,
        diagnostics,
    })
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

struct Mapper<'a> {
    diagnostics: Vec<Diagnostic>,
    /// Unknown markup by (name, help), counted; warned about once each at the end.
    unknown: BTreeMap<(String, &'static str), UnknownKind>,
    /// `@resp` the writer gives the compiler's marks (`#` + the editor's id,
    /// once the header is read): a mark with another is kept as it is.
    resp: Option<String>,
    /// Reading the content of a `div type="document"` (teikit's own form).
    in_document: bool,
    /// The edition's header as read so far.
    header: Header,
    /// The containers open where the reading is, outermost first.
    containers: Vec<containers::Container>,
    /// How many documents were handed on.
    documents: usize,
    each: &'a mut dyn FnMut(&Header, Document, Placement) -> io::Result<()>,
    /// The first error of `each`; no document is handed on after it.
    failed: Option<io::Error>,
}

const KEPT: &str = "kept as it is, with its attributes and content";
const UNKEPT: &str =
    "kept as it is in the header; teikit's exports show the fields of docs/encoding.md §2.3";

impl<'a> Mapper<'a> {
    fn new(each: &'a mut dyn FnMut(&Header, Document, Placement) -> io::Result<()>) -> Self {
        Mapper {
            diagnostics: Vec::new(),
            unknown: BTreeMap::new(),
            resp: None,
            in_document: false,
            header: Header::default(),
            containers: Vec::new(),
            documents: 0,
            each,
            failed: None,
        }
    }

    /// Hands a final document on; returns its index in the edition.
    fn emit(&mut self, document: Document, placement: Placement) -> usize {
        if self.failed.is_none()
            && let Err(error) = (self.each)(&self.header, document, placement)
        {
            self.failed = Some(error);
        }
        self.documents += 1;
        self.documents - 1
    }

    fn unknown(&mut self, element: &XmlElement, context: &str) {
        self.count_unknown(element, context, KEPT);
    }

    fn unkept(&mut self, element: &XmlElement, context: &str) {
        self.count_unknown(element, context, UNKEPT);
    }

    fn count_unknown(&mut self, element: &XmlElement, context: &str, help: &'static str) {
        self.unknown
            .entry((element.name.to_string(), help))
            .or_insert_with(|| UnknownKind {
                name: element.name.to_string(),
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

    /// The end of the file: the root's frame, the frame kept when it is not
    /// teikit's own, the warnings gathered.
    fn finish(&mut self, root: XmlElement) {
        let span = root.span;
        let language = root.attr("xml:lang").unwrap_or_default().to_string();
        let frame = match self.root_frame(root) {
            Ok(frame) => frame,
            // A div-rooted file or a fragment: its content is one document.
            Err(root) => self.part(&root, "as the root element (not <TEI>)", 0),
        };
        self.header.language = language;
        if self.documents == 0 {
            self.diagnostics.push(
                Diagnostic::warning(NO_DOCUMENTS, span, "the TEI has no <text><body>")
                    .with_help("an edition holds its documents in text/body"),
            );
        }
        if frame != frame::own_frame(&self.header, self.documents).root {
            self.header.frame = Some(crate::model::Frame { root: frame });
        }
        self.warn_unknown();
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
    fn documents_are_handed_on_in_order_where_they_stand() {
        let check = |xml: &str, expect: &[(&str, usize, bool)]| {
            let mut got = Vec::new();
            let read = read_tei_with(xml, &mut |_, d, p| {
                let name = d.n.clone().unwrap_or(d.id.clone());
                got.push((name, p.depth, p.blocks_only));
                Ok(())
            })
            .unwrap();
            assert!(read.diagnostics.iter().all(|d| !d.is_error()), "{xml}");
            let expect: Vec<_> = expect
                .iter()
                .map(|(n, d, b)| (n.to_string(), *d, *b))
                .collect();
            assert_eq!(got, expect, "{xml}");
            assert_eq!(read.documents, expect.len());
        };
        let doc = |n: &str| format!("<div type=\"document\" n=\"{n}\"><p>x</p></div>");
        check(
            &format!(
                "<TEI><teiHeader/><text><body>{}{}</body></text></TEI>",
                doc("1"),
                doc("2")
            ),
            &[("1", 3, false), ("2", 3, false)],
        );
        check(
            &format!(
                "<TEI><text><front><p>F</p></front><body>{}</body><back><p>B</p></back></text></TEI>",
                doc("1")
            ),
            &[("front", 3, true), ("1", 3, false), ("back", 3, true)],
        );
        check(
            &format!(
                "<teiCorpus><TEI><text><body>{}</body></text></TEI></teiCorpus>",
                doc("1")
            ),
            &[("1", 4, false)],
        );
        check(
            &format!(
                "<TEI><text><group>loose<text><body>{}</body></text></group></text></TEI>",
                doc("2")
            ),
            &[("text", 3, true), ("2", 5, false)],
        );
        check("<div><p>x</p></div>", &[("div", 1, true)]);
        check(
            "<TEI><text><body><p>no document</p></body></text></TEI>",
            &[("body", 3, true)],
        );
    }

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
