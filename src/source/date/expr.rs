//! Date expressions, without place or label: "5 November 1920", "November 17,
//! 1920, 10:30 AM", "den 18. März 1991", "14 декабря 1922 г.", "1822 г.
//! декабря 14", "7/VIII-1920", "12 or 13 October 1920", "not before May 1921".
//!
//! Every form is read whitespace-tolerant (a line break counts as a space), so
//! a dateline joined from two lines reads like one line. Each reader covers
//! the whole of its input and reads a bounded number of tokens, so trying it at
//! every word start of a line stays linear (docs/encoding.md §7.1 rule 15).

use super::months::{lower_initial, month_name, roman_month};
use crate::config::Config;

/// What a date expression says, before it becomes a `DateValue`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ReadDate {
    pub when: Option<String>,
    pub not_before: Option<String>,
    pub not_after: Option<String>,
    /// The expression has a readable form but names no real day or time.
    pub invalid: bool,
}

impl ReadDate {
    pub fn when(iso: Option<String>) -> Self {
        let invalid = iso.is_none();
        ReadDate {
            when: iso,
            not_before: None,
            not_after: None,
            invalid,
        }
    }

    fn between(from: Option<String>, to: Option<String>) -> Self {
        match (from, to) {
            (Some(from), Some(to)) => ReadDate {
                when: None,
                not_before: Some(from),
                not_after: Some(to),
                invalid: false,
            },
            _ => ReadDate::when(None),
        }
    }
}

/// At least one whitespace character (a space, a tab, a line break), all skipped.
fn sp(s: &str) -> Option<&str> {
    let rest = s.trim_start();
    (rest.len() < s.len()).then_some(rest)
}

/// Optional whitespace.
fn osp(s: &str) -> &str {
    s.trim_start()
}

/// `,` then whitespace, whitespace alone, or `,` straight before a digit
/// (`September 27,1946`: the space lost in print or in the page's text).
fn comma_sp(s: &str) -> Option<&str> {
    match s.strip_prefix(',') {
        Some(rest) => sp(rest).or_else(|| {
            rest.starts_with(|c: char| c.is_ascii_digit())
                .then_some(rest)
        }),
        None => sp(s),
    }
}

/// `min`..=`max` ASCII digits (and no more) at the start of `s`.
fn digits(s: &str, min: usize, max: usize) -> Option<(i8, &str)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if len < min || len > max {
        return None;
    }
    let value = s[..len].parse().ok()?;
    Some((value, &s[len..]))
}

/// A day number with an optional ordinal suffix (`24th`, `1er`, `1-го`).
fn day(s: &str) -> Option<(i8, &str)> {
    let (d, rest) = digits(s, 1, 2)?;
    for suffix in ["st", "nd", "rd", "th", "d", "er", "-го", "-e"] {
        if let Some(after) = rest.strip_prefix(suffix)
            && !after.starts_with(char::is_alphanumeric)
        {
            return Some((d, after));
        }
    }
    Some((d, rest))
}

/// Exactly four digits (not followed by another), then an optional Russian
/// year word (`г.`, `года`, `гг.`).
fn year(s: &str) -> Option<(i16, &str)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if len != 4 {
        return None;
    }
    let value = s[..4].parse().ok()?;
    Some((value, year_word(&s[4..])))
}

/// Skips ` г.`, `г.`, ` года`, ` гг.` after a year.
fn year_word(s: &str) -> &str {
    let t = osp(s);
    for word in ["года", "гг.", "г."] {
        if let Some(rest) = t.strip_prefix(word)
            && !rest.starts_with(char::is_alphanumeric)
        {
            return rest;
        }
    }
    s
}

/// `YYYY-MM-DD` when the day exists in the calendar.
pub(super) fn iso_date(year: i16, month: i8, day: i8) -> Option<String> {
    jiff::civil::Date::new(year, month, day)
        .ok()
        .map(|_| format!("{year:04}-{month:02}-{day:02}"))
}

/// `HH:MM:00` when the time exists.
fn iso_time(hour: i8, minute: i8) -> Option<String> {
    jiff::civil::Time::new(hour, minute, 0, 0)
        .ok()
        .map(|_| format!("{hour:02}:{minute:02}:00"))
}

