//! The TEI reader: builds the model back from TEI, keeping unknown markup.
//!
//! It reads TEI as teikit writes it (ENCODING.md §2.2–2.4, §5.1, §7.2–7.3) and
//! hand-edited TEI of the same kind, so that TEI → model → TEI gives the same
//! bytes. Reading has two steps: quick-xml's streaming reader builds a small
//! element tree with byte spans (bounded in depth, entities never expanded),
//! then the tree is mapped to the model. Markup teikit has no model for is kept
//! as [`InlineKind::Element`] / [`BlockKind::Other`] with a warning.

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use crate::diagnostic::Diagnostic;
use crate::model::{
    Block, BlockKind, Category, Cert, CitedRange, Closer, DateValue, Document, DocumentKind,
    Edition, Editor, Element, Head, Header, Inline, InlineKind, Layout, Licence, ListItem, Marking,
    MarkingPlace, Note, NoteKind, NotePlace, Opener, OpenerItem, ParsedWitness, Person,
    Publication, Repository, ShelfmarkKind, ShelfmarkPart, SourceDesc, Span, Taxonomy, Witness,
    WitnessKind, Witnesses,
};

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
// Step 1: XML events → element tree

/// An element with its attributes as written (qualified names, values unescaped).
#[derive(Debug)]
struct XmlElement {
    /// The qualified name as written (`tei:p`, `p`).
    name: String,
    /// The name without prefix, what the mapping matches on.
    local: String,
    attributes: Vec<(String, String)>,
    children: Vec<XmlNode>,
    span: Span,
}

#[derive(Debug)]
enum XmlNode {
    Element(XmlElement),
    Text { text: String, span: Span },
}

impl XmlElement {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// An attribute that points to an id (`#x`), without the `#`.
    fn reference(&self, key: &str) -> Option<String> {
        self.attr(key).map(strip_hash)
    }

    fn elements(&self) -> impl Iterator<Item = &XmlElement> {
        self.children.iter().filter_map(|c| match c {
            XmlNode::Element(e) => Some(e),
            XmlNode::Text { .. } => None,
        })
    }

    fn child(&self, local: &str) -> Option<&XmlElement> {
        self.elements().find(|e| e.local == local)
    }

    /// All text inside, markup ignored.
    fn text(&self) -> String {
        let mut out = String::new();
        push_text(&self.children, &mut out);
        out
    }

    /// The text when the element holds no markup, else `None`.
    fn text_only(&self) -> Option<String> {
        if self.elements().next().is_some() {
            return None;
        }
        Some(self.text())
    }
}

fn push_text(children: &[XmlNode], out: &mut String) {
    for child in children {
        match child {
            XmlNode::Text { text, .. } => out.push_str(text),
            XmlNode::Element(e) => push_text(&e.children, out),
        }
    }
}

fn strip_hash(value: &str) -> String {
    value.strip_prefix('#').unwrap_or(value).to_string()
}

