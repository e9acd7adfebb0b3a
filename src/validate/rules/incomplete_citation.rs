//! Rule: every witness citation (`bibl type="witness"`) names a repository and
//! an identifier (an `idno` in its `msIdentifier`).

use super::{Rule, Tree, named_with};
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "teikit::rules::incomplete-citation",
    description: "every witness citation names a repository and an identifier (idno)",
    fix: "add <msIdentifier><repository ref=\"#repo-…\">…</repository><idno type=\"…\">…</idno></msIdentifier> to the citation",
    check,
};

fn check(tree: &Tree) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (_, bibl) in named_with(tree, "bibl", "type", "witness") {
        let mut repository = false;
        let mut identifier = false;
        for child in bibl.child_elements().filter_map(|c| tree.element(c)) {
            if child.name.local != "msIdentifier" {
                continue;
            }
            for part_id in child.child_elements() {
                let Some(part) = tree.element(part_id) else {
                    continue;
                };
                let has_text = !tree.text_of(part_id).trim().is_empty();
                match part.name.local.as_str() {
                    "repository" => repository |= has_text,
                    "idno" => identifier |= has_text,
                    _ => {}
                }
            }
        }
        let missing = match (repository, identifier) {
            (true, true) => continue,
            (false, true) => "a repository",
            (true, false) => "an identifier (idno)",
            (false, false) => "a repository and an identifier (idno)",
        };
        out.push(
            Diagnostic::error(
                RULE.code,
                bibl.span,
                format!("witness citation lacks {missing}"),
            )
            .with_label("incomplete citation"),
        );
    }
    out
}
