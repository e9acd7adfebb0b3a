//! The forms of a dateline after its entry point found where it may start:
//! labelled (`Written: …`), bracketed, place and date, a place alone, an
//! undated place, strict title-line forms, and vague dates
//! (docs/encoding.md §2.1 rule 5, §7.1 rule 15).

use super::expr::{ReadDate, loose_date, qualified_date, strict_date, strip_prefix_any_case};
use super::months::is_month_word;
use super::place::{is_place_word, place_inlines, place_name, split_place};
use super::word_starts;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::{DateValue, Inline, InlineKind, Span};

const SEASONS: [&str; 5] = ["spring", "summer", "autumn", "fall", "winter"];

const INVALID_DATE: &str = crate::source::codes::INVALID_DATE;
const VAGUE_DATE: &str = crate::source::codes::VAGUE_DATE;

/// A dateline without label: bracketed whole, or place and date.
pub(super) fn unlabelled(
    rest: &str,
    at: usize,
    config: &Config,
) -> Option<(Vec<Inline>, Vec<Diagnostic>)> {
    match bracketed(rest) {
        Some(inner) => {
            let (inner_content, diagnostics) = line_dateline(inner, at + 1, config)?;
            let supplied = Inline::new(
                Span::new(at, at + rest.len()),
                InlineKind::Supplied(inner_content),
            );
            Some((vec![supplied], diagnostics))
        }
        None => line_dateline(rest, at, config),
    }
}

/// `Written: Moscow, September 18, 1918`: a configured label, then a dateline.
pub(super) fn labelled(
    s: &str,
    base: usize,
    config: &Config,
) -> Option<(Vec<Inline>, Vec<Diagnostic>)> {
    config.conventions.dateline_labels.iter().find_map(|label| {
        let after = strip_prefix_any_case(s, label)?;
        let rest = after.trim_start();
        if rest.len() == after.len() && !label.ends_with(':') {
            return None;
        }
        // "Written on 5 May 1920": the preposition belongs to the label.
        let rest = ["on ", "in "]
            .iter()
            .find_map(|p| rest.strip_prefix(p))
            .map_or(rest, str::trim_start);
        let label_len = s.len() - rest.len();
        let at = base + label_len;
        // A label repeated by the page ("Written: Written on …") is label text too.
        let (content, diagnostics) = labelled(rest, at, config)
            .or_else(|| unlabelled(rest, at, config))
            .or_else(|| place_then_date(rest, at, config))?;
        let mut out = vec![Inline::text(
            Span::new(base, base + label_len),
            &s[..label_len],
        )];
        out.extend(content);
        Some((out, diagnostics))
    })
}

/// `Valley Forge 16th May 1778` after a label (`Head Quarters`): a place of
/// up to three capitalised words, a space, and a date (no comma between).
fn place_then_date(
    s: &str,
    base: usize,
    config: &Config,
) -> Option<(Vec<Inline>, Vec<Diagnostic>)> {
    let mut end = 0;
    for _ in 0..3 {
        let rest = &s[end..];
        let word_len = rest.find(' ')?;
        if !is_place_word(&rest[..word_len]) {
            return None;
        }
        let place_end = end + word_len;
        let date_at = place_end + 1;
        if let Some((date, diagnostics)) = line_date(&s[date_at..], base + date_at, config) {
            let mut content = place_inlines(&s[..place_end], " ", base);
            content.extend(date);
            return Some((content, diagnostics));
        }
        end = date_at;
    }
    None
}

/// Words of a dateline that says it has no date (`Washington, undated.`).
const UNDATED: &[&str] = &[
    "undated",
    "n.d.",
    "no date",
    "без даты",
    "ohne Datum",
    "sans date",
];

/// `Washington, undated.`: the place, and the rest as text.
pub(super) fn place_undated(s: &str, config: &Config, base: usize) -> Option<Vec<Inline>> {
    let (place, sep, rest) = split_place(s, config, 3, true)?;
    let bare = rest.trim_end_matches('.');
    if !UNDATED.iter().any(|u| bare.eq_ignore_ascii_case(u)) {
        return None;
    }
    let mut content = place_inlines(place, sep, base);
    let at = base + place.len() + sep.len();
    content.push(Inline::text(Span::new(at, at + rest.len()), rest));
    Some(content)
}

/// `Sent from Sörenberg to Berne`, `From: Kursk`: a place label, one place
/// word, maybe ` to …` (at most four words) and a final period.
pub(super) fn place_alone(s: &str, base: usize, config: &Config) -> Option<Vec<Inline>> {
    config.conventions.place_labels.iter().find_map(|label| {
        let after = s.strip_prefix(label.as_str())?;
        let rest = after.trim_start();
        if rest.len() == after.len() {
            return None;
        }
        let place_at = s.len() - rest.len();
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = rest[..word_end].trim_end_matches(['.', ',']);
        if !is_place_word(word) {
            return None;
        }
        let tail = &rest[word.len()..];
        let tail_ok = match tail.trim_start().strip_prefix("to ") {
            Some(to) => to.split_whitespace().count() <= 4,
            None => tail.trim() == "." || tail.is_empty(),
        };
        if !tail_ok {
            return None;
        }
        let place_end = place_at + word.len();
        let mut out = vec![
            Inline::text(Span::new(base, base + place_at), &s[..place_at]),
            place_name(word, Span::new(base + place_at, base + place_end)),
        ];
        if place_end < s.len() {
            out.push(Inline::text(
                Span::new(base + place_end, base + s.len()),
                &s[place_end..],
            ));
        }
        Some(out)
    })
}

