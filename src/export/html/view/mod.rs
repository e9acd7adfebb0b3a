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
mod summary;
mod values;
mod witness;

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::HtmlOptions;
use super::inline::{Links, PageIds, html_id, person_anchor};
use super::markup::Html;
use crate::export::cite::{citation_line, document_citation};
use crate::model::{Document, Edition, Header, SourceDesc};

use document::{CiteView, document_label, document_view};
use legend::legend;
use registers::{archive_index, person_index, place_index};

pub use document::{DocLink, DocumentView};
pub use legend::LegendEntry;
pub use registers::IndexEntry;
pub use summary::{DocumentSummary, summary};

/// The whole edition, for the single page and the EPUB (flattened: the
/// templates read `site.title` and `site.persons`, not `site.head.title`).
#[derive(Debug, Serialize)]
pub struct SiteView {
    #[serde(flatten)]
    pub head: SiteHead,
    pub documents: Vec<DocumentView>,
    #[serde(flatten)]
    pub registers: Registers,
    /// What the contents, registers, chronology and search index read of
    /// each document.
    #[serde(skip)]
    pub summaries: Vec<DocumentSummary>,
}

/// What every page of the edition shows of its header, known before any
/// document is read.
#[derive(Debug, Serialize)]
pub struct SiteHead {
    pub lang: String,
    pub title: String,
    pub editor: Option<String>,
    pub publisher: Option<String>,
    pub licence: Option<LicenceView>,
    pub source_html: String,
    pub editorial_decl: Vec<String>,
    pub legend: Vec<LegendEntry>,
    pub links: NavLinks,
}

impl SiteHead {
    pub fn of(header: &Header, single_file: bool) -> Self {
        SiteHead {
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
            legend: legend(),
            links: nav_links(single_file),
        }
    }
}

/// The registers of persons, places and archives.
#[derive(Debug, Serialize)]
pub struct Registers {
    pub persons: Vec<IndexEntry>,
    pub places: Vec<IndexEntry>,
    pub archives: Vec<IndexEntry>,
}

