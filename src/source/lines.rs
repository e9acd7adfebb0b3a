//! Splits a source into lines with their byte offsets, layout spaces trimmed.

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

/// Lines split on LF; a CR before the LF is dropped (CRLF and mixed endings).
pub fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for (index, raw) in text.split('\n').enumerate() {
        let raw_len = raw.len();
        let content = raw.strip_suffix('\r').unwrap_or(raw);
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
    // A final newline does not start another line.
    if text.ends_with('\n') {
        lines.pop();
    }
    lines
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
    fn final_newline_adds_no_line() {
        assert_eq!(split_lines("x\n").len(), 1);
        assert_eq!(split_lines("x\n\n").len(), 2);
    }
}
