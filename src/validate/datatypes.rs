//! Strict lexical checks of the XSD date, time and URI types: calendar-valid
//! dates (no 1787-02-30), time zones within ±14:00, anyURI escapes and
//! fragments — the rules jing applies. Used by the XSD library and the rules.

/// Whether `value` is a lexically and calendrically valid `type_name`.
pub fn matches(type_name: &str, value: &str) -> bool {
    match type_name {
        "date" => split_zone(value).is_some_and(|(d, z)| date(d) && zone(z)),
        "dateTime" => split_zone(value).is_some_and(|(v, z)| {
            v.split_once('T')
                .is_some_and(|(d, t)| date(d) && clock(t) && zone(z))
        }),
        "time" => split_zone(value).is_some_and(|(t, z)| clock(t) && zone(z)),
        "gYear" => split_zone(value).is_some_and(|(y, z)| year(y).is_some() && zone(z)),
        "gYearMonth" => split_zone(value).is_some_and(|(v, z)| {
            v.rsplit_once('-').is_some_and(|(y, m)| {
                year(y).is_some() && two_digits(m).is_some_and(|m| (1..=12).contains(&m))
            }) && zone(z)
        }),
        "gMonth" => split_zone(value).is_some_and(|(v, z)| {
            v.strip_prefix("--")
                .and_then(two_digits)
                .is_some_and(|m| (1..=12).contains(&m))
                && zone(z)
        }),
        "gMonthDay" => split_zone(value).is_some_and(|(v, z)| {
            v.strip_prefix("--")
                .and_then(|md| md.split_once('-'))
                .and_then(|(m, d)| Some((two_digits(m)?, two_digits(d)?)))
                .is_some_and(|(m, d)| (1..=12).contains(&m) && d >= 1 && d <= days_in(m, None))
                && zone(z)
        }),
        "gDay" => split_zone(value).is_some_and(|(v, z)| {
            v.strip_prefix("---")
                .and_then(two_digits)
                .is_some_and(|d| (1..=31).contains(&d))
                && zone(z)
        }),
        "anyURI" => any_uri(value),
        _ => true,
    }
}

/// Splits a trailing `Z` or `±hh:mm` zone off a temporal value.
fn split_zone(value: &str) -> Option<(&str, &str)> {
    if let Some(v) = value.strip_suffix('Z') {
        return Some((v, "Z"));
    }
    if value.len() > 6 {
        let at = value.len() - 6;
        let tail = value.get(at..)?;
        if (tail.starts_with('+') || tail.starts_with('-')) && tail.as_bytes().get(3) == Some(&b':')
        {
            // A date's own "-dd" is never followed by ":mm", so this is a zone.
            return Some((value.get(..at)?, tail));
        }
    }
    Some((value, ""))
}

fn zone(z: &str) -> bool {
    if z.is_empty() || z == "Z" {
        return true;
    }
    let Some((h, m)) = z.get(1..).and_then(|r| r.split_once(':')) else {
        return false;
    };
    match (two_digits(h), two_digits(m)) {
        (Some(h), Some(m)) => m < 60 && (h < 14 || (h == 14 && m == 0)),
        _ => false,
    }
}

fn two_digits(s: &str) -> Option<u32> {
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// A year of four or more digits (no leading zero beyond four), not 0000.
fn year(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.len() < 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if digits.len() > 4 && digits.starts_with('0') {
        return None;
    }
    let y: i64 = digits.parse().ok()?;
    if y == 0 {
        return None;
    }
    Some(if s.starts_with('-') { -y } else { y })
}

fn leap(y: i64) -> bool {
    // XSD 1.0 years have no year zero: 1 BCE is -0001, a leap year like 0004 CE.
    let y = if y < 0 { y + 1 } else { y };
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in(month: u32, year: Option<i64>) -> u32 {
    match month {
        2 => match year {
            Some(y) if !leap(y) => 28,
            _ => 29,
        },
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn date(s: &str) -> bool {
    let Some((rest, d)) = s.rsplit_once('-') else {
        return false;
    };
    let Some((y, m)) = rest.rsplit_once('-') else {
        return false;
    };
    let (Some(y), Some(m), Some(d)) = (year(y), two_digits(m), two_digits(d)) else {
        return false;
    };
    (1..=12).contains(&m) && d >= 1 && d <= days_in(m, Some(y))
}

fn clock(s: &str) -> bool {
    let mut parts = s.splitn(3, ':');
    let (Some(h), Some(m), Some(sec)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let (whole, fraction) = match sec.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (sec, None),
    };
    if fraction.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    match (two_digits(h), two_digits(m), two_digits(whole)) {
        (Some(h), Some(m), Some(s)) => h < 24 && m < 60 && s < 60,
        _ => false,
    }
}

/// jing's anyURI: well-formed `%` escapes, at most one `#`, a valid scheme
/// when one is present, brackets only around an IPv6 host.
fn any_uri(s: &str) -> bool {
    let bytes = s.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'%' {
            let ok = bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
            if !ok {
                return false;
            }
        }
    }
    if s.matches('#').count() > 1 {
        return false;
    }
    let before_fragment = s.split('#').next().unwrap_or("");
    if let Some(colon) = before_fragment.find(':') {
        let head = &before_fragment[..colon];
        if !head.contains(['/', '?']) {
            let mut chars = head.chars();
            let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
            if !first_ok || !chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) {
                return false;
            }
        }
    }
    if s.contains(['[', ']']) {
        let authority = s
            .split_once("//")
            .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(""));
        let outside = s.replace(authority.unwrap_or("\u{0}"), "");
        if outside.contains(['[', ']']) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    // Each verdict below was taken from jing on tei_all's @when and @target.
    #[test]
    fn dates_as_jing_judges_them() {
        for (value, ok) in [
            ("1787-02-30", false),
            ("1787-02-29", false),
            ("1788-02-29", true),
            ("0000-01-01", false),
            ("1900-02-29", false),
            ("2000-02-29", true),
            ("1920-13-01", false),
            ("1920-11-05Z", true),
            ("1920-11-05+14:00", true),
            ("1920-11-05+14:01", false),
            ("-0044-03-15", true),
            ("12345-01-01", true),
        ] {
            assert_eq!(matches("date", value), ok, "{value}");
        }
        assert!(!matches("gMonthDay", "--11-31"));
        assert!(matches("gMonthDay", "--02-29"));
        assert!(!matches("dateTime", "1920-11-05T24:00:00"));
        assert!(matches("dateTime", "1920-11-05T23:59:59.5+01:00"));
        assert!(matches("gYearMonth", "1920-11"));
        assert!(matches("gYear", "1920"));
    }

    #[test]
    fn uris_as_jing_judges_them() {
        for (value, ok) in [
            ("%zz", false),
            ("#a#b", false),
            ("[x]", false),
            ("a<b", true),
            ("#d1", true),
            ("é", true),
            ("http://[::1]/x", true),
        ] {
            assert_eq!(matches("anyURI", value), ok, "{value}");
        }
    }
}
