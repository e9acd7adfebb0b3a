//! The document model at the centre of teikit: readers build it, writers consume it.
//!
//! Every node carries the [`Span`] of the input it came from (byte offsets into the
//! plain-text source or the TEI file), so diagnostics raised by any stage point at
//! the line and column the user wrote. The model encodes *what* the edition says
//! (a gap, a supplied word, a witness with its fond and delo), never *how* a
//! particular format spells it; the TEI writer and the text writer each decide that.
//!
//! One file on purpose, though over 600 lines: it is the catalogue of the
//! model's types (42 structs and enums; the only logic is accessors and
//! `plain_text`), read top to bottom as the shape of an edition; split, a
//! reader would chase it across files.

use serde::{Deserialize, Serialize};

/// A byte range `start..end` in the input a node was read from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

/// A whole edition: header metadata and the documents in source order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Edition {
    pub header: Header,
    pub documents: Vec<Document>,
}

/// What ends up in `teiHeader` and `standOff`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub title: String,
    /// `xml:lang` of the edition.
    pub language: String,
    pub editor: Option<Editor>,
    pub publisher: Option<String>,
    pub licence: Option<Licence>,
    pub source: SourceDesc,
    /// Paragraphs of `editorialDecl`.
    pub editorial_decl: Vec<String>,
    pub taxonomies: Vec<Taxonomy>,
    pub persons: Vec<Person>,
    pub repositories: Vec<Repository>,
    /// The markup around the documents of a TEI file teikit's own layout
    /// would not give back (another root, `front`/`back`, header fields the
    /// model has no slot for); `None` for teikit's own form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame: Option<Frame>,
}

impl Header {
    /// The `xml:id` every compiler's mark points to with `@resp`.
    pub fn editor_id(&self) -> Option<&str> {
        self.editor.as_ref().map(|e| e.xml_id.as_str())
    }

    /// Every category of every taxonomy, nested ones included, depth first.
    pub fn categories(&self) -> Vec<&Category> {
        fn walk<'a>(cats: &'a [Category], out: &mut Vec<&'a Category>) {
            for c in cats {
                out.push(c);
                walk(&c.children, out);
            }
        }
        let mut out = Vec::new();
        for t in &self.taxonomies {
            walk(&t.categories, &mut out);
        }
        out
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories().into_iter().find(|c| c.id == id)
    }

    pub fn repository(&self, id: &str) -> Option<&Repository> {
        self.repositories.iter().find(|r| r.id == id)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Editor {
    pub name: String,
    pub xml_id: String,
    /// Initials as printed in the edition's notes, canonical form first.
    pub initials: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Licence {
    pub text: String,
    pub url: Option<String>,
}

/// `sourceDesc`: the printed source the text was taken from, or a plain note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SourceDesc {
    Bibl { author: String, title: String },
    Note(String),
}

impl Default for SourceDesc {
    fn default() -> Self {
        SourceDesc::Note(String::new())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Taxonomy {
    pub id: String,
    pub categories: Vec<Category>,
}

/// A witness status or form (`status-copy`, `form-typescript`); a label variant
/// of a category is nested inside it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub id: String,
    pub label: String,
    pub children: Vec<Category>,
}

/// A speaker or signatory, listed in `listPerson`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    /// The name is a role (`Chairman`), written as `persName/roleName`.
    pub is_role: bool,
    pub affiliation: Option<String>,
}

/// An archive, listed in `standOff/listOrg`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Repository {
    pub id: String,
    pub short: String,
    pub full: Option<String>,
    pub place: Option<String>,
}

/// A TEI file's markup around its documents, as it was read: the TEI writer
/// writes this shape, filling in the parts the model holds, so that a file
/// teikit did not write gives back the same XML.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    pub root: FrameElement,
}

/// An element of a [`Frame`]: its name and attributes (namespace declarations
/// included) as written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FrameElement {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<FrameNode>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FrameNode {
    Element(FrameElement),
    Text(String),
    /// A part of the header the model holds whole: written from its slots.
    Modelled(HeaderPart),
    /// The documents `start..end` of the edition, each a `div type="document"`.
    Documents {
        start: usize,
        end: usize,
    },
    /// The blocks of one document that was read from an element other than a
    /// document `div` (`front`, `back`, a div-rooted file), without a `div`.
    Blocks(usize),
}

/// The parts of `teiHeader` and `standOff` the model has slots for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HeaderPart {
    TitleStmt,
    PublicationStmt,
    SourceDesc,
    EncodingDesc,
    ProfileDesc,
    StandOff,
}

/// One `div type="document"`: a numbered document or the leading fragment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub span: Span,
    pub kind: DocumentKind,
    /// The document number as written (`n`); `None` for a fragment or an undecidable one.
    pub n: Option<String>,
    pub id: String,
    pub cert: Option<Cert>,
    pub layout: Layout,
    pub heads: Vec<Head>,
    pub opener: Option<Opener>,
    pub blocks: Vec<Block>,
    pub witnesses: Option<Witnesses>,
    pub publications: Vec<Publication>,
    pub closers: Vec<Closer>,
    /// Div-level notes after the closers: emphasis notes, then footnotes that
    /// could not stand at a single anchor (shared or unanchored).
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocumentKind {
    #[default]
    Document,
    /// The end of a document that began before the source starts.
    Fragment,
}

