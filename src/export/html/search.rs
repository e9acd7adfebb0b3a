//! The search index of the HTML edition: every document's number, title, date
//! and the plain text of each block under its stable id, as a script that sets
//! `window.TEIKIT_SEARCH_INDEX`. A script file, not JSON, because a page opened
//! from disk (`file://`) may load scripts but not fetch() files.

use super::view::DocumentSummary;
use crate::export::json_string::{Flavour, push_json_content};
use crate::export::scan;
use crate::model::{BlockKind, Inline, for_each_plain_text};

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
    out.push('"');
    push_json_content(out, s, Flavour::Script);
    out.push('"');
}

/// What a reader sees of a block, as one line: the words of its plain
/// text, each once, made as the text is walked (no copy of the text first).
pub(super) fn block_text(kind: &BlockKind) -> String {
    let mut line = Words::default();
    match kind {
        BlockKind::Paragraph(c) => line.push_inlines(c),
        BlockKind::List { items, .. } => {
            for item in items {
                line.push_inlines(&item.content);
            }
        }
        BlockKind::Speech {
            speaker, content, ..
        } => {
            line.push_inlines(speaker);
            line.push_inlines(content);
        }
        BlockKind::Gap => {}
        BlockKind::Other(e) => line.push_inlines(&e.content),
    }
    line.line
}

/// A line of words built from pieces of text: what `split_whitespace` of
/// their concatenation joined by single spaces would give.
#[derive(Default)]
struct Words {
    line: String,
    /// Whether white space came since the last word (a space goes before
    /// the next word, unless the line is empty).
    space: bool,
}

impl Words {
    /// Appends the plain text of `content` as words; its first word is
    /// separated from the line's last, like a new text.
    fn push_inlines(&mut self, content: &[Inline]) {
        self.space = true;
        for_each_plain_text(content, &mut |piece| self.push(piece));
    }

    /// Appends `piece`, which continues the text (a word may go on in it).
    /// Text whose words are apart by single spaces already, most text, is
    /// copied as it is, not word by word; only other white space splits it.
    fn push(&mut self, piece: &str) {
        let bytes = piece.as_bytes();
        let (mut run, mut at) = (0, 0);
        while at < bytes.len() {
            if at > run {
                // Within a run: on to the next byte that may end it.
                match bytes
                    .get(at..)
                    .and_then(|rest| scan::position_pair(rest, may_end_run))
                {
                    Some(skip) => at += skip,
                    None => break,
                }
            }
            let space = space_at(piece, at);
            if space == 0 {
                at += 1;
                continue;
            }
            // One space between two words of the run: kept.
            if bytes[at] == b' ' && at > run && at + 1 < bytes.len() && space_at(piece, at + 1) == 0
            {
                at += 1;
                continue;
            }
            self.push_words(piece.get(run..at).unwrap_or_default());
            self.space = true;
            at += space;
            run = at;
        }
        self.push_words(piece.get(run..).unwrap_or_default());
    }

    /// Appends words apart by single spaces (none if empty).
    fn push_words(&mut self, words: &str) {
        if !words.is_empty() {
            if self.space && !self.line.is_empty() {
                self.line.push(' ');
            }
            self.space = false;
            self.line.push_str(words);
        }
    }
}

/// Whether the byte `b`, followed by `next` (0 at the end), may end a run of
/// words apart by single spaces: white space other than one space, or a
/// space before white space or the end. A superset, cheap to check sixteen
/// bytes at once; [`space_at`] decides.
#[inline(always)]
fn may_end_run(b: u8, next: u8) -> bool {
    may_begin_space(b) | ((b == b' ') & ((next == b' ') | may_begin_space(next)))
}

/// Whether `b` may begin a white-space character other than a space: the
/// ASCII controls up to CR (with 0, which stands for the end), and the
/// first bytes of the others (C2; E1, E2, E3, with E0).
#[inline(always)]
fn may_begin_space(b: u8) -> bool {
    (b <= 0x0D) | (b == 0xC2) | (b & 0xFC == 0xE0)
}

