//! The Markdown export: the edition for Markdown readers and pandoc.
//!
//! Each document is a section headed by its number, its title a sub-heading;
//! footnotes become Markdown footnotes (`[^1]`, numbered through the whole
//! file so labels never clash); every character Markdown would read as markup
//! (`<…>`, `[Armenia]`, the asterisk of a stray anchor) is backslash-escaped so
//! it shows as printed.

use std::collections::BTreeMap;

use super::generic::{self, Display, tidy_layout};
use crate::export::text::{TextOptions, witnesses_text_in, wrap_div_note};
use crate::model::{
    BlockKind, Document, DocumentKind, Edition, Element, Header, Inline, InlineKind, ListItem,
    MarkingPlace, Note, NoteKind, NotePlace, OpenerItem,
};

/// Writes the edition as Markdown (CommonMark plus footnotes, as pandoc reads it).
pub fn export_markdown(edition: &Edition, options: &TextOptions) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write_markdown(edition, options, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`export_markdown`] into `out`, one document at a time (the whole text
/// is never held in memory).
pub fn write_markdown(
    edition: &Edition,
    options: &TextOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut writer = MarkdownStream::new(options, out);
    for document in &edition.documents {
        writer.document(document, &edition.header)?;
    }
    writer.finish(&edition.header)
}

/// The Markdown export written a document at a time, as the documents come
/// (a TEI file read a document at a time is never held whole).
pub struct MarkdownStream<'a, 'w> {
    writer: MarkdownWriter<'a>,
    out: &'w mut dyn std::io::Write,
    /// Sections written; they are separated by a blank line.
    sections: usize,
    /// Whether anything was written: an export with no text at all stays empty.
    wrote: bool,
    /// The title section is written (before the first document).
    begun: bool,
}

impl<'a, 'w> MarkdownStream<'a, 'w> {
    pub fn new(options: &'a TextOptions<'a>, out: &'w mut dyn std::io::Write) -> Self {
        MarkdownStream {
            writer: MarkdownWriter::new(options),
            out,
            sections: 0,
            wrote: false,
            begun: false,
        }
    }

    fn section(&mut self, text: &str) -> std::io::Result<()> {
        if self.sections > 0 {
            self.out.write_all(b"\n\n")?;
            self.wrote = true;
        }
        self.sections += 1;
        self.wrote |= !text.is_empty();
        self.out.write_all(text.as_bytes())
    }

    /// The edition's title, once, before anything else.
    fn begin(&mut self, header: &Header) -> std::io::Result<()> {
        if std::mem::replace(&mut self.begun, true) || header.title.is_empty() {
            return Ok(());
        }
        self.section(&format!("# {}", escape(&header.title)))
    }

    /// The next document, a section of its own.
    pub fn document(&mut self, document: &Document, header: &Header) -> std::io::Result<()> {
        self.begin(header)?;
        let text = self.writer.document(document, header);
        self.section(&text)
    }

    /// The title when no document came, and the final line feed.
    pub fn finish(mut self, header: &Header) -> std::io::Result<()> {
        self.begin(header)?;
        if self.wrote {
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// ASCII characters CommonMark or pandoc may read as markup anywhere in a line.
const MARKUP_CHARACTERS: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '^', '$', '#',
];

/// Backslash-escapes inline markup characters, and `&` where it could start an entity.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let entity_start = c == '&'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#');
        if MARKUP_CHARACTERS.contains(&c) || entity_start {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes what would open a block at the start of a line: a list marker
/// (`-`, `+`, `1.`, `1)`), a setext underline (`=`).
fn escape_line_starts(text: &str) -> String {
    text.split('\n')
        .map(escape_line_start)
        .collect::<Vec<_>>()
        .join("\n")
}

fn escape_line_start(line: &str) -> String {
    if line.starts_with(['-', '+', '=']) {
        return format!("\\{line}");
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let after = line.get(digits..).unwrap_or("");
    if digits > 0 && after.starts_with(['.', ')']) {
        let (number, rest) = line.split_at(digits);
        return format!("{number}\\{rest}");
    }
    line.to_string()
}

/// Keeps the footnote numbering across documents.
struct MarkdownWriter<'a> {
    options: &'a TextOptions<'a>,
    next_label: usize,
}

/// One document's footnote state: labels of anchors and the definitions to write.
#[derive(Default)]
struct Footnotes {
    /// Anchor id → label of the shared note that points to it.
    anchors: BTreeMap<String, usize>,
    definitions: Vec<(usize, String)>,
}

/// Where inline content goes: a heading cannot hold a line break.
#[derive(Clone, Copy, PartialEq)]
enum Context {
    Heading,
    Paragraph,
}

impl<'a> MarkdownWriter<'a> {
    fn new(options: &'a TextOptions<'a>) -> Self {
        MarkdownWriter {
            options,
            next_label: 1,
        }
    }

    fn take_label(&mut self) -> usize {
        let label = self.next_label;
        self.next_label += 1;
        label
    }

    fn document(&mut self, document: &Document, header: &Header) -> String {
        let mut notes = Footnotes::default();
        let unanchored = self.label_shared_notes(document, &mut notes);
        let mut blocks = vec![format!("## {}", document_heading(document))];
        for head in &document.heads {
            let level = if head.sub { "####" } else { "###" };
            let text = self.inline(&head.content, Context::Heading, &mut notes);
            blocks.push(format!("{level} {text}"));
        }
        let (opener, body_markings) = self.opener(document, &mut notes);
        blocks.extend(opener);
        let mut body = self.body(document, &mut notes);
        if let Some(first) = body.first_mut().filter(|_| !body_markings.is_empty()) {
            *first = format!("{} {first}", body_markings.join(" "));
        } else if !body_markings.is_empty() {
            body.push(body_markings.join(" "));
        }
        blocks.extend(body);
        for closer in &document.closers {
            blocks.push(self.paragraph(&closer.content, &mut notes));
        }
        if let Some(witnesses) = document.witnesses.as_ref().filter(|w| !w.items.is_empty()) {
            let text = witnesses_text_in(witnesses, header, self.options.config);
            blocks.push(escape_line_starts(&escape(&text)));
        }
        for publication in &document.publications {
            blocks.push(self.paragraph(&publication.content, &mut notes));
        }
        for note in document
            .notes
            .iter()
            .filter(|n| n.place != Some(NotePlace::Foot))
        {
            blocks.push(self.div_note(note, &mut notes));
        }
        for note in unanchored {
            let text = self.inline(&note.content, Context::Paragraph, &mut notes);
            let n = escape(note.n.as_deref().unwrap_or(""));
            blocks.push(escape_line_starts(&format!("{n}{text}")));
        }
        for (label, text) in &notes.definitions {
            blocks.push(format!("[^{label}]: {text}"));
        }
        blocks.join("\n\n")
    }

    /// Gives each shared div-level footnote a label its anchors point to and its
    /// definition; returns the footnotes no anchor points to, written as paragraphs.
    fn label_shared_notes<'d>(
        &mut self,
        document: &'d Document,
        notes: &mut Footnotes,
    ) -> Vec<&'d Note> {
        let mut unanchored = Vec::new();
        for note in document
            .notes
            .iter()
            .filter(|n| n.place == Some(NotePlace::Foot))
        {
            if note.target.is_empty() {
                unanchored.push(note);
                continue;
            }
            let label = self.take_label();
            for target in &note.target {
                notes.anchors.insert(target.clone(), label);
            }
            let text = self.inline(&note.content, Context::Heading, notes);
            notes.definitions.push((label, text));
        }
        unanchored
    }

    /// The opener paragraph (title markings and dateline) and the body markings.
    fn opener(&mut self, document: &Document, notes: &mut Footnotes) -> (Vec<String>, Vec<String>) {
        let mut opener = Vec::new();
        let mut body_markings = Vec::new();
        for item in document.opener.iter().flat_map(|o| &o.items) {
            match item {
                OpenerItem::Marking(m) if m.place == MarkingPlace::Title => {
                    opener.push(escape(&m.text))
                }
                OpenerItem::Marking(m) => body_markings.push(escape(&m.text)),
                OpenerItem::Dateline { content, .. } => {
                    opener.push(self.inline(content, Context::Paragraph, notes))
                }
            }
        }
        let opener = if opener.is_empty() {
            Vec::new()
        } else {
            vec![escape_line_starts(&opener.join(" "))]
        };
        (opener, body_markings)
    }

    fn body(&mut self, document: &Document, notes: &mut Footnotes) -> Vec<String> {
        let mut blocks = Vec::new();
        for block in &document.blocks {
            match &block.kind {
                BlockKind::Paragraph(content) => blocks.push(self.paragraph(content, notes)),
                BlockKind::List { items, .. } => {
                    let lines: Vec<String> =
                        items.iter().map(|i| self.list_item(i, notes)).collect();
                    blocks.push(lines.join("\n"));
                }
                BlockKind::Speech {
                    speaker, content, ..
                } => {
                    let speaker = self.inline(speaker, Context::Heading, notes);
                    let content = self.inline(content, Context::Paragraph, notes);
                    blocks.push(format!("**{speaker}** {content}"));
                }
                BlockKind::Gap => blocks.push(escape(&self.options.config.conventions.omission)),
                BlockKind::Other(element) => {
                    let mut out = String::new();
                    self.push_element(element, Context::Paragraph, notes, &mut out);
                    blocks.push(escape_line_starts(&tidy_layout(&out)));
                }
            }
        }
        blocks
    }

    fn list_item(&mut self, item: &ListItem, notes: &mut Footnotes) -> String {
        let text = escape_line_starts(&self.inline(&item.content, Context::Paragraph, notes));
        match item.label.as_deref() {
            Some(label) if is_ordered_marker(label) => format!("{label} {text}"),
            Some(label) => format!("- {} {text}", escape(label)),
            None => format!("- {text}"),
        }
    }

    fn paragraph(&mut self, content: &[Inline], notes: &mut Footnotes) -> String {
        escape_line_starts(&self.inline(content, Context::Paragraph, notes))
    }

    fn div_note(&mut self, note: &Note, notes: &mut Footnotes) -> String {
        let text = self.inline(&note.content, Context::Paragraph, notes);
        escape_line_starts(&wrap_div_note(note, text, ("\\[", "\\]")))
    }

    fn inline(&mut self, content: &[Inline], context: Context, notes: &mut Footnotes) -> String {
        let mut out = String::new();
        for inline in content {
            self.push_inline(&inline.kind, context, notes, &mut out);
        }
        out
    }

    fn push_inline(
        &mut self,
        kind: &InlineKind,
        context: Context,
        notes: &mut Footnotes,
        out: &mut String,
    ) {
        match kind {
            InlineKind::Text(s) | InlineKind::PlaceName(s) | InlineKind::PubPlace(s) => {
                out.push_str(&escape(s))
            }
            InlineKind::Title(s) => out.push_str(&format!("*{}*", escape(s))),
            InlineKind::Gap => out.push_str(&escape(&self.options.config.conventions.omission)),
            InlineKind::Supplied(c) => {
                let inner = self.inline(c, context, notes);
                out.push_str(&format!("\\[{inner}\\]"));
            }
            InlineKind::Hi { rend, content } => {
                let inner = self.inline(content, context, notes);
                if rend == "underline" {
                    out.push_str(&format!("<u>{inner}</u>"));
                } else {
                    out.push_str(&inner);
                }
            }
            InlineKind::RoleName(c)
            | InlineKind::Signed(c)
            | InlineKind::PersName { content: c, .. } => {
                let inner = self.inline(c, context, notes);
                out.push_str(&inner);
            }
            InlineKind::Anchor { n, id } => match notes.anchors.get(id) {
                Some(label) => out.push_str(&format!("[^{label}]")),
                None => out.push_str(&escape(n)),
            },
            InlineKind::Note(note) => self.push_inline_note(note, context, notes, out),
            InlineKind::Choice { corr, .. } => out.push_str(&escape(corr)),
            InlineKind::Expan { abbr, ex } => {
                out.push_str(&format!("{}\\[{}\\]", escape(abbr), escape(ex)))
            }
            InlineKind::Date(d) => out.push_str(&escape(&d.text)),
            InlineKind::Idno { text, .. } | InlineKind::BiblScope { text, .. } => {
                out.push_str(&escape(text))
            }
            InlineKind::PageBreak(n) => out.push_str(&escape(&format!("[{n}]"))),
            InlineKind::Lb => match context {
                Context::Heading => out.push(' '),
                Context::Paragraph => out.push_str("\\\n"),
            },
            InlineKind::Element(e) => self.push_element(e, context, notes, out),
        }
    }

    /// Markup kept as it was read, shown as [`generic::display`] says.
    fn push_element(
        &mut self,
        e: &Element,
        context: Context,
        notes: &mut Footnotes,
        out: &mut String,
    ) {
        let line_break = match context {
            Context::Heading => " ",
            Context::Paragraph => "\\\n",
        };
        match generic::display(e) {
            Display::Content => out.push_str(&self.inline(&e.content, context, notes)),
            Display::Nothing => {}
            Display::LineBreak => out.push_str(line_break),
            Display::Line => {
                // The layout whitespace before it gives way to one break.
                let kept = out.trim_end().len();
                if kept > 0 && !out[..kept].ends_with('\\') {
                    out.truncate(kept);
                    out.push_str(line_break);
                }
                out.push_str(&self.inline(&e.content, context, notes));
            }
            Display::Cell => {
                if !out.trim().is_empty() && !out.ends_with('\n') {
                    out.push_str(" | ");
                }
                out.push_str(&self.inline(&e.content, context, notes));
            }
            Display::Alternatives(parts) => {
                for (i, part) in parts.iter().enumerate() {
                    let inner = self.inline(part.content, context, notes);
                    match (i, &part.label) {
                        (0, None) => out.push_str(&inner),
                        (0, Some(label)) => out.push_str(&format!("{inner} ({})", escape(label))),
                        (_, None) => out.push_str(&format!(" \\[{inner}\\]")),
                        (_, Some(label)) => {
                            out.push_str(&format!(" \\[{}: {inner}\\]", escape(label)))
                        }
                    }
                }
            }
            Display::Marked { open, close } => {
                let inner = self.inline(&e.content, context, notes);
                out.push_str(&format!("{}{inner}{}", escape(open), escape(close)));
            }
            Display::Described(desc) => {
                let inner = self.inline(desc, context, notes);
                out.push_str(&format!("\\[{inner}\\]"));
            }
            Display::Omission => out.push_str(&escape(&self.options.config.conventions.omission)),
        }
    }

    /// A footnote becomes `[^k]` and a definition; a gloss stays in brackets.
    fn push_inline_note(
        &mut self,
        note: &Note,
        context: Context,
        notes: &mut Footnotes,
        out: &mut String,
    ) {
        if note.kind == NoteKind::Gloss {
            let inner = self.inline(&note.content, context, notes);
            out.push_str(&format!("\\[{inner}\\]"));
        } else if note.place == Some(NotePlace::Foot) {
            let label = self.take_label();
            let text = self.inline(&note.content, Context::Heading, notes);
            notes.definitions.push((label, text));
            out.push_str(&format!("[^{label}]"));
        } else if let Some(n) = &note.n {
            out.push_str(&escape(n));
        }
    }
}

/// `No. 562`; an inferred number in brackets; a fragment says so.
fn document_heading(document: &Document) -> String {
    match (&document.kind, &document.n, document.cert) {
        (DocumentKind::Fragment, _, _) => "Fragment".to_string(),
        (_, Some(n), None) => format!("No. {}", escape(n)),
        (_, Some(n), Some(_)) => format!("\\[No. {}\\]", escape(n)),
        (_, None, _) => "Document".to_string(),
    }
}

/// `1.` or `12)`: a label Markdown takes as an ordered-list marker.
fn is_ordered_marker(label: &str) -> bool {
    let digits = label.chars().take_while(char::is_ascii_digit).count();
    (1..=9).contains(&digits) && matches!(label.get(digits..), Some(".") | Some(")"))
}
