//! Rule: every xml:id is unique in the file.

use super::{Rule, Tree, repeats, xml_id};
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "teikit::rules::duplicate-id",
    description: "every xml:id is unique in the file",
    fix: "rename one of the elements' xml:id and update the pointers (#id) that meant it",
    check,
};

fn check(tree: &Tree) -> Vec<Diagnostic> {
    let ids = tree
        .iter()
        .filter_map(|id| xml_id(tree, id))
        .map(|a| (a.value.trim(), a.span));
    repeats(ids)
        .into_iter()
        .map(|(value, span, earlier)| {
            let message = format!("xml:id \"{value}\" is used twice");
            Diagnostic::error(RULE.code, span, message)
                .with_label("second use")
                .with_secondary(earlier, "first use")
        })
        .collect()
}
