//! The evidence one line gives about what it is: the features the layout
//! model scores (docs/encoding.md §2.1: number lines, titles, datelines,
//! citations, page matter).
//!
//! Every feature is computed from the line itself and its nearest neighbours,
//! so computing all of them is linear in the size of the source.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::cited_title::{CitedTitle, weigh_cited_titles};
use super::dating::{date_label, is_unread_span, salute_dateline};
pub use super::dating::{from_place_at, is_from_place};
use super::echo::{content_words, echoes, repeats};
use super::number::{LineNumber, line_number};
use super::page_matter::{is_meta, junk_evidence};
pub use super::wording::is_upper;
use super::wording::{
    is_marking, is_one_word, is_salutation, opens_with_genre, opens_with_preposition,
};
use crate::source::citation::{find_citation, find_publication};
use crate::source::conventions::Conventions;
use crate::source::date::{dateline_line, trailing_dateline};
use crate::source::lines::Line;
use crate::source::notes::footnote_mark;

/// The longest line tried as a dateline alone (bytes).
pub(super) const MAX_DATELINE_LINE: usize = 200;
/// The longest line tried as a title ending in a dateline (bytes).
const MAX_TITLE_LINE: usize = 1_000;

/// A file number or shelfmark alone on a line (`861.00/1120: Telegram`,
/// `740.0011 Pacific War/221`, `File No. 763.72/13`, a decimal file number
/// after the name of its file series: `Paris Peace Conf. 184.00101/61`).
static SHELFMARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:File No\. ?\S+|\d{3}[.\w]*(?: [A-Z][\w ]+)?/[\w.–-]+(?:: [A-Z][\w ]+)?|(?:[A-Z][\w.]* ){1,4}\d{3}[a-z]?\.\d{2,}[\w.]*/[\w.–-]+(?:: [A-Z][\w ]+)?|Frames? \d+[–-]?\d*, serial \d+\w*)$")
        .expect("static regex")
});
/// A date opening a line (`July 03, 1956 Memo …`, `3 July 1956 Memo …`).
static LEADING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}|\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4})\s+")
        .expect("static regex")
});
/// A date ending a line (`… № 4192 July 12, 1920.`, `… 14 March 1920`).
static ENDING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}|\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December),? \d{4}|\d{1,2} (?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря) \d{4} ?г\.?)\.?$")
        .expect("static regex")
});

/// A reference number alone (`No. 1476/sh`, `№ 4192`, `#373`, `(No. 405.)`).
static REFERENCE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(?(?:No\.?|Nr\.|№|#)\s*\d[\w/.-]*\)?\.?$").expect("static regex")
});

/// A title label (`Title: …`).
static TITLE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Title|Заголовок|Название|Titel|Titre):\s+").expect("static regex")
});
pub(super) static LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([\p{L}][\p{L} \\/]{0,30}):\s*").expect("static regex"));

