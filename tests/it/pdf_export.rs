//! PDF export of real editions, read back with poppler's pdftotext and qpdf:
//! every title, footnote and citation is in the text, the outline has one entry
//! per document, the metadata is set, the bytes are the same on every run.
#![cfg(feature = "pdf")]

use crate::support;

use std::io::Write;
use std::process::Command;

use teikit::config::Config;
use teikit::export::pdf::{COMPILE_ERROR, PdfOptions, compile_typst, export_pdf_with_warnings};
use teikit::export::pdf_standard::PdfStandard;
use teikit::export::text::witnesses_text;
use teikit::export::typst::{TypstOptions, UNPLACED_CODE, document_label, export_typst};
use teikit::model::{
    Block, BlockKind, Document, Edition, Element, Head, Inline, InlineKind, NotePlace, Span,
};

fn pdf_of(edition: &Edition, config: &Config) -> Vec<u8> {
    let options = PdfOptions {
        typst: TypstOptions {
            config: Some(config),
            date: None,
        },
        standard: None,
    };
    match export_pdf_with_warnings(edition, &options) {
        Ok((pdf, _)) => pdf,
        Err(errors) => panic!("{errors:#?}"),
    }
}

/// Whether poppler's tools (pdftotext, pdfinfo, pdffonts) and qpdf are there
/// to read the PDFs back (see `support::require`).
fn pdf_tools() -> bool {
    let test = support::test_name();
    ["pdftotext", "pdfinfo", "pdffonts", "qpdf"]
        .iter()
        .all(|tool| support::tool_installed(&test, tool, &["--version"]))
}

