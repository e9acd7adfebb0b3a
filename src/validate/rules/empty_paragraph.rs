//! Rule: no paragraph is empty.

use super::{Rule, Tree, empty_elements};
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "teikit::rules::empty-paragraph",
    description: "no <p> is empty",
    fix: "remove the empty <p>, or put the missing text (or a <gap/>) in it",
    check,
};

fn check(tree: &Tree) -> Vec<Diagnostic> {
    empty_elements(tree, "p", RULE.code, "empty paragraph")
}
