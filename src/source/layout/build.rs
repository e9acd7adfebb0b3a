//! Turns the best reading of a source into its documents: each number line,
//! each title after other matter, and each text after page matter starts a
//! document; page matter is reported, never encoded and never lost.

use super::features::Features;
use super::parse::{Part, Reading};
use crate::diagnostic::Diagnostic;
use crate::model::{Cert, Inline, Span};
use crate::source::citation::{find_citation, find_publication};
use crate::source::codes;
use crate::source::conventions::Conventions;
use crate::source::date::{DatelineMatch, dateline_line, place_name};
use crate::source::endnotes;
use crate::source::lines::Line;
use crate::source::segment::{RawDocument, Segmented, StatedNumber};
use crate::source::title::{Piece, Title, dateline_alone, title_with_dateline};

/// Below this margin a decision is a close call: reported with both readings.
pub const CLOSE_CALL: f32 = 1.0;

#[derive(Default)]
struct Draft<'a> {
    number: Option<StatedNumber>,
    title: Vec<Piece<'a>>,
    /// The dateline's line and, after a label (`Written:`, `From:`), where its value starts.
    dateline: Option<(Piece<'a>, Option<usize>)>,
    /// Further datelines of the heading (an archive's date line above the
    /// title, then the document's own `Bonn, den 18. März 1991`).
    more_datelines: Vec<(Piece<'a>, Option<usize>)>,
    /// A tail line was read: what follows is no longer the heading. (File
    /// numbers above the heading and a citation on the number line are tail
    /// items read before the heading ends.)
    tail_seen: bool,
    body: Vec<Piece<'a>>,
    tail: Vec<Piece<'a>>,
    first: Option<Piece<'a>>,
    last: Option<Piece<'a>>,
    close: bool,
    /// The body length when a notes heading (`Notes`) was met: the lines
    /// after it are notes (docs/encoding.md §7.6).
    notes_from: Option<usize>,
    /// A label line (`Citation:`, `Source`) was just met: the next text line
    /// holding a citation gives it to the tail.
    cite_next: bool,
    /// Security markings (`Strictly secret.`) the parse read as matter of the
    /// heading: printed text of the document, so they open its text instead
    /// of being dropped as page matter.
    markings: Vec<Piece<'a>>,
}

impl<'a> Draft<'a> {
    fn touch(&mut self, p: Piece<'a>) {
        self.first.get_or_insert(p);
        self.last = Some(p);
    }
}

/// A run of page-matter lines.
struct Matter<'a> {
    first: Piece<'a>,
    last: Piece<'a>,
    pieces: Vec<Piece<'a>>,
}

