//! Every TEI file reads back whole: the text export carries every letter of
//! the TEI's text, the TEI export keeps it too (and gives teikit's own files
//! back byte for byte), and a probe with one marker word per construct shows
//! each construct distinctly.

use crate::support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use quick_xml::reader::Reader;
use support::{root, stderr, teikit};
use teikit::config::Config;
use teikit::export::html::{HtmlOptions, export_html};
use teikit::export::text::{TextOptions, export_text};
use teikit::tei::read::read_tei;
use teikit::tei::write::{TeiOptions, write_tei};

/// Every TEI file the tests hold: teikit's own and others'.
fn tei_files() -> Vec<PathBuf> {
    let mut files = support::real_tei_files();
    for name in [
        "edition-valid.xml",
        "minimal-valid.xml",
        "profile-edition.xml",
    ] {
        files.push(root().join("tests/fixtures/validate").join(name));
    }
    files
}

/// How often each letter occurs in the text of the TEI outside `teiHeader`
/// and `standOff` (metadata the model holds as such, not text). In teikit's
/// own form two elements copy text printed once in the source and are not
/// counted: an inherited `repository` (named by the citation above it) and the
/// `sic` of a `choice` (quoted by the note that follows it).
fn tei_letters(xml: &str, teikit_form: bool) -> BTreeMap<char, usize> {
    let mut reader = Reader::from_str(xml);
    let mut skipped = 0usize;
    let mut text = String::new();
    loop {
        match reader.read_event().expect("well-formed") {
            Event::Start(e) => {
                let name = e.local_name().into_inner().to_string();
                let inherited = e
                    .try_get_attribute("rend")
                    .ok()
                    .flatten()
                    .is_some_and(|a| a.value == "inherited");
                let copy = teikit_form && (name == "sic" || name == "repository" && inherited);
                if skipped > 0 || copy || name == "teiHeader" || name == "standOff" {
                    skipped += 1;
                }
            }
            Event::End(_) if skipped > 0 => skipped -= 1,
            Event::Text(t) if skipped == 0 => text.push_str(&t.xml10_content()),
            Event::CData(t) if skipped == 0 => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if skipped == 0 => {
                if let Some(c) = r.resolve_char_ref().unwrap() {
                    text.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    letters(&text)
}

/// A file in teikit's own form (one `div` per document).
fn teikit_form(xml: &str) -> bool {
    xml.contains("<div type=\"document\"")
}

fn letters(text: &str) -> BTreeMap<char, usize> {
    let mut counts = BTreeMap::new();
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        *counts.entry(c).or_insert(0) += 1;
    }
    counts
}

/// Letters of `want` missing from `have` (counted with repetition).
fn lost(want: &BTreeMap<char, usize>, have: &BTreeMap<char, usize>) -> usize {
    want.iter()
        .map(|(c, n)| n.saturating_sub(*have.get(c).unwrap_or(&0)))
        .sum()
}

fn name(path: &Path) -> String {
    path.strip_prefix(root()).unwrap().display().to_string()
}

#[test]
fn the_text_export_carries_every_letter_of_every_tei_file() {
    let config = Config::builtin();
    let mut failures = Vec::new();
    for path in tei_files() {
        let xml = std::fs::read_to_string(&path).unwrap();
        let (edition, _) = read_tei(&xml);
        let text = export_text(&edition, &TextOptions { config: &config });
        let want = tei_letters(&xml, teikit_form(&xml));
        let missing = lost(&want, &letters(&text));
        let total: usize = want.values().sum();
        eprintln!("{:<50} {total:>7} letters, {missing:>5} lost", name(&path));
        if missing > 0 {
            failures.push(format!(
                "{}: {missing} of {total} letters lost",
                name(&path)
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_tei_export_keeps_every_letter_and_gives_teikits_own_files_back() {
    let dir = tempfile::tempdir().unwrap();
    for path in tei_files() {
        let xml = std::fs::read_to_string(&path).unwrap();
        let out = dir.path().join("out.xml");
        let o = teikit(&[
            "export",
            path.to_str().unwrap(),
            "--to",
            "tei",
            "-o",
            out.to_str().unwrap(),
            "-q",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}: {}", name(&path), stderr(&o));
        let written = std::fs::read_to_string(&out).unwrap();
        let own = teikit_form(&xml);
        let missing = lost(&tei_letters(&xml, own), &tei_letters(&written, own));
        assert_eq!(
            missing,
            0,
            "{}: letters lost in the TEI export",
            name(&path)
        );
        // What teikit wrote comes back byte for byte.
        let (edition, _) = read_tei(&xml);
        let options = if xml.contains("teikit-edition.rng") {
            TeiOptions::edition()
        } else {
            TeiOptions::default()
        };
        if write_tei(&edition, &options) == xml {
            assert_eq!(written, xml, "{}", name(&path));
        }
    }
    let own = root().join("tei/edition.xml");
    let out = dir.path().join("own.xml");
    let o = teikit(&[
        "export",
        own.to_str().unwrap(),
        "--to",
        "tei",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&own).unwrap());
}

#[test]
fn the_probe_shows_every_construct_distinctly() {
    let path = root().join("tests/fixtures/tei/probe/probe.xml");
    let xml = std::fs::read_to_string(&path).unwrap();
    let (edition, diagnostics) = read_tei(&xml);
    let text = export_text(
        &edition,
        &TextOptions {
            config: &Config::builtin(),
        },
    );
    for expect in [
        "Zfronttitle",
        "Zpreface",
        "Zappendix",
        "Zsourcedocline",
        "Zfacsimileline",
        "Zsicside [Zcorrside]",
        "Zabbr [Zexpan]",
        "Zorig [Zreg]",
        "Zlemma (A) [B: Zreading]",
        "[-Zdeleted-][+Zadded+]",
        "Zgap [Zgapdesc] and <…>",
        "Zlineone\nZlinetwo",
        "Zcellone | Zcelltwo",
        "Zitemone\nZitemtwo",
        "[Note: Zuntypednote]",
        "Zhyphenated and Zsplitword and Zline\nbreak",
        "Zwone Zwtwo Zwthree",
        "Zattributes Zhiattr",
        "Zopenertext",
        "Zlistbibltext\nZlistbibl",
    ] {
        assert!(text.contains(expect), "{expect:?} not in\n{text}");
    }
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("kept 3 <w> elements")),
        "{messages:#?}"
    );
    assert_eq!(
        messages.iter().filter(|m| m.contains("<w>")).count(),
        1,
        "one warning for every <w>"
    );
    // The HTML shows both sides of a choice, the readings and the gap's description.
    let html = export_html(
        &edition,
        &HtmlOptions {
            single_file: true,
            ..Default::default()
        },
    )
    .into_iter()
    .map(|(_, page)| page)
    .collect::<String>();
    for expect in [
        "Zsicside <span class=\"mark mark-alt\"",
        ">[Zcorrside]</span>",
        "Zlemma <span class=\"wit\">(A)</span>",
        ">[B: Zreading]</span>",
        ">[Zgapdesc]</span>",
    ] {
        assert!(html.contains(expect), "{expect:?} not in the HTML");
    }
    // Known elements with attributes the model has no slot for are kept whole.
    let json = serde_json::to_string(&edition).unwrap();
    for attribute in ["p-attr", "indent", "h1", "hyphenInWord", "illegible"] {
        assert!(json.contains(attribute), "{attribute} lost");
    }
}

#[test]
fn a_corpus_and_a_div_rooted_file_read_whole() {
    let config = Config::builtin();
    for (file, expect) in [
        (
            "corpus.xml",
            &["Zcorpustextone", "Zgrouptextone", "Zgrouptexttwo"][..],
        ),
        (
            "div-rooted.xml",
            &[
                "Zdivhead",
                "Zdivpara with Zgi and Zatt.",
                "Zsubhead",
                "Zsubpara",
            ][..],
        ),
    ] {
        let xml =
            std::fs::read_to_string(root().join("tests/fixtures/tei/probe").join(file)).unwrap();
        let (edition, _) = read_tei(&xml);
        let text = export_text(&edition, &TextOptions { config: &config });
        for e in expect {
            assert!(text.contains(e), "{file}: {e:?} not in\n{text}");
        }
    }
}