/// How sure the number of an unnumbered document is (`@cert`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cert {
    Medium,
    Low,
}

impl Cert {
    pub fn as_str(self) -> &'static str {
        match self {
            Cert::Medium => "medium",
            Cert::Low => "low",
        }
    }
}

/// Line layout (a document on a few long lines) or block layout (blank-line
/// separated units, `rend="blocks"`); it only matters for the text export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Layout {
    #[default]
    Lines,
    Blocks,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Head {
    pub span: Span,
    /// `head type="sub"`.
    pub sub: bool,
    pub content: Vec<Inline>,
}

/// `opener`: title markings, the dateline, body markings, in that order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Opener {
    pub span: Span,
    pub items: Vec<OpenerItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum OpenerItem {
    Marking(Marking),
    /// `dateline` content: place name, separators, date (maybe inside `supplied`).
    Dateline {
        span: Span,
        content: Vec<Inline>,
    },
}

/// `note type="marking"`: a marking of the original, kept with its quotation marks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Marking {
    pub span: Span,
    pub place: MarkingPlace,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MarkingPlace {
    /// Stood at the end of the title line (`subtype="title"`).
    Title,
    /// Stood at the start of the first body line (`subtype="body"`).
    Body,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub span: Span,
    pub kind: BlockKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum BlockKind {
    Paragraph(Vec<Inline>),
    List {
        /// `bulleted`, `numbered`, or none for `- ` items.
        rend: Option<String>,
        items: Vec<ListItem>,
    },
    /// A dialogue turn.
    Speech {
        /// `@who` without the `#`.
        who: String,
        /// The turn continues the previous turn's source line.
        run_in: bool,
        speaker: Vec<Inline>,
        content: Vec<Inline>,
    },
    /// An omission standing alone between blocks.
    Gap,
    /// Markup the TEI reader does not know, kept as it is.
    Other(Element),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListItem {
    pub span: Span,
    /// A printed item label (`1.`), written as `<label>`.
    pub label: Option<String>,
    pub content: Vec<Inline>,
}

/// `listBibl type="witnesses"`: the archival citation of a document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Witnesses {
    pub span: Span,
    /// The whole citation stood in parentheses.
    pub parenthesized: bool,
    pub items: Vec<Witness>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Witness {
    pub span: Span,
    pub kind: WitnessKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WitnessKind {
    Parsed(ParsedWitness),
    /// A citation that did not parse, kept verbatim.
    Unparsed(String),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ParsedWitness {
    /// The archive acronym as printed (or inherited from the previous witness).
    pub repository: String,
    /// `xml:id` of the repository's `org`.
    pub repository_ref: String,
    /// Not printed: taken from the previous witness.
    pub inherited: bool,
    pub shelfmark: Vec<ShelfmarkPart>,
    pub range: CitedRange,
    /// `@ana`: category ids (status, form), in printed order.
    pub categories: Vec<String>,
    /// `note type="certification"`.
    pub certification: Option<Vec<Inline>>,
}

/// One part of an archival shelfmark: fond, opis, papka or delo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShelfmarkPart {
    pub kind: ShelfmarkKind,
    /// As printed: leading zeros and letters kept (`04`, `321a`).
    pub value: String,
    /// The label as printed when it is not the first configured form (`Fund`).
    pub label: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShelfmarkKind {
    Fond,
    Opis,
    Papka,
    Delo,
}

impl ShelfmarkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ShelfmarkKind::Fond => "fond",
            ShelfmarkKind::Opis => "opis",
            ShelfmarkKind::Papka => "papka",
            ShelfmarkKind::Delo => "delo",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "fond" => ShelfmarkKind::Fond,
            "opis" => ShelfmarkKind::Opis,
            "papka" => ShelfmarkKind::Papka,
            "delo" => ShelfmarkKind::Delo,
            _ => return None,
        })
    }
}

/// `citedRange`: pages or leaves, `v` marking a verso in `from`/`to`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CitedRange {
    /// `page` or `leaf`.
    pub unit: String,
    pub from: String,
    pub to: String,
    /// As printed (`pp. 10–10 verso`).
    pub text: String,
}

/// `bibl type="publication"`: a printed source after the archival one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Publication {
    pub span: Span,
    pub content: Vec<Inline>,
}

/// One `closer`: a registration number and the signatures that follow it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Closer {
    pub span: Span,
    pub content: Vec<Inline>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub span: Span,
    pub kind: NoteKind,
    /// The printed anchor (`*`, `**`, `1`).
    pub n: Option<String>,
    pub id: Option<String>,
    pub place: Option<NotePlace>,
    /// The note is the compiler's (`resp` = the editor).
    pub by_editor: bool,
    /// `parenthesized`, `full-stop`.
    pub rend: Vec<String>,
    /// Anchor ids this note points to (shared notes).
    pub target: Vec<String>,
    pub content: Vec<Inline>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoteKind {
    /// About the original (underlining, ellipsis, misspelling).
    Textual,
    /// Any other compiler's note, the emphasis note included.
    Editorial,
    /// An explanation in square brackets.
    Gloss,
}