/// The documents of a reading.
pub fn build<'a>(
    lines: &[Line<'a>],
    features: &[Features],
    reading: &Reading,
    conv: &Conventions,
) -> Segmented<'a> {
    let mut diagnostics = Vec::new();
    let mut drafts: Vec<Draft<'a>> = Vec::new();
    let mut current: Option<Draft<'a>> = None;
    let mut matter: Option<Matter<'a>> = None;
    let mut inner: Option<Matter<'a>> = None;
    let mut previous: Option<Part> = None;
    for (i, line) in lines.iter().enumerate() {
        let part = reading.parts[i];
        let piece = Piece::from_line(line);
        let (margin, other) = reading.runner_up[i];
        let close = margin < CLOSE_CALL && structural(part, other);
        if close {
            diagnostics.push(
                Diagnostic::advice(
                    codes::CLOSE_CALL,
                    piece.span(),
                    format!(
                        "line {} read as {}; as {} it scores {margin:.1} less",
                        piece.line,
                        part.name(),
                        other.name()
                    ),
                )
                .with_help("a close call of the layout model: check the line, or give the edition's conventions in a config"),
            );
        }
        if !matches!(part, Part::InnerMatter | Part::HeadMatter)
            && let Some(m) = inner.take()
        {
            report_matter(&mut diagnostics, &m, "inside a document");
        }
        let starts = match part {
            Part::Number => true,
            Part::Title => !matches!(
                previous,
                Some(Part::Number | Part::Title | Part::LeadDateline | Part::HeadMatter)
            ),
            Part::LeadDateline => true,
            Part::Body | Part::Dateline | Part::Tail | Part::HeadField => {
                current.is_none() || previous == Some(Part::Matter)
            }
            Part::Matter | Part::InnerMatter | Part::HeadMatter => false,
        };
        // A salutation opens a letter's text, never a document: after page
        // matter it continues the document above (the matter was inside it).
        let starts = if starts
            && part == Part::Body
            && previous == Some(Part::Matter)
            && features[i].salute
            && current.is_none()
            && !drafts.is_empty()
        {
            current = drafts.pop();
            if let Some(m) = matter.take() {
                report_matter(&mut diagnostics, &m, "inside a document");
            }
            false
        } else {
            starts
        };
        // The page's citation names the document it stands in: after a
        // heading with no title yet (a date line, the page's labels and
        // summary) it gives that document its title instead of starting
        // another, and the lines read as text before it are the page's
        // description of the document, not its text (docs/encoding.md §7.1
        // rule 24).
        let starts = if starts
            && part == Part::Title
            && features[i].cites_title.is_some()
            && let Some(d) = current.as_mut()
            && d.title.is_empty()
            && d.number.is_none()
            && !d.tail_seen
        {
            let mut record = None;
            for p in std::mem::take(&mut d.body) {
                push_matter(&mut record, p);
            }
            if let Some(m) = record {
                report_matter(&mut diagnostics, &m, "inside a document");
            }
            false
        } else {
            starts
        };
        if part == Part::Matter
            && is_omission(piece.text, conv)
            && let Some(d) = current.as_mut()
        {
            // `[...]` after a document's text is its omission, not page matter.
            d.touch(piece);
            d.body.push(piece);
            previous = Some(Part::Body);
            continue;
        }
        if part == Part::Matter {
            if let Some(d) = current.take() {
                drafts.push(d);
            }
            push_matter(&mut matter, piece);
            previous = Some(part);
            continue;
        }
        if starts {
            if let Some(d) = current.take() {
                drafts.push(d);
            }
            let mut shelfmarks = Vec::new();
            if let Some(m) = matter.take() {
                // File numbers just above the heading are the document's citation.
                let keep = m
                    .pieces
                    .iter()
                    .rev()
                    .take_while(|p| shelfmark_at(lines, features, p))
                    .count();
                let mut pieces = m.pieces;
                shelfmarks = pieces.split_off(pieces.len() - keep);
                if let (Some(first), Some(last)) = (pieces.first(), pieces.last()) {
                    let place = if drafts.is_empty() {
                        "before the first document"
                    } else {
                        "between documents"
                    };
                    let rest = Matter {
                        first: *first,
                        last: *last,
                        pieces: pieces.clone(),
                    };
                    report_matter(&mut diagnostics, &rest, place);
                }
            }
            current = Some(Draft {
                close,
                first: shelfmarks.first().copied(),
                tail: shelfmarks,
                ..Draft::default()
            });
        }
        let Some(d) = current.as_mut() else {
            previous = Some(part);
            continue;
        };
        d.touch(piece);
        let f = &features[i];
        match part {
            Part::Number => {
                if let Some(n) = &f.number {
                    d.number = Some(StatedNumber {
                        n: n.n.clone(),
                        span: Span::new(piece.start + n.start, piece.start + n.end),
                    });
                    if let Some(at) = n.citation_at {
                        d.tail.push(piece.slice(at, piece.text.len()));
                    }
                    // `[C 2000/458/62] No. 1.`: a print reference before the number.
                    let before = piece.slice(0, piece.text[..n.start].trim_end().len());
                    if find_citation(before.text, conv.config) == Some(0) {
                        d.tail.push(before);
                    }
                }
            }
            Part::Title => {
                let mut p = piece;
                if d.title.is_empty()
                    && let Some(n) = &f.number
                    && let Some(at) = n.title_at
                {
                    if d.number.is_none() {
                        d.number = Some(StatedNumber {
                            n: n.n.clone(),
                            span: Span::new(piece.start + n.start, piece.start + n.end),
                        });
                    }
                    p = piece.slice(at, piece.text.len());
                }
                if let Some(cited) = f.cites_title {
                    // `"Title," Date, Archive …`: the quoted title heads the
                    // document, the rest of the citation is its witness.
                    d.title.push(piece.slice(cited.title.0, cited.title.1));
                    d.tail.push(piece.slice(cited.rest, piece.text.len()));
                    previous = Some(part);
                    continue;
                }
                if d.title.is_empty()
                    && let Some(at) = f.title_from
                {
                    // A leading date is the document's dateline when it has none.
                    match f.leading_date {
                        Some(len) if d.dateline.is_none() => {
                            d.dateline = Some((piece.slice(0, len), Some(0)));
                        }
                        Some(len) => d.body.push(piece.slice(0, len)),
                        // The label `Title:` is reported with the page matter.
                        None => push_matter(
                            &mut inner,
                            piece.slice(0, piece.text[..at].trim_end().len()),
                        ),
                    }
                    p = piece.slice(at, piece.text.len());
                }
                d.title.push(p);
            }
            Part::Dateline | Part::LeadDateline => {
                // A label or salutation stays in the dateline as printed.
                let label = f.date_label.or(f.from_place).or(f.salute_dateline);
                if !d.body.is_empty() || d.tail_seen {
                    d.body.push(piece);
                } else if d.dateline.is_none() {
                    d.dateline = Some((piece, label));
                } else {
                    d.more_datelines.push((piece, label));
                }
            }
            Part::Body => match d
                .cite_next
                .then(|| find_citation(piece.text, conv.config))
                .flatten()
            {
                // `Citation:` / `“Title,” date, Archive, GAPPOD, f.1, op.89.`
                Some(at) => {
                    let before = piece.slice(0, piece.text[..at].trim_end().len());
                    if !before.text.is_empty() {
                        d.body.push(before);
                    }
                    d.tail.push(piece.slice(at, piece.text.len()));
                }
                None => d.body.push(piece),
            },
            Part::Tail => {
                d.tail_seen = true;
                d.tail.push(piece);
            }
            // A source field of the heading: the document's citation, and
            // the heading goes on.
            Part::HeadField => d.tail.push(piece),
            Part::InnerMatter | Part::HeadMatter if is_omission(piece.text, conv) => {
                // `[...]` alone on a line is the editor's omission, not page matter.
                d.body.push(piece);
            }
            Part::HeadMatter if f.marking => d.markings.push(piece),
            Part::InnerMatter if f.marking => d.body.push(piece),
            Part::InnerMatter | Part::HeadMatter => {
                if part == Part::InnerMatter && endnotes::is_heading(piece.text) {
                    d.notes_from.get_or_insert(d.body.len());
                }
                d.cite_next = is_citation_label(piece.text);
                push_matter(&mut inner, piece);
                previous = Some(part);
                continue;
            }
            Part::Matter => {}
        }
        d.cite_next = false;
        previous = Some(part);
    }
    if let Some(m) = inner.take() {
        report_matter(&mut diagnostics, &m, "inside a document");
    }
    if let Some(d) = current.take() {
        drafts.push(d);
    }
    let mut trailing = None;
    let mut trailing_pieces = Vec::new();
    if let Some(m) = matter.take() {
        if drafts.is_empty() {
            // Nothing but page matter: the whole source is one document.
            let first = m.first;
            diagnostics.push(
                Diagnostic::warning(
                    codes::NO_STRUCTURE,
                    first.span().join(m.last.span()),
                    "no number line, title or text found: the source is read as one document",
                )
                .with_help("give the edition's conventions (number lines, titles) in a config"),
            );
            drafts.push(Draft {
                body: m.pieces.clone(),
                first: Some(first),
                last: Some(m.last),
                ..Draft::default()
            });
        } else {
            trailing = Some((m.first, m.last));
            trailing_pieces = m.pieces;
        }
    }
    if drafts.len() == 1
        && drafts[0].number.is_none()
        && drafts[0].title.is_empty()
        && let Some(first) = drafts[0].first
    {
        diagnostics.push(
                Diagnostic::warning(
                    codes::NO_STRUCTURE,
                    first.span(),
                    "no number line or title found: the source is read as one document",
                )
                .with_help("a document starts with a number line or a title; give the edition's conventions in a config"),
            );
    }
    let documents = drafts
        .into_iter()
        .map(|d| finish(d, lines, conv, &mut diagnostics))
        .collect();
    Segmented {
        documents,
        trailing,
        trailing_pieces,
        diagnostics,
    }
}

