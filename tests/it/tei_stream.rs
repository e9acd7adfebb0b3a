//! A TEI file exported a document at a time (`export::stream`) gives the
//! bytes of the export of the whole model, for every format written that
//! way, on every real TEI file the tests hold; the reader hands each
//! document on before the file is read to its end.

use crate::support;

use teikit::config::Config;
use teikit::export::json::write_json;
use teikit::export::markdown::write_markdown;
use teikit::export::stream::{
    StreamFormat, StreamOptions, Streamed, export_tei_streamed, stream_into,
};
use teikit::export::text::{TextOptions, write_text};
use teikit::model::Edition;
use teikit::tei::read::{read_tei, read_tei_with};
use teikit::tei::write::{TeiOptions, write_tei_to};

const FORMATS: [StreamFormat; 4] = [
    StreamFormat::Text,
    StreamFormat::Markdown,
    StreamFormat::Json,
    StreamFormat::Tei,
];

fn whole_model(edition: &Edition, options: &StreamOptions) -> Vec<u8> {
    let mut out = Vec::new();
    match options.format {
        StreamFormat::Text => write_text(edition, &options.text, &mut out),
        StreamFormat::Markdown => write_markdown(edition, &options.text, &mut out),
        StreamFormat::Json => write_json(edition, &mut out),
        StreamFormat::Tei => write_tei_to(edition, &options.tei, &mut out),
    }
    .unwrap();
    out
}

fn options(format: StreamFormat, config: &Config) -> StreamOptions<'_> {
    StreamOptions {
        format,
        text: TextOptions { config },
        tei: TeiOptions::edition(),
    }
}

fn streamed(xml: &str, options: &StreamOptions) -> (Vec<u8>, Streamed) {
    let spool = tempfile::tempdir().unwrap();
    let mut out = Vec::new();
    let result = stream_into(xml, options, &mut out, spool.path()).unwrap();
    (out, result)
}

#[test]
fn every_real_tei_file_streams_to_the_bytes_of_the_whole_model() {
    let config = Config::default();
    let files = support::real_tei_files();
    assert!(files.len() >= 15, "{files:?}");
    for file in files {
        let xml = std::fs::read_to_string(&file).unwrap();
        let (edition, _) = read_tei(&xml);
        for format in FORMATS {
            let options = options(format, &config);
            let (bytes, result) = streamed(&xml, &options);
            let Streamed::Written { documents, .. } = result else {
                panic!("{} {format:?}: {result:?}", file.display());
            };
            assert_eq!(documents, edition.documents.len(), "{}", file.display());
            let expected = whole_model(&edition, &options);
            assert!(
                bytes == expected,
                "{} {format:?} differs from the whole model:\n{}\n---\n{}",
                file.display(),
                String::from_utf8_lossy(&bytes),
                String::from_utf8_lossy(&expected)
            );
        }
    }
}

/// Markup between documents joins the document before it, text and markup
/// before the first joins the first: held back until the next is read.
#[test]
fn markup_between_documents_and_several_bodies_stream_as_the_whole_model() {
    let config = Config::default();
    let corpus = r#"<teiCorpus xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>C</title></titleStmt></fileDesc></teiHeader>
  <TEI><teiHeader><fileDesc><titleStmt><title>One</title></titleStmt></fileDesc></teiHeader>
    <text><front><p>Front matter</p></front><body>stray<milestone unit="x"/>
      <div type="document" n="1"><p>First</p></div>
      <pb n="2"/>between
      <div type="document" n="2"><p>Second</p></div>
      <fw>after</fw></body><back><p>Back</p></back></text></TEI>
  <TEI><teiHeader><fileDesc><titleStmt><title>Two</title></titleStmt></fileDesc></teiHeader>
    <text><group><text><body><div type="document" n="3"><p>Third</p></div></body></text>
    loose</group></text></TEI>
</teiCorpus>"#;
    let (edition, _) = read_tei(corpus);
    assert_eq!(edition.documents.len(), 6, "{:#?}", edition.documents);
    for format in FORMATS {
        let options = options(format, &config);
        let (bytes, result) = streamed(corpus, &options);
        assert!(
            matches!(result, Streamed::Written { documents: 6, .. }),
            "{result:?}"
        );
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            String::from_utf8(whole_model(&edition, &options)).unwrap(),
            "{format:?}"
        );
    }
}

