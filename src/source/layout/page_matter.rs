//! Evidence that a line is web-page matter, not the edition's text: site
//! fields (`Published: …`), navigation, URLs, page numbers, site lines
//! (docs/encoding.md §7.1 rule 22).

use std::sync::LazyLock;

use regex::Regex;

use super::features::LABEL;
use crate::source::conventions::Conventions;
use crate::source::segment::starts_with_pictograph;

/// Labels of page fields that are site matter, not the edition's text
/// (`Published:`, `Transcription/Markup:`).
const META_LABELS: &[&str] = &[
    "published",
    "source",
    "translated",
    "transcription",
    "transcription\\markup",
    "transcription/markup",
    "public domain",
    "other formats",
    "online version",
    "html markup",
    "first published",
    "proofread",
    "copyleft",
    "original language",
    "summary",
    "citation",
    "contents",
    "credits",
    "keywords",
    "tags",
    "share",
    "print",
];

/// Whole lines that web pages put around a document.
const SITE_LINES: &[&str] = &[
    "skip to content",
    "skip to main content",
    "menu",
    "search",
    "home",
    "share",
    "print",
    "download",
    "read more",
    "read also",
    "related",
    "comments",
    "leave a comment",
    "back to top",
    "next",
    "previous",
    "contents",
    "index",
    "notes",
    "footnotes",
    "endnotes",
    "примечания",
    "источник",
    "history",
    "transcription",
    "reply",
    "views",
];

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:org|com|net|gov|info|am|ru|edu)\b")
        .expect("static regex")
});
static PAGE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:page|p\.|стр\.|с\.)\s*\d{1,5}(?:\s*(?:of|/|из)\s*\d{1,5})?$")
        .expect("static regex")
});
pub(super) fn is_meta(text: &str) -> bool {
    let Some(caps) = LABEL.captures(text) else {
        let lower = text.trim_end_matches(':').to_lowercase();
        return META_LABELS.contains(&lower.as_str());
    };
    let label = caps
        .get(1)
        .map_or(String::new(), |m| m.as_str().trim().to_lowercase());
    META_LABELS.contains(&label.as_str())
}

/// How strongly the line looks like web-page matter.
pub(super) fn junk_evidence(text: &str, words: &[&str], conv: &Conventions) -> f32 {
    let mut junk = 0.0;
    // Separators of menus and breadcrumbs (not guillemets: Russian and
    // French quotation marks).
    let marks = [" | ", " » ", " › ", " > "];
    let mut navigation: usize = marks.iter().map(|m| text.matches(m).count()).sum();
    if text.ends_with(" >") || text.ends_with(" »") {
        // A breadcrumb trail ending in its separator.
        navigation += 1;
    }
    if navigation >= 2
        || conv
            .config
            .conventions
            .navigation_words
            .iter()
            .any(|w| w == text)
    {
        junk += 5.0;
    }
    let lower_text = text.to_lowercase();
    if (lower_text.contains("previous") && lower_text.contains("next"))
        || (lower_text.contains("назад") && lower_text.contains("вперёд"))
    {
        // "Previous Document … Next Document": page navigation.
        junk += 4.0;
    }
    if starts_with_pictograph(text) {
        junk += 3.0;
    }
    if URL.is_match(text) && words.len() <= 12 {
        junk += 3.0;
    }
    if PAGE_LINE.is_match(text) {
        junk += 4.0;
    }
    if words.len() <= 12 && words.iter().any(|w| compact_date(w)) {
        // `Leon Trotsky 19190102 Telegram to Lenin`: a site's title with the
        // date as a sortable key, above the document's own heading.
        junk += 2.0;
    }
    let lower = text.trim_end_matches([':', '.', ' ', '…']).to_lowercase();
    if SITE_LINES.contains(&lower.as_str()) {
        junk += 3.0;
    }
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let digits = text.chars().filter(|c| c.is_ascii_digit()).count();
    if letters == 0 && !text.chars().all(|c| c.is_ascii_digit()) {
        // "1 ... 12", "#12681", "***": no words at all.
        junk += 3.0;
    }
    if letters > 0 && digits > letters && words.len() <= 3 {
        // "bet16/55", "Sana03.08.2017": counters and file facts.
        junk += 2.0;
    }
    if words.len() >= 8 && words.iter().filter(|w| w.len() <= 3).count() * 4 > words.len() * 3 {
        // Menus of short items.
        junk += 1.0;
    }
    junk
}

/// A word that is a date written as a sortable key: `YYYYMMDD`, year 1000–2099.
fn compact_date(word: &str) -> bool {
    let b = word.as_bytes();
    if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let num = |r: std::ops::Range<usize>| word[r].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (num(0..4), num(4..6), num(6..8));
    (1000..2100).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day)
}