impl NoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::Textual => "textual",
            NoteKind::Editorial => "editorial",
            NoteKind::Gloss => "gloss",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotePlace {
    Foot,
    Inline,
}

impl NotePlace {
    pub fn as_str(self) -> &'static str {
        match self {
            NotePlace::Foot => "foot",
            NotePlace::Inline => "inline",
        }
    }
}

/// A date as printed, with its machine-readable value where there is one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DateValue {
    pub text: String,
    /// ISO 8601: `1920-11-05`, `1920-11-05T22:15:00`, `1920-10`, `1994`.
    pub when: Option<String>,
    pub not_before: Option<String>,
    pub not_after: Option<String>,
}

/// A piece of phrase-level content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inline {
    pub span: Span,
    pub kind: InlineKind,
}

impl Inline {
    pub fn new(span: Span, kind: InlineKind) -> Self {
        Inline { span, kind }
    }
    pub fn text(span: Span, s: impl Into<String>) -> Self {
        Inline::new(span, InlineKind::Text(s.into()))
    }

    /// The inlines this one wraps in the running text (supplied words, a
    /// name, highlighting, an element); empty for a leaf. A note's content
    /// stands apart from the text and is not among them.
    pub fn wrapped(&self) -> &[Inline] {
        match &self.kind {
            InlineKind::Supplied(c)
            | InlineKind::RoleName(c)
            | InlineKind::Signed(c)
            | InlineKind::Hi { content: c, .. }
            | InlineKind::PersName { content: c, .. } => c,
            InlineKind::Element(e) => &e.content,
            _ => &[],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum InlineKind {
    Text(String),
    /// The compiler's omission `<…>`.
    Gap,
    /// Words the compiler supplied in square brackets.
    Supplied(Vec<Inline>),
    /// `hi` with its `@rend` (`underline`).
    Hi {
        rend: String,
        content: Vec<Inline>,
    },
    /// A footnote anchor that cannot hold its note (`anchor n="*"`).
    Anchor {
        n: String,
        id: String,
    },
    /// A note standing at its anchor, or an inline gloss.
    Note(Box<Note>),
    /// A misspelling of the original and the compiler's correction.
    Choice {
        sic: String,
        corr: String,
    },
    /// An abbreviated speaker name: `L[egran]` = abbr `L`, ex `egran`.
    Expan {
        abbr: String,
        ex: String,
    },
    /// `persName`, with `@ref` (without `#`) when it names a listed person.
    PersName {
        reference: Option<String>,
        content: Vec<Inline>,
    },
    RoleName(Vec<Inline>),
    PlaceName(String),
    Date(DateValue),
    /// `idno` with its `@type` (`registration`).
    Idno {
        kind: String,
        text: String,
    },
    Signed(Vec<Inline>),
    /// A line break inside a head or closer.
    Lb,
    /// A page break of the printed edition (`[Page 593]` → `<pb n="593"/>`):
    /// the page number as printed.
    PageBreak(String),
    Title(String),
    PubPlace(String),
    BiblScope {
        unit: String,
        from: String,
        to: String,
        text: String,
    },
    /// Markup the TEI reader does not know, kept as it is.
    Element(Element),
}

/// An XML element teikit has no model for, carried through unchanged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Element {
    pub span: Span,
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub content: Vec<Inline>,
}

/// The plain text of inline content, marks spelled as plain text would not be:
/// this is the "what a reader sees" text (gaps and anchors contribute nothing).
pub fn plain_text(content: &[Inline]) -> String {
    let mut out = String::new();
    push_plain_text(content, &mut out);
    out
}

fn push_plain_text(content: &[Inline], out: &mut String) {
    for_each_plain_text(content, &mut |s| out.push_str(s));
}

/// The pieces of [`plain_text`], in order, handed to `out` one at a time:
/// for a caller that reshapes the text as it goes and needs no copy of it.
pub fn for_each_plain_text(content: &[Inline], out: &mut impl FnMut(&str)) {
    for inline in content {
        match &inline.kind {
            InlineKind::Text(s)
            | InlineKind::PlaceName(s)
            | InlineKind::Title(s)
            | InlineKind::PubPlace(s) => out(s),
            InlineKind::Gap | InlineKind::Anchor { .. } | InlineKind::Note(_) | InlineKind::Lb => {}
            InlineKind::PageBreak(_) => {}
            InlineKind::Supplied(_)
            | InlineKind::RoleName(_)
            | InlineKind::Signed(_)
            | InlineKind::Hi { .. }
            | InlineKind::PersName { .. }
            | InlineKind::Element(_) => for_each_plain_text(inline.wrapped(), out),
            InlineKind::Choice { corr, .. } => out(corr),
            InlineKind::Expan { abbr, ex } => {
                out(abbr);
                out(ex);
            }
            InlineKind::Date(d) => out(&d.text),
            InlineKind::Idno { text, .. } | InlineKind::BiblScope { text, .. } => out(text),
        }
    }
}
