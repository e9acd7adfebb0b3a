//! The place of a dateline: where it ends (`Place, rest`), and its name as
//! printed and in its usual case (`BERLIN` → `Berlin`, docs/encoding.md §2.1).

use super::months::is_month_word;
use crate::config::Config;
use crate::model::{Inline, InlineKind, Span};

/// `Place, rest`: a configured multi-word place or one capitalised word; on a
/// dateline line (`line`) also up to three capitalised words (`Foreign
/// Office, …`) and a place ended by `. ` (`Rostov-on-Don. 7/VIII-1920`).
/// Returns the place, the separator (`,` or `.` and the whitespace after it)
/// and the rest.
pub(super) fn split_place<'a>(
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
pub(super) fn is_place_word(word: &str) -> bool {
    let mut chars = word.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    first_upper
        && chars.all(|c| c.is_alphabetic() || c == '-' || c == '’' || c == '\'')
        && !is_month_word(word)
}

/// `PlaceName`, then the separator text (`", "`).
pub(super) fn place_inlines(place: &str, sep: &str, base: usize) -> Vec<Inline> {
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
pub(super) fn usual_case(printed: &str) -> Option<String> {
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
