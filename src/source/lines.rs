//! Splits a source into lines with their byte offsets, layout spaces trimmed;
//! finds the control characters a source should not hold.

use std::collections::BTreeMap;

use super::codes;
use crate::diagnostic::Diagnostic;
use crate::model::Span;

/// One line of the source. `text` has no line ending and no layout spaces at
/// either end; `start` is the byte offset of `text` in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number.
    pub number: usize,
    pub start: usize,
    pub text: &'a str,
    /// The line began with layout spaces or tabs.
    pub indented: bool,
}

impl<'a> Line<'a> {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.start + self.text.len())
    }
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// Lines split on LF, CRLF or a lone CR (old Mac and mixed endings).
pub fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut offset = 0;
    let raws = text.split('\n').flat_map(|line| {
        // A CR inside the LF-ended line is a line break of its own.
        let content = line.strip_suffix('\r').unwrap_or(line);
        let crlf = content.len() < line.len();
        let parts: Vec<&str> = content.split('\r').collect();
        let last = parts.len() - 1;
        parts
            .into_iter()
            .enumerate()
            .map(move |(i, part)| (part, if i == last && crlf { 2 } else { 1 }))
    });
    for (index, (content, ending)) in raws.enumerate() {
        let raw_len = content.len() + ending - 1;
        let trimmed_start = content.trim_start_matches([' ', '\t']);
        let lead = content.len() - trimmed_start.len();
        let trimmed = trimmed_start.trim_end_matches([' ', '\t']);
        lines.push(Line {
            number: index + 1,
            start: offset + lead,
            text: trimmed,
            indented: lead > 0,
        });
        offset += raw_len + 1;
    }
    // A final line break does not start another line (a final lone CR was
    // taken as the last line's ending above).
    if text.ends_with('\n') {
        lines.pop();
    }
    lines
}

/// The name of a character XML 1.0 cannot hold (C0 controls but tab, LF and CR;
/// U+FFFE, U+FFFF), or `None` for any other.
fn control_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{8}' => "backspace",
        '\u{b}' => "vertical tab",
        '\u{c}' => "form feed",
        '\u{1b}' => "escape (ESC)",
        '\u{7f}' => return None,
        '\u{0}'..='\u{8}' | '\u{e}'..='\u{1f}' => "control character",
        '\u{fffe}' | '\u{ffff}' => "non-character",
        _ => return None,
    })
}

/// Where a control character was first met (byte offset), up to ten of its
/// places (line, column), and how often it occurs.
type Found = (usize, Vec<(usize, usize)>, usize);

/// One warning per kind of control character in `text`, at its first place,
/// naming the line and column of up to ten of them: XML cannot hold them, so
/// the TEI shows U+FFFD there.
pub fn control_characters(text: &str) -> Vec<Diagnostic> {
    let mut found: BTreeMap<char, Found> = BTreeMap::new();
    let mut line = 1;
    let mut line_start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            line += 1;
            line_start = i + 1;
            continue;
        }
        if control_name(c).is_none() {
            continue;
        }
        let column = text[line_start..i].chars().count() + 1;
        let entry = found.entry(c).or_insert((i, Vec::new(), 0));
        entry.2 += 1;
        if entry.1.len() < 10 {
            entry.1.push((line, column));
        }
    }
    found
        .into_iter()
        .map(|(c, (first, places, count))| {
            let name = control_name(c).unwrap_or("control character");
            let listed: Vec<String> = places.iter().map(|(l, c)| format!("{l}:{c}")).collect();
            let more = if count > places.len() {
                format!(" and {} more", count - places.len())
            } else {
                String::new()
            };
            Diagnostic::warning(
                codes::CONTROL_CHARACTER,
                Span::new(first, first + c.len_utf8()),
                format!(
                    "{name} U+{:04X} at {count} place{} (line:column {}{more})",
                    c as u32,
                    if count == 1 { "" } else { "s" },
                    listed.join(", ")
                ),
            )
            .with_help("XML cannot hold it: the TEI shows U+FFFD there; remove it or replace it with what it stands for")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_survive_crlf_and_layout_spaces() {
        let text = "a\r\n  b c \n\nd";
        let lines = split_lines(text);
        let texts: Vec<_> = lines.iter().map(|l| l.text).collect();
        assert_eq!(texts, ["a", "b c", "", "d"]);
        assert_eq!(&text[lines[1].span().start..lines[1].span().end], "b c");
        assert!(lines[1].indented);
        assert_eq!(lines[3].number, 4);
    }

    #[test]
    fn lone_cr_and_mixed_endings_split_lines() {
        let check = |text: &str, expect: &[&str]| {
            let lines = split_lines(text);
            let texts: Vec<_> = lines.iter().map(|l| l.text).collect();
            assert_eq!(texts, expect, "{text:?}");
            for l in &lines {
                assert_eq!(&text[l.span().start..l.span().end], l.text);
            }
        };
        check("a\rb\rc", &["a", "b", "c"]);
        check("a\r\nb\rc\nd\r", &["a", "b", "c", "d"]);
        check("a\r\rb", &["a", "", "b"]);
    }

    #[test]
    fn control_characters_are_named_with_their_places() {
        let found = control_characters("ab\u{c}\ncd\u{1b}\u{c}\te");
        let messages: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "form feed U+000C at 2 places (line:column 1:3, 2:4)",
                "escape (ESC) U+001B at 1 place (line:column 2:3)",
            ]
        );
        assert_eq!(found[0].span, Span::new(2, 3));
        assert!(control_characters("tab\tand\r\nlines").is_empty());
    }

    #[test]
    fn final_newline_adds_no_line() {
        assert_eq!(split_lines("x\n").len(), 1);
        assert_eq!(split_lines("x\n\n").len(), 2);
    }
}
