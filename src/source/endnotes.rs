//! Notes an edition prints after (or between) a document's paragraphs, found
//! where the layout model read them as text: a notes section under a heading
//! ("Notes", "Примечания"), a list of notes ending the document ("  1. Not
//! printed.", "- … ↩", "53 Text" for the anchor "word53"), notes between
//! paragraphs marked in slashes or brackets ("/1/Source: …") and an archival
//! legend printed as a dash list ("- РГАСПИ. Ф. 17. …") — docs/encoding.md §7.6.
//!
//! Each rule asks for evidence a list of ordinary text does not give (a
//! heading, a back-link, indentation plus anchors in the text, a number that
//! is an anchor of the text), so body lists stay lists.

use super::citation::{find_citation, find_publication};
use super::conventions::Conventions;
use super::notes::{Footnote, footnote_mark};
use super::title::Piece;

/// Headings of a notes section (compared in lower case, without a final `:`
/// or `.`).
const HEADINGS: &[&str] = &[
    "notes",
    "footnotes",
    "endnotes",
    "notes and references",
    "editorial notes",
    "примечания",
    "примечание",
    "сноски",
    "комментарии",
    "anmerkungen",
    "fußnoten",
    "notes de bas de page",
];

/// Bullets that open a note of a list without numbers.
const BULLETS: &[&str] = &["- ", "• ", "– ", "— "];

/// Whether `text` is the heading of a notes section (`Notes`, `Notes:`,
/// `ПРИМЕЧАНИЯ`).
pub fn is_heading(text: &str) -> bool {
    let t = text.trim_end_matches([':', '.']).trim().to_lowercase();
    HEADINGS.contains(&t.as_str())
}

/// How a note's mark is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// `[1] …`, `/1/…`.
    Bracketed,
    /// `(1) …`.
    Parenthesized,
    /// `1. …`: also the form of a numbered list.
    Numbered,
    /// `1 …`.
    Bare,
    /// `- …`, `• …`: a note without number.
    Bullet,
}

/// The mark opening a line of a notes list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark<'a> {
    /// The printed number; empty for a bullet.
    pub n: &'a str,
    /// Where the note's text starts.
    pub text_at: usize,
    pub kind: MarkKind,
}

/// The mark of a note in any printed form: `[1] `, `/1/`, `(1) `, `1. `,
/// `1 ` (one to three digits, text starting with a letter or a quotation
/// mark) or a bullet `- `, `• ` before text. The caller has other evidence
/// that the line is a note.
pub fn mark(text: &str) -> Option<Mark<'_>> {
    if let Some(rest) = BULLETS.iter().find_map(|b| text.strip_prefix(b)) {
        let rest = rest.trim_start();
        return (!rest.is_empty()).then(|| Mark {
            n: "",
            text_at: text.len() - rest.len(),
            kind: MarkKind::Bullet,
        });
    }
    let (n, text_at) = footnote_mark(text, true)?;
    let kind = match text.chars().next() {
        Some('[' | '/') => MarkKind::Bracketed,
        Some('(') => MarkKind::Parenthesized,
        _ if text[n.len()..].starts_with('.') => MarkKind::Numbered,
        _ => MarkKind::Bare,
    };
    Some(Mark { n, text_at, kind })
}

/// Whether `text` ends with one of `back_links` (maybe followed by a variation
/// selector): the `↩` web pages put after a note.
pub fn ends_with_back_link(text: &str, back_links: &[String]) -> bool {
    let t = text.trim_end_matches(['\u{FE0E}', '\u{FE0F}']).trim_end();
    back_links
        .iter()
        .any(|l| !l.is_empty() && t.ends_with(l.as_str()))
}

/// Numbers printed as note anchors in `text`: digits right after a word of
/// two letters or more (an abbreviation's dots included), or after one or two marks of punctuation that follow
/// such a word (`Davies95`, `office,7`, `p.m.,30`), and not followed by a
/// letter or digit; and numbers in brackets or slashes right after a
/// non-space (`represent?[1]`, `State/1/`).
pub fn fused_numbers(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let end = i + bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let number = &text[i..end];
        let after = text[end..].chars().next();
        if number.len() <= 3 && (fused_after_word(&text[..i]) || bracketed(text, i, end)) {
            let closes = matches!(after, Some(']' | '/'));
            if closes || !after.is_some_and(char::is_alphanumeric) {
                out.push(number);
            }
        }
        i = end;
    }
    out
}

