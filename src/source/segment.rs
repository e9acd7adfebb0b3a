//! Cuts a source into leading matter, a fragment, documents and trailing matter
//! (docs/encoding.md §2.1 rules 2–3, 10; §7.1 rules 13, 16, 22).
//!
//! Works on lines only; what is inside a document is read by `document`.

use std::sync::LazyLock;

use regex::Regex;

use super::citation::{find_citation, find_publication};
use super::codes;
use super::conventions::Conventions;
use super::lines::Line;
use super::title::{Piece, Title, find_title, title_without_dateline};
use crate::diagnostic::Diagnostic;
use crate::model::{Cert, Span};

/// A bare number ending a tail line (`…p. 278. 570`).
static TRAILING_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[.)”] (\d{1,6})$").expect("static regex"));

/// A document number as the source states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedNumber {
    pub n: String,
    pub span: Span,
}

/// The lines of one document, before their content is read.
pub struct RawDocument<'a> {
    pub number: Option<StatedNumber>,
    /// `None` for the leading fragment.
    pub title: Option<Title<'a>>,
    /// Line number where the title starts (ids of documents without number).
    pub title_line: usize,
    pub title_span: Span,
    /// Body lines before the tail line.
    pub body: Vec<Piece<'a>>,
    /// The line holding the first citation or publication.
    pub tail_line: Option<Piece<'a>>,
    /// Citation, publication, emphasis-note and footnote lines after the tail line.
    pub tail_items: Vec<Piece<'a>>,
    /// Lines between this document and the next that no rule places.
    pub strays: Vec<Piece<'a>>,
    /// Note lines the layout model found among the text (docs/encoding.md
    /// §7.6): each opens with its mark or continues the note before it.
    pub notes: Vec<Piece<'a>>,
    pub fragment: bool,
    pub span: Span,
    /// How sure the reader is that a document starts here (a close call of the layout model).
    pub cert: Option<Cert>,
}

pub struct Segmented<'a> {
    pub documents: Vec<RawDocument<'a>>,
    /// Trailing matter lines (first, last).
    pub trailing: Option<(Piece<'a>, Piece<'a>)>,
    pub trailing_pieces: Vec<Piece<'a>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// How a document starts at a line.
enum Start {
    Numbered(StatedNumber),
    /// A number line carrying the first title line from this byte offset.
    NumberedTitle(StatedNumber, usize),
    Unnumbered,
}

struct Segmenter<'a, 'c> {
    lines: Vec<Line<'a>>,
    /// Whether a blank line follows each line (page headings).
    blank_after: Vec<bool>,
    conv: &'c Conventions<'c>,
    trailing_number: &'static Regex,
    diagnostics: Vec<Diagnostic>,
}

fn is_pictograph(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2300..=0x23FF)
}

pub fn starts_with_pictograph(text: &str) -> bool {
    text.chars().next().is_some_and(is_pictograph)
}

