//! Matches footnote texts with their anchors and decides what each becomes: a
//! note at its anchor, a shared note with anchors, an unanchored note, a bare
//! anchor; and what the note says about the original (underlining, sic) —
//! docs/encoding.md §2.1 rule 9, §2.2 rows 20, 39–43, notes on the table; §7.1 rule 21.

use super::citation::find_citation;
use super::codes;
use super::conventions::Conventions;
use super::inline::Overlay;
use crate::diagnostic::Diagnostic;
use crate::model::{Element, Inline, InlineKind, Note, NoteKind, NotePlace, Span};

/// A footnote text from a document's tail.
#[derive(Debug, Clone)]
pub struct Footnote {
    /// The printed mark: `*`, `**`, `1`.
    pub n: String,
    /// The whole footnote, mark included.
    pub span: Span,
    pub text_span: Span,
    pub text: String,
}

/// An anchor found in body text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor<'s> {
    pub n: &'s str,
    pub start: usize,
    pub end: usize,
}

/// Asterisk runs directly after a non-space character in `source[start..end]`.
pub fn asterisk_anchors(source: &str, start: usize, end: usize) -> Vec<Anchor<'_>> {
    let text = &source[start..end];
    let mut out = Vec::new();
    let mut iter = text.char_indices().peekable();
    let mut previous: Option<char> = None;
    while let Some((i, c)) = iter.next() {
        if c == '*' && previous.is_some_and(|p| !p.is_whitespace() && p != '*') {
            let mut j = i + 1;
            while let Some((k, '*')) = iter.peek().copied() {
                j = k + 1;
                iter.next();
            }
            out.push(Anchor {
                n: &source[start + i..start + j],
                start: start + i,
                end: start + j,
            });
            previous = Some('*');
            continue;
        }
        previous = Some(c);
    }
    out
}

/// Digit anchors for the given footnote numbers: right after a letter, or after
/// punctuation that follows a letter, and not followed by another digit
/// (`Assembly1`, `district.2`); or the number in square brackets, parentheses
/// or slashes after a non-space (`Geneva[1]`, `Moscow.(1)`, `Moscow./1/`).
/// A bracketed anchor's `n` is its number; its span covers the brackets.
pub fn digit_anchors<'s>(
    source: &'s str,
    start: usize,
    end: usize,
    numbers: &[&str],
) -> Vec<Anchor<'s>> {
    let text = &source[start..end];
    let mut out = Vec::new();
    for n in numbers.iter().filter(|n| !n.is_empty()) {
        for (i, _) in text.match_indices(*n) {
            if let Some(anchor) = bracketed_anchor(text, i, n.len()) {
                let (s, e) = anchor;
                out.push(Anchor {
                    n: &source[start + i..start + i + n.len()],
                    start: start + s,
                    end: start + e,
                });
                continue;
            }
            let before: Vec<char> = text[..i].chars().rev().take(2).collect();
            let after_ok = !text[i + n.len()..].starts_with(|c: char| c.is_ascii_digit());
            let placed = match before.as_slice() {
                [a, ..] if a.is_alphabetic() => true,
                [p, a] if ".,;:)”’".contains(*p) && a.is_alphabetic() => true,
                _ => false,
            };
            if placed && after_ok {
                out.push(Anchor {
                    n: &source[start + i..start + i + n.len()],
                    start: start + i,
                    end: start + i + n.len(),
                });
            }
        }
    }
    out.sort_by_key(|a| a.start);
    out
}

/// The span of `[n]`, `(n)` or `/n/` around the number at `text[i..i + len]`,
/// when it follows a non-space character (an anchor, not a list label).
fn bracketed_anchor(text: &str, i: usize, len: usize) -> Option<(usize, usize)> {
    let open = text[..i].chars().next_back()?;
    let close = match open {
        '[' => ']',
        '(' => ')',
        '/' => '/',
        _ => return None,
    };
    text[i + len..].starts_with(close).then_some(())?;
    let s = i - open.len_utf8();
    let before = text[..s].chars().next_back()?;
    if before.is_whitespace() || before.is_ascii_digit() {
        return None;
    }
    Some((s, i + len + close.len_utf8()))
}