/// A day, month and year at the start of `s`, in any of the printed orders,
/// and what follows:
/// `Month D[,] YYYY`; `[den |le ]D[.] [of ]Month[,] YYYY`; `YYYY г. Month D`;
/// `D/ROMAN-YYYY` (also `/` or `.` before the year); `D.MM.YYYY`; `YYYY-MM-DD`.
pub(super) fn day_month_year(s: &str) -> Option<((i16, i8, i8), &str)> {
    let s = after_weekday(s);
    month_first(s)
        .or_else(|| day_first(s))
        .or_else(|| year_first(s))
        .or_else(|| numeric(s))
}

/// `s` after a leading weekday name and its comma (`Wednesday, April 30th`).
fn after_weekday(s: &str) -> &str {
    const WEEKDAYS: [&str; 28] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "понедельник",
        "вторник",
        "среда",
        "четверг",
        "пятница",
        "суббота",
        "воскресенье",
    ];
    let Some(initial) = s.chars().next().map(lower_initial) else {
        return s;
    };
    WEEKDAYS
        .iter()
        .filter(|w| w.starts_with(|c: char| lower_initial(c) == initial))
        .find_map(|w| {
            let rest = strip_prefix_any_case(s, w)?;
            let rest = rest.strip_prefix(',').unwrap_or(rest);
            sp(rest)
        })
        .unwrap_or(s)
}

fn month_first(s: &str) -> Option<((i16, i8, i8), &str)> {
    let (m, rest) = month_name(s)?;
    let (d, rest) = day(sp(rest)?)?;
    let (y, rest) = year(comma_sp(rest)?)?;
    Some(((y, m, d), rest))
}

fn day_first(s: &str) -> Option<((i16, i8, i8), &str)> {
    let s = ["den ", "le ", "the "]
        .iter()
        .find_map(|article| s.strip_prefix(article).map(osp))
        .unwrap_or(s);
    let (d, rest) = day(s)?;
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let mut rest = sp(rest)?;
    if let Some(after) = rest.strip_prefix("of ") {
        rest = osp(after);
    }
    let (m, rest) = month_name(rest)?;
    let (y, rest) = year(comma_sp(rest)?)?;
    Some(((y, m, d), rest))
}

fn year_first(s: &str) -> Option<((i16, i8, i8), &str)> {
    let (y, rest) = year(s)?;
    // The year word is required here: "1920 May 5" is no printed form.
    if rest.len() == s.len() - 4 {
        return None;
    }
    let (m, rest) = month_name(sp(rest)?)?;
    let (d, rest) = day(sp(rest)?)?;
    Some(((y, m, d), rest))
}

fn numeric(s: &str) -> Option<((i16, i8, i8), &str)> {
    // YYYY-MM-DD
    if let Some((y, rest)) = year(s)
        && let Some(rest) = rest.strip_prefix('-')
        && let Some((m, rest)) = digits(rest, 2, 2)
        && let Some(rest) = rest.strip_prefix('-')
        && let Some((d, rest)) = digits(rest, 2, 2)
    {
        return Some(((y, m, d), rest));
    }
    let (d, rest) = digits(s, 1, 2)?;
    let sep = rest.chars().next().filter(|c| matches!(c, '/' | '.'))?;
    let rest = &rest[1..];
    if let Some((m, after)) = roman_month(rest) {
        let after = after.strip_prefix(['-', '/', '.', ' '])?;
        let (y, after) = year(after)?;
        return Some(((y, m, d), after));
    }
    // D.MM.YYYY only with dots: "5/11/1920" may be month first or day first.
    if sep != '.' {
        return None;
    }
    let (m, rest) = digits(rest, 1, 2)?;
    let (y, rest) = year(rest.strip_prefix('.')?)?;
    Some(((y, m, d), rest))
}

