//! The legend of editorial marks: a sample of each mark, styled as in the
//! text, and what it means.

use serde::Serialize;

use crate::export::html::inline::explain;
use crate::export::html::markup::Html;

#[derive(Debug, Serialize)]
pub struct LegendEntry {
    pub sample_html: String,
    pub text: &'static str,
}

/// The legend: a sample of each mark, styled as in the text, and what it means.
pub(super) fn legend() -> Vec<LegendEntry> {
    let mark = |class: &str, title: &str, text: &str| {
        let class = format!("mark {class}");
        let mut html = Html::new();
        html.start("span", &[("class", &class), ("title", title)])
            .text(text)
            .markup("</span>");
        html
    };
    vec![
        LegendEntry {
            sample_html: mark("mark-gap", explain::GAP, "<…>").into_string(),
            text: "Omission: the editor left out part of the text.",
        },
        LegendEntry {
            sample_html: mark("mark-supplied", explain::SUPPLIED, "[word]").into_string(),
            text: "Supplied text: words the editor added, in square brackets.",
        },
        LegendEntry {
            sample_html: mark("mark-gloss", explain::GLOSS, "[explanation]").into_string(),
            text: "Gloss: an explanation the editor added, in square brackets.",
        },
        LegendEntry {
            sample_html: {
                let mut html = Html::new();
                html.start("span", &[("class", "expan")])
                    .markup("L")
                    .fragment(&mark("mark-ex", explain::EXPANSION, "[egran]"))
                    .markup("</span>");
                html.into_string()
            },
            text: "Expansion: the editor completed an abbreviated name.",
        },
        LegendEntry {
            sample_html: mark("mark-underline", explain::UNDERLINE, "underlined").into_string(),
            text: "Underlined in the original document.",
        },
        LegendEntry {
            sample_html: mark("mark-ellipsis", explain::ELLIPSIS, "…").into_string(),
            text: "Ellipsis that stands in the original document.",
        },
        LegendEntry {
            sample_html: mark(
                "mark-corr",
                &format!("{} misspelling", explain::CORR),
                "correction",
            )
            .into_string(),
            text: "Correction: the editor corrected an error of the original; hover to see the original reading.",
        },
        LegendEntry {
            sample_html: mark("mark-emphasis-note", explain::EMPHASIS, "(Emphasis added)")
                .into_string(),
            text: "Emphasis added by the editor: the edition’s note is kept, the emphasised words are not marked.",
        },
        LegendEntry {
            sample_html: Html::new()
                .start("sup", &[("class", "fn-ref")])
                .markup("1</sup>")
                .as_str()
                .to_string(),
            text: "Footnote by the editor: follow the number to the note and back.",
        },
        LegendEntry {
            sample_html: mark("mark-anchor", explain::ANCHOR, "*").into_string(),
            text: "Note anchor of the original whose note is missing.",
        },
    ]
}
