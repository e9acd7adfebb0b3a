//! Text as words apart by single spaces, however its white space falls
//! across the pieces it is read in: the search index's line of a block and
//! a document's title as text. Most text has its words one space apart
//! already, so runs are copied whole; the search for the bytes that may end
//! a run looks at sixteen bytes at a time (`scan::position_pair`).

use super::scan;
use crate::model::{Inline, for_each_plain_text};

/// Words appended to a string from pieces of text: what `split_whitespace`
/// of their concatenation joined by single spaces would give.
pub(super) struct Words<'a> {
    out: &'a mut String,
    /// Where the words began in `out`: no space goes before the first.
    start: usize,
    /// Whether white space came since the last word (a space goes before
    /// the next word, unless none was written yet).
    pub(super) space: bool,
}

impl<'a> Words<'a> {
    /// Words appended to `out` after what it holds.
    pub(super) fn new(out: &'a mut String) -> Self {
        Words {
            start: out.len(),
            out,
            space: false,
        }
    }

    /// Appends the plain text of `content` as words; its first word is
    /// separated from the line's last, like a new text.
    pub(super) fn push_inlines(&mut self, content: &[Inline]) {
        self.space = true;
        for_each_plain_text(content, &mut |piece| self.push(piece));
    }

    /// Appends `piece`, which continues the text (a word may go on in it).
    /// Text whose words are apart by single spaces already, most text, is
    /// copied as it is, not word by word; only other white space splits it.
    pub(super) fn push(&mut self, piece: &str) {
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
            if self.space && self.out.len() > self.start {
                self.out.push(' ');
            }
            self.space = false;
            self.out.push_str(words);
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
        let mut line = String::new();
        let mut words = Words::new(&mut line);
        for pieces in texts {
            words.space = true;
            for piece in *pieces {
                words.push(piece);
            }
        }
        line
    }

    #[test]
    fn pieces_make_one_line_of_words() {
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
