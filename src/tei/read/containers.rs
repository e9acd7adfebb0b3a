//! The markup that holds the documents (`TEI`, `teiCorpus`, `text`, `group`,
//! `body`) mapped child by child while the file is read: each document is
//! final, and handed on, once the next one is read, and the element tree
//! never holds more than the markup not mapped yet.

use super::frame::{header_part, shell, verbatim};
use super::text::{is_document_div, text_block};
use super::xml::{XmlElement, XmlNode, is_blank};
use super::{Mapper, Placement};
use crate::model::{Block, Document, FrameElement, FrameNode, HeaderPart};

/// A container being read, with the frame of what it held so far.
pub(super) struct Container {
    kind: Kind,
    frame: FrameElement,
}

enum Kind {
    /// A `TEI`; its header is the edition's when `first`.
    Tei {
        first: bool,
    },
    /// A `teiCorpus`; `header_read` once the edition's header is read.
    Corpus {
        header_read: bool,
    },
    Text,
    Group,
    Body(Box<Body>),
}

/// A `body` being read. Markup between documents joins the document before
/// it (the first one for markup before it), so a document is held until the
/// next one or the end of the body. Until the first document its children
/// stay in the tree: a body without one is read as generic content.
#[derive(Default)]
struct Body {
    /// The edition's index of its first document, once one is read.
    first: Option<usize>,
    held: Option<Document>,
    /// Markup before the first document.
    pending: Vec<Block>,
}

/// What a container's child became.
enum Child<'a> {
    Element(XmlElement<'a>),
    /// A container inside, read whole.
    Container(FrameElement),
}

/// The kind of container an element named `local` is inside `parent` (the
/// root for none), if it is one.
fn kind_in(parent: Option<&mut Kind>, local: &str) -> Option<Kind> {
    Some(match (parent, local) {
        (None, "TEI" | "TEI.2") => Kind::Tei { first: true },
        (None, "teiCorpus" | "teiCorpus.2") => Kind::Corpus { header_read: false },
        (Some(Kind::Corpus { header_read }), "TEI" | "TEI.2") => Kind::Tei {
            first: !std::mem::replace(header_read, true),
        },
        (Some(Kind::Corpus { header_read }), "teiCorpus" | "teiCorpus.2") => Kind::Corpus {
            header_read: std::mem::replace(header_read, true),
        },
        (Some(Kind::Tei { .. }), "text") | (Some(Kind::Group), "text") => Kind::Text,
        (Some(Kind::Text), "body") => Kind::Body(Box::default()),
        (Some(Kind::Text), "group") => Kind::Group,
        _ => return None,
    })
}

