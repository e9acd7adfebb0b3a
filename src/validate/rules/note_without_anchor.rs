//! Rule: every footnote has an anchor: it stands inline at its anchor, or
//! (standing at the document's end) points to its anchors with @target.

use super::{Rule, Tree, named_with};
use crate::diagnostic::Diagnostic;

pub const RULE: Rule = Rule {
    code: "teikit::rules::note-without-anchor",
    description: "every footnote (note place=\"foot\") has an anchor (warning)",
    fix: "move the note to the word it annotates, or add an <anchor> and point to it with @target",
    check,
};

/// Elements a footnote may stand in without being inline in the text.
const BLOCK_LEVEL: &[&str] = &["div", "body", "back", "front"];

fn check(tree: &Tree) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (_, note) in named_with(tree, "note", "place", "foot") {
        let at_block_level = note
            .parent
            .and_then(|p| tree.element(p))
            .is_some_and(|p| BLOCK_LEVEL.contains(&p.name.local.as_str()));
        let has_target = note.attr("target").is_some_and(|t| !t.trim().is_empty());
        if at_block_level && !has_target {
            let n = note.attr("n").unwrap_or("");
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    note.span,
                    format!("footnote \"{n}\" has no anchor"),
                )
                .with_label("no anchor in the text"),
            );
        }
    }
    out
}
