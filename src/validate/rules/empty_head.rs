//! Rule: no heading is empty.

use super::{Rule, Tree, empty_elements};
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "teikit::rules::empty-head",
    description: "no <head> is empty",
    fix: "write the document's title in the <head>, or remove it",
    check,
};

fn check(tree: &Tree) -> Vec<Diagnostic> {
    empty_elements(tree, "head", RULE.code, "empty heading")
}
