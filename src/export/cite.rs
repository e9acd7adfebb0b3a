//! Citations of documents: BibTeX and CSL-JSON (the two formats reference
//! managers import: Zotero, JabRef, pandoc-citeproc) and the human-readable
//! line the HTML edition shows under “Cite this document”. Each entry carries
//! the edition, the document's number, title and date, the archive and
//! shelfmark and, when the site's address is configured, its URL.

use serde_json::{Value, json};

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
    let archive = archive_citation(header, doc);
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
    let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
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
        archive: archive.as_ref().and_then(|a| {
            a.archive_full
                .as_deref()
                .and_then(nonempty)
                .or_else(|| nonempty(&a.archive))
        }),
        archive_place: archive.as_ref().and_then(|a| a.archive_place.clone()),
        shelfmark: archive.as_ref().and_then(|a| {
            let line = if a.archive.is_empty() {
                a.shelfmark.clone()
            } else if a.shelfmark.is_empty() {
                a.archive.clone()
            } else {
                format!("{}, {}", a.archive, a.shelfmark)
            };
            nonempty(&line)
        }),
        url: site_url.map(|base| format!("{}/{file}", base.trim_end_matches('/'))),
    }
}

/// The citation as one line of text, as the HTML page shows it.
pub fn citation_text(c: &Citation) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.push(if c.title.is_empty() {
        c.label.clone()
    } else {
        format!("{}. {}", c.label, c.title.trim_end_matches('.'))
    });
    if let Some(d) = &c.date_text {
        parts.push(d.clone());
    }
    let mut edition = format!("In: {}", c.edition.trim_end_matches('.'));
    if let Some(e) = &c.editor {
        edition.push_str(&format!(", ed. by {e}"));
    }
    parts.push(edition);
    if let Some(p) = &c.publisher {
        parts.push(p.clone());
    }
    if let Some(s) = &c.shelfmark {
        parts.push(s.trim_end_matches('.').to_string());
    }
    let mut line = parts.join(". ") + ".";
    if let Some(u) = &c.url {
        line.push(' ');
        line.push_str(u);
    }
    line
}

/// The selected documents as BibTeX `@misc` entries (biblatex fields `date`
/// and `number` besides the classic `year`, `howpublished` and `note`).
pub fn export_bibtex(edition: &Edition, options: &CiteOptions) -> String {
    bibtex(&citations(edition, options))
}

/// These citations as BibTeX entries.
pub fn bibtex(citations: &[Citation]) -> String {
    citations.iter().map(bibtex_entry).collect()
}

fn bibtex_entry(c: &Citation) -> String {
    let mut fields: Vec<(&str, String)> = Vec::new();
    let title = if c.title.is_empty() {
        c.label.clone()
    } else {
        format!("{}. {}", c.label, c.title)
    };
    fields.push(("title", title));
    if let Some(n) = &c.number {
        fields.push(("number", n.clone()));
    }
    if let Some(first) = c.date_parts.first() {
        let date = match c.date_parts.get(1) {
            Some(last) => format!("{first}/{last}"),
            None => first.clone(),
        };
        fields.push(("date", date));
        fields.push(("year", first.chars().take(4).collect()));
    }
    let mut how = format!("In: {}", c.edition);
    if let Some(e) = &c.editor {
        how.push_str(&format!(", ed. by {e}"));
    }
    fields.push(("howpublished", how));
    fields.push(("booktitle", c.edition.clone()));
    if let Some(e) = &c.editor {
        fields.push(("editor", e.clone()));
    }
    if let Some(p) = &c.publisher {
        fields.push(("publisher", p.clone()));
    }
    if let Some(s) = &c.shelfmark {
        fields.push(("note", s.clone()));
    }
    if let Some(l) = &c.language {
        fields.push(("langid", l.clone()));
    }
    if let Some(u) = &c.url {
        fields.push(("url", u.clone()));
    }
    let mut out = format!("@misc{{{},\n", c.key);
    for (name, value) in fields {
        out.push_str(&format!("  {name} = {{{}}},\n", bibtex_escape(&value)));
    }
    out.push_str("}\n");
    out
}

/// Escapes the characters TeX treats specially, so a value stays one balanced group.
fn bibtex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(ch);
            }
            '^' => out.push_str("\\^{}"),
            '~' => out.push_str("\\~{}"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// The selected documents as a CSL-JSON array (type `manuscript`, with
/// `archive` and `archive_location`), keys sorted: same edition, same bytes.
pub fn export_csl_json(edition: &Edition, options: &CiteOptions) -> String {
    csl_json(&citations(edition, options))
}

/// These citations as a CSL-JSON array.
pub fn csl_json(citations: &[Citation]) -> String {
    let items: Vec<Value> = citations.iter().map(csl_item).collect();
    let mut out = serde_json::to_string_pretty(&Value::Array(items)).unwrap_or_default();
    out.push('\n');
    out
}

fn csl_item(c: &Citation) -> Value {
    let mut item = json!({
        "id": c.key,
        "type": "manuscript",
        "title": if c.title.is_empty() { c.label.clone() } else { format!("{}. {}", c.label, c.title) },
        "container-title": c.edition,
    });
    let Some(map) = item.as_object_mut() else {
        return item;
    };
    let parts: Vec<Value> = c.date_parts.iter().filter_map(|d| date_parts(d)).collect();
    if !parts.is_empty() {
        map.insert("issued".into(), json!({ "date-parts": parts }));
    } else if let Some(t) = &c.date_text {
        map.insert("issued".into(), json!({ "literal": t }));
    }
    if let Some(e) = &c.editor {
        map.insert("editor".into(), json!([{ "literal": e }]));
    }
    // The plain string fields, under their CSL-JSON variable names.
    let strings = [
        ("number", &c.number),
        ("publisher", &c.publisher),
        ("archive", &c.archive),
        ("archive-place", &c.archive_place),
        ("archive_location", &c.shelfmark),
        ("language", &c.language),
        ("URL", &c.url),
    ];
    for (variable, value) in strings {
        if let Some(value) = value {
            map.insert(variable.into(), json!(value));
        }
    }
    item
}

/// `1920-11-05` → `[1920, 11, 5]`; `None` unless every part is a number.
fn date_parts(iso: &str) -> Option<Value> {
    let parts: Option<Vec<i64>> = iso.split('-').map(|p| p.parse().ok()).collect();
    parts.filter(|p| !p.is_empty()).map(|p| json!(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_values_stay_balanced() {
        for (input, expect) in [
            ("plain", "plain"),
            ("50% & {x}", "50\\% \\& \\{x\\}"),
            ("a\\b", "a\\textbackslash{}b"),
            ("Ереван_1", "Ереван\\_1"),
        ] {
            assert_eq!(bibtex_escape(input), expect);
        }
    }

    #[test]
    fn csl_date_parts_are_numbers() {
        assert_eq!(date_parts("1920-11-05"), Some(json!([1920, 11, 5])));
        assert_eq!(date_parts("1920"), Some(json!([1920])));
        assert_eq!(date_parts("19x0"), None);
    }
}
