//! Inline content of the model to HTML fragments, every editorial mark given a
//! class, an explanation on hover and, for footnotes, a numbered link both ways.
//!
//! These fragments are the only HTML teikit builds outside its templates, so every
//! piece of text from the model goes through [`escape_into`] here; the templates
//! insert the finished fragments unescaped (`|safe`) and escape everything else.

use std::collections::BTreeSet;

use crate::export::generic::{self, Display};
use crate::model::{
    DateValue, Element, Header, Inline, InlineKind, Note, NoteKind, NotePlace, plain_text,
};

/// What each mark is called on hover and in the legend; one source for both.
pub mod explain {
    pub const GAP: &str = "Omission by the editor";
    pub const SUPPLIED: &str = "Supplied by the editor";
    pub const UNDERLINE: &str = "Underlined in the original";
    pub const ELLIPSIS: &str = "Ellipsis in the original";
    pub const CORR: &str = "Corrected by the editor; the original reads:";
    pub const EXPANSION: &str = "Abbreviation expanded by the editor";
    pub const GLOSS: &str = "Explanation by the editor";
    pub const EMPHASIS: &str = "Note by the editor: the emphasis in this document was added by the editor; the emphasised words are not marked in this edition";
    pub const ANCHOR: &str = "Note anchor of the original; the note is missing";
    pub const HIGHLIGHT: &str = "Highlighted in the original";
    pub const ALTERNATIVE: &str = "Another form or reading given by the TEI";
    pub const GAP_DESCRIBED: &str = "Left out or not legible in the original";
}

/// Writes `s` with the five HTML-significant characters escaped; safe in text
/// and in double- or single-quoted attribute values.
pub fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(s, &mut out);
    out
}

/// An id usable in `id` and `href="#…"`: model ids are kept, any character
/// outside letters, digits, `-`, `_` and `.` becomes `_`.
pub fn html_id(raw: &str) -> String {
    let id: String = raw
        .trim_start_matches('#')
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if id.is_empty() { "x".to_string() } else { id }
}

/// A footnote of one document, numbered in reading order.
#[derive(Debug, Clone)]
pub struct Footnote {
    pub number: usize,
    pub id: String,
    pub kind: NoteKind,
    /// The anchor as printed in the source (`*`, `1`).
    pub printed: Option<String>,
    pub html: String,
    /// Ids of the references in the text that point here, in reading order.
    pub refs: Vec<String>,
}

/// Where links to the indexes go: another page, or a section of the same page.
#[derive(Debug, Clone)]
pub struct Links {
    /// Prefix of a person's index entry: `persons.html#` or `#`.
    pub person: String,
}

/// Renders the inline content of one document and collects its footnotes.
pub struct InlineRenderer<'a> {
    header: &'a Header,
    links: &'a Links,
    doc_id: String,
    /// Div-level notes that stand away from their anchors (shared, unanchored),
    /// with the index of their footnote once numbered.
    detached: Vec<(&'a Note, Option<usize>)>,
    footnotes: Vec<Footnote>,
    /// Ids already on the page; every id this renderer writes is new.
    used: BTreeSet<String>,
}

/// Bounds recursion on pathological nesting; deeper content is written as plain text.
const MAX_DEPTH: usize = 64;

impl<'a> InlineRenderer<'a> {
    /// `used` holds the ids the page has besides this document's marks.
    pub fn new(
        header: &'a Header,
        links: &'a Links,
        doc_id: &str,
        div_notes: &'a [Note],
        used: BTreeSet<String>,
    ) -> Self {
        let detached = div_notes
            .iter()
            .filter(|n| n.place == Some(NotePlace::Foot))
            .map(|n| (n, None))
            .collect();
        InlineRenderer {
            header,
            links,
            doc_id: html_id(doc_id),
            detached,
            footnotes: Vec::new(),
            used,
        }
    }

