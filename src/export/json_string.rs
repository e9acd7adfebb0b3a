//! JSON strings written straight into a `String`, escaped to serde_json's
//! bytes: the CSL-JSON of citations and the site's search index write their
//! strings here rather than through a serialiser. The index also needs its
//! JSON to be safe inside a `<script>` element, hence [`Flavour::Script`].

use super::scan;

/// Which characters a JSON string escapes beyond `"`, `\` and the controls.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Flavour {
    /// None: serde_json's own escaping.
    Plain,
    /// Also `<`, as `\u003c`, so that the JSON cannot end a `<script>`
    /// element, and U+2028 and U+2029, which end a line in older
    /// JavaScript, as `\u2028` and `\u2029`.
    Script,
}

/// Appends the pieces as one JSON string, quotes and all, escaped as
/// [`push_json_content`] escapes them.
pub(super) fn push_json_string(out: &mut String, pieces: &[&str], flavour: Flavour) {
    out.push('"');
    for piece in pieces {
        push_json_content(out, piece, flavour);
    }
    out.push('"');
}

/// Appends the content of a JSON string for `s` (without the quotes): `"`
/// and `\` with a backslash, the control characters as [`CONTROL`] gives
/// them, the others of `flavour`, and the runs between them copied whole.
#[inline(always)]
fn push_json_content(out: &mut String, s: &str, flavour: Flavour) {
    if flavour == Flavour::Plain {
        return scan::push_escaped(s, out, is_plain_special, plain_escape);
    }
    let bytes = s.as_bytes();
    let (mut run, mut at) = (0, 0);
    while let Some(skip) = bytes
        .get(at..)
        .and_then(|rest| scan::position(rest, is_script_special))
    {
        at += skip;
        let (escape, len) = match bytes[at] {
            b'<' => ("\\u003c", 1),
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9; other characters
            // beginning with E2 (–, ’, …) stay in the run.
            0xE2 => match bytes.get(at + 1..at + 3) {
                Some([0x80, 0xA8]) => ("\\u2028", 3),
                Some([0x80, 0xA9]) => ("\\u2029", 3),
                _ => {
                    at += 1;
                    continue;
                }
            },
            byte => (plain_escape(byte), 1),
        };
        out.push_str(s.get(run..at).unwrap_or_default());
        out.push_str(escape);
        at += len;
        run = at;
    }
    out.push_str(s.get(run..).unwrap_or_default());
}

/// Whether serde_json escapes the byte `b`: a control character, `"`, `\`.
#[inline(always)]
fn is_plain_special(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

/// Whether `b` may need escaping in script-safe JSON: those of
/// [`is_plain_special`], `<`, and the first byte of U+2028 and U+2029.
#[inline(always)]
fn is_script_special(b: u8) -> bool {
    is_plain_special(b) | (b == b'<') | (b == 0xE2)
}

/// The escape of a byte of [`is_plain_special`].
fn plain_escape(b: u8) -> &'static str {
    match b {
        b'"' => "\\\"",
        b'\\' => "\\\\",
        _ => CONTROL.get(usize::from(b)).copied().unwrap_or_default(),
    }
}

/// The JSON escapes of the control characters U+0000 to U+001F, as
/// serde_json writes them: the short ones where JSON has one, else
/// `\u00xx` in lower-case hex.
#[rustfmt::skip]
const CONTROL: [&str; 32] = [
    "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
    "\\b", "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f",
    "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
    "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn content(s: &str, flavour: Flavour) -> String {
        let mut out = String::new();
        push_json_content(&mut out, s, flavour);
        out
    }

    /// Every control character and the two specials, as serde_json writes
    /// them (its quotes taken off), in both flavours; `<` and U+2028 only
    /// in the script flavour.
    #[test]
    fn escapes_as_serde_json_does() {
        let mut text: String = (0u8..0x20).map(char::from).collect();
        text.push_str("\"\\ a–b");
        let serde = serde_json::to_string(&text).unwrap();
        let serde = &serde[1..serde.len() - 1];
        assert_eq!(content(&text, Flavour::Plain), serde);
        assert_eq!(content(&text, Flavour::Script), serde);
        assert_eq!(
            content("<\u{2028}\u{2029}", Flavour::Plain),
            "<\u{2028}\u{2029}"
        );
        assert_eq!(
            content("a<b\u{2028}\u{2029}–", Flavour::Script),
            "a\\u003cb\\u2028\\u2029–"
        );
    }
}
