//! Rule: every local pointer ("#id" in @target, @ref, @ana, @resp, @corresp,
//! @who) names an xml:id of the file.

use std::collections::HashSet;

use super::{Rule, Tree, xml_id};
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "teikit::rules::dangling-pointer",
    description: "every local pointer (#id in @target, @ref, @ana, @resp, @corresp, @who) resolves",
    fix: "add the xml:id the pointer names, or correct the pointer",
    check,
};

const POINTERS: &[&str] = &["target", "ref", "ana", "resp", "corresp", "who"];

fn check(tree: &Tree) -> Vec<Diagnostic> {
    let ids: HashSet<&str> = tree
        .iter()
        .filter_map(|id| xml_id(tree, id))
        .map(|a| a.value.trim())
        .collect();
    let mut out = Vec::new();
    for id in tree.iter() {
        let Some(element) = tree.element(id) else {
            continue;
        };
        for attribute in &element.attributes {
            if attribute.name.namespace.is_some()
                || !POINTERS.contains(&attribute.name.local.as_str())
            {
                continue;
            }
            for token in attribute.value.split_whitespace() {
                let Some(target) = token.strip_prefix('#') else {
                    continue;
                };
                if !ids.contains(target) {
                    out.push(
                        Diagnostic::error(
                            RULE.code,
                            attribute.span,
                            format!(
                                "@{} of <{}> points to \"#{target}\", which no xml:id names",
                                attribute.name.qname, element.name.qname
                            ),
                        )
                        .with_label("unresolved pointer"),
                    );
                }
            }
        }
    }
    out
}