impl Mapper<'_> {
    /// An element just read, with its open ancestors: mapped at once when
    /// it is the child of a container (nothing stays in the tree), else kept.
    pub(super) fn place<'a>(
        &mut self,
        ancestors: &mut [XmlElement<'a>],
        element: XmlElement<'a>,
    ) -> Option<XmlNode<'a>> {
        // Enter the containers among the ancestors (an element is entered
        // when the first element inside it is read).
        while self.containers.len() < ancestors.len() {
            let depth = self.containers.len();
            let parent = self.containers.last_mut().map(|c| &mut c.kind);
            let Some(kind) = kind_in(parent, ancestors[depth].local()) else {
                // Inside markup that holds no document: kept in the tree.
                return Some(XmlNode::Element(element));
            };
            if let [.., parent, _] = &mut ancestors[..=depth] {
                self.settle(parent);
            }
            self.enter(kind, &ancestors[depth]);
        }
        let child = if self.containers.len() > ancestors.len() {
            Child::Container(self.leave(element))
        } else {
            let parent = self.containers.last_mut().map(|c| &mut c.kind);
            match kind_in(parent, element.local()) {
                Some(kind) => {
                    if let Some(parent) = ancestors.last_mut() {
                        self.settle(parent);
                    }
                    self.enter(kind, &element);
                    Child::Container(self.leave(element))
                }
                None => Child::Element(element),
            }
        };
        let parent = ancestors.last_mut()?;
        let mut container = self.containers.pop()?;
        let waits = matches!(&container.kind, Kind::Body(body) if body.first.is_none())
            && matches!(&child, Child::Element(e) if !is_document_div(e));
        let node = if waits {
            match child {
                Child::Element(e) => Some(XmlNode::Element(e)),
                Child::Container(_) => None,
            }
        } else {
            for loose in std::mem::take(&mut parent.children) {
                self.loose(&mut container, loose);
            }
            self.child(&mut container, child);
            None
        };
        self.containers.push(container);
        node
    }

    /// The text read so far in `parent`, the last container entered, mapped
    /// before a container inside it is entered: a document it makes comes
    /// before theirs.
    fn settle(&mut self, parent: &mut XmlElement) {
        let Some(mut container) = self.containers.pop() else {
            return;
        };
        for loose in std::mem::take(&mut parent.children) {
            self.loose(&mut container, loose);
        }
        self.containers.push(container);
    }

    fn enter(&mut self, kind: Kind, element: &XmlElement) {
        if self.containers.is_empty() {
            // The root's language is the edition's, known before any document.
            self.header.language = element.attr("xml:lang").unwrap_or_default().to_string();
        }
        self.containers.push(Container {
            kind,
            frame: shell(element),
        });
    }

    /// The frame of the root when it is a container (`TEI`, `teiCorpus`).
    pub(super) fn root_frame<'a>(
        &mut self,
        root: XmlElement<'a>,
    ) -> Result<FrameElement, XmlElement<'a>> {
        if self.containers.is_empty() {
            match kind_in(None, root.local()) {
                Some(kind) => self.enter(kind, &root),
                None => return Err(root),
            }
        }
        Ok(self.leave(root))
    }

    /// The frame of the container `element`, the last one entered, its end
    /// just read.
    fn leave(&mut self, mut element: XmlElement) -> FrameElement {
        let Some(mut container) = self.containers.pop() else {
            return shell(&element);
        };
        if matches!(&container.kind, Kind::Body(body) if body.first.is_none()) {
            let depth = self.containers.len() + 1;
            container
                .frame
                .children
                .extend(self.generic_body(&element, depth));
            return container.frame;
        }
        for loose in std::mem::take(&mut element.children) {
            self.loose(&mut container, loose);
        }
        if let Kind::Body(body) = &mut container.kind {
            let depth = self.containers.len() + 1;
            if let Some(document) = body.held.take() {
                self.emit(document, Placement::document(depth));
            }
            container.frame.children.push(FrameNode::Documents {
                start: body.first.unwrap_or(self.documents),
                end: self.documents,
            });
        }
        container.frame
    }

    /// Text (or, in a body, markup before the first document) between the
    /// children of a container.
    fn loose(&mut self, container: &mut Container, node: XmlNode) {
        let depth = self.containers.len();
        match (&mut container.kind, node) {
            (Kind::Tei { .. } | Kind::Corpus { .. }, XmlNode::Text { text, .. }) => {
                if !is_blank(&text) {
                    container
                        .frame
                        .children
                        .push(FrameNode::Text(text.into_owned()));
                }
            }
            (Kind::Text | Kind::Group, XmlNode::Text { text, span }) => {
                if !is_blank(&text) {
                    let context = match container.kind {
                        Kind::Text => "<text>",
                        _ => "<group>",
                    };
                    self.stray_text(span, context);
                    let node = self.loose_text(&text, span, depth + 1);
                    container.frame.children.push(node);
                }
            }
            (Kind::Body(body), XmlNode::Text { text, span }) => {
                if !is_blank(&text) {
                    self.stray_text(span, "<body>");
                    body.attach(text_block(&text, span));
                }
            }
            (Kind::Body(body), XmlNode::Element(e)) => {
                self.unknown(&e, "between documents");
                let block = self.other_block(&e);
                body.attach(block);
            }
            // Only a body keeps elements in the tree.
            (_, XmlNode::Element(_)) => {}
        }
    }

    /// An element (or a container read whole) in a container.
    fn child(&mut self, container: &mut Container, child: Child) {
        // The container's children are one level deeper than it.
        let depth = self.containers.len() + 1;
        let node = match (&mut container.kind, child) {
            (_, Child::Container(frame)) => FrameNode::Element(frame),
            (Kind::Tei { first }, Child::Element(e)) => match e.local() {
                "teiHeader" if *first => self.edition_header(&e),
                "teiHeader" => {
                    self.unkept(&e, "of a <TEI> in a <teiCorpus>");
                    FrameNode::Element(verbatim(&e))
                }
                "standOff" => {
                    let mut header = std::mem::take(&mut self.header);
                    self.stand_off(&e, &mut header);
                    self.header = header;
                    header_part(&e, &self.header, HeaderPart::StandOff)
                }
                _ => FrameNode::Element(self.part(&e, "in <TEI>", depth)),
            },
            (Kind::Corpus { header_read }, Child::Element(e)) => {
                if e.local() == "teiHeader" && !*header_read {
                    *header_read = true;
                    self.edition_header(&e)
                } else {
                    FrameNode::Element(self.part(&e, "in <teiCorpus>", depth))
                }
            }
            (Kind::Text, Child::Element(e)) => {
                FrameNode::Element(self.part(&e, "in <text>", depth))
            }
            (Kind::Group, Child::Element(e)) => {
                FrameNode::Element(self.part(&e, "in <group>", depth))
            }
            (Kind::Body(body), Child::Element(e)) => {
                if is_document_div(&e) {
                    let mut document = self.document(&e);
                    document.blocks.splice(0..0, body.pending.drain(..));
                    if let Some(previous) = body.held.take() {
                        self.emit(previous, Placement::document(depth));
                    }
                    body.first.get_or_insert(self.documents);
                    body.held = Some(document);
                } else {
                    self.unknown(&e, "between documents");
                    let block = self.other_block(&e);
                    body.attach(block);
                }
                return;
            }
        };
        container.frame.children.push(node);
    }

    /// The edition's `teiHeader`: read into the header, framed.
    fn edition_header(&mut self, element: &XmlElement) -> FrameNode {
        let mut header = std::mem::take(&mut self.header);
        self.header(element, &mut header);
        self.header = header;
        self.resp = self.header.editor_id().map(|id| format!("#{id}"));
        self.header_frame(element, &self.header)
    }
}

impl Body {
    /// A block between documents: to the document before it, or the first.
    fn attach(&mut self, block: Block) {
        match &mut self.held {
            Some(document) => document.blocks.push(block),
            None => self.pending.push(block),
        }
    }
}
