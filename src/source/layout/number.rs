//! Document numbers as editions print them (docs/encoding.md §2.1 rule 2):
//! the configured number lines (`No. {n}`, `№ {n}`), a number alone on a
//! line (`675`), a number before the title (`29. Telegram …`, `Document 4: …`,
//! `Док. № 5. …`), a number before a citation (`No. 383 NAI DFA …`) and a
//! print reference before the number (`[C 2000/458/62] No. 1.`).

use std::sync::LazyLock;

use regex::Regex;

use crate::source::citation::find_citation;
use crate::source::conventions::Conventions;

/// A number found at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineNumber {
    pub n: String,
    /// Byte range of the number statement in the line (`No. 383`, `29.`).
    pub start: usize,
    pub end: usize,
    /// Where the title starts on the same line.
    pub title_at: Option<usize>,
    /// Where a citation starts on the same line.
    pub citation_at: Option<usize>,
    /// Digits alone on the line: also the form of page numbers and view counters.
    pub bare: bool,
}

static BARE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{1,4}$").expect("static regex"));
/// `Document 4: Title`, `Doc. No. 4. Title`, `Док. № 5. Title`, `Документ № 5`.
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Document|Doc\.|Документ|Док\.)\s*(?:No\.?|№)?\s*(\d{1,5})(?:[:.]\s*|\s*$)")
        .expect("static regex")
});
/// `29. Telegram …`, `1. ANOTHER LIE.`
static DOTTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,4})\.\s+").expect("static regex"));
/// `[C 2000/458/62] No. 1.`
static PRINT_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[[^\]]{3,40}\]\s+((?:No\.|№)\s*(\d{1,5})\.?)$").expect("static regex")
});
/// `No. 383 NAI DFA …`: a number line followed by a citation.
static NUMBER_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:No\.|№)\s*(\d{1,5})\s+").expect("static regex"));

/// The number a line opens with, if any.
pub fn line_number(text: &str, conv: &Conventions) -> Option<LineNumber> {
    if let Some(n) = conv.number_line(text) {
        return Some(LineNumber {
            n,
            start: 0,
            end: text.len(),
            title_at: None,
            citation_at: None,
            bare: false,
        });
    }
    if let Some((n, at)) = conv.number_title_line(text) {
        return Some(with_title(n, text, at));
    }
    if BARE.is_match(text) {
        return Some(LineNumber {
            n: text.trim_start_matches('0').to_string(),
            start: 0,
            end: text.len(),
            title_at: None,
            citation_at: None,
            bare: true,
        })
        .filter(|l| !l.n.is_empty());
    }
    if let Some(c) = LABELLED.captures(text) {
        let m = c.get(0)?;
        let n = c.get(1)?.as_str().to_string();
        return Some(if m.end() < text.len() {
            with_title(n, text, m.end())
        } else {
            LineNumber {
                n,
                start: 0,
                end: text.len(),
                title_at: None,
                citation_at: None,
                bare: false,
            }
        });
    }
    if let Some(c) = PRINT_REFERENCE.captures(text) {
        let n = c.get(2)?;
        // The number statement starts after the reference, which is the
        // document's citation.
        return Some(LineNumber {
            n: n.as_str().to_string(),
            start: c.get(1)?.start(),
            end: text.len(),
            title_at: None,
            citation_at: None,
            bare: false,
        });
    }
    if let Some(c) = NUMBER_PREFIX.captures(text) {
        let m = c.get(0)?;
        let rest = &text[m.end()..];
        if find_citation(rest, conv.config) == Some(0) || rest.starts_with("NAI ") {
            return Some(LineNumber {
                n: c.get(1)?.as_str().to_string(),
                start: 0,
                end: m.end() - (m.as_str().len() - m.as_str().trim_end().len()),
                title_at: None,
                citation_at: Some(m.end()),
                bare: false,
            });
        }
    }
    if let Some(c) = DOTTED.captures(text) {
        let m = c.get(0)?;
        let rest = &text[m.end()..];
        // A title, not a numbered paragraph: it starts with a capital and is short.
        let capital = rest.chars().next().is_some_and(char::is_uppercase);
        if capital && rest.split_whitespace().count() <= 40 {
            return Some(with_title(c.get(1)?.as_str().to_string(), text, m.end()));
        }
    }
    None
}

fn with_title(n: String, text: &str, at: usize) -> LineNumber {
    let end = text[..at].trim_end().len();
    LineNumber {
        n,
        start: 0,
        end,
        title_at: Some(at),
        citation_at: None,
        bare: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn check(text: &str, expect: Option<(&str, Option<&str>)>) {
        let config = Config::builtin();
        let conv = Conventions::new(&config);
        let got = line_number(text, &conv);
        let got = got
            .as_ref()
            .map(|l| (l.n.as_str(), l.title_at.map(|at| &text[at..])));
        assert_eq!(got, expect, "{text:?}");
    }

    #[test]
    fn number_forms() {
        check("No. 12", Some(("12", None)));
        check("№ 514", Some(("514", None)));
        check("675", Some(("675", None)));
        check(
            "Document 4: Letter From the Minister",
            Some(("4", Some("Letter From the Minister"))),
        );
        check("Док. № 5. Записка", Some(("5", Some("Записка"))));
        check(
            "12. Telegram From the Embassy",
            Some(("12", Some("Telegram From the Embassy"))),
        );
        check("[F 100/2/3] No. 7.", Some(("7", None)));
        check("The council met.", None);
        check("3. the rest of the paragraph", None);
        check("1918", Some(("1918", None)));
    }

    #[test]
    fn number_before_a_citation() {
        let config = Config::builtin();
        let conv = Conventions::new(&config);
        let text = "No. 40 NAI DFA 12/3/4";
        let l = line_number(text, &conv).unwrap();
        assert_eq!(l.n, "40");
        assert_eq!(&text[l.citation_at.unwrap()..], "NAI DFA 12/3/4");
        assert_eq!(&text[..l.end], "No. 40");
    }
}
