//! XML 1.0 `Char`: which characters may appear in a document at all, checked
//! once over the raw text (raw U+0001 is refused) and on every character
//! reference (`&#xFFFE;` is refused).

/// Whether `c` is an XML 1.0 `Char`.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Byte offset and character of the first character that is not an XML
/// `Char`. Scans blocks of bytes with a branch-free test (compiled to vector
/// compares), looking closer only at a block with a control byte or the
/// lead byte 0xEF (of U+FFFE and U+FFFF), so a large file costs one fast pass.
pub fn first_forbidden(text: &str) -> Option<(usize, char)> {
    const BLOCK: usize = 64;
    let bytes = text.as_bytes();
    // Bytes, not booleans, over blocks of a size known to the compiler: it
    // vectorises this fold whole (a third fewer instructions than a `bool`
    // fold over `chunks`).
    let suspect = |b: u8| {
        u8::from((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | u8::from(b == 0xEF)
    };
    let mut start = 0;
    let mut blocks = bytes.chunks_exact(BLOCK);
    for block in &mut blocks {
        let flagged = block.iter().fold(0u8, |any, &b| any | suspect(b)) != 0;
        if flagged && let Some(found) = forbidden_in(text, start, start + BLOCK) {
            return Some(found);
        }
        start += BLOCK;
    }
    let rest = blocks.remainder();
    if rest.iter().any(|&b| suspect(b) != 0) {
        return forbidden_in(text, start, start + rest.len());
    }
    None
}

/// The exact test over `text[from..to]` (a character may run past `to`).
fn forbidden_in(text: &str, from: usize, to: usize) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    (from..to).find_map(|at| {
        let b = bytes[at];
        if b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r' {
            return Some((at, char::from(b)));
        }
        // U+FFFE and U+FFFF are EF BF BE / EF BF BF; surrogates cannot occur in a str.
        if b == 0xEF
            && bytes.get(at + 1) == Some(&0xBF)
            && matches!(bytes.get(at + 2), Some(0xBE | 0xBF))
        {
            return Some((at, text[at..].chars().next().unwrap_or('\u{FFFE}')));
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: Option<usize>) {
        assert_eq!(
            first_forbidden(input).map(|(at, _)| at),
            expect,
            "{input:?}"
        );
    }

    #[test]
    fn forbidden_characters() {
        check("<a>ok\t\n\r</a>", None);
        check("<a>\u{1}</a>", Some(3));
        check("<a>é\u{FFFE}</a>", Some(5));
        check("<a>\u{FFFF}</a>", Some(3));
        check("<a>\u{FFFD}\u{10000}</a>", None);
        // Past the first block, and a character straddling two blocks.
        let long = "\n\t\r".repeat(30);
        check(&format!("{long}\u{1}"), Some(90));
        check(&format!("{}\u{FFFF}", "x".repeat(63)), Some(63));
        check(&format!("{}\u{FFFD}\u{1F}", "x".repeat(62)), Some(65));
        assert!(!is_xml_char('\u{FFFE}'));
        assert!(!is_xml_char('\u{0}'));
        assert!(is_xml_char('\u{10FFFF}'));
    }
}
