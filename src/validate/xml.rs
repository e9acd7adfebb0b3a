//! A small XML tree for the edition rules and for reading schemas: every
//! element and attribute keeps its byte span so diagnostics point at what the
//! editor wrote. It is collected from the events of [`crate::xml`], the one
//! XML layer (entity policy, depth limit, well-formedness live there);
//! RELAX NG validation itself reads the events as a stream, without a tree.

// A parse fails once per file, so its error is returned unboxed.
#![allow(clippy::result_large_err)]

use crate::diagnostic::Diagnostic;
use crate::model::Span;
pub use crate::xml::{Attribute, MAX_DEPTH, Name, XML_NS, XMLNS_NS};
use crate::xml::{XmlEvent, XmlReader};

#[derive(Debug, Clone)]
pub enum Child {
    Element(usize),
    /// Merged run of character data (text, CDATA, expanded references).
    Text(String, Span),
}

#[derive(Debug, Clone)]
pub struct Element {
    pub name: Name,
    pub attributes: Vec<Attribute>,
    pub children: Vec<Child>,
    /// The start tag (`<p rend="x">`).
    pub span: Span,
    pub parent: Option<usize>,
    /// Namespace declarations made on this element (`""` = default).
    pub declared: Vec<(String, String)>,
}

impl Element {
    pub fn attribute(&self, qname: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name.qname == qname)
    }
    pub fn attr(&self, qname: &str) -> Option<&str> {
        self.attribute(qname).map(|a| a.value.as_str())
    }
    /// Ids of the child elements, in order.
    pub fn child_elements(&self) -> impl Iterator<Item = usize> + '_ {
        self.children.iter().filter_map(|c| match c {
            Child::Element(id) => Some(*id),
            Child::Text(..) => None,
        })
    }
}

/// A processing instruction before the root (e.g. `xml-model`).
#[derive(Debug, Clone)]
pub struct ProcessingInstruction {
    pub target: String,
    pub content: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Tree {
    pub elements: Vec<Element>,
    pub root: usize,
    pub prolog: Vec<ProcessingInstruction>,
}

impl Tree {
    pub fn element(&self, id: usize) -> Option<&Element> {
        self.elements.get(id)
    }
    /// All namespace bindings in scope at an element, outermost first.
    pub fn bindings(&self, id: usize) -> Vec<(String, String)> {
        let mut chain = Vec::new();
        let mut current = Some(id);
        while let Some(i) = current {
            let Some(element) = self.elements.get(i) else {
                break;
            };
            chain.push(i);
            current = element.parent;
        }
        let mut out = vec![("xml".to_string(), XML_NS.to_string())];
        for i in chain.into_iter().rev() {
            if let Some(element) = self.elements.get(i) {
                out.extend(element.declared.iter().cloned());
            }
        }
        out
    }
    /// Concatenated text of an element and its descendants, in document order.
    pub fn text_of(&self, id: usize) -> String {
        let mut out = String::new();
        // (element, index of the next child to visit): iterative, so depth is no risk.
        let mut stack = vec![(id, 0usize)];
        while let Some((current, index)) = stack.pop() {
            let Some(child) = self
                .elements
                .get(current)
                .and_then(|e| e.children.get(index))
            else {
                continue;
            };
            stack.push((current, index + 1));
            match child {
                Child::Text(text, _) => out.push_str(text),
                Child::Element(c) => stack.push((*c, 0)),
            }
        }
        out
    }
    /// Element ids in document order.
    pub fn iter(&self) -> impl Iterator<Item = usize> {
        0..self.elements.len()
    }
}

/// Parses `text` into a tree; on failure the diagnostic points at the
/// offending byte.
pub fn parse(text: &str) -> Result<Tree, Diagnostic> {
    let mut elements: Vec<Element> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut root = None;
    let mut prolog = Vec::new();
    for event in XmlReader::new(text) {
        match event.map_err(|d| *d)? {
            XmlEvent::Start(tag) => {
                let id = elements.len();
                let parent = stack.last().copied();
                elements.push(Element {
                    name: tag.name,
                    attributes: tag.attributes,
                    children: Vec::new(),
                    span: tag.span,
                    parent,
                    declared: tag.declared,
                });
                match parent.and_then(|p| elements.get_mut(p)) {
                    Some(parent) => parent.children.push(Child::Element(id)),
                    None => root = Some(id),
                }
                stack.push(id);
            }
            XmlEvent::End { .. } => {
                stack.pop();
            }
            XmlEvent::Text { text, span } => {
                if let Some(open) = stack.last().and_then(|&id| elements.get_mut(id)) {
                    open.children.push(Child::Text(text.into_owned(), span));
                }
            }
            XmlEvent::Pi {
                target,
                content,
                span,
                before_root: true,
            } => prolog.push(ProcessingInstruction {
                target,
                content,
                span,
            }),
            XmlEvent::Pi { .. } => {}
        }
    }
    let Some(root) = root else {
        return Err(crate::xml::not_well_formed(
            Span::new(text.len(), text.len()),
            "no root element",
        ));
    };
    Ok(Tree {
        elements,
        root,
        prolog,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_namespaces() {
        let text = r#"<TEI xmlns="http://www.tei-c.org/ns/1.0"><p xml:id="a" rend='x'>hi &amp; <hi/>yo</p></TEI>"#;
        let tree = parse(text).unwrap();
        let p = &tree.elements[1];
        assert_eq!(p.name.local, "p");
        assert_eq!(
            p.name.namespace.as_deref(),
            Some("http://www.tei-c.org/ns/1.0")
        );
        let id = p.attribute("xml:id").unwrap();
        assert_eq!(&text[id.span.start..id.span.end], r#"xml:id="a""#);
        assert_eq!(id.name.namespace.as_deref(), Some(XML_NS));
        let rend = p.attribute("rend").unwrap();
        assert_eq!(&text[rend.span.start..rend.span.end], "rend='x'");
        match &p.children[0] {
            Child::Text(t, _) => assert_eq!(t, "hi & "),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn billion_laughs_refused() {
        let mut doctype = String::from("<!DOCTYPE r [<!ENTITY l0 \"ha\">");
        for i in 1..10 {
            let prev = format!("&l{};", i - 1).repeat(10);
            doctype.push_str(&format!("<!ENTITY l{i} \"{prev}\">"));
        }
        doctype.push_str("]><r>&l9;</r>");
        let error = parse(&doctype).unwrap_err();
        assert_eq!(error.code, crate::xml::codes::ENTITY);
    }

    #[test]
    fn internal_entity_expanded_external_refused() {
        let tree = parse("<!DOCTYPE r [<!ENTITY me \"Yuri\">]><r>&me;</r>").unwrap();
        assert!(matches!(&tree.elements[0].children[0], Child::Text(t, _) if t == "Yuri"));
        let error = parse("<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>")
            .unwrap_err();
        assert!(
            error.message.contains("never expanded"),
            "{}",
            error.message
        );
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let text = "<a>".repeat(10_000);
        let error = parse(&text).unwrap_err();
        assert_eq!(error.code, crate::xml::codes::TOO_DEEP);
    }

    #[test]
    fn malformed_reports_position() {
        let text = "<a>\n  <b></c>\n</a>";
        let error = parse(text).unwrap_err();
        assert_eq!(error.code, crate::xml::codes::NOT_WELL_FORMED);
        assert!(error.span.start >= 6, "{:?}", error.span);
    }
}
