//! Rule: every xml:id is unique in the file.

use std::collections::HashMap;

use super::{Rule, Tree, xml_id};
use crate::diagnostic::Diagnostic;
use crate::model::Span;

pub const RULE: Rule = Rule {
    code: "teikit::rules::duplicate-id",
    description: "every xml:id is unique in the file",
    fix: "rename one of the elements' xml:id and update the pointers (#id) that meant it",
    check,
};

fn check(tree: &Tree) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, Span> = HashMap::new();
    let mut out = Vec::new();
    for id in tree.iter() {
        let Some(attribute) = xml_id(tree, id) else {
            continue;
        };
        let value = attribute.value.trim();
        match first.get(value) {
            Some(earlier) => out.push(
                Diagnostic::error(
                    RULE.code,
                    attribute.span,
                    format!("xml:id \"{value}\" is used twice"),
                )
                .with_label("second use")
                .with_secondary(*earlier, "first use"),
            ),
            None => {
                first.insert(value, attribute.span);
            }
        }
    }
    out
}
