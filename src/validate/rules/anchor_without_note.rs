//! Rule: every footnote anchor (`<anchor n="…">`) is pointed to by a note.

use std::collections::HashSet;

use super::{Rule, Tree, named, xml_id};
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "teikit::rules::anchor-without-note",
    description: "every footnote anchor (anchor with @n) has a note pointing to it (warning)",
    fix: "add the footnote text as a <note place=\"foot\" target=\"#anchor-id\">, or remove the anchor",
    check,
};

fn check(tree: &Tree) -> Vec<Diagnostic> {
    let targeted: HashSet<&str> = named(tree, "note")
        .filter_map(|id| tree.element(id)?.attr("target"))
        .flat_map(str::split_whitespace)
        .filter_map(|t| t.strip_prefix('#'))
        .collect();
    let mut out = Vec::new();
    for id in named(tree, "anchor") {
        let Some(anchor) = tree.element(id) else {
            continue;
        };
        let Some(n) = anchor.attr("n") else {
            continue;
        };
        let pointed = xml_id(tree, id).is_some_and(|a| targeted.contains(a.value.trim()));
        if !pointed {
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    anchor.span,
                    format!("anchor \"{n}\" has no footnote"),
                )
                .with_label("no note points here"),
            );
        }
    }
    out
}