impl<'a, 'c> Segmenter<'a, 'c> {
    fn piece(&self, i: usize) -> Piece<'a> {
        Piece::from_line(&self.lines[i])
    }

    fn is_navigation(&self, text: &str) -> bool {
        let marks = [" | ", " » ", " › ", "«", "»"];
        let count: usize = marks.iter().map(|m| text.matches(m).count()).sum();
        count >= 2
            || self
                .conv
                .config
                .conventions
                .navigation_words
                .iter()
                .any(|w| w == text)
    }

    fn is_page_heading(&self, i: usize) -> bool {
        let text = self.lines[i].text;
        i == 0
            && self.blank_after[i]
            && text.split_whitespace().count() <= 6
            && !text.ends_with(['.', ',', ';', ':', '!', '?'])
    }

    fn is_number_line(&self, i: usize) -> bool {
        self.conv.number_line(self.lines[i].text).is_some()
    }

    /// Up to six title candidates from line `i`, stopping at a number line or a trailing marker.
    fn candidates(&self, i: usize, first: Option<Piece<'a>>) -> Vec<Piece<'a>> {
        let mut out: Vec<Piece<'a>> = first.into_iter().collect();
        let mut k = if out.is_empty() { i } else { i + 1 };
        while out.len() < 6 && k < self.lines.len() {
            let text = self.lines[k].text;
            if self.is_number_line(k)
                || self.conv.number_title_line(text).is_some()
                || self.conv.is_trailing_marker(text)
            {
                break;
            }
            out.push(self.piece(k));
            k += 1;
        }
        out
    }

    fn is_tail_line(&self, text: &str) -> bool {
        find_citation(text, self.conv.config).is_some()
            || find_publication(text, self.conv.config) == Some(0)
    }

    fn is_tail_item(&self, text: &str) -> bool {
        let config = self.conv.config;
        find_citation(text, config) == Some(0)
            || find_publication(text, config) == Some(0)
            || (config.asterisk_anchors() && text.starts_with('*'))
            || (config.digit_anchors() && digit_footnote(text).is_some())
            || self.conv.emphasis_notes.iter().any(|p| {
                p.match_whole(text).is_some()
                    || text
                        .strip_suffix('.')
                        .is_some_and(|t| p.match_whole(t).is_some())
            })
    }

    /// Whether a document without number line starts at `i` (rule 22).
    fn unnumbered_start(&self, i: usize) -> Option<Title<'a>> {
        let candidates = self.candidates(i, None);
        let title = find_title(&candidates, self.conv)?;
        let mut title_lines: Vec<&Piece> = title.head.iter().collect();
        title_lines.extend(title.sub.iter());
        let bad = title_lines.iter().any(|p| {
            starts_with_pictograph(p.text)
                || self.is_navigation(p.text)
                || self.is_tail_line(p.text)
                || p.text.ends_with(['.', ',', ';', ':'])
        });
        if bad {
            return None;
        }
        let next = i + title.consumed;
        let next_ok = next < self.lines.len()
            && !self.is_number_line(next)
            && !self.conv.is_trailing_marker(self.lines[next].text);
        next_ok.then_some(title)
    }

    fn start_at(&self, i: usize, previous: Option<u64>) -> Option<Start> {
        let line = &self.lines[i];
        if let Some(n) = self.conv.number_line(line.text) {
            return Some(Start::Numbered(StatedNumber {
                n,
                span: line.span(),
            }));
        }
        if let Some((n, offset)) = self.conv.number_title_line(line.text) {
            let exceeds = match (n.parse::<u64>(), previous) {
                (Ok(v), Some(p)) => v > p,
                _ => true,
            };
            if !line.indented && exceeds && !line.text.ends_with(['.', ',', ';', ':']) {
                let span = Span::new(line.start, line.start + offset);
                return Some(Start::NumberedTitle(StatedNumber { n, span }, offset));
            }
        }
        self.unnumbered_start(i).map(|_| Start::Unnumbered)
    }

    /// The next line that starts a document; a trailing marker (`Read Also:`)
    /// ends the search: what follows it is web-page matter.
    fn next_start(&self, from: usize, previous: Option<u64>) -> Option<usize> {
        for i in from..self.lines.len() {
            if self.conv.is_trailing_marker(self.lines[i].text) {
                return None;
            }
            if self.start_at(i, previous).is_some() {
                return Some(i);
            }
        }
        None
    }

    /// Reads one document starting at `i`; returns it and the index after it.
    fn document(&mut self, i: usize, start: Start) -> (RawDocument<'a>, usize) {
        let (number, title_from, first) = match start {
            Start::Numbered(n) => (Some(n), i + 1, None),
            Start::NumberedTitle(n, offset) => {
                let p = self.piece(i);
                (Some(n), i, Some(p.slice(offset, p.text.len())))
            }
            Start::Unnumbered => (None, i, None),
        };
        let candidates = if title_from < self.lines.len() || first.is_some() {
            self.candidates(title_from, first)
        } else {
            Vec::new()
        };
        let title = match find_title(&candidates, self.conv) {
            Some(t) => t,
            None => {
                let t = title_without_dateline(&candidates);
                if let Some(p) = t.head.last() {
                    self.diagnostics.push(
                        Diagnostic::warning(codes::MISSING_DATELINE, p.span(), "title has no dateline")
                            .with_help("the document has no opener; end the title with \"Place, D Month YYYY\""),
                    );
                }
                t
            }
        };
        let title_span = match (title.head.first(), title.head.last()) {
            (Some(a), Some(b)) => a.span().join(b.span()),
            _ => Span::new(self.lines[i].start, self.lines[i].start),
        };
        let title_line = title.head.first().map_or(self.lines[i].number, |p| p.line);
        let consumed_lines = if first.is_some() {
            title.consumed.saturating_sub(1) + 1
        } else {
            title.consumed
        };
        let body_from = title_from + consumed_lines;
        let (body, tail_line, tail_items, next) = self.body_and_tail(body_from, number.as_ref());
        let start_span = self.lines[i].span();
        let end = tail_items
            .last()
            .or(tail_line.as_ref())
            .or(body.last())
            .map_or(title_span.end, |p| p.end());
        let doc = RawDocument {
            number,
            title: Some(title),
            title_line,
            title_span,
            body,
            tail_line,
            tail_items,
            strays: Vec::new(),
            notes: Vec::new(),
            fragment: false,
            span: Span::new(start_span.start, end.max(start_span.end)),
            cert: None,
        };
        (doc, next)
    }

    /// Body lines from `from` up to the tail line, then the tail items.
    #[allow(clippy::type_complexity)]
    fn body_and_tail(
        &mut self,
        from: usize,
        number: Option<&StatedNumber>,
    ) -> (Vec<Piece<'a>>, Option<Piece<'a>>, Vec<Piece<'a>>, usize) {
        let mut body = Vec::new();
        let mut k = from;
        while k < self.lines.len() {
            let text = self.lines[k].text;
            if self.is_number_line(k) || self.conv.is_trailing_marker(text) {
                break;
            }
            if self.is_tail_line(text) {
                let tail = self.piece(k);
                let mut items = Vec::new();
                k += 1;
                while k < self.lines.len() && self.is_tail_item(self.lines[k].text) {
                    items.push(self.piece(k));
                    k += 1;
                }
                return (body, Some(tail), items, k);
            }
            body.push(self.piece(k));
            k += 1;
        }
        if let Some(n) = number {
            self.diagnostics.push(
                Diagnostic::warning(
                    codes::MISSING_CITATION,
                    n.span,
                    format!("document No. {} has no archival citation", n.n),
                )
                .with_help("the document ends before the next number line"),
            );
        }
        (body, None, Vec::new(), k)
    }

    /// A bare number ending the last tail line: fused to the next document, or dangling.
    fn split_trailing_number(
        &mut self,
        doc: &mut RawDocument<'a>,
        next_is_document: bool,
    ) -> Option<StatedNumber> {
        let last = doc.tail_items.last_mut().or(doc.tail_line.as_mut())?;
        let caps = self.trailing_number.captures(last.text)?;
        let m = caps.get(1)?;
        let number = StatedNumber {
            n: m.as_str().to_string(),
            span: Span::new(last.start + m.start(), last.start + m.end()),
        };
        let line = last.line;
        *last = last.slice(0, m.start() - 1);
        doc.span.end = doc.span.end.min(last.end().max(doc.span.start));
        if next_is_document {
            self.diagnostics.push(
                Diagnostic::warning(
                    codes::FUSED_NUMBER,
                    number.span,
                    format!("number {} is fused to the end of line {line}", number.n),
                )
                .with_help("taken as the number line of the next document; put it on its own line"),
            );
            Some(number)
        } else {
            let of = doc
                .number
                .as_ref()
                .map_or_else(|| "before it".to_string(), |n| n.n.clone());
            self.diagnostics.push(
                Diagnostic::warning(
                    codes::TRAILING_NUMBER,
                    number.span,
                    format!(
                        "number {} at the end of the line starts no document",
                        number.n
                    ),
                )
                .with_help(format!(
                    "not part of document {of}; the document No. {} is not in this source",
                    number.n
                )),
            );
            None
        }
    }
}

