//! The typst exporter: the edition as typst source, laid out as a scholarly
//! edition (title page, contents, documents with their notes and citations,
//! indexes). The PDF export compiles exactly this source; users who want another
//! layout export it with `--to typst` and edit the preamble.
//!
//! The source is a preamble of layout functions (`preamble.typ`, compiled into
//! the binary) followed by the edition written as calls to those functions, all
//! text of the edition escaped ([`escape`]).

pub mod escape;
mod inline;

use jiff::civil::Date;

use self::escape::{markup, markup_into, string_literal};
use self::inline::{EditionState, InlineWriter, unplaced};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::export::text::witnesses_text;
use crate::model::{
    BlockKind, Cert, Document, DocumentKind, Edition, Header, MarkingPlace, Note, NoteKind,
    NotePlace, OpenerItem, SourceDesc, plain_text,
};

pub use self::inline::UNPLACED_CODE;

const PREAMBLE: &str = include_str!("preamble.typ");

/// What the typst export needs besides the edition.
#[derive(Debug, Clone, Default)]
pub struct TypstOptions<'a> {
    /// The config whose labels spell the archival citations; the built-in one when `None`.
    pub config: Option<&'a Config>,
    /// The date the document records as its creation date. `None` records no
    /// date, so the same edition always gives the same bytes.
    pub date: Option<Date>,
}

/// The edition as typst source. Same edition and options, same text.
pub fn export_typst(edition: &Edition, options: &TypstOptions) -> String {
    typst_source(edition, options).0
}

/// The edition as typst source, with a warning for each part of the model the
/// layout has no place for (its text is kept as plain text).
pub fn typst_source(edition: &Edition, options: &TypstOptions) -> (String, Vec<Diagnostic>) {
    let builtin;
    let config = match options.config {
        Some(c) => c,
        None => {
            builtin = Config::builtin();
            &builtin
        }
    };
    let mut state = EditionState::default();
    let mut out = String::new();
    out.push_str("// The edition, written by teikit.\n");
    out.push_str(&meta(&edition.header, options.date));
    out.push('\n');
    out.push_str(PREAMBLE);
    out.push('\n');
    out.push_str(&title_page(&edition.header));
    out.push_str(&contents());
    for document in &edition.documents {
        out.push_str(&document_markup(document, edition, config, &mut state));
    }
    out.push_str(&indexes(&edition.header, &state));
    (out, state.diagnostics)
}

/// `teikit-meta`: what the preamble takes from the edition (PDF metadata, language).
fn meta(header: &Header, date: Option<Date>) -> String {
    let authors: Vec<String> = header
        .editor
        .iter()
        .map(|e| string_literal(&e.name))
        .collect();
    let (lang, region) = language(&header.language);
    let date = match date {
        Some(d) => format!(
            "datetime(year: {}, month: {}, day: {})",
            d.year(),
            d.month(),
            d.day()
        ),
        None => "none".to_string(),
    };
    format!(
        "#let teikit-meta = (\n  title: {},\n  authors: ({}),\n  lang: {},\n  region: {},\n  date: {},\n)\n",
        string_literal(&header.title),
        authors.iter().map(|a| format!("{a},")).collect::<String>(),
        string_literal(&lang),
        region.map_or("none".to_string(), |r| string_literal(&r)),
        date
    )
}

/// The language and region typst accepts from an `xml:lang` (`en`, `hy-AM`):
/// a two- or three-letter code, a two-letter region; English otherwise.
fn language(xml_lang: &str) -> (String, Option<String>) {
    let mut parts = xml_lang.split(['-', '_']);
    let lang = parts.next().unwrap_or("").to_ascii_lowercase();
    let lang_ok = (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_lowercase());
    if !lang_ok {
        return ("en".to_string(), None);
    }
    let region = parts
        .next()
        .map(str::to_ascii_uppercase)
        .filter(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_uppercase()));
    (lang, region)
}

