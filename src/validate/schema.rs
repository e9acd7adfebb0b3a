//! A RELAX NG schema loaded once and shared across files: the `relax-ng`
//! crate's derivative validator, plus the checks it leaves out (ID
//! uniqueness, calendar-valid dates, anyURI syntax) and a static index of the
//! schema that names what an element allows, for diagnostics.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use relax_ng::{
    Content, DatatypeRegistry, ExpandedName, ResolveError, SchemaResolver, SchemaSource,
    SchemaSyntax, ValidationErrorKind,
};

use super::index::SchemaIndex;
use super::xml::{Child, Tree, XML_NS};
use super::xsd::XsdLibrary;
use crate::diagnostic::Diagnostic;
use crate::model::Span;

/// A compiled schema with what diagnostics need to know about it.
pub struct Schema {
    compiled: relax_ng::Schema,
    registry: DatatypeRegistry,
    index: SchemaIndex,
    location: PathBuf,
}

/// Why a schema could not be loaded; names the schema's location.
#[derive(Debug, thiserror::Error)]
#[error("schema {location} does not load: {reason}")]
pub struct SchemaLoadError {
    pub location: String,
    pub reason: String,
}

/// The schemas teikit ships, compiled into the binary so that validation
/// works wherever the binary runs.
pub const TEI_ALL: &str = include_str!("../../schemas/tei_all.rng");
pub const PROFILE: &str = include_str!("../../schemas/teikit-edition.rng");

/// Text of a shipped schema by file name.
fn shipped(name: &str) -> Option<&'static str> {
    match name {
        "tei_all.rng" => Some(TEI_ALL),
        "teikit-edition.rng" => Some(PROFILE),
        _ => None,
    }
}

/// Reads a schema file; a missing file named like a shipped schema is
/// served from the binary, so the profile's `include` of tei_all always works.
pub(crate) fn read_schema_text(path: &Path) -> std::io::Result<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(error) => path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(shipped)
            .map(str::to_string)
            .ok_or(error),
    }
}

/// Reads `include`/`externalRef` targets relative to the including file.
struct FileResolver;

impl SchemaResolver for FileResolver {
    fn resolve(&self, href: &str, base_uri: &str) -> Result<SchemaSource, ResolveError> {
        let path = resolve_href(href, base_uri);
        let text = read_schema_text(&path)
            .map_err(|e| ResolveError::new(format!("{}: {e}", path.display())))?;
        Ok(SchemaSource::new(
            text,
            path.to_string_lossy().into_owned(),
            syntax_of(&path),
        ))
    }
}

pub(crate) fn resolve_href(href: &str, base_uri: &str) -> PathBuf {
    let href = href.strip_prefix("file://").unwrap_or(href);
    let base = Path::new(base_uri.strip_prefix("file://").unwrap_or(base_uri));
    match base.parent() {
        Some(dir) if !Path::new(href).is_absolute() => dir.join(href),
        _ => PathBuf::from(href),
    }
}

fn syntax_of(path: &Path) -> SchemaSyntax {
    if path.extension().is_some_and(|e| e == "rnc") {
        SchemaSyntax::Compact
    } else {
        SchemaSyntax::Xml
    }
}

impl Schema {
    /// Loads and compiles a schema file (XML or compact syntax).
    pub fn load(path: &Path) -> Result<Schema, SchemaLoadError> {
        let text = std::fs::read_to_string(path).map_err(|e| SchemaLoadError {
            location: path.display().to_string(),
            reason: e.to_string(),
        })?;
        let base = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        Self::compile(&text, &base, path)
    }

    /// tei_all, as shipped in the binary.
    pub fn tei_all() -> Result<Schema, SchemaLoadError> {
        Self::compile(
            TEI_ALL,
            Path::new("schemas/tei_all.rng"),
            Path::new("tei_all.rng"),
        )
    }

    /// The teikit edition profile, as shipped in the binary.
    pub fn profile() -> Result<Schema, SchemaLoadError> {
        Self::compile(
            PROFILE,
            Path::new("schemas/teikit-edition.rng"),
            Path::new("teikit-edition.rng"),
        )
    }

    fn compile(text: &str, base: &Path, shown: &Path) -> Result<Schema, SchemaLoadError> {
        let fail = |reason: String| SchemaLoadError {
            location: shown.display().to_string(),
            reason,
        };
        let source = SchemaSource::new(text, base.to_string_lossy().into_owned(), syntax_of(base));
        let compiled =
            relax_ng::Schema::compile(&source, &FileResolver).map_err(|e| fail(e.to_string()))?;
        let index = if syntax_of(base) == SchemaSyntax::Xml {
            SchemaIndex::build(text, base).unwrap_or_default()
        } else {
            SchemaIndex::default()
        };
        let mut registry = DatatypeRegistry::new();
        registry.register(relax_ng::XSD_DATATYPE_LIBRARY, XsdLibrary::default());
        Ok(Schema {
            compiled,
            registry,
            index,
            location: shown.to_path_buf(),
        })
    }

