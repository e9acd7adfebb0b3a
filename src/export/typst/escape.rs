//! Text from the edition made safe for typst: escaped markup for running text,
//! string literals for values passed to typst functions and metadata.
//!
//! Nothing from the model reaches the typst source without going through one of
//! these two functions, so no text of an edition can become typst code, a label,
//! a reference, a list, a heading or math.

/// Characters that mean something in typst markup somewhere (code, math, raw,
/// labels, references, emphasis, lists, headings, terms, comments, shorthands,
/// smart quotes, escapes). Each is written with a backslash, which typst reads as
/// the character itself.
fn is_markup_special(c: char) -> bool {
    matches!(
        c,
        '\\' | '#'
            | '$'
            | '*'
            | '_'
            | '`'
            | '<'
            | '>'
            | '@'
            | '['
            | ']'
            | '{'
            | '}'
            | '~'
            | '-'
            | '/'
            | '='
            | '+'
            | '\''
            | '"'
    )
}

/// Appends `s` as typst markup that shows exactly `s`: special characters get a
/// backslash; line breaks and tabs become spaces (a blank line would start a new
/// paragraph); other control characters are dropped.
///
/// A `.` is escaped where it could start something: after a digit (`1.` opens a
/// numbered list at the start of a line), before another `.` (`...` is the
/// ellipsis shorthand) and right after a call this writer emitted (`#f[x].y`
/// would be a method call).
pub fn markup_into(s: &str, out: &mut String) {
    let mut chars = s.chars().peekable();
    let mut prev: Option<char> = out.chars().next_back();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c if is_markup_special(c) => {
                out.push('\\');
                out.push(c);
            }
            '.' | '(' if prev.is_some_and(|p| matches!(p, ']' | ')')) => {
                out.push('\\');
                out.push(c);
            }
            '.' if prev.is_some_and(|p| p.is_ascii_digit()) || chars.peek() == Some(&'.') => {
                out.push_str("\\.");
            }
            c => out.push(c),
        }
        prev = Some(c);
    }
}

pub fn markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    markup_into(s, &mut out);
    out
}

/// `s` as a typst string literal, quotes included.
pub fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A typst label name (`<name>`) made from a prefix and a counter: labels are
/// generated, never taken from the input, so they are always valid and unique.
pub fn label(prefix: &str, n: usize) -> String {
    format!("<{prefix}-{n}>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_markup_special_character_is_escaped() {
        let s = "#let x = 1; $a$ *b* _c_ `d` <e> @f [g] {h} ~ - / = + ' \" \\";
        let m = markup(s);
        for c in s.chars().filter(|c| is_markup_special(*c)) {
            // Every occurrence stands behind a backslash.
            for (i, _) in m.match_indices(c).filter(|(_, x)| *x != "\\") {
                assert_eq!(&m[i - 1..i], "\\", "{c:?} unescaped in {m}");
            }
        }
        assert!(m.starts_with("\\#let x \\= 1;"), "{m}");
    }

    #[test]
    fn line_breaks_cannot_open_blocks() {
        let m = markup("a\n\n= Heading\n- item\n1. one\r\tb\u{7}");
        assert!(!m.contains('\n') && !m.contains('\r') && !m.contains('\u{7}'));
        assert_eq!(m, "a  \\= Heading \\- item 1\\. one  b");
    }

    #[test]
    fn dots_are_escaped_only_where_they_mean_something() {
        assert_eq!(markup("No. 5. End..."), "No. 5\\. End\\.\\..");
        let mut out = String::from("#emph[x]");
        markup_into(".(y)", &mut out);
        assert_eq!(out, "#emph[x]\\.(y)");
        let mut out = String::from("#f()");
        markup_into("(z)", &mut out);
        assert_eq!(out, "#f()\\(z)");
    }

    #[test]
    fn typographic_characters_and_diacritics_pass_unchanged() {
        let s = "’ “ ” – — … «» № Mirazbekyan Šahumyan Ərəb";
        assert_eq!(markup(s), s);
    }

    #[test]
    fn string_literals_escape_quotes_backslashes_and_controls() {
        assert_eq!(
            string_literal("a \"b\" \\ c\nd\u{1}"),
            "\"a \\\"b\\\" \\\\ c\\nd\\u{1}\""
        );
    }
}