    /// Renders content to an HTML fragment.
    pub fn render(&mut self, content: &[Inline]) -> String {
        let mut out = String::new();
        self.push_seq(content, &mut out, 0);
        out
    }

    /// Numbers the div-level footnotes no anchor reached, then hands over all
    /// footnotes in number order and the ids now on the page.
    pub fn finish(mut self) -> (Vec<Footnote>, BTreeSet<String>) {
        for i in 0..self.detached.len() {
            if self.detached.get(i).is_some_and(|(_, done)| done.is_none()) {
                self.number_detached(i);
            }
        }
        (self.footnotes, self.used)
    }

    /// `base`, or `base-2`, `base-3`… if the page already has it: a malformed
    /// edition with repeated ids still gets links that go to one place.
    fn claim(&mut self, base: String) -> String {
        let mut id = base.clone();
        let mut k = 2;
        while self.used.contains(&id) {
            id = format!("{base}-{k}");
            k += 1;
        }
        self.used.insert(id.clone());
        id
    }

    fn push_seq(&mut self, content: &[Inline], out: &mut String, depth: usize) {
        if depth > MAX_DEPTH {
            escape_into(&flat_text(content), out);
            return;
        }
        for (i, inline) in content.iter().enumerate() {
            let next = content.get(i + 1).map(|n| &n.kind);
            match (&inline.kind, next) {
                // An ellipsis followed by a textual note is the original's ellipsis.
                (InlineKind::Text(s), Some(InlineKind::Note(note)))
                    if note.kind == NoteKind::Textual && s.ends_with('…') =>
                {
                    escape_into(s.trim_end_matches('…'), out);
                    out.push_str(&format!(
                        "<span class=\"mark mark-ellipsis\" title=\"{}\">…</span>",
                        escape(explain::ELLIPSIS)
                    ));
                }
                (kind, _) => self.push_inline(kind, out, depth),
            }
        }
    }

    fn push_wrapped(
        &mut self,
        open: &str,
        content: &[Inline],
        close: &str,
        out: &mut String,
        depth: usize,
    ) {
        out.push_str(open);
        self.push_seq(content, out, depth + 1);
        out.push_str(close);
    }

