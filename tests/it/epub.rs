//! `--to epub`: the EPUB 3 of the sample, tei/ and a Russian source passes
//! epubcheck; `mimetype` is the first entry and stored; notes are EPUB
//! footnotes; the book shows the same marks and legend as the HTML edition;
//! the same edition gives the same bytes.

use crate::support;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use teikit::config::Config;
use teikit::export::epub::{EpubOptions, export_epub};
use teikit::export::html::{HtmlOptions, export_html};
use teikit::model::Edition;
use teikit::tei::read::read_tei;

fn editions() -> Vec<(&'static str, Edition)> {
    let xml = std::fs::read_to_string(support::root().join("tei/edition.xml")).unwrap();
    vec![
        (
            "sample",
            support::convert("barsegov-555-570.txt", &Config::builtin()).0,
        ),
        ("tei/", read_tei(&xml).0),
        (
            "russian",
            support::convert("russian-telegrams.txt", &Config::builtin()).0,
        ),
    ]
}

/// The epubcheck jar (Debian's `epubcheck` package installs it there).
fn epubcheck() -> Option<PathBuf> {
    let jar = std::env::var_os("EPUBCHECK_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/share/java/epubcheck.jar"));
    let java = Command::new("java").arg("-version").output().is_ok();
    let test = support::test_name();
    support::require(&test, "epubcheck", jar.is_file() && java).then_some(jar)
}

fn run_epubcheck(jar: &Path, epub: &[u8]) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("book.epub");
    std::fs::write(&file, epub).unwrap();
    let out = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg(&file)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// Every entry of the book: (name, stored?, content).
fn entries(epub: &[u8]) -> Vec<(String, bool, String)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let stored = file.compression() == zip::CompressionMethod::Stored;
            let mut content = String::new();
            file.read_to_string(&mut content).unwrap();
            (file.name().unwrap().to_string(), stored, content)
        })
        .collect()
}

#[test]
fn epubcheck_passes_on_the_sample_tei_and_a_russian_source() {
    let Some(jar) = epubcheck() else { return };
    for (label, edition) in editions() {
        let epub = export_epub(&edition, &EpubOptions::default()).unwrap();
        let (ok, report) = run_epubcheck(&jar, &epub);
        assert!(ok, "{label}: {report}");
        assert!(
            report.contains("No errors or warnings detected"),
            "{label}: {report}"
        );
    }
}

#[test]
fn mimetype_comes_first_stored_and_the_book_is_deterministic() {
    for (label, edition) in editions() {
        let epub = export_epub(&edition, &EpubOptions::default()).unwrap();
        assert_eq!(
            epub,
            export_epub(&edition, &EpubOptions::default()).unwrap(),
            "{label}"
        );
        // The OCF signature readers check: `mimetype` at offset 30, uncompressed.
        assert_eq!(&epub[30..38], b"mimetype", "{label}");
        assert_eq!(&epub[38..58], b"application/epub+zip", "{label}");
        let files = entries(&epub);
        assert_eq!(files[0].0, "mimetype");
        assert!(files[0].1, "stored");
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        for name in [
            "META-INF/container.xml",
            "OEBPS/package.opf",
            "OEBPS/nav.xhtml",
        ] {
            assert!(names.contains(&name), "{label}: {name}");
        }
        assert_eq!(
            names.iter().filter(|n| n.ends_with(".xhtml")).count(),
            edition.documents.len() + 5,
            "{label}: contents, nav, a chapter per document, three registers"
        );
    }
}

/// Occurrences of an editorial mark's class in the document pages or chapters.
fn mark_count(pages: &[(String, String)], class: &str) -> usize {
    let needle = format!("class=\"mark {class}\"");
    pages
        .iter()
        .map(|(_, c)| {
            c.match_indices("<article")
                .map(|(a, _)| {
                    let end = c[a..].find("</article>").map_or(c.len(), |e| a + e);
                    c[a..end].matches(&needle).count()
                })
                .sum::<usize>()
        })
        .sum()
}

#[test]
fn chapters_show_the_same_marks_notes_and_legend_as_the_html() {
    for (label, edition) in editions() {
        let epub = export_epub(&edition, &EpubOptions::default()).unwrap();
        let book: Vec<(String, String)> = entries(&epub)
            .into_iter()
            .filter(|(n, _, _)| n.ends_with(".xhtml"))
            .map(|(n, _, c)| (n, c))
            .collect();
        let site = export_html(&edition, &HtmlOptions::default());
        for class in [
            "mark-gap",
            "mark-supplied",
            "mark-gloss",
            "mark-corr",
            "mark-underline",
            "mark-ellipsis",
            "mark-anchor",
            "mark-ex",
        ] {
            assert_eq!(
                mark_count(&book, class),
                mark_count(&site, class),
                "{label}: {class}"
            );
        }
        let noterefs: usize = book
            .iter()
            .map(|(_, c)| c.matches("epub:type=\"noteref\"").count())
            .sum();
        let footnotes: usize = book
            .iter()
            .map(|(_, c)| c.matches("epub:type=\"footnote\"").count())
            .sum();
        let html_notes: usize = site
            .iter()
            .map(|(_, c)| c.matches("class=\"footnote footnote-").count())
            .sum();
        assert_eq!(
            footnotes, html_notes,
            "{label}: every note an EPUB footnote"
        );
        assert!(noterefs > 0 || footnotes == 0, "{label}");
        // Every noteref points at a footnote in the same chapter.
        for (name, chapter) in &book {
            for (i, _) in chapter.match_indices("epub:type=\"noteref\"") {
                let tag_start = chapter[..i].rfind('<').unwrap();
                let tag = &chapter[tag_start..tag_start + chapter[tag_start..].find('>').unwrap()];
                let href = tag
                    .split("href=\"#")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap();
                assert!(
                    chapter.contains(&format!("id=\"{href}\" value=")),
                    "{label} {name}: #{href}"
                );
            }
        }
        let contents = &book
            .iter()
            .find(|(n, _)| n == "OEBPS/index.xhtml")
            .unwrap()
            .1;
        assert!(contents.contains("Editorial marks"), "{label}: the legend");
        let site_index = &site.iter().find(|(n, _)| n == "index.html").unwrap().1;
        let legend = |page: &str| page.matches("<div><dt>").count();
        assert_eq!(legend(contents), legend(site_index), "{label}: same legend");
    }
}
