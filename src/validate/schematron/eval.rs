//! Runs the extracted Schematron on one document with xee's XPath 3.1
//! engine, in one walk over the tree: at each node the candidate rules are
//! picked by its name (`dispatch`), the first rule of each pattern whose
//! context matches takes the node, its `let`s bind variables and each
//! `assert` and `report` gives a diagnostic at the node's tag with the
//! rule's own message. A rule that cannot be compiled or that fails at run
//! time is reported once (a warning) and never counts as an error.

// A rule fails once per file, so its warning is returned unboxed.
#![allow(clippy::result_large_err)]

use rustc_hash::{FxHashMap, FxHashSet};
use xee_xpath::context::{DynamicContextBuilder, Variables};
use xee_xpath::{Documents, Item, Query, Sequence};
use xot::{NameId, NamespaceId, Node, Xot};

use super::codes;
use super::compile::{Compiled, CompiledPart, CompiledRule, Entry, Expr, compiled_for};
use super::dispatch::Target;
use super::extract::{CheckKind, Extracted};
use super::findings::{finding, unsupported};
use super::precondition::Requirement;
use super::tree::Document;
use super::xpath_text::squeeze;
use crate::diagnostic::Diagnostic;
use crate::model::Span;

/// The entries of one document, by what picks them as candidates.
#[derive(Default)]
struct Index {
    elements: FxHashMap<NameId, Vec<u32>>,
    attributes: FxHashMap<NameId, Vec<u32>>,
    /// By the local name of an attribute the element must have, with the
    /// element's namespace (`None`: any).
    with_attribute: FxHashMap<String, Vec<(u32, Option<NamespaceId>)>>,
    /// By an attribute the element must have (and nothing else to test).
    having_attribute: FxHashMap<NameId, Vec<(u32, Option<NamespaceId>)>>,
    any_element: Vec<(u32, Option<NamespaceId>)>,
    /// The nodes each selected entry matches.
    selected: Vec<(u32, FxHashSet<Node>)>,
    /// Each entry's required parents, innermost first, resolved (`None`:
    /// a name the document lacks, never matched).
    parents: Vec<Vec<Option<NameId>>>,
}

/// Runs every pattern of `schematron` (identified by `id`) on `document`;
/// with `select_each`, each rule context is selected over the whole
/// document instead of being matched in one walk.
pub fn run(
    id: u64,
    schematron: &Extracted,
    document: &mut Document,
    select_each: bool,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for reason in &schematron.unsupported {
        diagnostics.push(unsupported(document.root_span, reason));
    }
    let compiled = compiled_for(id, schematron, select_each);
    for rule in &compiled.rules {
        if let Err((pattern, error)) = rule {
            let pattern = &compiled.pattern_ids[*pattern];
            diagnostics.push(unsupported(
                document.root_span,
                &format!("pattern {pattern}, {error}"),
            ));
        }
    }
    let mut walk = Walk {
        compiled: &compiled,
        failed: vec![false; compiled.rules.len()],
        diagnostics,
        requires: Vec::new(),
        open_names: FxHashMap::default(),
        builders: (0..compiled.expressions).map(|_| None).collect(),
        live: Vec::new(),
        values: Vec::new(),
    };
    let index = walk.index(document);
    walk.walk(document, &index);
    walk.diagnostics
}

/// The state of one run over one document.
struct Walk<'c> {
    compiled: &'c Compiled,
    /// Rules that raised an error: reported once, not run again.
    failed: Vec<bool>,
    diagnostics: Vec<Diagnostic>,
    /// Each rule's checks' requirements, resolved in this document.
    requires: Vec<Vec<Vec<Resolved>>>,
    /// How many open elements (the current node's ancestors, and the node
    /// itself if an element) have each name.
    open_names: FxHashMap<NameId, u32>,
    /// Each [`Expr`]'s dynamic context builder, made at its first
    /// evaluation: xee makes a new one (reading the clock and the time zone,
    /// allocating an empty document set) at every call otherwise.
    builders: Vec<Option<DynamicContextBuilder<'c>>>,
    /// Which checks of the rule being checked can fire (reused).
    live: Vec<bool>,
    /// The values of the rule's variables at the node (reused).
    values: Vec<Sequence>,
}

