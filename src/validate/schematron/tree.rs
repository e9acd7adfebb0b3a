//! The document tree Schematron rules run on, built only when the schema
//! has rules: teikit's XML layer reads the file (its entity policy, depth
//! limit and well-formedness, as for RELAX NG) and XPath's tree (xot, inside
//! xee's `Documents`) is built straight from its events, with no second
//! parse. The source span of every element and attribute is kept in
//! document order, which is the order the one-pass evaluator walks.

// A build fails once per file, so its error is returned unboxed.
#![allow(clippy::result_large_err)]

use xee_xpath::{DocumentHandle, Documents};

use crate::diagnostic::Diagnostic;
use crate::model::Span;
use crate::xml::{XmlEvent, XmlReader};

/// Most attributes on one element for which the tree is built: xot adds an
/// attribute after looking for one of the same name among those before it
/// (quadratic time in them), and no TEI element has more than a few dozen.
pub const MAX_ATTRIBUTES: usize = 1024;

/// A document loaded for XPath, with the source span of every element and
/// attribute node.
pub struct Document {
    pub documents: Documents,
    pub handle: DocumentHandle,
    /// The document node.
    pub root: xot::Node,
    /// The start tag of each element, in document order.
    pub element_spans: Vec<Span>,
    /// Each attribute, in document order (an element's in the order
    /// written).
    pub attribute_spans: Vec<Span>,
    /// The root element's start tag: where whole-document findings point.
    pub root_span: Span,
}

/// Builds the tree of `text`; a not-well-formed text gives the XML layer's
/// diagnostic, an element with too many attributes a warning.
pub fn build(text: &str) -> Result<Document, Diagnostic> {
    let mut reader = XmlReader::new(text);
    let mut documents = Documents::new();
    let xot = documents.xot_mut();
    // Text events are already merged runs: no need for xot to look for a
    // neighbour to merge each text node into.
    xot.set_text_consolidation(false);
    let root = xot.new_document();
    let xml_id = xot.xml_id_name();
    let mut open = vec![root];
    let mut element_spans = Vec::new();
    let mut attribute_spans = Vec::new();
    // Interned names by their spelling in the file (a TEI file has a few
    // dozen): (namespace, local) → xot's name id.
    let mut names: rustc_hash::FxHashMap<(Option<std::sync::Arc<str>>, String), xot::NameId> =
        rustc_hash::FxHashMap::default();
    let mut name_id = |xot: &mut xot::Xot, name: crate::xml::Name| {
        let key = (name.namespace, name.local);
        if let Some(id) = names.get(&key) {
            return *id;
        }
        let namespace = xot.add_namespace(key.0.as_deref().unwrap_or(""));
        let id = xot.add_name_ns(&key.1, namespace);
        names.insert(key, id);
        id
    };
    while let Some(event) = reader.next_event() {
        let parent = *open.last().unwrap_or(&root);
        match event.map_err(|d| *d)? {
            XmlEvent::Start(tag) => {
                let tag = *tag;
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
                let name = name_id(xot, tag.name);
                let element = xot.new_element(name);
                for (prefix, uri) in &tag.declared {
                    let prefix = xot.add_prefix(prefix);
                    let namespace = xot.add_namespace(uri);
                    xot.namespaces_mut(element).insert(prefix, namespace);
                }
                for attribute in tag.attributes {
                    let name = name_id(xot, attribute.name);
                    // As xot's parser does (xml:id processing normalises
                    // the value), so that `@xml:id` compares as before.
                    let value = if name == xml_id {
                        normalize_xml_id(&attribute.value)
                    } else {
                        attribute.value
                    };
                    xot.attributes_mut(element).insert(name, value);
                    attribute_spans.push(attribute.span);
                }
                append(xot, parent, element)?;
                element_spans.push(tag.span);
                open.push(element);
            }
            XmlEvent::End { .. } => {
                open.pop();
            }
            XmlEvent::Text { text, .. } => {
                let node = xot.new_text(&text);
                append(xot, parent, node)?;
            }
            XmlEvent::Pi {
                target, content, ..
            } => {
                let target = xot.add_name(&target);
                // The data starts after the white space that ends the target.
                let content = content.trim_start();
                let data = (!content.is_empty()).then_some(content);
                let node = xot.new_processing_instruction(target, data);
                append(xot, parent, node)?;
            }
        }
    }
    let root_span = element_spans.first().copied().unwrap_or_default();
    let handle = documents
        .documents()
        .borrow_mut()
        .add_root(None, root)
        .map_err(|error| unloadable(root_span, &error.to_string()))?;
    Ok(Document {
        documents,
        handle,
        root,
        element_spans,
        attribute_spans,
        root_span,
    })
}

