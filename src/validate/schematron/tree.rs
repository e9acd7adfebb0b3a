//! The document tree Schematron rules run on, built only when the schema
//! has rules: XPath's tree (xot, inside xee's `Documents`) is made from the
//! XML layer's events, so the file is read with the same entity policy,
//! depth limit and well-formedness as for RELAX NG. [`TreeBuilder`] takes
//! the events of the RELAX NG pass itself (one reading of the file for
//! both); [`build`] reads the text again on its own, and is the reference
//! the tests compare the one pass with. The source span of every element
//! and attribute is kept in document order, which is the order the one-pass
//! evaluator walks.

// A build fails once per file, so its error is returned unboxed.
#![allow(clippy::result_large_err)]

use std::sync::Arc;

use rustc_hash::FxHashMap;
use xee_xpath::{DocumentHandle, Documents};
use xot::{NameId, Node, Xot};

use crate::diagnostic::Diagnostic;
use crate::model::Span;
use crate::xml::{EventRef, Scope, XmlEvent, XmlReader};

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

/// Elements from which a tree is freed on a thread of its own.
const DISPOSE_APART_ELEMENTS: usize = 100_000;

/// Frees `document`; a large one on a thread of its own (millions of
/// nodes and strings take a tenth of a second to free), which the process
/// does not wait for when it ends: validating one large file, the tree is
/// never freed at all, the kernel takes the memory back at exit.
pub fn dispose(mut document: Document) {
    if document.element_spans.len() < DISPOSE_APART_ELEMENTS {
        return;
    }
    // xee's documents are not `Send`; the tree itself (xot) and the spans
    // are, and are nearly all of the memory.
    let xot = std::mem::replace(document.documents.xot_mut(), Xot::new());
    let spans = (
        std::mem::take(&mut document.element_spans),
        std::mem::take(&mut document.attribute_spans),
    );
    // Without a thread, the tree is freed here, when the closure is.
    let _ = std::thread::Builder::new()
        .name("schematron-free".into())
        .spawn(move || drop((xot, spans)));
}

/// Builds the tree of `text` in a reading of its own; a not-well-formed
/// text gives the XML layer's diagnostic, an element with too many
/// attributes a warning.
pub fn build(text: &str) -> Result<Document, Diagnostic> {
    let mut reader = XmlReader::new(text);
    let mut tree = Tree::new();
    // Interned names by their resolved spelling: (namespace, local) →
    // xot's name id.
    let mut names: FxHashMap<(Option<Arc<str>>, String), NameId> = FxHashMap::default();
    let mut name_id = |xot: &mut Xot, name: crate::xml::Name| {
        let key = (name.namespace, name.local);
        if let Some(id) = names.get(&key) {
            return *id;
        }
        let id = add_name(xot, key.0.as_deref(), &key.1);
        names.insert(key, id);
        id
    };
    while let Some(event) = reader.next_event() {
        match event.map_err(|d| *d)? {
            XmlEvent::Start(tag) => {
                let tag = *tag;
                if tree.refuses(tag.attributes.len(), tag.span) {
                    break;
                }
                let name = name_id(tree.xot(), tag.name);
                let element = tree.start(name, &tag.declared);
                for attribute in tag.attributes {
                    let name = name_id(tree.xot(), attribute.name);
                    tree.attribute(element, name, attribute.value, attribute.span);
                }
                tree.opened(element, tag.span);
            }
            XmlEvent::End { .. } => tree.end(),
            XmlEvent::Text { text, .. } => tree.text(&text),
            XmlEvent::Pi {
                target, content, ..
            } => tree.pi(&target, &content),
        }
    }
    tree.finish()
}

