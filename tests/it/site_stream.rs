//! A TEI file's site exported a document at a time
//! (`export::html::export_html_streamed`: pages rendered while the file is
//! read) holds the files of the whole-model export (`export_html`), byte
//! for byte, on every real TEI file the tests hold; a file whose header
//! comes late is left to the whole model, a broken one writes nothing.

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::support;

use teikit::export::html::{HtmlOptions, SiteStreamed, export_html, export_html_streamed};
use teikit::tei::read::read_tei;

/// The files the streamed export hands on, by name (each name once).
fn streamed(xml: &str, options: &HtmlOptions) -> (BTreeMap<String, Vec<u8>>, SiteStreamed) {
    let files = Mutex::new(BTreeMap::new());
    let result = export_html_streamed(xml, options, &|name, bytes| {
        let old = files
            .lock()
            .unwrap()
            .insert(name.to_string(), bytes.to_vec());
        assert!(old.is_none(), "{name} handed on twice");
        Ok(())
    })
    .unwrap();
    (files.into_inner().unwrap(), result)
}

fn whole_model(xml: &str, options: &HtmlOptions) -> BTreeMap<String, Vec<u8>> {
    let (edition, _) = read_tei(xml);
    let files = export_html(&edition, options);
    let count = files.len();
    let files: BTreeMap<String, Vec<u8>> = files
        .into_iter()
        .map(|(name, content)| (name, content.into_bytes()))
        .collect();
    assert_eq!(files.len(), count, "the whole model names a file twice");
    files
}

/// Same names, same bytes; the first difference is shown.
fn assert_same_site(
    label: &str,
    got: &BTreeMap<String, Vec<u8>>,
    expected: &BTreeMap<String, Vec<u8>>,
) {
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(got), names(expected), "{label}: other files");
    for (name, bytes) in expected {
        assert!(
            &got[name] == bytes,
            "{label}: {name} differs from the whole model:\n{}\n---\n{}",
            String::from_utf8_lossy(&got[name]),
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn every_real_tei_file_streams_to_the_site_of_the_whole_model() {
    let files = support::real_tei_files();
    assert!(files.len() >= 15, "{files:?}");
    let authorities = teikit::config::Authorities::default();
    let option_sets = [
        HtmlOptions::default(),
        HtmlOptions {
            site_url: Some("https://example.org/edition/"),
            authorities: Some(&authorities),
            ..HtmlOptions::default()
        },
    ];
    let mut written = 0;
    for file in &files {
        let xml = std::fs::read_to_string(file).unwrap();
        let (edition, _) = read_tei(&xml);
        for options in &option_sets {
            let (got, result) = streamed(&xml, options);
            match result {
                SiteStreamed::Written { documents, .. } => {
                    assert_eq!(documents, edition.documents.len(), "{}", file.display());
                    assert_same_site(
                        &file.display().to_string(),
                        &got,
                        &whole_model(&xml, options),
                    );
                    written += 1;
                }
                // Left to the whole model: a file without documents or with
                // its header after them.
                SiteStreamed::WholeModel => {}
                SiteStreamed::Refused { diagnostics } => {
                    panic!("{}: {diagnostics:?}", file.display())
                }
            }
        }
    }
    // The real files have their header first: nearly all of them stream.
    assert!(
        written + 4 >= 2 * files.len(),
        "only {written} of {} streamed",
        2 * files.len()
    );
}

/// Documents with the same id, no id, or the name of an edition page get
/// the same unique page names as in the whole model; markup between
/// documents joins the one before, as there.
#[test]
fn page_names_and_neighbours_stream_as_the_whole_model() {
    let corpus = r##"<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>Names</title></titleStmt></fileDesc></teiHeader>
  <text><body>stray
    <div type="document" xml:id="d1" n="1"><head>One</head><p>First <persName ref="#p1">A</persName></p></div>
    <div type="document" xml:id="d1" n="2"><p>Second</p></div>
    <pb n="3"/>
    <div type="document" xml:id="index" n="3"><p>Third</p></div>
    <div type="document" n="4"><p>Fourth</p></div>
    <div type="document" xml:id="D1" n="5"><p>Fifth</p></div>
  </body></text></TEI>"##;
    let options = HtmlOptions::default();
    let (got, result) = streamed(corpus, &options);
    assert!(
        matches!(result, SiteStreamed::Written { documents: 5, .. }),
        "{result:?}"
    );
    let expected = whole_model(corpus, &options);
    for page in [
        "d1.html",
        "d1-2.html",
        "index-2.html",
        "document-4.html",
        "D1-3.html",
    ] {
        assert!(expected.contains_key(page), "{page}: {:?}", expected.keys());
    }
    assert_same_site("names", &got, &expected);
}

#[test]
fn a_header_after_the_documents_is_left_to_the_whole_model() {
    let late = r#"<TEI><text><body><div type="document" n="1"><p>x</p></div></body></text>
<teiHeader><fileDesc><titleStmt><title>Late</title></titleStmt></fileDesc></teiHeader></TEI>"#;
    let (_, result) = streamed(late, &HtmlOptions::default());
    assert!(matches!(result, SiteStreamed::WholeModel), "{result:?}");
}

#[test]
fn a_broken_file_is_refused() {
    let broken = "<TEI><teiHeader/><text><body><div type=\"document\"><p>x</p></div><div type=\"document\"><p>y</p></div><div type=\"document\">";
    let (_, result) = streamed(broken, &HtmlOptions::default());
    assert!(matches!(result, SiteStreamed::Refused { .. }), "{result:?}");
}

/// `teikit export --to html -o DIR` writes the whole-model site a document
/// at a time; a file broken at its end writes no folder and leaves no
/// temporary one.
#[test]
fn the_command_writes_the_whole_model_site_and_never_half_of_one() {
    let dir = tempfile::tempdir().unwrap();
    let input = support::root().join("tei/edition.xml");
    let xml = std::fs::read_to_string(&input).unwrap();
    let out = dir.path().join("site");
    let run = support::teikit(&[
        "export",
        input.to_str().unwrap(),
        "--to",
        "html",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", support::stderr(&run));
    let mut got = BTreeMap::new();
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        got.insert(name, std::fs::read(&path).unwrap());
    }
    // `tei/` has an `edition.toml` beside it: the export reads it.
    let config = teikit::pipeline::load_config(None, &input).unwrap();
    let options = HtmlOptions {
        single_file: false,
        site_url: config.edition.site_url.as_deref(),
        authorities: Some(&config.authorities),
    };
    assert_same_site("command", &got, &whole_model(&xml, &options));
    let (edition, _) = read_tei(&xml);
    let summary = support::stderr(&run);
    let count = format!("{} documents", edition.documents.len());
    assert!(summary.contains(&count), "{summary}");

    let broken = dir.path().join("broken.xml");
    let cut = xml.rfind("</div>").unwrap();
    std::fs::write(&broken, &xml[..cut]).unwrap();
    let out = dir.path().join("broken-site");
    let run = support::teikit(&[
        "export",
        broken.to_str().unwrap(),
        "--to",
        "html",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", support::stderr(&run));
    let mut left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["broken.xml", "site"],
        "no broken site, no temporary folder"
    );
}