/// `{n} Text`: a digit footnote's number and the offset of its text.
pub fn digit_footnote(text: &str) -> Option<(&str, usize)> {
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let rest = &text[digits..];
    let after = rest.strip_prefix(' ')?;
    after
        .chars()
        .next()
        .filter(|c| c.is_alphabetic() || *c == '“' || *c == '"')
        .map(|_| (&text[..digits], digits + 1))
}

fn previous_number(docs: &[RawDocument]) -> Option<u64> {
    docs.iter()
        .rev()
        .find_map(|d| d.number.as_ref().and_then(|n| n.n.parse().ok()))
}

/// Whether the configured conventions found what makes a collection: a
/// document with a stated number or an archival citation. Else the layout
/// model reads the source.
pub fn is_collection(segmented: &Segmented) -> bool {
    segmented
        .documents
        .iter()
        .any(|d| !d.fragment && d.number.is_some())
}

/// Cuts `lines` into documents. Never fails: what it cannot place it reports.
pub fn segment<'a>(lines: Vec<Line<'a>>, conv: &Conventions) -> Segmented<'a> {
    let all = lines;
    let nonblank: Vec<Line<'a>> = all.iter().copied().filter(|l| !l.is_blank()).collect();
    let blank_after: Vec<bool> = nonblank
        .iter()
        .map(|l| all.get(l.number).is_some_and(|n| n.is_blank()))
        .collect();
    let mut s = Segmenter {
        lines: nonblank,
        blank_after,
        conv,
        trailing_number: &TRAILING_NUMBER,
        diagnostics: Vec::new(),
    };
    let mut documents: Vec<RawDocument<'a>> = Vec::new();
    let first = s.next_start(0, None).unwrap_or(s.lines.len());
    leading(&mut s, first, &mut documents);

    let mut i = first;
    let mut pending_number: Option<StatedNumber> = None;
    let mut trailing = None;
    let mut trailing_pieces = Vec::new();
    while i < s.lines.len() {
        let previous = previous_number(&documents);
        let (mut doc, next) = match pending_number.take() {
            Some(n) => s.document_from_title(i, n),
            None => match s.start_at(i, previous) {
                Some(start) => s.document(i, start),
                None => {
                    // Stray lines: matter or unknown lines until the next document,
                    // else trailing matter.
                    if let Some(next) = s.next_start(i, previous) {
                        strays(&mut s, i, next, &mut documents);
                        i = next;
                        continue;
                    }
                    trailing_pieces = (i..s.lines.len()).map(|k| s.piece(k)).collect();
                    trailing = Some((s.piece(i), s.piece(s.lines.len() - 1)));
                    break;
                }
            },
        };
        let next_is_document =
            next < s.lines.len() && !s.is_number_line(next) && s.unnumbered_start(next).is_some();
        pending_number = s.split_trailing_number(&mut doc, next_is_document);
        documents.push(doc);
        i = next;
    }
    Segmented {
        documents,
        trailing,
        trailing_pieces,
        diagnostics: s.diagnostics,
    }
}