/// A [`Requirement`] with names resolved in one document.
enum Resolved {
    /// A name the document lacks: never met.
    Never,
    Attribute(NameId),
    /// One of these attributes (the names the document has).
    AnyAttribute(Vec<NameId>),
    Ancestor(Vec<NameId>),
    FirstChildNamed(String),
    NoText,
    AnyOf(Vec<Resolved>),
}

impl<'c> Walk<'c> {
    /// Resolves every entry's names in this document (a name the document
    /// lacks matches nothing) and selects the nodes of selected entries.
    fn index(&mut self, document: &mut Document) -> Index {
        let mut index = Index::default();
        self.requires = resolve_requirements(self.compiled, document.documents.xot());
        let namespace = |xot: &Xot, uri: &Option<String>| match uri {
            None => Some(None),
            Some(uri) => xot.namespace(uri).map(Some),
        };
        let name = |xot: &Xot, uri: &str, local: &str| {
            xot.namespace(uri).and_then(|ns| xot.name_ns(local, ns))
        };
        for (number, (rule, entry)) in self.compiled.entries.iter().enumerate() {
            let number = number as u32;
            let xot = document.documents.xot();
            let resolved = match entry {
                Entry::Name { parents, .. } => parents
                    .iter()
                    .map(|(uri, local)| name(xot, uri, local))
                    .collect(),
                Entry::Selected(_) => Vec::new(),
            };
            index.parents.push(resolved);
            match entry {
                Entry::Name { target, .. } => match target {
                    Target::Element(uri, local) => {
                        if let Some(name) = name(xot, uri, local) {
                            index.elements.entry(name).or_default().push(number);
                        }
                    }
                    Target::Attribute(uri, local) => {
                        if let Some(name) = name(xot, uri, local) {
                            index.attributes.entry(name).or_default().push(number);
                        }
                    }
                    Target::WithAttribute(uri, local) => {
                        if let Some(ns) = namespace(xot, uri) {
                            let entries = index.with_attribute.entry(local.clone()).or_default();
                            entries.push((number, ns));
                        }
                    }
                    Target::HavingAttribute(uri, (attribute_uri, local)) => {
                        if let (Some(ns), Some(attribute)) =
                            (namespace(xot, uri), name(xot, attribute_uri, local))
                        {
                            let entries = index.having_attribute.entry(attribute).or_default();
                            entries.push((number, ns));
                        }
                    }
                    Target::AnyElement(uri) => {
                        if let Some(ns) = namespace(xot, uri) {
                            index.any_element.push((number, ns));
                        }
                    }
                },
                Entry::Selected(query) => {
                    let root = Item::Node(document.root);
                    match query.execute(&mut document.documents, &root) {
                        Ok(selected) => {
                            let nodes = selected.iter().filter_map(|item| match item {
                                Item::Node(node) => Some(node),
                                _ => None,
                            });
                            index.selected.push((number, nodes.collect()));
                        }
                        Err(error) => self.fail(*rule, document.root_span, error.to_string()),
                    }
                }
            }
        }
        index
    }