fn title_page(header: &Header) -> String {
    let mut out = String::from(
        "\n#page(header: none, footer: none)[\n#set align(center)\n#set par(justify: false)\n#v(22%)\n",
    );
    out.push_str(&format!(
        "#text(size: 20pt, weight: \"bold\", hyphenate: false)[{}]\n\n",
        markup(&header.title)
    ));
    if let Some(editor) = &header.editor {
        out.push_str(&format!(
            "#v(1.5em)\n#text(size: 12pt)[Edited by {}]\n\n",
            markup(&editor.name)
        ));
    }
    let source = match &header.source {
        SourceDesc::Bibl { author, title } => {
            format!("{} #emph[{}]", markup(author), markup(title))
        }
        SourceDesc::Note(text) => markup(text),
    };
    if !source.trim().is_empty() {
        out.push_str(&format!("#v(2em)\n#text(size: 10pt)[{source}]\n\n"));
    }
    out.push_str("#v(1fr)\n");
    if let Some(publisher) = &header.publisher {
        out.push_str(&format!("#text(size: 10pt)[{}]\n\n", markup(publisher)));
    }
    if let Some(licence) = &header.licence {
        out.push_str(&format!(
            "#text(size: 8.5pt)[{}]\n\n",
            markup(&licence.text)
        ));
    }
    out.push_str("]\n");
    if !header.editorial_decl.is_empty() {
        out.push_str(
            "\n#teikit-section[Editorial principles]\n#heading(level: 1)[Editorial principles]\n\n",
        );
        for p in &header.editorial_decl {
            out.push_str(&markup(p));
            out.push_str("\n\n");
        }
    }
    out
}

/// The contents (also the PDF outline, from the document headings) and a
/// legend of the editor's marks.
fn contents() -> String {
    "\n#teikit-section[Contents]\n#outline(title: [Contents], depth: 1)\n\n\
     #block(above: 2em, text(size: 9pt)[\
     #strong[Editorial marks.] \
     #teikit-gap() omission by the editor; \
     #teikit-supplied[text] supplied by the editor; \
     #teikit-underline[text] underlined in the original; \
     #teikit-expan(\"L\", \"egran\") abbreviation expanded by the editor; \
     corrections of the editor are explained in a footnote giving the original reading.])\n\
     #pagebreak(weak: true)\n"
        .to_string()
}

/// How a document is labelled: its number, in brackets when inferred.
pub fn document_label(doc: &Document) -> String {
    if doc.kind == DocumentKind::Fragment {
        return "Fragment".to_string();
    }
    match (&doc.n, doc.cert) {
        (Some(n), None) => format!("No. {n}"),
        (Some(n), Some(Cert::Medium)) => format!("No. [{n}]"),
        (Some(n), Some(Cert::Low)) => format!("No. [{n}?]"),
        (None, _) => "Unnumbered document".to_string(),
    }
}

/// One document: its heading, opener and body, in the order the footnote
/// numbers run (the inline writer numbers notes as it meets them).
fn document_markup(
    doc: &Document,
    edition: &Edition,
    config: &Config,
    state: &mut EditionState,
) -> String {
    let mut w = InlineWriter::new(state, &doc.notes);
    let label = document_label(doc);
    let heading = heading_markup(doc, &label, &mut w);
    let (opener, dateline) = opener_markup(doc, &mut w);
    let body = body_markup(doc, edition, config, &mut w);
    // Footnotes no anchor reached, and those of the headings, are notes on the
    // whole document: their marks stand at the end of the dateline (or under
    // the heading), never in the heading, which the outline repeats.
    let mut marks = w.take_diverted();
    marks.push_str(&w.unreached_notes());
    let opener = match dateline {
        Some(d) => opener.replacen("{dateline}", &format!("#teikit-dateline[{d}{marks}]\n"), 1),
        None if !marks.is_empty() => format!("{opener}#teikit-document-notes[{marks}]\n"),
        None => opener,
    };
    format!(
        "\n#teikit-document({})\n#heading(level: 1)[{heading}]\n{opener}\n{body}",
        string_literal(&label)
    )
}