/// The mark opening a footnote text, and where its text starts: `[1] Text`,
/// `[1]Text`, `/1/Text`, `(1) Text`, `1. Text`, `1 Text` (one to three
/// digits; the text starts with a letter or a quotation mark). `bare`: also
/// the forms without brackets, which lists and dates share, so they count
/// only where digit anchors are the edition's convention.
pub fn footnote_mark(text: &str, bare: bool) -> Option<(&str, usize)> {
    let opener = text.chars().next()?;
    let (digits_at, close) = match opener {
        '[' => (1, Some("]")),
        '/' => (1, Some("/")),
        '(' => (1, Some(")")),
        c if c.is_ascii_digit() && bare => (0, None),
        _ => return None,
    };
    let rest = &text[digits_at..];
    let len = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if !(1..=3).contains(&len) {
        return None;
    }
    let n = &rest[..len];
    let after = &rest[len..];
    let after = match close {
        Some(c) => {
            let after = after.strip_prefix(c)?;
            // `(1)` must be followed by a space: `(1)x` is no mark.
            if opener == '(' {
                after.strip_prefix(' ')?
            } else {
                after.strip_prefix(' ').unwrap_or(after)
            }
        }
        None => after
            .strip_prefix(". ")
            .or_else(|| after.strip_prefix(' '))?,
    };
    let starts_text = after
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || matches!(c, '“' | '"' | '«' | '‘'));
    starts_text.then(|| (n, text.len() - after.len()))
}

/// What the notes of one document became.
#[derive(Debug, Default)]
pub struct NotesPlan {
    pub overlays: Vec<Overlay>,
    /// Shared and unanchored notes, placed at the end of the div.
    pub div_notes: Vec<Note>,
    pub diagnostics: Vec<Diagnostic>,
}

fn matches_any(text: &str, list: &[String]) -> bool {
    list.iter().any(|l| l == text)
}

/// The misspelt reading a sic note quotes, if the note is one.
fn sic_reading(text: &str, conv: &Conventions) -> Option<String> {
    conv.sic.iter().find_map(|p| {
        p.match_whole(text)
            .and_then(|m| m.get("sic").map(|(s, _)| s.to_string()))
    })
}