    fn push_inline(&mut self, kind: &InlineKind, out: &mut String, depth: usize) {
        match kind {
            InlineKind::Text(s) => escape_into(s, out),
            InlineKind::Gap => out.push_str(&format!(
                "<span class=\"mark mark-gap\" title=\"{}\">&lt;…&gt;</span>",
                escape(explain::GAP)
            )),
            InlineKind::Supplied(c) => {
                let open = format!(
                    "<span class=\"mark mark-supplied\" title=\"{}\">[",
                    escape(explain::SUPPLIED)
                );
                self.push_wrapped(&open, c, "]</span>", out, depth);
            }
            InlineKind::Hi { rend, content } => {
                let open = if rend == "underline" {
                    format!(
                        "<span class=\"mark mark-underline\" title=\"{}\">",
                        escape(explain::UNDERLINE)
                    )
                } else {
                    format!(
                        "<span class=\"mark mark-hi\" title=\"{} ({})\">",
                        escape(explain::HIGHLIGHT),
                        escape(rend)
                    )
                };
                self.push_wrapped(&open, content, "</span>", out, depth);
            }
            InlineKind::Anchor { n, id } => self.push_anchor(n, id, out),
            InlineKind::Note(note) => self.push_note(note, out, depth),
            InlineKind::Choice { sic, corr } => out.push_str(&format!(
                "<span class=\"mark mark-corr\" title=\"{} {}\">{}</span>",
                escape(explain::CORR),
                escape(sic),
                escape(corr)
            )),
            InlineKind::Expan { abbr, ex } => out.push_str(&format!(
                "<span class=\"expan\">{}<span class=\"mark mark-ex\" title=\"{}\">[{}]</span></span>",
                escape(abbr),
                escape(explain::EXPANSION),
                escape(ex)
            )),
            InlineKind::PersName { reference, content } => {
                let open = match reference.as_deref().and_then(|r| self.person_link(r)) {
                    Some(href) => format!("<a class=\"persname\" href=\"{}\">", escape(&href)),
                    None => "<span class=\"persname\">".to_string(),
                };
                let close = if open.starts_with("<a") { "</a>" } else { "</span>" };
                self.push_wrapped(&open, content, close, out, depth);
            }
            InlineKind::RoleName(c) => {
                self.push_wrapped("<span class=\"rolename\">", c, "</span>", out, depth)
            }
            InlineKind::PlaceName(s) => {
                out.push_str("<span class=\"placename\">");
                escape_into(s, out);
                out.push_str("</span>");
            }
            InlineKind::Date(d) => push_date(d, out),
            InlineKind::Idno { kind, text } => {
                out.push_str(&format!("<span class=\"idno idno-{}\">", html_id(kind)));
                escape_into(text, out);
                out.push_str("</span>");
            }
            InlineKind::Signed(c) => {
                self.push_wrapped("<span class=\"signed\">", c, "</span>", out, depth)
            }
            InlineKind::Lb => out.push_str("<br>"),
            InlineKind::PageBreak(n) => {
                out.push_str("<span class=\"pb\">[");
                escape_into(n, out);
                out.push_str("]</span>");
            }
            InlineKind::Title(s) => {
                out.push_str("<cite>");
                escape_into(s, out);
                out.push_str("</cite>");
            }
            InlineKind::PubPlace(s) => {
                out.push_str("<span class=\"pubplace\">");
                escape_into(s, out);
                out.push_str("</span>");
            }
            InlineKind::BiblScope { text, .. } => {
                out.push_str("<span class=\"biblscope\">");
                escape_into(text, out);
                out.push_str("</span>");
            }
            InlineKind::Element(e) => self.push_element(e, out, depth),
        }
    }

    /// Markup kept as read: both sides of a `choice` and an `app`'s readings
    /// with their witnesses shown (the first plainly, the others in
    /// brackets), a `gap` with its description; anything else as a `span`.
    fn push_element(&mut self, e: &Element, out: &mut String, depth: usize) {
        let open = format!("<span class=\"tei tei-{}\">", html_id(&e.name));
        match generic::display(e) {
            Display::Alternatives(parts) => {
                out.push_str(&open);
                for (i, part) in parts.iter().enumerate() {
                    if i == 0 {
                        self.push_seq(part.content, out, depth + 1);
                        if let Some(label) = &part.label {
                            out.push_str(&format!(
                                " <span class=\"wit\">({})</span>",
                                escape(label)
                            ));
                        }
                        continue;
                    }
                    let label = part.label.as_deref().map(|l| format!("{}: ", escape(l)));
                    let open = format!(
                        " <span class=\"mark mark-alt\" title=\"{}\">[{}",
                        escape(explain::ALTERNATIVE),
                        label.unwrap_or_default()
                    );
                    self.push_wrapped(&open, part.content, "]</span>", out, depth + 1);
                }
                out.push_str("</span>");
            }
            Display::Described(desc) => {
                let open = format!(
                    "<span class=\"mark mark-gap\" title=\"{}\">[",
                    escape(explain::GAP_DESCRIBED)
                );
                self.push_wrapped(&open, desc, "]</span>", out, depth);
            }
            Display::Omission => out.push_str(&format!(
                "<span class=\"mark mark-gap\" title=\"{}\">&lt;…&gt;</span>",
                escape(explain::GAP_DESCRIBED)
            )),
            _ => self.push_wrapped(&open, &e.content, "</span>", out, depth),
        }
    }

    fn person_link(&self, reference: &str) -> Option<String> {
        let id = reference.trim_start_matches('#');
        self.header
            .persons
            .iter()
            .any(|p| p.id == id)
            .then(|| format!("{}{}", self.links.person, person_anchor(id)))
    }

