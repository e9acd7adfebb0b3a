//! The search index of the HTML edition: every document's number, title, date
//! and the plain text of each block under its stable id, as a script that sets
//! `window.TEIKIT_SEARCH_INDEX`. A script file, not JSON, because a page opened
//! from disk (`file://`) may load scripts but not fetch() files.

use super::view::DocumentSummary;
use crate::export::json_string::{self, Flavour};
use crate::export::words::Words;
use crate::model::BlockKind;

/// One document's entry of the index: the JSON of `{href, label, title,
/// date, paragraphs}`, `paragraphs` being `[block id, text]` pairs in
/// reading order, written here rather than by serde_json, so that each
/// string is escaped in one pass (see `push_json_string`). Made beside the
/// document's page, on the pool, so that at the end of a large site the
/// index is only joined, not written out while nothing else runs.
pub(super) fn index_entry(
    href: &str,
    label: &str,
    title_text: &str,
    date: Option<&str>,
    paragraphs: &[(String, String)],
) -> String {
    let texts: usize = paragraphs
        .iter()
        .map(|(id, text)| id.len() + text.len() + 8)
        .sum();
    // Room for every field and a few escapes: an entry that outgrows its
    // first block is copied into one twice its size, which then holds
    // memory half empty until the index is written.
    let fields = href.len() + label.len() + title_text.len() + date.map_or(4, str::len) + 64;
    let mut entry = String::with_capacity(texts + fields + texts / 64);
    let title = if title_text.is_empty() {
        label
    } else {
        title_text
    };
    entry.push_str("{\"href\":");
    push_json_string(&mut entry, href);
    entry.push_str(",\"label\":");
    push_json_string(&mut entry, label);
    entry.push_str(",\"title\":");
    push_json_string(&mut entry, title);
    entry.push_str(",\"date\":");
    match date {
        Some(date) => push_json_string(&mut entry, date),
        None => entry.push_str("null"),
    }
    entry.push_str(",\"paragraphs\":[");
    for (j, (id, text)) in paragraphs.iter().enumerate() {
        entry.push_str(if j > 0 { ",[" } else { "[" });
        push_json_string(&mut entry, id);
        entry.push(',');
        push_json_string(&mut entry, text);
        entry.push(']');
    }
    entry.push_str("]}");
    entry
}

/// The index as JavaScript, safe to inline in a `<script>` element too: the
/// documents' entries ([`DocumentSummary::search_entry`]) as one JSON array.
pub fn search_index_script(documents: &[DocumentSummary]) -> String {
    const PREFIX: &str = "window.TEIKIT_SEARCH_INDEX = [";
    const SUFFIX: &str = "];\n";
    let entries: usize = documents.iter().map(|d| d.search_entry.len() + 1).sum();
    let mut script = String::with_capacity(PREFIX.len() + entries + SUFFIX.len());
    script.push_str(PREFIX);
    for (k, doc) in documents.iter().enumerate() {
        if k > 0 {
            script.push(',');
        }
        script.push_str(&doc.search_entry);
    }
    script.push_str(SUFFIX);
    script
}

/// Writes `s` as a JSON string, as serde_json would, that also cannot end a
/// `<script>` element or break a JavaScript string ([`Flavour::Script`]).
fn push_json_string(out: &mut String, s: &str) {
    json_string::push_json_string(out, &[s], Flavour::Script);
}