fn is_blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// Reads the whole input into an element tree, refusing what is not safe or
/// not well-formed.
fn parse_tree(xml: &str) -> Result<XmlElement, Box<Diagnostic>> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<XmlElement> = Vec::new();
    let mut root: Option<XmlElement> = None;
    loop {
        let start = position(reader.buffer_position());
        let event = reader
            .read_event()
            .map_err(|e| malformed(position(reader.error_position()), &e.to_string()))?;
        let end = position(reader.buffer_position());
        match event {
            Event::Start(tag) => {
                check_depth(stack.len(), start, end)?;
                stack.push(new_element(&tag, Span::new(start, end))?);
            }
            Event::Empty(tag) => {
                check_depth(stack.len(), start, end)?;
                let element = new_element(&tag, Span::new(start, end))?;
                attach(element, &mut stack, &mut root)?;
            }
            Event::End(_) => {
                let Some(mut element) = stack.pop() else {
                    return Err(malformed(start, "end tag without start tag"));
                };
                element.span.end = end;
                if element.children.is_empty() {
                    // `<seg></seg>` is not `<seg/>`: an empty text keeps the
                    // difference, so writing the model back gives the same bytes.
                    element.children.push(XmlNode::Text {
                        text: String::new(),
                        span: Span::new(start, start),
                    });
                }
                attach(element, &mut stack, &mut root)?;
            }
            Event::Text(text) => push_text_node(&mut stack, &text.xml10_content(), start, end)?,
            Event::CData(data) => push_text_node(&mut stack, &data.xml10_content(), start, end)?,
            Event::GeneralRef(reference) => {
                let text = resolve_reference(&reference, start)?;
                push_text_node(&mut stack, &text, start, end)?;
            }
            Event::DocType(doctype) => {
                if doctype.contains("<!ENTITY") {
                    return Err(Box::new(entity_declaration(Span::new(start, end))));
                }
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(malformed(
            xml.len(),
            &format!("element <{}> is not closed", open.name),
        ));
    }
    root.ok_or_else(|| malformed(xml.len(), "no root element"))
}

fn position(offset: u64) -> usize {
    usize::try_from(offset).unwrap_or(usize::MAX)
}

fn check_depth(depth: usize, start: usize, end: usize) -> Result<(), Box<Diagnostic>> {
    if depth < MAX_DEPTH {
        return Ok(());
    }
    Err(Box::new(
        Diagnostic::error(
            TOO_DEEP,
            Span::new(start, end),
            format!("elements are nested more than {MAX_DEPTH} deep"),
        )
        .with_help("TEI editions nest a dozen levels; this file is not one teikit can read"),
    ))
}

fn new_element(tag: &BytesStart, span: Span) -> Result<XmlElement, Box<Diagnostic>> {
    let name = tag.name().as_ref().to_string();
    let local = tag.local_name().into_inner().to_string();
    let mut attributes = Vec::new();
    for attribute in tag.attributes() {
        let attribute = attribute.map_err(|e| malformed(span.start, &e.to_string()))?;
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| malformed(span.start, &e.to_string()))?;
        attributes.push((attribute.key.as_ref().to_string(), value.into_owned()));
    }
    Ok(XmlElement {
        name,
        local,
        attributes,
        children: Vec::new(),
        span,
    })
}

fn attach(
    element: XmlElement,
    stack: &mut [XmlElement],
    root: &mut Option<XmlElement>,
) -> Result<(), Box<Diagnostic>> {
    if let Some(parent) = stack.last_mut() {
        parent.children.push(XmlNode::Element(element));
        return Ok(());
    }
    if root.is_some() {
        return Err(malformed(element.span.start, "a second root element"));
    }
    *root = Some(element);
    Ok(())
}

/// Adds text to the open element, merging it with text just before it (a
/// character reference splits one run of text into several events).
fn push_text_node(
    stack: &mut [XmlElement],
    text: &str,
    start: usize,
    end: usize,
) -> Result<(), Box<Diagnostic>> {
    let Some(parent) = stack.last_mut() else {
        if is_blank(text) {
            return Ok(());
        }
        return Err(malformed(start, "text outside the root element"));
    };
    if let Some(XmlNode::Text { text: last, span }) = parent.children.last_mut() {
        last.push_str(text);
        span.end = end;
    } else {
        parent.children.push(XmlNode::Text {
            text: text.to_string(),
            span: Span::new(start, end),
        });
    }
    Ok(())
}

/// `&#x2014;` and the five predefined entities; any other entity is refused,
/// never looked up.
fn resolve_reference(reference: &str, start: usize) -> Result<String, Box<Diagnostic>> {
    if let Some(number) = reference.strip_prefix('#') {
        let code = match number.strip_prefix('x') {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse::<u32>().ok(),
        };
        return code
            .and_then(char::from_u32)
            .filter(|c| *c != '\0')
            .map(String::from)
            .ok_or_else(|| {
                malformed(start, &format!("invalid character reference &{reference};"))
            });
    }
    resolve_predefined_entity(reference)
        .map(String::from)
        .ok_or_else(|| {
            malformed(
                start,
                &format!("undeclared entity &{reference}; (teikit expands no entities)"),
            )
        })
}