/// A time covering all of `s`: `HH:MM`, `H:MM AM`, `7 p.m.`, `7.30 p.m.`,
/// `14 ч. 15 м.` The outer `None` means `s` is no time; the inner `None` a time
/// of a readable form that does not exist (`25:10`, `13:00 PM`). An hour alone
/// without a.m./p.m. (`10 hours`) is no time.
#[allow(clippy::option_option)]
pub(super) fn time_of_day(s: &str) -> Option<Option<(i8, i8)>> {
    let (hour, rest) = digits(s, 1, 2)?;
    if let Some(rest) = russian_hours(rest) {
        let rest = osp(rest);
        if rest.is_empty() {
            return Some(valid_time(hour, 0));
        }
        let (minute, rest) = digits(rest, 1, 2)?;
        let rest = osp(rest);
        let end = ["мин.", "мин", "м."]
            .iter()
            .find_map(|w| rest.strip_prefix(w))?;
        return end.is_empty().then(|| valid_time(hour, minute));
    }
    let (minute, rest) = match rest.strip_prefix([':', '.']) {
        Some(after) => match digits(after, 2, 2) {
            Some((minute, after)) => (Some(minute), after),
            None => (None, rest),
        },
        None => (None, rest),
    };
    if rest.is_empty() {
        return minute.map(|m| valid_time(hour, m));
    }
    let pm = meridiem(osp(rest))?;
    if !(1..=12).contains(&hour) {
        return Some(None);
    }
    let hour = hour % 12 + if pm { 12 } else { 0 };
    Some(valid_time(hour, minute.unwrap_or(0)))
}

fn valid_time(hour: i8, minute: i8) -> Option<(i8, i8)> {
    iso_time(hour, minute).map(|_| (hour, minute))
}

/// `ч.` (hours) after an hour, with optional space before it.
fn russian_hours(s: &str) -> Option<&str> {
    osp(s).strip_prefix("ч.")
}

/// A.m./p.m. in its printed forms covering all of `s`: `true` for p.m.
fn meridiem(s: &str) -> Option<bool> {
    const FORMS: [(&str, bool); 10] = [
        ("AM", false),
        ("PM", true),
        ("A.M.", false),
        ("P.M.", true),
        ("a.m.", false),
        ("p.m.", true),
        ("a. m.", false),
        ("p. m.", true),
        ("am", false),
        ("pm", true),
    ];
    FORMS.iter().find(|(f, _)| *f == s).map(|&(_, pm)| pm)
}

/// A full date, maybe with a time, covering all of `s` (the forms a title line
/// may end in).
pub(super) fn strict_date(s: &str) -> Option<ReadDate> {
    let ((y, m, d), rest) = day_month_year(s)?;
    if rest.is_empty() {
        return Some(ReadDate::when(iso_date(y, m, d)));
    }
    let time = time_of_day(comma_sp(rest)?)?;
    let iso = match (iso_date(y, m, d), time) {
        (Some(date), Some((h, min))) => iso_time(h, min).map(|t| format!("{date}T{t}")),
        _ => None,
    };
    Some(ReadDate::when(iso))
}

/// The forms only a dateline line allows (two days, a range of days, month
/// only), or a strict one.
pub(super) fn loose_date(s: &str) -> Option<ReadDate> {
    strict_date(s)
        .or_else(|| two_days(s))
        .or_else(|| month_year(s))
}

/// `D or D Month YYYY`, `Month D or D, YYYY`, `D–D Month YYYY`, `Month D–D,
/// YYYY` (also `или`): both days, as `notBefore` and `notAfter`.
fn two_days(s: &str) -> Option<ReadDate> {
    let (d1, d2, m, y) = if let Some((m, rest)) = month_name(s) {
        let (d1, rest) = day(sp(rest)?)?;
        let (d2, rest) = second_day(rest)?;
        let (y, rest) = year(comma_sp(rest)?)?;
        rest.is_empty().then_some((d1, d2, m, y))?
    } else {
        let (d1, rest) = day(s)?;
        let (d2, rest) = second_day(rest)?;
        let (m, rest) = month_name(sp(rest)?)?;
        let (y, rest) = year(comma_sp(rest)?)?;
        rest.is_empty().then_some((d1, d2, m, y))?
    };
    Some(ReadDate::between(iso_date(y, m, d1), iso_date(y, m, d2)))
}

/// ` or D`, ` или D`, `–D`, `-D` after a first day.
fn second_day(s: &str) -> Option<(i8, &str)> {
    if let Some(rest) = s.strip_prefix(['–', '-']) {
        return day(rest);
    }
    let rest = sp(s)?;
    let rest = rest
        .strip_prefix("or")
        .or_else(|| rest.strip_prefix("или"))?;
    day(sp(rest)?)
}

