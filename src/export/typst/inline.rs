//! Inline content of the model to typst markup: every editor's mark becomes a
//! call to its `teikit-…` function from the preamble, every footnote a typst
//! `footnote` at its anchor, every name a mention for the indexes.

use std::collections::BTreeMap;

use super::escape::{label, markup_into, string_literal};
use crate::diagnostic::Diagnostic;
use crate::export::footnotes::detached_footnotes;
use crate::model::{Inline, InlineKind, Note, NotePlace, plain_text};

/// Bounds recursion on pathological nesting; deeper content is written as plain text.
const MAX_DEPTH: usize = 64;

pub const UNPLACED_CODE: &str = "teikit::export::typst::unplaced-element";

/// State shared by the whole edition: generated labels, the places seen for the
/// index, the warnings.
#[derive(Default)]
pub struct EditionState {
    labels: usize,
    /// Place names as printed, by the key their mentions carry.
    pub places: BTreeMap<String, String>,
    pub diagnostics: Vec<Diagnostic>,
}

impl EditionState {
    fn next_label(&mut self, prefix: &str) -> String {
        self.labels += 1;
        label(prefix, self.labels)
    }
}

/// Writes the inline content of one document.
pub struct InlineWriter<'a, 's> {
    state: &'s mut EditionState,
    /// Div-level footnotes that stand away from their anchors (shared,
    /// unanchored), with the label of their footnote once written.
    detached: Vec<(&'a Note, Option<String>)>,
    /// Footnote marks held back from where they stand (a heading: the PDF
    /// outline and the contents would repeat the note's text).
    divert: bool,
    diverted: String,
}

impl<'a, 's> InlineWriter<'a, 's> {
    pub fn new(state: &'s mut EditionState, div_notes: &'a [Note]) -> Self {
        InlineWriter {
            state,
            detached: detached_footnotes(div_notes),
            divert: false,
            diverted: String::new(),
        }
    }

    pub fn state(&mut self) -> &mut EditionState {
        self.state
    }

    /// Writes content whose footnote marks go to [`Self::take_diverted`] instead.
    pub fn write_without_footnotes(&mut self, content: &[Inline]) -> String {
        self.divert = true;
        let out = self.write(content);
        self.divert = false;
        out
    }

    /// The footnote marks held back so far.
    pub fn take_diverted(&mut self) -> String {
        std::mem::take(&mut self.diverted)
    }

    /// Where a footnote mark goes: where it stands, or held back.
    fn footnote_out<'o>(&'o mut self, out: &'o mut String) -> &'o mut String {
        if self.divert { &mut self.diverted } else { out }
    }

    pub fn write(&mut self, content: &[Inline]) -> String {
        let mut out = String::new();
        self.push_seq(content, &mut out, 0);
        out
    }

    /// Footnotes of the document no anchor reached, as typst footnotes to be
    /// placed at the end of the document: never dropped.
    pub fn unreached_notes(&mut self) -> String {
        let mut out = String::new();
        for i in 0..self.detached.len() {
            if let Some((note, None)) = self.detached.get(i).map(|(n, l)| (*n, l.clone())) {
                let body = self.write_note_body(note, 0);
                out.push_str(&format!("#footnote[{body}]"));
                if let Some(slot) = self.detached.get_mut(i) {
                    slot.1 = Some(String::new());
                }
            }
        }
        out
    }

    fn push_seq(&mut self, content: &[Inline], out: &mut String, depth: usize) {
        if depth > MAX_DEPTH {
            markup_into(&plain_text(content), out);
            return;
        }
        for inline in content {
            self.push_inline(inline, out, depth);
        }
    }

    /// `#name[content]`.
    fn push_call(&mut self, name: &str, content: &[Inline], out: &mut String, depth: usize) {
        out.push('#');
        out.push_str(name);
        out.push('[');
        self.push_seq(content, out, depth + 1);
        out.push(']');
    }

