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
    // The usual entry: one mark and what it means.
    let entry = |class: &str, title: &str, sample: &str, text: &'static str| LegendEntry {
        sample_html: mark(class, title, sample).into_string(),
        text,
    };
    vec![
        entry(
            "mark-gap",
            explain::GAP,
            "<…>",
            "Omission: the editor left out part of the text.",
        ),
        entry(
            "mark-supplied",
            explain::SUPPLIED,
            "[word]",
            "Supplied text: words the editor added, in square brackets.",
        ),
        entry(
            "mark-gloss",
            explain::GLOSS,
            "[explanation]",
            "Gloss: an explanation the editor added, in square brackets.",
        ),
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
        entry(
            "mark-underline",
            explain::UNDERLINE,
            "underlined",
            "Underlined in the original document.",
        ),
        entry(
            "mark-ellipsis",
            explain::ELLIPSIS,
            "…",
            "Ellipsis that stands in the original document.",
        ),
        entry(
            "mark-corr",
            &format!("{} misspelling", explain::CORR),
            "correction",
            "Correction: the editor corrected an error of the original; hover to see the original reading.",
        ),
        entry(
            "mark-emphasis-note",
            explain::EMPHASIS,
            "(Emphasis added)",
            "Emphasis added by the editor: the edition’s note is kept, the emphasised words are not marked.",
        ),
        LegendEntry {
            sample_html: Html::new()
                .start("sup", &[("class", "fn-ref")])
                .markup("1</sup>")
                .as_str()
                .to_string(),
            text: "Footnote by the editor: follow the number to the note and back.",
        },
        entry(
            "mark-anchor",
            explain::ANCHOR,
            "*",
            "Note anchor of the original whose note is missing.",
        ),
    ]
}
