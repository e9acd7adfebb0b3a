//! Rule: no heading is empty.

use super::{Rule, Tree, is_empty, named, parent_name};
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "teikit::rules::empty-head",
    description: "no <head> is empty",
    fix: "write the document's title in the <head>, or remove it",
    check,
};

fn check(tree: &Tree) -> Vec<Diagnostic> {
    named(tree, "head")
        .filter(|&id| is_empty(tree, id))
        .filter_map(|id| {
            let element = tree.element(id)?;
            Some(
                Diagnostic::error(
                    RULE.code,
                    element.span,
                    format!("empty <head> in <{}>", parent_name(tree, id)),
                )
                .with_label("empty heading"),
            )
        })
        .collect()
}
