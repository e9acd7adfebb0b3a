//! Rule: no two documents carry the same number (@n of div type="document").

use std::collections::HashMap;

use super::{Rule, Tree, documents};
use crate::diagnostic::Diagnostic;
use crate::model::Span;

pub const RULE: Rule = Rule {
    code: "teikit::rules::duplicate-number",
    description: "document numbers (@n of div type=\"document\") are unique",
    fix: "correct the @n of one of the documents (and its xml:id)",
    check,
};

fn check(tree: &Tree) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, Span> = HashMap::new();
    let mut out = Vec::new();
    for id in documents(tree) {
        let Some(n) = tree.element(id).and_then(|e| e.attribute("n")) else {
            continue;
        };
        let value = n.value.trim();
        match first.get(value) {
            Some(earlier) => out.push(
                Diagnostic::error(
                    RULE.code,
                    n.span,
                    format!("document number {value} occurs twice"),
                )
                .with_label("second document with this number")
                .with_secondary(*earlier, "first"),
            ),
            None => {
                first.insert(value, n.span);
            }
        }
    }
    out
}
