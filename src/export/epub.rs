//! The edition as an EPUB 3 e-book: the title page with the editorial
//! principles, contents and the legend of marks, one chapter per document
//! (the same article, marks and notes as the HTML edition, notes as EPUB
//! footnotes), and the registers. Zipped with the `mimetype` entry first and
//! stored, every entry dated 1980-01-01: the same edition gives the same bytes.

use std::io::{Cursor, Write};

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior, context};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::html::view::site_view;
use super::html::{ARTICLE, HtmlOptions, MACROS, STYLE, render};
use crate::diagnostic::Diagnostic;
use crate::model::{Edition, Span};

/// Diagnostic codes of the EPUB export.
pub mod codes {
    pub const ZIP_FAILED: &str = "teikit::epub::zip-failed";
}

#[derive(Debug, Clone, Copy, Default)]
pub struct EpubOptions<'a> {
    /// `dcterms:modified` (EPUB requires one); a fixed date by default, so
    /// that the same edition always gives the same bytes.
    pub date: Option<jiff::civil::Date>,
    /// The site's address, for the URL in each citation.
    pub site_url: Option<&'a str>,
    /// `[authorities]`: the registers link each name's authority records.
    pub authorities: Option<&'a crate::config::Authorities>,
}

const TEMPLATES: [(&str, &str); 6] = [
    (
        "epub/page.xhtml",
        include_str!("../../templates/epub/page.xhtml"),
    ),
    (
        "epub/document.xhtml",
        include_str!("../../templates/epub/document.xhtml"),
    ),
    (
        "epub/contents.xhtml",
        include_str!("../../templates/epub/contents.xhtml"),
    ),
    (
        "epub/register.xhtml",
        include_str!("../../templates/epub/register.xhtml"),
    ),
    (
        "epub/nav.xhtml",
        include_str!("../../templates/epub/nav.xhtml"),
    ),
    (
        "epub/package.opf",
        include_str!("../../templates/epub/package.opf"),
    ),
];

const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="OEBPS/package.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
"#;

/// The EPUB file's bytes; an error only if zipping in memory fails.
// The error is rare and one diagnostic, as the other exporters return it.
#[allow(clippy::result_large_err)]
pub fn export_epub(edition: &Edition, options: &EpubOptions) -> Result<Vec<u8>, Diagnostic> {
    let mut site = site_view(
        edition,
        &HtmlOptions {
            single_file: false,
            site_url: options.site_url,
            authorities: options.authorities,
        },
    );
    for doc in &mut site.documents {
        // No citation files inside the book; the citation line stays.
        doc.cite.bib = None;
        doc.cite.csl = None;
    }
    let env = environment();
    let site_value = Value::from(Serde(&site));
    let mut files: Vec<(String, String)> = Vec::new();
    files.push((
        "index.html".into(),
        render(
            &env,
            "epub/contents.xhtml",
            context! { site => site_value.clone() },
        ),
    ));
    files.push((
        "nav.xhtml".into(),
        render(
            &env,
            "epub/nav.xhtml",
            context! { site => site_value.clone() },
        ),
    ));
    for doc in &site.documents {
        let page = render(
            &env,
            "epub/document.xhtml",
            context! { site => site_value.clone(), doc => Value::from(Serde(doc)) },
        );
        files.push((doc.file.clone(), page));
    }
    for kind in ["persons", "places", "archives"] {
        let page = render(
            &env,
            "epub/register.xhtml",
            context! { site => site_value.clone(), kind => kind },
        );
        files.push((format!("{kind}.html"), page));
    }
    let files: Vec<(String, String)> = files
        .into_iter()
        .map(|(name, page)| (xhtml_name(&name), as_xhtml(&page)))
        .collect();
    let modified = match options.date {
        Some(d) => format!("{d}T00:00:00Z"),
        None => "2000-01-01T00:00:00Z".to_string(),
    };
    let package = render(
        &env,
        "epub/package.opf",
        context! {
            site => site_value,
            identifier => identifier(edition),
            modified => modified,
        },
    );
    zip_book(&package, &files).map_err(|e| {
        Diagnostic::error(
            codes::ZIP_FAILED,
            Span::default(),
            format!("the EPUB could not be zipped: {e}"),
        )
    })
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Every template here is XHTML or XML: escape as HTML, whatever the extension.
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    let mut syntax = minijinja::syntax::SyntaxConfig::builder();
    syntax.trim_blocks(true).lstrip_blocks(true);
    if let Ok(config) = syntax.build() {
        env.set_syntax(config);
    }
    let _ = env.add_template("macros.html", MACROS);
    let _ = env.add_template("article.html", ARTICLE);
    for (name, source) in TEMPLATES {
        let _ = env.add_template(name, source);
    }
    env
}