/// Each document is handed on before the end of the file is read: a file
/// broken at its end has had its first documents handed on (and refused).
#[test]
fn documents_are_handed_on_before_the_file_ends() {
    let mut body = String::new();
    for n in 1..=5 {
        body.push_str(&format!(
            "<div type=\"document\" n=\"{n}\"><p>D{n}</p></div>"
        ));
    }
    let broken = format!("<TEI><teiHeader/><text><body>{body}");
    let mut handed_on = Vec::new();
    let read = read_tei_with(&broken, &mut |_, document, placement| {
        handed_on.push((document.n.clone().unwrap_or_default(), placement.depth));
        Ok(())
    })
    .unwrap();
    assert!(read.diagnostics.iter().any(|d| d.is_error()));
    // The fifth is held until its body ends, which never comes.
    let expect: Vec<_> = (1..=4).map(|n| (n.to_string(), 3)).collect();
    assert_eq!(handed_on, expect);
}

#[test]
fn a_broken_file_leaves_the_output_as_it_was() {
    let config = Config::default();
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("out.txt");
    std::fs::write(&output, "old").unwrap();
    let broken = "<TEI><text><body><div type=\"document\"><p>x</p></div><div type=\"document\">";
    for format in FORMATS {
        let result = export_tei_streamed(broken, &output, &options(format, &config)).unwrap();
        assert!(matches!(result, Streamed::Refused { .. }), "{result:?}");
        assert_eq!(std::fs::read_to_string(&output).unwrap(), "old");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left");
    }
}

/// A header read after a document would have been missing when the
/// document was written: the export is left to the whole model.
#[test]
fn a_header_after_the_documents_is_left_to_the_whole_model() {
    let config = Config::default();
    let late = r#"<TEI><text><body><div type="document" n="1"><p>x</p></div></body></text>
<teiHeader><fileDesc><titleStmt><title>Late</title></titleStmt></fileDesc></teiHeader></TEI>"#;
    let (edition, _) = read_tei(late);
    assert_eq!(edition.header.title, "Late");
    let (_, result) = streamed(late, &options(StreamFormat::Markdown, &config));
    assert!(matches!(result, Streamed::WholeModel), "{result:?}");
}

/// `teikit export` writes a TEI file a document at a time: the file holds
/// the whole-model bytes, the summary counts the documents, and a file
/// broken at its end leaves an existing output as it was (exit 1).
#[test]
fn the_command_streams_and_never_leaves_a_half_export() {
    let dir = tempfile::tempdir().unwrap();
    let input = support::root().join("tests/fixtures/tei/probe/corpus.xml");
    let xml = std::fs::read_to_string(&input).unwrap();
    let (edition, _) = read_tei(&xml);
    let output = dir.path().join("out.json");
    let run = support::teikit(&[
        "export",
        input.to_str().unwrap(),
        "--to",
        "json",
        "-o",
        output.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", support::stderr(&run));
    let mut expected = Vec::new();
    write_json(&edition, &mut expected).unwrap();
    assert_eq!(std::fs::read(&output).unwrap(), expected);
    let summary = support::stderr(&run);
    let count = format!("{} documents", edition.documents.len());
    assert!(summary.contains(&count), "{summary}");

    let broken = dir.path().join("broken.xml");
    let cut = xml.rfind("</").unwrap();
    std::fs::write(&broken, &xml[..cut]).unwrap();
    let run = support::teikit(&[
        "export",
        broken.to_str().unwrap(),
        "--to",
        "json",
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", support::stderr(&run));
    assert!(support::stderr(&run).contains("teikit::xml::not-well-formed"));
    assert_eq!(std::fs::read(&output).unwrap(), expected);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 2, "no temporary file is left");
}
