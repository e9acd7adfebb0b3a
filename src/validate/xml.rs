//! A small, bounded XML tree for validation: every element and attribute keeps
//! its byte span so diagnostics point at what the editor wrote.
//!
//! Parsing goes through quick-xml's event reader. External entities are never
//! read; internal entities declared in a DOCTYPE are expanded within a byte
//! budget (so "billion laughs" is refused), and nesting deeper than
//! [`MAX_DEPTH`] is an error, not a stack overflow.

// A parse fails once per file, so its error is returned unboxed.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use crate::diagnostic::Diagnostic;
use crate::model::Span;

/// Deepest element nesting accepted; TEI editions stay far below it.
pub const MAX_DEPTH: usize = 256;
/// Most bytes that entity expansion may add to one document.
pub const MAX_ENTITY_EXPANSION: usize = 1 << 20;

pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
pub const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// A namespace-resolved name with the prefix the file used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub namespace: Option<String>,
    pub local: String,
    /// The name as written (`xml:id`, `tei:p`).
    pub qname: String,
}

#[derive(Debug, Clone)]
pub struct Attribute {
    pub name: Name,
    pub value: String,
    /// From the attribute name to the closing quote.
    pub span: Span,
}

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

/// Parses `text`; on failure the diagnostic points at the offending byte.
pub fn parse(text: &str) -> Result<Tree, Diagnostic> {
    Parser::new(text).run()
}

fn wellformed(span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error("teikit::validate::not-well-formed", span, message)
        .with_label("here")
        .with_help(
            "fix the XML syntax at this position; nothing else can be checked until it parses",
        )
}

struct Open {
    id: usize,
    text: String,
    text_start: Option<usize>,
    text_end: usize,
}

