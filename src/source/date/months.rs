//! Month names of the languages documentary editions are printed in (English,
//! German, French, Russian in the nominative and genitive) and Roman month
//! numbers (`VIII`).
//!
//! English names must be capitalised as printed ("May", "MAY"), because "may"
//! and "march" are also words; the other languages write months in lower case
//! inside a sentence, so any case is a month.

/// English names and their dotted abbreviations.
const ENGLISH: &[(&str, i8)] = &[
    ("January", 1),
    ("February", 2),
    ("March", 3),
    ("April", 4),
    ("May", 5),
    ("June", 6),
    ("July", 7),
    ("August", 8),
    ("September", 9),
    ("October", 10),
    ("November", 11),
    ("December", 12),
    ("Jan.", 1),
    ("Feb.", 2),
    ("Mar.", 3),
    ("Apr.", 4),
    ("Jun.", 6),
    ("Jul.", 7),
    ("Aug.", 8),
    ("Sept.", 9),
    ("Sep.", 9),
    ("Oct.", 10),
    ("Nov.", 11),
    ("Dec.", 12),
];

/// German, French and Russian names in lower case (the Russian genitive
/// "декабря" is the form after a day number).
const OTHER: &[(&str, i8)] = &[
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("январь", 1),
    ("февраль", 2),
    ("март", 3),
    ("апрель", 4),
    ("май", 5),
    ("июнь", 6),
    ("июль", 7),
    ("август", 8),
    ("сентябрь", 9),
    ("октябрь", 10),
    ("ноябрь", 11),
    ("декабрь", 12),
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
];

/// A month name at the start of `s` (not followed by a letter or digit), and
/// what follows it.
pub fn month_name(s: &str) -> Option<(i8, &str)> {
    let first = s.chars().next()?;
    if !first.is_alphabetic() {
        return None;
    }
    // Every word start of a title line is tried: compare whole names only
    // where the first letters agree.
    let initial = lower_initial(first);
    let english = ENGLISH.iter().find_map(|&(name, m)| {
        if name.starts_with(|c: char| lower_initial(c) != initial) {
            return None;
        }
        let rest = strip_name(s, name, false)?;
        Some((m, rest))
    });
    english.or_else(|| {
        OTHER
            .iter()
            // The names are in lower case already.
            .filter(|(name, _)| name.starts_with(initial))
            .find_map(|&(name, m)| Some((m, strip_name(s, name, true)?)))
    })
}

/// The first letter in lower case (one character; ASCII without a table).
pub fn lower_initial(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// `s` without the month `name` at its start. `any_case`: compare in lower
/// case; else as printed or in capitals. The name must end the word.
fn strip_name<'a>(s: &'a str, name: &str, any_case: bool) -> Option<&'a str> {
    let mut chars = s.char_indices();
    for n in name.chars() {
        let (_, c) = chars.next()?;
        let same = c == n
            || if c.is_ascii() && n.is_ascii() {
                c.eq_ignore_ascii_case(&n) && (any_case || c.is_ascii_uppercase())
            } else {
                (any_case || c.is_uppercase()) && c.to_lowercase().eq(n.to_lowercase())
            };
        if !same {
            return None;
        }
    }
    let end = chars.next().map_or(s.len(), |(i, _)| i);
    let rest = &s[end..];
    let word_goes_on = !name.ends_with('.') && rest.starts_with(char::is_alphanumeric);
    (!word_goes_on).then_some(rest)
}

/// Whether a whole word is a month name (for vague dates and place words).
pub fn is_month_word(word: &str) -> bool {
    month_name(word).is_some_and(|(_, rest)| rest.is_empty() || rest == ".")
}

/// A Roman month number I–XII at the start of `s` (not followed by a letter).
pub fn roman_month(s: &str) -> Option<(i8, &str)> {
    const ROMAN: [&str; 12] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    let len = s
        .bytes()
        .take_while(|b| matches!(b, b'I' | b'V' | b'X'))
        .count();
    let rest = &s[len..];
    if rest.starts_with(char::is_alphabetic) {
        return None;
    }
    let m = ROMAN.iter().position(|r| *r == &s[..len])?;
    Some((m as i8 + 1, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_in_four_languages() {
        let cases = [
            ("May 5", Some(5)),
            ("MAY 5", Some(5)),
            ("may 5", None),
            ("Mayor", None),
            ("Sept. 5", Some(9)),
            ("März", Some(3)),
            ("Dezember", Some(12)),
            ("août", Some(8)),
            ("Juillet", Some(7)),
            ("декабря", Some(12)),
            ("Декабрь", Some(12)),
            ("МАЯ", Some(5)),
            ("майор", None),
            ("", None),
            ("5 May", None),
        ];
        for (text, expect) in cases {
            assert_eq!(month_name(text).map(|(m, _)| m), expect, "{text:?}");
        }
    }

    #[test]
    fn roman_months() {
        assert_eq!(roman_month("VIII-1920"), Some((8, "-1920")));
        assert_eq!(roman_month("XII."), Some((12, ".")));
        assert_eq!(roman_month("XIII-1920"), None);
        assert_eq!(roman_month("Xmas"), None);
        assert_eq!(roman_month("-1"), None);
    }
}
