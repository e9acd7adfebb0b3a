//! Inline content of the model to HTML fragments, every editorial mark given a
//! class, an explanation on hover and, for footnotes, a numbered link both ways.
//!
//! The fragments are written with [`Html`], which escapes every text from the
//! model and takes markup only from this source; the templates insert the
//! finished fragments unescaped (`|safe`) and escape everything else.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::markup::Html;

use crate::export::footnotes::detached_footnotes;
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

/// The ids on a page: those every page of the site has (`shared`, made
/// once for all pages), and the page's own.
#[derive(Debug, Default)]
pub struct PageIds {
    pub shared: Option<Arc<BTreeSet<String>>>,
    pub own: BTreeSet<String>,
}

impl PageIds {
    pub fn contains(&self, id: &str) -> bool {
        self.own.contains(id) || self.shared.as_ref().is_some_and(|s| s.contains(id))
    }

    pub fn insert(&mut self, id: String) {
        self.own.insert(id);
    }
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
    used: PageIds,
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
        used: PageIds,
    ) -> Self {
        InlineRenderer {
            header,
            links,
            doc_id: html_id(doc_id),
            detached: detached_footnotes(div_notes),
            footnotes: Vec::new(),
            used,
        }
    }

    /// Renders content to an HTML fragment.
    pub fn render(&mut self, content: &[Inline]) -> String {
        let mut out = Html::new();
        self.push_seq(content, &mut out, 0);
        out.into_string()
    }

    /// Numbers the div-level footnotes no anchor reached, then hands over all
    /// footnotes in number order and the ids now on the page.
    pub fn finish(mut self) -> (Vec<Footnote>, PageIds) {
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

    fn push_seq(&mut self, content: &[Inline], out: &mut Html, depth: usize) {
        if depth > MAX_DEPTH {
            out.text(&flat_text(content));
            return;
        }
        for (i, inline) in content.iter().enumerate() {
            let next = content.get(i + 1).map(|n| &n.kind);
            match (&inline.kind, next) {
                // An ellipsis followed by a textual note is the original's ellipsis.
                (InlineKind::Text(s), Some(InlineKind::Note(note)))
                    if note.kind == NoteKind::Textual && s.ends_with('…') =>
                {
                    out.text(s.trim_end_matches('…'))
                        .start(
                            "span",
                            &[
                                ("class", "mark mark-ellipsis"),
                                ("title", explain::ELLIPSIS),
                            ],
                        )
                        .markup("…</span>");
                }
                (kind, _) => self.push_inline(kind, out, depth),
            }
        }
    }

    /// Content the editor marks in square brackets: a span of this class
    /// whose title explains the mark.
    fn push_bracketed(
        &mut self,
        class: &'static str,
        title: &str,
        content: &[Inline],
        out: &mut Html,
        depth: usize,
    ) {
        let mut open = opening("span", &[("class", class), ("title", title)]);
        open.markup("[");
        self.push_wrapped(&open, content, "]</span>", out, depth);
    }

    /// `content` between `open` (markup built by the caller) and `close`.
    fn push_wrapped(
        &mut self,
        open: &Html,
        content: &[Inline],
        close: &'static str,
        out: &mut Html,
        depth: usize,
    ) {
        out.fragment(open);
        self.push_seq(content, out, depth + 1);
        out.markup(close);
    }

    fn push_inline(&mut self, kind: &InlineKind, out: &mut Html, depth: usize) {
        match kind {
            InlineKind::Text(s) => {
                out.text(s);
            }
            InlineKind::Gap => {
                out.start(
                    "span",
                    &[("class", "mark mark-gap"), ("title", explain::GAP)],
                )
                .markup("&lt;…&gt;</span>");
            }
            InlineKind::Supplied(c) => {
                self.push_bracketed("mark mark-supplied", explain::SUPPLIED, c, out, depth);
            }
            InlineKind::Hi { rend, content } => {
                let open = if rend == "underline" {
                    opening(
                        "span",
                        &[
                            ("class", "mark mark-underline"),
                            ("title", explain::UNDERLINE),
                        ],
                    )
                } else {
                    let title = format!("{} ({rend})", explain::HIGHLIGHT);
                    opening("span", &[("class", "mark mark-hi"), ("title", &title)])
                };
                self.push_wrapped(&open, content, "</span>", out, depth);
            }
            InlineKind::Anchor { n, id } => self.push_anchor(n, id, out),
            InlineKind::Note(note) => self.push_note(note, out, depth),
            InlineKind::Choice { sic, corr } => {
                let title = format!("{} {sic}", explain::CORR);
                out.start("span", &[("class", "mark mark-corr"), ("title", &title)])
                    .text(corr)
                    .markup("</span>");
            }
            InlineKind::Expan { abbr, ex } => {
                out.start("span", &[("class", "expan")])
                    .text(abbr)
                    .start(
                        "span",
                        &[("class", "mark mark-ex"), ("title", explain::EXPANSION)],
                    )
                    .markup("[")
                    .text(ex)
                    .markup("]</span></span>");
            }
            InlineKind::PersName { reference, content } => {
                match reference.as_deref().and_then(|r| self.person_link(r)) {
                    Some(href) => {
                        let open = opening("a", &[("class", "persname"), ("href", &href)]);
                        self.push_wrapped(&open, content, "</a>", out, depth);
                    }
                    None => {
                        let open = opening("span", &[("class", "persname")]);
                        self.push_wrapped(&open, content, "</span>", out, depth);
                    }
                }
            }
            InlineKind::RoleName(c) => {
                let open = opening("span", &[("class", "rolename")]);
                self.push_wrapped(&open, c, "</span>", out, depth)
            }
            InlineKind::PlaceName(s) => {
                out.start("span", &[("class", "placename")])
                    .text(s)
                    .markup("</span>");
            }
            InlineKind::Date(d) => push_date(d, out),
            InlineKind::Idno { kind, text } => {
                let class = format!("idno idno-{}", html_id(kind));
                out.start("span", &[("class", &class)])
                    .text(text)
                    .markup("</span>");
            }
            InlineKind::Signed(c) => {
                let open = opening("span", &[("class", "signed")]);
                self.push_wrapped(&open, c, "</span>", out, depth)
            }
            InlineKind::Lb => {
                out.markup("<br>");
            }
            InlineKind::PageBreak(n) => {
                out.start("span", &[("class", "pb")])
                    .markup("[")
                    .text(n)
                    .markup("]</span>");
            }
            InlineKind::Title(s) => {
                out.markup("<cite>").text(s).markup("</cite>");
            }
            InlineKind::PubPlace(s) => {
                out.start("span", &[("class", "pubplace")])
                    .text(s)
                    .markup("</span>");
            }
            InlineKind::BiblScope { text, .. } => {
                out.start("span", &[("class", "biblscope")])
                    .text(text)
                    .markup("</span>");
            }
            InlineKind::Element(e) => self.push_element(e, out, depth),
        }
    }

    /// Markup kept as read: both sides of a `choice` and an `app`'s readings
    /// with their witnesses shown (the first plainly, the others in
    /// brackets), a `gap` with its description; anything else as a `span`.
    fn push_element(&mut self, e: &Element, out: &mut Html, depth: usize) {
        let class = format!("tei tei-{}", html_id(&e.name));
        let open = opening("span", &[("class", &class)]);
        match generic::display(e) {
            Display::Alternatives(parts) => {
                out.fragment(&open);
                for (i, part) in parts.iter().enumerate() {
                    if i == 0 {
                        self.push_seq(part.content, out, depth + 1);
                        if let Some(label) = &part.label {
                            out.markup(" ")
                                .start("span", &[("class", "wit")])
                                .markup("(")
                                .text(label)
                                .markup(")</span>");
                        }
                        continue;
                    }
                    let mut open = Html::new();
                    open.markup(" ")
                        .start(
                            "span",
                            &[("class", "mark mark-alt"), ("title", explain::ALTERNATIVE)],
                        )
                        .markup("[");
                    if let Some(label) = part.label.as_deref() {
                        open.text(label).markup(": ");
                    }
                    self.push_wrapped(&open, part.content, "]</span>", out, depth + 1);
                }
                out.markup("</span>");
            }
            Display::Described(desc) => {
                self.push_bracketed("mark mark-gap", explain::GAP_DESCRIBED, desc, out, depth);
            }
            Display::Omission => {
                out.start(
                    "span",
                    &[
                        ("class", "mark mark-gap"),
                        ("title", explain::GAP_DESCRIBED),
                    ],
                )
                .markup("&lt;…&gt;</span>");
            }
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
    fn push_note(&mut self, note: &Note, out: &mut Html, depth: usize) {
        if note.place == Some(NotePlace::Foot) {
            let id = self.note_id();
            let ref_id = self.claim(format!("{id}-ref"));
            let number = self.push_footnote(note, id.clone(), ref_id.clone(), depth);
            push_note_ref(&id, &ref_id, number, note, out);
            return;
        }
        let (class, title) = match note.kind {
            NoteKind::Gloss => ("mark mark-gloss", explain::GLOSS),
            _ => ("mark mark-note", "Note by the editor"),
        };
        out.start("span", &[("class", class), ("title", title)])
            .markup("[");
        self.push_seq(&note.content, out, depth + 1);
        out.markup("]</span>");
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
        let mut html = Html::new();
        self.push_seq(&note.content, &mut html, depth + 1);
        if let Some(f) = self.footnotes.get_mut(number - 1) {
            f.html = html.into_string();
        }
        number
    }

    /// An anchor: a reference to the shared note that targets it, or a mark
    /// saying the note is missing.
    fn push_anchor(&mut self, n: &str, id: &str, out: &mut Html) {
        let anchor_id = self.claim(html_id(id));
        let owner = self
            .detached
            .iter()
            .position(|(note, _)| note.target.iter().any(|t| t.trim_start_matches('#') == id));
        let Some(i) = owner else {
            out.start(
                "sup",
                &[
                    ("class", "mark mark-anchor"),
                    ("id", &anchor_id),
                    ("title", explain::ANCHOR),
                ],
            )
            .text(n)
            .markup("</sup>");
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
        let children = inline.wrapped();
        if children.is_empty() {
            // A leaf (an empty wrapper's plain text is empty too).
            out.push_str(&plain_text(std::slice::from_ref(inline)));
        }
        stack.extend(children.iter().rev());
    }
    out
}

/// The anchor id of a person in the persons index.
pub fn person_anchor(id: &str) -> String {
    format!("person-{}", html_id(id))
}

fn push_note_ref(note_id: &str, ref_id: &str, number: usize, note: &Note, out: &mut Html) {
    let class = format!("fn-ref fn-{}", note.kind.as_str());
    let href = format!("#{note_id}");
    let title = format!("Note {number}: {}", flat_text(&note.content).trim());
    out.start("sup", &[("class", &class)])
        .start(
            "a",
            &[
                ("id", ref_id),
                ("href", &href),
                ("role", "doc-noteref"),
                ("title", &title),
            ],
        )
        .number(number)
        .markup("</a></sup>");
}

/// A date as `<time>` when it has a machine-readable value, its bounds on hover.
fn push_date(d: &DateValue, out: &mut Html) {
    let when = d.when.as_deref().filter(|w| is_html_datetime(w));
    let bounds = match (&d.not_before, &d.not_after) {
        (Some(a), Some(b)) => Some(format!("Date between {a} and {b}")),
        (Some(a), None) => Some(format!("Date not before {a}")),
        (None, Some(b)) => Some(format!("Date not after {b}")),
        (None, None) => None,
    };
    let mut attributes = vec![("class", "date")];
    attributes.extend(when.map(|w| ("datetime", w)));
    attributes.extend(bounds.as_deref().map(|b| ("title", b)));
    match when {
        Some(_) => out
            .start("time", &attributes)
            .text(&d.text)
            .markup("</time>"),
        None => out
            .start("span", &attributes)
            .text(&d.text)
            .markup("</span>"),
    };
}

/// A start tag alone, to open a wrapped run of content.
fn opening(tag: &'static str, attributes: &[(&'static str, &str)]) -> Html {
    let mut html = Html::new();
    html.start(tag, attributes);
    html
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
        let mut r = InlineRenderer::new(&header, &links, "d1", &[], PageIds::default());
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
        let mut r = InlineRenderer::new(&header, &links, "d1", &[], PageIds::default());
        assert!(r.render(&[inline]).contains("deep"));
    }
}