struct Parser<'a> {
    text: &'a str,
    reader: Reader<&'a [u8]>,
    elements: Vec<Element>,
    stack: Vec<Open>,
    root: Option<usize>,
    prolog: Vec<ProcessingInstruction>,
    entities: Entities,
    expanded: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        let mut reader = Reader::from_str(text);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.check_comments = true;
        config.expand_empty_elements = false;
        Parser {
            text,
            reader,
            elements: Vec::new(),
            stack: Vec::new(),
            root: None,
            prolog: Vec::new(),
            entities: Entities::default(),
            expanded: 0,
        }
    }

    fn position(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    fn run(mut self) -> Result<Tree, Diagnostic> {
        loop {
            let start = self.position();
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(error) => {
                    let at = usize::try_from(self.reader.error_position()).unwrap_or(start);
                    let at = at.min(self.text.len());
                    return Err(wellformed(
                        Span::new(at, (at + 1).min(self.text.len())),
                        format!("malformed XML: {error}"),
                    ));
                }
            };
            let end = self.position();
            let span = Span::new(start, end);
            match event {
                Event::Start(tag) => self.open(&tag, span, false)?,
                Event::Empty(tag) => self.open(&tag, span, true)?,
                Event::End(_) => self.close()?,
                Event::Text(text) => {
                    let content = text.xml10_content().into_owned();
                    self.push_text(&content, span)?;
                }
                Event::CData(data) => {
                    let content = data.xml10_content().into_owned();
                    self.push_text(&content, span)?;
                }
                Event::GeneralRef(reference) => {
                    let replacement = self.reference(&reference, span)?;
                    self.push_text(&replacement, span)?;
                }
                Event::PI(pi) => {
                    if self.root.is_none() {
                        self.prolog.push(ProcessingInstruction {
                            target: pi.target().to_string(),
                            content: pi.content().to_string(),
                            span,
                        });
                    }
                }
                Event::DocType(doctype) => {
                    let raw = doctype.as_ref().to_string();
                    self.entities = Entities::declare(&raw).map_err(|m| {
                        Diagnostic::error("teikit::validate::entity", span, m)
                            .with_label("in this DOCTYPE")
                            .with_help(
                                "remove the entity declarations; write the characters themselves",
                            )
                    })?;
                }
                Event::Decl(_) | Event::Comment(_) => {}
                Event::Eof => break,
            }
        }
        if let Some(open) = self.stack.last()
            && let Some(element) = self.elements.get(open.id)
        {
            return Err(wellformed(
                element.span,
                format!("element <{}> is never closed", element.name.qname),
            ));
        }
        let Some(root) = self.root else {
            return Err(wellformed(
                Span::new(self.text.len(), self.text.len()),
                "no root element",
            ));
        };
        Ok(Tree {
            elements: self.elements,
            root,
            prolog: self.prolog,
        })
    }

    fn reference(
        &mut self,
        reference: &quick_xml::events::BytesRef<'_>,
        span: Span,
    ) -> Result<String, Diagnostic> {
        if reference.is_char_ref() {
            return match reference.resolve_char_ref() {
                Ok(Some(c)) => Ok(c.to_string()),
                _ => Err(wellformed(span, "invalid character reference")),
            };
        }
        let name = reference.as_ref().to_string();
        let replacement = self.entities.resolve(&name).map_err(|m| {
            Diagnostic::error("teikit::validate::entity", span, m)
                .with_label("this reference")
                .with_help("write the characters themselves instead of an entity reference")
        })?;
        self.expanded += replacement.len();
        if self.expanded > MAX_ENTITY_EXPANSION {
            return Err(Diagnostic::error(
                "teikit::validate::entity",
                span,
                "entity expansion exceeds the limit (1 MiB); refusing to expand further",
            )
            .with_label("this reference"));
        }
        Ok(replacement)
    }

    fn push_text(&mut self, content: &str, span: Span) -> Result<(), Diagnostic> {
        let Some(open) = self.stack.last_mut() else {
            if content.trim().is_empty() {
                return Ok(());
            }
            return Err(wellformed(span, "text outside the root element"));
        };
        open.text.push_str(content);
        if open.text_start.is_none() {
            open.text_start = Some(span.start);
        }
        open.text_end = span.end;
        Ok(())
    }

    fn flush_text(&mut self) {
        let Some(open) = self.stack.last_mut() else {
            return;
        };
        if let Some(start) = open.text_start.take() {
            let text = std::mem::take(&mut open.text);
            if let Some(element) = self.elements.get_mut(open.id) {
                element
                    .children
                    .push(Child::Text(text, Span::new(start, open.text_end)));
            }
        }
    }

    fn open(&mut self, tag: &BytesStart<'_>, span: Span, empty: bool) -> Result<(), Diagnostic> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(Diagnostic::error(
                "teikit::validate::too-deep",
                span,
                format!("elements nested deeper than {MAX_DEPTH} levels"),
            )
            .with_label("too deep here")
            .with_help("flatten the markup; no TEI edition needs this depth"));
        }
        if self.stack.is_empty() && self.root.is_some() {
            return Err(wellformed(span, "a second root element"));
        }
        self.flush_text();
        let parent = self.stack.last().map(|o| o.id);
        let qname = tag.name().as_ref().to_string();
        let mut raw_attributes = Vec::new();
        let mut declared = Vec::new();
        for attribute in tag.attributes() {
            let attribute =
                attribute.map_err(|e| wellformed(span, format!("malformed attribute: {e}")))?;
            let key = attribute.key.as_ref().to_string();
            let value = attribute
                .normalized_value_with(quick_xml::XmlVersion::Implicit1_0, 1, |name| {
                    self.entities.lookup(name)
                })
                .map_err(|e| wellformed(span, format!("attribute {key}: {e}")))?
                .into_owned();
            self.expanded += value.len().saturating_sub(attribute.value.len());
            if key == "xmlns" {
                declared.push((String::new(), value));
            } else if let Some(prefix) = key.strip_prefix("xmlns:") {
                declared.push((prefix.to_string(), value));
            } else {
                let attr_span = attribute_span(self.text, span, &key);
                raw_attributes.push((key, value, attr_span));
            }
        }
        if self.expanded > MAX_ENTITY_EXPANSION {
            return Err(Diagnostic::error(
                "teikit::validate::entity",
                span,
                "entity expansion exceeds the limit (1 MiB); refusing to expand further",
            ));
        }
        let id = self.elements.len();
        // Scope for resolution: ancestors' bindings plus this element's own.
        let lookup = |prefix: &str, elements: &[Element]| -> Option<String> {
            if prefix == "xml" {
                return Some(XML_NS.to_string());
            }
            if let Some((_, uri)) = declared.iter().rev().find(|(p, _)| p == prefix) {
                return Some(uri.clone());
            }
            let mut current = parent;
            while let Some(i) = current {
                let element = elements.get(i)?;
                if let Some((_, uri)) = element.declared.iter().rev().find(|(p, _)| p == prefix) {
                    return Some(uri.clone());
                }
                current = element.parent;
            }
            None
        };
        let name = match qname.split_once(':') {
            Some((prefix, local)) => {
                let uri = lookup(prefix, &self.elements).ok_or_else(|| {
                    wellformed(span, format!("namespace prefix `{prefix}` is not declared"))
                })?;
                Name {
                    namespace: Some(uri),
                    local: local.to_string(),
                    qname: qname.clone(),
                }
            }
            None => Name {
                namespace: lookup("", &self.elements).filter(|uri| !uri.is_empty()),
                local: qname.clone(),
                qname: qname.clone(),
            },
        };
        let mut attributes = Vec::new();
        for (key, value, attr_span) in raw_attributes {
            let name = match key.split_once(':') {
                Some((prefix, local)) => {
                    let uri = lookup(prefix, &self.elements).ok_or_else(|| {
                        wellformed(
                            attr_span,
                            format!("namespace prefix `{prefix}` is not declared"),
                        )
                    })?;
                    Name {
                        namespace: Some(uri),
                        local: local.to_string(),
                        qname: key.clone(),
                    }
                }
                None => Name {
                    namespace: None,
                    local: key.clone(),
                    qname: key.clone(),
                },
            };
            if attributes.iter().any(|a: &Attribute| a.name == name) {
                return Err(wellformed(attr_span, format!("duplicate attribute {key}")));
            }
            attributes.push(Attribute {
                name,
                value,
                span: attr_span,
            });
        }
        self.elements.push(Element {
            name,
            attributes,
            children: Vec::new(),
            span,
            parent,
            declared,
        });
        if let Some(p) = parent
            && let Some(parent_element) = self.elements.get_mut(p)
        {
            parent_element.children.push(Child::Element(id));
        }
        if parent.is_none() {
            self.root = Some(id);
        }
        if !empty {
            self.stack.push(Open {
                id,
                text: String::new(),
                text_start: None,
                text_end: 0,
            });
        }
        Ok(())
    }

    fn close(&mut self) -> Result<(), Diagnostic> {
        self.flush_text();
        self.stack.pop();
        Ok(())
    }
}

