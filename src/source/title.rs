//! Finds a document's title lines, title markings and dateline (docs/encoding.md §2.1
//! rules 4–5, §7.1 rule 14).

use super::conventions::Conventions;
use super::date::{DatelineMatch, dateline_line, trailing_dateline};
use super::lines::Line;
use crate::model::Span;

/// A piece of a line: a whole line, or the rest of a line after a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece<'a> {
    pub line: usize,
    pub start: usize,
    pub text: &'a str,
}

impl<'a> Piece<'a> {
    pub fn from_line(line: &Line<'a>) -> Self {
        Piece {
            line: line.number,
            start: line.start,
            text: line.text,
        }
    }
    pub fn span(&self) -> Span {
        Span::new(self.start, self.start + self.text.len())
    }
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
    /// The sub-piece `range` (byte offsets into `text`).
    pub fn slice(&self, from: usize, to: usize) -> Piece<'a> {
        Piece {
            line: self.line,
            start: self.start + from,
            text: &self.text[from..to],
        }
    }
}

/// What rule 14 found at the start of a document.
pub struct Title<'a> {
    /// Lines of the main head (joined by `<lb/>` when more than one).
    pub head: Vec<Piece<'a>>,
    pub sub: Option<Piece<'a>>,
    /// Title markings (`Urgent. Secret.`) before the dateline.
    pub markings: Option<Piece<'a>>,
    pub dateline: Option<DatelineMatch>,
    /// Further datelines of the heading, in order (an archive's date line
    /// above the title, then the document's own dateline).
    pub more_datelines: Vec<DatelineMatch>,
    /// How many candidate pieces the title and dateline took.
    pub consumed: usize,
    /// The dateline stood alone on its line (block layout).
    pub dateline_alone: bool,
}

/// Splits configured title markings off the end of `piece` (`… Urgent. Secret.`):
/// the title before them and the markings, if any.
fn split_markings<'a>(piece: Piece<'a>, conv: &Conventions) -> (Piece<'a>, Option<Piece<'a>>) {
    let markings = &conv.config.conventions.title_markings;
    let mut end = piece.text.trim_end().len();
    let text_end = end;
    loop {
        let before = &piece.text[..end];
        let found = markings.iter().find(|m| {
            before.ends_with(m.as_str())
                && (before.len() == m.len() || before[..before.len() - m.len()].ends_with(' '))
        });
        match found {
            Some(m) => end = piece.text[..end - m.len()].trim_end().len(),
            None => break,
        }
    }
    if end == text_end {
        return (piece, None);
    }
    let marking_start = piece.text[end..].len() - piece.text[end..].trim_start().len() + end;
    (
        piece.slice(0, end),
        Some(piece.slice(marking_start, text_end)),
    )
}

/// Title markings that are a whole prefix of a dateline line, and the rest.
fn leading_markings<'a>(piece: Piece<'a>, conv: &Conventions) -> (Option<Piece<'a>>, Piece<'a>) {
    let mut at = 0;
    loop {
        let rest = &piece.text[at..];
        match conv
            .config
            .conventions
            .title_markings
            .iter()
            .find(|m| rest.starts_with(&format!("{m} ")))
        {
            Some(m) => at += m.len() + 1,
            None => break,
        }
    }
    if at == 0 {
        (None, piece)
    } else {
        (
            Some(piece.slice(0, at - 1)),
            piece.slice(at, piece.text.len()),
        )
    }
}

/// A trailing dateline of `piece` and the title text before it.
pub fn title_with_dateline<'a>(
    piece: Piece<'a>,
    conv: &Conventions,
) -> Option<(Piece<'a>, Option<Piece<'a>>, DatelineMatch)> {
    let m = trailing_dateline(piece.text, piece.start, conv.config)?;
    if m.start == 0 {
        return None;
    }
    let before = piece.slice(0, m.start);
    let before = before.slice(0, before.text.trim_end().len());
    let (title, markings) = split_markings(before, conv);
    if title.text.is_empty() {
        return None;
    }
    Some((title, markings, m))
}

