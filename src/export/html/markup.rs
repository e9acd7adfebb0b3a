//! HTML built in Rust (inline content, the legend's samples, the source line)
//! goes through one writer, [`Html`], that grows only by escaped text or by
//! markup written in teikit's source (`&'static str`): a string from an
//! edition cannot be appended unescaped by mistake, because no method takes
//! a runtime string as markup. The templates do the same for whole pages
//! with minijinja's autoescaping; they insert these fragments with `|safe`.

use minijinja::value::Value;
use minijinja::{AutoEscape, Output, State};

use crate::export::scan;

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
    scan::push_escaped(s, out, is_markup, markup_entity);
}

/// Whether `b` is one of the five: `&` and `'` (0x26, 0x27) are the bytes
/// that `| 1` makes `'`, `<` and `>` (0x3C, 0x3E) those that `| 2` makes `>`;
/// three comparisons, cheap enough to check sixteen bytes at once.
#[inline(always)]
fn is_markup(b: u8) -> bool {
    (b | 1 == b'\'') | (b | 2 == b'>') | (b == b'"')
}

/// The entity of one of the five.
fn markup_entity(b: u8) -> &'static str {
    match b {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        _ => "&#39;",
    }
}

/// The templates' formatter: minijinja's own (`minijinja::escape_formatter`),
/// except that a string it would HTML-escape is escaped here, with the
/// chunked search, to the same bytes. minijinja escapes `/` too, and `'` as
/// `&#x27;`: its entities, not [`Html`]'s, so that no page changes.
pub(super) fn template_formatter(
    out: &mut Output,
    state: &mut State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    match value.as_str() {
        Some(text) if !value.is_safe() && *state.auto_escape() == AutoEscape::Html => {
            scan::escape_runs(text, is_template_special, template_entity, |piece| {
                out.write_str(piece)
            })
            .map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Whether minijinja's HTML escaping replaces `b`: the five and `/`.
#[inline(always)]
fn is_template_special(b: u8) -> bool {
    is_markup(b) | (b == b'/')
}

/// The entity minijinja writes for each byte it escapes.
fn template_entity(b: u8) -> &'static str {
    match b {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        b'\'' => "&#x27;",
        _ => "&#x2f;",
    }
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

    /// `{{ v }}` rendered with minijinja's own formatter and with
    /// [`template_formatter`], in an HTML template and in a text one.
    fn rendered(value: minijinja::Value) -> [(String, String); 2] {
        let mut ours = minijinja::Environment::new();
        ours.set_formatter(template_formatter);
        let theirs = minijinja::Environment::new();
        ["t.html", "t.txt"].map(|name| {
            let render = |env: &minijinja::Environment| {
                env.render_named_str(name, "{{ v }}", minijinja::context! { v => value.clone() })
                    .unwrap()
            };
            (render(&ours), render(&theirs))
        })
    }

    #[test]
    fn templates_escape_as_minijinja_does() {
        use minijinja::Value;
        for (value, expect) in [
            (
                Value::from("a</b>&\"c'd"),
                "a&lt;&#x2f;b&gt;&amp;&quot;c&#x27;d",
            ),
            (Value::from("../d1.html#p2"), "..&#x2f;d1.html#p2"),
            (
                Value::from("Пётр – «Война» & мир’s ! 0123456789"),
                "Пётр – «Война» &amp; мир’s ! 0123456789",
            ),
            (Value::from_safe_string("<b>safe</b>".into()), "<b>safe</b>"),
            (Value::from("-12"), "-12"),
            (Value::from(12), "12"),
            (Value::from(-3.5), "-3.5"),
            (Value::from(true), "True"),
            (Value::from(()), "None"),
            (Value::UNDEFINED, ""),
            (
                Value::from(vec!["<a>", "b"]),
                "[&#x27;&lt;a&gt;&#x27;, &#x27;b&#x27;]",
            ),
        ] {
            let [(html, html_theirs), (text, text_theirs)] = rendered(value);
            assert_eq!(html, expect);
            assert_eq!(html, html_theirs);
            assert_eq!(text, text_theirs);
        }
    }

    proptest! {
        #[test]
        fn templates_escape_any_string_as_minijinja_does(
            text in prop_oneof!["\\PC*", "[a<>&\"'/ ;=é–0-9]{0,40}"]
        ) {
            for (ours, theirs) in rendered(minijinja::Value::from(text.as_str())) {
                prop_assert_eq!(ours, theirs);
            }
        }

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
