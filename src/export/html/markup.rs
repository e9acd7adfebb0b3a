//! HTML built in Rust (inline content, the legend's samples, the source line)
//! goes through one writer, [`Html`], that grows only by escaped text or by
//! markup written in teikit's source (`&'static str`): a string from an
//! edition cannot be appended unescaped by mistake, because no method takes
//! a runtime string as markup. The templates do the same for whole pages
//! with minijinja's autoescaping; they insert these fragments with `|safe`.

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
    let mut rest = s;
    // The five are ASCII, so a byte search finds them (and never splits a
    // character): faster than matching character by character.
    while let Some(at) = rest
        .bytes()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
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