/// What a reader sees of a block, as one line: the words of its plain
/// text, each once, made as the text is walked (no copy of the text first).
pub(super) fn block_text(kind: &BlockKind) -> String {
    let mut line = String::new();
    let mut words = Words::new(&mut line);
    match kind {
        BlockKind::Paragraph(c) => words.push_inlines(c),
        BlockKind::List { items, .. } => {
            for item in items {
                words.push_inlines(&item.content);
            }
        }
        BlockKind::Speech {
            speaker, content, ..
        } => {
            words.push_inlines(speaker);
            words.push_inlines(content);
        }
        BlockKind::Gap => {}
        BlockKind::Other(e) => words.push_inlines(&e.content),
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What a document gives the index, in the tests.
    struct Entry {
        href: String,
        label: String,
        title_text: String,
        date: Option<String>,
        paragraphs: Vec<(String, String)>,
    }

    /// The index as serde_json wrote it with the `ScriptSafe` formatter
    /// below, before `index_entry` wrote it itself: its oracle.
    fn serde_index_script(documents: &[Entry]) -> String {
        #[derive(serde::Serialize)]
        struct IndexedDocument<'a> {
            href: &'a str,
            label: &'a str,
            title: &'a str,
            date: Option<&'a str>,
            paragraphs: &'a [(String, String)],
        }
        let docs: Vec<IndexedDocument> = documents
            .iter()
            .map(|doc| IndexedDocument {
                href: &doc.href,
                label: &doc.label,
                title: if doc.title_text.is_empty() {
                    &doc.label
                } else {
                    &doc.title_text
                },
                date: doc.date.as_deref(),
                paragraphs: &doc.paragraphs,
            })
            .collect();
        let mut script = b"window.TEIKIT_SEARCH_INDEX = ".to_vec();
        let mut json = serde_json::Serializer::with_formatter(&mut script, ScriptSafe);
        serde::Serialize::serialize(&docs, &mut json).unwrap();
        script.extend_from_slice(b";\n");
        String::from_utf8(script).unwrap()
    }

    /// JSON that cannot end a `<script>` element or break a JavaScript string:
    /// `<` only occurs inside JSON strings, where `\u003c` means the same; so do
    /// U+2028 and U+2029, which end a line in older JavaScript. Escaped as the
    /// strings are written, not in a pass over the whole index afterwards.
    struct ScriptSafe;

    impl serde_json::ser::Formatter for ScriptSafe {
        fn write_string_fragment<W: ?Sized + std::io::Write>(
            &mut self,
            writer: &mut W,
            fragment: &str,
        ) -> std::io::Result<()> {
            let mut rest = fragment;
            // `<` is one byte; U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
            while let Some(at) = memchr::memchr2(b'<', 0xE2, rest.as_bytes()) {
                writer.write_all(&rest.as_bytes()[..at])?;
                let (escaped, len) = match rest[at..].chars().next() {
                    Some('<') => ("\\u003c", 1),
                    Some('\u{2028}') => ("\\u2028", 3),
                    Some('\u{2029}') => ("\\u2029", 3),
                    // Another character starting with E2 (–, ’, …): kept as it is.
                    Some(c) => {
                        writer.write_all(&rest.as_bytes()[at..at + c.len_utf8()])?;
                        rest = &rest[at + c.len_utf8()..];
                        continue;
                    }
                    None => break,
                };
                writer.write_all(escaped.as_bytes())?;
                rest = &rest[at + len..];
            }
            writer.write_all(rest.as_bytes())
        }
    }

    fn script_json(text: &str) -> String {
        let mut out = String::new();
        push_json_string(&mut out, text);
        out
    }

    fn entry(strings: &[String], date: Option<String>, paragraphs: usize) -> Entry {
        let at = |i: usize| {
            strings
                .get(i % strings.len().max(1))
                .cloned()
                .unwrap_or_default()
        };
        Entry {
            href: at(0),
            label: at(1),
            title_text: at(2),
            date,
            paragraphs: (0..paragraphs).map(|i| (at(3 + i), at(4 + i))).collect(),
        }
    }

    /// The summary the index reads of `entry`.
    fn summary(entry: &Entry) -> DocumentSummary {
        DocumentSummary {
            href: entry.href.clone(),
            label: entry.label.clone(),
            label_note: None,
            title_text: entry.title_text.clone(),
            date_html: None,
            place: None,
            persons: Vec::new(),
            places: Vec::new(),
            repositories: Vec::new(),
            date_range: None,
            search_entry: index_entry(
                &entry.href,
                &entry.label,
                &entry.title_text,
                entry.date.as_deref(),
                &entry.paragraphs,
            ),
        }
    }

    proptest! {
        #[test]
        fn json_strings_equal_serde_jsons(
            text in prop_oneof![
                "\\PC*",
                "[a<>\"\\\\/\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f}\u{7f}–\u{2028}\u{2029}\u{2027}\u{202a}]{0,40}",
                ".{0,40}",
            ]
        ) {
            let mut oracle = Vec::new();
            let mut json = serde_json::Serializer::with_formatter(&mut oracle, ScriptSafe);
            serde::Serialize::serialize(&text, &mut json).unwrap();
            prop_assert_eq!(script_json(&text), String::from_utf8(oracle).unwrap());
        }

        #[test]
        fn the_index_equals_serde_jsons(
            strings in prop::collection::vec("[a<\"\u{2028} ]{0,6}|\\PC{0,10}", 0..6),
            documents in prop::collection::vec((any::<bool>(), 0..4usize), 0..4),
        ) {
            let entries: Vec<Entry> = documents
                .iter()
                .enumerate()
                .map(|(i, &(dated, paragraphs))| {
                    let date = dated.then(|| format!("{i} <"));
                    entry(&strings, date, paragraphs)
                })
                .collect();
            let documents: Vec<DocumentSummary> = entries.iter().map(summary).collect();
            prop_assert_eq!(search_index_script(&documents), serde_index_script(&entries));
        }
    }

    #[test]
    fn inlined_json_cannot_close_the_script() {
        for (input, expect) in [
            ("</script>", r#""\u003c/script>""#),
            ("a\u{2028}b\u{2029}", r#""a\u2028b\u2029""#),
            ("quote \" and <<", r#""quote \" and \u003c\u003c""#),
            ("plain ü", r#""plain ü""#),
            ("– ’ … \u{2028}–", r#""– ’ … \u2028–""#),
            (
                "a\\b\u{0}\u{8}\t\n\u{b}\u{c}\r\u{1f}\u{7f}",
                "\"a\\\\b\\u0000\\b\\t\\n\\u000b\\f\\r\\u001f\u{7f}\"",
            ),
            // U+2028 at the end, cut short, and its neighbours.
            ("\u{2027}\u{202a}\u{2028}", "\"\u{2027}\u{202a}\\u2028\""),
        ] {
            assert_eq!(script_json(input), expect, "{input:?}");
        }
    }
}
