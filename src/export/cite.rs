//! Citations of documents: BibTeX and CSL-JSON (the two formats reference
//! managers import: Zotero, JabRef, pandoc-citeproc) and the human-readable
//! line the HTML edition shows under “Cite this document”. Each entry carries
//! the edition, the document's number, title and date, the archive and
//! shelfmark and, when the site's address is configured, its URL.

use serde::{Serialize, Serializer};

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

/// These citations as BibTeX entries, written into one string.
pub fn bibtex(citations: &[Citation]) -> String {
    let mut out = String::with_capacity(512 * citations.len());
    for c in citations {
        push_bibtex_entry(c, &mut out);
    }
    out
}

/// Appends the `@misc` entry of `c` to `out`: one `  name = {value},` line
/// per field, the value given in pieces that are escaped one after the
/// other (escaping goes character by character, so the pieces need not be
/// joined first).
fn push_bibtex_entry(c: &Citation, out: &mut String) {
    out.push_str("@misc{");
    out.push_str(&c.key);
    out.push_str(",\n");
    let mut field = |name: &str, pieces: &[&str]| {
        out.push_str("  ");
        out.push_str(name);
        out.push_str(" = {");
        for piece in pieces {
            push_bibtex_escaped(piece, out);
        }
        out.push_str("},\n");
    };
    if c.title.is_empty() {
        field("title", &[&c.label]);
    } else {
        field("title", &[&c.label, ". ", &c.title]);
    }
    if let Some(n) = &c.number {
        field("number", &[n]);
    }
    if let Some(first) = c.date_parts.first() {
        match c.date_parts.get(1) {
            Some(last) => field("date", &[first, "/", last]),
            None => field("date", &[first]),
        }
        // The first four characters: the year of an ISO date.
        let year_end = first
            .char_indices()
            .nth(4)
            .map_or(first.len(), |(at, _)| at);
        field("year", &[&first[..year_end]]);
    }
    match &c.editor {
        Some(e) => field("howpublished", &["In: ", &c.edition, ", ed. by ", e]),
        None => field("howpublished", &["In: ", &c.edition]),
    }
    field("booktitle", &[&c.edition]);
    let optional = [
        ("editor", &c.editor),
        ("publisher", &c.publisher),
        ("note", &c.shelfmark),
        ("langid", &c.language),
        ("url", &c.url),
    ];
    for (name, value) in optional {
        if let Some(value) = value {
            field(name, &[value]);
        }
    }
    out.push_str("}\n");
}

/// Appends `s` to `out` with the characters TeX treats specially escaped,
/// so a value stays one balanced group. They are all ASCII, so the runs
/// between them are copied whole.
fn push_bibtex_escaped(s: &str, out: &mut String) {
    let mut copied = 0;
    for (at, byte) in s.bytes().enumerate() {
        let escaped = match byte {
            b'\\' => "\\textbackslash{}",
            b'{' => "\\{",
            b'}' => "\\}",
            b'%' => "\\%",
            b'&' => "\\&",
            b'$' => "\\$",
            b'#' => "\\#",
            b'_' => "\\_",
            b'^' => "\\^{}",
            b'~' => "\\~{}",
            b'\n' | b'\r' => " ",
            _ => continue,
        };
        out.push_str(&s[copied..at]);
        out.push_str(escaped);
        copied = at + 1;
    }
    out.push_str(&s[copied..]);
}

/// The selected documents as a CSL-JSON array (type `manuscript`, with
/// `archive` and `archive_location`), keys sorted: same edition, same bytes.
pub fn export_csl_json(edition: &Edition, options: &CiteOptions) -> String {
    csl_json(&citations(edition, options))
}

/// These citations as a CSL-JSON array, serialised by serde_json straight
/// from the citations (its escaping and pretty layout).
pub fn csl_json(citations: &[Citation]) -> String {
    let mut out = serde_json::to_string_pretty(&CslItems(citations)).unwrap_or_default();
    out.push('\n');
    out
}

/// Citations serialised as a CSL-JSON array, item by item, with no list of
/// items made first.
struct CslItems<'a>(&'a [Citation]);

impl Serialize for CslItems<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(CslItem::of))
    }
}

/// One CSL-JSON item. The fields are declared in the byte order of their
/// names, the order the file has always had (that of a JSON object read
/// back into serde_json's sorted map), so the same edition gives the same
/// bytes; absent fields are left out.
#[derive(Serialize)]
struct CslItem<'a> {
    #[serde(rename = "URL", skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archive: Option<&'a str>,
    #[serde(rename = "archive-place", skip_serializing_if = "Option::is_none")]
    archive_place: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archive_location: Option<&'a str>,
    #[serde(rename = "container-title")]
    container_title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    editor: Option<[Literal<'a>; 1]>,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued: Option<Issued<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<&'a str>,
    title: CslTitle<'a>,
    #[serde(rename = "type")]
    kind: &'static str,
}

impl<'a> CslItem<'a> {
    fn of(c: &'a Citation) -> Self {
        // The ISO dates that are all numbers; the date's text without any.
        let parts: Vec<Vec<i64>> = c
            .date_parts
            .iter()
            .filter_map(|d| date_numbers(d))
            .collect();
        let issued = if !parts.is_empty() {
            Some(Issued::DateParts { date_parts: parts })
        } else {
            c.date_text
                .as_deref()
                .map(|literal| Issued::Literal(Literal { literal }))
        };
        CslItem {
            url: c.url.as_deref(),
            archive: c.archive.as_deref(),
            archive_place: c.archive_place.as_deref(),
            archive_location: c.shelfmark.as_deref(),
            container_title: &c.edition,
            editor: c.editor.as_deref().map(|literal| [Literal { literal }]),
            id: &c.key,
            issued,
            language: c.language.as_deref(),
            number: c.number.as_deref(),
            publisher: c.publisher.as_deref(),
            title: CslTitle(c),
            kind: "manuscript",
        }
    }
}

/// A name or date CSL-JSON gives as written: `{"literal": …}`.
#[derive(Serialize)]
struct Literal<'a> {
    literal: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Issued<'a> {
    DateParts {
        #[serde(rename = "date-parts")]
        date_parts: Vec<Vec<i64>>,
    },
    Literal(Literal<'a>),
}

/// The item's title, `label. title` or the label alone, escaped as it is
/// written rather than joined first.
struct CslTitle<'a>(&'a Citation);

impl std::fmt::Display for CslTitle<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.label)?;
        if !self.0.title.is_empty() {
            f.write_str(". ")?;
            f.write_str(&self.0.title)?;
        }
        Ok(())
    }
}

impl Serialize for CslTitle<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// `1920-11-05` → `[1920, 11, 5]`; `None` unless every part is a number.
fn date_numbers(iso: &str) -> Option<Vec<i64>> {
    let parts: Option<Vec<i64>> = iso.split('-').map(|p| p.parse().ok()).collect();
    parts.filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests;