/// Builds the tree from the events of a reading made for something else
/// (the RELAX NG pass), given one by one in document order; names are
/// resolved here from the declarations the start tags carry, as the
/// validator resolves them.
pub struct TreeBuilder {
    tree: Tree,
    /// The namespace bindings at the current event.
    scope: Scope,
    /// For each open element: whether it declared namespaces (its end
    /// changes what a prefix means).
    declares: Vec<bool>,
    /// Element and attribute names by their spelling in the file, valid
    /// while the bindings stay as they are (a TEI file declares its
    /// namespaces on the root, so this is a few dozen names, looked up once
    /// each).
    element_names: FxHashMap<Box<str>, NameId>,
    attribute_names: FxHashMap<Box<str>, NameId>,
    /// The tree was refused (an element with too many attributes): the
    /// events that follow are not looked at.
    stopped: bool,
}

impl Default for TreeBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl TreeBuilder {
    pub fn new() -> Self {
        TreeBuilder {
            tree: Tree::new(),
            scope: Scope::default(),
            declares: Vec::new(),
            element_names: FxHashMap::default(),
            attribute_names: FxHashMap::default(),
            stopped: false,
        }
    }

    /// Adds the next event of a well-formed stream.
    pub fn event(&mut self, event: &EventRef<'_>) {
        if self.stopped {
            return;
        }
        match event {
            EventRef::Start(tag) => {
                if self.tree.refuses(tag.attributes.len(), tag.span) {
                    self.stopped = true;
                    return;
                }
                self.scope.enter(tag.declared.iter().cloned());
                let declares = !tag.declared.is_empty();
                if declares {
                    self.element_names.clear();
                    self.attribute_names.clear();
                }
                self.declares.push(declares);
                let name = self.element_name(&tag.name.qname, tag.name.prefix(), tag.name.local());
                let element = self.tree.start(name, &tag.declared);
                for attribute in tag.attributes.iter() {
                    let name = &attribute.name;
                    let name = self.attribute_name(&name.qname, name.prefix(), name.local());
                    let value = attribute.value.as_ref().to_owned();
                    self.tree.attribute(element, name, value, attribute.span);
                }
                self.tree.opened(element, tag.span);
            }
            EventRef::End { .. } => {
                self.tree.end();
                self.scope.leave();
                if self.declares.pop() == Some(true) {
                    self.element_names.clear();
                    self.attribute_names.clear();
                }
            }
            EventRef::Text { text, .. } => self.tree.text(text),
            EventRef::Pi {
                target, content, ..
            } => self.tree.pi(target, content),
        }
    }

    /// The tree of the events given, or why it could not be built.
    pub fn finish(self) -> Result<Document, Diagnostic> {
        self.tree.finish()
    }

    fn element_name(&mut self, qname: &str, prefix: &str, local: &str) -> NameId {
        if let Some(id) = self.element_names.get(qname) {
            return *id;
        }
        let namespace = self.scope.element_namespace(prefix).map(|uri| &**uri);
        let id = add_name(self.tree.xot(), namespace, local);
        self.element_names.insert(qname.into(), id);
        id
    }

    fn attribute_name(&mut self, qname: &str, prefix: &str, local: &str) -> NameId {
        if let Some(id) = self.attribute_names.get(qname) {
            return *id;
        }
        let namespace = self.scope.attribute_namespace(prefix).map(|uri| &**uri);
        let id = add_name(self.tree.xot(), namespace, local);
        self.attribute_names.insert(qname.into(), id);
        id
    }
}

/// xot's id of the name `local` in `namespace` (none: no namespace).
fn add_name(xot: &mut Xot, namespace: Option<&str>, local: &str) -> NameId {
    let namespace = xot.add_namespace(namespace.unwrap_or(""));
    xot.add_name_ns(local, namespace)
}

/// The tree as it grows, with names already resolved: what both ways of
/// building share.
struct Tree {
    /// Plain xot while it grows (xee's `Documents` cannot move between
    /// threads; xot can, so the tree may be built on a thread of its own).
    xot: Xot,
    root: Node,
    /// The open elements, innermost last (the document node first).
    open: Vec<Node>,
    element_spans: Vec<Span>,
    attribute_spans: Vec<Span>,
    xml_id: NameId,
    /// Why the tree cannot be used, once known.
    refused: Option<Diagnostic>,
}

