//! The legend of editorial marks: a sample of each mark, styled as in the
//! text, and what it means.

use serde::Serialize;

use crate::export::html::inline::{escape, explain};

#[derive(Debug, Serialize)]
pub struct LegendEntry {
    pub sample_html: String,
    pub text: &'static str,
}

/// The legend: a sample of each mark, styled as in the text, and what it means.
pub(super) fn legend() -> Vec<LegendEntry> {
    let mark = |class: &str, title: &str, text: &str| {
        format!(
            "<span class=\"mark {class}\" title=\"{}\">{}</span>",
            escape(title),
            escape(text)
        )
    };
    vec![
        LegendEntry {
            sample_html: mark("mark-gap", explain::GAP, "<…>"),
            text: "Omission: the editor left out part of the text.",
        },
        LegendEntry {
            sample_html: mark("mark-supplied", explain::SUPPLIED, "[word]"),
            text: "Supplied text: words the editor added, in square brackets.",
        },
        LegendEntry {
            sample_html: mark("mark-gloss", explain::GLOSS, "[explanation]"),
            text: "Gloss: an explanation the editor added, in square brackets.",
        },
        LegendEntry {
            sample_html: format!(
                "<span class=\"expan\">L{}</span>",
                mark("mark-ex", explain::EXPANSION, "[egran]")
            ),
            text: "Expansion: the editor completed an abbreviated name.",
        },
        LegendEntry {
            sample_html: mark("mark-underline", explain::UNDERLINE, "underlined"),
            text: "Underlined in the original document.",
        },
        LegendEntry {
            sample_html: mark("mark-ellipsis", explain::ELLIPSIS, "…"),
            text: "Ellipsis that stands in the original document.",
        },
        LegendEntry {
            sample_html: mark(
                "mark-corr",
                &format!("{} misspelling", explain::CORR),
                "correction",
            ),
            text: "Correction: the editor corrected an error of the original; hover to see the original reading.",
        },
        LegendEntry {
            sample_html: mark("mark-emphasis-note", explain::EMPHASIS, "(Emphasis added)"),
            text: "Emphasis added by the editor: the edition’s note is kept, the emphasised words are not marked.",
        },
        LegendEntry {
            sample_html: "<sup class=\"fn-ref\">1</sup>".to_string(),
            text: "Footnote by the editor: follow the number to the note and back.",
        },
        LegendEntry {
            sample_html: mark("mark-anchor", explain::ANCHOR, "*"),
            text: "Note anchor of the original whose note is missing.",
        },
    ]
}