    pub fn location(&self) -> &Path {
        &self.location
    }

    /// Validates a parsed file; diagnostics point into its text.
    pub fn validate(&self, tree: &Tree) -> Vec<Diagnostic> {
        let root = Node {
            tree,
            id: tree.root,
        };
        let mut out = match self.compiled.validate(&self.registry, &root) {
            Ok(errors) => {
                // The engine does not advance past a misplaced child, so every
                // later sibling would be reported too; the first one per parent
                // is the one to fix.
                let mut parents_reported = std::collections::HashSet::new();
                errors
                    .iter()
                    .filter_map(|error| {
                        let id = *error.location()?;
                        if matches!(error.kind(), ValidationErrorKind::UnexpectedElement(_)) {
                            let parent = tree.element(id).and_then(|e| e.parent);
                            if !parents_reported.insert(parent) {
                                return None;
                            }
                        }
                        Some(self.diagnostic(tree, id, error.kind()))
                    })
                    .collect()
            }
            Err(error) => vec![Diagnostic::error(
                "teikit::validate::schema",
                Span::default(),
                format!(
                    "schema {} uses an unsupported datatype: {error}",
                    self.location.display()
                ),
            )],
        };
        // The engine's own verdict on an attribute comes first; do not repeat it.
        let reported: Vec<Span> = out.iter().map(|d| d.span).collect();
        out.extend(
            self.datatype_checks(tree)
                .into_iter()
                .filter(|d| !reported.contains(&d.span)),
        );
        out
    }

    /// What the engine does not check: ID uniqueness (as jing does, on
    /// attributes the schema types as xsd:ID).
    fn datatype_checks(&self, tree: &Tree) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut ids: HashMap<&str, Span> = HashMap::new();
        for id in tree.iter() {
            let Some(element) = tree.element(id) else {
                continue;
            };
            for attribute in &element.attributes {
                let types = self.index.attribute_types(
                    &element.name.local,
                    &attribute.name.local,
                    attribute.name.namespace.as_deref(),
                );
                if types.is_empty() {
                    continue;
                }
                if types.iter().any(|t| t == "ID") {
                    let value = attribute.value.trim();
                    if let Some(first) = ids.get(value) {
                        out.push(
                            Diagnostic::error(
                                "teikit::schema::duplicate-id",
                                attribute.span,
                                format!("duplicate ID \"{value}\""),
                            )
                            .with_label("second use")
                            .with_secondary(*first, "first use")
                            .with_help("give each element a distinct xml:id"),
                        );
                    } else {
                        ids.insert(value, attribute.span);
                    }
                }
            }
        }
        out
    }

    fn diagnostic(&self, tree: &Tree, id: usize, kind: &ValidationErrorKind) -> Diagnostic {
        let Some(element) = tree.element(id) else {
            return Diagnostic::error("teikit::schema::invalid", Span::default(), kind.to_string());
        };
        let parent = element
            .parent
            .and_then(|p| tree.element(p))
            .map(|p| p.name.qname.clone());
        let within = match &parent {
            Some(p) => format!(" (in <{p}>)"),
            None => String::new(),
        };
        let name = &element.name.qname;
        match kind {
            ValidationErrorKind::UnexpectedElement(_) => {
                let allowed = parent
                    .as_deref()
                    .map(|p| self.index.allowed_children(local(p)))
                    .unwrap_or_default();
                let mut d = Diagnostic::error(
                    "teikit::schema::unexpected-element",
                    element.span,
                    format!("element <{name}> not allowed here{within}"),
                )
                .with_label("not allowed here");
                let parent_name = parent.as_deref().unwrap_or("");
                let mut required = self.index.required_children(local(parent_name));
                if required.is_empty() {
                    required = self.index.direct_children(local(parent_name));
                }
                let others: Vec<String> = allowed
                    .into_iter()
                    .filter(|a| !required.contains(a))
                    .collect();
                if !required.is_empty() {
                    d = d.with_help(format!(
                        "<{parent_name}> expects {}; it also allows: {}",
                        summarize(&required),
                        summarize(&others)
                    ));
                } else if !others.is_empty() {
                    d = d.with_help(format!("<{parent_name}> allows: {}", summarize(&others)));
                }
                d
            }
            ValidationErrorKind::UnexpectedAttribute(attr) => {
                let span = attribute_span(tree, id, attr).unwrap_or(element.span);
                let allowed = self.index.allowed_attributes(&element.name.local);
                let mut d = Diagnostic::error(
                    "teikit::schema::unexpected-attribute",
                    span,
                    format!(
                        "attribute {} not allowed on <{name}>{within}",
                        display_attribute(attr)
                    ),
                )
                .with_label("not allowed here");
                if !allowed.is_empty() {
                    d = d.with_help(format!("<{name}> allows: {}", summarize(&allowed)));
                }
                d
            }
            ValidationErrorKind::InvalidAttributeValue(attr, value) => {
                let span = attribute_span(tree, id, attr).unwrap_or(element.span);
                let types = self.index.attribute_types(
                    &element.name.local,
                    &attr.local,
                    attr.namespace.as_deref(),
                );
                let values = self
                    .index
                    .attribute_values(&element.name.local, &attr.local);
                let expected = if !values.is_empty() {
                    format!("one of: {}", summarize(&values))
                } else if !types.is_empty() {
                    format!("a {}", types.join(" or "))
                } else {
                    "a value the schema allows".to_string()
                };
                Diagnostic::error(
                    "teikit::schema::invalid-value",
                    span,
                    format!(
                        "invalid value \"{value}\" for attribute {} of <{name}>{within}",
                        display_attribute(attr)
                    ),
                )
                .with_label("bad value")
                .with_help(format!("expected {expected}"))
            }
            ValidationErrorKind::UnexpectedText => Diagnostic::error(
                "teikit::schema::unexpected-text",
                element.span,
                format!("text not allowed in <{name}>{within}"),
            )
            .with_label("this element")
            .with_help(format!(
                "move the text into a child element <{name}> allows: {}",
                summarize(&self.index.allowed_children(&element.name.local))
            )),
            ValidationErrorKind::MissingContent => {
                let required = self.index.required_children(&element.name.local);
                let mut d = Diagnostic::error(
                    "teikit::schema::incomplete-element",
                    element.span,
                    format!("element <{name}> is incomplete{within}: required content missing"),
                )
                .with_label("incomplete");
                let attrs = self.index.required_attributes(&element.name.local);
                let missing_attrs: Vec<String> = attrs
                    .into_iter()
                    .filter(|a| element.attr(a).is_none())
                    .collect();
                if !missing_attrs.is_empty() {
                    d = d.with_help(format!("add attribute {}", missing_attrs.join(", ")));
                } else if !required.is_empty() {
                    d = d.with_help(format!("<{name}> requires: {}", summarize(&required)));
                }
                d
            }
        }
    }
}