/// `Month[,] YYYY` → `YYYY-MM` (a date of month precision, not a false day).
pub(super) fn month_year(s: &str) -> Option<ReadDate> {
    let (m, rest) = month_name(s)?;
    let (y, rest) = year(comma_sp(rest)?)?;
    rest.is_empty()
        .then(|| ReadDate::when(Some(format!("{y:04}-{m:02}"))))
}

/// `YYYY` alone (only after a qualifier: "before 1921").
fn year_only(s: &str) -> Option<ReadDate> {
    let (y, rest) = year(s)?;
    rest.is_empty()
        .then(|| ReadDate::when(Some(format!("{y:04}"))))
}

/// A configured qualifier (any case) then a date: after → `notBefore`, before →
/// `notAfter` (the named day itself included). Never a `when`.
pub(super) fn qualified_date(s: &str, config: &Config) -> Option<ReadDate> {
    let qualifiers = &config.conventions.date_qualifiers;
    let after = qualifiers.after.iter().map(|q| (q, true));
    let before = qualifiers.before.iter().map(|q| (q, false));
    let mut found: Option<(usize, ReadDate)> = None;
    for (qualifier, is_after) in after.chain(before) {
        let Some(rest) = strip_prefix_any_case(s, qualifier).and_then(sp) else {
            continue;
        };
        let Some(date) = strict_date(rest)
            .or_else(|| month_year(rest))
            .or_else(|| year_only(rest))
        else {
            continue;
        };
        let (not_before, not_after) = if is_after {
            (date.when.clone(), None)
        } else {
            (None, date.when.clone())
        };
        // The longest qualifier wins: "not before" over "before".
        if found.as_ref().is_none_or(|(len, _)| qualifier.len() > *len) {
            found = Some((
                qualifier.len(),
                ReadDate {
                    when: None,
                    not_before,
                    not_after,
                    invalid: date.invalid,
                },
            ));
        }
    }
    found.map(|(_, date)| date)
}