    /// Visits every node in document order (attributes after their
    /// element), keeping the span of the nearest element.
    fn walk(&mut self, document: &mut Document, index: &Index) {
        let (mut elements, mut attributes) = (0usize, 0usize);
        // Open elements with their spans, innermost last.
        let mut open: Vec<(Node, Span, NameId)> = Vec::new();
        let mut candidates: Vec<u32> = Vec::new();
        let mut attribute_nodes: Vec<(Node, NameId)> = Vec::new();
        let root = document.root;
        let mut next = Some(root);
        while let Some(node) = next {
            let xot = document.documents.xot();
            next = following_in_order(xot, node, root);
            let parent = xot.parent(node);
            while open.last().is_some_and(|(n, ..)| Some(*n) != parent) {
                if let Some((_, _, name)) = open.pop()
                    && let Some(count) = self.open_names.get_mut(&name)
                {
                    *count -= 1;
                }
            }
            candidates.clear();
            let span;
            if let Some(name) = xot.element(node).map(|e| e.name()) {
                span = document
                    .element_spans
                    .get(elements)
                    .copied()
                    .unwrap_or_default();
                elements += 1;
                open.push((node, span, name));
                *self.open_names.entry(name).or_default() += 1;
                attribute_nodes.clear();
                for attribute in xot.attribute_nodes(node) {
                    if let Some(name) = xot.node_name(attribute) {
                        attribute_nodes.push((attribute, name));
                    }
                }
                let namespace = xot.namespace_for_name(name);
                let in_namespace = |ns: &Option<NamespaceId>| ns.is_none_or(|ns| ns == namespace);
                candidates.extend(index.elements.get(&name).into_iter().flatten());
                for (_, attribute) in &attribute_nodes {
                    if let Some(entries) = index.having_attribute.get(attribute) {
                        let fitting = entries.iter().filter(|(_, ns)| in_namespace(ns));
                        candidates.extend(fitting.map(|(number, _)| *number));
                    }
                    let local = xot.local_name_str(*attribute);
                    if let Some(entries) = index.with_attribute.get(local) {
                        let fitting = entries.iter().filter(|(_, ns)| in_namespace(ns));
                        candidates.extend(fitting.map(|(number, _)| *number));
                    }
                }
                let fitting = index.any_element.iter().filter(|(_, ns)| in_namespace(ns));
                candidates.extend(fitting.map(|(number, _)| *number));
            } else {
                span = open.last().map_or(document.root_span, |(_, span, _)| *span);
            }
            self.visit(document, index, node, span, &mut candidates);
            if xot_is_element(document, node) {
                for (attribute, name) in std::mem::take(&mut attribute_nodes) {
                    let span = document
                        .attribute_spans
                        .get(attributes)
                        .copied()
                        .unwrap_or(span);
                    attributes += 1;
                    candidates.clear();
                    candidates.extend(index.attributes.get(&name).into_iter().flatten());
                    self.visit(document, index, attribute, span, &mut candidates);
                }
            }
        }
    }

    /// Runs, for each pattern, the first candidate rule whose context
    /// matches `node` (selected entries are candidates everywhere).
    fn visit(
        &mut self,
        document: &mut Document,
        index: &Index,
        node: Node,
        span: Span,
        candidates: &mut Vec<u32>,
    ) {
        for (number, nodes) in &index.selected {
            if nodes.contains(&node) {
                candidates.push(*number);
            }
        }
        if candidates.is_empty() {
            return;
        }
        candidates.sort_unstable();
        let mut done_pattern = None;
        for &number in candidates.iter() {
            let (rule_number, entry) = &self.compiled.entries[number as usize];
            let Ok(rule) = &self.compiled.rules[*rule_number] else {
                continue;
            };
            if done_pattern == Some(rule.pattern) {
                continue;
            }
            let matches = match entry {
                Entry::Selected(_) => true,
                Entry::Name { test: None, .. } => has_parents(
                    document.documents.xot(),
                    node,
                    &index.parents[number as usize],
                ),
                Entry::Name {
                    test: Some(test), ..
                } => {
                    if self.failed[*rule_number] {
                        continue;
                    }
                    let verdict = self
                        .evaluate(test, &mut document.documents, node, &[])
                        .and_then(|value| {
                            value.effective_boolean_value().map_err(|e| e.to_string())
                        });
                    match verdict {
                        Ok(verdict) => verdict,
                        Err(error) => {
                            self.fail(*rule_number, span, error);
                            continue;
                        }
                    }
                }
            };
            if matches {
                done_pattern = Some(rule.pattern);
                if !self.failed[*rule_number]
                    && let Err(error) = self.check(*rule_number, rule, document, node, span)
                {
                    self.fail(*rule_number, span, error);
                }
            }
        }
    }

    /// Reports that rule `number` failed at `span` and is skipped from now on.
    fn fail(&mut self, number: usize, span: Span, error: String) {
        self.failed[number] = true;
        let (shown, pattern) = match &self.compiled.rules[number] {
            Ok(rule) => (rule.shown.as_str(), rule.pattern),
            Err((pattern, _)) => ("", *pattern),
        };
        let pattern_id = &self.compiled.pattern_ids[pattern];
        self.diagnostics.push(
            Diagnostic::warning(
                codes::EVALUATION,
                span,
                format!(
                    "Schematron rule {shown} (pattern {pattern_id}) failed here and is skipped: {error}"
                ),
            )
            .with_label("here")
            .with_help(
                "the rule's XPath raised an error on this document; its checks were not made",
            ),
        );
    }

