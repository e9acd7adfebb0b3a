//! HTML built in Rust (inline content, the legend's samples, the source line)
//! goes through one writer, [`Html`], that grows only by escaped text or by
//! markup written in teikit's source (`&'static str`): a string from an
//! edition cannot be appended unescaped by mistake, because no method takes
//! a runtime string as markup. The templates do the same for whole pages
//! with minijinja's autoescaping; they insert these fragments with `|safe`.

use super::scan;

/// An HTML fragment under construction; every text in it was escaped.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    pub fn new() -> Self {
        Html(String::new())
    }

    /// Markup written in teikit's source: a tag, an entity, punctuation.
    pub fn markup(&mut self, markup: &'static str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// Text from anywhere, escaped.
    pub fn text(&mut self, text: &str) -> &mut Self {
        escape_into(text, &mut self.0);
        self
    }

    /// A number, which needs no escaping.
    pub fn number(&mut self, n: usize) -> &mut Self {
        self.0.push_str(&n.to_string());
        self
    }

    /// A start tag, each attribute value escaped: `<span class="…" title="…">`.
    pub fn start(&mut self, tag: &'static str, attributes: &[(&'static str, &str)]) -> &mut Self {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attributes {
            self.0.push(' ');
            self.0.push_str(name);
            self.0.push_str("=\"");
            escape_into(value, &mut self.0);
            self.0.push('"');
        }
        self.0.push('>');
        self
    }

    /// Another fragment, already safe.
    pub fn fragment(&mut self, other: &Html) -> &mut Self {
        self.0.push_str(&other.0);
        self
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// Writes `s` with the five HTML-significant characters escaped; safe in text
/// and in double- or single-quoted attribute values.
fn escape_into(s: &str, out: &mut String) {
    escape_with(
        s,
        out,
        |b| is_markup(b),
        |b| match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        },
    );
}

/// Whether `b` is one of the five: `&` and `'` (0x26, 0x27) are the bytes
/// that `| 1` makes `'`, `<` and `>` (0x3C, 0x3E) those that `| 2` makes `>`;
/// three comparisons, cheap enough to check sixteen bytes at once.
#[inline(always)]
pub(super) fn is_markup(b: u8) -> bool {
    (b | 1 == b'\'') | (b | 2 == b'>') | (b == b'"')
}

/// Writes `s` with each byte that is `special` replaced by its `entity`,
/// copying the runs between them whole. The special bytes must be ASCII, so
/// that a run never splits a character.
#[inline(always)]
pub(super) fn escape_with(
    s: &str,
    out: &mut String,
    special: impl Fn(u8) -> bool,
    entity: impl Fn(u8) -> &'static str,
) {
    let mut rest = s;
    while let Some(at) = scan::position(rest.as_bytes(), &special) {
        let (run, tail) = rest.split_at(at);
        out.push_str(run);
        out.push_str(entity(rest.as_bytes()[at]));
        rest = tail.get(1..).unwrap_or_default();
    }
    out.push_str(rest);
}

/// `s` escaped, as a string (for the one page built outside both the
/// templates and [`Html`]: the error page of a failed template).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(s, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What [`escape_into`] must write, character by character.
    fn naive_escape(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&#39;".to_string(),
                c => c.to_string(),
            })
            .collect()
    }

    #[test]
    fn escapes_the_five_wherever_they_fall() {
        for (text, expect) in [
            ("", ""),
            ("<", "&lt;"),
            ("a&b", "a&amp;b"),
            ("'\"", "&#39;&quot;"),
            // Near the neighbours of the five (`%`, `(`, `;`, `=`, `?`).
            ("%(;=?!#", "%(;=?!#"),
            // In the last bytes of a text longer than a chunk, and past it.
            ("0123456789abcdef>", "0123456789abcdef&gt;"),
            ("0123456789abcdefghi<", "0123456789abcdefghi&lt;"),
            ("<123456789abcdefgh", "&lt;123456789abcdefgh"),
            ("Пётр – «Война» & мир’s", "Пётр – «Война» &amp; мир’s"),
        ] {
            let mut out = String::from("x");
            escape_into(text, &mut out);
            assert_eq!(out, format!("x{expect}"), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn escape_equals_the_naive_escape(
            text in prop_oneof!["\\PC*", "[a<>&\"'/ ;=é–]{0,70}"]
        ) {
            prop_assert_eq!(escape(&text), naive_escape(&text));
        }
    }

    #[test]
    fn text_and_attributes_are_escaped_markup_is_not() {
        for (text, expect) in [
            (
                "a<b>&\"c'",
                "<p title=\"a&lt;b&gt;&amp;&quot;c&#39;\">a&lt;b&gt;&amp;&quot;c&#39;</p>",
            ),
            ("plain – ü", "<p title=\"plain – ü\">plain – ü</p>"),
            ("", "<p title=\"\"></p>"),
        ] {
            let mut html = Html::new();
            html.start("p", &[("title", text)])
                .text(text)
                .markup("</p>");
            assert_eq!(html.as_str(), expect, "{text:?}");
        }
    }

    #[test]
    fn fragments_and_numbers_join_unchanged() {
        let mut inner = Html::new();
        inner.text("<i>");
        let mut outer = Html::new();
        outer
            .markup("<b>")
            .fragment(&inner)
            .number(12)
            .markup("</b>");
        assert_eq!(outer.into_string(), "<b>&lt;i&gt;12</b>");
    }
}