/// The HTML fragments the site shares with the book, made XHTML: void
/// elements closed, boolean attributes given values, and footnote references
/// and notes typed for EPUB reading systems (pop-up footnotes).
fn as_xhtml(page: &str) -> String {
    local_links_to_xhtml(page)
        .replace("<br>", "<br/>")
        // EPUB's HTML allows only headings in `hgroup`; the subtitle is a `p`.
        .replace("<hgroup>", "<div class=\"hgroup\">")
        .replace("</hgroup>", "</div>")
        .replace(
            "role=\"doc-noteref\"",
            "role=\"doc-noteref\" epub:type=\"noteref\"",
        )
        .replace(
            "role=\"doc-endnotes\"",
            "role=\"doc-endnotes\" epub:type=\"footnotes\"",
        )
        .replace(
            "class=\"footnote footnote-",
            "epub:type=\"footnote\" class=\"footnote footnote-",
        )
}

/// The book's pages are `.xhtml`: `href="d562.html#d562-p3"` becomes
/// `href="d562.xhtml#d562-p3"`; links off the book (`https://…`) stay.
fn local_links_to_xhtml(page: &str) -> String {
    let mut out = String::with_capacity(page.len() + 1024);
    let mut rest = page;
    while let Some(at) = rest.find("href=\"") {
        let value_start = at + "href=\"".len();
        out.push_str(&rest[..value_start]);
        rest = &rest[value_start..];
        let end = rest.find('"').unwrap_or(rest.len());
        let value = &rest[..end];
        let (path, fragment) = match value.find('#') {
            Some(i) => value.split_at(i),
            None => (value, ""),
        };
        match path.strip_suffix(".html") {
            Some(stem) if !path.contains(':') => {
                out.push_str(stem);
                out.push_str(".xhtml");
                out.push_str(fragment);
            }
            _ => out.push_str(value),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The name a page has inside the book.
fn xhtml_name(name: &str) -> String {
    match name.strip_suffix(".html") {
        Some(stem) => format!("{stem}.xhtml"),
        None => name.to_string(),
    }
}

/// A stable `urn:uuid:` from the edition's title and document ids (FNV-1a),
/// shaped as a name-based UUID: the same edition keeps its identifier.
fn identifier(edition: &Edition) -> String {
    let mut seed = edition.header.title.clone();
    for d in &edition.documents {
        seed.push('\u{1f}');
        seed.push_str(&d.id);
    }
    let hash = |basis: u64| {
        seed.bytes().fold(basis, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let (a, b) = (hash(0xcbf2_9ce4_8422_2325), hash(0x8422_2325_cbf2_9ce4));
    format!(
        "urn:uuid:{:08x}-{:04x}-5{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        ((b >> 48) & 0x3fff) | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

fn zip_book(package: &str, files: &[(String, String)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let at = |method| {
        SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644)
    };
    // The OCF rule: `mimetype` first, stored, no extra field.
    zip.start_file("mimetype", at(CompressionMethod::Stored))?;
    zip.write_all(b"application/epub+zip")?;
    let deflated = at(CompressionMethod::Deflated);
    zip.start_file("META-INF/container.xml", deflated)?;
    zip.write_all(CONTAINER.as_bytes())?;
    zip.start_file("OEBPS/package.opf", deflated)?;
    zip.write_all(package.as_bytes())?;
    zip.start_file("OEBPS/style.css", deflated)?;
    zip.write_all(STYLE.as_bytes())?;
    for (name, content) in files {
        zip.start_file(format!("OEBPS/{name}"), deflated)?;
        zip.write_all(content.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_is_a_stable_uuid() {
        let edition = Edition::default();
        let id = identifier(&edition);
        assert_eq!(id, identifier(&edition));
        let hex = id.trim_start_matches("urn:uuid:");
        let groups: Vec<usize> = hex.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
    }

    #[test]
    fn xhtml_closes_void_elements_and_types_notes() {
        assert_eq!(as_xhtml("a<br>b"), "a<br/>b");
        assert_eq!(
            local_links_to_xhtml(
                r##"<a href="d1.html#d1-p2">x</a> <a href="https://e.org/d1.html">y</a> <a href="#n1">z</a>"##
            ),
            r##"<a href="d1.xhtml#d1-p2">x</a> <a href="https://e.org/d1.html">y</a> <a href="#n1">z</a>"##
        );
        assert!(as_xhtml("<a role=\"doc-noteref\">").contains("epub:type=\"noteref\""));
    }
}