/// A piece that is a dateline alone (maybe after title markings).
pub fn dateline_alone<'a>(
    piece: Piece<'a>,
    conv: &Conventions,
) -> Option<(Option<Piece<'a>>, DatelineMatch)> {
    let (markings, rest) = leading_markings(piece, conv);
    let m = dateline_line(rest.text, rest.start, conv.config)?;
    Some((markings, m))
}

/// Rule 14: of the first six candidate pieces, the first that ends in a dateline
/// (if it is the first or second) or is a dateline alone closes the title.
pub fn find_title<'a>(candidates: &[Piece<'a>], conv: &Conventions) -> Option<Title<'a>> {
    for (i, piece) in candidates.iter().take(6).enumerate() {
        if i <= 1
            && let Some((title, markings, dateline)) = title_with_dateline(*piece, conv)
        {
            let (head, sub) = if i == 0 {
                (vec![title], None)
            } else {
                (vec![candidates[0]], Some(title))
            };
            return Some(Title {
                head,
                sub,
                markings,
                dateline: Some(dateline),
                more_datelines: Vec::new(),
                consumed: i + 1,
                dateline_alone: false,
            });
        }
        if (1..=5).contains(&i)
            && let Some((markings, dateline)) = dateline_alone(*piece, conv)
        {
            return Some(Title {
                head: candidates[..i].to_vec(),
                sub: None,
                markings,
                dateline: Some(dateline),
                more_datelines: Vec::new(),
                consumed: i + 1,
                dateline_alone: true,
            });
        }
    }
    None
}

/// No dateline: a run of up to five upper-case lines, or the first line.
pub fn title_without_dateline<'a>(candidates: &[Piece<'a>]) -> Title<'a> {
    let upper = candidates
        .iter()
        .take(5)
        .take_while(|p| is_upper_case(p.text))
        .count();
    let n = upper.max(1).min(candidates.len());
    Title {
        head: candidates[..n].to_vec(),
        sub: None,
        markings: None,
        dateline: None,
        more_datelines: Vec::new(),
        consumed: n,
        dateline_alone: false,
    }
}

/// No lower-case letter outside brackets, and at least one letter.
fn is_upper_case(text: &str) -> bool {
    let mut depth = 0usize;
    let mut letters = false;
    for c in text.chars() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth = depth.saturating_sub(1),
            c if depth == 0 && c.is_lowercase() => return false,
            c if c.is_alphabetic() => letters = true,
            _ => {}
        }
    }
    letters
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn piece(line: usize, text: &str) -> Piece<'_> {
        Piece {
            line,
            start: 0,
            text,
        }
    }

    #[test]
    fn markings_split_off_the_title() {
        let config = Config::builtin();
        let conv = Conventions::new(&config);
        let p = piece(
            1,
            "On the Participation in Zangezur Urgent. Secret. Moscow, 8 November 1920",
        );
        let t = find_title(&[p], &conv).unwrap();
        assert_eq!(t.head[0].text, "On the Participation in Zangezur");
        assert_eq!(t.markings.unwrap().text, "Urgent. Secret.");
    }

    #[test]
    fn subtitle_carries_the_dateline() {
        let config = Config::builtin();
        let conv = Conventions::new(&config);
        let lines = [
            piece(1, "Telegram to G. Chicherin"),
            piece(2, "Including the text 2 November 1920"),
            piece(3, "Body."),
        ];
        let t = find_title(&lines, &conv).unwrap();
        assert_eq!(t.head[0].text, "Telegram to G. Chicherin");
        assert_eq!(t.sub.unwrap().text, "Including the text");
        assert_eq!(t.consumed, 2);
    }

    #[test]
    fn upper_case_run_without_dateline() {
        let lines = [
            piece(1, "NOTE FROM THE MINISTRY"),
            piece(2, "TO THE SECRETARY [of] STATE"),
            piece(3, "Body text."),
        ];
        let t = title_without_dateline(&lines);
        assert_eq!(t.head.len(), 2);
    }
}