    fn push_inline(&mut self, inline: &Inline, out: &mut String, depth: usize) {
        match &inline.kind {
            InlineKind::Text(s) | InlineKind::PubPlace(s) => markup_into(s, out),
            InlineKind::Gap => out.push_str("#teikit-gap()"),
            InlineKind::Supplied(c) => self.push_call("teikit-supplied", c, out, depth),
            InlineKind::Hi { rend, content } => {
                if rend == "underline" {
                    self.push_call("teikit-underline", content, out, depth);
                } else {
                    let name = format!("teikit-hi({})", string_literal(rend));
                    self.push_call(&name, content, out, depth);
                }
            }
            InlineKind::Anchor { n, id } => self.push_anchor(n, id, out, depth),
            InlineKind::Note(note) => self.push_note(note, out, depth),
            InlineKind::Choice { sic, corr } => {
                out.push_str(&format!("#teikit-corr({})[", string_literal(sic)));
                markup_into(corr, out);
                out.push(']');
            }
            InlineKind::Expan { abbr, ex } => out.push_str(&format!(
                "#teikit-expan({}, {})",
                string_literal(abbr),
                string_literal(ex)
            )),
            InlineKind::PersName { reference, content } => {
                self.push_seq(content, out, depth + 1);
                if let Some(r) = reference {
                    push_mention("person", r.trim_start_matches('#'), out);
                }
            }
            InlineKind::RoleName(c) | InlineKind::Signed(c) => self.push_seq(c, out, depth + 1),
            InlineKind::PlaceName(s) => {
                markup_into(s, out);
                let key = s.trim().to_string();
                if !key.is_empty() {
                    self.state.places.entry(key.clone()).or_insert(key.clone());
                    push_mention("place", &key, out);
                }
            }
            InlineKind::Date(d) => markup_into(&d.text, out),
            InlineKind::Idno { text, .. } | InlineKind::BiblScope { text, .. } => {
                markup_into(text, out)
            }
            InlineKind::Lb => out.push_str("#linebreak()"),
            InlineKind::PageBreak(n) => markup_into(&format!("[{n}]"), out),
            InlineKind::Title(s) => {
                out.push_str("#teikit-title[");
                markup_into(s, out);
                out.push(']');
            }
            InlineKind::Element(e) => {
                // No typst counterpart: its text is kept, the markup is not.
                self.state.diagnostics.push(unplaced(&e.name, e.span));
                out.push_str(&format!("#teikit-unknown({})[", string_literal(&e.name)));
                markup_into(&plain_text(&e.content), out);
                out.push(']');
            }
        }
    }

    /// A note in the text: a footnote at its anchor; a gloss or an inline
    /// editorial note in brackets where it stands.
    fn push_note(&mut self, note: &Note, out: &mut String, depth: usize) {
        if note.place == Some(NotePlace::Foot) {
            let body = self.write_note_body(note, depth + 1);
            self.footnote_out(out)
                .push_str(&format!("#footnote[{body}]"));
            return;
        }
        out.push_str("#teikit-gloss[");
        self.push_seq(&note.content, out, depth + 1);
        out.push(']');
    }

    fn write_note_body(&mut self, note: &Note, depth: usize) -> String {
        let mut body = String::new();
        self.push_seq(&note.content, &mut body, depth);
        body
    }

    /// An anchor: the first reference to a shared note writes the footnote, the
    /// later ones refer to it; an anchor whose note is missing shows its mark.
    fn push_anchor(&mut self, n: &str, id: &str, out: &mut String, depth: usize) {
        let owner = self
            .detached
            .iter()
            .position(|(note, _)| note.target.iter().any(|t| t.trim_start_matches('#') == id));
        let Some(i) = owner else {
            out.push_str(&format!("#teikit-anchor({})", string_literal(n)));
            return;
        };
        match self.detached.get(i).cloned() {
            Some((_, Some(existing))) if !existing.is_empty() => {
                self.footnote_out(out)
                    .push_str(&format!("#footnote({existing})"));
            }
            Some((note, _)) => {
                let body = self.write_note_body(note, depth + 1);
                let name = self.state.next_label("teikit-fn");
                self.footnote_out(out)
                    .push_str(&format!("#footnote[{body}]{name}"));
                if let Some(slot) = self.detached.get_mut(i) {
                    slot.1 = Some(name);
                }
            }
            None => {}
        }
    }
}

/// An invisible mention of a person or place, for the indexes.
fn push_mention(kind: &str, key: &str, out: &mut String) {
    out.push_str(&format!(
        "#teikit-index({}, {})",
        string_literal(kind),
        string_literal(key)
    ));
}

pub fn unplaced(name: &str, span: crate::model::Span) -> Diagnostic {
    Diagnostic::warning(
        UNPLACED_CODE,
        span,
        format!("the typst export has no layout for `{name}`; its text is kept as plain text"),
    )
    .with_help("the PDF shows the element's text without its markup")
}