fn malformed(offset: usize, reason: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(
            MALFORMED,
            Span::new(offset, offset),
            format!("TEI is not well-formed XML: {reason}"),
        )
        .with_help("fix the XML at this position; nothing was read"),
    )
}

fn entity_declaration(span: Span) -> Diagnostic {
    Diagnostic::error(
        ENTITY_DECLARATION,
        span,
        "the DOCTYPE declares entities, which teikit never expands",
    )
    .with_label("entity declarations here")
    .with_help(
        "remove the DOCTYPE: TEI needs no DTD, and entities could read files or grow without bound",
    )
}

// ---------------------------------------------------------------------------
// Step 2: element tree → model

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

    // --- header ----------------------------------------------------------

    fn header(&mut self, element: &XmlElement, header: &mut Header) {
        for child in element.elements() {
            match child.local.as_str() {
                "fileDesc" => self.file_desc(child, header),
                "encodingDesc" => self.encoding_desc(child, header),
                "profileDesc" => {
                    let people = child
                        .child("particDesc")
                        .and_then(|p| p.child("listPerson"));
                    for person in people.iter().flat_map(|l| l.elements()) {
                        header.persons.push(person_of(person));
                    }
                }
                _ => self.unkept(child, "in <teiHeader>"),
            }
        }
    }

    fn file_desc(&mut self, element: &XmlElement, header: &mut Header) {
        for child in element.elements() {
            match child.local.as_str() {
                "titleStmt" => {
                    for part in child.elements() {
                        match part.local.as_str() {
                            "title" => header.title = part.text(),
                            "editor" => {
                                header.editor = Some(Editor {
                                    name: part.text(),
                                    xml_id: part.attr("xml:id").unwrap_or_default().to_string(),
                                    initials: Vec::new(),
                                })
                            }
                            _ => self.unkept(part, "in <titleStmt>"),
                        }
                    }
                }
                "publicationStmt" => publication_stmt(child, header),
                "sourceDesc" => header.source = source_desc(child),
                _ => self.unkept(child, "in <fileDesc>"),
            }
        }
    }

    fn encoding_desc(&mut self, element: &XmlElement, header: &mut Header) {
        for child in element.elements() {
            match child.local.as_str() {
                "editorialDecl" => header
                    .editorial_decl
                    .extend(child.elements().map(XmlElement::text)),
                "classDecl" => header.taxonomies.extend(
                    child
                        .elements()
                        .filter(|t| t.local == "taxonomy")
                        .map(taxonomy_of),
                ),
                _ => self.unkept(child, "in <encodingDesc>"),
            }
        }
    }

    fn stand_off(&mut self, element: &XmlElement, header: &mut Header) {
        for list in element.elements() {
            if list.local != "listOrg" {
                self.unkept(list, "in <standOff>");
                continue;
            }
            for org in list.elements() {
                header.repositories.push(repository_of(org));
            }
        }
    }

    // --- body ------------------------------------------------------------

    fn body(&mut self, body: &XmlElement) -> Vec<Document> {
        let has_documents = body.elements().any(is_document_div);
        if !has_documents {
            return self.generic_body(body);
        }
        let mut documents: Vec<Document> = Vec::new();
        // Markup between documents joins the document before it (or the first one).
        let mut pending: Vec<Block> = Vec::new();
        for child in &body.children {
            match child {
                XmlNode::Element(e) if is_document_div(e) => {
                    let mut document = self.document(e);
                    document.blocks.splice(0..0, pending.drain(..));
                    documents.push(document);
                }
                XmlNode::Element(e) => {
                    self.unknown(e, "between documents");
                    let block = self.other_block(e);
                    match documents.last_mut() {
                        Some(last) => last.blocks.push(block),
                        None => pending.push(block),
                    }
                }
                XmlNode::Text { text, span } if !is_blank(text) => {
                    self.stray_text(*span, "<body>");
                    let block = text_block(text, *span);
                    match documents.last_mut() {
                        Some(last) => last.blocks.push(block),
                        None => pending.push(block),
                    }
                }
                XmlNode::Text { .. } => {}
            }
        }
        documents
    }

    /// A body with no document div: its content as one generic document.
    fn generic_body(&mut self, body: &XmlElement) -> Vec<Document> {
        self.diagnostics.push(
            Diagnostic::warning(
                NO_DOCUMENTS,
                body.span,
                "the TEI has no <div type=\"document\">",
            )
            .with_help("its body is kept as the content of one document without number"),
        );
        let mut blocks = Vec::new();
        for child in &body.children {
            match child {
                XmlNode::Element(e) => blocks.push(self.block(e)),
                XmlNode::Text { text, span } if !is_blank(text) => {
                    blocks.push(text_block(text, *span))
                }
                XmlNode::Text { .. } => {}
            }
        }
        if blocks.is_empty() {
            return Vec::new();
        }
        vec![Document {
            span: body.span,
            id: "body".into(),
            blocks,
            ..Document::default()
        }]
    }

    fn document(&mut self, div: &XmlElement) -> Document {
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
        document
    }

    fn document_child(&mut self, element: &XmlElement, document: &mut Document) {
        match element.local.as_str() {
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
    fn block(&mut self, element: &XmlElement) -> Block {
        let kind = match element.local.as_str() {
            "p" => BlockKind::Paragraph(self.inlines(&element.children)),
            "list" => self.list(element),
            "sp" => self.speech(element),
            "gap" => BlockKind::Gap,
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

    fn other_block(&mut self, element: &XmlElement) -> Block {
        Block {
            span: element.span,
            kind: BlockKind::Other(self.element(element)),
        }
    }

    fn opener(&mut self, opener: &XmlElement, document: &mut Document) {
        let mut items = Vec::new();
        for child in opener.elements() {
            match (child.local.as_str(), child.attr("type")) {
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

    fn list(&mut self, list: &XmlElement) -> BlockKind {
        let mut items = Vec::new();
        let mut label: Option<String> = None;
        for child in list.elements() {
            match child.local.as_str() {
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

    fn speech(&mut self, sp: &XmlElement) -> BlockKind {
        let mut speaker = Vec::new();
        let mut content: Vec<Inline> = Vec::new();
        let mut seen_p = false;
        for child in sp.elements() {
            match child.local.as_str() {
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

    fn witnesses(&mut self, list: &XmlElement) -> Witnesses {
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
    fn witness(&mut self, bibl: &XmlElement) -> WitnessKind {
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
            let understood = match child.local.as_str() {
                "msIdentifier" => self.ms_identifier(child, &mut parsed),
                "citedRange" => {
                    parsed.range = CitedRange {
                        unit: child.attr("unit").unwrap_or_default().to_string(),
                        from: child.attr("from").unwrap_or_default().to_string(),
                        to: child.attr("to").unwrap_or_default().to_string(),
                        text: child.text(),
                    };
                    true
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

    fn ms_identifier(&mut self, ms: &XmlElement, parsed: &mut ParsedWitness) -> bool {
        for part in ms.elements() {
            match part.local.as_str() {
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
    fn note(&mut self, element: &XmlElement) -> Option<Note> {
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

    // --- inline content --------------------------------------------------

    fn inlines(&mut self, children: &[XmlNode]) -> Vec<Inline> {
        children
            .iter()
            .map(|child| match child {
                XmlNode::Text { text, span } => Inline::text(*span, text.clone()),
                XmlNode::Element(e) => self.inline(e),
            })
            .collect()
    }

    fn inline(&mut self, element: &XmlElement) -> Inline {
        match self.known_inline(element) {
            Some(kind) => Inline::new(element.span, kind),
            None => {
                self.unknown(element, "in running text");
                self.element_inline(element)
            }
        }
    }

    /// The model's form of a phrase-level element, `None` when teikit does not
    /// model it (or not with the markup it holds).
    fn known_inline(&mut self, e: &XmlElement) -> Option<InlineKind> {
        let attr = |key: &str| e.attr(key).map(String::from);
        Some(match e.local.as_str() {
            "gap" => InlineKind::Gap,
            "lb" => InlineKind::Lb,
            "pb" if e.children.is_empty() => InlineKind::PageBreak(attr("n")?),
            "supplied" => InlineKind::Supplied(self.inlines(&e.children)),
            "hi" => InlineKind::Hi {
                rend: attr("rend").unwrap_or_default(),
                content: self.inlines(&e.children),
            },
            "anchor" => InlineKind::Anchor {
                n: attr("n").unwrap_or_default(),
                id: attr("xml:id").unwrap_or_default(),
            },
            "note" => InlineKind::Note(Box::new(self.note(e)?)),
            "choice" => choice_of(e)?,
            "expan" => expan_of(e)?,
            "persName" => InlineKind::PersName {
                reference: e.reference("ref"),
                content: self.inlines(&e.children),
            },
            "roleName" => InlineKind::RoleName(self.inlines(&e.children)),
            "signed" => InlineKind::Signed(self.inlines(&e.children)),
            "placeName" => InlineKind::PlaceName(e.text_only()?),
            "title" => InlineKind::Title(e.text_only()?),
            "pubPlace" => InlineKind::PubPlace(e.text_only()?),
            "date" => InlineKind::Date(DateValue {
                text: e.text_only()?,
                when: attr("when"),
                not_before: attr("notBefore"),
                not_after: attr("notAfter"),
            }),
            "idno" => InlineKind::Idno {
                kind: attr("type").unwrap_or_default(),
                text: e.text_only()?,
            },
            "biblScope" => InlineKind::BiblScope {
                unit: attr("unit").unwrap_or_default(),
                from: attr("from").unwrap_or_default(),
                to: attr("to").unwrap_or_default(),
                text: e.text_only()?,
            },
            _ => return None,
        })
    }

    fn element_inline(&mut self, element: &XmlElement) -> Inline {
        Inline::new(element.span, InlineKind::Element(self.element(element)))
    }

    /// Unknown markup kept as it is: name and attributes as written, content mapped.
    fn element(&mut self, element: &XmlElement) -> Element {
        self.inside_unknown += 1;
        let content = self.inlines(&element.children);
        self.inside_unknown -= 1;
        Element {
            span: element.span,
            name: element.name.clone(),
            attributes: element.attributes.clone(),
            content,
        }
    }
}

fn is_document_div(element: &XmlElement) -> bool {
    element.local == "div" && element.attr("type") == Some("document")
}

fn text_block(text: &str, span: Span) -> Block {
    Block {
        span,
        kind: BlockKind::Paragraph(vec![Inline::text(span, text.trim())]),
    }
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A space-separated attribute value; pointers lose their `#`.
fn split_list(value: Option<&str>, pointers: bool) -> Vec<String> {
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

/// `<choice><sic>…</sic><corr>…</corr></choice>`, text only.
fn choice_of(e: &XmlElement) -> Option<InlineKind> {
    let mut sic = None;
    let mut corr = None;
    for child in &e.children {
        match child {
            XmlNode::Element(c) if c.local == "sic" => sic = Some(c.text_only()?),
            XmlNode::Element(c) if c.local == "corr" => corr = Some(c.text_only()?),
            XmlNode::Text { text, .. } if is_blank(text) => {}
            _ => return None,
        }
    }
    Some(InlineKind::Choice {
        sic: sic?,
        corr: corr?,
    })
}

/// `<expan>L<ex>egran</ex></expan>`: the printed letters, then the expansion.
fn expan_of(e: &XmlElement) -> Option<InlineKind> {
    match e.children.as_slice() {
        [XmlNode::Text { text, .. }, XmlNode::Element(ex)] if ex.local == "ex" => {
            Some(InlineKind::Expan {
                abbr: text.clone(),
                ex: ex.text_only()?,
            })
        }
        [XmlNode::Element(ex)] if ex.local == "ex" => Some(InlineKind::Expan {
            abbr: String::new(),
            ex: ex.text_only()?,
        }),
        _ => None,
    }
}

/// Publisher and licence. Without a publisher TEI allows no `availability`, so
/// the licence then stands in a paragraph (`<p><ref target="url">…</ref></p>`);
/// `<p>Unpublished.</p>` states there is neither.
fn publication_stmt(element: &XmlElement, header: &mut Header) {
    for child in element.elements() {
        match child.local.as_str() {
            "publisher" => header.publisher = Some(child.text()),
            "availability" => {
                if let Some(licence) = child.child("licence") {
                    header.licence = Some(Licence {
                        text: licence.text(),
                        url: licence.attr("target").map(String::from),
                    });
                }
            }
            "p" => header.licence = licence_paragraph(child).or(header.licence.take()),
            _ => {}
        }
    }
}

fn licence_paragraph(p: &XmlElement) -> Option<Licence> {
    if let Some(reference) = p.child("ref") {
        return Some(Licence {
            text: reference.text(),
            url: reference.attr("target").map(String::from),
        });
    }
    let text = p.text();
    (text != UNPUBLISHED && !text.is_empty()).then_some(Licence { text, url: None })
}

/// The paragraph of a publication statement with neither publisher nor licence.
const UNPUBLISHED: &str = "Unpublished.";

/// The printed source, or a note on the source (`<p>`; in a split file, where
/// `msDesc` follows, a `<bibl>` without author and title). `msDesc` copies
/// witnesses of the body and is not read.
fn source_desc(element: &XmlElement) -> SourceDesc {
    if let Some(bibl) = element.child("bibl") {
        if bibl.child("author").is_none() && bibl.child("title").is_none() {
            return SourceDesc::Note(bibl.text());
        }
        let part = |name: &str| bibl.child(name).map(XmlElement::text).unwrap_or_default();
        return SourceDesc::Bibl {
            author: part("author"),
            title: part("title"),
        };
    }
    SourceDesc::Note(element.child("p").map(XmlElement::text).unwrap_or_default())
}

fn taxonomy_of(element: &XmlElement) -> Taxonomy {
    Taxonomy {
        id: element.attr("xml:id").unwrap_or_default().to_string(),
        categories: categories_of(element),
    }
}

fn categories_of(element: &XmlElement) -> Vec<Category> {
    element
        .elements()
        .filter(|c| c.local == "category")
        .map(|c| Category {
            id: c.attr("xml:id").unwrap_or_default().to_string(),
            label: c.child("catDesc").map(XmlElement::text).unwrap_or_default(),
            children: categories_of(c),
        })
        .collect()
}

fn person_of(element: &XmlElement) -> Person {
    let pers_name = element.child("persName");
    let role = pers_name.and_then(|p| p.child("roleName"));
    Person {
        id: element.attr("xml:id").unwrap_or_default().to_string(),
        name: role.or(pers_name).map(XmlElement::text).unwrap_or_default(),
        is_role: role.is_some(),
        affiliation: element.child("affiliation").map(XmlElement::text),
    }
}

fn repository_of(org: &XmlElement) -> Repository {
    let org_name = |kind: &str| {
        org.elements()
            .find(|e| e.local == "orgName" && e.attr("type") == Some(kind))
            .map(XmlElement::text)
    };
    Repository {
        id: org.attr("xml:id").unwrap_or_default().to_string(),
        short: org_name("short").unwrap_or_default(),
        full: org_name("full"),
        place: org.child("placeName").map(XmlElement::text),
    }
}
