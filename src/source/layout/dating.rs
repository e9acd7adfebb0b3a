//! Date and place evidence of one line: a date label (`Written: …`), a
//! salutation before a dateline, a `From: Place` line, a span of dates that
//! is a running head (docs/encoding.md §7.1 rules 15, 23).

use std::sync::LazyLock;

use regex::Regex;

use super::features::{LABEL, MAX_DATELINE_LINE};
use super::wording::{MAX_SALUTATION_WORDS, SALUTATIONS};
use crate::source::conventions::Conventions;
use crate::source::date::{DatelineMatch, dateline_line, trailing_dateline};

/// Labels whose value is the date (and place) of writing.
const DATE_LABELS: &[&str] = &["written", "написано", "продиктовано", "date", "dated"];

/// `From: Kursk`, `FROM: PYONGYANG`, `From Pyongyang.`: the place a telegram
/// was sent from, after a colon or, without one, as a sentence of its own.
static FROM_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:From|FROM|Откуда|Von|De)(:)?\s+(\p{Lu}[\p{L}-]+(?: \p{Lu}[\p{L}-]+)?)(\.)?$")
        .expect("static regex")
});

/// Where the place of a `From: Place` or `From Place.` line starts and ends.
pub fn from_place_at(text: &str) -> Option<std::ops::Range<usize>> {
    let caps = FROM_PLACE.captures(text)?;
    if caps.get(1).is_none() && caps.get(3).is_none() {
        // `From Moscow` alone: a fragment of a heading, not a place line.
        return None;
    }
    caps.get(2).map(|m| m.range())
}

/// Whether the line is a `From: Place` line.
pub fn is_from_place(text: &str) -> bool {
    from_place_at(text).is_some()
}

/// A dateline of nothing but a printed date with digits that reads as no
/// day and no bounds (`APRIL 17-AUGUST 14, 1939`): no place, no value.
pub(super) fn is_unread_span(m: &DatelineMatch) -> bool {
    use crate::model::{DateValue, Inline, InlineKind};
    /// The dates and whether a place is among `content`, nested ones too.
    fn walk<'a>(content: &'a [Inline], dates: &mut Vec<&'a DateValue>, place: &mut bool) {
        for i in content {
            match &i.kind {
                InlineKind::Date(d) => dates.push(d),
                InlineKind::PlaceName(_) => *place = true,
                InlineKind::Supplied(c) | InlineKind::Hi { content: c, .. } => {
                    walk(c, dates, place)
                }
                _ => {}
            }
        }
    }
    let (mut dates, mut place) = (Vec::new(), false);
    walk(&m.content, &mut dates, &mut place);
    match dates.as_slice() {
        [d] => {
            !place
                && d.when.is_none()
                && d.not_before.is_none()
                && d.not_after.is_none()
                && d.text.contains(|c: char| c.is_ascii_digit())
                && d.text.contains(['-', '–', '—'])
        }
        _ => false,
    }
}

/// `Written: Moscow, 18 September 1918`: the offset of the value when it is a dateline.
pub(super) fn date_label(text: &str, conv: &Conventions) -> Option<usize> {
    let caps = LABEL.captures(text)?;
    let label = caps.get(1)?.as_str().trim().to_lowercase();
    let at = caps.get(0)?.end();
    if !DATE_LABELS.contains(&label.as_str()) {
        return None;
    }
    let value = &text[at..];
    // "Written: Written in August, 1920": the label repeated in the value.
    let value_at = value
        .split_once(' ')
        .filter(|(w, _)| w.to_lowercase() == label)
        .map_or(at, |(w, _)| at + w.len() + 1);
    dateline_line(&text[value_at..], 0, conv.config)
        .is_some()
        .then_some(value_at)
}

/// `My Lord, Foreign Office, February 12, 1919.`: the offset of the
/// dateline after a salutation of at most [`MAX_SALUTATION_WORDS`] words.
pub(super) fn salute_dateline(text: &str, conv: &Conventions) -> Option<usize> {
    if text.len() > MAX_DATELINE_LINE {
        return None;
    }
    let lower = text.to_lowercase();
    if !SALUTATIONS.iter().any(|s| {
        lower.starts_with(s) && !lower[s.len()..].starts_with(|c: char| c.is_alphanumeric())
    }) {
        return None;
    }
    let m = trailing_dateline(text, 0, conv.config)?;
    let lead = text[..m.start].trim_end();
    let words = lead.split_whitespace().count();
    ((1..=MAX_SALUTATION_WORDS).contains(&words) && lead.ends_with([',', '.', '!', ':']))
        .then_some(m.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_place_lines_with_a_colon_or_as_a_sentence() {
        let cases = [
            ("From: Kursk", Some(6..11)),
            ("From Tiflis.", Some(5..11)),
            ("FROM: NEW YORK", Some(6..14)),
            ("From Moscow", None),
            ("From the front.", None),
        ];
        for (text, expect) in cases {
            assert_eq!(from_place_at(text), expect, "{text}");
        }
    }
}
