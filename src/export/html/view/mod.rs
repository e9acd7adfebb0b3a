//! The view model of the HTML edition: the document model turned into plain serde
//! values the templates show, inline content already rendered to safe fragments
//! (fields ending in `_html`), links already resolved for one page or many.
//! This file holds the edition's view and what every page shares; a
//! document's view is in `document` (its witnesses in `witness`), the
//! registers of persons, places and archives in `registers`, the legend of
//! editorial marks in `legend`.

mod document;
mod legend;
mod registers;
mod witness;

use std::collections::{BTreeSet, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use super::HtmlOptions;
use super::inline::{Links, html_id, person_anchor};
use super::markup::Html;
use crate::export::cite::{Citation, citation_text, document_citation};
use crate::model::{Document, Edition, Header, SourceDesc};

use document::{CiteView, DocLink, document_view};
use legend::legend;
use registers::{archive_index, person_index, place_index};

pub use document::DocumentView;
pub use legend::LegendEntry;
pub use registers::IndexEntry;

#[derive(Debug, Serialize)]
pub struct SiteView {
    pub lang: String,
    pub title: String,
    pub editor: Option<String>,
    pub publisher: Option<String>,
    pub licence: Option<LicenceView>,
    pub source_html: String,
    pub editorial_decl: Vec<String>,
    pub documents: Vec<DocumentView>,
    pub persons: Vec<IndexEntry>,
    pub places: Vec<IndexEntry>,
    pub archives: Vec<IndexEntry>,
    pub legend: Vec<LegendEntry>,
    pub links: NavLinks,
}

/// What a document page shows of the edition besides its document: the
/// fields `base.html` and `document.html` read.
#[derive(Debug, Serialize)]
pub struct SiteFrame<'a> {
    pub lang: &'a str,
    pub title: &'a str,
    pub editor: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub licence: Option<&'a LicenceView>,
    pub source_html: &'a str,
    pub legend: &'a [LegendEntry],
    pub links: &'a NavLinks,
}

impl<'a> SiteFrame<'a> {
    pub fn of(site: &'a SiteView) -> Self {
        SiteFrame {
            lang: &site.lang,
            title: &site.title,
            editor: site.editor.as_deref(),
            publisher: site.publisher.as_deref(),
            licence: site.licence.as_ref(),
            source_html: &site.source_html,
            legend: &site.legend,
            links: &site.links,
        }
    }
}

/// What the contents, register and chronology pages read of the edition:
/// each document's line in the contents, not its text (converting every
/// document's text into a template value for these pages was a tenth of a
/// large site's export).
#[derive(Debug, Serialize)]
pub struct SiteIndex<'a> {
    /// What every page shows (flattened: the templates read `lang`, not
    /// `frame.lang`).
    #[serde(flatten)]
    pub frame: SiteFrame<'a>,
    pub editorial_decl: &'a [String],
    pub documents: Vec<ContentsLine<'a>>,
    pub persons: &'a [IndexEntry],
    pub places: &'a [IndexEntry],
    pub archives: &'a [IndexEntry],
}

/// A document as the contents table shows it.
#[derive(Debug, Serialize)]
pub struct ContentsLine<'a> {
    pub href: &'a str,
    pub label: &'a str,
    pub label_note: Option<&'a str>,
    pub title_text: &'a str,
    pub date_html: Option<&'a str>,
    pub place: Option<&'a str>,
}