/// `head` ends with a word of two letters or more, maybe followed by one or
/// two marks of punctuation.
fn fused_after_word(head: &str) -> bool {
    let trimmed = head.trim_end_matches(['.', ',', ';', ':', ')', '”', '’', '"', '»', '?', '!']);
    if head.len() - trimmed.len() > 2 {
        return false;
    }
    // `p.m.,30`: the dots of an abbreviation are part of the word.
    trimmed
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic() || *c == '.')
        .filter(|c| c.is_alphabetic())
        .count()
        >= 2
}

/// `text[start..end]` is a number in `[…]` or `/…/` right after a non-space.
fn bracketed(text: &str, start: usize, end: usize) -> bool {
    let open = text[..start].chars().next_back();
    let close = text[end..].chars().next();
    let pair = matches!(
        (open, close),
        (Some('['), Some(']')) | (Some('/'), Some('/'))
    );
    // Both marks are one byte when they pair.
    pair && text[..start - 1]
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_whitespace() && !c.is_ascii_digit())
}

/// Pairs listed notes with the text's anchors in order when their numbers
/// differ: a web page lists a document's notes as 1, 2, … while its text keeps
/// the printed volume's anchors (`Davies95`). Only when no anchor bears a
/// note's number, the text (`ranges` of `source`) has exactly one anchor
/// number per numbered note, and those numbers run on by one; each note then
/// takes its anchor's number.
pub fn pair_in_order(footnotes: &mut [Footnote], source: &str, ranges: &[(usize, usize)]) {
    let numbered: Vec<usize> = footnotes
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.n.is_empty() && f.n.bytes().all(|b| b.is_ascii_digit()))
        .map(|(i, _)| i)
        .collect();
    if numbered.is_empty() {
        return;
    }
    let fused: Vec<&str> = ranges
        .iter()
        .flat_map(|&(s, e)| fused_numbers(&source[s..e]))
        .collect();
    let agree = numbered
        .iter()
        .any(|&i| fused.contains(&footnotes[i].n.as_str()));
    let values: Vec<u32> = fused.iter().filter_map(|n| n.parse().ok()).collect();
    let runs_on = values.windows(2).all(|w| w[1] == w[0] + 1);
    if agree || fused.len() != numbered.len() || values.len() != fused.len() || !runs_on {
        return;
    }
    for (&i, n) in numbered.iter().zip(fused) {
        footnotes[i].n = n.to_string();
    }
}

/// A document's body lines split into text, notes and archival legend.
#[derive(Debug, Default, PartialEq)]
pub struct Split<'a> {
    pub body: Vec<Piece<'a>>,
    /// Note lines in source order: each opens with its mark or continues the
    /// note before it.
    pub notes: Vec<Piece<'a>>,
    /// Citations and publications of a dash list, without their dash.
    pub tail: Vec<Piece<'a>>,
}