    /// Binds the rule's `let`s at `node` and makes its checks.
    fn check(
        &mut self,
        number: usize,
        rule: &'c CompiledRule,
        document: &mut Document,
        node: Node,
        span: Span,
    ) -> Result<(), String> {
        let mut live = std::mem::take(&mut self.live);
        live.clear();
        let xot = document.documents.xot();
        // A report can fire only where its requirements hold; an assert
        // whose test is decided on the tree fires where they do not.
        live.extend(
            (self.requires[number]
                .iter()
                .zip(&rule.checks)
                .zip(&rule.decided))
            .map(|((requires, (check, ..)), decided)| {
                let holds = self.can_fire(xot, node, requires);
                match check.kind {
                    CheckKind::Assert if *decided => !holds,
                    _ => holds,
                }
            }),
        );
        let mut values = std::mem::take(&mut self.values);
        let outcome = if live.contains(&true) {
            values.clear();
            self.check_live(rule, document, node, span, &live, &mut values)
        } else {
            Ok(())
        };
        self.live = live;
        self.values = values;
        outcome
    }

    /// [`Self::check`] once it is known which checks (`live`) can fire.
    fn check_live(
        &mut self,
        rule: &'c CompiledRule,
        document: &mut Document,
        node: Node,
        span: Span,
        live: &[bool],
        values: &mut Vec<Sequence>,
    ) -> Result<(), String> {
        let pattern_id = &self.compiled.pattern_ids[rule.pattern];
        values.push(Sequence::from(Item::Node(node)));
        for expr in &rule.lets {
            let value = self.evaluate(expr, &mut document.documents, node, values)?;
            values.push(value);
        }
        let checks = rule.checks.iter().zip(&rule.decided).zip(live);
        for (((check, test, message), decided), _) in checks.filter(|(_, live)| **live) {
            // A decided check that is live fires (see `check`).
            if !decided {
                let verdict = self
                    .evaluate(test, &mut document.documents, node, values)?
                    .effective_boolean_value()
                    .map_err(|e| e.to_string())?;
                let fires = match check.kind {
                    CheckKind::Assert => !verdict,
                    CheckKind::Report => verdict,
                };
                if !fires {
                    continue;
                }
            }
            let mut text = String::new();
            for part in message {
                match part {
                    CompiledPart::Text(t) => text.push_str(t),
                    CompiledPart::Value(expr) => {
                        let value = self.evaluate(expr, &mut document.documents, node, values)?;
                        let xot = document.documents.xot();
                        let strings: Vec<String> = value
                            .iter()
                            .filter_map(|item| item.string_value(xot).ok())
                            .collect();
                        text.push_str(&strings.join(" "));
                    }
                }
            }
            self.diagnostics
                .push(finding(check, pattern_id, squeeze(&text), span));
        }
        Ok(())
    }

    /// Evaluates `expr` with `node` as context item and the rule's variable
    /// values so far (`values`, by index into the rule's variables).
    fn evaluate(
        &mut self,
        expr: &'c Expr,
        documents: &mut Documents,
        node: Node,
        values: &[Sequence],
    ) -> Result<Sequence, String> {
        let builder = self.builders[expr.id]
            .get_or_insert_with(|| expr.query.dynamic_context_builder(documents));
        builder.context_item(Item::Node(node));
        if !expr.variables.is_empty() {
            let mut variables = Variables::default();
            for (index, name) in &expr.variables {
                let value = values.get(*index).cloned().unwrap_or_default();
                variables.insert(name.clone(), value);
            }
            builder.variables(variables);
        }
        let context = builder.build();
        expr.query
            .execute_with_context(documents, &context)
            .map_err(|e| e.to_string())
    }
}

impl Walk<'_> {
    /// Whether every requirement of a check holds at `node` (an element's
    /// own name is not among its ancestors; an attribute's element is).
    fn can_fire(&self, xot: &Xot, node: Node, requires: &[Resolved]) -> bool {
        requires
            .iter()
            .all(|requirement| self.holds(xot, node, requirement))
    }

    /// Whether `requirement` holds at `node` (see [`Requirement`]).
    fn holds(&self, xot: &Xot, node: Node, requirement: &Resolved) -> bool {
        let own = xot.element(node).map(|e| e.name());
        match requirement {
            Resolved::Never => false,
            Resolved::Attribute(name) => own.is_some() && xot.get_attribute(node, *name).is_some(),
            Resolved::AnyAttribute(names) => {
                own.is_some()
                    && names
                        .iter()
                        .any(|name| xot.get_attribute(node, *name).is_some())
            }
            Resolved::Ancestor(names) => names.iter().any(|name| {
                let open = self.open_names.get(name).copied().unwrap_or(0);
                open > u32::from(own == Some(*name))
            }),
            // `*[1]` of a node that is not an element or the document is
            // empty, and so is its local name.
            Resolved::FirstChildNamed(local) => xot
                .children(node)
                .find(|child| xot.is_element(*child))
                .and_then(|child| xot.element(child))
                .is_some_and(|element| xot.local_name_str(element.name()) == local),
            Resolved::NoText => is_white_space_only(xot, node),
            Resolved::AnyOf(requirements) => requirements
                .iter()
                .any(|requirement| self.holds(xot, node, requirement)),
        }
    }
}