/// The text inside `[` … `]` when the whole of `s` is bracketed.
fn bracketed(s: &str) -> Option<&str> {
    s.strip_prefix('[')?.strip_suffix(']')
}

/// A strict dateline (title-line forms) covering all of `s`.
pub(super) fn strict_dateline(
    s: &str,
    base: usize,
    config: &Config,
    place_words: usize,
) -> Option<(Vec<Inline>, Vec<Diagnostic>)> {
    if let Some((place, sep, rest)) = split_place(s, config, place_words, false)
        && let Some((date, diagnostics)) =
            with_full_stop(rest, base + place.len() + sep.len(), strict_date)
    {
        let mut content = place_inlines(place, sep, base);
        content.extend(date);
        return Some((content, diagnostics));
    }
    with_full_stop(s, base, strict_date)
}

/// The date of `s` read by `read`, as a `Date` inline; a final `.` that is no
/// part of the date (`April 17, 1939.`) follows as text.
fn with_full_stop(
    s: &str,
    base: usize,
    read: impl Fn(&str) -> Option<ReadDate>,
) -> Option<(Vec<Inline>, Vec<Diagnostic>)> {
    if let Some(date) = read(s) {
        let diagnostics = date_diagnostics(s, base, &date);
        return Some((vec![date_inline(s, base, date)], diagnostics));
    }
    let body = s.strip_suffix('.')?;
    let date = read(body)?;
    let diagnostics = date_diagnostics(body, base, &date);
    let end = base + body.len();
    Some((
        vec![
            date_inline(body, base, date),
            Inline::text(Span::new(end, end + 1), "."),
        ],
        diagnostics,
    ))
}

/// The dateline of a dateline line (all forms), without surrounding brackets.
fn line_dateline(s: &str, base: usize, config: &Config) -> Option<(Vec<Inline>, Vec<Diagnostic>)> {
    let place = split_place(s, config, 3, true);
    if let Some((place, sep, rest)) = place {
        let at = base + place.len() + sep.len();
        if let Some((date, diagnostics)) = line_date(rest, at, config) {
            let mut content = place_inlines(place, sep, base);
            content.extend(date);
            return Some((content, diagnostics));
        }
    }
    if let Some((date, diagnostics)) = line_date(s, base, config) {
        return Some((date, diagnostics));
    }
    if let Some((place, sep, rest)) = place {
        let at = base + place.len() + sep.len();
        if let Some((date, diagnostics)) = vague_date(rest, at) {
            let mut content = place_inlines(place, sep, base);
            content.push(date);
            return Some((content, diagnostics));
        }
    }
    let (date, diagnostics) = vague_date(s, base)?;
    Some((vec![date], diagnostics))
}

/// A readable date of a dateline line, maybe bracketed, maybe qualified.
fn line_date(s: &str, base: usize, config: &Config) -> Option<(Vec<Inline>, Vec<Diagnostic>)> {
    if let Some(inner) = bracketed(s) {
        let (date, diagnostics) = line_date(inner, base + 1, config)?;
        let supplied = Inline::new(Span::new(base, base + s.len()), InlineKind::Supplied(date));
        return Some((vec![supplied], diagnostics));
    }
    with_full_stop(s, base, |t| {
        qualified_date(t, config).or_else(|| loose_date(t))
    })
}

/// A vague date: at most six words, a month or season name and a year.
fn vague_date(s: &str, base: usize) -> Option<(Inline, Vec<Diagnostic>)> {
    let s_inner = bracketed(s);
    let text = s_inner.unwrap_or(s);
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 || text.ends_with([',', ';', ':']) {
        return None;
    }
    let bare = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    let names_time = words.iter().any(|w| {
        w.split('-').any(|part| {
            let part = bare(part);
            is_month_word(&part) || SEASONS.iter().any(|m| m.eq_ignore_ascii_case(&part))
        })
    });
    let has_year = words.iter().any(|w| {
        let w = bare(w);
        w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())
    });
    if !names_time || !has_year {
        return None;
    }
    // A readable date inside ("My Lord, Foreign Office, February 12, 1919.")
    // means the text is more than a date, not a vague one.
    if word_starts(text).any(|i| strict_date(text[i..].trim_end_matches('.')).is_some()) {
        return None;
    }
    let at = if s_inner.is_some() { base + 1 } else { base };
    let span = Span::new(at, at + text.len());
    let advice = Diagnostic::advice(VAGUE_DATE, span, format!("date \"{text}\" cannot be read"))
        .with_help(
            "kept as <date> without @when; write \"D Month YYYY\", \"after D Month YYYY\" or \"Month YYYY\"",
        );
    let date = Inline::new(
        span,
        InlineKind::Date(DateValue {
            text: text.to_string(),
            ..DateValue::default()
        }),
    );
    if s_inner.is_some() {
        let supplied = Inline::new(
            Span::new(base, base + s.len()),
            InlineKind::Supplied(vec![date]),
        );
        return Some((supplied, vec![advice]));
    }
    Some((date, vec![advice]))
}

fn date_inline(text: &str, base: usize, date: ReadDate) -> Inline {
    Inline::new(
        Span::new(base, base + text.len()),
        InlineKind::Date(DateValue {
            text: text.to_string(),
            when: date.when,
            not_before: date.not_before,
            not_after: date.not_after,
        }),
    )
}

fn date_diagnostics(text: &str, base: usize, date: &ReadDate) -> Vec<Diagnostic> {
    if !date.invalid {
        return Vec::new();
    }
    vec![
        Diagnostic::warning(
            INVALID_DATE,
            Span::new(base, base + text.len()),
            format!("\"{text}\" is not a valid date"),
        )
        .with_help("kept as date text without @when"),
    ]
}
