//! Edition rules beyond the schema, one file per rule (ruff style), each with a
//! stable code, a one-line description and a documented fix. [`REGISTRY`] is
//! the list `teikit rules` prints and [`check_all`] runs.

/// Declares the `RULE` of a rule that reports every empty element of one
/// name (empty-head, empty-paragraph): the rule's file holds only its data.
macro_rules! empty_element_rule {
    (
        code: $code:literal,
        element: $element:literal,
        description: $description:literal,
        fix: $fix:literal,
        label: $label:literal $(,)?
    ) => {
        pub const RULE: super::Rule = super::Rule {
            code: $code,
            description: $description,
            fix: $fix,
            check,
        };

        fn check(tree: &super::Tree) -> Vec<crate::diagnostic::Diagnostic> {
            super::empty_elements(tree, $element, RULE.code, $label)
        }
    };
}

mod ambiguous_authority;
mod anchor_without_note;
mod dangling_pointer;
mod duplicate_id;
mod duplicate_number;
mod empty_head;
mod empty_paragraph;
mod impossible_date;
mod incomplete_citation;
mod note_without_anchor;
mod number_gap;
mod number_order;

use std::collections::HashMap;

use super::xml::{Child, Element, Tree, XML_NS};
use crate::diagnostic::Diagnostic;
use crate::model::Span;

/// One edition rule.
pub struct Rule {
    /// Stable code, `teikit::rules::…`.
    pub code: &'static str,
    /// One line: what the rule requires.
    pub description: &'static str,
    /// How to fix a violation.
    pub fix: &'static str,
    pub check: fn(&Tree) -> Vec<Diagnostic>,
}

/// Every edition rule, in the order `teikit rules` lists them.
pub static REGISTRY: &[Rule] = &[
    duplicate_id::RULE,
    dangling_pointer::RULE,
    impossible_date::RULE,
    duplicate_number::RULE,
    number_order::RULE,
    number_gap::RULE,
    note_without_anchor::RULE,
    anchor_without_note::RULE,
    incomplete_citation::RULE,
    empty_paragraph::RULE,
    empty_head::RULE,
    ambiguous_authority::RULE,
];

/// Runs every registered rule; each diagnostic carries its rule's fix as help
/// unless the rule gave a more specific one.
pub fn check_all(tree: &Tree) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in REGISTRY {
        for mut diagnostic in (rule.check)(tree) {
            if diagnostic.help.is_none() {
                diagnostic.help = Some(rule.fix.to_string());
            }
            out.push(diagnostic);
        }
    }
    out
}

/// The rule with this code.
pub fn find(code: &str) -> Option<&'static Rule> {
    REGISTRY.iter().find(|r| r.code == code)
}

/// Elements with this local name, in document order.
fn named<'t>(tree: &'t Tree, local: &'t str) -> impl Iterator<Item = usize> + 't {
    tree.iter()
        .filter(move |&id| tree.element(id).is_some_and(|e| e.name.local == local))
}

/// Elements with this local name whose attribute `attribute` is `value`,
/// with their ids, in document order.
fn named_with<'t>(
    tree: &'t Tree,
    local: &'t str,
    attribute: &'t str,
    value: &'t str,
) -> impl Iterator<Item = (usize, &'t Element)> + 't {
    named(tree, local)
        .filter_map(|id| Some((id, tree.element(id)?)))
        .filter(move |(_, e)| e.attr(attribute) == Some(value))
}

/// `div type="document"` elements, in document order.
fn documents(tree: &Tree) -> impl Iterator<Item = usize> + '_ {
    named_with(tree, "div", "type", "document").map(|(id, _)| id)
}

/// The xml:id attribute of an element, if any.
fn xml_id(tree: &Tree, id: usize) -> Option<&super::xml::Attribute> {
    tree.element(id)?
        .attributes
        .iter()
        .find(|a| a.name.local == "id" && a.name.namespace.as_deref() == Some(XML_NS))
}

/// Whether an element has neither child elements nor non-blank text.
fn is_empty(tree: &Tree, id: usize) -> bool {
    tree.element(id).is_some_and(|e| {
        e.children.iter().all(|c| match c {
            Child::Text(t, _) => t.trim().is_empty(),
            Child::Element(_) => false,
        })
    })
}

/// Every empty element called `local`, reported under `code` with `label`
/// (the shared check of the empty-paragraph and empty-head rules).
fn empty_elements(tree: &Tree, local: &str, code: &'static str, label: &str) -> Vec<Diagnostic> {
    named(tree, local)
        .filter(|&id| is_empty(tree, id))
        .filter_map(|id| {
            let element = tree.element(id)?;
            let message = format!("empty <{local}> in <{}>", parent_name(tree, id));
            Some(Diagnostic::error(code, element.span, message).with_label(label))
        })
        .collect()
}

/// Each repeat of a value among `(value, span)` pairs, in order: its value,
/// its span and the span of the value's first use (the shared check of the
/// duplicate-id and duplicate-number rules).
fn repeats<'t>(values: impl Iterator<Item = (&'t str, Span)>) -> Vec<(&'t str, Span, Span)> {
    let mut first: HashMap<&str, Span> = HashMap::new();
    let mut out = Vec::new();
    for (value, span) in values {
        match first.get(value) {
            Some(earlier) => out.push((value, span, *earlier)),
            None => {
                first.insert(value, span);
            }
        }
    }
    out
}

/// Within which element (local name) an element sits, for messages.
fn parent_name(tree: &Tree, id: usize) -> String {
    tree.element(id)
        .and_then(|e| e.parent)
        .and_then(|p| tree.element(p))
        .map(|p| p.name.qname.clone())
        .unwrap_or_default()
}