fn tool(name: &str, args: &[&str], pdf: &[u8]) -> String {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(pdf).expect("write pdf");
    let path = file.path().to_str().expect("path").to_string();
    let mut all: Vec<&str> = args.to_vec();
    all.push(&path);
    if name == "pdftotext" {
        all.push("-");
    }
    let output = Command::new(name).args(&all).output().unwrap_or_else(|e| {
        panic!("{name} not runnable ({e}): install poppler-utils and qpdf for the PDF tests")
    });
    assert!(output.status.success(), "{name} failed");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The text of the PDF as one line: hyphenation at line ends undone, whitespace collapsed.
fn pdf_text(pdf: &[u8]) -> String {
    let raw = tool("pdftotext", &[], pdf);
    normalize(&raw.replace("\u{ad}\n", "").replace("\u{ad}", ""))
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Inline content as the PDF shows it: the editor's marks with their brackets,
/// footnotes left out (they are at the foot of the page).
fn shown(content: &[Inline]) -> String {
    let mut out = String::new();
    for i in content {
        match &i.kind {
            InlineKind::Text(s)
            | InlineKind::PlaceName(s)
            | InlineKind::Title(s)
            | InlineKind::PubPlace(s) => out.push_str(s),
            InlineKind::Gap => out.push_str("⟨…⟩"),
            InlineKind::Supplied(c) => out.push_str(&format!("[{}]", shown(c))),
            InlineKind::Hi { content: c, .. }
            | InlineKind::PersName { content: c, .. }
            | InlineKind::RoleName(c)
            | InlineKind::Signed(c) => out.push_str(&shown(c)),
            InlineKind::Element(e) => out.push_str(&shown(&e.content)),
            InlineKind::Choice { corr, .. } => out.push_str(corr),
            InlineKind::Expan { abbr, ex } => out.push_str(&format!("{abbr}[{ex}]")),
            InlineKind::Date(d) => out.push_str(&d.text),
            InlineKind::Idno { text, .. } | InlineKind::BiblScope { text, .. } => {
                out.push_str(text)
            }
            InlineKind::Lb => out.push(' '),
            // The page of the printed edition, in brackets where it began.
            InlineKind::PageBreak(n) => out.push_str(&format!("[{n}]")),
            InlineKind::Anchor { .. } | InlineKind::Note(_) => {}
        }
    }
    out
}

/// Every footnote of a document, as the PDF shows its text.
fn footnotes(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    support::walk(doc, &mut |i| {
        if let InlineKind::Note(n) = &i.kind
            && n.place == Some(NotePlace::Foot)
        {
            out.push(shown(&n.content));
        }
    });
    for n in doc
        .notes
        .iter()
        .filter(|n| n.place == Some(NotePlace::Foot))
    {
        out.push(shown(&n.content));
    }
    out.sort();
    out.dedup();
    out
}

fn assert_everything_found(edition: &Edition, config: &Config, text: &str) {
    assert!(!edition.documents.is_empty());
    let mut notes = 0;
    for doc in &edition.documents {
        let title: Vec<String> = doc
            .heads
            .iter()
            .filter(|h| !h.sub)
            .map(|h| shown(&h.content))
            .collect();
        let label = document_label(doc);
        let heading = if title.is_empty() {
            label
        } else {
            normalize(&format!("{label}. {}", title.join(" ")))
        };
        assert!(text.contains(&heading), "title missing: {heading}");
        for note in footnotes(doc) {
            notes += 1;
            let note = normalize(&note);
            assert!(text.contains(&note), "footnote missing: {note}");
        }
        if let Some(w) = &doc.witnesses {
            let citation = normalize(&witnesses_text(w, edition, config));
            assert!(text.contains(&citation), "citation missing: {citation}");
        }
    }
    assert!(notes > 0, "the edition has footnotes to look for");
}

/// Titles of the top-level outline entries (PDF bookmarks).
fn outline_titles(pdf: &[u8]) -> Vec<String> {
    let json = tool("qpdf", &["--json", "--json-key=outlines"], pdf);
    let value: serde_json::Value = serde_json::from_str(&json).expect("qpdf json");
    value["outlines"]
        .as_array()
        .expect("outlines")
        .iter()
        .map(|o| o["title"].as_str().unwrap_or("").to_string())
        .collect()
}

fn assert_one_outline_entry_per_document(edition: &Edition, pdf: &[u8]) {
    let titles = outline_titles(pdf);
    for doc in &edition.documents {
        let label = document_label(doc);
        let entries = titles
            .iter()
            .filter(|t| *t == &label || t.starts_with(&format!("{label}. ")))
            .count();
        assert_eq!(entries, 1, "{label} in {titles:#?}");
    }
    let documents = titles
        .iter()
        .filter(|t| t.starts_with("No. ") || t.starts_with("Fragment"))
        .count();
    assert_eq!(documents, edition.documents.len());
}

#[test]
fn sample_exports_with_titles_footnotes_citations_and_outline() {
    if !pdf_tools() {
        return;
    }
    let config = Config::builtin();
    let (edition, _, _) = support::convert("barsegov-555-570.txt", &config);
    let pdf = pdf_of(&edition, &config);
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    assert_everything_found(&edition, &config, &text);
    assert_one_outline_entry_per_document(&edition, &pdf);
    // Typographic characters come out as themselves.
    for c in ["’", "“", "”", "–", "—", "…"] {
        assert!(text.contains(c), "{c} missing");
    }
    // The indexes list the edition's persons.
    assert!(text.contains("Index of persons"));
    for p in &edition.header.persons {
        assert!(text.contains(&p.name), "{} not in the index", p.name);
    }
}

#[test]
fn variants_export_with_titles_footnotes_citations_and_outline() {
    if !pdf_tools() {
        return;
    }
    let config = support::variants_config();
    let (edition, _, _) = support::convert("variants.txt", &config);
    let pdf = pdf_of(&edition, &config);
    let text = pdf_text(&pdf);
    assert_everything_found(&edition, &config, &text);
    assert_one_outline_entry_per_document(&edition, &pdf);
}

#[test]
fn example_edition_exports_from_its_tei() {
    if !pdf_tools() {
        return;
    }
    let root = support::root();
    let config =
        Config::from_toml(&std::fs::read_to_string(root.join("tei/edition.toml")).unwrap())
            .unwrap();
    let xml = std::fs::read_to_string(root.join("tei/edition.xml")).unwrap();
    let (edition, diagnostics) = teikit::tei::read::read_tei(&xml);
    assert!(diagnostics.is_empty());
    let pdf = pdf_of(&edition, &config);
    let text = pdf_text(&pdf);
    assert_everything_found(&edition, &config, &text);
    assert_one_outline_entry_per_document(&edition, &pdf);
}

#[test]
fn metadata_is_set_and_output_is_deterministic() {
    if !pdf_tools() {
        return;
    }
    let config = Config::builtin();
    let (edition, _, _) = support::convert("barsegov-555-570.txt", &config);
    let first = pdf_of(&edition, &config);
    let second = pdf_of(&edition, &config);
    assert!(first == second, "two exports differ");
    let info = tool("pdfinfo", &["-isodates"], &first);
    let line = |key: &str| {
        info.lines()
            .find(|l| l.starts_with(key))
            .map(|l| l[key.len()..].trim().to_string())
    };
    assert_eq!(line("Title:"), Some(edition.header.title.clone()));
    let editor = edition.header.editor.as_ref().expect("editor").name.clone();
    assert_eq!(line("Author:"), Some(editor));
    assert_eq!(line("CreationDate:"), None, "no date unless one is given");
    let catalog = tool("qpdf", &["--json", "--json-key=qpdf"], &first);
    assert!(catalog.contains(&format!("\"/Lang\": \"u:{}\"", edition.header.language)));

    let dated = PdfOptions {
        typst: TypstOptions {
            config: Some(&config),
            date: Some(jiff::civil::date(2024, 3, 9)),
        },
        standard: None,
    };
    let (pdf, _) = export_pdf_with_warnings(&edition, &dated).expect("pdf");
    let (again, _) = export_pdf_with_warnings(&edition, &dated).expect("pdf");
    assert!(pdf == again);
    let info = tool("pdfinfo", &["-isodates"], &pdf);
    assert!(
        info.lines()
            .any(|l| l.starts_with("CreationDate:") && l.contains("2024-03-09")),
        "{info}"
    );
}

#[test]
fn hostile_text_diacritics_and_unknown_elements_render_as_text() {
    if !pdf_tools() {
        return;
    }
    let text = |s: &str| Inline::text(Span::default(), s);
    let unknown = Element {
        span: Span::new(10, 20),
        name: "seg".into(),
        attributes: vec![],
        content: vec![text("Kept words of an unknown element")],
    };
    let doc = Document {
        n: Some("7".into()),
        id: "d7".into(),
        heads: vec![Head {
            span: Span::default(),
            sub: false,
            content: vec![text("Šahumyan, Łódź and Ərəb: #set text(red) $x^2$ <a> @b")],
        }],
        blocks: vec![
            Block {
                span: Span::default(),
                kind: BlockKind::Paragraph(vec![text(
                    "] #panic(\"no\") ) // not a comment\n\n= not a heading \\ ‘quoted’",
                )]),
            },
            Block {
                span: Span::new(5, 25),
                kind: BlockKind::Other(unknown.clone()),
            },
            Block {
                span: Span::default(),
                kind: BlockKind::Paragraph(vec![Inline::new(
                    Span::new(30, 40),
                    InlineKind::Element(unknown),
                )]),
            },
        ],
        ..Document::default()
    };
    let mut edition = Edition::default();
    edition.header.title = "Edition \"of\" #tests".into();
    edition.header.language = "en".into();
    edition.documents.push(doc);
    let options = PdfOptions::default();
    let (pdf, warnings) = export_pdf_with_warnings(&edition, &options).expect("pdf");
    let shown = pdf_text(&pdf);
    assert!(shown.contains("No. 7. Šahumyan, Łódź and Ərəb: #set text(red) $x^2$ <a> @b"));
    assert!(shown.contains("] #panic(\"no\") ) // not a comment = not a heading \\ ‘quoted’"));
    assert_eq!(shown.matches("Kept words of an unknown element").count(), 2);
    let unplaced: Vec<_> = warnings
        .iter()
        .filter(|w| w.code == UNPLACED_CODE)
        .collect();
    assert_eq!(unplaced.len(), 2);
    assert_eq!(unplaced[0].span, Span::new(5, 25));
    assert_eq!(unplaced[1].span, Span::new(10, 20));
}

#[test]
fn typst_errors_are_diagnostics() {
    let errors = compile_typst("#let x = (\n#undefined-function()", None).expect_err("error");
    assert!(!errors.is_empty());
    assert!(
        errors
            .iter()
            .all(|e| e.code == COMPILE_ERROR && e.is_error())
    );
    assert!(
        errors.iter().any(|e| e.message.contains("typst source 2:")),
        "{errors:#?}"
    );
}

#[test]
fn the_pdf_is_compiled_from_exactly_the_typst_source() {
    if !pdf_tools() {
        return;
    }
    let config = Config::builtin();
    let (edition, _, _) = support::convert("barsegov-555-570.txt", &config);
    let options = TypstOptions {
        config: Some(&config),
        date: None,
    };
    let source = export_typst(&edition, &options);
    let (from_source, _) = compile_typst(&source, None).expect("pdf");
    assert!(from_source == pdf_of(&edition, &config));
}

/// The PDF with every stream uncompressed (qpdf's QDF form), as text.
fn uncompressed(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.pdf");
    let output = dir.path().join("out.pdf");
    std::fs::write(&input, pdf).expect("write pdf");
    let status = Command::new("qpdf")
        .arg("--qdf")
        .arg("--object-streams=disable")
        .arg(&input)
        .arg(&output)
        .status()
        .unwrap_or_else(|e| panic!("qpdf not runnable ({e}): install qpdf"));
    assert!(status.success(), "qpdf --qdf failed");
    String::from_utf8_lossy(&std::fs::read(&output).expect("qdf")).into_owned()
}

/// pdffonts' "emb" column, one entry per font of the PDF. Long font names
/// push the columns right, so the fields are counted from the end of the row
/// (emb, sub, uni, object number, generation).
fn fonts_embedded(pdf: &[u8]) -> Vec<(String, bool)> {
    let listing = tool("pdffonts", &[], pdf);
    let mut lines = listing.lines();
    let header = lines.next().expect("pdffonts header");
    assert!(header.contains("emb sub uni object ID"), "{header}");
    lines
        .skip(1) // the line of dashes
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let fields: Vec<&str> = l.split_whitespace().collect();
            assert!(fields.len() >= 6, "{l}");
            (fields[0].to_string(), fields[fields.len() - 5] == "yes")
        })
        .collect()
}