/// The span of `key="value"` inside a start tag, or the tag itself.
fn attribute_span(text: &str, tag: Span, key: &str) -> Span {
    let Some(raw) = text.get(tag.start..tag.end) else {
        return tag;
    };
    let bytes = raw.as_bytes();
    let mut from = 0;
    while let Some(found) = raw.get(from..).and_then(|r| r.find(key)) {
        let at = from + found;
        let before_ok = at > 0 && bytes.get(at - 1).is_some_and(|b| b.is_ascii_whitespace());
        let after = raw.get(at + key.len()..).unwrap_or("");
        let after_trim = after.trim_start();
        if before_ok && after_trim.starts_with('=') {
            let value_part = after_trim[1..].trim_start();
            let consumed_before_value = after.len() - value_part.len();
            let quote = value_part.chars().next();
            let end = match quote {
                Some(q @ ('"' | '\'')) => value_part[1..]
                    .find(q)
                    .map(|i| at + key.len() + consumed_before_value + i + 2),
                _ => None,
            };
            let end = end.unwrap_or(at + key.len());
            return Span::new(tag.start + at, tag.start + end);
        }
        from = at + key.len();
    }
    tag
}

/// Internal general entities declared in the DOCTYPE, fully expanded at
/// declaration time within a budget; external ones are remembered only to be
/// refused by name.
#[derive(Debug, Default)]
struct Entities {
    internal: HashMap<String, String>,
    external: Vec<String>,
}

/// Largest replacement text one entity may expand to.
const MAX_ENTITY_VALUE: usize = 64 * 1024;