/// `From: Kursk`: a dateline naming only the place of sending.
fn from_place(piece: Piece, at: usize) -> Option<DatelineMatch> {
    let range = super::features::from_place_at(piece.text)?;
    if range.start != at {
        return None;
    }
    let place = piece.slice(range.start, range.end);
    Some(DatelineMatch {
        start: 0,
        content: {
            let mut content = vec![place_name(place.text, place.span())];
            // The full stop of `From Pyongyang.` stays in the dateline.
            let rest = piece.slice(range.end, piece.text.len());
            if !rest.text.is_empty() {
                content.push(crate::model::Inline::text(rest.span(), rest.text));
            }
            content
        },
        diagnostics: Vec::new(),
    })
}

/// A line that only labels the citation on the next line (`Citation:`,
/// `Source`, `Архив:`).
fn is_citation_label(text: &str) -> bool {
    let label = text.trim_end_matches(':').trim().to_lowercase();
    matches!(
        label.as_str(),
        "citation" | "source" | "archive" | "архив" | "источник"
    )
}

/// The editor's omission mark alone on a line (`<…>`, `[...]`).
fn is_omission(text: &str, conv: &Conventions) -> bool {
    let conventions = &conv.config.conventions;
    text == conventions.omission || conventions.omission_forms.iter().any(|f| f == text)
}

