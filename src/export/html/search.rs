//! The search index of the HTML edition: every document's number, title, date
//! and the plain text of each block under its stable id, as a script that sets
//! `window.TEIKIT_SEARCH_INDEX`. A script file, not JSON, because a page opened
//! from disk (`file://`) may load scripts but not fetch() files.

use serde::Serialize;

use super::view::DocumentSummary;
use crate::model::{BlockKind, Inline, for_each_plain_text};

#[derive(Serialize)]
struct IndexedDocument<'a> {
    href: &'a str,
    label: &'a str,
    title: &'a str,
    date: Option<&'a str>,
    /// `[block id, text]` pairs, in reading order.
    paragraphs: &'a [(String, String)],
}

/// One document's entry of the index (number, title, date as printed,
/// `[block id, text]` of each block with words), as script-safe JSON. Made
/// beside the document's page, on the pool, so that at the end of a large
/// site the index is only joined, not written out while nothing else runs.
pub(super) fn index_entry(
    href: &str,
    label: &str,
    title_text: &str,
    date: Option<&str>,
    paragraphs: &[(String, String)],
) -> String {
    let entry = IndexedDocument {
        href,
        label,
        title: if title_text.is_empty() {
            label
        } else {
            title_text
        },
        date,
        paragraphs,
    };
    let mut json = Vec::new();
    if entry
        .serialize(&mut serde_json::Serializer::with_formatter(
            &mut json, ScriptSafe,
        ))
        .is_err()
    {
        json.clear();
    }
    // Only whole JSON strings and punctuation were written.
    String::from_utf8(json).unwrap_or_default()
}

/// The index as JavaScript, safe to inline in a `<script>` element too: the
/// documents' entries ([`DocumentSummary::search_entry`]) as one JSON array,
/// the bytes serde_json gives for the list of them.
pub fn search_index_script(documents: &[DocumentSummary]) -> String {
    const PREFIX: &str = "window.TEIKIT_SEARCH_INDEX = [";
    const SUFFIX: &str = "];\n";
    let entries: usize = documents.iter().map(|d| d.search_entry.len() + 1).sum();
    let mut script = String::with_capacity(PREFIX.len() + entries + SUFFIX.len());
    script.push_str(PREFIX);
    // An entry that could not be made (none can: strings written to
    // memory) is left out rather than break the array.
    let made = documents.iter().filter(|d| !d.search_entry.is_empty());
    for (k, doc) in made.enumerate() {
        if k > 0 {
            script.push(',');
        }
        script.push_str(&doc.search_entry);
    }
    script.push_str(SUFFIX);
    script
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
        let (mut run, mut at) = (0, 0);
        let bytes = piece.as_bytes();
        while let Some(skip) = bytes
            .get(at..)
            .and_then(|rest| rest.iter().position(|&b| MAY_BEGIN_SPACE[usize::from(b)]))
        {
            at += skip;
            let space = space_at(piece, at);
            if space == 0 {
                at += 1;
                continue;
            }
            // One space between two words of the run: kept.
            if piece.as_bytes()[at] == b' '
                && at > run
                && at + 1 < piece.len()
                && space_at(piece, at + 1) == 0
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

/// The bytes that may begin a white-space character: a table, because the
/// search for them runs over every byte of the text.
static MAY_BEGIN_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b, 0x09..=0x0D | 0x20 | 0xC2 | 0xE1 | 0xE2 | 0xE3);
        b += 1;
    }
    table
};

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

#[cfg(test)]
mod tests {
    use super::*;

    fn script_json(text: &str) -> String {
        let mut out = Vec::new();
        let mut json = serde_json::Serializer::with_formatter(&mut out, ScriptSafe);
        let value = serde_json::json!({ "k<": [text] });
        value.serialize(&mut json).ok();
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn inlined_json_cannot_close_the_script() {
        for (input, expect) in [
            ("</script>", r#"{"k\u003c":["\u003c/script>"]}"#),
            ("a\u{2028}b\u{2029}", r#"{"k\u003c":["a\u2028b\u2029"]}"#),
            (
                "quote \" and <<",
                r#"{"k\u003c":["quote \" and \u003c\u003c"]}"#,
            ),
            ("plain ü", r#"{"k\u003c":["plain ü"]}"#),
            ("– ’ … \u{2028}–", r#"{"k\u003c":["– ’ … \u2028–"]}"#),
        ] {
            assert_eq!(script_json(input), expect, "{input:?}");
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
