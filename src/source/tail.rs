//! Splits a document's tail into citation, publications, emphasis notes and
//! footnote texts (docs/encoding.md §2.1 rules 7, 9; §7.1 rules 16, 21).

use super::citation::{find_citation, find_publication};
use super::conventions::Conventions;
use super::endnotes;
use super::notes::{Footnote, footnote_mark};
use super::title::Piece;
use crate::model::Span;

/// The compiler's emphasis note, e.g. `(Emphasis added – Y.B.)`.
#[derive(Debug, Clone)]
pub struct EmphasisNote {
    /// The whole note as printed, parentheses and a final period included.
    pub span: Span,
    pub text_span: Span,
    pub text: String,
    pub parenthesized: bool,
    pub full_stop: bool,
}

#[derive(Debug, Default)]
pub struct Tail<'a> {
    /// Citation blocks (without parentheses) and whether they stood in parentheses.
    pub citations: Vec<(Piece<'a>, bool)>,
    pub publications: Vec<Piece<'a>>,
    pub emphasis: Vec<EmphasisNote>,
    pub footnotes: Vec<Footnote>,
    /// Back-links (`↩`) dropped from footnote texts, with the space before them.
    pub back_links: Vec<Span>,
}

/// Trims trailing spaces off a piece.
fn trim_end(p: Piece) -> Piece {
    p.slice(0, p.text.trim_end().len())
}

impl<'a> Tail<'a> {
    /// Reads one tail piece: the tail part of the tail line, or a tail item line.
    pub fn read(&mut self, piece: Piece<'a>, conv: &Conventions) {
        let config = conv.config;
        let mut rest = piece;
        // Footnote texts run from the first footnote mark to the end.
        if let Some(at) = footnote_start(rest.text, conv) {
            self.footnotes_from(rest.slice(at, rest.text.len()), conv);
            rest = trim_end(rest.slice(0, at));
        } else if let Some((n, offset)) = footnote_mark(rest.text, config.digit_anchors()) {
            let text = rest.slice(offset, rest.text.len());
            self.push_footnote(n, rest.span(), text, conv);
            return;
        }
        if let Some(note) = self.emphasis_at_end(rest, conv) {
            let start = note.span.start - rest.start;
            self.emphasis.push(note);
            rest = trim_end(rest.slice(0, start));
        }
        if rest.text.is_empty() {
            return;
        }
        let publication = find_publication(rest.text, config);
        let citation = find_citation(rest.text, config).map(|c| {
            if rest.text[..c].ends_with('(') {
                c - 1
            } else {
                c
            }
        });
        match (citation, publication) {
            (Some(c), Some(p)) if c < p => {
                self.citation(trim_end(rest.slice(c, p)));
                self.publications.push(rest.slice(p, rest.text.len()));
            }
            (_, Some(p)) => self.publications.push(rest.slice(p, rest.text.len())),
            (Some(c), None) => self.citation(rest.slice(c, rest.text.len())),
            (None, None) => self.citation(rest),
        }
    }

    fn citation(&mut self, piece: Piece<'a>) {
        let t = piece.text;
        if t.starts_with('(') && t.ends_with(')') && t.len() >= 2 {
            self.citations.push((piece.slice(1, t.len() - 1), true));
        } else {
            self.citations.push((piece, false));
        }
    }

    /// The last emphasis note of `piece`, if it ends the piece (maybe with a period).
    fn emphasis_at_end(&self, piece: Piece, conv: &Conventions) -> Option<EmphasisNote> {
        let text = piece.text;
        let (body, full_stop) = match text.strip_suffix(").") {
            Some(b) => (&text[..b.len() + 1], true),
            None => (text, false),
        };
        conv.emphasis_notes.iter().find_map(|p| {
            let m = p.find_all(body).into_iter().last()?;
            if m.end != body.len() || (m.start > 0 && !body[..m.start].ends_with(' ')) {
                return None;
            }
            let matched = &body[m.start..m.end];
            let parenthesized = matched.starts_with('(') && matched.ends_with(')');
            let (ts, te) = if parenthesized {
                (m.start + 1, m.end - 1)
            } else {
                (m.start, m.end)
            };
            let end = if full_stop { m.end + 1 } else { m.end };
            Some(EmphasisNote {
                span: Span::new(piece.start + m.start, piece.start + end),
                text_span: Span::new(piece.start + ts, piece.start + te),
                text: body[ts..te].to_string(),
                parenthesized,
                full_stop,
            })
        })
    }

    /// Splits `*A … **B …` into footnotes.
    fn footnotes_from(&mut self, piece: Piece<'a>, conv: &Conventions) {
        let text = piece.text;
        let mut starts: Vec<usize> = vec![0];
        for (i, _) in text.match_indices(" *") {
            let mark_end =
                i + 1 + text[i + 1..].len() - text[i + 1..].trim_start_matches('*').len();
            if text[mark_end..].starts_with(|c: char| !c.is_whitespace())
                && !starts.contains(&(i + 1))
            {
                starts.push(i + 1);
            }
        }
        for (k, &s) in starts.iter().enumerate() {
            let e = starts.get(k + 1).map_or(text.len(), |n| n - 1);
            let one = piece.slice(s, e);
            let stars = one.text.len() - one.text.trim_start_matches('*').len();
            let n = &one.text[..stars];
            self.push_footnote(n, one.span(), one.slice(stars, one.text.len()), conv);
        }
    }

    /// Reads one line of a notes list or section (docs/encoding.md §7.6): a
    /// line opening with a mark starts a note, any other continues the note
    /// before it (a note of several paragraphs).
    pub fn read_note(&mut self, piece: Piece<'a>, conv: &Conventions) {
        match endnotes::mark(piece.text) {
            Some(m) => {
                let text = piece.slice(m.text_at, piece.text.len());
                self.push_footnote(m.n, piece.span(), text, conv);
            }
            None => match self.footnotes.last_mut() {
                Some(last) => {
                    last.span = last.span.join(piece.span());
                    last.text_span = last.text_span.join(piece.span());
                    last.text.push('\n');
                    last.text.push_str(piece.text);
                }
                None => self.push_footnote("", piece.span(), piece, conv),
            },
        }
    }

    fn push_footnote(&mut self, n: &str, span: Span, text: Piece<'a>, conv: &Conventions) {
        let mut text = trim_end(text);
        for link in &conv.config.conventions.back_links {
            let stripped = text.text.trim_end_matches(['\u{FE0E}', '\u{FE0F}']);
            if let Some(before) = stripped.strip_suffix(link.as_str()) {
                let keep = before.trim_end().len();
                self.back_links
                    .push(Span::new(text.start + keep, text.end()));
                text = text.slice(0, keep);
                break;
            }
        }
        self.footnotes.push(Footnote {
            n: n.to_string(),
            span: Span::new(span.start, text.end()),
            text_span: text.span(),
            text: text.text.to_string(),
        });
    }
}

/// Offset of the first asterisk footnote mark at a word start.
fn footnote_start(text: &str, conv: &Conventions) -> Option<usize> {
    if !conv.config.asterisk_anchors() {
        return None;
    }
    text.char_indices()
        .find(|&(i, c)| c == '*' && (i == 0 || text[..i].ends_with(' ')))
        .map(|(i, _)| i)
}
