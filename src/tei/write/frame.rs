//! A TEI file teikit did not write, written back in its own shape: the
//! [`Frame`] the reader kept (root, `text`, `front`/`back`, header fields the
//! model has no slot for) with the model's documents and header parts in
//! their places, so `export --to tei` gives back the same XML.

use std::io;

use crate::model::{Frame, FrameElement, FrameNode, Header};

use super::header::write_header_part;
use super::xml::{Out, Tag, is_xml_name};
use super::{Ctx, DocumentSource};
use crate::config::Authorities;

/// Whether `frame` places each of `count` documents exactly once, in order;
/// a frame that does not (an edition split into one file per document) is
/// not used.
pub(crate) fn fits(frame: &Frame, count: usize) -> bool {
    let mut next = 0;
    let mut fits = true;
    walk(&frame.root, &mut |node| match node {
        FrameNode::Documents { start, end } => {
            fits &= *start == next && start <= end;
            next = *end;
        }
        FrameNode::Blocks(i) => {
            fits &= *i == next;
            next += 1;
        }
        _ => {}
    });
    fits && next == count
}

fn walk(element: &FrameElement, visit: &mut dyn FnMut(&FrameNode)) {
    for child in &element.children {
        visit(child);
        if let FrameNode::Element(e) = child {
            walk(e, visit);
        }
    }
}

/// What the frame writer needs besides the frame.
pub(crate) struct FrameParts<'a, 'd> {
    pub(crate) ctx: &'a Ctx,
    pub(crate) header: &'a Header,
    pub(crate) documents: &'a mut DocumentSource<'d>,
    pub(crate) authorities: &'a Authorities,
}

/// The frame's root element and everything in it.
pub(crate) fn write_frame(out: &mut Out, parts: &mut FrameParts, frame: &Frame) -> io::Result<()> {
    write_frame_element(out, parts, &frame.root)
}

/// An element whose content is text (or text and markup) is written on one
/// line as it was read; any other is a container, each child on its own line.
fn write_frame_element(
    out: &mut Out,
    parts: &mut FrameParts,
    element: &FrameElement,
) -> io::Result<()> {
    if !is_xml_name(&element.name) {
        return Ok(());
    }
    let tag = Tag::as_is(&element.name, &element.attributes);
    if element.children.is_empty() {
        out.newline()?;
        return out.empty(&tag);
    }
    if is_mixed(element) {
        out.newline()?;
        return write_in_line(out, element);
    }
    out.open(tag)?;
    for child in &element.children {
        match child {
            FrameNode::Element(e) => write_frame_element(out, parts, e)?,
            FrameNode::Text(text) => {
                out.newline()?;
                out.text(text)?;
            }
            FrameNode::Modelled(part) => {
                write_header_part(out, parts.header, *part, parts.authorities)?
            }
            FrameNode::Documents { start, end } => {
                parts.documents.write(out, parts.ctx, *start..*end, false)?
            }
            FrameNode::Blocks(i) => parts.documents.write(out, parts.ctx, *i..*i + 1, true)?,
        }
    }
    out.close(&element.name)
}

/// Text content (an empty `<x></x>` included) makes an element one line,
/// unless it holds a part of the model (then its text goes on lines of its own).
fn is_mixed(element: &FrameElement) -> bool {
    let text = |c: &FrameNode| matches!(c, FrameNode::Text(_));
    let as_read = |c: &FrameNode| matches!(c, FrameNode::Text(_) | FrameNode::Element(_));
    fn holds_model(e: &FrameElement) -> bool {
        e.children.iter().any(|c| match c {
            FrameNode::Element(e) => holds_model(e),
            FrameNode::Text(_) => false,
            _ => true,
        })
    }
    element.children.iter().all(as_read)
        && !holds_model(element)
        && (element
            .children
            .iter()
            .any(|c| matches!(c, FrameNode::Text(t) if !t.trim().is_empty()))
            || element.children.iter().all(text))
}

/// An element and its content in place, whitespace as read.
fn write_in_line(out: &mut Out, element: &FrameElement) -> io::Result<()> {
    let tag = Tag::as_is(&element.name, &element.attributes);
    if element.children.is_empty() {
        return out.empty(&tag);
    }
    out.start(&tag)?;
    for child in &element.children {
        match child {
            FrameNode::Text(text) => out.text(text)?,
            FrameNode::Element(e) if is_xml_name(&e.name) => write_in_line(out, e)?,
            // Mixed content holds only text and markup as read.
            _ => {}
        }
    }
    out.end(&element.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(name: &str, children: Vec<FrameNode>) -> FrameNode {
        FrameNode::Element(FrameElement {
            name: name.into(),
            attributes: Vec::new(),
            children,
        })
    }

    fn frame(children: Vec<FrameNode>) -> Frame {
        let FrameNode::Element(root) = element("TEI", children) else {
            unreachable!()
        };
        Frame { root }
    }

    #[test]
    fn a_frame_fits_when_it_places_every_document_once_in_order() {
        let check = |children: Vec<FrameNode>, count: usize, expect: bool| {
            assert_eq!(
                fits(&frame(children.clone()), count),
                expect,
                "{children:?}"
            );
        };
        let docs = |start, end| FrameNode::Documents { start, end };
        check(vec![docs(0, 2)], 2, true);
        check(vec![docs(0, 2)], 1, false);
        check(
            vec![FrameNode::Blocks(0), element("body", vec![docs(1, 3)])],
            3,
            true,
        );
        check(vec![FrameNode::Blocks(1), FrameNode::Blocks(0)], 2, false);
        check(vec![], 0, true);
        check(vec![FrameNode::Blocks(0)], 0, false);
    }
}