/// Appends `child` to `parent`; xot refuses only what the XML layer never
/// gives (a child of a text node), so a refusal is a warning, never a
/// panic.
fn append(xot: &mut xot::Xot, parent: xot::Node, child: xot::Node) -> Result<(), Diagnostic> {
    xot.append(parent, child)
        .map_err(|error| unloadable(Span::default(), &error.to_string()))
}

fn unloadable(span: Span, error: &str) -> Diagnostic {
    Diagnostic::warning(
        super::codes::UNSUPPORTED,
        span,
        format!("the document could not be loaded for Schematron ({error}); no rule is checked"),
    )
    .with_label("in this document")
}

/// The value of an `xml:id` as xot's parser keeps it: one leading and one
/// trailing space dropped, runs of spaces as one.
fn normalize_xml_id(value: &str) -> String {
    let value = value.strip_prefix(' ').unwrap_or(value);
    let value = value.strip_suffix(' ').unwrap_or(value);
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree has the elements, attributes, text and processing
    /// instructions of the file (entities expanded), and the spans are those
    /// of the tags and attributes in document order.
    fn check(text: &str, serialised: &str, spans: &[&str]) {
        let document = build(text).expect("well-formed");
        let xot = document.documents.xot();
        assert_eq!(xot.to_string(document.root).unwrap(), serialised);
        let got: Vec<&str> = xot
            .all_descendants(document.root)
            .filter(|n| xot.is_element(*n) || xot.is_attribute_node(*n))
            .scan((0, 0), |(e, a), n| {
                let span = if xot.is_element(n) {
                    *e += 1;
                    document.element_spans[*e - 1]
                } else {
                    *a += 1;
                    document.attribute_spans[*a - 1]
                };
                Some(&text[span.start..span.end])
            })
            .collect();
        assert_eq!(got, spans);
    }

    #[test]
    fn builds_the_tree_with_source_spans() {
        check(
            "<!DOCTYPE a [<!ENTITY e \"t&#38;t\">]><a xmlns='urn:a' n=\"&#10;v\">t&amp;&e;<c/></a>",
            "<a xmlns=\"urn:a\" n=\"\nv\">t&amp;t&amp;t<c/></a>",
            &["<a xmlns='urn:a' n=\"&#10;v\">", "n=\"&#10;v\"", "<c/>"],
        );
        check(
            "<?pi x?><t:a xmlns:t='urn:t' xml:id=' i  j '><b/><?q?></t:a>",
            "<?pi x?><t:a xmlns:t=\"urn:t\" xml:id=\"i j\"><b/><?q?></t:a>",
            &[
                "<t:a xmlns:t='urn:t' xml:id=' i  j '>",
                "xml:id=' i  j '",
                "<b/>",
            ],
        );
    }

    #[test]
    fn not_well_formed_is_the_xml_layers_error_and_many_attributes_a_warning() {
        let error = build("<a><b></a>").err().unwrap();
        assert!(error.code.starts_with("teikit::xml::"), "{}", error.code);
        let attributes: String = (0..=MAX_ATTRIBUTES).map(|i| format!(" a{i}='v'")).collect();
        let warning = build(&format!("<a{attributes}/>")).err().unwrap();
        assert_eq!(warning.code, super::super::codes::UNSUPPORTED);
    }
}