/// `No. 5. Title`: the label and the main heads, without footnote marks (the
/// outline repeats the heading).
fn heading_markup(doc: &Document, label: &str, w: &mut InlineWriter) -> String {
    let title: Vec<String> = doc
        .heads
        .iter()
        .filter(|h| !h.sub)
        .map(|h| w.write_without_footnotes(&h.content))
        .collect();
    let mut heading = markup(label);
    if !title.is_empty() {
        markup_into(". ", &mut heading);
        heading.push_str(&title.join(" "));
    }
    heading
}

/// Subtitles, markings and datelines. The first dateline is the document's:
/// the opener holds `{dateline}` where it goes, and its markup is returned
/// apart, for the document's note marks to follow it.
fn opener_markup(doc: &Document, w: &mut InlineWriter) -> (String, Option<String>) {
    let mut opener = String::new();
    for head in doc.heads.iter().filter(|h| h.sub) {
        let subtitle = w.write_without_footnotes(&head.content);
        opener.push_str(&format!("#teikit-subtitle[{subtitle}]\n"));
    }
    let mut dateline = None;
    for item in doc.opener.iter().flat_map(|o| &o.items) {
        match item {
            OpenerItem::Marking(m) => {
                let at = match m.place {
                    MarkingPlace::Title => " at the title",
                    MarkingPlace::Body => "",
                };
                opener.push_str(&format!(
                    "#teikit-marking[Marked{at}: {}]\n",
                    markup(&m.text)
                ));
            }
            OpenerItem::Dateline { content, .. } => {
                // Only the first dateline is the document's; a second keeps its place in the opener.
                if dateline.is_none() {
                    dateline = Some(w.write(content));
                    opener.push_str("{dateline}");
                } else {
                    opener.push_str(&format!("#teikit-dateline[{}]\n", w.write(content)));
                }
            }
        }
    }
    (opener, dateline)
}

/// The text blocks, closers, sources (witnesses, publications) and the notes
/// that stand in the text rather than at the foot.
fn body_markup(doc: &Document, edition: &Edition, config: &Config, w: &mut InlineWriter) -> String {
    let mut out = String::new();
    out.push('\n');
    let mut speech_open = false;
    for block in &doc.blocks {
        if let BlockKind::Speech { run_in: true, .. } = &block.kind
            && speech_open
        {
            // The turn continues the previous turn's line: same paragraph.
            out.truncate(out.trim_end().len());
            out.push(' ');
        }
        speech_open = matches!(block.kind, BlockKind::Speech { .. });
        out.push_str(&block_markup(&block.kind, block.span, w));
        out.push_str("\n\n");
    }
    for closer in &doc.closers {
        out.push_str(&format!("#teikit-closer[{}]\n", w.write(&closer.content)));
    }
    if let Some(witnesses) = &doc.witnesses {
        let citation = witnesses_text(witnesses, edition, config);
        out.push_str(&format!("#teikit-source[{}]\n", markup(&citation)));
    }
    for publication in &doc.publications {
        out.push_str(&format!(
            "#teikit-source[{}]\n",
            w.write(&publication.content)
        ));
    }
    for note in doc
        .notes
        .iter()
        .filter(|n| n.place != Some(NotePlace::Foot))
    {
        out.push_str(&div_note_markup(note, w));
    }
    out
}

