//! Citations of documents: BibTeX and CSL-JSON (the two formats reference
//! managers import: Zotero, JabRef, pandoc-citeproc) and the human-readable
//! line the HTML edition shows under “Cite this document”. Each entry carries
//! the edition, the document's number, title and date, the archive and
//! shelfmark and, when the site's address is configured, its URL. This file
//! reads the citation off the model and writes the line; `bibtex` and
//! `csl_json` write the files.

mod bibtex;
mod csl_json;
#[cfg(test)]
mod tests;

pub use bibtex::bibtex;
pub use csl_json::csl_json;

use super::facts::{archive_citation, date_range, document_date, document_label, document_title};
use super::html::{document_pages, html_id};
use crate::model::{Document, Edition};

/// Which documents to cite, and where the site lives.
#[derive(Debug, Clone, Copy, Default)]
pub struct CiteOptions<'a> {
    /// The published site's base address (`https://example.org/edition/`):
    /// each entry then links its document page.
    pub site_url: Option<&'a str>,
    /// Only the document with this id; every document when `None`.
    pub document: Option<&'a str>,
}

/// One document's citation data, read once from the model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Citation {
    pub key: String,
    pub label: String,
    pub number: Option<String>,
    pub title: String,
    pub date_text: Option<String>,
    /// ISO dates: one for an exact date, two for a range.
    pub date_parts: Vec<String>,
    pub edition: String,
    pub editor: Option<String>,
    pub publisher: Option<String>,
    pub language: Option<String>,
    pub archive: Option<String>,
    pub archive_place: Option<String>,
    pub shelfmark: Option<String>,
    pub url: Option<String>,
}

impl Citation {
    /// The entry's title in pieces, as BibTeX and CSL-JSON write it: the
    /// label, then `. ` and the title if there is one (empty pieces
    /// otherwise), so that each piece is escaped as it is written.
    fn title_pieces(&self) -> [&str; 3] {
        if self.title.is_empty() {
            [&self.label, "", ""]
        } else {
            [&self.label, ". ", &self.title]
        }
    }
}

/// The citations of the documents the options select, in edition order.
pub fn citations(edition: &Edition, options: &CiteOptions) -> Vec<Citation> {
    let pages = document_pages(edition);
    edition
        .documents
        .iter()
        .zip(&pages)
        .filter(|(d, _)| options.document.is_none_or(|id| d.id == id))
        .map(|(d, (_, file))| document_citation(edition, d, file, options.site_url))
        .collect()
}

/// The citation of one document whose page is `file`.
pub fn document_citation(
    edition: &Edition,
    doc: &Document,
    file: &str,
    site_url: Option<&str>,
) -> Citation {
    let header = &edition.header;
    let date = document_date(doc);
    let date_parts = date
        .and_then(date_range)
        .map(|r| {
            if r.exact || r.from == r.to {
                vec![r.from]
            } else {
                vec![r.from, r.to]
            }
        })
        .unwrap_or_default();
    let (archive, archive_place, shelfmark) = match archive_citation(header, doc) {
        Some(a) => {
            let archive = a
                .archive_full
                .as_deref()
                .and_then(nonempty)
                .or_else(|| nonempty(&a.archive));
            // `archive, shelfmark`, or whichever of the two there is.
            let mut line = a.archive;
            if line.is_empty() {
                line = a.shelfmark;
            } else if !a.shelfmark.is_empty() {
                line.push_str(", ");
                line.push_str(&a.shelfmark);
            }
            (archive, a.archive_place, nonempty_owned(line))
        }
        None => (None, None, None),
    };
    Citation {
        key: if doc.id.is_empty() {
            html_id(file.trim_end_matches(".html"))
        } else {
            html_id(&doc.id)
        },
        label: document_label(doc),
        number: doc.n.clone(),
        title: document_title(doc),
        date_text: date.and_then(|d| nonempty(&d.text)),
        date_parts,
        edition: nonempty(&header.title).unwrap_or_else(|| "Documentary edition".into()),
        editor: header.editor.as_ref().and_then(|e| nonempty(&e.name)),
        publisher: header.publisher.as_deref().and_then(nonempty),
        language: nonempty(&header.language),
        archive,
        archive_place,
        shelfmark,
        url: site_url.map(|base| format!("{}/{file}", base.trim_end_matches('/'))),
    }
}

/// `s` without white space at either end, `None` if nothing is left.
fn nonempty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// [`nonempty`] of a string the caller owns: kept as it is when there is
/// nothing to trim (the usual case), not copied.
fn nonempty_owned(s: String) -> Option<String> {
    if s.trim().len() == s.len() {
        (!s.is_empty()).then_some(s)
    } else {
        nonempty(&s)
    }
}

/// The citation as one line of text, its URL at the end.
pub fn citation_text(c: &Citation) -> String {
    let mut line = citation_line(c);
    if let Some(u) = &c.url {
        line.push(' ');
        line.push_str(u);
    }
    line
}

/// The citation as one line of text without its URL, as the HTML page
/// shows it (the page links the URL after it): label and title, date,
/// edition and editor, publisher, shelfmark, `. ` between them and `.` at
/// the end.
pub fn citation_line(c: &Citation) -> String {
    let mut line = String::with_capacity(160);
    line.push_str(&c.label);
    if !c.title.is_empty() {
        line.push_str(". ");
        line.push_str(c.title.trim_end_matches('.'));
    }
    if let Some(d) = &c.date_text {
        line.push_str(". ");
        line.push_str(d);
    }
    line.push_str(". In: ");
    line.push_str(c.edition.trim_end_matches('.'));
    if let Some(e) = &c.editor {
        line.push_str(", ed. by ");
        line.push_str(e);
    }
    if let Some(p) = &c.publisher {
        line.push_str(". ");
        line.push_str(p);
    }
    if let Some(s) = &c.shelfmark {
        line.push_str(". ");
        line.push_str(s.trim_end_matches('.'));
    }
    line.push('.');
    line
}

/// The selected documents as BibTeX `@misc` entries (biblatex fields `date`
/// and `number` besides the classic `year`, `howpublished` and `note`).
pub fn export_bibtex(edition: &Edition, options: &CiteOptions) -> String {
    bibtex(&citations(edition, options))
}

/// The selected documents as a CSL-JSON array (type `manuscript`, with
/// `archive` and `archive_location`), keys sorted: same edition, same bytes.
pub fn export_csl_json(edition: &Edition, options: &CiteOptions) -> String {
    csl_json(&citations(edition, options))
}