    /// A note inside the text: a footnote gets a numbered reference, anything
    /// else (a gloss, an inline editorial note) stands where it is.
    fn push_note(&mut self, note: &Note, out: &mut String, depth: usize) {
        if note.place == Some(NotePlace::Foot) {
            let id = self.note_id();
            let ref_id = self.claim(format!("{id}-ref"));
            let number = self.push_footnote(note, id.clone(), ref_id.clone(), depth);
            push_note_ref(&id, &ref_id, number, note, out);
            return;
        }
        let (class, title) = match note.kind {
            NoteKind::Gloss => ("mark-gloss", explain::GLOSS),
            _ => ("mark-note", "Note by the editor"),
        };
        out.push_str(&format!(
            "<span class=\"mark {class}\" title=\"{}\">[",
            escape(title)
        ));
        self.push_seq(&note.content, out, depth + 1);
        out.push_str("]</span>");
    }

    /// Registers a footnote (its number first, so notes nested in it come after).
    fn push_footnote(&mut self, note: &Note, id: String, ref_id: String, depth: usize) -> usize {
        let number = self.footnotes.len() + 1;
        self.footnotes.push(Footnote {
            number,
            id,
            kind: note.kind,
            printed: note.n.clone(),
            html: String::new(),
            refs: vec![ref_id],
        });
        let mut html = String::new();
        self.push_seq(&note.content, &mut html, depth + 1);
        if let Some(f) = self.footnotes.get_mut(number - 1) {
            f.html = html;
        }
        number
    }

    /// An anchor: a reference to the shared note that targets it, or a mark
    /// saying the note is missing.
    fn push_anchor(&mut self, n: &str, id: &str, out: &mut String) {
        let anchor_id = self.claim(html_id(id));
        let owner = self
            .detached
            .iter()
            .position(|(note, _)| note.target.iter().any(|t| t.trim_start_matches('#') == id));
        let Some(i) = owner else {
            out.push_str(&format!(
                "<sup class=\"mark mark-anchor\" id=\"{anchor_id}\" title=\"{}\">",
                escape(explain::ANCHOR)
            ));
            escape_into(n, out);
            out.push_str("</sup>");
            return;
        };
        let index = match self.detached.get(i).and_then(|(_, done)| *done) {
            Some(index) => index,
            None => self.number_detached(i),
        };
        let Some(note) = self.detached.get(i).map(|(note, _)| *note) else {
            return;
        };
        let Some(footnote) = self.footnotes.get_mut(index) else {
            return;
        };
        footnote.refs.push(anchor_id.clone());
        let (note_id, number) = (footnote.id.clone(), footnote.number);
        push_note_ref(&note_id, &anchor_id, number, note, out);
    }

    /// Numbers the i-th detached note; returns its index among the footnotes.
    fn number_detached(&mut self, i: usize) -> usize {
        let Some(note) = self.detached.get(i).map(|(note, _)| *note) else {
            return 0;
        };
        let id = self.note_id();
        let number = self.push_footnote(note, id, String::new(), 0);
        // A detached note has no reference of its own: only its anchors refer to it.
        if let Some(f) = self.footnotes.get_mut(number - 1) {
            f.refs.clear();
        }
        if let Some(slot) = self.detached.get_mut(i) {
            slot.1 = Some(number - 1);
        }
        number - 1
    }

    /// The stable id of the next footnote: `d562-n1` for the document's first,
    /// whatever the TEI calls it, so links to notes survive re-encoding.
    fn note_id(&mut self) -> String {
        let id = format!("{}-n{}", self.doc_id, self.footnotes.len() + 1);
        self.claim(id)
    }
}

