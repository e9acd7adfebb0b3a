//! Step 1 of reading TEI: the events of teikit's one XML layer
//! ([`crate::xml`]) → a small element tree with byte spans.

use std::borrow::Cow;

use crate::diagnostic::Diagnostic;
use crate::model::Span;
use crate::xml::{AttributeRef, EventRef, NameRef, TagRef, XmlReader, not_well_formed};

/// An element with its attributes as written (qualified names, values
/// unescaped, namespace declarations first). Names, values and text borrow
/// the input where the XML layer does (no entity, no line end changed): the
/// tree is dropped once mapped, so only what the model keeps is copied.
#[derive(Debug)]
pub(super) struct XmlElement<'a> {
    /// The qualified name as written (`tei:p`, `p`).
    pub(super) name: Cow<'a, str>,
    /// Where the local name starts in `name` (after the prefix's colon).
    local_start: usize,
    /// As the XML layer gives them (its vector, not a copy), namespace
    /// declarations put first.
    pub(super) attributes: Vec<AttributeRef<'a>>,
    pub(super) children: Vec<XmlNode<'a>>,
    pub(super) span: Span,
    /// Written `<x/>` (only while the tree is built).
    empty_tag: bool,
}

#[derive(Debug)]
pub(super) enum XmlNode<'a> {
    Element(XmlElement<'a>),
    Text { text: Cow<'a, str>, span: Span },
}

impl<'a> XmlElement<'a> {
    /// The name without prefix, what the mapping matches on.
    pub(super) fn local(&self) -> &str {
        &self.name[self.local_start..]
    }

    pub(super) fn attr(&self, key: &str) -> Option<&str> {
        self.pairs().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The attributes, (qualified name, value), in their order.
    pub(super) fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.attributes
            .iter()
            .map(|a| (a.name.qname.as_ref(), a.value.as_ref()))
    }

    /// The attributes as the model holds them (owned).
    pub(super) fn owned_attributes(&self) -> Vec<(String, String)> {
        self.pairs()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// An attribute that points to an id (`#x`), without the `#`.
    pub(super) fn reference(&self, key: &str) -> Option<String> {
        self.attr(key).map(strip_hash)
    }

    pub(super) fn elements(&self) -> impl Iterator<Item = &XmlElement<'a>> {
        self.children.iter().filter_map(|c| match c {
            XmlNode::Element(e) => Some(e),
            XmlNode::Text { .. } => None,
        })
    }

    pub(super) fn child(&self, local: &str) -> Option<&XmlElement<'a>> {
        self.elements().find(|e| e.local() == local)
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
    // Byte by byte over the ASCII whitespace of indentation; a character
    // past it (at a boundary: only ASCII precedes it) is looked at whole.
    match text.bytes().position(|b| !b.is_ascii_whitespace()) {
        None => true,
        Some(at) => text
            .get(at..)
            .is_some_and(|rest| rest.chars().all(char::is_whitespace)),
    }
}

/// Reads the whole input into an element tree from the events of
/// [`crate::xml`], the one XML layer: what it refuses (not well-formed,
/// entities beyond its policy, nesting deeper than its limit) is refused here
/// with the same code, so `validate` and `export` accept the same files.
pub(super) fn parse_tree(xml: &str) -> Result<XmlElement<'_>, Box<Diagnostic>> {
    parse_tree_with(xml, &mut |_, element| Some(XmlNode::Element(element)))
}