/// What one non-blank line shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    pub words: usize,
    /// Ends with `.`, `!`, `?` or `;` (a sentence, not a heading).
    pub ends_sentence: bool,
    /// Ends with `,` or `:` (an address or a lead-in).
    pub ends_open: bool,
    pub starts_lower: bool,
    /// Letters, none of them lower case (outside brackets).
    pub upper: bool,
    /// Share of capitalised words among the words of four letters or more.
    pub title_case: f32,
    /// Opens with a genre word (`Telegram`, `Письмо`, `To:`).
    pub genre: bool,
    /// Opens with a genre word that names a kind of document (`Statement`,
    /// `Declaration`), not a preposition (`From`, `To`, `Из`).
    pub genre_named: bool,
    pub number: Option<LineNumber>,
    /// The whole line is a dateline (`Moscow, 7 August 1939.`, `[4 March 1920]`).
    pub dateline_alone: bool,
    /// The line ends with a dateline.
    pub trailing_dateline: bool,
    /// A date label (`Written:`) and the offset of its value, when the value is a dateline.
    pub date_label: Option<usize>,
    /// A salutation, then the dateline on the same line (`My Lord, Foreign
    /// Office, February 12, 1919.`): where the dateline starts.
    pub salute_dateline: Option<usize>,
    /// A salutation alone (`My dear Sir.`, `Dear Comrade,`).
    pub salute: bool,
    /// A security or handling marking alone (`Strictly secret.`, `Строго секретно`).
    pub marking: bool,
    /// Opens with an archival citation or a publication statement.
    pub citation: bool,
    /// A footnote text the configured anchors recognise (`*Text`, `1 Text`).
    pub footnote: bool,
    /// Evidence that the line is page matter (navigation, URLs, site lines).
    pub junk: f32,
    /// A site field (`Published: …`).
    pub meta: bool,
    /// A file number or shelfmark alone on the line (a citation before the heading).
    pub shelfmark: bool,
    /// Where the title proper starts after a leading date or a `Title:` label.
    pub title_from: Option<usize>,
    /// The date opening the line, before the title (`July 03, 1956 `).
    pub leading_date: Option<usize>,
    /// A correspondence heading: "Sender to Addressee" in title case.
    pub correspondence: bool,
    /// A date ends the line (a title closed by its date, even when no dateline is read).
    pub ends_with_date: bool,
    /// `From: Place`: where the place starts.
    pub from_place: Option<usize>,
    pub blank_before: bool,
    pub blank_after: bool,
    /// A shorter line among the page's first lines echoes this one: it is the full title.
    pub echoed: bool,
    /// At least one letter (a heading has words, not only digits or signs).
    pub text_has_letters: bool,
    /// Its words all recur, in order, in the next line (a short page heading
    /// repeating the full title), or the next line's in it.
    pub repeats_next: bool,
    /// One of the page's first lines whose words mostly recur in a longer line
    /// close by (within [`ECHO_WINDOW`] lines): a page's short heading echoing
    /// the full title.
    pub echo: bool,
    /// One word (maybe letter-spaced: `S H T Y K O V`) that names no kind of
    /// document: a signature or a site's label more often than a title.
    pub one_word: bool,
    /// A reference or outgoing number alone (`No. 1476/sh`, `#373`) that is
    /// no document number: a closing or heading formula, never a title.
    pub reference_number: bool,
    /// The page's citation of the document, quoting a title no line near it
    /// repeats: the document's only title (docs/encoding.md §7.1 rule 24).
    pub cites_title: Option<CitedTitle>,
    /// A page's citation near this line quotes the document's title, and this
    /// line is not it: a heading of the site, not of the document.
    pub titled_elsewhere: bool,
}

/// The most words a full title that echoes a page heading has.
const MAX_TITLE_WORDS: usize = 40;

/// How many lines either side a heading's echo is looked for.
pub const ECHO_WINDOW: usize = 4;

/// The features of every line of `lines` (non-blank lines only), with
/// `blank_before`/`blank_after` taken from the blank lines of `all`.
pub fn features(all: &[Line], lines: &[Line], conv: &Conventions) -> Vec<Features> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for l in lines {
        *seen.entry(l.text).or_default() += 1;
    }
    let is_blank = |number: usize| -> bool {
        // `number` is 1-based; index `number - 1` in `all`.
        number >= 1 && all.get(number - 1).is_some_and(|l| l.is_blank())
    };
    let mut out: Vec<Features> = lines
        .iter()
        .map(|l| {
            let mut f = line_features(l.text, conv);
            if l.indented
                && f.number.as_ref().is_some_and(|n| n.title_at.is_some())
                && l.text.starts_with(|c: char| c.is_ascii_digit())
            {
                // `  1. Telegram No. 5, p. 8.`: an indented number opens a
                // list item or a note, not a title (as rule 13 says of number
                // lines).
                f.number = None;
                f.genre = false;
            }
            f.blank_before = l.number >= 2 && is_blank(l.number - 1);
            f.blank_after = is_blank(l.number + 1);
            if seen.get(l.text).copied().unwrap_or(0) > 1 && f.words <= 12 {
                f.junk += 2.0;
            }
            f
        })
        .collect();
    for i in 0..lines.len().saturating_sub(1) {
        out[i].repeats_next = repeats(lines[i].text, lines[i + 1].text);
    }
    let words: Vec<Vec<String>> = lines.iter().map(|l| content_words(l.text)).collect();
    // A page's own heading stands at its top: only the first lines are tried.
    for i in 0..lines.len().min(ECHO_WINDOW) {
        let from = i.saturating_sub(ECHO_WINDOW);
        let to = (i + ECHO_WINDOW + 1).min(lines.len());
        // The full title is a heading too: not a long citation or paragraph.
        let full = (from..to).find(|&j| {
            j != i
                && out[j].junk < 1.0
                && out[j].words <= MAX_TITLE_WORDS
                && !out[j].ends_sentence
                && echoes(&words[i], &words[j])
        });
        if let Some(j) = full {
            out[i].echo = true;
            out[j].echoed = true;
        }
    }
    weigh_cited_titles(lines, &mut out);
    out
}