fn block_markup(kind: &BlockKind, span: crate::model::Span, w: &mut InlineWriter) -> String {
    match kind {
        BlockKind::Paragraph(content) => w.write(content),
        BlockKind::List { rend, items } => {
            let labelled = items.iter().any(|i| i.label.is_some());
            let function = if rend.as_deref() == Some("numbered") && !labelled {
                "enum"
            } else {
                "list"
            };
            let mut out = format!("#{function}(");
            if function == "list" && (labelled || rend.is_none()) {
                out.push_str("marker: [–], ");
            }
            for item in items {
                out.push('[');
                if let Some(label) = &item.label {
                    markup_into(label, &mut out);
                    out.push(' ');
                }
                out.push_str(&w.write(&item.content));
                out.push_str("], ");
            }
            out.push(')');
            out
        }
        BlockKind::Speech {
            who,
            speaker,
            content,
            ..
        } => {
            let mention = format!(
                "#teikit-index(\"person\", {})",
                string_literal(who.trim_start_matches('#'))
            );
            format!(
                "#teikit-speech[{}{mention}][{}]",
                w.write(speaker),
                w.write(content)
            )
        }
        BlockKind::Gap => "#teikit-omission()".to_string(),
        BlockKind::Other(e) => {
            w.state()
                .diagnostics
                .push(unplaced(&e.name, span.join(e.span)));
            format!(
                "#teikit-unknown({})[{}]",
                string_literal(&e.name),
                markup(&plain_text(&e.content))
            )
        }
    }
}

/// A div-level note that is no footnote, spelled as the text export spells it:
/// `(text)` when parenthesized, `.` after it for `full-stop`, `[text]` for a gloss.
fn div_note_markup(note: &Note, w: &mut InlineWriter) -> String {
    let text = w.write(&note.content);
    let parenthesized = note.rend.iter().any(|r| r == "parenthesized");
    let mut body = if note.kind == NoteKind::Gloss {
        format!("\\[{text}\\]")
    } else if parenthesized {
        format!("\\({text}\\)")
    } else {
        text
    };
    if note.rend.iter().any(|r| r == "full-stop") {
        body.push_str("\\.");
    }
    let emphasis = note.kind == NoteKind::Editorial && parenthesized;
    let function = if emphasis {
        "teikit-emphasis-note"
    } else {
        "teikit-end-note"
    };
    format!("#{function}[{body}]\n")
}