impl Tree {
    fn new() -> Self {
        let mut xot = Xot::new();
        // Text events are already merged runs: no need for xot to look for a
        // neighbour to merge each text node into.
        xot.set_text_consolidation(false);
        let root = xot.new_document();
        let xml_id = xot.xml_id_name();
        Tree {
            xot,
            root,
            open: vec![root],
            element_spans: Vec::new(),
            attribute_spans: Vec::new(),
            xml_id,
            refused: None,
        }
    }

    fn xot(&mut self) -> &mut Xot {
        &mut self.xot
    }

    fn parent(&self) -> Node {
        *self.open.last().unwrap_or(&self.root)
    }

    /// Whether an element with `attributes` attributes (its tag at `span`)
    /// makes the tree unusable; if so, the warning is kept.
    fn refuses(&mut self, attributes: usize, span: Span) -> bool {
        if attributes <= MAX_ATTRIBUTES {
            return false;
        }
        self.refused = Some(
            Diagnostic::warning(
                super::codes::UNSUPPORTED,
                span,
                format!(
                    "an element with {attributes} attributes (more than {MAX_ATTRIBUTES}); no Schematron rule is checked"
                ),
            )
            .with_label("this element"),
        );
        true
    }

    /// A new element `name` with its namespace declarations, not yet in
    /// the tree: its attributes come next, then [`Self::opened`].
    fn start(&mut self, name: NameId, declared: &[(String, String)]) -> Node {
        let xot = &mut self.xot;
        let element = xot.new_element(name);
        for (prefix, uri) in declared {
            let prefix = xot.add_prefix(prefix);
            let namespace = xot.add_namespace(uri);
            xot.namespaces_mut(element).insert(prefix, namespace);
        }
        element
    }

    fn attribute(&mut self, element: Node, name: NameId, value: String, span: Span) {
        // As xot's parser does (xml:id processing normalises the value), so
        // that `@xml:id` compares as before.
        let value = if name == self.xml_id {
            normalize_xml_id(&value)
        } else {
            value
        };
        self.xot.attributes_mut(element).insert(name, value);
        self.attribute_spans.push(span);
    }

    /// `element`, its tag at `span`, joins the tree and is open.
    fn opened(&mut self, element: Node, span: Span) {
        let parent = self.parent();
        self.append(parent, element);
        self.element_spans.push(span);
        self.open.push(element);
    }

    fn end(&mut self) {
        self.open.pop();
    }

    fn text(&mut self, text: &str) {
        let parent = self.parent();
        let node = self.xot().new_text(text);
        self.append(parent, node);
    }

    fn pi(&mut self, target: &str, content: &str) {
        let parent = self.parent();
        let xot = self.xot();
        let target = xot.add_name(target);
        // The data starts after the white space that ends the target.
        let content = content.trim_start();
        let data = (!content.is_empty()).then_some(content);
        let node = xot.new_processing_instruction(target, data);
        self.append(parent, node);
    }

    /// Appends `child` to `parent`; xot refuses only what the XML layer
    /// never gives (a child of a text node), so a refusal is a warning,
    /// never a panic.
    fn append(&mut self, parent: Node, child: Node) {
        if let Err(error) = self.xot.append(parent, child)
            && self.refused.is_none()
        {
            self.refused = Some(unloadable(Span::default(), &error.to_string()));
        }
    }