fn local(qname: &str) -> &str {
    qname.rsplit(':').next().unwrap_or(qname)
}

fn display_attribute(name: &ExpandedName) -> String {
    match name.namespace.as_deref() {
        Some(XML_NS) => format!("xml:{}", name.local),
        Some(ns) => format!("{{{ns}}}{}", name.local),
        None => name.local.clone(),
    }
}

fn attribute_span(tree: &Tree, id: usize, name: &ExpandedName) -> Option<Span> {
    tree.element(id)?
        .attributes
        .iter()
        .find(|a| a.name.local == name.local && a.name.namespace == name.namespace)
        .map(|a| a.span)
}

/// A readable list, cut after a dozen names.
fn summarize(names: &[String]) -> String {
    const SHOWN: usize = 12;
    let mut out = names
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        out.push_str(&format!(" … ({} more)", names.len() - SHOWN));
    }
    out
}

/// A cheap handle the validator walks; the location is the element's index.
#[derive(Clone, Copy)]
struct Node<'t> {
    tree: &'t Tree,
    id: usize,
}

impl relax_ng::Element for Node<'_> {
    type Location = usize;

    fn name(&self) -> ExpandedName {
        match self.tree.element(self.id) {
            Some(e) => ExpandedName::new(e.name.namespace.clone(), e.name.local.clone()),
            None => ExpandedName::new(None::<String>, ""),
        }
    }

    fn attributes(&self) -> impl Iterator<Item = (ExpandedName, String)> {
        self.tree
            .element(self.id)
            .into_iter()
            .flat_map(|e| e.attributes.iter())
            .map(|a| {
                (
                    ExpandedName::new(a.name.namespace.clone(), a.name.local.clone()),
                    a.value.clone(),
                )
            })
    }

    fn children(&self) -> impl Iterator<Item = Content<Self>> {
        let tree = self.tree;
        tree.element(self.id)
            .into_iter()
            .flat_map(|e| e.children.iter())
            .filter_map(move |c| match c {
                Child::Element(id) => Some(Content::Element(Node { tree, id: *id })),
                Child::Text(text, _) if text.is_empty() => None,
                Child::Text(text, _) => Some(Content::Text(text.clone())),
            })
    }

    fn location(&self) -> Option<usize> {
        Some(self.id)
    }

    fn namespace_bindings(&self) -> impl Iterator<Item = (String, String)> {
        self.tree.bindings(self.id).into_iter()
    }
}
