//! The document tree Schematron rules run on, built only when the schema
//! has rules: teikit's XML layer reads the file (its entity policy, depth
//! limit and well-formedness, as for RELAX NG), the events are written out
//! as plain XML (entities expanded, no DTD) and XPath's tree (xot, inside
//! xee's `Documents`) is parsed from that, which also gives `id()` its
//! `xml:id` index. Each element and attribute node is mapped back to the
//! span of the tag or attribute the editor wrote.

// A parse fails once per file, so its error is returned unboxed.
#![allow(clippy::result_large_err)]

use rustc_hash::{FxHashMap, FxHashSet};
use xee_xpath::{DocumentHandle, Documents};

use crate::diagnostic::Diagnostic;
use crate::model::Span;
use crate::xml::{XmlEvent, XmlReader};

/// Most attributes on one element for which the tree is built: xot's
/// parser takes quadratic time in them (40,000 attributes: minutes), and no
/// TEI element has more than a few dozen.
pub const MAX_ATTRIBUTES: usize = 1024;

/// A document loaded for XPath, with the source span of every element and
/// attribute node.
pub struct Document {
    pub documents: Documents,
    pub handle: DocumentHandle,
    /// The document node.
    pub root: xot::Node,
    /// Element nodes to their start tag, attribute nodes to the attribute.
    spans: FxHashMap<xot::Node, Span>,
    /// The root element's start tag: where whole-document findings point.
    pub root_span: Span,
    /// Every element name of the document, as (namespace, local name).
    pub element_names: FxHashSet<(String, String)>,
    /// Every attribute's local name.
    pub attribute_names: FxHashSet<String>,
}

impl Document {
    /// The span of a node: its own for elements and attributes, else the
    /// nearest element's (the root element's for the document node).
    pub fn span_of(&self, node: xot::Node) -> Span {
        let xot = self.documents.xot();
        let mut current = Some(node);
        while let Some(n) = current {
            if let Some(span) = self.spans.get(&n) {
                return *span;
            }
            current = xot.parent(n);
        }
        self.root_span
    }
}

/// Builds the tree of `text`; a not-well-formed text gives the XML layer's
/// diagnostic, a text xot refuses a warning.
pub fn build(text: &str) -> Result<Document, Diagnostic> {
    let mut reader = XmlReader::new(text);
    let mut xml = String::with_capacity(text.len());
    let mut open: Vec<String> = Vec::new();
    let mut element_spans = Vec::new();
    let mut attribute_spans = Vec::new();
    let mut element_names = FxHashSet::default();
    let mut attribute_names = FxHashSet::default();
    while let Some(event) = reader.next_event() {
        match event.map_err(|d| *d)? {
            XmlEvent::Start(tag) => {
                if tag.attributes.len() > MAX_ATTRIBUTES {
                    return Err(Diagnostic::warning(
                        super::codes::UNSUPPORTED,
                        tag.span,
                        format!(
                            "an element with {} attributes (more than {MAX_ATTRIBUTES}); no Schematron rule is checked",
                            tag.attributes.len()
                        ),
                    )
                    .with_label("this element"));
                }
                xml.push('<');
                xml.push_str(&tag.name.qname);
                for (prefix, uri) in &tag.declared {
                    xml.push_str(" xmlns");
                    if !prefix.is_empty() {
                        xml.push(':');
                        xml.push_str(prefix);
                    }
                    xml.push_str("=\"");
                    escape(&mut xml, uri, true);
                    xml.push('"');
                }
                for attribute in &tag.attributes {
                    xml.push(' ');
                    xml.push_str(&attribute.name.qname);
                    xml.push_str("=\"");
                    escape(&mut xml, &attribute.value, true);
                    xml.push('"');
                    attribute_spans.push(attribute.span);
                    if !attribute_names.contains(&attribute.name.local) {
                        attribute_names.insert(attribute.name.local.clone());
                    }
                }
                xml.push('>');
                element_spans.push(tag.span);
                let namespace = tag.name.namespace.as_deref().unwrap_or("");
                if !element_names.contains(&(namespace.to_string(), tag.name.local.clone())) {
                    element_names.insert((namespace.to_string(), tag.name.local.clone()));
                }
                open.push(tag.name.qname);
            }
            XmlEvent::End { .. } => {
                if let Some(name) = open.pop() {
                    xml.push_str("</");
                    xml.push_str(&name);
                    xml.push('>');
                }
            }
            XmlEvent::Text { text, .. } => escape(&mut xml, &text, false),
            XmlEvent::Pi {
                target, content, ..
            } => {
                xml.push_str("<?");
                xml.push_str(&target);
                if !content.is_empty() {
                    xml.push(' ');
                    xml.push_str(&content);
                }
                xml.push_str("?>");
            }
        }
    }
    let root_span = element_spans.first().copied().unwrap_or_default();
    let mut documents = Documents::new();
    // The text is well-formed (teikit's XML layer read it); should xot still
    // refuse it, the rules are not run: a warning, never a false error.
    let handle = documents.add_string_without_uri(&xml).map_err(|error| {
        Diagnostic::warning(
            super::codes::UNSUPPORTED,
            root_span,
            format!(
                "the document could not be loaded for Schematron ({error}); no rule is checked"
            ),
        )
        .with_label("in this document")
    })?;
    drop(xml);
    let root = documents
        .document_node(handle)
        .expect("a document just added has a node");
    let xot = documents.xot();
    let mut spans = FxHashMap::default();
    spans.reserve(element_spans.len() + attribute_spans.len());
    let (mut elements, mut attributes) = (element_spans.into_iter(), attribute_spans.into_iter());
    for node in xot.all_descendants(root) {
        let span = if xot.is_element(node) {
            elements.next()
        } else if xot.is_attribute_node(node) {
            attributes.next()
        } else {
            continue;
        };
        if let Some(span) = span {
            spans.insert(node, span);
        }
    }
    Ok(Document {
        documents,
        handle,
        root,
        spans,
        root_span,
        element_names,
        attribute_names,
    })
}

/// Writes character data escaped for content or for a quoted attribute
/// (whose tabs and line ends are written as references so that they survive
/// attribute-value normalisation).
fn escape(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each element and attribute node maps back to the text it came from.
    fn check(text: &str, expect: &[&str]) {
        let document = build(text).expect("well-formed");
        let xot = document.documents.xot();
        let got: Vec<&str> = xot
            .all_descendants(document.root)
            .filter(|n| xot.is_element(*n) || xot.is_attribute_node(*n))
            .map(|n| {
                let span = document.span_of(n);
                &text[span.start..span.end]
            })
            .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn maps_nodes_to_source_spans() {
        check(
            "<!DOCTYPE a [<!ENTITY e \"t&#38;t\">]><a xmlns='urn:a' n=\"&#10;v\">t&amp;&e;<c/></a>",
            &["<a xmlns='urn:a' n=\"&#10;v\">", "n=\"&#10;v\"", "<c/>"],
        );
        check(
            "<?pi x?><t:a xmlns:t='urn:t' xml:id='i'><b/></t:a>",
            &["<t:a xmlns:t='urn:t' xml:id='i'>", "xml:id='i'", "<b/>"],
        );
    }

    #[test]
    fn keeps_values_and_ids() {
        let document = build("<a><b xml:id='x' v='1&#9;2'>&lt;&amp;</b></a>").unwrap();
        let xot = document.documents.xot();
        assert!(xot.xml_id_node(document.root, "x").is_some());
        let b = xot.xml_id_node(document.root, "x").unwrap();
        assert_eq!(xot.text_content_str(b), Some("<&"));
    }
}