#[test]
fn pdf_standards_write_their_xmp_identification_and_embed_every_font() {
    if !pdf_tools() {
        return;
    }
    let config = Config::builtin();
    let (edition, _, _) = support::convert("barsegov-555-570.txt", &config);
    for (standard, part, conformance) in [
        (PdfStandard::A2b, "2", Some("B")),
        (PdfStandard::A3b, "3", Some("B")),
        (PdfStandard::Ua1, "1", None),
    ] {
        let options = PdfOptions {
            typst: TypstOptions {
                config: Some(&config),
                date: Some(jiff::civil::date(2024, 3, 9)),
            },
            standard: Some(standard),
        };
        let (pdf, _) = export_pdf_with_warnings(&edition, &options)
            .unwrap_or_else(|e| panic!("{standard:?}: {e:#?}"));
        let text = uncompressed(&pdf);
        let xmp_start = text.find("<x:xmpmeta").expect("XMP metadata stream");
        let xmp = &text[xmp_start..text[xmp_start..].find("</x:xmpmeta>").unwrap() + xmp_start];
        let has = |tag: &str, value: &str| {
            xmp.contains(&format!("<{tag}>{value}</{tag}>"))
                || xmp.contains(&format!("{tag}=\"{value}\""))
        };
        match conformance {
            Some(c) => {
                assert!(has("pdfaid:part", part), "{standard:?}: {xmp}");
                assert!(has("pdfaid:conformance", c), "{standard:?}: {xmp}");
            }
            None => assert!(has("pdfuaid:part", part), "{standard:?}: {xmp}"),
        }
        // The metadata names the edition as the document's title.
        assert!(xmp.contains("dc:title"), "{standard:?}: {xmp}");
        let fonts = fonts_embedded(&pdf);
        assert!(!fonts.is_empty(), "{standard:?}: no fonts listed");
        for (name, embedded) in fonts {
            assert!(embedded, "{standard:?}: font {name} not embedded");
        }
    }
    // Without a standard the PDF claims none.
    let plain = uncompressed(&pdf_of(&edition, &config));
    assert!(!plain.contains("pdfaid:part"));
}