    fn finish(mut self) -> Result<Document, Diagnostic> {
        if let Some(refused) = self.refused {
            return Err(refused);
        }
        let root_span = self.element_spans.first().copied().unwrap_or_default();
        let mut documents = Documents::new();
        std::mem::swap(documents.xot_mut(), &mut self.xot);
        let handle = documents
            .documents()
            .borrow_mut()
            .add_root(None, self.root)
            .map_err(|error| unloadable(root_span, &error.to_string()))?;
        Ok(Document {
            documents,
            handle,
            root: self.root,
            element_spans: self.element_spans,
            attribute_spans: self.attribute_spans,
            root_span,
        })
    }
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

    /// Every node of the tree in document order, with names resolved:
    /// `element {ns}local`, `attribute {ns}local=value`, `text …`, `pi …`.
    fn dump(document: &Document) -> Vec<String> {
        let xot = document.documents.xot();
        let named = |node: Node| {
            let name = xot.node_name(node).expect("named");
            let (local, uri) = xot.name_ns_str(name);
            format!("{{{uri}}}{local}")
        };
        xot.all_descendants(document.root)
            .map(|node| match xot.value(node) {
                xot::Value::Element(_) => format!("element {}", named(node)),
                xot::Value::Attribute(a) => format!("attribute {}={}", named(node), a.value()),
                xot::Value::Text(t) => format!("text {:?}", t.get()),
                xot::Value::ProcessingInstruction(pi) => {
                    format!("pi {} {:?}", xot.local_name_str(pi.target()), pi.data())
                }
                other => format!("{:?}", other.value_type()),
            })
            .collect()
    }

    /// The tree built from the borrowed events of one reading (names
    /// resolved by the builder) is the tree [`build`] makes (names resolved
    /// by the reader): the same nodes, names, values and spans.
    fn check_one_pass(text: &str) {
        let reference = build(text).expect("well-formed");
        let mut builder = TreeBuilder::new();
        let mut reader = XmlReader::new(text);
        while let Some(event) = reader.next_event_ref() {
            builder.event(&event.expect("well-formed"));
        }
        let built = builder.finish().expect("built");
        assert_eq!(dump(&built), dump(&reference), "{text}");
        assert!(dump(&built).len() > 2, "{text}");
        assert_eq!(built.element_spans, reference.element_spans, "{text}");
        assert_eq!(built.attribute_spans, reference.attribute_spans, "{text}");
        assert_eq!(built.root_span, reference.root_span, "{text}");
    }

    #[test]
    fn the_tree_from_borrowed_events_is_the_tree_of_a_reading_of_its_own() {
        // Prefixes rebound inside, the default namespace changed and
        // undeclared, prefixed attributes, xml:id, entities, PIs.
        check_one_pass(
            "<?pi x?><a xmlns='urn:1' xmlns:p='urn:p' p:x='1' y='2'><p:b p:x='3'>\
             <c xmlns='urn:2' xmlns:p='urn:q'><p:d p:y='4'/><e/></c><p:f p:x='5'/><g/></p:b>\
             <h xmlns=''><i/></h><j xml:id=' k  l ' xml:lang='en'>t&amp;<?q r ?>u</j></a>",
        );
        check_one_pass(
            "<!DOCTYPE a [<!ENTITY e \"t&#38;t\">]><a xmlns='urn:a' n=\"&#10;v\">t&amp;&e;<c/></a>",
        );
        check_one_pass("<t:a xmlns:t='urn:t'><t:b xmlns:t='urn:u'/><t:c/></t:a>");
    }

    #[test]
    fn many_attributes_stop_the_one_pass_with_the_same_warning() {
        let attributes: String = (0..=MAX_ATTRIBUTES).map(|i| format!(" a{i}='v'")).collect();
        let text = format!("<r><a{attributes}/><b/></r>");
        let mut builder = TreeBuilder::new();
        let mut reader = XmlReader::new(&text);
        while let Some(event) = reader.next_event_ref() {
            builder.event(&event.unwrap());
        }
        let warning = builder.finish().err().unwrap();
        assert_eq!(warning.code, super::super::codes::UNSUPPORTED);
        assert_eq!(Some(warning), build(&text).err());
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