/// The features of one line's text alone.
pub fn line_features(text: &str, conv: &Conventions) -> Features {
    let config = conv.config;
    let words: Vec<&str> = text.split_whitespace().collect();
    let first_letter = text.chars().find(|c| c.is_alphabetic());
    let long_words: Vec<&&str> = words
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    let capitalised = long_words
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
        .count();
    let title_case = if long_words.is_empty() {
        0.0
    } else {
        capitalised as f32 / long_words.len() as f32
    };
    let number = line_number(text, conv);
    let genre_text = number
        .as_ref()
        .and_then(|n| n.title_at)
        .map_or(text, |at| &text[at..]);
    let date_label = date_label(text, conv);
    // Datelines are short: longer lines are not tried, which keeps reading
    // linear in the size of the source however long its lines are.
    let dateline = (text.len() <= MAX_DATELINE_LINE)
        .then(|| dateline_line(text, 0, config))
        .flatten();
    // `APRIL 17-AUGUST 14, 1939` alone: a span of dates with no place and no
    // day to read is a running head (a chapter's span), not a dateline.
    let running_span = dateline.as_ref().is_some_and(is_unread_span);
    let dateline_alone = dateline.is_some() && !running_span;
    let mut f = Features {
        words: words.len(),
        ends_sentence: text.ends_with(['.', '!', '?', ';']),
        ends_open: text.ends_with([',', ':']),
        starts_lower: first_letter.is_some_and(char::is_lowercase)
            && text.chars().next().is_some_and(|c| !c.is_ascii_digit()),
        upper: is_upper(text),
        title_case,
        genre: opens_with_genre(genre_text),
        genre_named: opens_with_genre(genre_text) && !opens_with_preposition(genre_text),
        trailing_dateline: !dateline_alone
            && text.len() <= MAX_TITLE_LINE
            && trailing_dateline(text, 0, config).is_some(),
        dateline_alone,
        date_label,
        salute_dateline: salute_dateline(text, conv),
        salute: is_salutation(text),
        marking: is_marking(text),
        citation: find_citation(text, config) == Some(0)
            || find_publication(text, config) == Some(0),
        footnote: (config.asterisk_anchors() && text.starts_with('*') && words.len() > 1)
            || footnote_mark(text, config.digit_anchors()).is_some(),
        number,
        ..Features::default()
    };
    f.junk = junk_evidence(text, &words, conv);
    if running_span {
        f.junk += 1.0;
    }
    f.text_has_letters = first_letter.is_some();
    f.meta = is_meta(text);
    f.shelfmark = SHELFMARK.is_match(text);
    if let Some(m) = TITLE_LABEL.find(text) {
        f.title_from = Some(m.end());
    } else if let Some(m) = LEADING_DATE.find(text)
        && m.end() < text.len()
    {
        f.title_from = Some(m.end());
        f.leading_date = Some(m.as_str().trim_end().len());
    }
    f.ends_with_date = text.len() <= MAX_TITLE_LINE && ENDING_DATE.is_match(text);
    f.one_word = !f.genre && f.number.is_none() && is_one_word(&words);
    f.reference_number = f.number.is_none() && REFERENCE_NUMBER.is_match(text);
    f.from_place = from_place_at(text).map(|r| r.start);
    f.correspondence = f.words <= 25 && f.title_case >= 0.5 && !f.starts_lower && {
        let lower = text.to_lowercase();
        lower.contains(" to ") || lower.contains(" an ") || lower.contains(" à ")
    };
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn check(text: &str, expect: impl Fn(&Features) -> bool) {
        let config = Config::builtin();
        let conv = Conventions::new(&config);
        let f = line_features(text, &conv);
        assert!(expect(&f), "{text:?}: {f:?}");
    }

    #[test]
    fn genre_words_open_titles_in_several_languages() {
        check("Telegram from the Commissar to the Council", |f| f.genre);
        check("Письмо наркома в Совет", |f| f.genre);
        check("To: THE PEOPLE'S COMMISSAR", |f| f.genre);
        check("The crops failed in the south.", |f| !f.genre);
    }

    #[test]
    fn site_lines_and_navigation_are_junk() {
        check("Home | Archive | Documents | About", |f| f.junk >= 4.0);
        check("Skip to content", |f| f.junk >= 3.0);
        check("Page 12", |f| f.junk >= 4.0);
        check(
            "Постановление о «земельном вопросе» и «налоге»",
            |f| f.junk == 0.0,
        );
        check("1   ...   4   5   6   ...   20", |f| f.junk >= 3.0);
        check("The council met on Monday and agreed.", |f| f.junk == 0.0);
    }

    #[test]
    fn a_sortable_date_in_a_short_heading_is_a_sites_title() {
        check("Karl Marx 18710530 Letter to Engels", |f| f.junk >= 2.0);
        check("Order No. 19201345 of the Front", |f| f.junk == 0.0);
        check("Telegram to the Council", |f| f.junk == 0.0);
    }

    #[test]
    fn named_genres_and_prepositions() {
        check("Statement of the Ministry to the Commissar", |f| {
            f.genre && f.genre_named
        });
        check("From the Minister to the Consul", |f| {
            f.genre && !f.genre_named
        });
    }

    #[test]
    fn case_and_ends() {
        check("RESOLUTION OF THE CONGRESS", |f| {
            f.upper && !f.ends_sentence
        });
        check("and so the matter rests.", |f| {
            f.starts_lower && f.ends_sentence
        });
        check("To the Governor of the Province,", |f| f.ends_open);
        check("Memorandum on the Situation in the Provinces", |f| {
            f.title_case > 0.6
        });
    }

    #[test]
    fn date_labels_need_a_dateline_value() {
        check("Written: Moscow, 18 September 1918", |f| {
            f.date_label.is_some()
        });
        check("Written: by the secretary", |f| f.date_label.is_none());
        check("Published: in the newspaper", |f| f.meta);
    }

    #[test]
    fn salutations_and_markings_alone_on_a_line() {
        let cases = [
            ("Comrade Sergei,", true, false),
            ("Comrades Petrov and Ivanov", true, false),
            ("Dear Comrade,", true, false),
            ("Sir Edward Grey to Mr. Bax", false, false),
            ("Comrade Petrov to the Council", false, false),
            ("Strictly secret.", false, true),
            ("Строго Секретно", false, true),
            ("TOP SECRET", false, true),
            ("Top Secret, Copy No. 2", false, true),
            ("The secret was kept.", false, false),
            ("Copy No. 2", false, false),
        ];
        for (text, salute, marking) in cases {
            check(text, |f| f.salute == salute && f.marking == marking);
        }
    }

    #[test]
    fn a_salutation_then_the_dateline_on_one_line() {
        check("My Lord, Colonial Office, March 3, 1921.", |f| {
            f.salute_dateline == Some(9)
        });
        check("Sir, London, 5 June 1902", |f| f.salute_dateline == Some(5));
        // A title ending in a dateline, or a salutation alone: no.
        check("Telegram to the Governor. Paris, 3 May 1921", |f| {
            f.salute_dateline.is_none()
        });
        check("Dear Sir,", |f| f.salute_dateline.is_none() && f.salute);
        check("Dearborn Street was empty.", |f| !f.salute);
    }

    #[test]
    fn a_span_of_dates_alone_is_a_running_head() {
        check("MARCH 3-JUNE 20, 1941", |f| {
            !f.dateline_alone && f.junk >= 1.0
        });
        check("Paris, 3 March 1941", |f| f.dateline_alone && f.junk == 0.0);
        check("3 March 1941", |f| f.dateline_alone);
    }

    #[test]
    fn one_word_lines_and_reference_numbers() {
        let cases = [
            ("S H T Y K O V", true, false),
            ("Petrov", true, false),
            ("Петров.", true, false),
            ("Memorandum", false, false),
            ("Telegram to the Council", false, false),
            ("No. 1476/sh", false, true),
            ("#373", false, true),
            ("(No. 405.)", false, true),
            ("No. 12 of the series", false, false),
        ];
        for (text, one_word, reference) in cases {
            check(text, |f| {
                f.one_word == one_word && f.reference_number == reference
            });
        }
    }

    #[test]
    fn shelfmarks_alone_on_a_line() {
        check("812.00/14: Telegram", |f| f.shelfmark);
        check("740.0011 European War/12", |f| f.shelfmark);
        check("File No. 861.00/7", |f| f.shelfmark);
        check("The meeting began at 10/12.", |f| !f.shelfmark);
        check("Frames 100-101, serial 12", |f| f.shelfmark);
        check("Peace Conf. Files 123.4567/89", |f| f.shelfmark);
        check("The Treaty 1920/21", |f| !f.shelfmark);
    }

    #[test]
    fn title_labels_leading_dates_and_correspondence_headings() {
        check("Title: Letter to the Governor", |f| f.title_from == Some(7));
        check("May 2, 1950 Memo on the Harvest", |f| {
            f.title_from == Some(12) && f.leading_date == Some(11)
        });
        check(
            "The Minister in Paris (Dupont) to the Foreign Secretary",
            |f| f.correspondence,
        );
        check("he went to the station and waited there", |f| {
            !f.correspondence
        });
    }
}
