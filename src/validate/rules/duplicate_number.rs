//! Rule: no two documents carry the same number (@n of div type="document").

use super::{Rule, Tree, documents, repeats};
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "teikit::rules::duplicate-number",
    description: "document numbers (@n of div type=\"document\") are unique",
    fix: "correct the @n of one of the documents (and its xml:id)",
    check,
};

fn check(tree: &Tree) -> Vec<Diagnostic> {
    let numbers = documents(tree)
        .filter_map(|id| tree.element(id)?.attribute("n"))
        .map(|n| (n.value.trim(), n.span));
    repeats(numbers)
        .into_iter()
        .map(|(value, span, earlier)| {
            let message = format!("document number {value} occurs twice");
            Diagnostic::error(RULE.code, span, message)
                .with_label("second document with this number")
                .with_secondary(earlier, "first")
        })
        .collect()
}