/// [`parse_tree`], each element handed to `place` as soon as it is read
/// (with its open ancestors, outermost first): `place` gives what the parent
/// holds in its stead, the element or nothing (it was mapped and dropped, so
/// the tree never holds more than the markup not yet mapped). `place` may
/// take the children read so far out of an ancestor.
pub(super) fn parse_tree_with<'a>(
    xml: &'a str,
    place: &mut dyn FnMut(&mut [XmlElement<'a>], XmlElement<'a>) -> Option<XmlNode<'a>>,
) -> Result<XmlElement<'a>, Box<Diagnostic>> {
    let mut stack: Vec<XmlElement<'a>> = Vec::new();
    let mut root: Option<XmlElement<'a>> = None;
    // Borrowed events: the tree keeps the names and values borrowed from
    // the input where it can, and the reader need not resolve namespaces,
    // which the tree does not keep.
    let mut reader = XmlReader::new(xml);
    while let Some(event) = reader.next_event_ref() {
        match event? {
            EventRef::Start(tag) => stack.push(new_element(tag)),
            EventRef::End { span } => {
                let Some(mut element) = stack.pop() else {
                    return Err(malformed(span.start, "end tag without start tag"));
                };
                element.span.end = element.span.end.max(span.end);
                if element.children.is_empty() && !element.empty_tag {
                    // `<seg></seg>` is not `<seg/>`: an empty text keeps the
                    // difference, so writing the model back gives the same bytes.
                    element.children.push(XmlNode::Text {
                        text: Cow::Borrowed(""),
                        span: Span::new(span.start, span.start),
                    });
                }
                attach(element, &mut stack, &mut root, place)?;
            }
            EventRef::Text { text, span } => push_text_node(&mut stack, text, span)?,
            EventRef::Pi { .. } => {}
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

fn new_element(tag: TagRef<'_>) -> XmlElement<'_> {
    XmlElement {
        local_start: tag.name.qname.len() - tag.name.local().len(),
        name: tag.name.qname,
        attributes: with_declarations(tag.attributes, tag.declared, tag.span),
        children: Vec::new(),
        span: tag.span,
        empty_tag: tag.empty,
    }
}

/// Namespace declarations first, as attributes: markup kept as it is keeps
/// its namespaces. Most tags declare none and keep the layer's vector.
fn with_declarations(
    mut attributes: Vec<AttributeRef<'_>>,
    declared: Vec<(String, String)>,
    span: Span,
) -> Vec<AttributeRef<'_>> {
    if declared.is_empty() {
        return attributes;
    }
    let declarations = declared.into_iter().map(|(prefix, uri)| AttributeRef {
        name: NameRef::new(match prefix.as_str() {
            "" => Cow::Borrowed("xmlns"),
            _ => Cow::Owned(format!("xmlns:{prefix}")),
        }),
        value: Cow::Owned(uri),
        span,
    });
    attributes.splice(0..0, declarations);
    attributes
}

fn attach<'a>(
    element: XmlElement<'a>,
    stack: &mut [XmlElement<'a>],
    root: &mut Option<XmlElement<'a>>,
    place: &mut dyn FnMut(&mut [XmlElement<'a>], XmlElement<'a>) -> Option<XmlNode<'a>>,
) -> Result<(), Box<Diagnostic>> {
    if !stack.is_empty() {
        if let Some(node) = place(stack, element)
            && let Some(parent) = stack.last_mut()
        {
            parent.children.push(node);
        }
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
fn push_text_node<'a>(
    stack: &mut [XmlElement<'a>],
    text: Cow<'a, str>,
    span: Span,
) -> Result<(), Box<Diagnostic>> {
    let Some(parent) = stack.last_mut() else {
        if is_blank(&text) {
            return Ok(());
        }
        return Err(malformed(span.start, "text outside the root element"));
    };
    if let Some(XmlNode::Text {
        text: last,
        span: run,
    }) = parent.children.last_mut()
    {
        last.to_mut().push_str(&text);
        run.end = span.end;
    } else {
        // Borrowed, or the run the XML layer already copied (expanded,
        // line ends changed): taken as it is, not copied again.
        parent.children.push(XmlNode::Text { text, span });
    }
    Ok(())
}

/// What the XML layer would not see (an end tag without a start, text
/// outside the root) said with its code.
fn malformed(offset: usize, reason: &str) -> Box<Diagnostic> {
    Box::new(not_well_formed(
        Span::new(offset, offset),
        reason.to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::is_blank;

    #[test]
    fn blank_is_whitespace_of_any_kind() {
        let check = |text: &str, expect: bool| {
            assert_eq!(is_blank(text), expect, "{text:?}");
            assert_eq!(is_blank(text), text.chars().all(char::is_whitespace));
        };
        check("", true);
        check("\n    \t\r\x0c", true);
        check("  \u{a0}\u{2003}\n", true);
        check("\u{3000}", true);
        check("\n  x", false);
        check("  é ", false);
        check("\u{a0}x", false);
    }
}