/// The length of the white-space character (`char::is_whitespace`) that
/// begins at byte `at` of `text`, or 0. A character outside ASCII is decoded
/// only if it may be a space: they all begin with one of four bytes, which
/// only ever begin a character.
#[inline]
fn space_at(text: &str, at: usize) -> usize {
    match text.as_bytes().get(at) {
        Some(b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') => 1,
        Some(0xC2 | 0xE1 | 0xE2 | 0xE3) => match text.get(at..).and_then(|r| r.chars().next()) {
            Some(c) if c.is_whitespace() => c.len_utf8(),
            _ => 0,
        },
        _ => 0,
    }
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

    /// The words of `texts` (each a list of pieces) as the search made them
    /// before the chunked scan: every byte that may begin white space looked
    /// at in turn. The oracle of the chunked [`Words::push`].
    fn words_byte_by_byte(texts: &[Vec<String>]) -> String {
        fn push_words(line: &mut String, space: &mut bool, words: &str) {
            if !words.is_empty() {
                if *space && !line.is_empty() {
                    line.push(' ');
                }
                *space = false;
                line.push_str(words);
            }
        }
        let mut line = String::new();
        for pieces in texts {
            let mut space = true;
            for piece in pieces {
                let (mut run, mut at) = (0, 0);
                while let Some(skip) = piece.as_bytes().get(at..).and_then(|rest| {
                    rest.iter()
                        .position(|&b| matches!(b, 0x09..=0x0D | 0x20 | 0xC2 | 0xE1..=0xE3))
                }) {
                    at += skip;
                    let space_len = space_at(piece, at);
                    if space_len == 0
                        || (piece.as_bytes()[at] == b' '
                            && at > run
                            && at + 1 < piece.len()
                            && space_at(piece, at + 1) == 0)
                    {
                        at += 1;
                        continue;
                    }
                    push_words(&mut line, &mut space, &piece[run..at]);
                    space = true;
                    at += space_len;
                    run = at;
                }
                push_words(&mut line, &mut space, &piece[run..]);
            }
        }
        line
    }

    proptest! {
        /// Texts of words, single and other spaces, of pieces that split
        /// words and spaces, longer and shorter than a chunk.
        #[test]
        fn words_equal_the_byte_by_byte_words(
            texts in prop::collection::vec(
                prop::collection::vec(
                    prop_oneof![
                        "\\PC{0,40}",
                        "[ab \t\n\u{0}\u{a0}\u{ab}\u{2003}\u{2013}\u{2028}\u{3000}\u{3001}]{0,40}",
                        "([a-zа-я’]{1,8} ){0,6}[a-z]{0,3}",
                    ],
                    0..4,
                ),
                0..4,
            )
        ) {
            let pieces: Vec<Vec<&str>> =
                texts.iter().map(|t| t.iter().map(String::as_str).collect()).collect();
            let pieces: Vec<&[&str]> = pieces.iter().map(Vec::as_slice).collect();
            prop_assert_eq!(words(&pieces), words_byte_by_byte(&texts));
        }
    }

    /// The line of `pieces`, each list a text continued piece by piece.
    fn words(texts: &[&[&str]]) -> String {
        let mut line = Words::default();
        for pieces in texts {
            line.space = true;
            for piece in *pieces {
                line.push(piece);
            }
        }
        line.line
    }

    #[test]
    fn block_text_is_one_line_of_words() {
        for (texts, expect) in [
            (&[&["  a \n b\tc  "][..]][..], "a b c"),
            (&[&[""]], ""),
            (&[&["x"]], "x"),
            // A word goes on across the pieces of one text…
            (&[&["ab", "cd ", " e", "f"]], "abcd ef"),
            (&[&["a\u{a0}", "\u{2003}b"]], "a b"),
            // …but not from one text to the next.
            (&[&["a"], &[" b  c "]], "a b c"),
            (&[&["a"], &["b"], &[""], &["  "], &["c"]], "a b c"),
            (&[&[" "], &["b"]], "b"),
            // Single spaces are kept as they are; other white space is not.
            (&[&["a b  c d", " e f ", "g h"]], "a b c d e f g h"),
            (&[&["a b", "c d"], &["e f"]], "a bc d e f"),
            (&[&["a b \u{a0}c d\u{a0} e"]], "a b c d e"),
            (&[&[" a b", " "], &["c "]], "a b c"),
            (
                &[&[
                    "a\u{85}b\u{1680}c\u{2000}d\u{200a}e\u{2028}f\u{2029}g\u{202f}h\u{205f}i\u{3000}j\u{b}k\u{c}l\rm",
                ]],
                "a b c d e f g h i j k l m",
            ),
            // Across and at the ends of the chunks the search checks at once.
            (&[&["0123456789abcde  x"]], "0123456789abcde x"),
            (&[&["0123456789 abcde\u{2003}f"]], "0123456789 abcde f"),
            (
                &[&["0123456789abcdef ", "0123456789abcdef "]],
                "0123456789abcdef 0123456789abcdef",
            ),
            (
                &[&[" 0123456789abcdef0123456789abcdef0123 \n"]],
                "0123456789abcdef0123456789abcdef0123",
            ),
            // Not spaces, though they begin like some.
            (
                &[&["ä–’…\u{200b}x\u{3001}y\u{1681}é"]],
                "ä–’…\u{200b}x\u{3001}y\u{1681}é",
            ),
        ] {
            let joined: Vec<String> = texts.iter().map(|p| p.concat()).collect();
            let reference = joined
                .iter()
                .flat_map(|t| t.split_whitespace())
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(reference, expect, "{texts:?}");
            assert_eq!(words(texts), expect, "{texts:?}");
        }
    }

    #[test]
    fn words_split_where_split_whitespace_does() {
        for c in (0..0x3100)
            .chain(0xFE00..0x10000)
            .filter_map(char::from_u32)
        {
            let text = format!("a{c}b {c}d e {c} f{c} g");
            let expect = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(words(&[&[&text]]), expect, "U+{:04X}", c as u32);
        }
    }
}
