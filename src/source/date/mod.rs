//! Datelines and dates: "Baku, 5 November 1920, 22:15", "BERLIN, April 17,
//! 1939.", "Bonn, den 18. März 1991", "Rostov-on-Don. 7/VIII-1920", "Written:
//! Moscow, September 18, 1918", "Sent from Sörenberg to Berne".
//!
//! Two entry points: [`trailing_dateline`] finds the dateline that ends a title
//! line (strict forms only, so that a date inside a title stays title text), and
//! [`dateline_line`] reads a text that is a dateline alone, where labels,
//! brackets, qualifiers, two-day dates, month-only and vague dates are allowed
//! too (docs/encoding.md §2.1 rule 5, §7.1 rule 15). [`dateline_over_lines`]
//! reads a dateline printed over two lines. The date forms themselves are in
//! `expr`, the month names in `months`, the
//! forms of a dateline in `forms`, its place in `place`. Calendar validity is checked with
//! jiff, so "31 November 1920" keeps its text but gets no `when`.

mod expr;
mod forms;
mod months;
mod place;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::Inline;
use forms::{labelled, place_alone, place_undated, strict_dateline, unlabelled};
pub use place::place_name;

/// A dateline found in a line: where it starts and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct DatelineMatch {
    /// Byte offset in `line` where the dateline (label, place or date, or `[`) starts.
    pub start: usize,
    /// The dateline content: label, place name, separator, date (maybe supplied).
    pub content: Vec<Inline>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A dateline ending a title line: `[Place, ]DATE[, TIME][.]`, DATE in any
/// form of `expr::day_month_year`. Place = one capitalised word followed by
/// ", " or a multi-word place from `config.conventions.dateline_places`. Must
/// be at the very end of the line, preceded by a space (or be the whole line).
pub fn trailing_dateline(line: &str, base: usize, config: &Config) -> Option<DatelineMatch> {
    let line = line.trim_end();
    word_starts(line).find_map(|start| {
        let rest = line.get(start..)?;
        if !may_open_dateline(rest) {
            return None;
        }
        // After a clause boundary the place may have several words ("My
        // Lord, Foreign Office, February 12, 1919."); inside a title only one,
        // so that title words never become a place.
        let boundary = start == 0 || clause_ends(&line[..start]);
        let place_words = if boundary { 3 } else { 1 };
        let (content, diagnostics) = strict_dateline(rest, base + start, config, place_words)?;
        Some(DatelineMatch {
            start,
            content,
            diagnostics,
        })
    })
}

/// A text (already trimmed of layout spaces) that is a dateline alone: the
/// forms of [`trailing_dateline`], plus a label (`Written:`, `Написано`:
/// `conventions.dateline_labels`), a place of up to three words or followed by
/// `. `, brackets (→ `Supplied`), qualifiers from
/// `config.conventions.date_qualifiers` (→ `not_before` / `not_after`), two
/// days or a range of days (→ both), "Month YYYY" (→ `when` "YYYY-MM"), any
/// other text of at most six words with a month or season name and a year (→ a
/// date without attributes and the advice `teikit::source::vague-date`), and a
/// place alone after a place label (`Sent from Sörenberg to Berne`, `From:
/// Kursk`: `conventions.place_labels`). Configured title markings before the
/// dateline are skipped: `start` is where the dateline itself begins. A line
/// break inside the text counts as a space (see [`dateline_over_lines`]).
pub fn dateline_line(line: &str, base: usize, config: &Config) -> Option<DatelineMatch> {
    let line = line.trim_end();
    let start = after_title_markings(line, config);
    let rest = line.get(start..)?;
    if rest.is_empty() {
        return None;
    }
    let at = base + start;
    let (content, diagnostics) = labelled(rest, at, config)
        .or_else(|| unlabelled(rest, at, config))
        .or_else(|| place_alone(rest, at, config).map(|c| (c, Vec::new())))
        .or_else(|| place_undated(rest, config, at).map(|c| (c, Vec::new())))?;
    Some(DatelineMatch {
        start,
        content,
        diagnostics,
    })
}

/// A dateline printed over two lines ("Washington, February" / "20, 1918, 7
/// p.m."): `source[start..end]` holds both lines and the line break between
/// them, which reads as a space; spans point into `source`. The same as
/// [`dateline_line`] on that text.
pub fn dateline_over_lines(
    source: &str,
    start: usize,
    end: usize,
    config: &Config,
) -> Option<DatelineMatch> {
    let text = source.get(start..end)?;
    let lead = text.len() - text.trim_start().len();
    let mut m = dateline_line(text.trim_start(), start + lead, config)?;
    m.start += lead;
    Some(m)
}

/// Whether a dateline can start at `s`: a digit, a capital, a bracket, or an
/// article of a date (`den`, `le`, `the`). Most words of a title fail this at
/// once, which keeps trying every word start cheap.
fn may_open_dateline(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    first.is_ascii_digit()
        || first.is_uppercase()
        || first == '['
        || ["den ", "le ", "the "].iter().any(|a| s.starts_with(a))
}

/// Whether `before` ends a clause: a comma, semicolon, colon, or a period
/// that ends no initial (`V.` of "V. Lenin" ends nothing).
fn clause_ends(before: &str) -> bool {
    let before = before.trim_end();
    if before.ends_with([',', ';', ':']) {
        return true;
    }
    let Some(word) = before.strip_suffix('.') else {
        return false;
    };
    let last = word.rsplit(' ').next().unwrap_or(word);
    last.chars().count() > 1
}

/// Byte offsets of every word start: offset 0 and every offset after a space.
pub(super) fn word_starts(line: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0).chain(
        line.char_indices()
            .filter(|&(_, c)| c == ' ')
            .map(|(i, _)| i + 1)
            .filter(move |&i| i < line.len()),
    )
}

/// Offset after any configured title markings (each followed by a space).
fn after_title_markings(line: &str, config: &Config) -> usize {
    let mut pos = 0;
    loop {
        let rest = &line[pos..];
        let marking = config
            .conventions
            .title_markings
            .iter()
            .filter(|m| !m.is_empty())
            .find(|m| rest.starts_with(m.as_str()) && rest[m.len()..].starts_with(' '));
        match marking {
            Some(m) => pos += m.len() + 1,
            None => return pos,
        }
    }
}

#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod tests;