/// The dateline of a line the parse read as one: after its label when it has
/// one (the label stays in the dateline as printed), else the whole line
/// (maybe after title markings, returned first).
fn read_dateline<'a>(
    piece: Piece<'a>,
    label: Option<usize>,
    conv: &Conventions,
) -> Option<(Option<Piece<'a>>, DatelineMatch)> {
    let Some(at) = label else {
        return dateline_alone(piece, conv);
    };
    let value = piece.slice(at, piece.text.len());
    let read =
        dateline_line(value.text, value.start, conv.config).or_else(|| from_place(piece, at));
    read.map(|mut m| {
        if at > 0 {
            let label = piece.slice(0, at);
            m.content.insert(0, Inline::text(label.span(), label.text));
        }
        (None, m)
    })
}

/// Whether `piece` is a line the features call a shelfmark.
fn shelfmark_at(lines: &[Line], features: &[Features], piece: &Piece) -> bool {
    lines
        .binary_search_by_key(&piece.line, |l| l.number)
        .is_ok_and(|i| features[i].shelfmark)
}

/// Whether choosing between two parts changes where documents start or what is encoded.
fn structural(a: Part, b: Part) -> bool {
    let key = |p: Part| matches!(p, Part::Number | Part::Title | Part::Matter);
    key(a) || key(b)
}

fn push_matter<'a>(run: &mut Option<Matter<'a>>, piece: Piece<'a>) {
    match run {
        Some(m) => {
            m.last = piece;
            m.pieces.push(piece);
        }
        None => {
            *run = Some(Matter {
                first: piece,
                last: piece,
                pieces: vec![piece],
            })
        }
    }
}

fn report_matter(diagnostics: &mut Vec<Diagnostic>, m: &Matter, place: &str) {
    let (code, what) = if place.starts_with("before") {
        (codes::LEADING_MATTER, "page matter")
    } else {
        (codes::PAGE_MATTER, "page matter")
    };
    let lines = if m.first.line == m.last.line {
        format!("line {}", m.first.line)
    } else {
        format!("lines {}–{}", m.first.line, m.last.line)
    };
    diagnostics.push(
        Diagnostic::warning(
            code,
            m.first.span().join(m.last.span()),
            format!("{lines} {place}: {what}, not part of the edition"),
        )
        .with_help("not encoded (site headings, navigation, counters, page numbers)"),
    );
}

