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
//! `expr`, the month names in `months`. Calendar validity is checked with
//! jiff, so "31 November 1920" keeps its text but gets no `when`.

mod expr;
mod months;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::{DateValue, Inline, InlineKind, Span};
use expr::{ReadDate, loose_date, qualified_date, strict_date, strip_prefix_any_case};
use months::is_month_word;

/// A dateline found in a line: where it starts and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct DatelineMatch {
    /// Byte offset in `line` where the dateline (label, place or date, or `[`) starts.
    pub start: usize,
    /// The dateline content: label, place name, separator, date (maybe supplied).
    pub content: Vec<Inline>,
    pub diagnostics: Vec<Diagnostic>,
}

const SEASONS: [&str; 5] = ["spring", "summer", "autumn", "fall", "winter"];

const INVALID_DATE: &str = super::codes::INVALID_DATE;
const VAGUE_DATE: &str = super::codes::VAGUE_DATE;

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

/// A dateline without label: bracketed whole, or place and date.
fn unlabelled(rest: &str, at: usize, config: &Config) -> Option<(Vec<Inline>, Vec<Diagnostic>)> {
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
fn labelled(s: &str, base: usize, config: &Config) -> Option<(Vec<Inline>, Vec<Diagnostic>)> {
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
fn place_undated(s: &str, config: &Config, base: usize) -> Option<Vec<Inline>> {
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
fn place_alone(s: &str, base: usize, config: &Config) -> Option<Vec<Inline>> {
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
fn word_starts(line: &str) -> impl Iterator<Item = usize> + '_ {
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

/// The text inside `[` … `]` when the whole of `s` is bracketed.
fn bracketed(s: &str) -> Option<&str> {
    s.strip_prefix('[')?.strip_suffix(']')
}

/// A strict dateline (title-line forms) covering all of `s`.
fn strict_dateline(
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

/// `Place, rest`: a configured multi-word place or one capitalised word; on a
/// dateline line (`line`) also up to three capitalised words (`Foreign
/// Office, …`) and a place ended by `. ` (`Rostov-on-Don. 7/VIII-1920`).
/// Returns the place, the separator (`,` or `.` and the whitespace after it)
/// and the rest.
fn split_place<'a>(
    s: &'a str,
    config: &Config,
    max_words: usize,
    line: bool,
) -> Option<(&'a str, &'a str, &'a str)> {
    for place in &config.conventions.dateline_places {
        if place.is_empty() {
            continue;
        }
        if let Some(after) = s.strip_prefix(place.as_str())
            && let Some(rest) = after.strip_prefix(',')
            && rest.starts_with(char::is_whitespace)
        {
            let rest_at = s.len() - rest.trim_start().len();
            return Some((&s[..place.len()], &s[place.len()..rest_at], &s[rest_at..]));
        }
    }
    // A place word holds no space: look for its separator only up to the next
    // space, so trying every word start of a long line stays linear.
    let mut word_start = 0;
    for _ in 0..max_words {
        let rest = &s[word_start..];
        let word_len = rest.find(char::is_whitespace)?;
        let word = &rest[..word_len];
        let separated = word
            .strip_suffix(',')
            .or_else(|| word.strip_suffix('.').filter(|_| line));
        if let Some(bare) = separated {
            if !is_place_word(bare) {
                return None;
            }
            let place_end = word_start + bare.len();
            let after = &s[word_start + word_len..];
            let rest_at = s.len() - after.trim_start().len();
            return Some((&s[..place_end], &s[place_end..rest_at], &s[rest_at..]));
        }
        if !is_place_word(word) || !rest[word_len..].starts_with(' ') {
            return None;
        }
        word_start += word_len + 1;
    }
    None
}

/// One capitalised word: an upper-case letter, then letters, hyphens or
/// apostrophes; no month name.
fn is_place_word(word: &str) -> bool {
    let mut chars = word.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    first_upper
        && chars.all(|c| c.is_alphabetic() || c == '-' || c == '’' || c == '\'')
        && !is_month_word(word)
}

/// `PlaceName`, then the separator text (`", "`).
fn place_inlines(place: &str, sep: &str, base: usize) -> Vec<Inline> {
    let end = base + place.len();
    vec![
        place_name(place, Span::new(base, end)),
        Inline::text(Span::new(end, end + sep.len()), sep),
    ]
}

/// Short words of place names that stay in lower case (`Rostov-on-Don`).
const PLACE_PARTICLES: &[&str] = &[
    "de", "du", "la", "le", "on", "am", "an", "der", "sur", "of", "di", "del", "na",
];

/// The place name of a dateline as printed at `span`. A name printed in
/// capitals (`BERLIN`, `FROM: PYONGYANG`) is the place `Berlin`: the name in
/// its usual case, inside `hi rend="uppercase"`, which prints it as it was
/// printed (docs/encoding.md §2.1). Abbreviations (`USA`, `USSR`, `RSFSR`:
/// a word without a vowel, or a one-word name of three letters or four with
/// one vowel) stay as printed; so does any name whose usual case
/// would not print back to the same capitals.
pub fn place_name(printed: &str, span: Span) -> Inline {
    match usual_case(printed) {
        Some(name) => Inline::new(
            span,
            InlineKind::Hi {
                rend: "uppercase".to_string(),
                content: vec![Inline::new(span, InlineKind::PlaceName(name))],
            },
        ),
        None => Inline::new(span, InlineKind::PlaceName(printed.to_string())),
    }
}

/// `RIO DE JANEIRO` → `Rio de Janeiro`; `None` unless `printed` is in
/// capitals, no word is an abbreviation, and the result prints back to `printed`.
fn usual_case(printed: &str) -> Option<String> {
    let letters = printed.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 3 || printed.chars().any(char::is_lowercase) {
        return None;
    }
    let vowel = |c: char| "AEIOUYÄÖÜÉÈАЕЁИОУЫЭЮЯ".contains(c);
    let single = !printed.contains(|c: char| !c.is_alphabetic());
    let mut out = String::with_capacity(printed.len());
    let mut word = String::new();
    let mut first = true;
    let flush = |word: &mut String, out: &mut String, first: bool| -> Option<()> {
        if word.is_empty() {
            return Some(());
        }
        let lower = word.to_lowercase();
        let letters = word.chars().count();
        let vowels = word.chars().filter(|c| vowel(*c)).count();
        let particle = !first && PLACE_PARTICLES.contains(&lower.as_str());
        let short = letters <= 3 || (letters == 4 && vowels <= 1);
        if !particle && (vowels == 0 || (short && single)) {
            // An abbreviation (`USA`, `USSR`, `RSFSR`), not a name.
            return None;
        }
        if particle {
            out.push_str(&lower);
        } else {
            let mut chars = lower.chars();
            if let Some(c) = chars.next() {
                out.extend(c.to_uppercase());
                out.push_str(chars.as_str());
            }
        }
        word.clear();
        Some(())
    };
    for c in printed.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out, first)?;
            first = false;
            out.push(c);
        }
    }
    flush(&mut word, &mut out, first)?;
    (out.to_uppercase() == printed).then_some(out)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::source::fixtures::fixture_line;

    const BASE: usize = 100;

    /// Renders a dateline match as `[rest of line from start] inlines ! diagnostics`,
    /// each inline as `Kind(value)` and each diagnostic with the text its span
    /// covers; checks on the way that every span covers exactly its text.
    fn render(line: &str, base: usize, m: &DatelineMatch) -> String {
        let mut out = format!("[{}]", &line[m.start..]);
        render_inlines(line, base, &m.content, &mut out);
        for d in &m.diagnostics {
            let covered = &line[d.span.start - base..d.span.end - base];
            out.push_str(&format!(" ! {}@{covered:?} {}", d.code, d.message));
        }
        out
    }

    fn render_inlines(line: &str, base: usize, content: &[Inline], out: &mut String) {
        for inline in content {
            let covered = &line[inline.span.start - base..inline.span.end - base];
            match &inline.kind {
                InlineKind::PlaceName(p) => {
                    assert!(covered == p || covered == p.to_uppercase(), "{covered} {p}");
                    out.push_str(&format!(" Place({p})"));
                }
                InlineKind::Hi { rend, content } if rend == "uppercase" => {
                    out.push_str(" Upper[");
                    render_inlines(line, base, content, out);
                    out.push_str(" ]");
                }
                InlineKind::Text(t) => {
                    assert_eq!(covered, t);
                    out.push_str(&format!(" Text({t:?})"));
                }
                InlineKind::Date(d) => {
                    assert_eq!(covered, d.text);
                    out.push_str(&format!(" Date({:?}", d.text));
                    let attrs = [
                        ("when", &d.when),
                        ("notBefore", &d.not_before),
                        ("notAfter", &d.not_after),
                    ];
                    for (k, v) in attrs {
                        if let Some(v) = v {
                            out.push_str(&format!(" {k}={v}"));
                        }
                    }
                    out.push(')');
                }
                InlineKind::Supplied(c) => {
                    assert!(covered.starts_with('[') && covered.ends_with(']'));
                    out.push_str(" Supplied[");
                    render_inlines(line, base, c, out);
                    out.push_str(" ]");
                }
                other => panic!("unexpected inline {other:?}"),
            }
        }
    }

    fn check_trailing_with(config: &Config, line: &str, expect: &str) {
        let got = trailing_dateline(line, BASE, config)
            .map(|m| render(line, BASE, &m))
            .unwrap_or_else(|| "none".into());
        assert_eq!(got, expect, "line: {line}");
    }

    fn check_trailing(line: &str, expect: &str) {
        check_trailing_with(&Config::builtin(), line, expect);
    }

    fn check_line(line: &str, expect: &str) {
        let got = dateline_line(line, BASE, &Config::builtin())
            .map(|m| render(line, BASE, &m))
            .unwrap_or_else(|| "none".into());
        assert_eq!(got, expect, "line: {line}");
    }

    #[test]
    fn sample_title_lines_date_only() {
        check_trailing(
            "Telegram … Lebedev, Dated 23 October 1920, Prohibiting … Between Armenia and Azerbaijan 29 October 1920",
            r#"[29 October 1920] Date("29 October 1920" when=1920-10-29)"#,
        );
        check_trailing(
            "Letter … Consent to Military Transit 1 November 1920",
            r#"[1 November 1920] Date("1 November 1920" when=1920-11-01)"#,
        );
    }

    #[test]
    fn sample_title_lines_with_place_and_time() {
        check_trailing(
            "… Draft Treaty with Armenia Baku, 5 November 1920",
            r#"[Baku, 5 November 1920] Place(Baku) Text(", ") Date("5 November 1920" when=1920-11-05)"#,
        );
        check_trailing(
            "… Retaining Nakhichevan for Armenia Baku, 5 November 1920, 22:15",
            r#"[Baku, 5 November 1920, 22:15] Place(Baku) Text(", ") Date("5 November 1920, 22:15" when=1920-11-05T22:15:00)"#,
        );
        check_trailing(
            "… Against Armenia in Zangezur Urgent. Secret. Moscow, 8 November 1920",
            r#"[Moscow, 8 November 1920] Place(Moscow) Text(", ") Date("8 November 1920" when=1920-11-08)"#,
        );
    }

    #[test]
    fn spans_are_absolute() {
        let line = "… with Armenia Baku, 5 November 1920";
        let m = trailing_dateline(line, 1000, &Config::builtin()).unwrap();
        let place_at = line.find("Baku").unwrap();
        assert_eq!(m.start, place_at);
        assert_eq!(
            m.content[0].span,
            Span::new(1000 + place_at, 1000 + place_at + 4)
        );
        assert_eq!(m.content[2].span.end, 1000 + line.len());
    }

    #[test]
    fn month_first_form_with_place() {
        check_trailing(
            "… of the Georgian Government Tiflis, November 2, 1920",
            r#"[Tiflis, November 2, 1920] Place(Tiflis) Text(", ") Date("November 2, 1920" when=1920-11-02)"#,
        );
    }

    #[test]
    fn twelve_hour_times() {
        check_trailing(
            "Geneva, November 17, 1920, 10:30 AM",
            r#"[Geneva, November 17, 1920, 10:30 AM] Place(Geneva) Text(", ") Date("November 17, 1920, 10:30 AM" when=1920-11-17T10:30:00)"#,
        );
        check_trailing(
            "November 17, 1920, 12:05 AM",
            r#"[November 17, 1920, 12:05 AM] Date("November 17, 1920, 12:05 AM" when=1920-11-17T00:05:00)"#,
        );
        check_trailing(
            "November 17, 1920, 12:05 PM",
            r#"[November 17, 1920, 12:05 PM] Date("November 17, 1920, 12:05 PM" when=1920-11-17T12:05:00)"#,
        );
        check_trailing(
            "November 17, 1920, 1:40 PM",
            r#"[November 17, 1920, 1:40 PM] Date("November 17, 1920, 1:40 PM" when=1920-11-17T13:40:00)"#,
        );
    }

    #[test]
    fn impossible_time_is_an_invalid_date() {
        check_trailing(
            "5 November 1920, 25:10",
            r#"[5 November 1920, 25:10] Date("5 November 1920, 25:10") ! teikit::source::invalid-date@"5 November 1920, 25:10" "5 November 1920, 25:10" is not a valid date"#,
        );
        check_trailing(
            "5 November 1920, 13:10 PM",
            r#"[5 November 1920, 13:10 PM] Date("5 November 1920, 13:10 PM") ! teikit::source::invalid-date@"5 November 1920, 13:10 PM" "5 November 1920, 13:10 PM" is not a valid date"#,
        );
    }

    #[test]
    fn date_inside_title_is_not_a_dateline() {
        check_trailing(
            "… Dated 23 October 1920, Prohibiting the Deployment",
            "none",
        );
        check_trailing("A title ending in 1920", "none");
        // Glued to a word: no space before the date.
        check_trailing("Title-5 November 1920", "none");
    }

    #[test]
    fn configured_multi_word_place() {
        let mut config = Config::builtin();
        config.conventions.dateline_places = vec!["Nizhny Novgorod".into()];
        let line = "A title Nizhny Novgorod, 3 May 1921";
        check_trailing_with(
            &config,
            line,
            r#"[Nizhny Novgorod, 3 May 1921] Place(Nizhny Novgorod) Text(", ") Date("3 May 1921" when=1921-05-03)"#,
        );
        // Without the config entry only "Novgorod" is the place.
        check_trailing(
            line,
            r#"[Novgorod, 3 May 1921] Place(Novgorod) Text(", ") Date("3 May 1921" when=1921-05-03)"#,
        );
    }

    #[test]
    fn invalid_date_keeps_text_without_when() {
        check_line(
            "Erivan, 31 November 1920",
            r#"[Erivan, 31 November 1920] Place(Erivan) Text(", ") Date("31 November 1920") ! teikit::source::invalid-date@"31 November 1920" "31 November 1920" is not a valid date"#,
        );
        let m = dateline_line("Erivan, 31 November 1920", 0, &Config::builtin()).unwrap();
        let d = &m.diagnostics[0];
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(d.help.as_deref(), Some("kept as date text without @when"));
        // The same at the end of a title line.
        check_trailing(
            "A title 31 November 1920",
            r#"[31 November 1920] Date("31 November 1920") ! teikit::source::invalid-date@"31 November 1920" "31 November 1920" is not a valid date"#,
        );
    }

    #[test]
    fn leap_days() {
        check_line(
            "29 February 1920",
            r#"[29 February 1920] Date("29 February 1920" when=1920-02-29)"#,
        );
        check_line(
            "29 February 1921",
            r#"[29 February 1921] Date("29 February 1921") ! teikit::source::invalid-date@"29 February 1921" "29 February 1921" is not a valid date"#,
        );
        check_line(
            "29 February 1900",
            r#"[29 February 1900] Date("29 February 1900") ! teikit::source::invalid-date@"29 February 1900" "29 February 1900" is not a valid date"#,
        );
        check_line(
            "February 29, 2000",
            r#"[February 29, 2000] Date("February 29, 2000" when=2000-02-29)"#,
        );
    }

    #[test]
    fn variants_dateline_lines() {
        check_line(
            "[28 September 1920]",
            r#"[[28 September 1920]] Supplied[ Date("28 September 1920" when=1920-09-28) ]"#,
        );
        check_line(
            "October 12 or 13, 1920",
            r#"[October 12 or 13, 1920] Date("October 12 or 13, 1920" notBefore=1920-10-12 notAfter=1920-10-13)"#,
        );
        check_line(
            "Geneva, November 17, 1920, 10:30 AM",
            r#"[Geneva, November 17, 1920, 10:30 AM] Place(Geneva) Text(", ") Date("November 17, 1920, 10:30 AM" when=1920-11-17T10:30:00)"#,
        );
        check_line(
            "Geneva, 20 November 1920, 16:45",
            r#"[Geneva, 20 November 1920, 16:45] Place(Geneva) Text(", ") Date("20 November 1920, 16:45" when=1920-11-20T16:45:00)"#,
        );
        check_line(
            "After 25 November 1920",
            r#"[After 25 November 1920] Date("After 25 November 1920" notBefore=1920-11-25)"#,
        );
    }

    #[test]
    fn qualifiers_and_two_days() {
        check_line(
            "not later than 3 May 1921",
            r#"[not later than 3 May 1921] Date("not later than 3 May 1921" notAfter=1921-05-03)"#,
        );
        check_line(
            "Before May 1921",
            r#"[Before May 1921] Date("Before May 1921" notAfter=1921-05)"#,
        );
        check_line(
            "12 or 13 October 1920",
            r#"[12 or 13 October 1920] Date("12 or 13 October 1920" notBefore=1920-10-12 notAfter=1920-10-13)"#,
        );
        check_line(
            "30 or 31 November 1920",
            r#"[30 or 31 November 1920] Date("30 or 31 November 1920") ! teikit::source::invalid-date@"30 or 31 November 1920" "30 or 31 November 1920" is not a valid date"#,
        );
        // Qualifiers and two-day forms belong to dateline lines only.
        check_trailing(
            "A title After 25 November 1920",
            r#"[25 November 1920] Date("25 November 1920" when=1920-11-25)"#,
        );
        check_trailing("A title October 12 or 13, 1920", "none");
    }

    #[test]
    fn month_only_and_vague() {
        check_line(
            "October 1920",
            r#"[October 1920] Date("October 1920" when=1920-10)"#,
        );
        check_line(
            "[Late autumn 1920]",
            r#"[[Late autumn 1920]] Supplied[ Date("Late autumn 1920") ] ! teikit::source::vague-date@"Late autumn 1920" date "Late autumn 1920" cannot be read"#,
        );
        check_line(
            "Tiflis, mid-October 1920",
            r#"[Tiflis, mid-October 1920] Place(Tiflis) Text(", ") Date("mid-October 1920") ! teikit::source::vague-date@"mid-October 1920" date "mid-October 1920" cannot be read"#,
        );
        let m = dateline_line("Late autumn 1920", 0, &Config::builtin()).unwrap();
        assert_eq!(m.diagnostics[0].severity, Severity::Advice);
        // No month or season, no year, or too long: no dateline.
        check_line("Telegram from the Armenian Delegation in Geneva", "none");
        check_line("Late autumn", "none");
        check_line("In the late autumn of the year 1920 we left", "none");
        check_line("S. Alaverdyan", "none");
    }

    #[test]
    fn dateline_line_after_title_markings() {
        check_line(
            "Urgent. Secret. Moscow, 8 November 1920",
            r#"[Moscow, 8 November 1920] Place(Moscow) Text(", ") Date("8 November 1920" when=1920-11-08)"#,
        );
    }

    #[test]
    fn place_and_supplied_date() {
        check_line(
            "Erivan, [28 September 1920]",
            r#"[Erivan, [28 September 1920]] Place(Erivan) Text(", ") Supplied[ Date("28 September 1920" when=1920-09-28) ]"#,
        );
    }

    #[test]
    fn datelines_of_other_editions() {
        check_line(
            "BERLIN, April 17, 1939.",
            r#"[BERLIN, April 17, 1939.] Upper[ Place(Berlin) ] Text(", ") Date("April 17, 1939" when=1939-04-17) Text(".")"#,
        );
        check_line(
            "Bonn, den 18. März 1991",
            r#"[Bonn, den 18. März 1991] Place(Bonn) Text(", ") Date("den 18. März 1991" when=1991-03-18)"#,
        );
        check_line(
            "Rostov-on-Don. 7/VIII-1920",
            r#"[Rostov-on-Don. 7/VIII-1920] Place(Rostov-on-Don) Text(". ") Date("7/VIII-1920" when=1920-08-07)"#,
        );
        check_line(
            "Foreign Office, February 9, 1922.",
            r#"[Foreign Office, February 9, 1922.] Place(Foreign Office) Text(", ") Date("February 9, 1922" when=1922-02-09) Text(".")"#,
        );
        check_line(
            "Москва, 14 декабря 1922 г.",
            r#"[Москва, 14 декабря 1922 г.] Place(Москва) Text(", ") Date("14 декабря 1922 г." when=1922-12-14)"#,
        );
        check_line(
            "1822 г. декабря 14",
            r#"[1822 г. декабря 14] Date("1822 г. декабря 14" when=1822-12-14)"#,
        );
        check_line(
            "Washington, February 20, 1918, 7 p.m.",
            r#"[Washington, February 20, 1918, 7 p.m.] Place(Washington) Text(", ") Date("February 20, 1918, 7 p.m." when=1918-02-20T19:00:00)"#,
        );
        check_line(
            "[28 September 1918]",
            r#"[[28 September 1918]] Supplied[ Date("28 September 1918" when=1918-09-28) ]"#,
        );
        // The same forms end a title line.
        check_trailing(
            "Telegram to the Foreign Office BERLIN, April 17, 1939.",
            r#"[BERLIN, April 17, 1939.] Upper[ Place(Berlin) ] Text(", ") Date("April 17, 1939" when=1939-04-17) Text(".")"#,
        );
        check_trailing(
            "My Lord, Foreign Office, February 12, 1919.",
            r#"[Foreign Office, February 12, 1919.] Place(Foreign Office) Text(", ") Date("February 12, 1919" when=1919-02-12) Text(".")"#,
        );
        check_trailing(
            "Telegram to G. Chicherin and V. Lenin Yerevan, May 3, 1920",
            r#"[Yerevan, May 3, 1920] Place(Yerevan) Text(", ") Date("May 3, 1920" when=1920-05-03)"#,
        );
        check_trailing(
            "Telegram from Stalin to Lenin Baku, 5 November 1920",
            r#"[Baku, 5 November 1920] Place(Baku) Text(", ") Date("5 November 1920" when=1920-11-05)"#,
        );
        check_trailing(
            "Телеграмма В. И. Ленину 14 декабря 1922 г.",
            r#"[14 декабря 1922 г.] Date("14 декабря 1922 г." when=1922-12-14)"#,
        );
    }

    #[test]
    fn places_in_capitals_are_read_in_their_usual_case() {
        let check = |printed: &str, expect: Option<&str>| {
            assert_eq!(usual_case(printed).as_deref(), expect, "{printed}");
        };
        check("PARIS", Some("Paris"));
        check("NEW YORK", Some("New York"));
        check("ROSTOV-ON-DON", Some("Rostov-on-Don"));
        check("МОСКВА", Some("Москва"));
        check("USSR", None);
        check("USA", None);
        check("BAKU", Some("Baku"));
        check("Paris", None);
        check("Foreign Office", None);
        check_line(
            "From: TEHRAN",
            r#"[From: TEHRAN] Text("From: ") Upper[ Place(Tehran) ]"#,
        );
        check_line(
            "LONDON, 3 May 1921",
            r#"[LONDON, 3 May 1921] Upper[ Place(London) ] Text(", ") Date("3 May 1921" when=1921-05-03)"#,
        );
    }

    #[test]
    fn headquarters_places_and_undated_datelines() {
        check_line(
            "Headquarters Camp Morris 3d June 1780.",
            r#"[Headquarters Camp Morris 3d June 1780.] Text("Headquarters ") Place(Camp Morris) Text(" ") Date("3d June 1780" when=1780-06-03) Text(".")"#,
        );
        check_line(
            "Lisbon, undated.",
            r#"[Lisbon, undated.] Place(Lisbon) Text(", ") Text("undated.")"#,
        );
        // Without the label, a place and a date need their comma.
        check_line("Camp Morris 3d June 1780.", "none");
        check_line("Lisbon, the capital.", "none");
    }

    #[test]
    fn labelled_datelines() {
        check_line(
            "Written: Moscow, September 18, 1918",
            r#"[Written: Moscow, September 18, 1918] Text("Written: ") Place(Moscow) Text(", ") Date("September 18, 1918" when=1918-09-18)"#,
        );
        check_line(
            "Written not before May 1921",
            r#"[Written not before May 1921] Text("Written ") Date("not before May 1921" notBefore=1921-05)"#,
        );
        check_line(
            "Написано не ранее 5 мая 1921 г.",
            r#"[Написано не ранее 5 мая 1921 г.] Text("Написано ") Date("не ранее 5 мая 1921 г." notBefore=1921-05-05)"#,
        );
        check_line(
            "Written prior to 27 August 1920",
            r#"[Written prior to 27 August 1920] Text("Written ") Date("prior to 27 August 1920" notAfter=1920-08-27)"#,
        );
        check_line(
            "Sent from Sörenberg to Berne",
            r#"[Sent from Sörenberg to Berne] Text("Sent from ") Place(Sörenberg) Text(" to Berne")"#,
        );
        check_line(
            "Written: Written on December 18, 1920",
            r#"[Written: Written on December 18, 1920] Text("Written: ") Text("Written on ") Date("December 18, 1920" when=1920-12-18)"#,
        );
        check_line(
            "From: Kursk",
            r#"[From: Kursk] Text("From: ") Place(Kursk)"#,
        );
        // A label alone, a person after a place label, or a sentence: no dateline.
        check_line("Written:", "none");
        check_line("From: George Washington", "none");
        check_line(
            "Sent from Moscow by courier to the Commander of the Front in Baku",
            "none",
        );
        check_line("Written in great haste", "none");
    }

    #[test]
    fn dateline_over_two_lines() {
        let source = "Telegram\nWashington, February\n20, 1918, 7 p.m.\nText";
        let start = source.find("Washington").unwrap();
        let end = source.find("\nText").unwrap();
        let m = dateline_over_lines(source, start, end, &Config::builtin()).unwrap();
        assert_eq!(m.start, 0);
        assert_eq!(
            m.content[0].kind,
            InlineKind::PlaceName("Washington".into())
        );
        let InlineKind::Date(date) = &m.content[2].kind else {
            panic!("no date: {:?}", m.content);
        };
        assert_eq!(date.text, "February\n20, 1918, 7 p.m.");
        assert_eq!(date.when.as_deref(), Some("1918-02-20T19:00:00"));
        let span = m.content[2].span;
        assert_eq!(&source[span.start..span.end], date.text);
        assert_eq!(span.end, end);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let lines = [
            "",
            " ",
            "[",
            "]",
            "[]",
            ", ",
            "№ 5 ",
            "Å, 1 May 1920",
            "1 May 99999",
            "May 1, 1920, 1:1",
            "[[1 May 1920]]",
            "Urgent. ",
            "after",
            "after ",
        ];
        for line in lines {
            let _ = trailing_dateline(line, 0, &Config::builtin());
            let _ = dateline_line(line, 0, &Config::builtin());
        }
        check_trailing(
            "99 May 1920",
            r#"[99 May 1920] Date("99 May 1920") ! teikit::source::invalid-date@"99 May 1920" "99 May 1920" is not a valid date"#,
        );
    }

    /// The §4 inventory: the last title line of every document of the sample,
    /// its place and date, read where it stands in the file.
    #[test]
    fn every_dateline_of_the_sample() {
        let text = include_str!("../../../tests/fixtures/barsegov-555-570.txt");
        let config = Config::builtin();
        let expected = [
            (5, None, "1920-10-29", "29 October 1920"),
            (8, None, "1920-10-29", "29 October 1920"),
            (11, None, "1920-11-01", "1 November 1920"),
            (14, Some("Moscow"), "1920-11-02", "2 November 1920"),
            (17, None, "1920-11-03", "3 November 1920"),
            (20, None, "1920-11-05", "5 November 1920"),
            (25, Some("Baku"), "1920-11-05", "5 November 1920"),
            (
                28,
                Some("Baku"),
                "1920-11-05T22:15:00",
                "5 November 1920, 22:15",
            ),
            (33, Some("Baku"), "1920-11-06", "6 November 1920"),
            (36, None, "1920-11-07", "7 November 1920"),
            (39, Some("Baku"), "1920-11-07", "7 November 1920"),
            (42, None, "1920-11-08", "8 November 1920"),
            (45, Some("Moscow"), "1920-11-08", "8 November 1920"),
            (48, None, "1920-11-09", "9 November 1920"),
        ];
        for (n, place, when, date_text) in expected {
            let (line, base) = fixture_line(text, n);
            let m = trailing_dateline(line, base, &config)
                .unwrap_or_else(|| panic!("L{n} has no dateline"));
            assert!(m.diagnostics.is_empty(), "L{n}");
            let date = m.content.last().unwrap();
            let InlineKind::Date(value) = &date.kind else {
                panic!("L{n}: no date last");
            };
            assert_eq!(value.when.as_deref(), Some(when), "L{n}");
            assert_eq!(value.text, date_text, "L{n}");
            assert_eq!(&text[date.span.start..date.span.end], date_text, "L{n}");
            assert_eq!(date.span.end, base + line.len(), "L{n}");
            match place {
                Some(p) => {
                    assert_eq!(m.content[0].kind, InlineKind::PlaceName(p.into()), "L{n}");
                    assert_eq!(&line[m.start..m.start + p.len()], p);
                }
                None => assert_eq!(m.content.len(), 1, "L{n}"),
            }
        }
        // Title lines followed by a subtitle end in no dateline.
        for n in [13, 19, 35] {
            let (line, base) = fixture_line(text, n);
            assert_eq!(trailing_dateline(line, base, &config), None, "L{n}");
        }
    }

    /// The §7.5 inventory: the dateline of every document of variants.txt.
    #[test]
    fn every_dateline_of_the_variants() {
        let text = include_str!("../../../tests/fixtures/variants.txt");
        let config = Config::builtin();
        let (line, base) = fixture_line(text, 48);
        let m = trailing_dateline(line, base, &config).unwrap();
        assert_eq!(
            render(line, base, &m),
            r#"[Tiflis, November 2, 1920] Place(Tiflis) Text(", ") Date("November 2, 1920" when=1920-11-02)"#
        );
        let lines = [
            (
                11,
                r#"[[28 September 1920]] Supplied[ Date("28 September 1920" when=1920-09-28) ]"#,
            ),
            (
                32,
                r#"[October 12 or 13, 1920] Date("October 12 or 13, 1920" notBefore=1920-10-12 notAfter=1920-10-13)"#,
            ),
            (
                57,
                r#"[Geneva, November 17, 1920, 10:30 AM] Place(Geneva) Text(", ") Date("November 17, 1920, 10:30 AM" when=1920-11-17T10:30:00)"#,
            ),
            (
                80,
                r#"[Geneva, 20 November 1920, 16:45] Place(Geneva) Text(", ") Date("20 November 1920, 16:45" when=1920-11-20T16:45:00)"#,
            ),
            (
                100,
                r#"[After 25 November 1920] Date("After 25 November 1920" notBefore=1920-11-25)"#,
            ),
            (
                115,
                r#"[Erivan, 31 November 1920] Place(Erivan) Text(", ") Date("31 November 1920") ! teikit::source::invalid-date@"31 November 1920" "31 November 1920" is not a valid date"#,
            ),
        ];
        for (n, expect) in lines {
            let (line, base) = fixture_line(text, n);
            let m = dateline_line(line, base, &config)
                .unwrap_or_else(|| panic!("V{n} is no dateline line"));
            assert_eq!(render(line, base, &m), expect, "V{n}");
        }
        // V115:9 is where the invalid date starts.
        let (line, base) = fixture_line(text, 115);
        let m = dateline_line(line, base, &config).unwrap();
        assert_eq!(m.diagnostics[0].span.start, base + 8);
        // Title and body lines of block-layout documents are no dateline lines.
        for n in [
            7, 8, 9, 29, 30, 54, 55, 77, 78, 96, 97, 98, 112, 113, 21, 42, 43, 106, 119,
        ] {
            let (line, base) = fixture_line(text, n);
            assert_eq!(dateline_line(line.trim(), base, &config), None, "V{n}");
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn line() -> impl Strategy<Value = String> {
            let piece = prop::sample::select(vec![
                "Baku",
                ", ",
                " ",
                "5",
                "31",
                "29",
                "November",
                "February",
                "1920",
                "1900",
                ":",
                "22",
                "10:30",
                " AM",
                " PM",
                " or ",
                "[",
                "]",
                "After ",
                "not later than ",
                "autumn",
                "…",
                "é",
                "Urgent. ",
            ]);
            prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
        }

        proptest! {
            #[test]
            fn datelines_cover_their_text(text in line()) {
                let config = Config::builtin();
                for m in [trailing_dateline(&text, 3, &config), dateline_line(&text, 3, &config)]
                    .into_iter()
                    .flatten()
                {
                    // `render` asserts that every span covers its text.
                    let _ = render(&text, 3, &m);
                    let end = m.content.last().map_or(0, |i| i.span.end);
                    prop_assert_eq!(end, 3 + text.trim_end().len());
                    prop_assert_eq!(m.content.first().map(|i| i.span.start), Some(3 + m.start));
                }
            }
        }
    }
}