impl Registers {
    pub fn of(header: &Header, documents: &[DocumentSummary], options: &HtmlOptions) -> Self {
        Registers {
            persons: person_index(header, documents, options.authorities),
            places: place_index(documents, options.authorities),
            archives: archive_index(header, documents),
        }
    }
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
        SiteFrame::of_head(&site.head)
    }

    pub fn of_head(head: &'a SiteHead) -> Self {
        SiteFrame {
            lang: &head.lang,
            title: &head.title,
            editor: head.editor.as_deref(),
            publisher: head.publisher.as_deref(),
            licence: head.licence.as_ref(),
            source_html: &head.source_html,
            legend: &head.legend,
            links: &head.links,
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
    pub documents: &'a [DocumentSummary],
    pub persons: &'a [IndexEntry],
    pub places: &'a [IndexEntry],
    pub archives: &'a [IndexEntry],
}

impl<'a> SiteIndex<'a> {
    pub fn of(site: &'a SiteView) -> Self {
        SiteIndex::of_parts(&site.head, &site.summaries, &site.registers)
    }

    pub fn of_parts(
        head: &'a SiteHead,
        documents: &'a [DocumentSummary],
        registers: &'a Registers,
    ) -> Self {
        SiteIndex {
            frame: SiteFrame::of_head(head),
            editorial_decl: &head.editorial_decl,
            documents,
            persons: &registers.persons,
            places: &registers.places,
            archives: &registers.archives,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
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

/// What every document view needs of the edition: its header, and how
/// pages link.
pub struct ViewContext<'a> {
    /// The edition (its header; the documents are not read).
    pub edition: &'a Edition,
    pub options: &'a HtmlOptions<'a>,
    inline_links: Links,
    links: NavLinks,
    /// The ids every page has, made once.
    shared_ids: Arc<BTreeSet<String>>,
}

impl<'a> ViewContext<'a> {
    pub fn new(edition: &'a Edition, options: &'a HtmlOptions<'a>) -> Self {
        ViewContext {
            edition,
            options,
            inline_links: Links {
                person: if options.single_file {
                    "#".to_string()
                } else {
                    "persons.html#".to_string()
                },
            },
            links: nav_links(options.single_file),
            shared_ids: Arc::new(shared_ids(&edition.header)),
        }
    }

    /// The view of `doc`, whose article and page are `entry`, the ids of
    /// its page (`used`) reserved.
    pub fn view(
        &self,
        doc: &Document,
        (anchor, file): &(String, String),
        used: &mut PageIds,
    ) -> DocumentView {
        let single_file = self.options.single_file;
        let citation = document_citation(self.edition, doc, file, self.options.site_url);
        let mut view = document_view(
            &self.edition.header,
            &self.inline_links,
            &self.links,
            doc,
            (anchor.as_str(), file.as_str()),
            single_file,
            used,
        );
        view.cite = CiteView {
            // The page links the URL after the line: the line without it.
            text: citation_line(&citation),
            url: citation.url.clone(),
            // Joined rather than formatted: two names a page, made cheaply.
            bib: (!single_file).then(|| [anchor, ".bib"].concat()),
            csl: (!single_file).then(|| [anchor, ".csl.json"].concat()),
        };
        // The title as text (line breaks of the head become spaces:
        // `facts::document_title`), which the citation has made already.
        view.title_text = citation.title.clone();
        view.citation = citation;
        view
    }

    /// The view of `doc` on a page of its own (the site, not the single page).
    pub fn page_view(&self, doc: &Document, entry: &(String, String)) -> DocumentView {
        let mut ids = PageIds {
            shared: Some(self.shared_ids.clone()),
            own: BTreeSet::new(),
        };
        document_ids(
            std::slice::from_ref(entry),
            std::slice::from_ref(doc),
            &mut ids.own,
        );
        self.view(doc, entry, &mut ids)
    }
}

/// Builds the view of the whole edition for one page (`single_file`) or many.
pub fn site_view(edition: &Edition, options: &HtmlOptions) -> SiteView {
    let single_file = options.single_file;
    let header = &edition.header;
    let context = ViewContext::new(edition, options);
    let files = document_files(&edition.documents);
    let (mut documents, summaries): (Vec<DocumentView>, Vec<DocumentSummary>) = if single_file {
        // One page holds every document's marks.
        let mut shared_ids = PageIds {
            shared: None,
            own: shared_ids(header),
        };
        document_ids(&files, &edition.documents, &mut shared_ids.own);
        edition
            .documents
            .iter()
            .zip(&files)
            .map(|(doc, entry)| {
                let view = context.view(doc, entry, &mut shared_ids);
                let summary = summary(doc, &view);
                (view, summary)
            })
            .unzip()
    } else {
        // Each page has its own ids (not every document's, which made a
        // large edition quadratic), so the documents are independent:
        // viewed in parallel, collected in the edition's order.
        edition
            .documents
            .par_iter()
            .zip(files.par_iter())
            .map(|(doc, entry)| {
                let view = context.page_view(doc, entry);
                let summary = summary(doc, &view);
                (view, summary)
            })
            .unzip()
    };
    link_neighbours(&mut documents);
    let head = SiteHead::of(header, single_file);
    let registers = Registers::of(header, &summaries, options);
    SiteView {
        head,
        documents,
        registers,
        summaries,
    }
}

/// Ids the templates write on every page, and those of the header's
/// persons and archives: no mark in a document may take them.
fn shared_ids(header: &Header) -> BTreeSet<String> {
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
    ids.extend(header.persons.iter().map(|p| person_anchor(&p.id)));
    ids.extend(header.repositories.iter().map(|r| archive_anchor(&r.id)));
    ids
}

/// Adds the ids the templates write for these documents (article, parts,
/// blocks) to `ids`.
fn document_ids(files: &[(String, String)], docs: &[Document], ids: &mut BTreeSet<String>) {
    for ((anchor, _), doc) in files.iter().zip(docs) {
        for suffix in ["", "-title", "-source", "-notes", "-cite"] {
            ids.insert(format!("{anchor}{suffix}"));
        }
        ids.extend((1..=doc.blocks.len()).map(|k| paragraph_id(anchor, k)));
    }
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
    let mut names = FileNames::default();
    documents.iter().map(|doc| names.next(doc)).collect()
}

/// Names each document's article and page in turn, unique within the
/// edition: what [`document_files`] gives, a document at a time.
pub struct FileNames {
    /// Compared case-blind (file systems that fold case); a set, not a list
    /// scanned per document, which made a large edition quadratic.
    used: HashSet<String>,
    /// How many documents were named.
    count: usize,
}

impl Default for FileNames {
    fn default() -> Self {
        FileNames {
            used: RESERVED.iter().map(|s| s.to_string()).collect(),
            count: 0,
        }
    }
}

impl FileNames {
    /// The article id and page file of the next document.
    pub fn next(&mut self, doc: &Document) -> (String, String) {
        self.count += 1;
        let base = if doc.id.trim().is_empty() {
            format!("document-{}", self.count)
        } else {
            html_id(&doc.id)
        };
        let mut anchor = base.clone();
        let mut k = 2;
        while self.used.contains(&anchor.to_ascii_lowercase()) {
            anchor = format!("{base}-{k}");
            k += 1;
        }
        self.used.insert(anchor.to_ascii_lowercase());
        let file = format!("{anchor}.html");
        (anchor, file)
    }
}

/// How a document's page is linked from its neighbours (the site, not the
/// single page), known from the document alone.
pub fn page_link(doc: &Document, (_, file): &(String, String)) -> DocLink {
    DocLink {
        href: file.clone(),
        label: document_label(doc).0,
    }
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