fn finish<'a>(
    d: Draft<'a>,
    lines: &[Line],
    conv: &Conventions,
    diagnostics: &mut Vec<Diagnostic>,
) -> RawDocument<'a> {
    let first = d.first.unwrap_or(Piece {
        line: 1,
        start: 0,
        text: "",
    });
    let last = d.last.unwrap_or(first);
    let mut head = d.title.clone();
    // `Title. Date // ARCHIVE, f. 1, …`: a bibliographic ` // ` before the
    // title's source.
    let mut title_source = None;
    if let Some(last) = head.last().copied()
        && let Some(at) = last.text.find(" // ")
    {
        let rest = last.slice(at + 4, last.text.len());
        if find_citation(rest.text, conv.config) == Some(0)
            || find_publication(rest.text, conv.config) == Some(0)
        {
            *head.last_mut().expect("a head line") = last.slice(0, at);
            title_source = Some(rest);
        }
    }
    let mut markings = None;
    let mut dateline = None;
    let mut alone = false;
    let mut more_datelines = Vec::new();
    // Dateline lines that do not read open the text.
    let mut unread = Vec::new();
    if let Some((piece, label)) = d.dateline {
        match read_dateline(piece, label, conv) {
            Some((m, date)) => {
                markings = m;
                dateline = Some(date);
                alone = true;
            }
            None => unread.push(piece),
        }
    } else if let Some((i, (title, m, date))) = head
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, p)| title_with_dateline(*p, conv).map(|found| (i, found)))
    {
        // The date that ends a title line: the last line's, else an earlier
        // line's (`Постановление … от 15 марта 1931 г.` above a marking).
        head[i] = title;
        markings = m;
        dateline = Some(date);
    }
    // Later datelines of the heading stay datelines.
    for (piece, label) in d.more_datelines {
        match read_dateline(piece, label, conv) {
            Some((None, date)) if dateline.is_some() => more_datelines.push(date),
            Some((m, date)) if dateline.is_none() => {
                markings = m;
                dateline = Some(date);
                alone = true;
            }
            _ => unread.push(piece),
        }
    }
    // Notes and an archival legend among the text lines (§7.6).
    let indented = |p: &Piece| {
        lines
            .binary_search_by_key(&p.line, |l| l.number)
            .is_ok_and(|i| lines[i].indented && lines[i].start == p.start)
    };
    let split = endnotes::split_body(d.body, d.notes_from, &head, &indented, conv);
    let mut body = split.body;
    body.splice(0..0, d.markings.into_iter().chain(unread));
    if dateline.is_none()
        && let Some(p) = head.last()
    {
        diagnostics.push(
            Diagnostic::warning(codes::MISSING_DATELINE, p.span(), "title has no dateline")
                .with_help("the document has no opener; a dateline is \"Place, D Month YYYY\" at the end of the title or on the next line"),
        );
    }
    let title_span = match (head.first(), head.last()) {
        (Some(a), Some(b)) => a.span().join(b.span()),
        _ => Span::new(first.start, first.start),
    };
    let title_line = head.first().map_or(first.line, |p| p.line);
    // The tail line is the first holding a citation or publication; file
    // numbers and notes before it are tail items.
    let mut tail = d.tail;
    tail.extend(split.tail);
    tail.extend(title_source);
    let at = tail.iter().position(|p| {
        find_citation(p.text, conv.config).is_some()
            || find_publication(p.text, conv.config).is_some()
    });
    let tail_line = at.map(|i| tail.remove(i));
    let tail = tail.into_iter();
    RawDocument {
        number: d.number,
        title: Some(Title {
            consumed: head.len(),
            head,
            sub: None,
            markings,
            dateline,
            more_datelines,
            dateline_alone: alone,
        }),
        title_line,
        title_span,
        body,
        tail_line,
        tail_items: tail.collect(),
        strays: Vec::new(),
        notes: split.notes,
        fragment: false,
        span: first.span().join(last.span()),
        cert: d.close.then_some(Cert::Low),
    }
}

#[cfg(test)]
mod tests;