impl<'a, 'c> Segmenter<'a, 'c> {
    /// A document whose number was fused to the previous line: its title starts at `i`.
    fn document_from_title(&mut self, i: usize, number: StatedNumber) -> (RawDocument<'a>, usize) {
        let (mut doc, next) = self.document(i, Start::Unnumbered);
        doc.number = Some(number);
        (doc, next)
    }
}

/// Lines before the first document: leading matter, then maybe a fragment.
fn leading<'a>(s: &mut Segmenter<'a, '_>, first: usize, documents: &mut Vec<RawDocument<'a>>) {
    if first == 0 {
        return;
    }
    let has_tail = (0..first).any(|k| s.is_tail_line(s.lines[k].text));
    let mut fragment_from = 0;
    if has_tail {
        for k in 0..first {
            let text = s.lines[k].text;
            if starts_with_pictograph(text) || s.is_navigation(text) || s.is_page_heading(k) {
                fragment_from = k + 1;
            }
        }
    }
    let matter_to = if has_tail && fragment_from < first {
        fragment_from
    } else {
        first
    };
    if matter_to > 0 {
        let a = s.piece(0);
        let b = s.piece(matter_to - 1);
        s.diagnostics.push(
            Diagnostic::warning(
                codes::LEADING_MATTER,
                a.span().join(b.span()),
                format!(
                    "lines {}–{} before the first document are not part of the edition",
                    a.line, b.line
                ),
            )
            .with_help("not encoded; a document without number needs a title, a dateline and a body or citation"),
        );
    }
    if !(has_tail && fragment_from < first) {
        return;
    }
    let mut body = Vec::new();
    let mut k = fragment_from;
    let mut tail_line = None;
    let mut tail_items = Vec::new();
    while k < first {
        let text = s.lines[k].text;
        if tail_line.is_none() && s.is_tail_line(text) {
            tail_line = Some(s.piece(k));
        } else if tail_line.is_some() && s.is_tail_item(text) && body.is_empty() {
            tail_items.push(s.piece(k));
        } else if tail_line.is_none() {
            body.push(s.piece(k));
        }
        k += 1;
    }
    let a = s.piece(fragment_from);
    let b = s.piece(first - 1);
    let span = a.span().join(b.span());
    s.diagnostics.push(
        Diagnostic::warning(
            codes::LEADING_FRAGMENT,
            span,
            "text before the first document is the end of an earlier document",
        )
        .with_help(format!(
            "encoded as a fragment without number; remove lines {}–{} if they do not belong here",
            a.line, b.line
        )),
    );
    documents.push(RawDocument {
        number: None,
        title: None,
        title_line: a.line,
        title_span: a.span(),
        body,
        tail_line,
        tail_items,
        strays: Vec::new(),
        notes: Vec::new(),
        fragment: true,
        span,
        cert: None,
    });
}

