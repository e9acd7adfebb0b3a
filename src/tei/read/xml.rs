//! Step 1 of reading TEI: quick-xml events → a small element tree with byte
//! spans, bounded in depth, entities never expanded.

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::{ENTITY_DECLARATION, MALFORMED, MAX_DEPTH, TOO_DEEP};
use crate::diagnostic::Diagnostic;
use crate::model::Span;

/// An element with its attributes as written (qualified names, values unescaped).
#[derive(Debug)]
pub(super) struct XmlElement {
    /// The qualified name as written (`tei:p`, `p`).
    pub(super) name: String,
    /// The name without prefix, what the mapping matches on.
    pub(super) local: String,
    pub(super) attributes: Vec<(String, String)>,
    pub(super) children: Vec<XmlNode>,
    pub(super) span: Span,
}

#[derive(Debug)]
pub(super) enum XmlNode {
    Element(XmlElement),
    Text { text: String, span: Span },
}

impl XmlElement {
    pub(super) fn attr(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// An attribute that points to an id (`#x`), without the `#`.
    pub(super) fn reference(&self, key: &str) -> Option<String> {
        self.attr(key).map(strip_hash)
    }

    pub(super) fn elements(&self) -> impl Iterator<Item = &XmlElement> {
        self.children.iter().filter_map(|c| match c {
            XmlNode::Element(e) => Some(e),
            XmlNode::Text { .. } => None,
        })
    }

    pub(super) fn child(&self, local: &str) -> Option<&XmlElement> {
        self.elements().find(|e| e.local == local)
    }

    /// All text inside, markup ignored.
    pub(super) fn text(&self) -> String {
        let mut out = String::new();
        push_text(&self.children, &mut out);
        out
    }

    /// The text when the element holds no markup, else `None`.
    pub(super) fn text_only(&self) -> Option<String> {
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

pub(super) fn strip_hash(value: &str) -> String {
    value.strip_prefix('#').unwrap_or(value).to_string()
}

pub(super) fn is_blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// Reads the whole input into an element tree, refusing what is not safe or
/// not well-formed.
pub(super) fn parse_tree(xml: &str) -> Result<XmlElement, Box<Diagnostic>> {
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
