//! The body read back into documents: heads, opener, blocks, witnesses, notes.

use super::frame::shell;
use super::inline::{only, writes_back};
use super::xml::{XmlElement, XmlNode, is_blank, strip_hash};
use super::{Mapper, NO_DOCUMENTS, Placement};
use crate::diagnostic::Diagnostic;
use crate::model::{
    Block, BlockKind, Cert, CitedRange, Closer, Document, DocumentKind, FrameElement, FrameNode,
    Head, Inline, Layout, ListItem, Marking, MarkingPlace, Note, NoteKind, NotePlace, Opener,
    OpenerItem, ParsedWitness, Publication, ShelfmarkKind, ShelfmarkPart, Span, Witness,
    WitnessKind, Witnesses,
};

impl Mapper<'_> {
    /// A part of the TEI outside `body` (`front`, `back`, `sourceDoc`,
    /// `facsimile`, a div-rooted file): one document holding its content as
    /// blocks, named by its `xml:id` or its element name. Elements that are
    /// not TEI's `front`/`back` are counted as unknown markup. Returns the
    /// frame of the part, which stands `depth` elements deep.
    pub(super) fn part(
        &mut self,
        element: &XmlElement,
        context: &str,
        depth: usize,
    ) -> FrameElement {
        if !matches!(element.local(), "front" | "back") {
            self.unknown(element, context);
        }
        let blocks = self.blocks(&element.children);
        let id = element
            .attr("xml:id")
            .map_or_else(|| element.local().to_string(), String::from);
        let mut frame = shell(element);
        if let Some(node) = self.blocks_document(element.span, id, blocks, depth + 1) {
            frame.children.push(node);
        }
        frame
    }

    /// Each child element a block, text that is not layout a paragraph.
    fn blocks(&mut self, children: &[XmlNode]) -> Vec<Block> {
        let mut blocks = Vec::new();
        for child in children {
            match child {
                XmlNode::Element(e) => blocks.push(self.block(e)),
                XmlNode::Text { text, span } if !is_blank(text) => {
                    blocks.push(text_block(text, *span))
                }
                XmlNode::Text { .. } => {}
            }
        }
        blocks
    }

    /// A body with no document div: its content as one generic document,
    /// its blocks `depth` elements deep.
    pub(super) fn generic_body(&mut self, body: &XmlElement, depth: usize) -> Option<FrameNode> {
        self.diagnostics.push(
            Diagnostic::warning(
                NO_DOCUMENTS,
                body.span,
                "the TEI has no <div type=\"document\">",
            )
            .with_help("its body is kept as the content of one document without number"),
        );
        let blocks = self.blocks(&body.children);
        self.blocks_document(body.span, "body".into(), blocks, depth)
    }

    pub(super) fn document(&mut self, div: &XmlElement) -> Document {
        let mut document = Document {
            span: div.span,
            kind: match div.attr("subtype") {
                Some("fragment") => DocumentKind::Fragment,
                _ => DocumentKind::Document,
            },
            n: div.attr("n").map(String::from),
            id: div.attr("xml:id").unwrap_or_default().to_string(),
            cert: match div.attr("cert") {
                Some("medium") => Some(Cert::Medium),
                Some("low") => Some(Cert::Low),
                _ => None,
            },
            layout: match div.attr("rend") {
                Some("blocks") => Layout::Blocks,
                _ => Layout::Lines,
            },
            ..Document::default()
        };
        let outer = std::mem::replace(&mut self.in_document, true);
        for child in &div.children {
            match child {
                XmlNode::Element(e) => self.document_child(e, &mut document),
                XmlNode::Text { text, span } if !is_blank(text) => {
                    self.stray_text(*span, "a document <div>");
                    document.blocks.push(text_block(text, *span));
                }
                XmlNode::Text { .. } => {}
            }
        }
        self.in_document = outer;
        document
    }

    pub(super) fn document_child(&mut self, element: &XmlElement, document: &mut Document) {
        match element.local() {
            "head" => document.heads.push(Head {
                span: element.span,
                sub: element.attr("type") == Some("sub"),
                content: self.inlines(&element.children),
            }),
            "opener" => self.opener(element, document),
            "listBibl" if element.attr("type") == Some("witnesses") => {
                document.witnesses = Some(self.witnesses(element))
            }
            "listBibl" if element.attr("type") == Some("publications") => {
                for bibl in element.elements() {
                    document.publications.push(Publication {
                        span: bibl.span,
                        content: self.inlines(&bibl.children),
                    });
                }
            }
            "closer" => document.closers.push(Closer {
                span: element.span,
                content: self.inlines(&element.children),
            }),
            "note" => match self.note(element) {
                Some(note) => document.notes.push(note),
                None => {
                    self.unknown(element, "of this type");
                    let block = self.other_block(element);
                    document.blocks.push(block);
                }
            },
            _ => {
                let block = self.block(element);
                document.blocks.push(block);
            }
        }
    }

    /// `p`, `list`, `sp`, a bare `gap`; anything else is kept as it is.
    pub(super) fn block(&mut self, element: &XmlElement) -> Block {
        let kind = match element.local() {
            "p" if element.attributes.is_empty() => {
                BlockKind::Paragraph(self.inlines(&element.children))
            }
            "list" if only(element, &["rend"]) => self.list(element),
            "sp" if only(element, &["who", "rend"]) => self.speech(element),
            "gap" if writes_back(element, self.resp.as_deref()) => BlockKind::Gap,
            "p" | "list" | "sp" | "gap" => return self.other_block(element),
            _ => {
                self.unknown(element, "as a block");
                return self.other_block(element);
            }
        };
        Block {
            span: element.span,
            kind,
        }
    }

    pub(super) fn other_block(&mut self, element: &XmlElement) -> Block {
        Block {
            span: element.span,
            kind: BlockKind::Other(self.element(element)),
        }
    }

    pub(super) fn opener(&mut self, opener: &XmlElement, document: &mut Document) {
        let mut items = Vec::new();
        for child in opener.elements() {
            match (child.local(), child.attr("type")) {
                ("note", Some("marking")) => items.push(OpenerItem::Marking(Marking {
                    span: child.span,
                    place: match child.attr("subtype") {
                        Some("body") => MarkingPlace::Body,
                        _ => MarkingPlace::Title,
                    },
                    text: child.text(),
                })),
                ("dateline", _) => items.push(OpenerItem::Dateline {
                    span: child.span,
                    content: self.inlines(&child.children),
                }),
                _ => {
                    // The opener has no slot for it: it becomes the first block.
                    self.unknown(child, "in <opener>");
                    let block = self.other_block(child);
                    document.blocks.push(block);
                }
            }
        }
        document.opener = Some(Opener {
            span: opener.span,
            items,
        });
    }

    pub(super) fn list(&mut self, list: &XmlElement) -> BlockKind {
        let mut items = Vec::new();
        let mut label: Option<String> = None;
        for child in list.elements() {
            match child.local() {
                "label" => label = Some(child.text()),
                "item" => items.push(ListItem {
                    span: child.span,
                    label: label.take(),
                    content: self.inlines(&child.children),
                }),
                _ => {
                    self.unknown(child, "in <list>");
                    items.push(ListItem {
                        span: child.span,
                        label: label.take(),
                        content: vec![self.element_inline(child)],
                    });
                }
            }
        }
        BlockKind::List {
            rend: list.attr("rend").map(String::from),
            items,
        }
    }

    pub(super) fn speech(&mut self, sp: &XmlElement) -> BlockKind {
        let mut speaker = Vec::new();
        let mut content: Vec<Inline> = Vec::new();
        let mut seen_p = false;
        for child in sp.elements() {
            match child.local() {
                "speaker" => speaker = self.inlines(&child.children),
                "p" if !seen_p => {
                    seen_p = true;
                    content = self.inlines(&child.children);
                }
                _ => {
                    self.unknown(child, "in <sp> (one <speaker> and one <p> are modelled)");
                    content.push(self.element_inline(child));
                }
            }
        }
        BlockKind::Speech {
            who: sp.reference("who").unwrap_or_default(),
            run_in: sp.attr("rend") == Some("run-in"),
            speaker,
            content,
        }
    }

    pub(super) fn witnesses(&mut self, list: &XmlElement) -> Witnesses {
        let items = list
            .elements()
            .map(|bibl| Witness {
                span: bibl.span,
                kind: self.witness(bibl),
            })
            .collect();
        Witnesses {
            span: list.span,
            parenthesized: list.attr("rend") == Some("parenthesized"),
            items,
        }
    }

    /// A parsed witness, or its text when it is unparsed or holds markup
    /// teikit does not model.
    pub(super) fn witness(&mut self, bibl: &XmlElement) -> WitnessKind {
        if bibl.attr("subtype") == Some("unparsed") {
            return WitnessKind::Unparsed(bibl.text());
        }
        let mut parsed = ParsedWitness {
            categories: bibl
                .attr("ana")
                .map(|a| a.split_whitespace().map(strip_hash).collect())
                .unwrap_or_default(),
            ..ParsedWitness::default()
        };
        for child in bibl.elements() {
            let understood = match child.local() {
                "msIdentifier" => self.ms_identifier(child, &mut parsed),
                "citedRange" => {
                    parsed.range = CitedRange {
                        unit: child.attr("unit").unwrap_or_default().to_string(),
                        from: child.attr("from").unwrap_or_default().to_string(),
                        to: child.attr("to").unwrap_or_default().to_string(),
                        text: child.text(),
                    };
                    // An empty one would not be written back.
                    parsed.range != CitedRange::default()
                }
                "note" if child.attr("type") == Some("certification") => {
                    parsed.certification = Some(self.inlines(&child.children));
                    true
                }
                _ => false,
            };
            if !understood {
                self.unknown(child, "in a witness <bibl>");
                return WitnessKind::Unparsed(collapse_whitespace(&bibl.text()));
            }
        }
        WitnessKind::Parsed(parsed)
    }

    pub(super) fn ms_identifier(&mut self, ms: &XmlElement, parsed: &mut ParsedWitness) -> bool {
        for part in ms.elements() {
            match part.local() {
                "repository" => {
                    parsed.repository = part.text();
                    parsed.repository_ref = part.reference("ref").unwrap_or_default();
                    parsed.inherited = part.attr("rend") == Some("inherited");
                }
                "idno" => {
                    let Some(kind) = part.attr("type").and_then(ShelfmarkKind::parse) else {
                        return false;
                    };
                    parsed.shelfmark.push(ShelfmarkPart {
                        kind,
                        value: part.text(),
                        label: part.attr("rend").map(String::from),
                    });
                }
                _ => return false,
            }
        }
        true
    }

    /// A note of a known type; `None` for one to keep as unknown markup.
    pub(super) fn note(&mut self, element: &XmlElement) -> Option<Note> {
        let kind = match element.attr("type")? {
            "textual" => NoteKind::Textual,
            "editorial" => NoteKind::Editorial,
            "gloss" => NoteKind::Gloss,
            _ => return None,
        };
        Some(Note {
            span: element.span,
            kind,
            n: element.attr("n").map(String::from),
            id: element.attr("xml:id").map(String::from),
            place: match element.attr("place") {
                Some("foot") => Some(NotePlace::Foot),
                Some("inline") => Some(NotePlace::Inline),
                _ => None,
            },
            by_editor: element.attr("resp").is_some_and(|r| !r.is_empty()),
            rend: split_list(element.attr("rend"), false),
            target: split_list(element.attr("target"), true),
            content: self.inlines(&element.children),
        })
    }

    /// Text outside any element teikit reads as a document: a document of
    /// its own, `depth` elements deep.
    pub(super) fn loose_text(&mut self, text: &str, span: Span, depth: usize) -> FrameNode {
        let blocks = vec![text_block(text, span)];
        self.blocks_document(span, "text".into(), blocks, depth)
            .unwrap_or(FrameNode::Text(text.into()))
    }

    /// A document of generic blocks, placed in the frame without a `div`
    /// (its blocks `depth` elements deep); none for no blocks.
    fn blocks_document(
        &mut self,
        span: Span,
        id: String,
        blocks: Vec<Block>,
        depth: usize,
    ) -> Option<FrameNode> {
        if blocks.is_empty() {
            return None;
        }
        let document = Document {
            span,
            id,
            blocks,
            ..Document::default()
        };
        Some(FrameNode::Blocks(
            self.emit(document, Placement::blocks(depth)),
        ))
    }
}

pub(super) fn is_document_div(element: &XmlElement) -> bool {
    element.local() == "div" && element.attr("type") == Some("document")
}

pub(super) fn text_block(text: &str, span: Span) -> Block {
    Block {
        span,
        kind: BlockKind::Paragraph(vec![Inline::text(span, text.trim())]),
    }
}

pub(super) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A space-separated attribute value; pointers lose their `#`.
pub(super) fn split_list(value: Option<&str>, pointers: bool) -> Vec<String> {
    value
        .unwrap_or_default()
        .split_whitespace()
        .map(|v| {
            if pointers {
                strip_hash(v)
            } else {
                v.to_string()
            }
        })
        .collect()
}
