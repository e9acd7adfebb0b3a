//! CSL-JSON of citations, written straight into one string in the layout
//! the file has always had: serde_json's pretty printing (two spaces an
//! indent level, `"name": value`) of an array of objects whose names are in
//! byte order (serde_json's sorted map), so the same edition gives the same
//! bytes. An item's shape is fixed, so it is written line by line rather
//! than through a serialiser (which spent most of its time on indentation
//! and per-field bookkeeping); the tests hold it to serde_json's output.

use std::fmt::Write as _;

use super::Citation;
use crate::export::json_string::{self, Flavour};

/// These citations as a CSL-JSON array, with a line break at the end.
pub fn csl_json(citations: &[Citation]) -> String {
    let mut out = String::with_capacity(64 + 1024 * citations.len());
    if citations.is_empty() {
        out.push_str("[]\n");
        return out;
    }
    out.push_str("[\n");
    for (k, c) in citations.iter().enumerate() {
        if k > 0 {
            out.push_str(",\n");
        }
        push_item(c, &mut out);
    }
    out.push_str("\n]\n");
    out
}

/// Appends one item (type `manuscript`), at the array's indent, without the
/// comma or line break after it. The names in byte order: `URL`, `archive`,
/// `archive-place`, `archive_location`, `container-title`, `editor`, `id`,
/// `issued`, `language`, `number`, `publisher`, `title`, `type`; `type` is
/// always there and last, so every other line ends with a comma.
fn push_item(c: &Citation, out: &mut String) {
    out.push_str("  {\n");
    push_string_field("    \"URL\": ", c.url.as_deref(), out);
    push_string_field("    \"archive\": ", c.archive.as_deref(), out);
    push_string_field("    \"archive-place\": ", c.archive_place.as_deref(), out);
    push_string_field("    \"archive_location\": ", c.shelfmark.as_deref(), out);
    push_string_field("    \"container-title\": ", Some(&c.edition), out);
    if let Some(editor) = &c.editor {
        out.push_str("    \"editor\": [\n      {\n        \"literal\": ");
        push_json_string(&[editor], out);
        out.push_str("\n      }\n    ],\n");
    }
    push_string_field("    \"id\": ", Some(&c.key), out);
    push_issued(c, out);
    push_string_field("    \"language\": ", c.language.as_deref(), out);
    push_string_field("    \"number\": ", c.number.as_deref(), out);
    push_string_field("    \"publisher\": ", c.publisher.as_deref(), out);
    out.push_str("    \"title\": ");
    push_json_string(&c.title_pieces(), out);
    out.push_str(",\n    \"type\": \"manuscript\"\n  }");
}

/// Appends the line `"name": "value",` when there is a value; `opening` is
/// the line up to the value, `    "name": `.
fn push_string_field(opening: &str, value: Option<&str>, out: &mut String) {
    if let Some(value) = value {
        out.push_str(opening);
        push_json_string(&[value], out);
        out.push_str(",\n");
    }
}

/// Appends `issued`: the numbers of each ISO date that is all numbers
/// (`date-parts`), else the date as written (`literal`), else nothing.
fn push_issued(c: &Citation, out: &mut String) {
    let mut dates = c
        .date_parts
        .iter()
        .filter_map(|d| date_numbers(d))
        .peekable();
    if dates.peek().is_some() {
        out.push_str("    \"issued\": {\n      \"date-parts\": [\n");
        for (k, numbers) in dates.enumerate() {
            out.push_str(if k > 0 {
                ",\n        [\n"
            } else {
                "        [\n"
            });
            for (i, n) in numbers.iter().enumerate() {
                out.push_str(if i > 0 { ",\n          " } else { "          " });
                let _ = write!(out, "{n}");
            }
            out.push_str("\n        ]");
        }
        out.push_str("\n      ]\n    },\n");
    } else if let Some(text) = &c.date_text {
        out.push_str("    \"issued\": {\n      \"literal\": ");
        push_json_string(&[text], out);
        out.push_str("\n    },\n");
    }
}

/// `1920-11-05` → `[1920, 11, 5]`; `None` unless every part is a number.
pub(super) fn date_numbers(iso: &str) -> Option<Vec<i64>> {
    let parts: Option<Vec<i64>> = iso.split('-').map(|p| p.parse().ok()).collect();
    parts.filter(|p| !p.is_empty())
}

/// Appends the pieces as one JSON string, escaped as serde_json escapes.
pub(super) fn push_json_string(pieces: &[&str], out: &mut String) {
    json_string::push_json_string(out, pieces, Flavour::Plain);
}
