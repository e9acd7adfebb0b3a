//! The search index of the HTML edition: every document's number, title, date
//! and the plain text of each block under its stable id, as a script that sets
//! `window.TEIKIT_SEARCH_INDEX`. A script file, not JSON, because a page opened
//! from disk (`file://`) may load scripts but not fetch() files.

use serde::Serialize;

use super::view::SiteView;
use crate::export::facts::document_date;
use crate::model::{BlockKind, Edition, plain_text};

#[derive(Serialize)]
struct IndexedDocument<'a> {
    href: &'a str,
    label: &'a str,
    title: &'a str,
    date: Option<&'a str>,
    /// `[block id, text]` pairs, in reading order.
    paragraphs: Vec<(&'a str, String)>,
}

/// The index as JavaScript, safe to inline in a `<script>` element too.
pub fn search_index_script(edition: &Edition, site: &SiteView) -> String {
    let docs: Vec<IndexedDocument> = edition
        .documents
        .iter()
        .zip(&site.documents)
        .map(|(doc, view)| IndexedDocument {
            href: &view.href,
            label: &view.label,
            title: if view.title_text.is_empty() {
                &view.label
            } else {
                &view.title_text
            },
            date: document_date(doc).map(|d| d.text.as_str()),
            paragraphs: doc
                .blocks
                .iter()
                .zip(&view.blocks)
                .filter_map(|(block, item)| {
                    let text = block_text(&block.kind);
                    (!text.trim().is_empty()).then_some((item.id.as_str(), text))
                })
                .collect(),
        })
        .collect();
    let json = serde_json::to_string(&docs).unwrap_or_else(|_| "[]".to_string());
    format!("window.TEIKIT_SEARCH_INDEX = {};\n", script_safe(&json))
}

/// What a reader sees of a block, as one line.
fn block_text(kind: &BlockKind) -> String {
    let text = match kind {
        BlockKind::Paragraph(c) => plain_text(c),
        BlockKind::List { items, .. } => items
            .iter()
            .map(|i| plain_text(&i.content))
            .collect::<Vec<_>>()
            .join(" "),
        BlockKind::Speech {
            speaker, content, ..
        } => format!("{} {}", plain_text(speaker), plain_text(content)),
        BlockKind::Gap => String::new(),
        BlockKind::Other(e) => plain_text(&e.content),
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// JSON that cannot end a `<script>` element or break a JavaScript string:
/// `<` only occurs inside JSON strings, where `\u003c` means the same.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inlined_json_cannot_close_the_script() {
        for (input, expect) in [
            ("\"</script>\"", "\"\\u003c/script>\""),
            ("\"a\u{2028}b\"", "\"a\\u2028b\""),
            ("\"plain\"", "\"plain\""),
        ] {
            assert_eq!(script_safe(input), expect);
        }
    }
}