/// The text of content nested too deep to render as marks, gathered without
/// recursion (the text a reader sees, as [`plain_text`] gives it).
fn flat_text(content: &[Inline]) -> String {
    let mut out = String::new();
    let mut stack: Vec<&Inline> = content.iter().rev().collect();
    while let Some(inline) = stack.pop() {
        let children: &[Inline] = match &inline.kind {
            InlineKind::Supplied(c)
            | InlineKind::RoleName(c)
            | InlineKind::Signed(c)
            | InlineKind::Hi { content: c, .. }
            | InlineKind::PersName { content: c, .. } => c,
            InlineKind::Element(e) => &e.content,
            _ => {
                out.push_str(&plain_text(std::slice::from_ref(inline)));
                continue;
            }
        };
        stack.extend(children.iter().rev());
    }
    out
}

/// The anchor id of a person in the persons index.
pub fn person_anchor(id: &str) -> String {
    format!("person-{}", html_id(id))
}

fn push_note_ref(note_id: &str, ref_id: &str, number: usize, note: &Note, out: &mut String) {
    out.push_str(&format!(
        "<sup class=\"fn-ref fn-{}\"><a id=\"{ref_id}\" href=\"#{note_id}\" role=\"doc-noteref\" title=\"Note {number}: ",
        note.kind.as_str()
    ));
    escape_into(flat_text(&note.content).trim(), out);
    out.push_str(&format!("\">{number}</a></sup>"));
}

/// A date as `<time>` when it has a machine-readable value, its bounds on hover.
fn push_date(d: &DateValue, out: &mut String) {
    let when = d.when.as_deref().filter(|w| is_html_datetime(w));
    let bounds = match (&d.not_before, &d.not_after) {
        (Some(a), Some(b)) => Some(format!("between {a} and {b}")),
        (Some(a), None) => Some(format!("not before {a}")),
        (None, Some(b)) => Some(format!("not after {b}")),
        (None, None) => None,
    };
    match when {
        Some(w) => out.push_str(&format!("<time class=\"date\" datetime=\"{}\"", escape(w))),
        None => out.push_str("<span class=\"date\""),
    }
    if let Some(b) = bounds {
        out.push_str(&format!(" title=\"Date {}\"", escape(&b)));
    }
    out.push('>');
    escape_into(&d.text, out);
    out.push_str(if when.is_some() { "</time>" } else { "</span>" });
}

/// The ISO forms the model writes (`1920`, `1920-10`, `1920-10-05`,
/// `1920-10-05T22:15:00`) are valid HTML datetime values; anything else is not used.
fn is_html_datetime(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | ':' | 'T'))
        && s.chars().next().is_some_and(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn text(s: &str) -> Inline {
        Inline::text(Span::default(), s)
    }

    #[test]
    fn escapes_text_everywhere() {
        let header = Header::default();
        let links = Links { person: "#".into() };
        let mut r = InlineRenderer::new(&header, &links, "d1", &[], BTreeSet::new());
        let html = r.render(&[
            text("<script>&\"'"),
            Inline::new(
                Span::default(),
                InlineKind::Choice {
                    sic: "\"><b>".into(),
                    corr: "<i>".into(),
                },
            ),
        ]);
        assert!(!html.contains("<script>"));
        assert!(!html.contains("<b>"));
        assert!(!html.contains("<i>"));
        assert!(html.contains("&lt;script&gt;&amp;&quot;&#39;"));
    }

    #[test]
    fn html_id_keeps_model_ids_and_replaces_the_rest() {
        assert_eq!(html_id("d560-fn1-a2"), "d560-fn1-a2");
        assert_eq!(html_id("#a b\"c"), "a_b_c");
        assert_eq!(html_id(""), "x");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut inline = text("deep");
        for _ in 0..2_000 {
            inline = Inline::new(Span::default(), InlineKind::Supplied(vec![inline]));
        }
        let header = Header::default();
        let links = Links { person: "#".into() };
        let mut r = InlineRenderer::new(&header, &links, "d1", &[], BTreeSet::new());
        assert!(r.render(&[inline]).contains("deep"));
    }
}
