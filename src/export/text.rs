//! The text exporter: writes the edition back in the plain-text conventions of its source.
//!
//! The layout rules are those of docs/encoding.md §5.2 (line layout: a document on a
//! few long lines) and §7.3 (block layout: blank-line separated units). The text
//! comes from the model alone, with the config's labels, so a TEI edition can be
//! turned back into the text it was converted from.

use super::generic::{self, Display, tidy_layout};
use crate::config::Config;
use crate::model::{
    Block, BlockKind, Closer, Document, DocumentKind, Edition, Element, Header, Inline, InlineKind,
    Layout, ListItem, MarkingPlace, Note, NoteKind, NotePlace, OpenerItem, WitnessKind, Witnesses,
};
use crate::source::citation::format_witness;

/// What the text export needs besides the edition: the config's labels and forms.
pub struct TextOptions<'a> {
    pub config: &'a Config,
}

/// The number-line form written when the config gives none usable.
const DEFAULT_NUMBER_LINE: &str = "No. {n}";

/// Writes the edition as plain text, one document after the other; a blank
/// line separates two documents when either is in block layout.
pub fn export_text(edition: &Edition, options: &TextOptions) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write_text(edition, options, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`export_text`] into `out`, one document at a time (the whole text is
/// never held in memory).
pub fn write_text(
    edition: &Edition,
    options: &TextOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut writer = TextWriter::new(options, out);
    for document in &edition.documents {
        writer.document(document, &edition.header)?;
    }
    writer.finish()
}

/// The text export written a document at a time, as the documents come (a
/// TEI file read a document at a time is never held whole).
pub struct TextWriter<'a, 'w> {
    config: &'a Config,
    out: &'w mut dyn std::io::Write,
    previous: Option<Layout>,
    /// Whether anything was written: an empty export stays empty.
    wrote: bool,
}

impl<'a, 'w> TextWriter<'a, 'w> {
    pub fn new(options: &TextOptions<'a>, out: &'w mut dyn std::io::Write) -> Self {
        TextWriter {
            config: options.config,
            out,
            previous: None,
            wrote: false,
        }
    }

    /// The next document; a blank line separates two documents when either
    /// is in block layout.
    pub fn document(&mut self, document: &Document, header: &Header) -> std::io::Result<()> {
        let text = document_text_in(document, header, self.config);
        if let Some(previous_layout) = self.previous {
            self.out.write_all(b"\n")?;
            if previous_layout == Layout::Blocks || document.layout == Layout::Blocks {
                self.out.write_all(b"\n")?;
            }
            self.wrote = true;
        }
        self.out.write_all(text.as_bytes())?;
        self.wrote |= !text.is_empty();
        self.previous = Some(document.layout);
        Ok(())
    }

    /// The final line feed.
    pub fn finish(self) -> std::io::Result<()> {
        if self.wrote {
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// One document's text without its final line feed.
pub fn document_text(document: &Document, edition: &Edition, config: &Config) -> String {
    document_text_in(document, &edition.header, config)
}

/// [`document_text`] with the edition's header alone.
fn document_text_in(document: &Document, header: &Header, config: &Config) -> String {
    let parts = DocumentParts::collect(document, header, config);
    match document.layout {
        Layout::Lines => parts.into_lines().join("\n"),
        Layout::Blocks => parts.into_units().join("\n\n"),
    }
}

/// The pieces of one document, each already spelled as text; the two layouts
/// only arrange them differently.
struct DocumentParts {
    number_line: Option<String>,
    /// One entry per `head`, a `<lb/>` already a line break.
    heads: Vec<String>,
    /// Title markings and the dateline, joined by spaces; empty when there is none.
    opener: String,
    /// Body markings, prefixed to the first block line.
    body_markings: Vec<String>,
    /// Block lines; a run-in turn is already joined to the line before it.
    blocks: Vec<String>,
    closers: Vec<String>,
    witnesses: Option<String>,
    publications: Vec<String>,
    /// Div-level notes without `place="foot"` (the emphasis note).
    div_notes: Vec<String>,
    /// Every footnote of the document, in document order.
    footnotes: Vec<String>,
}

impl DocumentParts {
    fn collect(document: &Document, header: &Header, config: &Config) -> Self {
        let writer = InlineWriter::new(config);
        let (title_markings, body_markings, dateline) = opener_parts(document, &writer);
        let mut opener_items = title_markings;
        opener_items.extend(dateline);
        DocumentParts {
            number_line: number_line(document, config),
            heads: document
                .heads
                .iter()
                .map(|h| writer.write(&h.content))
                .collect(),
            opener: opener_items.join(" "),
            body_markings,
            blocks: block_lines(&document.blocks, &writer),
            closers: document
                .closers
                .iter()
                .map(|c| closer_text(c, &writer))
                .collect(),
            witnesses: document
                .witnesses
                .as_ref()
                .filter(|w| !w.items.is_empty())
                .map(|w| witnesses_text_in(w, header, config)),
            publications: document
                .publications
                .iter()
                .map(|p| writer.write(&p.content))
                .collect(),
            div_notes: document
                .notes
                .iter()
                .filter(|n| n.place != Some(NotePlace::Foot))
                .map(|n| div_note_text(n, &writer))
                .collect(),
            footnotes: footnotes_in_order(document)
                .into_iter()
                .map(|n| footnote_text(n, &writer))
                .collect(),
        }
    }

    /// The tail items in source order: closers, citations, publications, notes.
    fn tail_items(&self) -> Vec<String> {
        let mut items = self.closers.clone();
        items.extend(self.witnesses.clone());
        items.extend(self.publications.iter().cloned());
        items.extend(self.div_notes.iter().cloned());
        items.extend(self.footnotes.iter().cloned());
        items
    }

    /// Block lines with the body markings prefixed to the first one.
    fn blocks_with_markings(&self) -> Vec<String> {
        let mut blocks = self.blocks.clone();
        if self.body_markings.is_empty() {
            return blocks;
        }
        let markings = self.body_markings.join(" ");
        match blocks.first_mut() {
            Some(first) => *first = format!("{markings} {first}"),
            None => blocks.push(markings),
        }
        blocks
    }

    /// Line layout (§5.2): number line, head lines with the opener on the last,
    /// block lines with the tail on the last.
    fn into_lines(self) -> Vec<String> {
        let mut lines: Vec<String> = self.number_line.iter().cloned().collect();
        lines.extend(self.heads.iter().cloned());
        if !self.opener.is_empty() {
            match (self.heads.is_empty(), lines.last_mut()) {
                (false, Some(last)) => {
                    last.push(' ');
                    last.push_str(&self.opener);
                }
                _ => lines.push(self.opener.clone()),
            }
        }
        let mut body = self.blocks_with_markings();
        let tail = self.tail_items().join(" ");
        if !tail.is_empty() {
            match body.last_mut() {
                Some(last) => {
                    last.push(' ');
                    last.push_str(&tail);
                }
                None => body.push(tail),
            }
        }
        lines.extend(body);
        lines
    }

    /// Block layout (§7.3): every part its own unit.
    fn into_units(self) -> Vec<String> {
        let mut units: Vec<String> = self.number_line.iter().cloned().collect();
        if !self.heads.is_empty() {
            units.push(self.heads.join("\n"));
        }
        if !self.opener.is_empty() {
            units.push(self.opener.clone());
        }
        units.extend(self.blocks_with_markings());
        if !self.closers.is_empty() {
            units.push(self.closers.join("\n"));
        }
        units.extend(self.witnesses.clone());
        units.extend(self.publications.iter().cloned());
        units.extend(self.div_notes.iter().cloned());
        units.extend(self.footnotes.iter().cloned());
        units
    }
}

/// `No. {n}` in the first configured number-line form, for a document whose
/// number was printed (not a fragment, no `@cert`).
fn number_line(document: &Document, config: &Config) -> Option<String> {
    if document.kind == DocumentKind::Fragment || document.cert.is_some() {
        return None;
    }
    let n = document.n.as_deref()?;
    let pattern = config
        .conventions
        .number_lines
        .iter()
        .find(|p| p.contains("{n}") && !p.contains("{title}"))
        .map(String::as_str)
        .unwrap_or(DEFAULT_NUMBER_LINE);
    Some(pattern.replace("{n}", n))
}

/// Title markings, body markings and the dateline text of the opener.
fn opener_parts(
    document: &Document,
    writer: &InlineWriter,
) -> (Vec<String>, Vec<String>, Option<String>) {
    let mut title = Vec::new();
    let mut body = Vec::new();
    let mut dateline = None;
    for item in document.opener.iter().flat_map(|o| &o.items) {
        match item {
            OpenerItem::Marking(m) if m.place == MarkingPlace::Title => title.push(m.text.clone()),
            OpenerItem::Marking(m) => body.push(m.text.clone()),
            OpenerItem::Dateline { content, .. } => dateline = Some(writer.write(content)),
        }
    }
    (title, body, dateline)
}

/// One line per paragraph, turn, bare gap and list item; a run-in turn joins
/// the line before it.
fn block_lines(blocks: &[Block], writer: &InlineWriter) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for block in blocks {
        match &block.kind {
            BlockKind::Paragraph(content) => lines.push(writer.write(content)),
            BlockKind::List { rend, items } => lines.extend(
                items
                    .iter()
                    .map(|i| list_item_line(i, rend.as_deref(), writer)),
            ),
            BlockKind::Speech {
                run_in,
                speaker,
                content,
                ..
            } => {
                let turn = format!("{} {}", writer.write(speaker), writer.write(content));
                match lines.last_mut() {
                    Some(last) if *run_in => {
                        last.push(' ');
                        last.push_str(&turn);
                    }
                    _ => lines.push(turn),
                }
            }
            BlockKind::Gap => lines.push(writer.omission.to_string()),
            BlockKind::Other(element) => {
                let mut line = String::new();
                writer.push_element(element, &mut line);
                lines.push(tidy_layout(&line));
            }
        }
    }
    lines
}

/// `{label} `, `• ` (bulleted) or `- ` and the item's text.
fn list_item_line(item: &ListItem, rend: Option<&str>, writer: &InlineWriter) -> String {
    let marker = match (&item.label, rend) {
        (Some(label), _) => format!("{label} "),
        (None, Some("bulleted")) => "• ".to_string(),
        (None, _) => "- ".to_string(),
    };
    format!("{marker}{}", writer.write(&item.content))
}

fn closer_text(closer: &Closer, writer: &InlineWriter) -> String {
    writer.write(&closer.content)
}

/// The citation: witnesses separated by `; `, a final `.` unless the last one
/// already ends in `.` (`ob.`) or the whole stands in parentheses.
pub fn witnesses_text(witnesses: &Witnesses, edition: &Edition, config: &Config) -> String {
    witnesses_text_in(witnesses, &edition.header, config)
}

/// [`witnesses_text`] with the edition's header alone.
pub(crate) fn witnesses_text_in(witnesses: &Witnesses, header: &Header, config: &Config) -> String {
    let label = |id: &str| header.category(id).map(|c| c.label.clone());
    let texts: Vec<String> = witnesses
        .items
        .iter()
        .map(|w| match &w.kind {
            WitnessKind::Parsed(parsed) => format_witness(parsed, config, &label),
            WitnessKind::Unparsed(text) => text.clone(),
        })
        .collect();
    let mut joined = texts.join("; ");
    if witnesses.parenthesized {
        return format!("({joined})");
    }
    if !joined.ends_with('.') {
        joined.push('.');
    }
    joined
}

/// A div-level note that is no footnote: `(text)` when parenthesized, `.` after
/// it for `full-stop`, `[text]` for a gloss.
fn div_note_text(note: &Note, writer: &InlineWriter) -> String {
    wrap_div_note(note, writer.write(&note.content), ("[", "]"))
}

/// Wraps the written text of a div-level note as the source printed it:
/// `(text)` when parenthesized, a `.` after it for `full-stop`, `brackets`
/// around a gloss (the Markdown export escapes them).
pub(crate) fn wrap_div_note(note: &Note, text: String, brackets: (&str, &str)) -> String {
    let mut out = if note.kind == NoteKind::Gloss {
        format!("{}{text}{}", brackets.0, brackets.1)
    } else if note.rend.iter().any(|r| r == "parenthesized") {
        format!("({text})")
    } else {
        text
    };
    if note.rend.iter().any(|r| r == "full-stop") {
        out.push('.');
    }
    out
}

/// `{n}{text}` for an asterisk footnote, `{n} {text}` for a digit one.
fn footnote_text(note: &Note, writer: &InlineWriter) -> String {
    let text = writer.write(&note.content);
    match note.n.as_deref() {
        Some(n) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => format!("{n} {text}"),
        Some(n) => format!("{n}{text}"),
        None => text,
    }
}

/// Every `note place="foot"` of a document in TEI document order: heads,
/// opener, blocks, witnesses, publications, closers, then the div-level notes.
fn footnotes_in_order(document: &Document) -> Vec<&Note> {
    let mut found = Vec::new();
    for head in &document.heads {
        collect_footnotes(&head.content, &mut found);
    }
    for item in document.opener.iter().flat_map(|o| &o.items) {
        if let OpenerItem::Dateline { content, .. } = item {
            collect_footnotes(content, &mut found);
        }
    }
    for block in &document.blocks {
        match &block.kind {
            BlockKind::Paragraph(content) => collect_footnotes(content, &mut found),
            BlockKind::List { items, .. } => {
                for item in items {
                    collect_footnotes(&item.content, &mut found);
                }
            }
            BlockKind::Speech {
                speaker, content, ..
            } => {
                collect_footnotes(speaker, &mut found);
                collect_footnotes(content, &mut found);
            }
            BlockKind::Gap => {}
            BlockKind::Other(element) => collect_footnotes(&element.content, &mut found),
        }
    }
    for witness in document.witnesses.iter().flat_map(|w| &w.items) {
        if let WitnessKind::Parsed(parsed) = &witness.kind
            && let Some(certification) = &parsed.certification
        {
            collect_footnotes(certification, &mut found);
        }
    }
    for publication in &document.publications {
        collect_footnotes(&publication.content, &mut found);
    }
    for closer in &document.closers {
        collect_footnotes(&closer.content, &mut found);
    }
    found.extend(
        document
            .notes
            .iter()
            .filter(|n| n.place == Some(NotePlace::Foot)),
    );
    found
}

fn collect_footnotes<'a>(content: &'a [Inline], found: &mut Vec<&'a Note>) {
    for inline in content {
        match &inline.kind {
            InlineKind::Note(note) if note.place == Some(NotePlace::Foot) => found.push(note),
            _ => collect_footnotes(inline.wrapped(), found),
        }
    }
}

/// Spells inline content as the source prints it (§5.2 item 4).
struct InlineWriter<'a> {
    omission: &'a str,
    /// `[Page {n}]`: the first configured page-break form.
    page_break: &'a str,
}

impl<'a> InlineWriter<'a> {
    fn new(config: &'a Config) -> Self {
        InlineWriter {
            omission: &config.conventions.omission,
            page_break: config
                .conventions
                .page_breaks
                .first()
                .map_or("[Page {n}]", String::as_str),
        }
    }

    fn write(&self, content: &[Inline]) -> String {
        let mut out = String::new();
        self.push(content, &mut out);
        out
    }

    fn push(&self, content: &[Inline], out: &mut String) {
        for inline in content {
            self.push_one(&inline.kind, out);
        }
    }

    fn push_one(&self, kind: &InlineKind, out: &mut String) {
        match kind {
            InlineKind::Text(s)
            | InlineKind::PlaceName(s)
            | InlineKind::Title(s)
            | InlineKind::PubPlace(s) => out.push_str(s),
            InlineKind::Gap => out.push_str(self.omission),
            InlineKind::Supplied(c) => {
                out.push('[');
                self.push(c, out);
                out.push(']');
            }
            // A name the reader put in its usual case prints in capitals, as
            // the source printed it (docs/encoding.md §2.1).
            InlineKind::Hi { rend, content: c } if rend == "uppercase" => {
                let mut printed = String::new();
                self.push(c, &mut printed);
                out.push_str(&printed.to_uppercase());
            }
            InlineKind::Hi { content: c, .. }
            | InlineKind::RoleName(c)
            | InlineKind::Signed(c)
            | InlineKind::PersName { content: c, .. } => self.push(c, out),
            InlineKind::Anchor { n, .. } => out.push_str(n),
            InlineKind::Note(note) => self.push_inline_note(note, out),
            InlineKind::Choice { corr, .. } => out.push_str(corr),
            InlineKind::Expan { abbr, ex } => {
                out.push_str(abbr);
                out.push('[');
                out.push_str(ex);
                out.push(']');
            }
            InlineKind::Date(d) => out.push_str(&d.text),
            InlineKind::Idno { text, .. } | InlineKind::BiblScope { text, .. } => {
                out.push_str(text)
            }
            InlineKind::Lb => out.push('\n'),
            InlineKind::PageBreak(n) => out.push_str(&self.page_break.replace("{n}", n)),
            InlineKind::Element(e) => self.push_element(e, out),
        }
    }

    /// Markup kept as it was read, shown as [`generic::display`] says.
    fn push_element(&self, e: &Element, out: &mut String) {
        match generic::display(e) {
            Display::Content => self.push(&e.content, out),
            Display::Nothing => {}
            Display::LineBreak => out.push('\n'),
            Display::Line => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                self.push(&e.content, out);
                out.push('\n');
            }
            Display::Cell => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push_str(" | ");
                }
                self.push(&e.content, out);
            }
            Display::Alternatives(parts) => {
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        out.push_str(" [");
                        if let Some(label) = &part.label {
                            out.push_str(label);
                            out.push_str(": ");
                        }
                    }
                    self.push(part.content, out);
                    if i > 0 {
                        out.push(']');
                    } else if let Some(label) = &part.label {
                        out.push_str(&format!(" ({label})"));
                    }
                }
            }
            Display::Marked { open, close } => {
                out.push_str(open);
                self.push(&e.content, out);
                out.push_str(close);
            }
            Display::Described(desc) => {
                out.push('[');
                self.push(desc, out);
                out.push(']');
            }
            Display::Omission => out.push_str(self.omission),
        }
    }

    /// A gloss is printed in brackets where it stands; a footnote leaves its
    /// anchor (`@n`) there and its text goes to the document's tail.
    fn push_inline_note(&self, note: &Note, out: &mut String) {
        if note.kind == NoteKind::Gloss {
            out.push('[');
            self.push(&note.content, out);
            out.push(']');
        } else if let Some(n) = &note.n {
            out.push_str(n);
        }
    }
}