/// The indexes of persons (the edition's list) and places (every place name),
/// each entry with the pages it is mentioned on.
fn indexes(header: &Header, state: &EditionState) -> String {
    let mut out = String::new();
    let mut persons: Vec<_> = header.persons.iter().collect();
    persons.sort_by(|a, b| (a.name.to_lowercase(), &a.id).cmp(&(b.name.to_lowercase(), &b.id)));
    if !persons.is_empty() {
        out.push_str(
            "\n#pagebreak(weak: true)\n#teikit-section[Index of persons]\n#heading(level: 1)[Index of persons]\n",
        );
        for p in persons {
            let detail = p
                .affiliation
                .as_deref()
                .map_or("none".to_string(), |a| format!("[{}]", markup(a)));
            out.push_str(&format!(
                "#teikit-index-entry(\"person\", {}, [{}], {detail})\n",
                string_literal(&p.id),
                markup(&p.name)
            ));
        }
    }
    if !state.places.is_empty() {
        out.push_str("\n#teikit-section[Index of places]\n#heading(level: 1)[Index of places]\n");
        let mut places: Vec<_> = state.places.iter().collect();
        places.sort_by(|a, b| (a.1.to_lowercase(), a.0).cmp(&(b.1.to_lowercase(), b.0)));
        for (key, name) in places {
            out.push_str(&format!(
                "#teikit-index-entry(\"place\", {}, [{}], none)\n",
                string_literal(key),
                markup(name)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Element, Head, Inline, InlineKind, Span};

    fn text(s: &str) -> Inline {
        Inline::text(Span::default(), s)
    }

    fn edition_with(doc: Document) -> Edition {
        let mut e = Edition::default();
        e.header.title = "A \"quoted\" #title".into();
        e.header.language = "en".into();
        e.documents.push(doc);
        e
    }

    #[test]
    fn hostile_text_stays_text() {
        let doc = Document {
            n: Some("1".into()),
            heads: vec![Head {
                span: Span::default(),
                sub: false,
                content: vec![text("#panic() = Heading $x$ <l> @r")],
            }],
            blocks: vec![Block {
                span: Span::default(),
                kind: BlockKind::Paragraph(vec![text("]) #{ let x = 1 } // comment\n\n- item")]),
            }],
            ..Document::default()
        };
        let src = export_typst(&edition_with(doc), &TypstOptions::default());
        assert!(
            src.contains("\\#panic() \\= Heading \\$x\\$ \\<l\\> \\@r"),
            "{src}"
        );
        assert!(src.contains("\\]) \\#\\{ let x \\= 1 \\} \\/\\/ comment  \\- item"));
        assert!(src.contains("title: \"A \\\"quoted\\\" #title\""));
    }

    #[test]
    fn marks_become_preamble_calls() {
        let doc = Document {
            n: Some("2".into()),
            blocks: vec![Block {
                span: Span::default(),
                kind: BlockKind::Paragraph(vec![
                    Inline::new(Span::default(), InlineKind::Gap),
                    Inline::new(Span::default(), InlineKind::Supplied(vec![text("word")])),
                    Inline::new(
                        Span::default(),
                        InlineKind::Hi {
                            rend: "underline".into(),
                            content: vec![text("under")],
                        },
                    ),
                    Inline::new(
                        Span::default(),
                        InlineKind::Choice {
                            sic: "teh".into(),
                            corr: "the".into(),
                        },
                    ),
                ]),
            }],
            ..Document::default()
        };
        let src = export_typst(&edition_with(doc), &TypstOptions::default());
        let body = src.split("#teikit-document(\"No. 2\")").nth(1).unwrap();
        assert!(body.contains(
            "#teikit-gap()#teikit-supplied[word]#teikit-underline[under]#teikit-corr(\"teh\")[the]"
        ));
    }

    #[test]
    fn unknown_elements_keep_their_text_with_a_warning() {
        let element = Element {
            span: Span::new(3, 9),
            name: "seg".into(),
            attributes: vec![],
            content: vec![text("kept words")],
        };
        let doc = Document {
            blocks: vec![Block {
                span: Span::new(0, 20),
                kind: BlockKind::Paragraph(vec![Inline::new(
                    Span::new(3, 9),
                    InlineKind::Element(element.clone()),
                )]),
            }],
            ..Document::default()
        };
        let (src, diagnostics) = typst_source(&edition_with(doc), &TypstOptions::default());
        assert!(src.contains("#teikit-unknown(\"seg\")[kept words]"));
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, UNPLACED_CODE);
        assert_eq!(diagnostics[0].span, Span::new(3, 9));
    }

    #[test]
    fn shared_footnote_is_written_once_and_referenced_after() {
        let note = Note {
            span: Span::default(),
            kind: NoteKind::Textual,
            n: Some("*".into()),
            id: Some("n1".into()),
            place: Some(NotePlace::Foot),
            by_editor: false,
            rend: vec![],
            target: vec!["#a1".into(), "#a2".into()],
            content: vec![text("Shared note.")],
        };
        let anchor = |id: &str| {
            Inline::new(
                Span::default(),
                InlineKind::Anchor {
                    n: "*".into(),
                    id: id.into(),
                },
            )
        };
        let doc = Document {
            blocks: vec![Block {
                span: Span::default(),
                kind: BlockKind::Paragraph(vec![anchor("a1"), text(" and "), anchor("a2")]),
            }],
            notes: vec![note],
            ..Document::default()
        };
        let src = export_typst(&edition_with(doc), &TypstOptions::default());
        assert_eq!(src.matches("Shared note").count(), 1);
        assert!(src.contains("#footnote[Shared note.]<teikit-fn-1> and #footnote(<teikit-fn-1>)"));
    }

    #[test]
    fn language_and_date_reach_the_metadata() {
        let mut e = Edition::default();
        e.header.language = "hy-am".into();
        let date = Date::new(2024, 5, 1).unwrap();
        let src = export_typst(
            &e,
            &TypstOptions {
                config: None,
                date: Some(date),
            },
        );
        assert!(src.contains("lang: \"hy\""));
        assert!(src.contains("region: \"AM\""));
        assert!(src.contains("date: datetime(year: 2024, month: 5, day: 1)"));
        assert_eq!(language("x1"), ("en".to_string(), None));
    }
}
