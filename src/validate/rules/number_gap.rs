//! Rule: a gap in the document numbers is reported (a warning: editions may
//! lack documents, but the editor should know).

use super::{Rule, Tree, number_order::numbered};
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "teikit::rules::number-gap",
    description: "document numbers have no gaps (warning)",
    fix: "add the missing documents, or note in the edition why the numbers are absent",
    check,
};

fn check(tree: &Tree) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for pair in numbered(tree).windows(2) {
        let [(before, _), (after, span)] = pair else {
            continue;
        };
        if *after > before.saturating_add(1) {
            let missing = if *after == before.saturating_add(2) {
                format!("document {} is", before + 1)
            } else {
                format!("documents {}–{} are", before + 1, after - 1)
            };
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    *span,
                    format!("{missing} missing between {before} and {after}"),
                )
                .with_label("gap before this document"),
            );
        }
    }
    out
}