/// Lines between two documents that start neither: web-page matter or unknown lines.
fn strays<'a>(
    s: &mut Segmenter<'a, '_>,
    from: usize,
    to: usize,
    documents: &mut [RawDocument<'a>],
) {
    let p = documents
        .iter()
        .rev()
        .find_map(|d| d.number.as_ref().map(|n| n.n.clone()));
    let q = (to < s.lines.len())
        .then(|| {
            s.conv
                .number_line(s.lines[to].text)
                .or_else(|| s.conv.number_title_line(s.lines[to].text).map(|x| x.0))
        })
        .flatten();
    for k in from..to {
        let piece = s.piece(k);
        if starts_with_pictograph(piece.text) || s.is_navigation(piece.text) {
            let between = match (&p, &q) {
                (Some(p), Some(q)) => format!(" between No. {p} and No. {q}"),
                (Some(p), None) => format!(" after No. {p}"),
                _ => String::new(),
            };
            s.diagnostics.push(
                Diagnostic::warning(
                    codes::INTERLEAVED_MATTER,
                    piece.span(),
                    format!("line {}{between} is not part of the edition", piece.line),
                )
                .with_help("not encoded"),
            );
        } else {
            s.diagnostics.push(
                Diagnostic::warning(
                    codes::UNKNOWN_LINE,
                    piece.span(),
                    "line has no known shape; kept as a paragraph",
                )
                .with_help("check for a broken line or a missing number line"),
            );
            if let Some(doc) = documents.last_mut() {
                doc.strays.push(piece);
            }
        }
    }
}