impl Entities {
    fn lookup(&self, name: &str) -> Option<&str> {
        match name {
            "lt" => Some("<"),
            "gt" => Some(">"),
            "amp" => Some("&"),
            "apos" => Some("'"),
            "quot" => Some("\""),
            _ => self.internal.get(name).map(String::as_str),
        }
    }

    fn resolve(&self, name: &str) -> Result<String, String> {
        if let Some(value) = self.lookup(name) {
            return Ok(value.to_string());
        }
        if self.external.iter().any(|e| e == name) {
            return Err(format!(
                "external entity `{name}` is never expanded (teikit does not read external entities)"
            ));
        }
        Err(format!("undeclared entity `{name}`"))
    }

    /// Reads `<!ENTITY …>` declarations out of the DOCTYPE body.
    fn declare(doctype: &str) -> Result<Self, String> {
        let mut raw: Vec<(String, String)> = Vec::new();
        let mut entities = Entities::default();
        let mut rest = doctype;
        while let Some(at) = rest.find("<!ENTITY") {
            rest = &rest[at + "<!ENTITY".len()..];
            let body = rest.trim_start();
            if body.starts_with('%') {
                return Err("parameter entities are not supported".to_string());
            }
            let name_end = body
                .find(|c: char| c.is_whitespace())
                .ok_or("malformed entity declaration")?;
            let name = body[..name_end].to_string();
            let after = body[name_end..].trim_start();
            if after.starts_with("SYSTEM") || after.starts_with("PUBLIC") {
                entities.external.push(name);
                continue;
            }
            let quote = after.chars().next().ok_or("malformed entity declaration")?;
            if quote != '"' && quote != '\'' {
                return Err(format!("malformed declaration of entity `{name}`"));
            }
            let value_end = after[1..]
                .find(quote)
                .ok_or_else(|| format!("unterminated value of entity `{name}`"))?;
            raw.push((name, after[1..1 + value_end].to_string()));
        }
        for (name, _) in &raw {
            let value = expand(name, &raw, 0)?;
            if value.contains('<') {
                return Err(format!(
                    "entity `{name}` contains markup; teikit expands only text entities"
                ));
            }
            entities.internal.insert(name.clone(), value);
        }
        Ok(entities)
    }
}

/// Expands one entity's value recursively with a depth and size bound.
fn expand(name: &str, raw: &[(String, String)], depth: usize) -> Result<String, String> {
    if depth > 8 {
        return Err(format!(
            "entity `{name}` nests too deeply or refers to itself"
        ));
    }
    let value = raw
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .ok_or_else(|| format!("undeclared entity `{name}`"))?;
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after
            .find(';')
            .ok_or_else(|| format!("unterminated reference in entity `{name}`"))?;
        let reference = &after[..end];
        if let Some(number) = reference.strip_prefix('#') {
            let code = match number.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16),
                None => number.parse(),
            }
            .map_err(|_| format!("bad character reference in entity `{name}`"))?;
            out.push(char::from_u32(code).ok_or("bad character reference")?);
        } else if let Some(pre) = Entities::default().lookup(reference) {
            out.push_str(pre);
        } else {
            out.push_str(&expand(reference, raw, depth + 1)?);
        }
        if out.len() > MAX_ENTITY_VALUE {
            return Err(format!(
                "entity `{name}` expands beyond {MAX_ENTITY_VALUE} bytes (entity expansion attack refused)"
            ));
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    if out.len() > MAX_ENTITY_VALUE {
        return Err(format!(
            "entity `{name}` expands beyond {MAX_ENTITY_VALUE} bytes (entity expansion attack refused)"
        ));
    }
    Ok(out)
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
        assert_eq!(error.code, "teikit::validate::entity");
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
        assert_eq!(error.code, "teikit::validate::too-deep");
    }

    #[test]
    fn malformed_reports_position() {
        let text = "<a>\n  <b></c>\n</a>";
        let error = parse(text).unwrap_err();
        assert_eq!(error.code, "teikit::validate::not-well-formed");
        assert!(error.span.start >= 6, "{:?}", error.span);
    }
}
