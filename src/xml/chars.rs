//! XML 1.0 `Char`: which characters may appear in a document at all, checked
//! once over the raw text (raw U+0001 is refused) and on every character
//! reference (`&#xFFFE;` is refused).

/// Whether `c` is an XML 1.0 `Char`.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Byte offset and character of the first character that is not an XML
/// `Char`. Scans bytes, decoding only the rare lead bytes that can start a
/// forbidden character, so a large file costs one fast pass.
pub fn first_forbidden(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // Eight bytes at a time while a word has no control byte and no 0xEF.
        if let Some(word) = bytes.get(at..at + 8) {
            const ONES: u64 = 0x0101_0101_0101_0101;
            const HIGHS: u64 = 0x8080_8080_8080_8080;
            let mut buffer = [0u8; 8];
            buffer.copy_from_slice(word);
            let x = u64::from_le_bytes(buffer);
            let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGHS;
            let ef = x ^ (ONES * 0xEF);
            let has_ef = ef.wrapping_sub(ONES) & !ef & HIGHS;
            if below_space == 0 && has_ef == 0 {
                at += 8;
                continue;
            }
        }
        let b = bytes[at];
        if b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r' {
            return Some((at, char::from(b)));
        }
        // U+FFFE and U+FFFF are EF BF BE / EF BF BF; surrogates cannot occur in a str.
        if b == 0xEF
            && bytes.get(at + 1) == Some(&0xBF)
            && matches!(bytes.get(at + 2), Some(0xBE | 0xBF))
        {
            let c = text[at..].chars().next().unwrap_or('\u{FFFE}');
            return Some((at, c));
        }
        at += 1;
    }
    None
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
        assert!(!is_xml_char('\u{FFFE}'));
        assert!(!is_xml_char('\u{0}'));
        assert!(is_xml_char('\u{10FFFF}'));
    }
}