/// Splits a document's body lines (the layout model's reading): the lines
/// from `section` on (the first line after a notes heading) are notes; then a
/// list of notes ending the body; then bracketed notes whose number is an
/// anchor of `title` or of the text; then lines opening with an archival
/// citation and the archival legend of a dash list ending what is left. `indented` says whether a line began with layout
/// spaces.
pub fn split_body<'a>(
    body: Vec<Piece<'a>>,
    section: Option<usize>,
    title: &[Piece],
    indented: &dyn Fn(&Piece) -> bool,
    conv: &Conventions,
) -> Split<'a> {
    let mut body = body;
    let mut notes = match section {
        Some(at) if at < body.len() => body.split_off(at),
        _ => Vec::new(),
    };
    let back_links = &conv.config.conventions.back_links;
    let at = notes_at_end(&body, indented, back_links);
    let mut listed = body.split_off(at);
    listed.append(&mut notes);
    let mut notes = listed;
    // Bracketed notes between paragraphs, where an anchor names them.
    let mut anchors: Vec<&str> = title.iter().flat_map(|p| fused_numbers(p.text)).collect();
    for p in &body {
        if mark(p.text).is_none_or(|m| m.kind != MarkKind::Bracketed) {
            anchors.extend(fused_numbers(p.text));
        }
    }
    let (between, text): (Vec<Piece>, Vec<Piece>) = body.into_iter().partition(|p| {
        mark(p.text).is_some_and(|m| m.kind == MarkKind::Bracketed && anchors.contains(&m.n))
    });
    notes.extend(between);
    notes.sort_by_key(|p| p.start);
    // A text line opening with an archival citation is the document's
    // citation, wherever the layout model read it.
    let (mut tail, text): (Vec<Piece>, Vec<Piece>) = text
        .into_iter()
        .partition(|p| find_citation(p.text, conv.config) == Some(0));
    let mut body = text;
    tail.extend(legend_at_end(&mut body, conv));
    Split { body, notes, tail }
}

/// Where the list of notes ending `body` starts (`body.len()` when none). An
/// item is a note when it ends with a back-link; when it is bracketed; when
/// it is numbered (`1.`, `(1)`), indented and the text before it has an
/// anchor; when its bare number (`53 …`) is an anchor of the text before it;
/// a bullet item when an item of the run ends with a back-link. At least one
/// line of text stays before the notes.
fn notes_at_end(body: &[Piece], indented: &dyn Fn(&Piece) -> bool, back_links: &[String]) -> usize {
    // Anchors of the lines before each line.
    let mut before: Vec<Vec<&str>> = Vec::with_capacity(body.len());
    let mut seen: Vec<&str> = Vec::new();
    for p in body {
        before.push(seen.clone());
        seen.extend(fused_numbers(p.text));
    }
    let mut start = body.len();
    let mut linked_bullet = false;
    let mut bullets = Vec::new();
    while start > 1 {
        let p = &body[start - 1];
        let Some(m) = mark(p.text) else { break };
        let linked = ends_with_back_link(p.text, back_links);
        let anchors = &before[start - 1];
        let note = linked
            || match m.kind {
                MarkKind::Bracketed => true,
                MarkKind::Numbered | MarkKind::Parenthesized => indented(p) && !anchors.is_empty(),
                MarkKind::Bare => anchors.contains(&m.n),
                MarkKind::Bullet => true,
            };
        if !note {
            break;
        }
        if m.kind == MarkKind::Bullet {
            linked_bullet |= linked;
            bullets.push(start - 1);
        }
        start -= 1;
    }
    if !linked_bullet && let Some(&last_bullet) = bullets.first() {
        // Bullets without a back-link are a list of the text.
        start = last_bullet + 1;
    }
    start
}

/// Removes the archival legend from the end of `body`: a run of bullet items
/// of which one opens with an archival citation. Its citations and
/// publications are returned without their bullet; its other items (remarks
/// on the original) stay text.
fn legend_at_end<'a>(body: &mut Vec<Piece<'a>>, conv: &Conventions) -> Vec<Piece<'a>> {
    let config = conv.config;
    let run = body
        .iter()
        .rev()
        .take_while(|p| mark(p.text).is_some_and(|m| m.kind == MarkKind::Bullet))
        .count();
    let from = body.len() - run;
    let item = |p: &Piece<'a>| -> Piece<'a> {
        let at = mark(p.text).map_or(0, |m| m.text_at);
        p.slice(at, p.text.len())
    };
    let cited = body[from..]
        .iter()
        .any(|p| find_citation(item(p).text, config) == Some(0));
    if !cited || from == 0 {
        return Vec::new();
    }
    let mut tail = Vec::new();
    let mut kept = Vec::new();
    for p in body.drain(from..) {
        let it = item(&p);
        if find_citation(it.text, config) == Some(0) || find_publication(it.text, config) == Some(0)
        {
            tail.push(it);
        } else {
            kept.push(p);
        }
    }
    body.extend(kept);
    tail
}

#[cfg(test)]
mod tests;