/// The sentence of `source[block]` holding the anchor at `at` (the underlining rule).
pub fn sentence_around(
    source: &str,
    block: (usize, usize),
    at: usize,
    conv: &Conventions,
) -> (usize, usize) {
    let (bs, be) = block;
    let text = &source[bs..be];
    let omission = conv.config.conventions.omission.as_str();
    let mut starts = vec![0usize];
    let mut ends = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (idx, &(i, c)) in chars.iter().enumerate() {
        if matches!(c, '.' | '!' | '?') {
            let word_start = text[..i].rfind(' ').map_or(0, |s| s + 1);
            let word = &text[word_start..=i];
            let single_capital = word.chars().count() == 2 && word.starts_with(char::is_uppercase);
            if c == '.'
                && (single_capital || conv.is_abbreviation(word.trim_start_matches(['(', '“'])))
            {
                continue;
            }
            let mut k = idx + 1;
            while let Some(&(_, q)) = chars.get(k) {
                if matches!(q, '”' | '’' | ')' | '*') {
                    k += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(k).map_or(text.len(), |&(j, _)| j);
            if chars.get(k).is_none_or(|&(_, q)| q == ' ') {
                ends.push(end);
                if chars.get(k).is_some() {
                    starts.push(end + 1);
                }
            }
        }
    }
    if !omission.is_empty() {
        for (i, _) in text.match_indices(omission) {
            let after = i + omission.len();
            if text[after..].starts_with(' ') && text[after + 1..].starts_with(char::is_uppercase) {
                starts.push(after + 1);
            }
        }
    }
    let rel = at - bs;
    let start = starts
        .iter()
        .copied()
        .filter(|s| *s <= rel)
        .max()
        .unwrap_or(0);
    let end = ends
        .iter()
        .copied()
        .filter(|e| *e > rel)
        .min()
        .unwrap_or(text.len());
    (bs + start, bs + end)
}

/// The `count` words before `at` (for sic: the corrected reading).
fn words_before(source: &str, floor: usize, at: usize, count: usize) -> usize {
    let mut start = at;
    for i in 0..count {
        let text = &source[floor..start];
        let trimmed = if i == 0 { text } else { text.trim_end() };
        start = floor + trimmed.rfind(' ').map_or(0, |s| s + 1);
    }
    start
}

/// The text of a note; a note that is the document's archival citation
/// (`/1/Source: National Archives, …`) holds it as a witness,
/// `<bibl type="witness" subtype="unparsed">` (docs/encoding.md §7.6).
fn note_content(f: &Footnote, conv: &Conventions) -> Vec<Inline> {
    let text = Inline::text(f.text_span, f.text.clone());
    if find_citation(&f.text, conv.config) != Some(0) {
        return vec![text];
    }
    vec![Inline::new(
        f.text_span,
        InlineKind::Element(Element {
            span: f.text_span,
            name: "bibl".into(),
            attributes: vec![
                ("type".into(), "witness".into()),
                ("subtype".into(), "unparsed".into()),
            ],
            content: vec![text],
        }),
    )]
}

fn note_kind(text: &str, conv: &Conventions) -> NoteKind {
    let notes = &conv.config.notes;
    if matches_any(text, &notes.underline)
        || matches_any(text, &notes.original_ellipsis)
        || sic_reading(text, conv).is_some()
    {
        NoteKind::Textual
    } else {
        NoteKind::Editorial
    }
}

/// Decides every footnote and anchor of one document.
/// `blocks` are the byte ranges of the document's body blocks.
pub fn plan(
    source: &str,
    doc_id: &str,
    footnotes: &[Footnote],
    anchors: &[Anchor],
    blocks: &[(usize, usize)],
    conv: &Conventions,
) -> NotesPlan {
    let mut plan = NotesPlan::default();
    let block_of = |at: usize| blocks.iter().copied().find(|(s, e)| *s <= at && at <= *e);
    let mut used = vec![false; anchors.len()];
    // Inline notes first (in anchor order), then div-level ones: TEI document order.
    let mut inline_notes: Vec<(usize, usize)> = Vec::new();
    let mut div_level: Vec<usize> = Vec::new();
    let mut anchors_of: Vec<Vec<usize>> = Vec::new();
    for (fi, f) in footnotes.iter().enumerate() {
        let mine: Vec<usize> = anchors
            .iter()
            .enumerate()
            .filter(|(ai, a)| !used[*ai] && a.n == f.n)
            .map(|(ai, _)| ai)
            .collect();
        for &ai in &mine {
            used[ai] = true;
        }
        if mine.len() == 1 {
            inline_notes.push((anchors[mine[0]].start, fi));
        } else {
            div_level.push(fi);
        }
        anchors_of.push(mine);
    }
    inline_notes.sort();
    let order: Vec<usize> = inline_notes
        .iter()
        .map(|(_, f)| *f)
        .chain(div_level.iter().copied())
        .collect();
    for (k, &fi) in order.iter().enumerate() {
        let f = &footnotes[fi];
        let id = format!("{doc_id}-fn{}", k + 1);
        let kind = note_kind(&f.text, conv);
        let mine = &anchors_of[fi];
        let mut note = Note {
            span: f.span,
            kind,
            // A note of a list without numbers (`- …`) has no printed mark.
            n: (!f.n.is_empty()).then(|| f.n.clone()),
            id: Some(id.clone()),
            place: Some(NotePlace::Foot),
            by_editor: true,
            rend: Vec::new(),
            target: Vec::new(),
            content: note_content(f, conv),
        };
        let underline = matches_any(&f.text, &conv.config.notes.underline);
        let sic = sic_reading(&f.text, conv);
        for (k, &ai) in mine.iter().enumerate() {
            let a = anchors[ai];
            if let Some(block) = block_of(a.start) {
                if underline {
                    let (s, e) = sentence_around(source, block, a.start, conv);
                    if !plan.overlays.iter().any(|o| matches!(o, Overlay::Wrap { start, end, .. } if *start == s && *end == e)) {
                        plan.overlays.push(Overlay::Wrap { start: s, end: e, rend: "underline".into() });
                    }
                }
                if let Some(reading) = &sic {
                    let count = reading.split_whitespace().count().max(1);
                    let corr_start = words_before(source, block.0, a.start, count);
                    if corr_start < a.start {
                        plan.overlays.push(Overlay::Replace {
                            start: corr_start,
                            end: a.start,
                            inline: Inline::new(
                                Span::new(corr_start, a.start),
                                InlineKind::Choice {
                                    sic: reading.clone(),
                                    corr: source[corr_start..a.start].to_string(),
                                },
                            ),
                        });
                    }
                }
            }
            let inline = if mine.len() == 1 {
                Inline::new(
                    Span::new(a.start, a.end),
                    InlineKind::Note(Box::new(note.clone())),
                )
            } else {
                let anchor_id = format!("{id}-a{}", k + 1);
                note.target.push(anchor_id.clone());
                Inline::new(
                    Span::new(a.start, a.end),
                    InlineKind::Anchor {
                        n: a.n.to_string(),
                        id: anchor_id,
                    },
                )
            };
            plan.overlays.push(Overlay::Replace {
                start: a.start,
                end: a.end,
                inline,
            });
        }
        match mine.len() {
            1 => {}
            0 => {
                plan.diagnostics.push(
                    Diagnostic::warning(
                        codes::UNANCHORED_NOTE,
                        f.span,
                        if f.n.is_empty() {
                            "footnote without number has no anchor".to_string()
                        } else {
                            format!("footnote \"{}\" has no anchor", f.n)
                        },
                    )
                    .with_help(format!(
                        "kept at the end of the document; add \"{}\" after the word it belongs to",
                        f.n
                    )),
                );
                plan.div_notes.push(note);
            }
            k => {
                let mut d = Diagnostic::warning(codes::SHARED_NOTE, f.span, format!("footnote \"{}\" has {k} anchors", f.n))
                    .with_help("kept once with @target to every anchor; underlining applied at each; check which anchor is right");
                for &ai in mine {
                    d = d.with_secondary(Span::new(anchors[ai].start, anchors[ai].end), "anchor");
                }
                plan.diagnostics.push(d);
                plan.div_notes.push(note);
            }
        }
    }
    let mut k = 0;
    for (ai, a) in anchors.iter().enumerate() {
        if used[ai] {
            continue;
        }
        k += 1;
        let id = format!("{doc_id}-a{k}");
        plan.diagnostics.push(
            Diagnostic::warning(
                codes::UNMATCHED_ANCHOR,
                Span::new(a.start, a.end),
                format!("anchor \"{}\" has no footnote", a.n),
            )
            .with_help("kept as <anchor n=\"*\"/>; the note text is missing from the source"),
        );
        plan.overlays.push(Overlay::Replace {
            start: a.start,
            end: a.end,
            inline: Inline::new(
                Span::new(a.start, a.end),
                InlineKind::Anchor {
                    n: a.n.to_string(),
                    id,
                },
            ),
        });
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn anchors_follow_a_non_space() {
        let s = "Armenia* and camp*. Message No. 3 …** end *not";
        let found: Vec<_> = asterisk_anchors(s, 0, s.len())
            .iter()
            .map(|a| a.n)
            .collect();
        assert_eq!(found, ["*", "*", "**"]);
    }

    #[test]
    fn digit_anchors_after_letters_or_punctuation() {
        let s = "the Assembly1 on 16 November. to Armenia.2 In 1920";
        let found: Vec<_> = digit_anchors(s, 0, s.len(), &["1", "2"])
            .iter()
            .map(|a| a.start)
            .collect();
        assert_eq!(found, [s.find("1 on").unwrap(), s.find("2 In").unwrap()]);
    }

    #[test]
    fn bracketed_and_slashed_anchors() {
        let s = "in Geneva[1] and Moscow.(2) then Paris./3/ but [1] and (2) alone; 1920";
        let found: Vec<_> = digit_anchors(s, 0, s.len(), &["1", "2", "3"])
            .iter()
            .map(|a| (a.n, &s[a.start..a.end]))
            .collect();
        assert_eq!(found, [("1", "[1]"), ("2", "(2)"), ("3", "/3/")]);
        // An empty number (a note without mark) anchors nowhere.
        assert!(digit_anchors(s, 0, s.len(), &[""]).is_empty());
    }

    #[test]
    fn footnote_marks() {
        let cases = [
            ("[1] Not printed.", true, Some(("1", 4))),
            ("[12]Not printed.", false, Some(("12", 4))),
            ("/1/Source: National Archives.", false, Some(("1", 3))),
            ("(3) See the note.", false, Some(("3", 4))),
            ("1. Not printed.", true, Some(("1", 3))),
            ("2 Telegram received.", true, Some(("2", 2))),
            ("“1. Not printed.", true, None),
            // Bare numbers only where digit anchors are the convention.
            ("1. Not printed.", false, None),
            // A year, a list of numbers, a bracketed word: no marks.
            ("1920 was a year.", true, None),
            ("1. 2. 3.", true, None),
            ("[a] text", true, None),
            ("(1)x", true, None),
            ("", true, None),
        ];
        for (text, bare, expect) in cases {
            assert_eq!(footnote_mark(text, bare), expect, "{text:?}");
        }
    }

    #[test]
    fn sentence_holds_the_anchor_and_skips_abbreviations() {
        let config = Config::builtin();
        let conv = Conventions::new(&config);
        let s = "<…> In our talks with G. Chicherin* and others, we agreed. Then more.";
        let (a, b) = sentence_around(s, (0, s.len()), s.find('*').unwrap(), &conv);
        assert_eq!(
            &s[a..b],
            "In our talks with G. Chicherin* and others, we agreed."
        );
        let s = "First one. Into the opposing camp*.";
        let (a, b) = sentence_around(s, (0, s.len()), s.find('*').unwrap(), &conv);
        assert_eq!(&s[a..b], "Into the opposing camp*.");
    }
}