impl<'a> SiteIndex<'a> {
    pub fn of(site: &'a SiteView) -> Self {
        SiteIndex {
            frame: SiteFrame::of(site),
            editorial_decl: &site.editorial_decl,
            documents: site
                .documents
                .iter()
                .map(|d| ContentsLine {
                    href: &d.href,
                    label: &d.label,
                    label_note: d.label_note.as_deref(),
                    title_text: &d.title_text,
                    date_html: d.date_html.as_deref(),
                    place: d.place.as_deref(),
                })
                .collect(),
            persons: &site.persons,
            places: &site.places,
            archives: &site.archives,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct LicenceView {
    pub text: String,
    pub url: Option<String>,
}

/// Where the navigation points: pages, or sections of the single page.
#[derive(Debug, Clone, Serialize)]
pub struct NavLinks {
    pub contents: String,
    pub chronology: String,
    pub persons: String,
    pub places: String,
    pub archives: String,
}

/// Builds the view of the whole edition for one page (`single_file`) or many.
pub fn site_view(edition: &Edition, options: &HtmlOptions) -> SiteView {
    let single_file = options.single_file;
    let header = &edition.header;
    let links = nav_links(single_file);
    let inline_links = Links {
        person: if single_file {
            "#".to_string()
        } else {
            "persons.html#".to_string()
        },
    };
    let files = document_files(&edition.documents);
    // One page holds every document's marks, or each page its own: a page
    // reserves the ids of what stands on it (not every document's, which made
    // a large edition quadratic).
    let mut shared_ids = if single_file {
        page_ids(header, &files, &edition.documents)
    } else {
        BTreeSet::new()
    };
    let view_of =
        |doc: &Document, (anchor, file): &(String, String), used: &mut BTreeSet<String>| {
            let citation = document_citation(edition, doc, file, options.site_url);
            let mut view = document_view(
                header,
                &inline_links,
                &links,
                doc,
                (anchor.as_str(), file.as_str()),
                single_file,
                used,
            );
            view.cite = CiteView {
                text: citation_text(&Citation {
                    url: None,
                    ..citation.clone()
                }),
                url: citation.url.clone(),
                bib: (!single_file).then(|| format!("{anchor}.bib")),
                csl: (!single_file).then(|| format!("{anchor}.csl.json")),
            };
            view.citation = citation;
            view
        };
    let mut documents: Vec<DocumentView> = if single_file {
        edition
            .documents
            .iter()
            .zip(&files)
            .map(|(doc, entry)| view_of(doc, entry, &mut shared_ids))
            .collect()
    } else {
        // Each page has its own ids, so the documents are independent:
        // viewed in parallel, collected in the edition's order.
        edition
            .documents
            .par_iter()
            .zip(files.par_iter())
            .map(|(doc, entry)| {
                let mut own_ids = page_ids(
                    header,
                    std::slice::from_ref(entry),
                    std::slice::from_ref(doc),
                );
                view_of(doc, entry, &mut own_ids)
            })
            .collect()
    };
    link_neighbours(&mut documents);
    let doc_links = doc_links(&documents);
    SiteView {
        lang: if header.language.trim().is_empty() {
            "und".to_string()
        } else {
            header.language.clone()
        },
        title: if header.title.trim().is_empty() {
            "Documentary edition".to_string()
        } else {
            header.title.clone()
        },
        editor: header.editor.as_ref().map(|e| e.name.clone()),
        publisher: header.publisher.clone(),
        licence: header.licence.as_ref().map(|l| LicenceView {
            text: l.text.clone(),
            url: l.url.clone(),
        }),
        source_html: source_html(&header.source),
        editorial_decl: header.editorial_decl.clone(),
        persons: person_index(header, &edition.documents, &doc_links, options.authorities),
        places: place_index(&edition.documents, &doc_links, options.authorities),
        archives: archive_index(header, &edition.documents, &doc_links),
        legend: legend(),
        documents,
        links,
    }
}

/// Ids the templates write, which no mark in a document may take.
fn page_ids(header: &Header, files: &[(String, String)], docs: &[Document]) -> BTreeSet<String> {
    let fixed = [
        "main",
        "contents",
        "principles",
        "documents",
        "legend-title",
        "indexes",
        "index-persons",
        "index-places",
        "index-archives",
        "chronology",
        "chronology-undated",
        "search",
        "search-q",
        "search-results",
        "search-results-title",
    ];
    let mut ids: BTreeSet<String> = fixed.iter().map(|s| s.to_string()).collect();
    for ((anchor, _), doc) in files.iter().zip(docs) {
        for suffix in ["", "-title", "-source", "-notes", "-cite"] {
            ids.insert(format!("{anchor}{suffix}"));
        }
        ids.extend((1..=doc.blocks.len()).map(|k| paragraph_id(anchor, k)));
    }
    ids.extend(header.persons.iter().map(|p| person_anchor(&p.id)));
    ids.extend(header.repositories.iter().map(|r| archive_anchor(&r.id)));
    ids
}

fn nav_links(single_file: bool) -> NavLinks {
    if single_file {
        NavLinks {
            contents: "#contents".into(),
            chronology: "#chronology".into(),
            persons: "#index-persons".into(),
            places: "#index-places".into(),
            archives: "#index-archives".into(),
        }
    } else {
        NavLinks {
            contents: "index.html".into(),
            chronology: "chronology.html".into(),
            persons: "persons.html".into(),
            places: "places.html".into(),
            archives: "archives.html".into(),
        }
    }
}

/// The id of the k-th block (1-based) of the document whose article is `anchor`.
pub fn paragraph_id(anchor: &str, k: usize) -> String {
    format!("{anchor}-p{k}")
}

/// Pages the edition writes besides the documents; no document page may take their name.
const RESERVED: [&str; 7] = [
    "index",
    "persons",
    "places",
    "archives",
    "style",
    "chronology",
    "search",
];

/// The article id and page file of each document, unique within the edition.
pub fn document_files(documents: &[Document]) -> Vec<(String, String)> {
    // Compared case-blind (file systems that fold case); a set, not a list
    // scanned per document, which made a large edition quadratic.
    let mut used: HashSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    documents
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let base = if doc.id.trim().is_empty() {
                format!("document-{}", i + 1)
            } else {
                html_id(&doc.id)
            };
            let mut anchor = base.clone();
            let mut k = 2;
            while used.contains(&anchor.to_ascii_lowercase()) {
                anchor = format!("{base}-{k}");
                k += 1;
            }
            used.insert(anchor.to_ascii_lowercase());
            let file = format!("{anchor}.html");
            (anchor, file)
        })
        .collect()
}

/// How other pages link to each document.
fn doc_links(documents: &[DocumentView]) -> Vec<DocLink> {
    documents
        .iter()
        .map(|d| DocLink {
            href: d.href.clone(),
            label: d.label.clone(),
        })
        .collect()
}

fn link_neighbours(documents: &mut [DocumentView]) {
    let links = doc_links(documents);
    for (i, doc) in documents.iter_mut().enumerate() {
        doc.prev = i.checked_sub(1).and_then(|p| links.get(p)).cloned();
        doc.next = links.get(i + 1).cloned();
    }
}

/// The page part of a navigation link (`persons.html` → itself, `#index-persons` → empty).
pub(super) fn page_of(link: &str) -> &str {
    link.split('#').next().unwrap_or("")
}

pub(super) fn archive_anchor(id: &str) -> String {
    format!("archive-{}", html_id(id))
}

fn source_html(source: &SourceDesc) -> String {
    let mut html = Html::new();
    match source {
        SourceDesc::Bibl { author, title } => html
            .text(author)
            .markup(" <cite>")
            .text(title)
            .markup("</cite>"),
        SourceDesc::Note(text) => html.text(text),
    };
    html.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_files_are_unique_and_avoid_edition_pages() {
        let doc = |id: &str| Document {
            id: id.into(),
            ..Document::default()
        };
        let files = document_files(&[doc("d1"), doc("d1"), doc("index"), doc("")]);
        let names: Vec<&str> = files.iter().map(|(_, f)| f.as_str()).collect();
        assert_eq!(
            names,
            ["d1.html", "d1-2.html", "index-2.html", "document-4.html"]
        );
    }
}
