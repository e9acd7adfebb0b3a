//! Rule: no paragraph is empty.

use super::{Rule, Tree, is_empty, named, parent_name};
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "teikit::rules::empty-paragraph",
    description: "no <p> is empty",
    fix: "remove the empty <p>, or put the missing text (or a <gap/>) in it",
    check,
};

fn check(tree: &Tree) -> Vec<Diagnostic> {
    named(tree, "p")
        .filter(|&id| is_empty(tree, id))
        .filter_map(|id| {
            let element = tree.element(id)?;
            Some(
                Diagnostic::error(
                    RULE.code,
                    element.span,
                    format!("empty <p> in <{}>", parent_name(tree, id)),
                )
                .with_label("empty paragraph"),
            )
        })
        .collect()
}
