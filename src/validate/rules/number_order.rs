//! Rule: document numbers ascend in document order.

use super::{Rule, Tree, documents};
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "teikit::rules::number-order",
    description: "document numbers ascend in document order",
    fix: "move the document to its place in the sequence, or correct its @n",
    check,
};

fn check(tree: &Tree) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut previous: Option<(u64, crate::model::Span)> = None;
    for (number, span) in numbered(tree) {
        if let Some((before, before_span)) = previous
            && number < before
        {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    span,
                    format!("document {number} comes after document {before}"),
                )
                .with_label("out of order")
                .with_secondary(before_span, "the higher number before it"),
            );
        }
        if previous.is_none_or(|(before, _)| number > before) {
            previous = Some((number, span));
        }
    }
    out
}

/// Numeric @n of each document, in document order.
pub(super) fn numbered(tree: &Tree) -> Vec<(u64, crate::model::Span)> {
    documents(tree)
        .filter_map(|id| tree.element(id)?.attribute("n"))
        .filter_map(|n| Some((n.value.trim().parse().ok()?, n.span)))
        .collect()
}