/// Whether the string value of `node` is XPath white space alone (what
/// `normalize-space(.) = ''` tests): the text of an element's (or the
/// document's) descendants, an attribute's value, a text node's text.
/// Other nodes are taken as not white space, so the test is evaluated.
fn is_white_space_only(xot: &Xot, node: Node) -> bool {
    let white = |text: &str| text.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
    match xot.value(node) {
        xot::Value::Element(_) | xot::Value::Document => xot
            .descendants(node)
            .all(|descendant| xot.text_str(descendant).is_none_or(white)),
        xot::Value::Attribute(attribute) => white(attribute.value()),
        xot::Value::Text(text) => white(text.get()),
        _ => false,
    }
}

/// The requirements of every check of every rule, with names resolved in
/// the document of `xot` (none for a rule that does not compile).
fn resolve_requirements(compiled: &Compiled, xot: &Xot) -> Vec<Vec<Vec<Resolved>>> {
    compiled
        .rules
        .iter()
        .map(|rule| {
            let Ok(rule) = rule else { return Vec::new() };
            rule.requires
                .iter()
                .map(|requires| {
                    requires
                        .iter()
                        .map(|requirement| resolve_requirement(xot, requirement))
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// `requirement` with its names resolved in the document of `xot`.
fn resolve_requirement(xot: &Xot, requirement: &Requirement) -> Resolved {
    let name =
        |(uri, local): &(String, String)| xot.namespace(uri).and_then(|ns| xot.name_ns(local, ns));
    match requirement {
        Requirement::Attribute(uri, local) => {
            name(&(uri.clone(), local.clone())).map_or(Resolved::Never, Resolved::Attribute)
        }
        Requirement::AnyAttribute(names) => {
            let names: Vec<NameId> = names.iter().filter_map(name).collect();
            if names.is_empty() {
                Resolved::Never
            } else {
                Resolved::AnyAttribute(names)
            }
        }
        Requirement::Ancestor(names) => {
            let names: Vec<NameId> = names.iter().filter_map(name).collect();
            if names.is_empty() {
                Resolved::Never
            } else {
                Resolved::Ancestor(names)
            }
        }
        Requirement::FirstChildNamed(local) => Resolved::FirstChildNamed(local.clone()),
        Requirement::NoText => Resolved::NoText,
        Requirement::AnyOf(requirements) => Resolved::AnyOf(
            requirements
                .iter()
                .map(|requirement| resolve_requirement(xot, requirement))
                .collect(),
        ),
    }
}

/// Whether `node`'s parent, its parent and so on are elements with these
/// names (innermost first); an attribute's parent is its element.
fn has_parents(xot: &Xot, node: Node, names: &[Option<NameId>]) -> bool {
    let mut current = node;
    names.iter().all(|name| {
        let Some(parent) = xot.parent(current) else {
            return false;
        };
        current = parent;
        name.is_some() && xot.element(parent).map(|e| e.name()) == *name
    })
}

fn xot_is_element(document: &Document, node: Node) -> bool {
    document.documents.xot().is_element(node)
}

/// The node after `node` in document order among the normal (not
/// attribute or namespace) descendants of `root`.
fn following_in_order(xot: &Xot, node: Node, root: Node) -> Option<Node> {
    if let Some(child) = xot.first_child(node) {
        return Some(child);
    }
    let mut current = node;
    while current != root {
        if let Some(sibling) = xot.next_sibling(current) {
            return Some(sibling);
        }
        current = xot.parent(current)?;
    }
    None
}

#[cfg(test)]
mod tests;
