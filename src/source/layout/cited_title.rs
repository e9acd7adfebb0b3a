//! A page's suggested citation of the document it shows (`"Title," Date,
//! Collection, Archive …`): digital archives print it in the style of a
//! bibliography, quoting the document's title (docs/encoding.md §7.1 rule
//! 24). When no line of the page repeats that title, the page has no heading
//! of its own: the quoted title is the document's title, and the other
//! heading-like lines around it are the site's.

use std::sync::LazyLock;

use regex::Regex;

use super::features::Features;
use crate::source::lines::Line;

/// `"Title," November 01, 1962, …` / `“Title,” 3 July 1956, …`: a quoted
/// title closed by a comma, then a date and more of the citation.
static CITED_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^["“]([^"“”]{8,400}?)(?:,["”]|["”],)\s+(?:(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}|\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}|\d{4}),\s+\S+ \S+"#,
    )
    .expect("static regex")
});

/// How many lines either side of a citation its title is looked for, and
/// the site's headings are weighed against it.
pub const CITED_WINDOW: usize = 12;

/// Where a citation's quoted title lies in its line, and where the rest of
/// the citation (its date, collection and archive) starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CitedTitle {
    pub title: (usize, usize),
    pub rest: usize,
}

/// The quoted title a line's citation opens with, if it is one.
pub fn cited_title(text: &str) -> Option<CitedTitle> {
    let caps = CITED_TITLE.captures(text)?;
    let title = caps.get(1)?;
    // The rest starts after the closing quote and comma.
    let close = text[title.end()..]
        .char_indices()
        .find(|&(_, c)| c == '"' || c == '”')
        .map(|(i, c)| title.end() + i + c.len_utf8())?;
    let rest = text[close..].trim_start_matches(',').trim_start().as_ptr() as usize
        - text.as_ptr() as usize;
    Some(CitedTitle {
        title: (title.start(), title.end()),
        rest,
    })
}

/// Lower-case words of four letters or more (not articles and prepositions).
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| w.chars().count() >= 4)
        .collect()
}

/// Whether `line` repeats the quoted `title`: most of the title's words are
/// in it, and it is not much longer (a heading, not a paragraph about it).
pub fn repeats_title(title: &str, line: &str) -> bool {
    let title = words(title);
    let line = words(line);
    if title.is_empty() || line.len() > title.len() + 6 {
        return false;
    }
    let shared = title.iter().filter(|w| line.contains(w)).count();
    shared * 5 >= title.len() * 3
}

/// The most words of a line read as a site's heading beside a page's citation.
const MAX_SITE_HEADING_WORDS: usize = 12;

/// Marks the page's citations whose quoted title no nearby line repeats
/// (the document's title) and the heading-like lines around them (the
/// site's). Linear: each citation looks at a fixed window.
pub(super) fn weigh_cited_titles(lines: &[Line], out: &mut [Features]) {
    for c in 0..lines.len() {
        let Some(cited) = cited_title(lines[c].text) else {
            continue;
        };
        let title = &lines[c].text[cited.title.0..cited.title.1];
        let window = c.saturating_sub(CITED_WINDOW)..(c + CITED_WINDOW + 1).min(lines.len());
        let repeated = window
            .clone()
            .any(|j| j != c && repeats_title(title, lines[j].text));
        if repeated {
            continue;
        }
        out[c].cites_title = Some(cited);
        for j in window {
            let f = &mut out[j];
            // Short lines that are no sentence and no date: headings, labels.
            if j != c && f.words <= MAX_SITE_HEADING_WORDS && !f.ends_sentence && !f.dateline_alone
            {
                f.titled_elsewhere = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: Option<(&str, &str)>) {
        let got = cited_title(text).map(|c| (&text[c.title.0..c.title.1], &text[c.rest..]));
        assert_eq!(got, expect, "{text}");
    }

    #[test]
    fn a_citation_quoting_the_title_then_a_date() {
        check(
            "\"Record of a Talk between the Minister and the Envoy,\" March 02, 1960, Digital Archive, AVP RF, f. 5.",
            Some((
                "Record of a Talk between the Minister and the Envoy",
                "March 02, 1960, Digital Archive, AVP RF, f. 5.",
            )),
        );
        check(
            "“Memo on the Harvest in the Southern Provinces,” 3 July 1956, State Archive, f. 1, op. 2.",
            Some((
                "Memo on the Harvest in the Southern Provinces",
                "3 July 1956, State Archive, f. 1, op. 2.",
            )),
        );
        // A quotation in a text is no citation: no date after it.
        check(
            "\"We shall not give up the city,\" he said, and left the room.",
            None,
        );
        check(
            "The Minister said \"no,\" March 3, 1960, at the meeting.",
            None,
        );
    }

    #[test]
    fn a_heading_repeats_the_quoted_title() {
        let title = "Memo Concerning the Party and the Situation of Immigrants";
        assert!(repeats_title(
            title,
            "July 03, 1956 Memo Concerning the Party and the Situation of Immigrants"
        ));
        assert!(!repeats_title(title, "English HTML"));
        // A summary naming the same people is no repetition of the title.
        assert!(!repeats_title(
            "Record of a Talk between the Minister and the Envoy",
            "The minister and the envoy discuss the harbour works and the loan."
        ));
        assert!(!repeats_title(
            title,
            "The Party was founded in 1945 as an independent organisation of the immigrants, and the memo concerning it describes the situation of its members in the towns and villages of the republic at length."
        ));
    }
}