/// `s` without `prefix`, compared letter by letter in lower case.
pub(super) fn strip_prefix_any_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let (Some(a), Some(b)) = (s.chars().next(), prefix.chars().next()) else {
        return None;
    };
    if lower_initial(a) != lower_initial(b) {
        return None;
    }
    let mut chars = s.char_indices();
    for p in prefix.chars() {
        let (_, c) = chars.next()?;
        if c != p && !c.to_lowercase().eq(p.to_lowercase()) {
            return None;
        }
    }
    let end = chars.next().map_or(s.len(), |(i, _)| i);
    Some(&s[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(r: Option<ReadDate>) -> String {
        match r {
            None => "none".into(),
            Some(r) => {
                let mut out = Vec::new();
                if let Some(w) = r.when {
                    out.push(format!("when={w}"));
                }
                if let Some(w) = r.not_before {
                    out.push(format!("notBefore={w}"));
                }
                if let Some(w) = r.not_after {
                    out.push(format!("notAfter={w}"));
                }
                if r.invalid {
                    out.push("invalid".into());
                }
                out.join(" ")
            }
        }
    }

    fn check(input: &str, expect: &str) {
        assert_eq!(iso(strict_date(input)), expect, "{input:?}");
    }

    fn check_loose(input: &str, expect: &str) {
        assert_eq!(iso(loose_date(input)), expect, "{input:?}");
    }

    fn check_qualified(input: &str, expect: &str) {
        let config = Config::builtin();
        assert_eq!(iso(qualified_date(input, &config)), expect, "{input:?}");
    }

    #[test]
    fn english_orders_and_ordinals() {
        check("April 17, 1939", "when=1939-04-17");
        check("APRIL 17, 1939", "when=1939-04-17");
        // The space after the comma lost in print.
        check("April 17,1939", "when=1939-04-17");
        check("17 April 1939", "when=1939-04-17");
        check("24th February, 1919", "when=1919-02-24");
        check("the 3rd of March 1801", "when=1801-03-03");
        check("Sept. 5, 1920", "when=1920-09-05");
        check("November 23d, 1781", "when=1781-11-23");
        check("Wednesday, April 30th, 1919", "when=1919-04-30");
        check("Mittwoch, den 3. Oktober 1990", "when=1990-10-03");
        // An English month name in lower case is a word, not a month.
        check("17 april 1939", "none");
    }

    #[test]
    fn german_and_french_months() {
        check("den 18. März 1991", "when=1991-03-18");
        check("18. MÄRZ 1991", "when=1991-03-18");
        check("3. Oktober 1990", "when=1990-10-03");
        check("1er mai 1920", "when=1920-05-01");
        check("le 14 juillet 1919", "when=1919-07-14");
        check("12 Décembre 1921", "when=1921-12-12");
    }

    #[test]
    fn russian_months_in_both_cases_and_orders() {
        check("14 декабря 1922 г.", "when=1922-12-14");
        check("14 декабря 1922 года", "when=1922-12-14");
        check("14 Декабря 1922г.", "when=1922-12-14");
        check("1822 г. декабря 14", "when=1822-12-14");
        check_loose("декабрь 1922 г.", "when=1922-12");
        check_loose("Март 1931", "when=1931-03");
    }

    #[test]
    fn numeric_forms() {
        check("7/VIII-1920", "when=1920-08-07");
        check("13/X/1920", "when=1920-10-13");
        check("7.XII.1920", "when=1920-12-07");
        check("18.03.1991", "when=1991-03-18");
        check("1956-08-20", "when=1956-08-20");
        // Slashes with a month number: day or month first cannot be told.
        check("5/11/1920", "none");
        check("31/IV-1920", "invalid");
    }

    #[test]
    fn times() {
        check("February 20, 1918, 7 p.m.", "when=1918-02-20T19:00:00");
        check("February 20, 1918, 7 P.M.", "when=1918-02-20T19:00:00");
        check("February 20, 1918, 12 a.m.", "when=1918-02-20T00:00:00");
        check("November 17, 1920, 10:30 AM", "when=1920-11-17T10:30:00");
        check("14 October 1950, 03:15 a.m.", "when=1950-10-14T03:15:00");
        check(
            "14 декабря 1922 г., 14 ч. 15 м.",
            "when=1922-12-14T14:15:00",
        );
        check(
            "14 декабря 1922 г. 14 ч. 15 мин.",
            "when=1922-12-14T14:15:00",
        );
        check("5 November 1920, 22.15", "when=1920-11-05T22:15:00");
        // A bare hour is no time; an impossible time is an invalid date.
        check("5 November 1920, 10 hours", "none");
        check("5 November 1920, 13 p.m.", "invalid");
        check("5 November 1920, 24:30", "invalid");
    }

    #[test]
    fn line_breaks_count_as_spaces() {
        check("February\n20, 1918, 7 p.m.", "when=1918-02-20T19:00:00");
        check("14\nдекабря 1922 г.", "when=1922-12-14");
    }

    #[test]
    fn inexact_dates_never_get_when() {
        check_loose(
            "12–13 October 1920",
            "notBefore=1920-10-12 notAfter=1920-10-13",
        );
        check_loose(
            "October 12-13, 1920",
            "notBefore=1920-10-12 notAfter=1920-10-13",
        );
        check_loose(
            "12 или 13 октября 1920 г.",
            "notBefore=1920-10-12 notAfter=1920-10-13",
        );
        check_qualified("not before May 1921", "notBefore=1921-05");
        check_qualified("Not before 3 May 1921", "notBefore=1921-05-03");
        check_qualified("prior to 27 August 1920", "notAfter=1920-08-27");
        check_qualified("before 1921", "notAfter=1921");
        check_qualified("не ранее 5 мая 1921 г.", "notBefore=1921-05-05");
        check_qualified("Не позднее 5 мая 1921 г.", "notAfter=1921-05-05");
        check_qualified("после 5 мая 1921 г.", "notBefore=1921-05-05");
        // A qualifier with no date after it, or a day alone: no date.
        check_qualified("prior to 27", "none");
        check_qualified("not before", "none");
    }

    #[test]
    fn prefix_any_case() {
        assert_eq!(strip_prefix_any_case("Не ранее 5", "не ранее"), Some(" 5"));
        assert_eq!(strip_prefix_any_case("AFTER x", "after"), Some(" x"));
        assert_eq!(strip_prefix_any_case("aft", "after"), None);
        assert_eq!(strip_prefix_any_case("x", ""), None);
    }
}
